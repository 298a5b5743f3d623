#include "core/eval/tasks/embed_tasks.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <future>
#include <memory>
#include <optional>

#include "core/audio/audio_file.h"
#include "core/analysis/foa_normalisation_check.h"
#include "core/audio/ambisonic_format.h"
#include "core/audio/channel_policy.h"
#include "core/audio/resample.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/file_lock.h"
#include "core/io/json_file.h"
#include "core/eval/format/embeddings_folder_layout.h"
#include "core/eval/tasks/embedding_task_writer.h"
#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::tasks {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

void say(const EmbedTasksParams& params, const std::string& line) {
  if (params.log) params.log(line);
}


// Where one task's embeddings go: one folder, or one per layer of a sweep.
struct TaskOutput {
  std::string model_tag, work, final_dir;
  Json manifest;  // the caller's, with the sweep's layer in it
  std::optional<int> layer;  // sweep only
};

struct PlannedTask {
  std::string name;
  std::string output_dir;
  std::vector<TaskOutput> outputs;
  std::optional<TaskFolder> folder;  // empty when reading it failed
  std::string read_error;
  size_t planned_files = 0;  // this shard's share of the clips, for the progress bar
};

constexpr const char* kManifestFile = "embedding-manifest.json";
constexpr const char* kAssembleLock = ".assemble.lock";

// A batch: consecutive clips of one split. The batches are fixed by the clip list alone (counts and
// durations), so a clip is always embedded among the same neighbours — after a resume, in any
// shard — and its embedding is the same to the bit.
struct PlannedBatch {
  const format::SplitLabels* split = nullptr;
  size_t first = 0, count = 0;
};

// `clip_lengths[s][i]`: the length of split s's clip i (check_task_audio).
std::vector<PlannedBatch> plan_batches(const TaskFolder& task, const std::vector<std::vector<double>>& clip_lengths,
                                       const EmbedTasksParams& params) {
  std::vector<PlannedBatch> batches;
  const int64_t most_clips = std::max<int64_t>(1, params.batch_clips);
  for (size_t s = 0; s < task.splits.size(); ++s) {
    const format::SplitLabels& split = task.splits[s];
    PlannedBatch batch{&split, 0, 0};
    double seconds = 0.0;
    for (size_t i = 0; i < split.files.size(); ++i) {
      const double clip_seconds = clip_lengths.at(s).at(i);
      if (batch.count > 0 && (static_cast<int64_t>(batch.count) >= most_clips || seconds + clip_seconds > params.batch_seconds)) {
        batches.push_back(batch);
        batch = PlannedBatch{&split, i, 0};
        seconds = 0.0;
      }
      ++batch.count;
      seconds += clip_seconds;
    }
    if (batch.count > 0) batches.push_back(batch);
  }
  return batches;
}

bool mine(size_t batch_index, const EmbedTasksParams& params) {
  return static_cast<int>(batch_index % static_cast<size_t>(params.shard_count)) == params.shard_index;
}

// What an unfinished working folder was made with: the caller's manifest and the clip list.
Json run_manifest(const TaskFolder& task, const EmbedTasksParams& params, const Json& embeddings_manifest) {
  Json clips = Json::object();
  for (const format::SplitLabels& split : task.splits) {
    uint64_t hash = 1469598103934665603ULL;  // FNV-1a over the names: a changed list is caught cheaply
    for (const auto& f : split.files)
      for (char c : f.name + "\n") hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    clips[split.split] = std::to_string(split.files.size()) + " files, names " + hex;
  }
  Json m = Json::object();
  m["embeddings"] = embeddings_manifest.is_null() ? Json::object() : embeddings_manifest;
  m["clips"] = clips;
  m["batch_clips"] = params.batch_clips;
  m["batch_seconds"] = params.batch_seconds;
  return m;
}

