#include "core/eval/projection/projection_file.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"

namespace gramt::eval::projection {

nlohmann::ordered_json projection_json(const EmbeddingClips& clips, const torch::Tensor& points, const std::string& method,
                                       const nlohmann::ordered_json& settings) {
  if (points.dim() != 2 || points.size(0) != static_cast<int64_t>(clips.clips.size()) || points.size(1) != 2)
    throw Error("projection: one 2-D point per clip is needed");
  const torch::Tensor xy = points.to(torch::kFloat64).contiguous();
  const double* p = xy.data_ptr<double>();
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["task"] = clips.task_name;
  out["task_dir"] = clips.task_dir;
  out["method"] = method;
  out["clip_means"] = clips.clip_means;
  out["settings"] = settings;
  out["notes"] = clips.notes;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (size_t i = 0; i < clips.clips.size(); ++i) {
    const EmbeddedClip& c = clips.clips[i];
    list.push_back({{"file", c.file}, {"split", c.split}, {"label", c.label}, {"x", p[2 * i]}, {"y", p[2 * i + 1]}});
  }
  out["clips"] = std::move(list);
  return out;
}

void write_projection_file(const std::string& path, const nlohmann::ordered_json& projection) {
  write_file_atomically(path, projection.dump(1) + "\n");
}

}  // namespace gramt::eval::projection
