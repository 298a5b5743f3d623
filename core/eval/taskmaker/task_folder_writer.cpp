#include "core/eval/taskmaker/task_folder_writer.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/audio/audio_file.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/format/task_folder_layout.h"
#include "core/eval/format/clip_metadata.h"
#include "core/eval/taskmaker/clip_tools.h"
#include "core/eval/format/label_vocabulary.h"

namespace gramt::eval::taskmaker {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// The project's atomic writer: a reader never sees half a file, even after a kill.
void write_text(const std::string& path, const std::string& text) { write_file_atomically(path, text); }

std::string tsv_cell(std::string text) {
  std::replace(text.begin(), text.end(), '\t', ' ');
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::string label_cell(const Json& label) { return label.is_string() ? label.get<std::string>() : label.dump(); }

Json metadata_of(const TaskSpec& task, int sample_rate, uint64_t seed) {
  Json m = Json::object();
  m["task_name"] = task.task_name;
  m["version"] = task.version;
  m["mode"] = task.mode;
  m["embedding_type"] = task.embedding_type;
  m["prediction_type"] = task.prediction_type;
  m["split_mode"] = task.split_mode;
  m["splits"] = task.splits;
  if (task.split_mode != "trainvaltest") m["nfolds"] = task.splits.size();
  m["sample_duration"] = task.sample_duration;
  m["evaluation"] = task.evaluation;
  for (auto it = task.extra_metadata.begin(); it != task.extra_metadata.end(); ++it) m[it.key()] = it.value();
  m["sample_rates"] = {sample_rate};
  m["description"] = task.description;
  Json sources = Json::array();
  for (const MaterialSource& s : task.sources) sources.push_back({{"package", s.package}, {"what", s.what}, {"licence", s.licence}});
  m["sources"] = sources;
  m["generator"] = {{"program", "gramt-cli make-tasks"}, {"seed", seed}, {"size", task.mode}};
  return m;
}

}  // namespace

std::string write_task_folder(const TaskSpec& task, const std::string& tasks_dir, int sample_rate, uint64_t seed) {
  const std::string final_dir = (fs::path(tasks_dir) / task.folder_name()).string();
  const std::string temp_dir =
      (fs::path(tasks_dir) / ("." + task.folder_name() + ".partial-" + std::to_string(::getpid()))).string();
  const format::TaskFolderLayout layout(temp_dir);
  std::error_code ec;
  fs::remove_all(temp_dir, ec);
  try {
    // Split files, keys sorted by file name as hear-preprocess writes them.
    std::map<std::string, std::map<std::string, const TaskClip*>> by_split;
    for (const std::string& split : task.splits) by_split[split];
    for (const TaskClip& clip : task.clips) {
      auto it = by_split.find(clip.split);
      if (it == by_split.end()) throw Error(task.task_name + ": clip " + clip.file + " is in unknown split " + clip.split);
      if (!it->second.emplace(clip.file, &clip).second)
        throw Error(task.task_name + ": two clips named " + clip.split + "/" + clip.file);
      if (clip.audio.sample_rate != sample_rate)
        throw Error(task.task_name + ": clip " + clip.file + " is at " + std::to_string(clip.audio.sample_rate) + " Hz");
    }
    fs::create_directories(temp_dir);
    std::string manifest = "split\tfile\tlabel\tpackage\tsource\tlicence\ttransforms\n";
    for (const std::string& split : task.splits) {
      const auto& clips = by_split.at(split);
      if (clips.empty()) throw Error(task.task_name + ": split " + split + " has no clips");
      Json labels = Json::object();
      Json clip_metadata = Json::object();
      const fs::path audio_dir = layout.audio_dir(sample_rate, split);
      fs::create_directories(audio_dir);
      for (const auto& [file, clip] : clips) {
        labels[file] = clip->labels;
        if (!clip->metadata.empty()) clip_metadata[file] = clip->metadata;
        audio::AudioBuffer audio = clip->audio;
        limit_peak(audio, 0.99);  // 16-bit PCM clips above full scale
        audio::write_wav((audio_dir / file).string(), audio, "pcm16");
        manifest += split + "\t" + file + "\t" + tsv_cell(clip->labels.dump()) + "\t" + tsv_cell(clip->origin.package) +
                    "\t" + tsv_cell(clip->origin.source) + "\t" + tsv_cell(clip->origin.licence) + "\t" +
                    tsv_cell(clip->origin.transforms) + "\n";
      }
      write_text(layout.split_labels_file(split), labels.dump());
      if (!clip_metadata.empty())
        write_text(layout.clip_metadata_file(split), clip_metadata.dump(1));
    }
    std::vector<std::string> vocabulary;
    for (const Json& label : task.vocabulary) vocabulary.push_back(label_cell(label));
    write_text(layout.vocabulary_file(), format::format_label_vocabulary(vocabulary));
    write_text(layout.metadata_file(), metadata_of(task, sample_rate, seed).dump(4));
    write_text((fs::path(temp_dir) / "MANIFEST.tsv").string(), manifest);

    if (fs::exists(final_dir, ec)) throw Error(final_dir + ": already exists; remove it to rebuild this task");
    fs::rename(temp_dir, final_dir, ec);
    if (ec) throw Error(final_dir + ": cannot move the finished task into place (" + ec.message() + ")");
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(temp_dir, ec);
    throw Error(std::string(e.what()));
  } catch (...) {
    fs::remove_all(temp_dir, ec);
    throw;
  }
  return final_dir;
}

}  // namespace gramt::eval::taskmaker
