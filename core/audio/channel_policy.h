#pragma once
// Which signals feed a model of C input channels, exactly as the reference HEAR front-end decides:
//   C = 2: mono → that signal for both channels; stereo → left, right; 4-channel FOA → W for both.
//   C = 1: mono → itself; stereo → mean of the two; FOA → W.
// Any other channel count is an error. The result is one signal per model channel; when two model
// channels come from the same signal, `duplicated_from` says so, letting callers compute the
// log-mel once and copy it.
#include <string>
#include <vector>

#include "core/audio/audio_buffer.h"

namespace gramt::audio {

struct ModelChannels {
  std::vector<std::vector<float>> signals;  // one per *distinct* signal
  std::vector<int> source_of_channel;       // model channel c uses signals[source_of_channel[c]]
};

// `what` names the input in error messages (usually the file path).
ModelChannels select_model_channels(const AudioBuffer& audio, int model_channels, const std::string& what);

// Four-channel audio here is W, X, Y, Z with SN3D gains (FoaFormat::kWxyz), the order the reference's
// front end reads; files in other conventions are converted where they are read (embed, embed-tasks).
//
// The four first-order ambisonic signals (W, X, Y, Z) that feed a 7-channel model's front end, as the
// reference maps its inputs: FOA as it is, mono copied to all four (W = X = Y = Z). Stereo: the
// reference hands its two channels to the ambisonic extractor and gets 3 channels back, which no
// 7-channel model accepts (model spec §1.3, §9.14); here the mean of the two takes the mono path, so a
// 7-channel model can still be scored on binaural tasks (without direction cues, which
// channel_policy_note says). Other counts are errors naming `what`.
std::vector<std::vector<float>> select_ambisonic_channels(const AudioBuffer& audio, const std::string& what);

// One line saying what the policy does to `audio_channels` channels for a model of `model_channels`
// inputs (e.g. "stereo for a 7-channel model: the mean of the two channels on W, X, Y and Z"); empty
// when the channels go in as they are or the count is refused anyway.
std::string channel_policy_note(int audio_channels, int model_channels);

}  // namespace gramt::audio
