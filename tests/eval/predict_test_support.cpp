#include "tests/eval/predict_test_support.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include <unistd.h>

namespace gramt::eval::predict::testing {

namespace fs = std::filesystem;

TempFolder::TempFolder(const std::string& tag) {
  static int counter = 0;
  path_ = (fs::temp_directory_path() /
           ("gramt-predict-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
              .string();
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempFolder::~TempFolder() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string TempFolder::file(const std::string& name) const { return (fs::path(path_) / name).string(); }

namespace {

void put_le(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void pickle_value(const nlohmann::json& v, std::string& out) {
  if (v.is_array()) {
    out += ']';
    if (!v.empty()) {
      out += '(';
      for (const auto& item : v) pickle_value(item, out);
      out += 'e';
    }
  } else if (v.is_string()) {
    const std::string s = v.get<std::string>();
    out += 'X';
    put_le(out, s.size(), 4);
    out += s;
  } else if (v.is_boolean()) {
    out += static_cast<char>(v.get<bool>() ? 0x88 : 0x89);
  } else if (v.is_number_integer()) {
    out += 'J';
    put_le(out, static_cast<uint32_t>(static_cast<int32_t>(v.get<int64_t>())), 4);
  } else if (v.is_number_float()) {
    out += 'G';
    const double d = v.get<double>();
    uint64_t bits = 0;
    std::memcpy(&bits, &d, sizeof(bits));
    for (int i = 7; i >= 0; --i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
  } else if (v.is_null()) {
    out += 'N';
  } else {
    throw std::invalid_argument("pickle_label_rows: unsupported value " + v.dump());
  }
}

}  // namespace

std::string pickle_label_rows(const nlohmann::json& rows) {
  std::string out;
  out += static_cast<char>(0x80);
  out += static_cast<char>(2);
  pickle_value(rows, out);
  out += '.';
  return out;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

void write_split(const std::string& task_dir, const SplitFiles& split) {
  const fs::path dir(task_dir);
  {
    std::ofstream out(dir / (split.name + ".embeddings.npy"), std::ios::binary);
    out.write(reinterpret_cast<const char*>(split.embeddings.data()),
              static_cast<std::streamsize>(split.embeddings.size() * sizeof(float)));
  }
  write_text((dir / (split.name + ".embedding-dimensions.json")).string(),
             nlohmann::json::array({split.rows, split.width}).dump());
  write_text((dir / (split.name + ".target-labels.pkl")).string(), pickle_label_rows(split.row_labels));
  write_text((dir / (split.name + ".json")).string(), split.split_json.dump(4));
  if (!split.filename_timestamps.is_null()) {
    write_text((dir / (split.name + ".filename-timestamps.json")).string(), split.filename_timestamps.dump(4));
  }
}

void write_task(const std::string& task_dir, const nlohmann::json& metadata,
                const std::vector<std::string>& vocabulary, const std::vector<SplitFiles>& splits) {
  fs::create_directories(task_dir);
  write_text((fs::path(task_dir) / "task_metadata.json").string(), metadata.dump(4));
  std::string csv = "idx,label\n";
  for (size_t i = 0; i < vocabulary.size(); ++i) csv += std::to_string(i) + "," + vocabulary[i] + "\n";
  write_text((fs::path(task_dir) / "labelvocabulary.csv").string(), csv);
  for (const SplitFiles& split : splits) write_split(task_dir, split);
}

void write_separable_scene_task(const std::string& task_dir, const std::string& split_mode, int64_t rows_per_split,
                                int64_t width, int64_t classes, int folds, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.5f);
  std::vector<std::string> names;
  if (split_mode == "trainvaltest") {
    names = {"train", "valid", "test"};
  } else {
    for (int f = 0; f < folds; ++f) names.push_back("fold0" + std::to_string(f));
  }
  std::vector<std::string> vocabulary;
  for (int64_t c = 0; c < classes; ++c) vocabulary.push_back("class" + std::to_string(c));
  std::vector<SplitFiles> splits;
  for (const std::string& name : names) {
    SplitFiles split;
    split.name = name;
    split.rows = rows_per_split;
    split.width = width;
    for (int64_t r = 0; r < rows_per_split; ++r) {
      const int64_t c = static_cast<int64_t>(rng() % static_cast<uint32_t>(classes));
      for (int64_t k = 0; k < width; ++k) split.embeddings.push_back(noise(rng) + (k == c ? 3.0f : 0.0f));
      split.row_labels.push_back({vocabulary[static_cast<size_t>(c)]});
      split.split_json[name + "_" + std::to_string(r) + ".wav"] = {vocabulary[static_cast<size_t>(c)]};
    }
    splits.push_back(std::move(split));
  }
  nlohmann::json metadata = {{"task_name", "separable_scene"},
                             {"embedding_type", "scene"},
                             {"prediction_type", "multiclass"},
                             {"split_mode", split_mode},
                             {"splits", names},
                             {"evaluation", {"top1_acc"}},
                             {"sample_duration", 1.0}};
  write_task(task_dir, metadata, vocabulary, splits);
}

void write_event_task(const std::string& task_dir, int files_per_split, int frames_per_file, int64_t width,
                      uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  std::uniform_int_distribution<int> start_frame(2, frames_per_file / 2 - 12);
  const std::vector<std::string> vocabulary{"alarm", "door"};
  const double hop = 50.0;
  std::vector<SplitFiles> splits;
  for (const std::string name : {"train", "valid", "test"}) {
    SplitFiles split;
    split.name = name;
    split.width = width;
    split.filename_timestamps = nlohmann::json::array();
    for (int f = 0; f < files_per_split; ++f) {
      const std::string file = name + "_" + std::to_string(f) + ".wav";
      // alarm: 10 frames in the first half; door: 8 frames in the second half.
      const int a0 = start_frame(rng);
      const int d0 = frames_per_file / 2 + start_frame(rng);
      const double a_start = a0 * hop;
      const double a_end = (a0 + 9) * hop;
      const double d_start = d0 * hop;
      const double d_end = (d0 + 7) * hop;
      split.split_json[file] = {{{"label", "alarm"}, {"start", a_start}, {"end", a_end}},
                                {{"label", "door"}, {"start", d_start}, {"end", d_end}}};
      for (int t = 0; t < frames_per_file; ++t) {
        const double ms = t * hop;
        const bool alarm = ms >= a_start && ms <= a_end;
        const bool door = ms >= d_start && ms <= d_end;
        nlohmann::json labels = nlohmann::json::array();
        if (alarm) labels.push_back("alarm");
        if (door) labels.push_back("door");
        split.row_labels.push_back(labels);
        for (int64_t k = 0; k < width; ++k) {
          const float signal = (k == 0 && alarm) || (k == 1 && door) ? 2.0f : 0.0f;
          split.embeddings.push_back(signal + noise(rng));
        }
        split.filename_timestamps.push_back({"/embeddings/model/task/" + name + "/" + file, ms});
        ++split.rows;
      }
    }
    splits.push_back(std::move(split));
  }
  nlohmann::json metadata = {{"task_name", "synthetic_events"},
                             {"embedding_type", "event"},
                             {"prediction_type", "multilabel"},
                             {"split_mode", "trainvaltest"},
                             {"splits", {"train", "valid", "test"}},
                             {"evaluation", {"event_onset_200ms_fms"}},
                             {"sample_duration", 4.0}};
  write_task(task_dir, metadata, vocabulary, splits);
}

void write_accdoa_task(const std::string& task_dir, int files_per_split, int frames_per_file,
                       const nlohmann::json& metadata_patch, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  std::uniform_int_distribution<int> start_frame(1, frames_per_file / 2 - 10);
  const std::vector<std::pair<double, double>> directions{{-90, 0}, {0, 20}, {90, -20}, {150, 0}};
  std::uniform_int_distribution<size_t> pick(0, directions.size() - 1);
  const std::vector<std::string> vocabulary{"bell", "dog"};
  const double hop = 100.0;
  constexpr double kDeg = 3.14159265358979323846 / 180.0;
  std::vector<SplitFiles> splits;
  for (const std::string name : {"train", "valid", "test"}) {
    SplitFiles split;
    split.name = name;
    split.width = 8;
    split.filename_timestamps = nlohmann::json::array();
    for (int f = 0; f < files_per_split; ++f) {
      const std::string file = name + "_" + std::to_string(f) + ".wav";
      struct Source {
        size_t label;
        int first, last;
        double az, el;
      };
      const int b0 = start_frame(rng), d0 = frames_per_file / 2 + start_frame(rng);
      const auto bell_dir = directions[pick(rng)], dog_dir = directions[pick(rng)];
      const std::vector<Source> sources{{0, b0, b0 + 8, bell_dir.first, bell_dir.second},
                                        {1, d0, d0 + 6, dog_dir.first, dog_dir.second}};
      nlohmann::json events = nlohmann::json::array();
      for (const Source& s : sources) {
        events.push_back({{"label", vocabulary[s.label]},
                          {"start", s.first * hop},
                          {"end", s.last * hop},
                          {"direction", {s.az, s.el}}});
      }
      split.split_json[file] = events;
      for (int t = 0; t < frames_per_file; ++t) {
        nlohmann::json labels = nlohmann::json::array();
        float features[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (const Source& s : sources) {
          if (t < s.first || t > s.last) continue;
          labels.push_back({vocabulary[s.label], {s.az, s.el}});
          float* v = features + 4 * s.label;
          v[0] = 1.0f;
          v[1] = static_cast<float>(std::cos(s.az * kDeg) * std::cos(s.el * kDeg));
          v[2] = static_cast<float>(std::sin(s.az * kDeg) * std::cos(s.el * kDeg));
          v[3] = static_cast<float>(std::sin(s.el * kDeg));
        }
        split.row_labels.push_back(labels);
        for (float value : features) split.embeddings.push_back(2.0f * value + noise(rng));
        split.filename_timestamps.push_back({"/embeddings/model/task/" + name + "/" + file, t * hop});
        ++split.rows;
      }
    }
    splits.push_back(std::move(split));
  }
  nlohmann::json metadata = {
      {"task_name", "synthetic_accdoa"},
      {"embedding_type", "event"},
      {"prediction_type", "accdoa"},
      {"split_mode", "trainvaltest"},
      {"splits", {"train", "valid", "test"}},
      {"evaluation", {"SELD", "OldSELD"}},
      {"source_dynamics", "static"},
      {"sample_duration", frames_per_file * hop / 1000.0},
      {"scoring_params",
       {{"doa_threshold", 20}, {"average", "macro"}, {"azimuth_limits", {-180, 180}}, {"elevation_limits", {-40, 50}},
        {"doa_resolution", 10}}},
      {"evaluation_params",
       {{"task_specific_param_grid",
         {{"max_epochs", {150}}, {"lr", {1e-2}}, {"batch_size", {64}}, {"check_val_every_n_epoch", {10}},
          {"patience", {20}}, {"hidden_layers", {0}}}}}}};
  metadata.merge_patch(metadata_patch);
  write_task(task_dir, metadata, vocabulary, splits);
}

}  // namespace gramt::eval::predict::testing