// "name=value (was other)" for every entry that differs, in the order of the new manifest.
std::string manifest_differences(const Json& before, const Json& now) {
  std::string out;
  const auto add = [&out](const std::string& key, const Json& was, const Json& is) {
    out += (out.empty() ? "" : ", ") + key + " " + (is.is_string() ? is.get<std::string>() : is.dump()) + " (it was " +
           (was.is_null() ? std::string("not set") : was.is_string() ? was.get<std::string>() : was.dump()) + ")";
  };
  for (const char* group : {"embeddings", "clips"}) {
    const Json& a = before.contains(group) ? before[group] : Json::object();
    const Json& b = now[group];
    for (auto it = b.begin(); it != b.end(); ++it)
      if (!a.contains(it.key()) || a[it.key()] != it.value()) add(it.key(), a.contains(it.key()) ? a[it.key()] : Json(), it.value());
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key())) add(it.key(), it.value(), Json());
  }
  for (const char* key : {"batch_clips", "batch_seconds"})
    if (before.value(key, Json()) != now[key]) add(key, before.value(key, Json()), now[key]);
  return out;
}

// Makes the working folder ready for this run: a fresh one gets the manifest; an unfinished one is
// resumed when its manifest matches, started over with `force`, refused otherwise.
void open_working_dir(const TaskFolder& task, const EmbedTasksParams& params, const TaskOutput& output) {
  const std::string& work = output.work;
  const Json manifest = run_manifest(task, params, output.manifest);
  const std::string path = (fs::path(work) / kManifestFile).string();
  std::error_code ec;
  if (fs::exists(path, ec)) {
    const Json before = Json::parse(io::read_text_file(path, "embedding manifest"), nullptr, false);
    if (!before.is_discarded() && before == manifest) return;
    if (!params.force) {
      const std::string what = before.is_discarded() ? std::string("an unreadable manifest") : manifest_differences(before, manifest);
      throw Error(task.name + ": an unfinished embedding in " + work + " differs from this run: " + what +
                  "; run with the same options to finish it, or with --force to start it over");
    }
    say(params, task.name + ": --force: starting over (the unfinished embedding in " + work + " differs from this run)");
    fs::remove_all(work, ec);
    if (ec) throw Error(work + ": cannot remove the unfinished embedding (" + ec.message() + ")");
  }
  fs::create_directories(work, ec);
  if (ec) throw Error(work + ": cannot create (" + ec.message() + ")");
  write_file_atomically(path, manifest.dump(2));
}

// The task's own "ambisonic_format" when its metadata has one, else the run's.
audio::FoaFormat declared_foa_format(const TaskFolder& task, audio::FoaFormat fallback) {
  const auto& raw = task.metadata.raw;
  if (!raw.contains("ambisonic_format")) return fallback;
  const auto& value = raw.at("ambisonic_format");
  if (!value.is_string())
    throw Error(task.metadata.source + ": \"ambisonic_format\" must be a string (ambix, n3d, fuma or wxyz)");
  return audio::parse_foa_format(value.get<std::string>(), task.metadata.source + ": \"ambisonic_format\"");
}

