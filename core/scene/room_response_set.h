#pragma once
// A folder of measured or precomputed room responses, each file one scene record: the first response
// is the source's, the others are noise sources' (the reference's record layout).
//
// Layout: every `<name>.json` in the folder (searched recursively) is the sidecar of `<name>.wav` or
// `<name>.npy` next to it; other files are ignored. Sidecar:
//   {
//     "sample_rate": 32000,   // required for .npy; for .wav optional and must match the file
//     "channels": 2,          // channels per response, default 2
//     "responses": [          // one entry per response in the file, source first
//       {"azimuth": 30.0, "elevation": 0.0, "distance": 1.5},     // degrees (SOFA convention: 90 = left)
//       {"azimuth": 210.0, "elevation": 10.0, "distance": 3.0}    // and metres, relative to the head
//     ]
//   }
// Data: a WAV with channels × responses channels, response k in channels [k·C, (k+1)·C); or a float32 /
// float64 .npy shaped (responses, channels, taps), or (channels, taps) for a single response.
// Responses at another rate are resampled to the set's rate on loading.
#include <string>
#include <vector>

#include "core/scene/scene_responses.h"

namespace gramt::scene {

class RoomResponseSet : public SceneResponseSource {
 public:
  // Reads and checks every sidecar (and the WAV headers). Throws gramt::Error naming the folder when
  // it is missing or holds no sidecar, or naming the sidecar and the field that is wrong.
  static RoomResponseSet open_folder(const std::string& folder, int sample_rate);

  int sample_rate() const override { return sample_rate_; }
  size_t size() const { return entries_.size(); }
  const std::string& file(size_t index) const { return entries_.at(index).data_path; }

  // Reads record `index` from disk (gramt::Error naming the file when its shape disagrees with the sidecar).
  SceneResponses load(size_t index) const;
  SceneResponses draw(std::mt19937_64& rng) const override;

 private:
  struct Entry {
    std::string sidecar_path;
    std::string data_path;
    int file_sample_rate = 0;  // 0: the file's own (WAV)
    int channels = 2;
    std::vector<SpatialLabel> labels;
  };
  RoomResponseSet() = default;
  int sample_rate_ = 0;
  std::vector<Entry> entries_;
};

// A stacked record (responses, channels, taps), as the reference's RIR shards store it, split into
// source and noise responses (no labels). `where` names the data in error messages.
SceneResponses split_response_stack(const std::vector<float>& values, const std::vector<int64_t>& shape,
                                    const std::string& where);

}  // namespace gramt::scene
