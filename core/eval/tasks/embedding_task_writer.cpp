#include "core/eval/tasks/embedding_task_writer.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/format/clip_metadata.h"
#include "core/eval/format/python_json.h"
#include "core/eval/tasks/frame_labels.h"
#include "core/eval/format/label_pickle.h"
#include "core/io/npy.h"

namespace gramt::eval::tasks {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// The project's atomic writer: a reader never sees half a file, even after a kill.
void write_text(const std::string& path, const std::string& text) { write_file_atomically(path, text); }

void copy_file(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) throw Error(from + ": cannot copy to " + to + " (" + ec.message() + ")");
}

// A float32 .npy written in one go (the whole folder is temporary, so no per-file rename).
void write_float_npy(const std::string& path, const float* data, const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  const std::string header = io::npy_header("<f4", shape);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(n * sizeof(float)));
  out.close();
  if (!out) throw Error(path + ": cannot write");
}

bool all_finite(const std::vector<float>& v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

}  // namespace

EmbeddingTaskWriter::EmbeddingTaskWriter(const TaskFolder& task, std::string write_dir, std::string final_dir)
    : task_(task),
      write_dir_(std::move(write_dir)),
      final_dir_(std::move(final_dir)),
      source_(task.path),
      output_(write_dir_) {
  std::error_code ec;
  fs::create_directories(write_dir_, ec);
  if (ec) throw Error(write_dir_ + ": cannot create (" + ec.message() + ")");
  copy_file(source_.metadata_file(), output_.task_files().metadata_file());
  copy_file(source_.vocabulary_file(), output_.task_files().vocabulary_file());
}

std::string EmbeddingTaskWriter::split_dir() const { return output_.split_dir(split_->split); }

void EmbeddingTaskWriter::begin_split(const std::string& split) {
  if (split_ != nullptr) throw Error("embedding writer: split '" + split_->split + "' was not ended");
  split_ = &task_.split(split);
  files_.clear();
  width_ = -1;
  copy_file(source_.split_labels_file(split), output_.task_files().split_labels_file(split));
  // Per-clip facts (room, SNR, ...) travel with the embeddings so predict can attach them to results.
  const std::string clip_metadata = source_.clip_metadata_file(split);
  std::error_code ec;
  if (fs::exists(clip_metadata, ec)) copy_file(clip_metadata, output_.task_files().clip_metadata_file(split));
  fs::create_directories(split_dir(), ec);
  if (ec) throw Error(split_dir() + ": cannot create (" + ec.message() + ")");
}

void EmbeddingTaskWriter::add_file(const format::LabelledFile& file, const ClipEmbedding& e) {
  if (split_ == nullptr) throw Error("embedding writer: add_file outside a split");
  const std::string who = split_->split + "/" + file.name;
  const bool event = task_.metadata.embedding_type == format::EmbeddingType::event;
  if (e.frames < 1 || e.width < 1 || static_cast<int64_t>(e.timestamp_embeddings.size()) != e.frames * e.width ||
      static_cast<int64_t>(e.timestamps_ms.size()) != e.frames || e.scene.empty()) {
    throw Error(task_.name + ": " + who + ": the model returned inconsistent embedding shapes");
  }
  const int64_t width = event ? e.width : static_cast<int64_t>(e.scene.size());
  if (width_ < 0) {
    width_ = width;
    width_source_ = who;
  } else if (width != width_) {
    throw Error(task_.name + ": " + who + ": embedding width " + std::to_string(width) + " differs from " +
                std::to_string(width_) + " of " + width_source_);
  }
  if (!all_finite(event ? e.timestamp_embeddings : e.scene)) {
    throw Error(task_.name + ": " + who + ": the embedding holds NaN or infinite values");
  }

  const std::string& split = split_->split;
  FileRows rows;
  if (event) {
    write_float_npy(output_.file_embedding(split, file.name), e.timestamp_embeddings.data(), {e.frames, e.width});
    Json timestamps = Json::array();
    for (float t : e.timestamps_ms) timestamps.push_back(static_cast<double>(t));
    write_text(output_.file_timestamps(split, file.name), format::python_json_dumps(timestamps));
    rows.labels = labels_for_timestamps(file.events, e.timestamps_ms, task_.metadata.source_dynamics);
    write_text(output_.file_target_labels(split, file.name), format::dump_kit_json(rows.labels));
    rows.rows = e.frames;
    rows.timestamps_ms = e.timestamps_ms;
  } else {
    write_float_npy(output_.file_embedding(split, file.name), e.scene.data(), {static_cast<int64_t>(e.scene.size())});
    rows.labels = file.labels;
    write_text(output_.file_target_labels(split, file.name), format::python_json_dumps(rows.labels));
    rows.rows = 1;
  }
  if (!files_.emplace(file.name, std::move(rows)).second) {
    throw Error(task_.name + ": " + who + ": embedded twice");
  }
}

void EmbeddingTaskWriter::end_split() {
  if (split_ == nullptr) throw Error("embedding writer: end_split outside a split");
  const bool event = task_.metadata.embedding_type == format::EmbeddingType::event;
  // The kit shuffles the per-file paths (in split-JSON key order) with the task's generator.
  std::vector<const format::LabelledFile*> order;
  for (const format::LabelledFile& f : split_->files) {
    if (!files_.count(f.name)) throw Error(task_.name + ": " + split_->split + "/" + f.name + ": never embedded");
    order.push_back(&f);
  }
  rng_.shuffle(order);

  int64_t total_rows = 0;
  for (const auto& [name, rows] : files_) total_rows += rows.rows;
  const std::string& split = split_->split;
  write_text(output_.embedding_dimensions_file(split),
             "[" + std::to_string(total_rows) + ", " + std::to_string(width_) + "]");

  // Rows are copied back from the per-file .npy files, as the kit does: memory stays bounded by
  // the largest file, whatever the split size.
  const std::string matrix_path = output_.embeddings_matrix_file(split);
  std::ofstream matrix(matrix_path, std::ios::binary | std::ios::trunc);
  Json labels = Json::array();
  Json filename_timestamps = Json::array();
  for (const format::LabelledFile* f : order) {
    const FileRows& rows = files_.at(f->name);
    const io::NpyArray array = io::read_npy(output_.file_embedding(split, f->name));
    const std::vector<float> values = array.to_float();
    matrix.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
    if (event) {
      for (const Json& frame : rows.labels) labels.push_back(frame);
      const std::string slug = (fs::path(final_dir_) / split_->split / f->name).string();
      for (float t : rows.timestamps_ms) filename_timestamps.push_back(Json::array({slug, static_cast<double>(t)}));
    } else {
      labels.push_back(rows.labels);
    }
  }
  matrix.close();
  if (!matrix) throw Error(matrix_path + ": cannot write");
  write_text(output_.target_labels_pickle(split), format::encode_label_pickle(labels));
  if (event) write_text(output_.filename_timestamps_file(split), format::dump_kit_json(filename_timestamps));
  split_ = nullptr;
  files_.clear();
}

void EmbeddingTaskWriter::finish(double seconds_elapsed, const std::string& device_name) {
  if (split_ != nullptr) throw Error("embedding writer: split '" + split_->split + "' was not ended");
  Json profile = Json::object();
  profile["time_elapsed"] = seconds_elapsed;
  profile["gpu_max_mem"] = nullptr;
  profile["gpu_device_name"] = device_name;
  write_text(output_.profile_file(), format::dump_kit_json(profile));
  write_text(output_.done_file(), "");
}

}  // namespace gramt::eval::tasks