// Embeds this process's clips of one task into its working folder, and assembles the task when
// every clip is there. `done_files`/`total_files` drive the overall progress.
void embed_one(ClipEmbedder& embedder, const TaskFolder& task, const EmbedTasksParams& params,
               const std::vector<TaskOutput>& outputs, TaskEmbedOutcome& outcome, const ProgressSink& progress,
               size_t& done_files, size_t total_files) {
  const int model_rate = embedder.sample_rate();
  const AudioSourceChoice source = choose_audio_source(task, model_rate);
  if (!source.warning.empty()) {
    outcome.warnings.push_back(source.warning);
    say(params, source.warning);
  }
  const std::vector<std::vector<double>> clip_lengths = check_task_audio(task, source.folder_rate);
  for (const TaskOutput& output : outputs) open_working_dir(task, params, output);
  const std::string& work = outputs.front().work;  // the shard locks live in the first

  const std::string shard_name = std::to_string(params.shard_index) + "/" + std::to_string(params.shard_count);
  std::optional<FileLock> shard_lock;
  if (!params.merge_only) {
    std::string holder;
    shard_lock = FileLock::try_acquire(
        (fs::path(work) / (".shard-" + std::to_string(params.shard_index) + "-of-" + std::to_string(params.shard_count) + ".lock")).string(),
        &holder);
    if (!shard_lock) throw Error(task.name + ": shard " + shard_name + " is being embedded by " + holder + " already");
  }

  const auto start = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<EmbeddingTaskWriter>> writers;
  for (const TaskOutput& output : outputs) {
    writers.push_back(std::make_unique<EmbeddingTaskWriter>(task, output.work, output.final_dir));
    for (const format::SplitLabels& split : task.splits) writers.back()->prepare_split(split.split);
  }
  const auto written_everywhere = [&writers](const std::string& split, const std::string& file) {
    for (const auto& writer : writers)
      if (!writer->has_file(split, file)) return false;
    return true;
  };
  std::vector<int> sweep_layers;
  for (const TaskOutput& output : outputs)
    if (output.layer) sweep_layers.push_back(*output.layer);
  const std::vector<PlannedBatch> batches = plan_batches(task, clip_lengths, params);

  // Decoding and resampling of the next batch run on a loader thread while the model embeds this one.
  struct LoadedBatch {
    std::vector<audio::AudioBuffer> clips;
    std::vector<std::string> names;
  };
  const audio::FoaFormat foa_format = declared_foa_format(task, params.foa_format);
  if (!batches.empty() && !params.merge_only) {
    // One look per task: the channel policy from its first clip, and for FOA the normalisation check
    // on its first clips pooled (up to 8 clips or 60 s): one short tonal clip in a room can look like
    // FuMa, a handful of clips cannot (a wrong declaration shows in every clip alike).
    const PlannedBatch& first = batches.front();
    const std::string path = task.audio_path(source.folder_rate, first.split->split, first.split->files[first.first].name);
    const int channels = audio::probe_audio(path).channels;
    const std::string note = audio::channel_policy_note(channels, embedder.model_channels());
    if (!note.empty()) say(params, task.name + ": " + note);
    if (channels == 4) {
      std::vector<std::vector<float>> pooled(4);
      size_t clips = 0;
      for (const PlannedBatch& b : batches) {
        for (size_t i = b.first; i < b.first + b.count && clips < 8 &&
                                 pooled[0].size() < static_cast<size_t>(60 * source.folder_rate);
             ++i, ++clips) {
          const audio::AudioBuffer clip =
              audio::read_audio(task.audio_path(source.folder_rate, b.split->split, b.split->files[i].name));
          if (clip.channel_count() != 4) break;
          for (size_t c = 0; c < 4; ++c) pooled[c].insert(pooled[c].end(), clip.channels[c].begin(), clip.channels[c].end());
        }
        if (clips >= 8) break;
      }
      const std::string what = task.name + " (its first " + std::to_string(clips) + " clips, e.g. " + path + ")";
      if (auto warning = analysis::foa_normalisation_warning(pooled, foa_format, what)) {
        outcome.warnings.push_back(*warning);
        say(params, "warning: " + *warning);
      }
    }
  }
  const auto load = [&](const PlannedBatch& b) {
    LoadedBatch loaded;
    for (size_t i = b.first; i < b.first + b.count; ++i) {
      const std::string path = task.audio_path(source.folder_rate, b.split->split, b.split->files[i].name);
      audio::AudioBuffer clip = audio::read_audio(path);
      if (clip.sample_rate != source.folder_rate) {
        throw Error(path + ": sample rate " + std::to_string(clip.sample_rate) + " Hz inside the " +
                    std::to_string(source.folder_rate) + "/ folder");
      }
      if (source.resample) clip = audio::resample(clip, model_rate);
      if (clip.channel_count() == 4)
        clip.channels = audio::convert_foa(clip.channels, foa_format, audio::FoaFormat::kWxyz, path);
      loaded.clips.push_back(std::move(clip));
      loaded.names.push_back(path);
    }
    return loaded;
  };
  std::vector<const PlannedBatch*> todo;
  for (size_t b = 0; b < batches.size() && !params.merge_only; ++b) {
    if (!mine(b, params)) continue;
    const PlannedBatch& batch = batches[b];
    bool complete = true;
    for (size_t i = batch.first; i < batch.first + batch.count && complete; ++i)
      complete = written_everywhere(batch.split->split, batch.split->files[i].name);
    if (complete) {
      outcome.files_reused += static_cast<int64_t>(batch.count);
      done_files += batch.count;
    } else {
      todo.push_back(&batch);  // a batch cut short by a kill is embedded again whole, with the same neighbours
    }
  }
  if (outcome.files_reused > 0)
    say(params, task.name + ": " + std::to_string(outcome.files_reused) + " clips embedded by an earlier run, kept");
  std::future<LoadedBatch> next;
  if (!todo.empty()) next = std::async(std::launch::async, load, std::cref(*todo.front()));
  for (size_t t = 0; t < todo.size(); ++t) {
    progress.checkpoint();
    const PlannedBatch& batch = *todo[t];
    LoadedBatch loaded = next.get();
    if (t + 1 < todo.size()) next = std::async(std::launch::async, load, std::cref(*todo[t + 1]));
    ProgressSink inner;
    inner.cancel = progress.cancel;
    const size_t base = done_files;
    inner.on_progress = [&, base](double f, const std::string&) {
      const double done = static_cast<double>(base) + f * static_cast<double>(batch.count);
      progress.report(total_files ? done / static_cast<double>(total_files) : 1.0, task.name + " " + batch.split->split);
    };
    std::vector<std::vector<ClipEmbedding>> embeddings;  // [output][clip]
    try {
      if (sweep_layers.empty()) {
        embeddings.push_back(embedder.embed_many(loaded.clips, loaded.names, inner));
      } else {
        embeddings = embedder.embed_many_at_layers(sweep_layers, loaded.clips, loaded.names, inner);
      }
    } catch (...) {
      if (next.valid()) next.wait();  // the loader thread must not outlive what it reads
      throw;
    }
    for (const auto& layer : embeddings) {
      if (embeddings.size() == writers.size() && layer.size() == batch.count) continue;
      if (next.valid()) next.wait();
      throw Error(task.name + ": the model returned " + std::to_string(layer.size()) + " embeddings for " +
                  std::to_string(batch.count) + " clips");
    }
    for (size_t o = 0; o < writers.size(); ++o)
      for (size_t i = 0; i < batch.count; ++i)
        writers[o]->write_file(batch.split->split, batch.split->files[batch.first + i], embeddings[o][i]);
    done_files += batch.count;
    outcome.files += static_cast<int64_t>(batch.count);
    progress.report(total_files ? static_cast<double>(done_files) / static_cast<double>(total_files) : 1.0,
                    task.name + " " + batch.split->split);
  }

  // Assembled by whichever process finds every clip embedded.
  for (const format::SplitLabels& split : task.splits)
    for (const auto& f : split.files)
      if (!written_everywhere(split.split, f.name)) ++outcome.files_missing;
  if (outcome.files_missing > 0) {
    outcome.status = TaskEmbedStatus::shard_done;
    return;
  }
  for (size_t o = 0; o < outputs.size(); ++o) {
    const std::string& output_work = outputs[o].work;
    const std::string& final_dir = outputs[o].final_dir;
    std::string holder;
    std::optional<FileLock> assembling = FileLock::try_acquire((fs::path(output_work) / kAssembleLock).string(), &holder);
    if (!assembling || is_task_embedded(final_dir)) {
      outcome.status = TaskEmbedStatus::shard_done;  // another process assembles (or has assembled) it
      return;
    }
    EmbeddingTaskWriter& writer = *writers[o];
    for (const format::SplitLabels& split : task.splits) writer.assemble_split(split.split);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    writer.finish(elapsed, params.device_name);
    // The working folder's own files stay behind; then it becomes the kits' folder.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(output_work, ec)) {
      const std::string name = entry.path().filename().string();
      if (name == kManifestFile || (name.rfind(".shard-", 0) == 0) || name == kAssembleLock) fs::remove(entry.path(), ec);
    }
    remove_abandoned_temporaries(output_work);
    if (fs::exists(final_dir, ec)) {
      // An incomplete folder of the same name (a run of the kit killed half way) is replaced, as the kit replaces it.
      say(params, task.name + ": replacing the incomplete " + final_dir);
      fs::remove_all(final_dir, ec);
      if (ec) throw Error(final_dir + ": cannot remove the incomplete folder (" + ec.message() + ")");
    }
    fs::rename(output_work, final_dir, ec);
    if (ec) throw Error(final_dir + ": cannot move the finished task into place (" + ec.message() + ")");
  }
  outcome.status = TaskEmbedStatus::embedded;
}

}  // namespace

