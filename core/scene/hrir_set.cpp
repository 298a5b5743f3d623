#include "core/scene/hrir_set.h"

#include "core/audio/audio_file.h"
#include "core/audio/resample.h"
#include "core/common/error.h"
#include "core/scene/ambisonic_receiver.h"
#include "core/scene/hrir_table.h"
#include "core/scene/sofa_hrir_source.h"
#include "core/scene/spherical_head_hrir.h"

namespace gramt::scene {

HrirSet HrirSet::open_sofa(const std::string& path, int sample_rate) {
  return HrirSet(std::make_shared<SofaHrirSource>(path, sample_rate));
}

HrirSet HrirSet::open_horizontal_wav(const std::string& path, int sample_rate) {
  if (sample_rate <= 0) throw Error(path + ": requested HRIR sample rate must be positive");
  const audio::AudioBuffer audio = audio::read_audio(path);
  const int channels = audio.channel_count();
  if (channels < 2 || channels % 2 != 0)
    throw Error(path + ": a horizontal-plane HRIR WAV needs an even number of channels (left/right per azimuth), found " +
                std::to_string(channels));
  const int count = channels / 2;
  std::vector<HrirDirection> directions;
  std::vector<HrirPair> pairs;
  for (int k = 0; k < count; ++k) {
    directions.push_back({360.0 * k / count, 0.0});
    HrirPair pair;
    pair.left = audio::resample_channel(audio.channels[static_cast<size_t>(2 * k)], audio.sample_rate, sample_rate);
    pair.right = audio::resample_channel(audio.channels[static_cast<size_t>(2 * k + 1)], audio.sample_rate, sample_rate);
    pairs.push_back(std::move(pair));
  }
  return from_table(path, sample_rate, std::move(directions), std::move(pairs));
}

HrirSet HrirSet::from_table(const std::string& name, int sample_rate, std::vector<HrirDirection> directions,
                            std::vector<HrirPair> responses) {
  return HrirSet(std::make_shared<HrirTable>(name, sample_rate, std::move(directions), std::move(responses)));
}

HrirSet HrirSet::spherical_head(int sample_rate, double head_radius_m) {
  return HrirSet(std::make_shared<SphericalHeadHrir>(sample_rate, head_radius_m));
}

HrirSet HrirSet::ideal_delta(int sample_rate) {
  HrirPair delta;
  delta.left = {1.0f};
  delta.right = {1.0f};
  return from_table("ideal delta", sample_rate, {HrirDirection{}}, {delta});
}

HrirSet HrirSet::from_source(std::shared_ptr<const HrirSource> source) {
  if (!source) throw Error("HrirSet::from_source: no source given");
  return HrirSet(std::move(source));
}

HrirSet HrirSet::first_order_ambisonics(int sample_rate) {
  return HrirSet(std::make_shared<FirstOrderAmbisonicReceiver>(sample_rate));
}

}  // namespace gramt::scene
