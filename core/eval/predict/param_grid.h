#pragma once
// The predictor's hyper-parameter grids (`default`, `fast`, `faster`), the per-task overrides, the
// enumeration order of sklearn's ParameterGrid (keys sorted, last key varying fastest) and the
// choice of `--grid-points N` configurations by a Python-compatible seeded shuffle.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gramt::eval::predict {

// Which Python kit's constants to follow where hear-eval-kit and listen-eval-kit differ
// (fast grid max_epochs, event post-processing min_duration, built-in task overrides).
enum class KitFlavour { hear, listen };

enum class GridName { default_grid, fast, faster };

// key -> candidate values; std::map keeps the keys sorted as ParameterGrid does.
using ParamGrid = std::map<std::string, std::vector<nlohmann::json>>;
// One grid point: key -> value.
using GridConf = std::map<std::string, nlohmann::json>;

// One grid point decoded into the values the trainer uses.
struct HyperParams {
  int64_t batch_size = 1024;
  int64_t check_val_every_n_epoch = 3;
  double dropout = 0.1;
  int64_t hidden_dim = 1024;
  int64_t hidden_layers = 1;
  std::string initialization = "xavier_uniform_";  // or "xavier_normal_"
  double lr = 1e-3;
  int64_t max_epochs = 500;
  bool norm_after_activation = false;
  int64_t patience = 20;
};

GridName parse_grid_name(const std::string& name);  // "default" | "fast" | "faster"
std::string grid_name_string(GridName grid);
KitFlavour parse_kit_flavour(const std::string& name);  // "hear" | "listen"
std::string kit_flavour_string(KitFlavour kit);

ParamGrid builtin_param_grid(GridName grid, KitFlavour kit);

// Applies, in the kits' order, the built-in override for `task_name` and then the task's own
// `evaluation_params.task_specific_param_grid` (a JSON object of key -> list; null = none).
// `source` names the metadata file in errors.
void apply_task_overrides(ParamGrid& grid, const std::string& task_name,
                          const nlohmann::json& task_specific_param_grid, KitFlavour kit,
                          const std::string& source);

// All combinations in ParameterGrid order.
std::vector<GridConf> enumerate_param_grid(const ParamGrid& grid);

// random.seed(seed); random.shuffle(confs); confs[:grid_points] — at most all combinations.
std::vector<GridConf> choose_grid_points(std::vector<GridConf> confs, int64_t grid_points,
                                         int64_t seed);

// Decodes a grid point; throws gramt::Error naming `source` for unknown keys or bad values.
HyperParams decode_hyper_params(const GridConf& conf, const std::string& source);

// The conf as the kits write it under "hparams": modules/functions/classes rendered as strings
// in the style of Python's str() of those objects, numbers and booleans kept.
nlohmann::ordered_json hparams_json(const GridConf& conf);

}  // namespace gramt::eval::predict
