// Grids, their enumeration order and the seeded choice of grid points (spec/eval.md §3.4).
#include <gtest/gtest.h>

#include <set>

#include "core/common/error.h"
#include "core/eval/predict/param_grid.h"
#include "core/eval/format/python_random.h"

namespace gramt::eval::predict {
namespace {

std::vector<int> python_shuffle(int64_t seed, int n) {
  std::vector<int> items;
  for (int i = 0; i < n; ++i) items.push_back(i);
  format::PythonRandom random(seed);
  random.shuffle(items);
  return items;
}

TEST(PythonRandom, ShufflesLikeCPython) {
  // Reference values printed by CPython 3.11: random.seed(s); x = list(range(n)); random.shuffle(x).
  EXPECT_EQ(python_shuffle(42, 16), (std::vector<int>{7, 9, 5, 6, 14, 10, 12, 8, 1, 2, 13, 15, 4, 11, 0, 3}));
  EXPECT_EQ(python_shuffle(7, 5), (std::vector<int>{4, 0, 3, 1, 2}));
  EXPECT_EQ(python_shuffle((int64_t{1} << 40) + 5, 10), (std::vector<int>{1, 2, 3, 6, 7, 0, 5, 4, 9, 8}));
  const std::vector<int> first64 = python_shuffle(42, 64);
  EXPECT_EQ(std::vector<int>(first64.begin(), first64.begin() + 8), (std::vector<int>{23, 25, 7, 22, 45, 33, 19, 59}));
}

size_t grid_size(const ParamGrid& grid) {
  size_t n = 1;
  for (const auto& [key, values] : grid) n *= values.size();
  return n;
}

TEST(ParamGrid, DefaultGridMatchesTheKits) {
  const ParamGrid g = builtin_param_grid(GridName::default_grid, KitFlavour::hear);
  EXPECT_EQ(g.size(), 13u);
  EXPECT_EQ(g.at("hidden_layers"), (std::vector<nlohmann::json>{1, 2}));
  EXPECT_EQ(g.at("hidden_dim"), (std::vector<nlohmann::json>{1024}));
  EXPECT_EQ(g.at("dropout"), (std::vector<nlohmann::json>{0.1}));
  EXPECT_EQ(g.at("lr"), (std::vector<nlohmann::json>{3.2e-3, 1e-3, 3.2e-4, 1e-4}));
  EXPECT_EQ(g.at("patience"), (std::vector<nlohmann::json>{20}));
  EXPECT_EQ(g.at("max_epochs"), (std::vector<nlohmann::json>{500}));
  EXPECT_EQ(g.at("check_val_every_n_epoch"), (std::vector<nlohmann::json>{3}));
  EXPECT_EQ(g.at("batch_size"), (std::vector<nlohmann::json>{1024}));
  EXPECT_EQ(g.at("hidden_norm"), (std::vector<nlohmann::json>{"BatchNorm1d"}));
  EXPECT_EQ(g.at("norm_after_activation"), (std::vector<nlohmann::json>{false}));
  EXPECT_EQ(g.at("embedding_norm"), (std::vector<nlohmann::json>{"Identity"}));
  EXPECT_EQ(g.at("initialization"), (std::vector<nlohmann::json>{"xavier_uniform_", "xavier_normal_"}));
  EXPECT_EQ(g.at("optim"), (std::vector<nlohmann::json>{"Adam"}));
  EXPECT_EQ(grid_size(g), 16u);
  EXPECT_EQ(builtin_param_grid(GridName::default_grid, KitFlavour::listen), g);
}

TEST(ParamGrid, FastAndFasterGrids) {
  const ParamGrid fast_hear = builtin_param_grid(GridName::fast, KitFlavour::hear);
  EXPECT_EQ(fast_hear.at("max_epochs"), (std::vector<nlohmann::json>{10, 50}));
  EXPECT_EQ(fast_hear.at("check_val_every_n_epoch"), (std::vector<nlohmann::json>{3, 10}));
  EXPECT_EQ(grid_size(fast_hear), 64u);
  const ParamGrid fast_listen = builtin_param_grid(GridName::fast, KitFlavour::listen);
  EXPECT_EQ(fast_listen.at("max_epochs"), (std::vector<nlohmann::json>{50}));
  EXPECT_EQ(grid_size(fast_listen), 32u);
  const ParamGrid faster = builtin_param_grid(GridName::faster, KitFlavour::listen);
  EXPECT_EQ(faster.at("hidden_layers"), (std::vector<nlohmann::json>{0, 1}));
  EXPECT_EQ(faster.at("hidden_dim"), (std::vector<nlohmann::json>{64, 128}));
  EXPECT_EQ(faster.at("patience"), (std::vector<nlohmann::json>{1, 3}));
  EXPECT_EQ(faster.at("max_epochs"), (std::vector<nlohmann::json>{10}));
  EXPECT_EQ(faster.at("check_val_every_n_epoch"), (std::vector<nlohmann::json>{1}));
  EXPECT_EQ(grid_size(faster), 64u);
  EXPECT_EQ(enumerate_param_grid(faster).size(), 64u);
}

TEST(ParamGrid, EnumerationVariesTheLastSortedKeyFastest) {
  const auto confs = enumerate_param_grid(builtin_param_grid(GridName::default_grid, KitFlavour::hear));
  ASSERT_EQ(confs.size(), 16u);
  // Varying keys in sorted order: hidden_layers, initialization, lr (fastest).
  EXPECT_EQ(confs[0].at("hidden_layers"), 1);
  EXPECT_EQ(confs[0].at("initialization"), "xavier_uniform_");
  EXPECT_EQ(confs[0].at("lr"), 3.2e-3);
  EXPECT_EQ(confs[1].at("lr"), 1e-3);
  EXPECT_EQ(confs[4].at("initialization"), "xavier_normal_");
  EXPECT_EQ(confs[8].at("hidden_layers"), 2);
  std::set<std::string> distinct;
  for (const auto& c : confs) distinct.insert(nlohmann::json(c).dump());
  EXPECT_EQ(distinct.size(), 16u);
}

TEST(ParamGrid, DefaultGridPointsFollowTheKitsSeededShuffle) {
  // spec/eval.md §3.4: the eight configurations the kits train with seed 42, in order.
  const auto chosen = choose_grid_points(enumerate_param_grid(builtin_param_grid(GridName::default_grid, KitFlavour::hear)), 8, 42);
  const std::vector<std::tuple<int, std::string, double>> expected{
      {1, "xavier_normal_", 1e-4}, {2, "xavier_uniform_", 1e-3}, {1, "xavier_normal_", 1e-3},
      {1, "xavier_normal_", 3.2e-4}, {2, "xavier_normal_", 3.2e-4}, {2, "xavier_uniform_", 3.2e-4},
      {2, "xavier_normal_", 3.2e-3}, {2, "xavier_uniform_", 3.2e-3}};
  ASSERT_EQ(chosen.size(), 8u);
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(chosen[i].at("hidden_layers"), std::get<0>(expected[i])) << i;
    EXPECT_EQ(chosen[i].at("initialization"), std::get<1>(expected[i])) << i;
    EXPECT_EQ(chosen[i].at("lr"), std::get<2>(expected[i])) << i;
  }
}

TEST(ParamGrid, ChoiceIsDeterministicAndCapped) {
  const auto all = enumerate_param_grid(builtin_param_grid(GridName::faster, KitFlavour::listen));
  EXPECT_EQ(choose_grid_points(all, 5, 3), choose_grid_points(all, 5, 3));
  EXPECT_NE(choose_grid_points(all, 5, 3), choose_grid_points(all, 5, 4));
  EXPECT_EQ(choose_grid_points(all, 1000, 42).size(), 64u);
  EXPECT_THROW(choose_grid_points(all, 0, 42), Error);
}

TEST(ParamGrid, TaskOverridesApplyInOrder) {
  ParamGrid g = builtin_param_grid(GridName::default_grid, KitFlavour::hear);
  apply_task_overrides(g, "dcase2016_task2", nullptr, KitFlavour::hear, "meta.json");
  EXPECT_EQ(g.at("check_val_every_n_epoch"), (std::vector<nlohmann::json>{10}));
  // The task's own grid comes after the built-in override.
  apply_task_overrides(g, "dcase2016_task2", {{"check_val_every_n_epoch", {1}}, {"max_epochs", {50}}},
                       KitFlavour::hear, "meta.json");
  EXPECT_EQ(g.at("check_val_every_n_epoch"), (std::vector<nlohmann::json>{1}));
  EXPECT_EQ(g.at("max_epochs"), (std::vector<nlohmann::json>{50}));
  ParamGrid tau = builtin_param_grid(GridName::default_grid, KitFlavour::listen);
  apply_task_overrides(tau, "tau2018_ov2_split1", nullptr, KitFlavour::listen, "meta.json");
  EXPECT_EQ(enumerate_param_grid(tau).size(), 1u);  // layers, lr and initialization all fixed
  EXPECT_THROW(apply_task_overrides(g, "x", {{"lr", 0.1}}, KitFlavour::hear, "meta.json"), Error);
}

TEST(ParamGrid, DecodeRejectsWhatThePredictorCannotBuild) {
  auto conf = enumerate_param_grid(builtin_param_grid(GridName::default_grid, KitFlavour::hear)).front();
  const HyperParams hp = decode_hyper_params(conf, "meta.json");
  EXPECT_EQ(hp.hidden_layers, 1);
  EXPECT_EQ(hp.batch_size, 1024);
  EXPECT_DOUBLE_EQ(hp.lr, 3.2e-3);
  auto bad = conf;
  bad["optim"] = "SGD";
  try {
    decode_hyper_params(bad, "meta.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("meta.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("optim"), std::string::npos);
  }
  bad = conf;
  bad["momentum"] = 0.9;
  EXPECT_THROW(decode_hyper_params(bad, "meta.json"), Error);
  bad = conf;
  bad["patience"] = 0;
  EXPECT_THROW(decode_hyper_params(bad, "meta.json"), Error);
}

TEST(ParamGrid, HparamsAreRenderedLikeThePythonObjects) {
  const auto conf = enumerate_param_grid(builtin_param_grid(GridName::default_grid, KitFlavour::hear)).front();
  const auto j = hparams_json(conf);
  EXPECT_EQ(j.begin().key(), "batch_size");  // sorted, as ParameterGrid yields them
  EXPECT_EQ(j["hidden_norm"], "<class 'torch.nn.modules.batchnorm.BatchNorm1d'>");
  EXPECT_EQ(j["embedding_norm"], "<class 'torch.nn.modules.linear.Identity'>");
  EXPECT_EQ(j["optim"], "<class 'torch.optim.adam.Adam'>");
  EXPECT_EQ(j["initialization"], "<function xavier_uniform_>");
  EXPECT_EQ(j["norm_after_activation"], false);
  EXPECT_EQ(j["max_epochs"], 500);
}

}  // namespace
}  // namespace gramt::eval::predict
