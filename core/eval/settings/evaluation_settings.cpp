#include "core/eval/settings/evaluation_settings.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/common/error.h"
#include "core/eval/settings/evaluation_defaults.h"

namespace gramt::eval::settings {
namespace {

using config::KeyAnnotation;
using nlohmann::json;
constexpr std::optional<double> kAny = std::nullopt;
constexpr unsigned kAll = kPredict | kEmbedTasks | kEvaluate;

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

const std::vector<EvaluationSetting>& evaluation_setting_table() {
  namespace d = defaults;
  // Order: as a form shows them, the protocol first, then how the work runs.
  static const std::vector<EvaluationSetting> table = {
      {{"strategy", "string", d::kStrategy, kAny, kAny, {"raw", "mean", "sum", "cls"},
        "how the encoder's patch tokens become one vector per frame: raw | mean | sum | cls"},
       kEmbedTasks | kEvaluate},
      {{"layer", "int", nullptr, 0, kAny, {}, "use the output after this many encoder blocks (default: the last)"},
       kEmbedTasks | kEvaluate},
      {{"layers", "string", "", kAny, kAny, {},
        "a layer sweep: these encoder layers (e.g. 0,4,8,11, or all) embedded in one forward pass per clip, each "
        "predicted into its own <model tag>-layer=N folder"},
       kEvaluate},
      {{"grid", "string", d::kGrid, kAny, kAny, {"default", "fast", "faster"},
        "predictor grid: default | fast | faster (the kits' hyper-parameter grids)"},
       kPredict | kEvaluate},
      {{"grid-points", "int", d::kGridPoints, 1, d::kMaxGridPoints, {}, "grid configurations tried per task"},
       kPredict | kEvaluate},
      {{"seed", "int", d::kSeed, 0, kAny, {}, "seed of the grid-point choice and of every training"},
       kPredict | kEvaluate},
      {{"seeds", "string", "", kAny, kAny, {},
        "comma-separated seeds (e.g. 1,2,3): predict once per seed, report mean ± std (instead of --seed)"},
       kEvaluate},
      {{"kit", "string", d::kKit, kAny, kAny, {"hear", "listen"},
        "hear | listen: whose constants where the two kits differ (polar-regression: listen = tanh as "
        "listen-eval-kit, hear = identity as GRAM-T's copy)"},
       kPredict | kEvaluate},
      {{"localization", "string", "", kAny, kAny,
        {"cartesian-regression", "cartesian-z-regression", "distance-regression", "polar-regression",
         "polar-classification"},
        "scene tasks: predict this localization form instead of the task's prediction_type (writes the "
        "-localization files)"},
       kPredict},
      {{"probe", "string", d::kProbe, kAny, kAny, {"mlp", "knn"},
        "mlp | knn: the kits' MLP (grid search, training) or a k-nearest-neighbour vote over the training split "
        "(no training; the -knn files)"},
       kPredict | kEvaluate},
      {{"knn-k", "int", d::kKnnK, 1, 10000, {}, "--probe knn: neighbours that vote"}, kPredict | kEvaluate},
      {{"knn-distance", "string", d::kKnnDistance, kAny, kAny, {"cosine", "euclidean"},
        "--probe knn: cosine | euclidean distance between embeddings"},
       kPredict | kEvaluate},
      {{"random-probe", "bool", false, kAny, kAny, {},
        "control run: train on the targets of randomly drawn rows (50 epochs, no early stopping) into the kits' "
        "-random files"},
       kPredict | kEvaluate},
      {{"shuffle", "bool", false, kAny, kAny, {},
        "take the tasks in a shuffled order, as the kits' --shuffle does after seeding Python's random with --seed"},
       kPredict},
      {{"precision", "string", d::kPrecision, kAny, kAny, {"32", "fp32", "bf16", "bf16-mixed", "int8"},
        "32 | fp32 | bf16 | bf16-mixed | int8: bf16 multiplies the encoder's products in bf16 "
        "(CPUs with native bf16; embeddings within cosine 0.999 of fp32's); int8 runs its linear layers as "
        "int8 products (CPUs with VNNI; embeddings within cosine 0.995 of fp32's)"},
       kEmbedTasks | kEvaluate},
      {{"size", "string", d::kTasksSize, kAny, kAny, {"small", "medium", "tiny"},
        "make-tasks size when the tasks are built: small | medium | tiny"},
       kEvaluate},
      {{"task-seed", "int", d::kTaskSeed, 0, kAny, {}, "make-tasks seed when the tasks are built"}, kEvaluate},
      {{"init-seed", "int", d::kInitSeed, 0, kAny, {},
        "--baseline initial / --with-baselines: the training run's seed (default with --with-baselines: the seed in "
        "the checkpoint's run config)"},
       kEvaluate},
      {{"with-baselines", "bool", false, kAny, kAny, {},
        "first evaluate the log-mel features and the model's architecture at its initial weights (config and seed "
        "from --model-config / the checkpoint's run) with the same protocol; finished rows are reused"},
       kEvaluate},
      {{"batch-clips", "int", d::kBatchClips, 1, kAny, {}, "clips per model call while embedding"},
       kEmbedTasks | kEvaluate},
      {{"chunk-batch", "int", d::kChunkBatch, 1, kAny, {}, "200-frame chunks per forward pass"}, kEmbedTasks},
      {{"workers", "int", 0, 0, kAny, {}, "grid points trained side by side (0 = automatic)"}, kPredict | kEvaluate},
      {{"threads-per-worker", "int", 0, 0, kAny, {}, "CPU threads per worker (0 = automatic)"}, kPredict},
      {{"threads", "int", 0, 0, kAny, {}, "compute threads for embedding (0 = all cores)"}, kEmbedTasks | kEvaluate},
      {{"device", "string", d::kDevice, kAny, kAny, {}, "cpu | cuda | cuda:N"}, kAll},
      {{"force", "bool", false, kAny, kAny, {},
        "redo tasks whose prediction-done file exists (the kits skip them), and start over an unfinished embedding "
        "made with other weights or options (otherwise refused; a matching one is resumed)"},
       kPredict | kEmbedTasks | kEvaluate},
      {{"shard", "string", "0/1", kAny, kAny, {},
        "K/N: embed the K-th of N shares of every task (K from 0); N processes, on one machine or many sharing the "
        "folder, embed a task together and the last to finish assembles it (evaluate: and predicts)"},
       kEmbedTasks | kEvaluate},
      {{"foa-format", "string", "ambix", kAny, kAny, {"ambix", "n3d", "fuma", "wxyz"},
        "convention of 4-channel (first-order ambisonic) clips in tasks that declare none (task_metadata "
        "\"ambisonic_format\"): ambix = ACN/SN3D, n3d = ACN/N3D, fuma = Furse-Malham, wxyz = W X Y Z with SN3D gains "
        "as the reference's front end reads them"},
       kEmbedTasks | kEvaluate},
      {{"merge", "bool", false, kAny, kAny, {},
        "embed nothing: assemble the tasks whose clips every shard has embedded"},
       kEmbedTasks},
      {{"no-strict", "bool", false, kAny, kAny, {}, "load weights even when keys are missing or unexpected"},
       kEmbedTasks | kEvaluate},
  };
  return table;
}

const EvaluationSetting& evaluation_setting(const std::string& key) {
  for (const auto& row : evaluation_setting_table())
    if (row.annotation.key == key) return row;
  throw Error("evaluation settings: '" + key + "' has no row in the settings table");  // a programming error
}

const char* command_name(Command command) {
  switch (command) {
    case kPredict: return "predict";
    case kEmbedTasks: return "embed-tasks";
    case kEvaluate: return "evaluate";
  }
  return "?";
}

json evaluation_settings_schema(Command command) {
  json settings = json::array();
  for (const auto& row : evaluation_setting_table()) {
    if ((row.commands & command) == 0) continue;
    const KeyAnnotation& a = row.annotation;
    // Bounds of a whole-number setting print as whole numbers.
    const auto bound = [&a](const std::optional<double>& v) {
      if (!v) return json(nullptr);
      return a.type == "int" ? json(static_cast<int64_t>(*v)) : json(*v);
    };
    settings.push_back({{"key", a.key},
                        {"option", "--" + a.key},
                        {"type", a.type},
                        {"default", a.default_value},
                        {"min", bound(a.min)},
                        {"max", bound(a.max)},
                        {"choices", a.choices.empty() ? json(nullptr) : json(a.choices)},
                        {"help", a.help}});
  }
  return {{"command", command_name(command)}, {"settings", settings}};
}

std::string setting_value_problem(const std::string& key, const std::string& value_text) {
  const KeyAnnotation& a = evaluation_setting(key).annotation;
  if (!a.choices.empty()) {
    for (const auto& choice : a.choices)
      if (choice == value_text) return "";
    return "'" + value_text + "' is not one of " + joined(a.choices);
  }
  if (a.type == "int" || a.type == "float") {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(value_text.c_str(), &end);
    if (value_text.empty() || end != value_text.c_str() + value_text.size() || errno == ERANGE || !std::isfinite(v))
      return "'" + value_text + "' is not a number";
    if (a.type == "int" && v != std::floor(v)) return "'" + value_text + "' is not a whole number";
    if ((a.min && v < *a.min) || (a.max && v > *a.max)) {
      const std::string range = a.min && a.max ? "between " + number_text(*a.min) + " and " + number_text(*a.max)
                                : a.min        ? "at least " + number_text(*a.min)
                                               : "at most " + number_text(*a.max);
      return "must be " + range + " (it is " + value_text + ")";
    }
  }
  return "";
}

}  // namespace gramt::eval::settings
