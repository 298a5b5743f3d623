// The declared evaluation settings: every row is consistent with itself, the structs' defaults are
// the table's, and the schema lists what each command takes.
#include <gtest/gtest.h>

#include <set>

#include "core/common/error.h"
#include "core/eval/predict/param_grid.h"
#include "core/eval/predict/task_prediction.h"
#include "core/eval/settings/evaluation_settings.h"

namespace gramt::eval::settings {
namespace {

std::string default_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

TEST(EvaluationSettings, EveryRowIsComplete) {
  std::set<std::string> keys;
  for (const EvaluationSetting& row : evaluation_setting_table()) {
    const auto& a = row.annotation;
    EXPECT_TRUE(keys.insert(a.key).second) << a.key << " appears twice";
    EXPECT_NE(row.commands, 0u) << a.key;
    EXPECT_FALSE(a.help.empty()) << a.key;
    EXPECT_TRUE(a.type == "int" || a.type == "float" || a.type == "bool" || a.type == "string") << a.key;
    // A default must pass its own row's check.
    if (!a.default_value.is_null() && a.type != "bool" && !(a.type == "string" && default_text(a.default_value).empty())) {
      EXPECT_EQ(setting_value_problem(a.key, default_text(a.default_value)), "") << a.key;
    }
  }
}

TEST(EvaluationSettings, TheStructsStartFromTheTable) {
  const predict::PredictParams p;
  EXPECT_EQ(nlohmann::json(p.grid_points), evaluation_setting("grid-points").annotation.default_value);
  EXPECT_EQ(nlohmann::json(p.seed), evaluation_setting("seed").annotation.default_value);
  EXPECT_EQ(nlohmann::json(predict::grid_name_string(p.grid)), evaluation_setting("grid").annotation.default_value);
  EXPECT_EQ(nlohmann::json(predict::kit_flavour_string(p.kit)), evaluation_setting("kit").annotation.default_value);
}

TEST(EvaluationSettings, ValuesAreCheckedAgainstTheirRow) {
  EXPECT_EQ(setting_value_problem("grid-points", "8"), "");
  EXPECT_EQ(setting_value_problem("grid-points", "0"), "must be between 1 and 1000 (it is 0)");
  EXPECT_EQ(setting_value_problem("grid-points", "2.5"), "'2.5' is not a whole number");
  EXPECT_EQ(setting_value_problem("grid-points", "many"), "'many' is not a number");
  EXPECT_EQ(setting_value_problem("precision", "16"), "'16' is not one of 32, fp32, bf16, bf16-mixed, int8");
  EXPECT_EQ(setting_value_problem("seed", "-1"), "must be at least 0 (it is -1)");
  EXPECT_THROW(setting_value_problem("no-such-setting", "1"), Error);
}

TEST(EvaluationSettings, TheSchemaListsWhatEachCommandTakes) {
  const nlohmann::json evaluate = evaluation_settings_schema(kEvaluate);
  EXPECT_EQ(evaluate["command"], "evaluate");
  std::set<std::string> keys;
  for (const auto& s : evaluate["settings"]) {
    keys.insert(s["key"].get<std::string>());
    EXPECT_EQ(s["option"], "--" + s["key"].get<std::string>());
    for (const char* field : {"type", "default", "min", "max", "choices", "help"}) EXPECT_TRUE(s.contains(field)) << field;
    if (s["key"] == "grid-points") {
      EXPECT_EQ(s["default"], 8);
      EXPECT_EQ(s["min"], 1);
      EXPECT_EQ(s["max"], 1000);
    }
    if (s["key"] == "grid") {
      EXPECT_EQ(s["choices"], nlohmann::json({"default", "fast", "faster"}));
    }
  }
  for (const char* key : {"grid", "grid-points", "seeds", "strategy", "precision", "kit", "with-baselines"})
    EXPECT_TRUE(keys.count(key)) << key;
  EXPECT_FALSE(keys.count("localization")) << "a predict-only setting";
  EXPECT_FALSE(keys.count("chunk-batch")) << "an embed-tasks-only setting";

  std::set<std::string> predict_keys;
  const nlohmann::json predict = evaluation_settings_schema(kPredict);
  for (const auto& s : predict["settings"]) predict_keys.insert(s["key"].get<std::string>());
  EXPECT_TRUE(predict_keys.count("localization"));
  EXPECT_FALSE(predict_keys.count("strategy"));
}

}  // namespace
}  // namespace gramt::eval::settings
