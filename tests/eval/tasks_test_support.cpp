#include "tasks_test_support.h"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/audio/audio_file.h"

namespace gramt::eval::tasks::testing {

namespace fs = std::filesystem;

ScratchFolder::ScratchFolder(const std::string& tag) {
  static std::atomic<int> counter{0};
  path_ = (fs::temp_directory_path() /
           ("gramt-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
              .string();
  fs::remove_all(path_);
  fs::create_directories(path_);
}

ScratchFolder::~ScratchFolder() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ScratchFolder::file(const std::string& name) const { return (fs::path(path_) / name).string(); }

void write_text_file(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_marked_wav(const std::string& path, int rate, double seconds, int marker, int channels) {
  audio::AudioBuffer a;
  a.sample_rate = rate;
  const auto n = static_cast<size_t>(std::lround(seconds * rate));
  a.channels.assign(static_cast<size_t>(channels), std::vector<float>(n, 0.0f));
  for (auto& ch : a.channels) {
    for (size_t i = 0; i < n; ++i) ch[i] = 0.1f * std::sin(2.0f * 3.14159265f * 440.0f * static_cast<float>(i) / rate);
    ch[0] = static_cast<float>(marker) / 1000.0f;  // exact in PCM16 for small markers
  }
  fs::create_directories(fs::path(path).parent_path());
  audio::write_wav(path, a, "pcm16");
}

int marker_of(const audio::AudioBuffer& clip) {
  return static_cast<int>(std::lround(clip.channels.at(0).at(0) * 1000.0f));
}

namespace {

void write_common(const std::string& dir, const nlohmann::ordered_json& metadata, const std::string& vocabulary) {
  write_text_file(dir + "/task_metadata.json", metadata.dump(4));
  write_text_file(dir + "/labelvocabulary.csv", vocabulary);
}

}  // namespace

void make_scene_task(const std::string& dir, int rate) { make_scene_task(dir, rate, {2, 2, 2}, 0.5, "tiny_scene"); }

void make_scene_task(const std::string& dir, int rate, const std::vector<int>& files, double seconds,
                     const std::string& task_name) {
  nlohmann::ordered_json m;
  m["task_name"] = task_name;
  m["version"] = "v1";
  m["embedding_type"] = "scene";
  m["prediction_type"] = "multiclass";
  m["split_mode"] = "trainvaltest";
  m["splits"] = {"train", "valid", "test"};
  m["sample_duration"] = seconds;
  m["evaluation"] = {"top1_acc", "mAP"};
  write_common(dir, m, "idx,label\n0,cat\n1,dog\n");
  int marker = 1;
  const std::vector<std::string> splits{"train", "valid", "test"};
  for (size_t s = 0; s < splits.size(); ++s) {
    nlohmann::ordered_json labels;
    for (int i = 0; i < files.at(s); ++i) {
      const std::string name = splits[s] + "_" + std::to_string(i) + ".wav";
      labels[name] = {i % 2 == 0 ? "dog" : "cat"};
      write_marked_wav(dir + "/" + std::to_string(rate) + "/" + splits[s] + "/" + name, rate, seconds, marker++);
    }
    write_text_file(dir + "/" + splits[s] + ".json", labels.dump());
  }
}

void make_event_task(const std::string& dir, int rate) {
  nlohmann::ordered_json m;
  m["task_name"] = "tiny_event";
  m["embedding_type"] = "event";
  m["prediction_type"] = "multilabel";
  m["split_mode"] = "trainvaltest";
  m["splits"] = {"train", "valid", "test"};
  m["sample_duration"] = 1.0;
  m["evaluation"] = {"event_onset_200ms_fms", "segment_1s_er"};
  m["evaluation_params"] = {{"event_postprocessing_grid", {{"median_filter_ms", {250}}, {"min_duration", {125}}}}};
  write_common(dir, m, "idx,label\n0,beep\n1,knock\n");
  int marker = 1;
  for (const std::string split : {"train", "valid", "test"}) {
    nlohmann::ordered_json labels;
    for (int i = 0; i < 2; ++i) {
      const std::string name = split + "_" + std::to_string(i) + ".wav";
      labels[name] = nlohmann::ordered_json::array(
          {{{"label", "beep"}, {"start", 0.0}, {"end", 250.0}}, {{"label", "knock"}, {"start", 500.0}, {"end", 600.5}}});
      if (i == 1) labels[name] = nlohmann::ordered_json::array();  // a file without events
      write_marked_wav(dir + "/" + std::to_string(rate) + "/" + split + "/" + name, rate, 1.0, marker++);
    }
    write_text_file(dir + "/" + split + ".json", labels.dump());
  }
}

std::vector<ClipEmbedding> FakeEmbedder::embed_many(const std::vector<audio::AudioBuffer>& clips,
                                                    const std::vector<std::string>& names,
                                                    const ProgressSink& progress) {
  ++calls;
  clips_seen += static_cast<int64_t>(clips.size());
  std::vector<ClipEmbedding> out;
  for (size_t c = 0; c < clips.size(); ++c) {
    const auto m = static_cast<float>(marker_of(clips[c]));
    ClipEmbedding e;
    e.width = 4;
    e.frames = static_cast<int64_t>(std::floor(clips[c].seconds() / 0.25)) + 1;
    for (int64_t t = 0; t < e.frames; ++t) {
      e.timestamps_ms.push_back(250.0f * static_cast<float>(t));
      for (float v : {m, static_cast<float>(t), m + 0.5f, 1.0f}) e.timestamp_embeddings.push_back(v);
    }
    e.scene = {m, -m, 0.25f};
    out.push_back(std::move(e));
    progress.report(static_cast<double>(c + 1) / static_cast<double>(clips.size()), names[c]);
  }
  return out;
}

}  // namespace gramt::eval::tasks::testing
