#include "core/eval/predict/param_grid.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/eval/format/python_random.h"

namespace gramt::eval::predict {

using nlohmann::json;

GridName parse_grid_name(const std::string& name) {
  if (name == "default") return GridName::default_grid;
  if (name == "fast") return GridName::fast;
  if (name == "faster") return GridName::faster;
  throw Error("unknown grid '" + name + "' (expected default, fast or faster)");
}

std::string grid_name_string(GridName grid) {
  switch (grid) {
    case GridName::default_grid: return "default";
    case GridName::fast: return "fast";
    case GridName::faster: return "faster";
  }
  return "default";
}

KitFlavour parse_kit_flavour(const std::string& name) {
  if (name == "hear") return KitFlavour::hear;
  if (name == "listen") return KitFlavour::listen;
  throw Error("unknown kit flavour '" + name + "' (expected hear or listen)");
}

std::string kit_flavour_string(KitFlavour kit) { return kit == KitFlavour::hear ? "hear" : "listen"; }

ParamGrid builtin_param_grid(GridName grid, KitFlavour kit) {
  ParamGrid g{
      {"hidden_layers", {1, 2}},
      {"hidden_dim", {1024}},
      {"dropout", {0.1}},
      {"lr", {3.2e-3, 1e-3, 3.2e-4, 1e-4}},
      {"patience", {20}},
      {"max_epochs", {500}},
      {"check_val_every_n_epoch", {3}},
      {"batch_size", {1024}},
      {"hidden_norm", {"BatchNorm1d"}},
      {"norm_after_activation", {false}},
      {"embedding_norm", {"Identity"}},
      {"initialization", {"xavier_uniform_", "xavier_normal_"}},
      {"optim", {"Adam"}},
  };
  if (grid == GridName::fast) {
    g["max_epochs"] = kit == KitFlavour::hear ? std::vector<json>{10, 50} : std::vector<json>{50};
    g["check_val_every_n_epoch"] = {3, 10};
  } else if (grid == GridName::faster) {
    g["hidden_layers"] = {0, 1};
    g["hidden_dim"] = {64, 128};
    g["patience"] = {1, 3};
    g["max_epochs"] = {10};
    g["check_val_every_n_epoch"] = {1};
  }
  return g;
}

namespace {

// The kits' TASK_SPECIFIC_PARAM_GRID: sed_eval is slow, so event tasks validate less often.
ParamGrid builtin_task_override(const std::string& task_name, KitFlavour kit) {
  if (task_name == "dcase2016_task2") return {{"check_val_every_n_epoch", {10}}};
  if (kit == KitFlavour::hear) return {};
  if (task_name == "tau2018_ov1" || task_name == "tau2018_ov2" || task_name == "tau2018-ov3") {
    return {{"check_val_every_n_epoch", {25}}};
  }
  if (task_name == "tau2018_ov2_split1") {
    return {{"check_val_every_n_epoch", {50}},
            {"hidden_layers", {1}},
            {"lr", {1e-4}},
            {"initialization", {"xavier_normal_"}}};
  }
  return {};
}

}  // namespace

void apply_task_overrides(ParamGrid& grid, const std::string& task_name,
                          const json& task_specific_param_grid, KitFlavour kit,
                          const std::string& source) {
  for (auto& [key, values] : builtin_task_override(task_name, kit)) grid[key] = values;
  if (task_specific_param_grid.is_null()) return;
  const std::string field = "evaluation_params.task_specific_param_grid";
  if (!task_specific_param_grid.is_object()) {
    throw Error(source + ": " + field + " must be an object of key -> list of values");
  }
  for (auto it = task_specific_param_grid.begin(); it != task_specific_param_grid.end(); ++it) {
    if (!it.value().is_array() || it.value().empty()) {
      throw Error(source + ": " + field + "." + it.key() + " must be a non-empty list");
    }
    grid[it.key()] = std::vector<json>(it.value().begin(), it.value().end());
  }
}

std::vector<GridConf> enumerate_param_grid(const ParamGrid& grid) {
  std::vector<GridConf> confs{GridConf{}};
  // Expanding key by key in sorted order, appending the new key's values innermost, makes the
  // last sorted key vary fastest (itertools.product over sorted items).
  for (const auto& [key, values] : grid) {
    std::vector<GridConf> next;
    next.reserve(confs.size() * values.size());
    for (const GridConf& partial : confs) {
      for (const json& value : values) {
        GridConf conf = partial;
        conf[key] = value;
        next.push_back(std::move(conf));
      }
    }
    confs = std::move(next);
  }
  return confs;
}

std::vector<GridConf> choose_grid_points(std::vector<GridConf> confs, int64_t grid_points,
                                         int64_t seed) {
  if (grid_points < 1) throw Error("--grid-points must be at least 1");
  format::PythonRandom random(seed);
  random.shuffle(confs);
  if (static_cast<int64_t>(confs.size()) > grid_points) confs.resize(static_cast<size_t>(grid_points));
  return confs;
}

namespace {

int64_t positive_int(const GridConf& conf, const std::string& key, const std::string& source,
                     int64_t minimum) {
  const json& v = conf.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < minimum) {
    throw Error(source + ": grid value " + key + "=" + v.dump() + " must be an integer >= " +
                std::to_string(minimum));
  }
  return v.get<int64_t>();
}

void require_string(const GridConf& conf, const std::string& key, const std::string& expected,
                    const std::string& source) {
  const json& v = conf.at(key);
  if (!v.is_string() || v.get<std::string>() != expected) {
    throw Error(source + ": grid value " + key + "=" + v.dump() + " is not supported (only \"" +
                expected + "\")");
  }
}

}  // namespace

