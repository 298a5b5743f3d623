#pragma once
// Scenes in rooms for the training pipeline, through core/scene: the clip convolved with the source's
// room response, the noise with every noise source's response and summed, the noise faded/placed and
// mixed at an SNR drawn in [5, 40] dB with one gain over all channels (scene/scene_mixer.h).
// Responses come from random shoebox rooms around an HRIR set ("sofa", "synthetic") or from a
// folder of measured responses with JSON sidecars ("folder").
#include <memory>
#include <string>

#include "core/data/scene_renderer.h"
#include "core/scene/binaural_scene.h"

namespace gramt::data {

class SpatialSceneRenderer : public SceneRenderer {
 public:
  // `channels`: what the model takes; rooms give binaural (2) scenes, dry scenes any count.
  SpatialSceneRenderer(std::shared_ptr<const scene::SceneResponseSource> responses, int channels,
                       scene::MixOptions mix = {});

  int channels() const override { return channels_; }
  std::vector<std::vector<float>> render(const std::vector<float>& source, const std::vector<float>* noise,
                                         bool with_rir, Rng& rng) const override;

 private:
  scene::BinauralSceneMaker maker_;
  scene::MixOptions mix_;
  int channels_;
};

struct RoomSettings {
  std::string source = "sofa";  // "sofa": SOFA HRIRs in random rooms; "synthetic": spherical-head model
                                // in random rooms; "folder": measured responses (scene/room_response_set.h)
  std::string location;         // the folder for "folder", the shard pattern for "shards" (npy records)
  uint64_t seed = 0;            // order of the "shards" stream
  std::string sofa_file = "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa";
  int sample_rate = 32000;
  int channels = 2;             // the model's input channels
};

// The renderer for the settings, or null when neither rooms nor noise are used. Throws gramt::Error
// before any work for an unknown source kind, a missing or rejected SOFA file or response folder,
// or rooms asked of a model that does not take two channels.
std::shared_ptr<const SceneRenderer> make_scene_renderer(const RoomSettings& rooms, bool with_rir, bool with_noise);

}  // namespace gramt::data