size_t EmbedTasksSummary::count(TaskEmbedStatus status) const {
  return static_cast<size_t>(
      std::count_if(tasks.begin(), tasks.end(), [status](const TaskEmbedOutcome& t) { return t.status == status; }));
}

std::string task_output_dir(const EmbedTasksParams& params, const std::string& task) {
  return format::EmbeddingsFolderLayout(params.embeddings_dir, params.model_tag, task).root();
}

std::string task_working_dir(const EmbedTasksParams& params, const std::string& task) {
  return (fs::path(params.embeddings_dir) / params.model_tag / ("." + task + ".partial")).string();
}

std::pair<int, int> parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  const auto number = [&](const std::string& part) {
    if (part.empty() || part.size() > 6 || part.find_first_not_of("0123456789") != std::string::npos)
      throw Error("--shard '" + text + "': expected K/N with whole numbers, e.g. 0/4 (the first of four)");
    return std::stoi(part);
  };
  if (slash == std::string::npos) number("");
  const int k = number(text.substr(0, slash)), n = number(text.substr(slash + 1));
  if (n < 1) throw Error("--shard '" + text + "': N must be at least 1");
  if (k >= n) throw Error("--shard '" + text + "': K counts from 0, so it must be below N (" + std::to_string(n) + ")");
  return {k, n};
}

