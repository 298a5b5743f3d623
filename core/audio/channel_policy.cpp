#include "core/audio/channel_policy.h"

#include "core/common/error.h"

namespace gramt::audio {

ModelChannels select_model_channels(const AudioBuffer& audio, int model_channels, const std::string& what) {
  const int a = audio.channel_count();
  ModelChannels out;
  if (model_channels != 1 && model_channels != 2)
    throw Error(what + ": models with " + std::to_string(model_channels) +
                " input channels take the ambisonic front end, not per-channel log-mels");
  if (a == 1 || a == 4) {
    // Mono, or first-order ambisonics whose omni W channel stands in for the scene.
    out.signals.push_back(audio.channels[0]);
  } else if (a == 2) {
    if (model_channels == 2) {
      out.signals = audio.channels;
      out.source_of_channel = {0, 1};
      return out;
    }
    std::vector<float> mean(audio.channels[0].size());
    for (size_t i = 0; i < mean.size(); ++i) mean[i] = 0.5f * (audio.channels[0][i] + audio.channels[1][i]);
    out.signals.push_back(std::move(mean));
  } else {
    throw Error(what + ": " + std::to_string(a) + " audio channels; expected 1 (mono), 2 (binaural) or 4 (FOA W,X,Y,Z)");
  }
  out.source_of_channel.assign(static_cast<size_t>(model_channels), 0);
  return out;
}

std::vector<std::vector<float>> select_ambisonic_channels(const AudioBuffer& audio, const std::string& what) {
  const int a = audio.channel_count();
  if (a == 4) return audio.channels;
  if (a == 1) return std::vector<std::vector<float>>(4, audio.channels[0]);
  if (a == 2) {
    std::vector<float> mean(audio.channels[0].size());
    for (size_t i = 0; i < mean.size(); ++i) mean[i] = 0.5f * (audio.channels[0][i] + audio.channels[1][i]);
    return std::vector<std::vector<float>>(4, mean);
  }
  throw Error(what + ": " + std::to_string(a) +
              " audio channels; a 7-channel model needs 4 (first-order ambisonics), 2 (stereo, averaged) or 1 (mono)");
}

std::string channel_policy_note(int audio_channels, int model_channels) {
  const int a = audio_channels, m = model_channels;
  if (m == 7) {
    if (a == 1) return "mono for a 7-channel model: the one channel on W, X, Y and Z, as the reference does";
    if (a == 2)
      return "stereo for a 7-channel model: the mean of the two channels on W, X, Y and Z (no direction cues; the "
             "reference's own stereo path fails here)";
    return "";
  }
  if (m == 2) {
    if (a == 1) return "mono for a 2-channel model: the one channel on both, as the reference does";
    if (a == 4) return "first-order ambisonics for a 2-channel model: W (omnidirectional) on both, as the reference does";
    return "";
  }
  if (m == 1) {
    if (a == 2) return "stereo for a 1-channel model: the mean of the two channels, as the reference does";
    if (a == 4) return "first-order ambisonics for a 1-channel model: W (omnidirectional), as the reference does";
  }
  return "";
}

}  // namespace gramt::audio
