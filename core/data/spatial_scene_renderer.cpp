#include "core/data/spatial_scene_renderer.h"

#include "core/data/shard_room_responses.h"
#include "core/common/error.h"
#include "core/scene/room_response_set.h"
#include "core/scene/scene_sampler.h"

namespace gramt::data {
namespace {

scene::BinauralSceneOptions pipeline_options(const scene::MixOptions& mix) {
  scene::BinauralSceneOptions options;
  options.mix = mix;
  // Clips and noises arrive RMS-normalised already (before padding, as the reference does);
  // normalising the padded clip again would change its level.
  options.normalise_inputs = false;
  return options;
}

// Stands in for rooms when a run mixes noise but uses no room responses (the mixer never asks it).
class NoRooms : public scene::SceneResponseSource {
 public:
  explicit NoRooms(int sample_rate) : sample_rate_(sample_rate) {}
  int sample_rate() const override { return sample_rate_; }
  scene::SceneResponses draw(std::mt19937_64&) const override {
    throw Error("data: room responses asked for while data.with_rir is false");
  }

 private:
  int sample_rate_;
};

}  // namespace

SpatialSceneRenderer::SpatialSceneRenderer(std::shared_ptr<const scene::SceneResponseSource> responses,
                                           int model_channels, scene::MixOptions mix, audio::FoaFormat foa_format)
    : maker_(std::move(responses), pipeline_options(mix)),
      mix_(mix),
      model_channels_(model_channels),
      signals_(scene_signal_channels(model_channels)),
      foa_format_(foa_format) {
  if (model_channels_ != 1 && model_channels_ != 2 && model_channels_ != 7)
    throw Error("scene renderer: models take 1, 2 or 7 channels, not " + std::to_string(model_channels_));
  mix_.dry_channels = signals_;
}

std::vector<std::vector<float>> SpatialSceneRenderer::render(const std::vector<float>& source,
                                                             const std::vector<float>* noise, bool with_rir,
                                                             Rng& rng) const {
  scene::MixOptions mix = mix_;
  mix.with_rir = with_rir;
  mix.with_noise = noise != nullptr;
  // core/scene draws from std::mt19937_64; seed one from the batch's generator.
  std::mt19937_64 engine(rng.next_u64());
  auto rendered = maker_.make(source, noise, engine, &mix);
  auto& signals = rendered.audio.channels;
  if (!with_rir) return std::move(signals);  // dry: already one copy per signal
  const size_t got = signals.size();
  const std::string where = rendered.origin.empty() ? std::string("room response") : rendered.origin;
  if (model_channels_ == 7) {
    if (got != 4)
      throw Error(where + ": " + std::to_string(got) +
                  "-channel room response in an ambisonic (7-channel) run, which needs 4-channel first-order "
                  "ambisonic responses");
    return audio::convert_foa(signals, foa_format_, audio::FoaFormat::kWxyz, where);
  }
  if (model_channels_ == 2) {
    if (got != 2)
      throw Error(where + ": " + std::to_string(got) + "-channel room response in a binaural (2-channel) run");
    return std::move(signals);
  }
  // Mono: the HEAR front end's reduction of the same scene.
  if (got == 4) return {audio::convert_foa(signals, foa_format_, audio::FoaFormat::kAmbiX, where)[0]};
  if (got == 2) {
    std::vector<float> mean(signals[0].size());
    for (size_t i = 0; i < mean.size(); ++i) mean[i] = 0.5f * (signals[0][i] + signals[1][i]);
    return {std::move(mean)};
  }
  if (got == 1) return std::move(signals);
  throw Error(where + ": " + std::to_string(got) + "-channel room response; expected 1, 2 (binaural) or 4 (FOA)");
}

std::shared_ptr<const SceneRenderer> make_scene_renderer(const RoomSettings& rooms, bool with_rir, bool with_noise) {
  if (rooms.channels != 1 && rooms.channels != 2 && rooms.channels != 7)
    throw Error("data.in_channels must be 1, 2 or 7, not " + std::to_string(rooms.channels));
  if (!with_rir && !with_noise) return nullptr;
  const bool ambisonic_rooms = rooms.source == "ambisonic";
  const bool binaural_rooms = rooms.source == "sofa" || rooms.source == "synthetic";
  if (with_rir && rooms.channels == 7 && binaural_rooms)
    throw Error("data.rir_source " + rooms.source +
                " renders binaural rooms; a 7-channel (ambisonic) model needs rir_source ambisonic (rendered "
                "first-order ambisonic rooms), or folder / shards with 4-channel responses");
  if (with_rir && rooms.channels == 2 && ambisonic_rooms)
    throw Error("data.rir_source ambisonic renders 4-channel FOA rooms; a 2-channel (binaural) model needs sofa, "
                "synthetic, or folder / shards with binaural responses");
  audio::FoaFormat foa_format = audio::FoaFormat::kAmbiX;
  if (rooms.foa_format == "auto") {
    if (rooms.source == "shards") foa_format = audio::FoaFormat::kWxyz;
  } else {
    foa_format = audio::parse_foa_format(rooms.foa_format, "data.rir_foa_format");
  }
  if (ambisonic_rooms && foa_format != audio::FoaFormat::kAmbiX)
    throw Error("data.rir_foa_format " + rooms.foa_format + ": the built-in ambisonic rooms render AmbiX; leave it auto");
  std::shared_ptr<const scene::SceneResponseSource> responses;
  if (!with_rir) {
    responses = std::make_shared<NoRooms>(rooms.sample_rate);
  } else if (rooms.source == "sofa") {
    responses = std::make_shared<scene::RandomSceneSampler>(scene::HrirSet::open_sofa(rooms.sofa_file, rooms.sample_rate),
                                                            scene::SceneSamplerOptions{});
  } else if (rooms.source == "synthetic") {
    responses = std::make_shared<scene::RandomSceneSampler>(scene::HrirSet::spherical_head(rooms.sample_rate),
                                                            scene::SceneSamplerOptions{});
  } else if (ambisonic_rooms) {
    responses = std::make_shared<scene::RandomSceneSampler>(scene::HrirSet::first_order_ambisonics(rooms.sample_rate),
                                                            scene::SceneSamplerOptions{});
  } else if (rooms.source == "folder") {
    responses = std::make_shared<scene::RoomResponseSet>(scene::RoomResponseSet::open_folder(rooms.location, rooms.sample_rate));
  } else if (rooms.source == "shards") {
    responses = std::make_shared<ShardRoomResponses>(rooms.location, rooms.sample_rate, /*seed=*/rooms.seed);
  } else {
    throw Error("data.rir_source: unknown kind '" + rooms.source + "' (sofa, synthetic, ambisonic, folder, shards)");
  }
  return std::make_shared<SpatialSceneRenderer>(std::move(responses), rooms.channels, scene::MixOptions{}, foa_format);
}

}  // namespace gramt::data