bool is_task_embedded(const std::string& output_dir) {
  std::error_code ec;
  return fs::is_regular_file(format::EmbeddingsFolderLayout(output_dir).done_file(), ec);
}

EmbedTasksSummary embed_tasks(ClipEmbedder& embedder, const EmbedTasksParams& params, const ProgressSink& progress) {
  if (params.shard_count < 1 || params.shard_index < 0 || params.shard_index >= params.shard_count)
    throw Error("shard " + std::to_string(params.shard_index) + "/" + std::to_string(params.shard_count) +
                ": K counts from 0 and must be below N");
  const std::vector<std::string> tags = params.layers.empty() ? std::vector<std::string>{params.model_tag} : params.layer_model_tags;
  if (tags.size() != std::max<size_t>(1, params.layers.size()))
    throw Error("a layer sweep needs one model tag per layer (" + std::to_string(params.layers.size()) + " layers, " +
                std::to_string(params.layer_model_tags.size()) + " tags)");
  if (!params.layers.empty() && params.shard_count > 1)
    throw Error("a layer sweep (--layers) embeds in one process: give no --shard");
  if (!params.layers.empty()) {
    const int depth = embedder.encoder_depth();
    for (int layer : params.layers)
      if (layer < 0 || layer > depth)
        throw Error("--layers: layer " + std::to_string(layer) + " is beyond the model's depth (" + std::to_string(depth) +
                    " encoder blocks: layers 0 to " + std::to_string(depth) + ")");
  }
  for (const std::string& tag : tags)
    if (tag.empty() || tag.find('/') != std::string::npos || tag[0] == '.')
      throw Error("model tag '" + tag + "' cannot be a folder name");
  std::vector<std::string> names = params.task_names;
  if (names.empty()) names = list_task_folders(params.tasks_dir);
  if (names.empty()) throw Error(params.tasks_dir + ": no task folders");
  std::error_code ec;
  for (const std::string& tag : tags) {
    const std::string model_root = (fs::path(params.embeddings_dir) / tag).string();
    fs::create_directories(model_root, ec);
    if (ec) throw Error(model_root + ": cannot create the embeddings folder (" + ec.message() + ")");
  }

  // Read every task first: the progress bar needs the file count, and a bad folder is reported
  // before any model time is spent.
  std::vector<PlannedTask> plan;
  size_t total_files = 0;
  for (const std::string& name : names) {
    PlannedTask p;
    p.name = name;
    for (size_t l = 0; l < tags.size(); ++l) {
      EmbedTasksParams tagged = params;
      tagged.model_tag = tags[l];
      TaskOutput output{tags[l], task_working_dir(tagged, name), task_output_dir(tagged, name), params.manifest, std::nullopt};
      if (!params.layers.empty()) {
        output.layer = params.layers[l];
        if (output.manifest.is_object()) output.manifest["layer"] = std::to_string(params.layers[l]);  // as embedding_manifest writes it
      }
      if (!is_task_embedded(output.final_dir)) p.outputs.push_back(std::move(output));
    }
    p.output_dir = task_output_dir(params, name);
    if (!params.layers.empty()) {
      EmbedTasksParams first = params;
      first.model_tag = tags.front();
      p.output_dir = task_output_dir(first, name);
    }
    const std::string task_dir = (fs::path(params.tasks_dir) / name).string();
    if (!fs::is_directory(task_dir, ec)) throw Error(task_dir + ": no such task folder");
    if (!p.outputs.empty()) {
      try {
        p.folder = read_task_folder(task_dir);
        const size_t shards = static_cast<size_t>(params.shard_count);
        p.planned_files = params.merge_only ? 0 : (p.folder->file_count() + shards - 1) / shards;
        total_files += p.planned_files;
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        p.read_error = e.what();
      }
    }
    plan.push_back(std::move(p));
  }

  EmbedTasksSummary summary;
  size_t done_files = 0;
  for (PlannedTask& p : plan) {
    TaskEmbedOutcome outcome;
    outcome.task = p.name;
    outcome.output_dir = p.output_dir;
    if (p.outputs.empty()) {
      outcome.status = TaskEmbedStatus::skipped;
      say(params, p.name + ": already embedded in " + p.output_dir + (tags.size() > 1 ? " (and every other layer)" : "") +
                      ", skipped");
      summary.tasks.push_back(std::move(outcome));
      continue;
    }
    if (!p.folder) {
      outcome.status = TaskEmbedStatus::failed;
      outcome.error = p.read_error;
      say(params, p.name + ": failed: " + p.read_error);
      summary.tasks.push_back(std::move(outcome));
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    const size_t files_before = done_files;
    try {
      embed_one(embedder, *p.folder, params, p.outputs, outcome, progress, done_files, total_files);
      if (outcome.status == TaskEmbedStatus::shard_done)
        say(params, p.name + ": shard " + std::to_string(params.shard_index) + "/" + std::to_string(params.shard_count) +
                        " done; " + std::to_string(outcome.files_missing) +
                        " clips wait for other shards (the last one to finish, or embed-tasks --merge, assembles the task)");
    } catch (const Cancelled&) {
      throw;  // the working folder keeps what is done: the next run resumes there
    } catch (const std::exception& e) {
      outcome.status = TaskEmbedStatus::failed;
      outcome.error = e.what();
      done_files = files_before + p.planned_files;  // keep the bar moving past the failed task
      say(params, p.name + ": failed: " + outcome.error);
    }
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary.tasks.push_back(std::move(outcome));
  }
  progress.report(1.0, "done");
  return summary;
}

}  // namespace gramt::eval::tasks
