#include "core/eval/benchmark/evaluate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/benchmark/score_normalisation.h"
#include "core/eval/predict/kit_json.h"
#include "core/eval/predict/predicted_scores_file.h"
#include "core/eval/taskmaker/make_tasks.h"
#include "core/eval/tasks/embed_tasks.h"
#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::benchmark {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

void say(const EvaluateParams& params, const std::string& line) {
  if (params.log) params.log(line);
}

bool has_task_folders(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  return !tasks::list_task_folders(dir).empty();
}

Json read_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  try {
    return Json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
}

std::string number_text(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// JSON has no NaN: the results file writes null for a missing value.
Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

void fill_scores(TaskResult& r, const tasks::TaskFolder& task, const Json& scores) {
  for (const std::string& name : task.metadata.evaluation) r.test_scores[name] = number_or_null(test_score_from_kit_json(scores, name));
  r.primary_score = task.metadata.evaluation.front();
  r.value = test_score_from_kit_json(scores, r.primary_score);
  const auto scale = naive_score_scale(r.primary_score, task);
  if (scale) {
    r.naive = scale->naive;
    r.normalised = normalised_score(r.value, *scale);
  }
}

}  // namespace

size_t EvaluationResults::failures() const {
  size_t n = 0;
  for (const TaskResult& t : tasks) n += t.status != "ok";
  return n;
}

double test_score_from_kit_json(const Json& scores, const std::string& score) {
  const auto value_at = [](const Json& object, const std::string& key) {
    if (!object.is_object() || !object.contains(key)) return std::nan("");
    const Json& v = object[key];
    return v.is_number() ? v.get<double>() : std::nan("");
  };
  if (scores.contains("aggregated_scores")) return value_at(scores["aggregated_scores"], "test_" + score + "_mean");
  if (scores.contains("test")) return value_at(scores["test"], "test_" + score);
  return std::nan("");
}

EvaluationResults run_evaluation(tasks::ClipEmbedder& embedder, const EvaluateParams& params,
                                 const ProgressSink& progress) {
  // 1. Tasks: built when there are none.
  if (!has_task_folders(params.tasks_dir)) {
    say(params, params.tasks_dir + ": no task folders; building the mini benchmark (make-tasks --size " +
                    params.make_tasks_size + ")");
    taskmaker::MakeTasksParams make;
    make.out_dir = params.tasks_dir;
    make.seed = params.make_tasks_seed;
    make.size = params.make_tasks_size;
    make.log = params.log;
    ProgressSink stage;
    stage.cancel = progress.cancel;
    stage.on_progress = [&](double f, const std::string& what) { progress.report(0.2 * f, "make-tasks " + what); };
    taskmaker::make_tasks(make, stage);
  }

  // 2. Embeddings.
  tasks::EmbedTasksParams embed;
  embed.tasks_dir = params.tasks_dir;
  embed.task_names = params.task_names;
  embed.embeddings_dir = params.embeddings_dir;
  embed.model_tag = params.model_tag;
  embed.batch_clips = params.batch_clips;
  embed.device_name = params.device_name;
  embed.log = params.log;
  ProgressSink embed_stage;
  embed_stage.cancel = progress.cancel;
  embed_stage.on_progress = [&](double f, const std::string& what) { progress.report(0.2 + 0.3 * f, what); };
  const tasks::EmbedTasksSummary embedded = tasks::embed_tasks(embedder, embed, embed_stage);

  // 3. Predictions, one task at a time.
  EvaluationResults results;
  results.model_tag = params.model_tag;
  const size_t count = embedded.tasks.size();
  for (size_t i = 0; i < count; ++i) {
    const tasks::TaskEmbedOutcome& e = embedded.tasks[i];
    TaskResult r;
    r.task = e.task;
    if (e.status == tasks::TaskEmbedStatus::failed) {
      r.status = "embedding failed";
      r.error = e.error;
      results.tasks.push_back(std::move(r));
      continue;
    }
    try {
      const tasks::TaskFolder task = tasks::read_task_folder((fs::path(params.tasks_dir) / e.task).string());
      predict::PredictParams p = params.predict;
      // The kits run scene localization through --localization <type>.
      if (task.metadata.is_localization()) p.localization = task.metadata.prediction_type_text;
      ProgressSink stage;
      stage.cancel = progress.cancel;
      const double base = 0.5 + 0.5 * static_cast<double>(i) / static_cast<double>(count);
      stage.on_progress = [&, base](double f, const std::string& what) {
        progress.report(base + 0.5 * f / static_cast<double>(count), e.task + " " + what);
      };
      const predict::TaskPredictionResult predicted = predict::predict_task(e.output_dir, p, stage);
      r.scores_path = (fs::path(e.output_dir) / predict::predicted_scores_filename(!p.localization.empty())).string();
      // A task predicted before (done file present) is read back, not retrained.
      const Json scores = predicted.skipped ? read_json(r.scores_path) : predicted.scores;
      fill_scores(r, task, scores);
      r.status = "ok";
      say(params, e.task + ": " + r.primary_score + " " + number_text(r.value, 4));
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& ex) {
      r.status = "prediction failed";
      r.error = ex.what();
      say(params, e.task + ": prediction failed: " + r.error);
    }
    results.tasks.push_back(std::move(r));
  }

  double sum = 0.0;
  size_t n = 0;
  for (const TaskResult& r : results.tasks) {
    if (r.status == "ok" && std::isfinite(r.normalised)) {
      sum += r.normalised;
      ++n;
    }
  }
  if (n > 0) results.mean_normalised = sum / static_cast<double>(n);
  results.results_path = params.results_path.empty()
                             ? (fs::path(params.embeddings_dir) / params.model_tag / "results.json").string()
                             : params.results_path;
  write_file_atomically(results.results_path, predict::dump_kit_json(results_json(results)) + "\n");
  progress.report(1.0, "done");
  return results;
}

