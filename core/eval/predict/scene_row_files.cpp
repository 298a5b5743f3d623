#include "core/eval/predict/scene_row_files.h"

#include <deque>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/eval/format/embeddings_folder_layout.h"
#include "core/io/json_file.h"
#include "core/io/npy.h"

namespace gramt::eval::predict {

namespace fs = std::filesystem;

std::vector<std::string> scene_row_files(const std::string& task_dir, const std::string& split,
                                         const torch::Tensor& embeddings) {
  const format::EmbeddingsFolderLayout layout(task_dir);
  const std::string split_json = layout.task_files().split_labels_file(split);
  const nlohmann::json labels = io::read_json_file(split_json, "split labels (needed to name the rows)");
  if (!labels.is_object()) throw Error(split_json + ": expected an object of file name -> labels");

  const torch::Tensor rows = embeddings.to(torch::kCPU, torch::kFloat32).contiguous();
  const int64_t n = rows.size(0), width = rows.size(1);
  const size_t row_bytes = static_cast<size_t>(width) * sizeof(float);
  std::unordered_map<std::string, std::deque<std::string>> files_by_bytes;
  for (auto it = labels.begin(); it != labels.end(); ++it) {  // nlohmann::json keeps keys sorted
    const std::string path = layout.file_embedding(split, it.key());
    if (!fs::exists(path)) throw Error(path + ": missing (the per-file embedding names this clip's row)");
    const io::NpyArray array = io::read_npy(path);
    const std::vector<float> values = array.to_float();
    if (static_cast<int64_t>(values.size()) != width)
      throw Error(path + ": " + std::to_string(values.size()) + " values, the split's rows have " + std::to_string(width));
    files_by_bytes[std::string(reinterpret_cast<const char*>(values.data()), row_bytes)].push_back(it.key());
  }
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(n));
  const char* data = reinterpret_cast<const char*>(rows.data_ptr<float>());
  for (int64_t r = 0; r < n; ++r) {
    auto found = files_by_bytes.find(std::string(data + static_cast<size_t>(r) * row_bytes, row_bytes));
    if (found == files_by_bytes.end() || found->second.empty())
      throw Error(layout.embeddings_matrix_file(split) + ": row " + std::to_string(r) +
                  " matches no per-file embedding under " + (fs::path(task_dir) / split).string());
    names.push_back(found->second.front());
    found->second.pop_front();
  }
  return names;
}

}  // namespace gramt::eval::predict
