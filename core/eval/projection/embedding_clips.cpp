#include "core/eval/projection/embedding_clips.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "core/common/error.h"
#include "core/eval/format/embeddings_folder_layout.h"
#include "core/eval/format/task_metadata.h"
#include "core/eval/predict/knn_probe.h"
#include "core/eval/predict/scene_row_files.h"
#include "core/eval/predict/split_embeddings.h"
#include "core/io/json_file.h"

namespace gramt::eval::projection {

namespace fs = std::filesystem;

namespace {

std::string label_text(const nlohmann::json& labels) {
  if (!labels.is_array()) return labels.is_string() ? labels.get<std::string>() : labels.dump();
  std::string out;
  for (const auto& item : labels) {
    std::string part;
    if (item.is_string()) {
      part = item.get<std::string>();
    } else if (item.is_number()) {
      char text[32];
      std::snprintf(text, sizeof text, "%.3g", item.get<double>());
      part = text;
    } else {
      part = item.dump();
    }
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

// An event split: one row per clip, the mean of its frames; labels from <split>.json's events.
void add_event_split(const std::string& task_dir, const std::string& split, EmbeddingClips& out,
                     std::vector<torch::Tensor>& rows) {
  const predict::SplitEmbeddings loaded = predict::load_split_embeddings(task_dir, split, true);
  std::map<std::string, std::vector<int64_t>> frames_of;
  std::vector<std::string> order;
  for (size_t r = 0; r < loaded.row_files.size(); ++r) {
    auto& frames = frames_of[loaded.row_files[r]];
    if (frames.empty()) order.push_back(loaded.row_files[r]);
    frames.push_back(static_cast<int64_t>(r));
  }
  const format::EmbeddingsFolderLayout layout(task_dir);
  const nlohmann::json events = io::read_json_file(layout.task_files().split_labels_file(split), "split labels");
  for (const std::string& file : order) {
    rows.push_back(loaded.embeddings.index_select(0, torch::tensor(frames_of[file], torch::kLong)).mean(0));
    std::set<std::string> labels;
    if (events.contains(file) && events[file].is_array())
      for (const auto& e : events[file])
        if (e.is_object() && e.contains("label")) labels.insert(label_text(nlohmann::json::array({e["label"]})));
    std::string label;
    for (const std::string& l : labels) label += (label.empty() ? "" : ", ") + l;
    out.clips.push_back({file, split, label.empty() ? "(no events)" : label, {}});
  }
}

}  // namespace

EmbeddingClips read_embedding_clips(const std::string& task_dir) {
  const format::EmbeddingsFolderLayout layout(task_dir);
  if (!fs::is_regular_file(layout.task_files().metadata_file()))
    throw Error(task_dir + ": no task_metadata.json: not an embeddings task folder (embed-tasks output)");
  const format::TaskMetadata meta = format::read_task_metadata(layout.task_files().metadata_file());
  EmbeddingClips out;
  out.task_name = meta.task_name;
  out.task_dir = task_dir;
  out.clip_means = meta.embedding_type == format::EmbeddingType::event;
  std::vector<torch::Tensor> rows;
  bool unnamed = false;
  for (const std::string& split : meta.splits) {
    const size_t first = out.clips.size();
    if (out.clip_means) {
      add_event_split(task_dir, split, out, rows);
    } else {
      const predict::SplitEmbeddings loaded = predict::load_split_embeddings(task_dir, split, false);
      std::vector<std::string> files;
      try {
        files = predict::scene_row_files(task_dir, split, loaded.embeddings);
      } catch (const Error&) {
        unnamed = true;  // per-file embeddings pruned: rows stay unnamed
      }
      for (int64_t r = 0; r < loaded.rows(); ++r) {
        const std::string file = files.empty() ? split + " row " + std::to_string(r) : files[static_cast<size_t>(r)];
        out.clips.push_back({file, split, label_text(loaded.row_labels[static_cast<size_t>(r)]), {}});
      }
      rows.push_back(loaded.embeddings);
    }
    const std::string facts_path = layout.task_files().clip_metadata_file(split);
    if (fs::is_regular_file(facts_path)) {
      out.has_facts = true;
      const format::ClipMetadata facts = format::read_clip_metadata(facts_path);
      for (size_t c = first; c < out.clips.size(); ++c) {
        const auto found = facts.find(out.clips[c].file);
        if (found != facts.end()) out.clips[c].facts = found->second;
      }
    }
  }
  if (out.clips.empty()) throw Error(task_dir + ": the task has no clips");
  out.rows = out.clip_means ? torch::stack(rows) : torch::cat(rows);
  out.rows = out.rows.to(torch::kFloat32).contiguous();
  if (out.clip_means)
    out.notes.push_back("an event task has no scene embeddings: each point is the mean of its clip's timestamp embeddings");
  if (!out.has_facts) out.notes.push_back("no <split>.clip-metadata.json: colour by label or split only");
  if (unnamed) out.notes.push_back("per-file embeddings are missing: rows are unnamed and cannot be played");
  return out;
}

std::vector<int64_t> nearest_clips(const torch::Tensor& rows, int64_t index, int64_t count) {
  if (index < 0 || index >= rows.size(0)) return {};
  const torch::Tensor order =
      predict::nearest_reference_rows(rows, rows.slice(0, index, index + 1), count + 1, predict::KnnDistance::cosine);
  std::vector<int64_t> out;
  for (int64_t k = 0; k < order.size(1) && static_cast<int64_t>(out.size()) < count; ++k) {
    const int64_t j = order[0][k].item<int64_t>();
    if (j != index) out.push_back(j);
  }
  return out;
}

}  // namespace gramt::eval::projection
