#pragma once
// results.json: what `evaluate` scored, and under which protocol (weights and their hash, grid,
// seeds, kit, tasks version, date), one file per model under <embeddings_dir>/<model_tag>/.
// The Evaluate panel and the results matrix read it back.
//
// Format versions: 1 = `evaluate` before the protocol was recorded (no "format_version" key, one
// seed, scores only); 2 = this layout. Version 1 files are read with the protocol marked unknown.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gramt::eval::benchmark {

constexpr int kResultsFormatVersion = 2;
// Protocol fields a version-1 file cannot tell.
constexpr const char* kUnknownProtocolField = "unknown";

// The probe of files written before the kNN probe existed, and of every MLP run.
constexpr const char* kMlpProbe = "mlp";

struct ScoreProtocol {
  std::string weights_path, weights_sha256, model_tag, strategy, grid, kit, tasks_dir, tasks_version,
      date;  // date ISO 8601 UTC
  int64_t grid_points = 0;
  std::vector<uint64_t> seeds;
  // "mlp", or the kNN probe with its settings ("knn k=10 cosine"): results of two probes are two
  // protocols, two rows of the matrix.
  std::string probe = kMlpProbe;
  // The encoder block whose output was embedded (evaluate --layer / --layers); -1 = the model's
  // default (its last block), not written.
  int64_t layer = -1;
};

struct TaskScore {
  std::string task, primary_score, status = "ok", error;  // status "ok" or what failed
  std::vector<double> values;  // primary test score, one per seed (NaN allowed for a failed seed)
  double mean = NAN, std = NAN;  // over finite values; std NaN with fewer than 2
  double naive = NAN, normalised = NAN;  // s(m)-style normalised percent of the mean, NaN when undefined
  // The same normalisation of each seed's value (one per entry of `values`); empty where undefined.
  // They give the spread of a model's s(m) over seeds.
  std::vector<double> normalised_values;
  bool lower_is_better = false;  // e.g. localization angular error
  std::string task_dir;  // <embeddings_dir>/<model_tag>/<task> (for the detail view)
  // Every score of the task's "evaluation" list, from the first seed's kit file (the one in the
  // task folder, which the detail view shows).
  nlohmann::ordered_json test_scores = nlohmann::ordered_json::object();
  std::string scores_path;  // that kit file
};

struct ResultsFile {
  int format_version = kResultsFormatVersion;
  std::string model_tag, path;  // path: where it was read from (empty when built in memory)
  ScoreProtocol protocol;
  std::vector<TaskScore> tasks;
};

// Mean and sample standard deviation (n - 1, as the kits aggregate folds) of the finite values;
// mean NaN without any, std NaN with fewer than two.
void summarise_seed_values(TaskScore& task);

// s(m) of one model: the mean of the finite normalised scores. `complete` is false when a task
// failed or its score is missing where a baseline exists, so the mean covers fewer tasks than
// the model was evaluated on.
// `per_seed` is the same mean taken seed by seed (every task's normalised_values at one index) and
// `std` their sample standard deviation: empty / NaN unless every task in the mean has one finite
// normalised value per seed, for at least two seeds.
struct NormalisedMean {
  double mean = NAN;
  size_t tasks = 0;  // how many went into the mean
  bool complete = true;
  std::vector<double> per_seed;
  double std = NAN;
};
NormalisedMean normalised_mean(const std::vector<TaskScore>& tasks);

// Direction of a primary score by its name, for files that do not record it: localization, SELD
// and error-rate scores are minimised.
bool score_lower_is_better(const std::string& score_name);

// Every problem is a gramt::Error naming the file: unreadable, not JSON (truncated, garbled), a
// format version this program does not read (naming it and the versions it reads), a missing or
// mistyped field.
ResultsFile read_results_file(const std::string& path);
// Always writes the current format version, atomically.
void write_results_file(const ResultsFile& results, const std::string& path);
nlohmann::ordered_json results_file_json(const ResultsFile& results);

// Every results.json below the root, at most 3 folders deep (root/<tag>/results.json is depth 2),
// sorted; hidden folders (half-written tasks) are skipped; a missing root gives none.
std::vector<std::string> find_results_files(const std::string& embeddings_root);

}  // namespace gramt::eval::benchmark