HyperParams decode_hyper_params(const GridConf& conf, const std::string& source) {
  static const std::vector<std::string> known{
      "batch_size", "check_val_every_n_epoch", "dropout", "embedding_norm", "hidden_dim",
      "hidden_layers", "hidden_norm", "initialization", "lr", "max_epochs",
      "norm_after_activation", "optim", "patience"};
  for (const auto& [key, value] : conf) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      throw Error(source + ": unknown hyper-parameter '" + key + "' in the grid");
    }
  }
  for (const std::string& key : known) {
    if (conf.count(key) == 0) throw Error(source + ": grid point lacks hyper-parameter '" + key + "'");
  }
  HyperParams p;
  p.batch_size = positive_int(conf, "batch_size", source, 2);
  p.check_val_every_n_epoch = positive_int(conf, "check_val_every_n_epoch", source, 1);
  p.hidden_dim = positive_int(conf, "hidden_dim", source, 1);
  p.hidden_layers = positive_int(conf, "hidden_layers", source, 0);
  p.max_epochs = positive_int(conf, "max_epochs", source, 1);
  p.patience = positive_int(conf, "patience", source, 1);
  const json& dropout = conf.at("dropout");
  if (!dropout.is_number() || dropout.get<double>() < 0.0 || dropout.get<double>() >= 1.0) {
    throw Error(source + ": grid value dropout=" + dropout.dump() + " must be in [0, 1)");
  }
  p.dropout = dropout.get<double>();
  const json& lr = conf.at("lr");
  if (!lr.is_number() || !(lr.get<double>() > 0.0)) {
    throw Error(source + ": grid value lr=" + lr.dump() + " must be a positive number");
  }
  p.lr = lr.get<double>();
  const json& init = conf.at("initialization");
  if (!init.is_string() ||
      (init.get<std::string>() != "xavier_uniform_" && init.get<std::string>() != "xavier_normal_")) {
    throw Error(source + ": grid value initialization=" + init.dump() +
                " must be \"xavier_uniform_\" or \"xavier_normal_\"");
  }
  p.initialization = init.get<std::string>();
  const json& after = conf.at("norm_after_activation");
  if (!after.is_boolean()) {
    throw Error(source + ": grid value norm_after_activation=" + after.dump() + " must be a boolean");
  }
  p.norm_after_activation = after.get<bool>();
  require_string(conf, "hidden_norm", "BatchNorm1d", source);
  require_string(conf, "embedding_norm", "Identity", source);
  require_string(conf, "optim", "Adam", source);
  return p;
}

nlohmann::ordered_json hparams_json(const GridConf& conf) {
  // Python's str() of the objects the kits put in their grids (function addresses omitted:
  // they differ every run and carry no information).
  static const std::map<std::string, std::string> rendered{
      {"BatchNorm1d", "<class 'torch.nn.modules.batchnorm.BatchNorm1d'>"},
      {"Identity", "<class 'torch.nn.modules.linear.Identity'>"},
      {"Adam", "<class 'torch.optim.adam.Adam'>"},
      {"xavier_uniform_", "<function xavier_uniform_>"},
      {"xavier_normal_", "<function xavier_normal_>"},
  };
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : conf) {
    if (value.is_string() && rendered.count(value.get<std::string>()) != 0) {
      out[key] = rendered.at(value.get<std::string>());
    } else {
      out[key] = nlohmann::ordered_json::parse(value.dump());
    }
  }
  return out;
}

}  // namespace gramt::eval::predict
