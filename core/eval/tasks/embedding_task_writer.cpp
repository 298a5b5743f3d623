#include "core/eval/tasks/embedding_task_writer.h"

#include <cmath>
#include <filesystem>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/format/clip_metadata.h"
#include "core/eval/format/python_json.h"
#include "core/eval/tasks/frame_labels.h"
#include "core/eval/format/label_pickle.h"
#include "core/io/json_file.h"
#include "core/io/npy.h"

namespace gramt::eval::tasks {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// The project's atomic writer: a reader never sees half a file, even after a kill.
void write_text(const std::string& path, const std::string& text) { write_file_atomically(path, text); }

// Atomic too: processes embedding shards of one task may copy the same file at once.
void copy_file(const std::string& from, const std::string& to) {
  write_file_atomically(to, io::read_text_file(from, "task file"));
}

void write_float_npy(const std::string& path, const float* data, const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  write_file_atomically(path, [&](std::ostream& out) {
    const std::string header = io::npy_header("<f4", shape);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(n * sizeof(float)));
  });
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

void EmbeddingTaskWriter::prepare_split(const std::string& split) {
  (void)task_.split(split);  // throws for a split the task does not have
  copy_file(source_.split_labels_file(split), output_.task_files().split_labels_file(split));
  // Per-clip facts (room, SNR, ...) travel with the embeddings so predict can attach them to results.
  const std::string clip_metadata = source_.clip_metadata_file(split);
  std::error_code ec;
  if (fs::exists(clip_metadata, ec)) copy_file(clip_metadata, output_.task_files().clip_metadata_file(split));
  fs::create_directories(output_.split_dir(split), ec);
  if (ec) throw Error(output_.split_dir(split) + ": cannot create (" + ec.message() + ")");
}

bool EmbeddingTaskWriter::has_file(const std::string& split, const std::string& file) const {
  std::error_code ec;
  return fs::is_regular_file(output_.file_target_labels(split, file), ec);
}

void EmbeddingTaskWriter::write_file(const std::string& split, const format::LabelledFile& file, const ClipEmbedding& e) {
  const std::string who = split + "/" + file.name;
  const bool event = task_.metadata.embedding_type == format::EmbeddingType::event;
  if (e.frames < 1 || e.width < 1 || static_cast<int64_t>(e.timestamp_embeddings.size()) != e.frames * e.width ||
      static_cast<int64_t>(e.timestamps_ms.size()) != e.frames || e.scene.empty()) {
    throw Error(task_.name + ": " + who + ": the model returned inconsistent embedding shapes");
  }
  if (!all_finite(event ? e.timestamp_embeddings : e.scene)) {
    throw Error(task_.name + ": " + who + ": the embedding holds NaN or infinite values");
  }
  // The target labels come last: their presence marks the clip as embedded.
  if (event) {
    write_float_npy(output_.file_embedding(split, file.name), e.timestamp_embeddings.data(), {e.frames, e.width});
    Json timestamps = Json::array();
    for (float t : e.timestamps_ms) timestamps.push_back(static_cast<double>(t));
    write_text(output_.file_timestamps(split, file.name), format::python_json_dumps(timestamps));
    const Json labels = labels_for_timestamps(file.events, e.timestamps_ms, task_.metadata.source_dynamics);
    write_text(output_.file_target_labels(split, file.name), format::dump_kit_json(labels));
  } else {
    write_float_npy(output_.file_embedding(split, file.name), e.scene.data(), {static_cast<int64_t>(e.scene.size())});
    write_text(output_.file_target_labels(split, file.name), format::python_json_dumps(file.labels));
  }
}

void EmbeddingTaskWriter::assemble_split(const std::string& split_name) {
  const format::SplitLabels& split = task_.split(split_name);
  const bool event = task_.metadata.embedding_type == format::EmbeddingType::event;
  // The kit shuffles the per-file paths (in split-JSON key order) with the task's generator.
  std::vector<const format::LabelledFile*> order;
  for (const format::LabelledFile& f : split.files) {
    if (!has_file(split_name, f.name)) throw Error(task_.name + ": " + split_name + "/" + f.name + ": never embedded");
    order.push_back(&f);
  }
  rng_.shuffle(order);

  // Rows are copied back from the per-file .npy files, as the kit does: memory stays bounded by
  // the largest file, whatever the split size. The shapes are checked against each other here,
  // where every clip is seen, whichever process embedded it.
  const std::string matrix_path = output_.embeddings_matrix_file(split_name);
  int64_t total_rows = 0, width = -1;
  std::string width_source;
  Json labels = Json::array();
  Json filename_timestamps = Json::array();
  write_file_atomically(matrix_path, [&](std::ostream& matrix) {
    for (const format::LabelledFile* f : order) {
      const std::string who = split_name + "/" + f->name;
      const io::NpyArray array = io::read_npy(output_.file_embedding(split_name, f->name));
      if (array.shape.size() != (event ? 2u : 1u) || array.numel() < 1)
        throw Error(task_.name + ": " + who + ": its embedding file has the wrong shape");
      const int64_t file_width = array.shape.back();
      if (width < 0) {
        width = file_width;
        width_source = who;
      } else if (file_width != width) {
        throw Error(task_.name + ": " + who + ": embedding width " + std::to_string(file_width) + " differs from " +
                    std::to_string(width) + " of " + width_source);
      }
      const std::vector<float> values = array.to_float();
      matrix.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
      if (event) {
        const int64_t frames = array.shape[0];
        const Json times = io::read_json_file(output_.file_timestamps(split_name, f->name), "timestamps");
        if (!times.is_array() || static_cast<int64_t>(times.size()) != frames)
          throw Error(task_.name + ": " + who + ": its timestamps do not match its " + std::to_string(frames) + " frames");
        std::vector<float> timestamps_ms;
        for (const auto& t : times) timestamps_ms.push_back(t.get<float>());
        for (const Json& frame : labels_for_timestamps(f->events, timestamps_ms, task_.metadata.source_dynamics))
          labels.push_back(frame);
        const std::string slug = (fs::path(final_dir_) / split_name / f->name).string();
        for (float t : timestamps_ms) filename_timestamps.push_back(Json::array({slug, static_cast<double>(t)}));
        total_rows += frames;
      } else {
        labels.push_back(f->labels);
        total_rows += 1;
      }
    }
  });
  write_text(output_.embedding_dimensions_file(split_name),
             "[" + std::to_string(total_rows) + ", " + std::to_string(width) + "]");
  write_text(output_.target_labels_pickle(split_name), format::encode_label_pickle(labels));
  if (event) write_text(output_.filename_timestamps_file(split_name), format::dump_kit_json(filename_timestamps));
}

void EmbeddingTaskWriter::finish(double seconds_elapsed, const std::string& device_name) {
  Json profile = Json::object();
  profile["time_elapsed"] = seconds_elapsed;
  profile["gpu_max_mem"] = nullptr;
  profile["gpu_device_name"] = device_name;
  write_text(output_.profile_file(), format::dump_kit_json(profile));
  write_text(output_.done_file(), "");
}

}  // namespace gramt::eval::tasks
