#include "core/data/spatial_scene_renderer.h"

#include "core/data/shard_room_responses.h"
#include "core/common/error.h"
#include "core/data/batch_builder.h"
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

SpatialSceneRenderer::SpatialSceneRenderer(std::shared_ptr<const scene::SceneResponseSource> responses, int channels,
                                           scene::MixOptions mix)
    : maker_(std::move(responses), pipeline_options(mix)), mix_(mix), channels_(channels) {
  if (channels_ < 1) throw Error("scene renderer: channels must be at least 1");
  mix_.dry_channels = channels_;
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
  if (rendered.audio.channel_count() != channels_)
    throw Error("scene renderer: rooms give " + std::to_string(rendered.audio.channel_count()) +
                " channels, the model takes " + std::to_string(channels_));
  return std::move(rendered.audio.channels);
}

std::shared_ptr<const SceneRenderer> make_scene_renderer(const RoomSettings& rooms, bool with_rir, bool with_noise) {
  if (rooms.channels == 7) throw Error(kNoAmbisonicRooms);
  if (!with_rir && !with_noise) return nullptr;
  if (with_rir && rooms.channels != 2)
    throw Error("data: rooms render binaural (2-channel) scenes, the model takes " + std::to_string(rooms.channels) +
                " channel(s); set data.with_rir=false or in_channels=2");
  std::shared_ptr<const scene::SceneResponseSource> responses;
  if (!with_rir) {
    responses = std::make_shared<NoRooms>(rooms.sample_rate);
  } else if (rooms.source == "sofa") {
    responses = std::make_shared<scene::RandomSceneSampler>(scene::HrirSet::open_sofa(rooms.sofa_file, rooms.sample_rate),
                                                            scene::SceneSamplerOptions{});
  } else if (rooms.source == "synthetic") {
    responses = std::make_shared<scene::RandomSceneSampler>(scene::HrirSet::spherical_head(rooms.sample_rate),
                                                            scene::SceneSamplerOptions{});
  } else if (rooms.source == "folder") {
    responses = std::make_shared<scene::RoomResponseSet>(scene::RoomResponseSet::open_folder(rooms.location, rooms.sample_rate));
  } else if (rooms.source == "shards") {
    responses = std::make_shared<ShardRoomResponses>(rooms.location, rooms.sample_rate, /*seed=*/rooms.seed);
  } else {
    throw Error("data.rir_source: unknown kind '" + rooms.source + "' (sofa, synthetic, folder, shards)");
  }
  return std::make_shared<SpatialSceneRenderer>(std::move(responses), rooms.channels);
}

}  // namespace gramt::data