Json results_json(const EvaluationResults& results) {
  Json out = Json::object();
  out["model_tag"] = results.model_tag;
  Json tasks = Json::array();
  for (const TaskResult& r : results.tasks) {
    Json t = Json::object();
    t["task"] = r.task;
    t["status"] = r.status;
    if (!r.error.empty()) t["error"] = r.error;
    t["primary_score"] = r.primary_score;
    t["test_score"] = number_or_null(r.value);
    t["naive_score"] = number_or_null(r.naive);
    t["normalised_score"] = number_or_null(r.normalised);
    t["test_scores"] = r.test_scores;
    t["scores_path"] = r.scores_path;
    tasks.push_back(std::move(t));
  }
  out["tasks"] = std::move(tasks);
  out["mean_normalised_score"] = number_or_null(results.mean_normalised);
  out["normalisation"] =
      "100 * clip((score - naive) / (ideal - naive), 0, 1) on the primary score; naive = a predictor that ignores "
      "the audio (majority class, class prevalence, chance AUC, no events, mean direction)";
  return out;
}

std::string format_results_table(const EvaluationResults& results) {
  size_t task_width = 4, score_width = 5;
  for (const TaskResult& r : results.tasks) {
    task_width = std::max(task_width, r.task.size());
    score_width = std::max(score_width, r.primary_score.size());
  }
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %-*s  %9s  %9s  %10s\n", static_cast<int>(task_width), "task",
                static_cast<int>(score_width), "score", "test", "naive", "s(m) %");
  out << line;
  for (const TaskResult& r : results.tasks) {
    if (r.status != "ok") {
      std::snprintf(line, sizeof line, "%-*s  %s: %s\n", static_cast<int>(task_width), r.task.c_str(), r.status.c_str(),
                    r.error.substr(0, 200).c_str());
    } else {
      std::snprintf(line, sizeof line, "%-*s  %-*s  %9s  %9s  %10s\n", static_cast<int>(task_width), r.task.c_str(),
                    static_cast<int>(score_width), r.primary_score.c_str(), number_text(r.value, 4).c_str(),
                    number_text(r.naive, 4).c_str(), number_text(r.normalised, 1).c_str());
    }
    out << line;
  }
  std::snprintf(line, sizeof line, "mean s(m) over %s: %s\n", results.model_tag.c_str(),
                number_text(results.mean_normalised, 1).c_str());
  out << line;
  return out.str();
}

}  // namespace gramt::eval::benchmark
