#pragma once
// Scenes in rooms for the training pipeline, through core/scene: the clip convolved with the source's
// room response, the noise with every noise source's response and summed, the noise faded/placed and
// mixed at an SNR drawn in [5, 40] dB with one gain over all channels (scene/scene_mixer.h).
// Responses come from random shoebox rooms around an HRIR set ("sofa", "synthetic") or a first-order
// ambisonic microphone ("ambisonic"), from a folder of measured responses with JSON sidecars
// ("folder"), or from the reference's npy records in tar shards ("shards").
//
// What each model hears (scene_signal_channels):
//   2 channels  binaural rooms, left and right ear.
//   7 channels  FOA rooms as four signals in the reference front end's order (W, X, Y, Z, SN3D),
//               converted from the responses' own convention; the batch builder turns them into
//               4 log-mels + 3 intensity vectors.
//   1 channel   any rooms, reduced as the HEAR front end reduces files: binaural → the mean of the
//               ears, FOA → W (an omnidirectional microphone).
#include <memory>
#include <string>

#include "core/audio/ambisonic_format.h"
#include "core/data/scene_renderer.h"
#include "core/scene/binaural_scene.h"

namespace gramt::data {

class SpatialSceneRenderer : public SceneRenderer {
 public:
  // `model_channels`: what the model takes (1, 2 or 7). `foa_format`: the convention of 4-channel
  // responses (the built-in ambisonic rooms render AmbiX).
  SpatialSceneRenderer(std::shared_ptr<const scene::SceneResponseSource> responses, int model_channels,
                       scene::MixOptions mix = {}, audio::FoaFormat foa_format = audio::FoaFormat::kAmbiX);

  int channels() const override { return signals_; }
  std::vector<std::vector<float>> render(const std::vector<float>& source, const std::vector<float>* noise,
                                         bool with_rir, Rng& rng) const override;

 private:
  scene::BinauralSceneMaker maker_;
  scene::MixOptions mix_;
  int model_channels_;
  int signals_;  // scene_signal_channels(model_channels_)
  audio::FoaFormat foa_format_;
};

struct RoomSettings {
  std::string source = "sofa";  // "sofa": SOFA HRIRs in random rooms; "synthetic": spherical-head model
                                // in random rooms; "ambisonic": an FOA microphone in random rooms;
                                // "folder": measured responses (scene/room_response_set.h); "shards"
  std::string location;         // the folder for "folder", the shard pattern for "shards" (npy records)
  uint64_t seed = 0;            // order of the "shards" stream
  std::string sofa_file = "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa";
  int sample_rate = 32000;
  int channels = 2;             // the model's input channels
  // Convention of 4-channel responses from "folder" or "shards" (data.rir_foa_format): "auto" takes
  // the reference's W, X, Y, Z for shards (its front end reads them as they are) and AmbiX for folders.
  std::string foa_format = "auto";
};


// The renderer for the settings, or null when neither rooms nor noise are used. Throws gramt::Error
// before any work for an unknown source kind, a missing or rejected SOFA file or response folder,
// binaural rooms asked of a 7-channel model or ambisonic rooms of a 2-channel one.
std::shared_ptr<const SceneRenderer> make_scene_renderer(const RoomSettings& rooms, bool with_rir, bool with_noise);

}  // namespace gramt::data
