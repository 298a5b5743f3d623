// The trainer's settings table: one default per key, range checks in read_train_settings, and the
// schema listing the workbench's "New run" form is built from.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/io/config/config_schema.h"
#include "core/train/train_setting_table.h"
#include "core/train/train_settings.h"

using namespace gramt;
using nlohmann::json;

namespace {

const std::string kConfigDir = std::string(GRAMT_TEST_DATA_DIR) + "/../../configs";

config::ComposeRequest demo_request(std::vector<std::string> extra = {}) {
  config::ComposeRequest request;
  request.config_dir = kConfigDir;
  request.overrides = {"data=demo", "trainer=cpu_demo", "model=demo"};
  for (auto& o : extra) request.overrides.push_back(o);
  return request;
}

const json& key_entry(const json& schema, const std::string& key) {
  for (const auto& entry : schema["keys"])
    if (entry["key"] == key) return entry;
  throw std::runtime_error("schema lacks " + key);
}

const config::KeyAnnotation& row(const std::string& key) {
  for (const auto& r : train::train_setting_table())
    if (r.key == key) return r;
  throw std::runtime_error("table lacks " + key);
}

}  // namespace

TEST(TrainSettingTable, TheTrainerStartsFromTheTablesDefaults) {
  const train::TrainerParams params;
  EXPECT_EQ(params.checkpoint_every, row("trainer.checkpoint.every").default_value.get<int64_t>());
  EXPECT_EQ(params.steps, row("trainer.steps").default_value.get<int64_t>());
  EXPECT_EQ(params.images_every, row("trainer.log_images_every").default_value.get<int64_t>());
  EXPECT_EQ(params.warmup_steps, row("trainer.warmup_steps").default_value.get<int64_t>());
  EXPECT_EQ(params.checkpoints.keep_last, row("trainer.checkpoint.keep_last").default_value.get<int>());
  EXPECT_DOUBLE_EQ(params.lr, row("optimizer.lr").default_value.get<double>());

  // A configuration without the key gets the same default.
  const auto settings = train::read_train_settings(config::compose_config(demo_request({"~trainer.checkpoint"})));
  EXPECT_EQ(settings.trainer.checkpoint_every, params.checkpoint_every);
  EXPECT_EQ(settings.trainer.checkpoints.keep_last, params.checkpoints.keep_last);
  // ...and one with it gets its value.
  EXPECT_EQ(train::read_train_settings(config::compose_config(demo_request())).trainer.checkpoint_every, 50);
}

TEST(TrainSettingTable, OutOfRangeValuesNameTheKeyAndTheRange) {
  auto expect_error = [](const std::string& override_text, const std::string& expected) {
    try {
      train::read_train_settings(config::compose_config(demo_request({override_text})));
      ADD_FAILURE() << override_text << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  expect_error("trainer.steps=0", "trainer.steps must be at least 1 (it is 0)");
  expect_error("optimizer.b2=1.5", "optimizer.b2 must be between 0 and 1");
  expect_error("trainer.precision=16", "trainer.precision: '16' is not one of 32, bf16-mixed");
  expect_error("trainer.checkpoint.every=-5", "trainer.checkpoint.every must be at least 0");
}

TEST(TrainSettingTable, SchemaListsGroupsChoicesAndEveryKey) {
  const json schema = config::config_schema(demo_request({"trainer.steps=7"}), train::train_setting_table());
  const auto& data_options = schema["groups"]["data"];
  EXPECT_NE(std::find(data_options.begin(), data_options.end(), "demo"), data_options.end()) << data_options;
  EXPECT_NE(std::find(data_options.begin(), data_options.end(), "audioset"), data_options.end()) << data_options;
  EXPECT_EQ(schema["selected"]["data"], "demo");
  EXPECT_EQ(schema["selected"]["optimizer"], "adamW");

  const json& steps = key_entry(schema, "trainer.steps");
  EXPECT_EQ(steps["type"], "int");
  EXPECT_EQ(steps["value"], 7);
  EXPECT_EQ(steps["default"], row("trainer.steps").default_value);
  EXPECT_EQ(steps["min"], 1);
  EXPECT_TRUE(steps["max"].is_null());
  EXPECT_TRUE(steps["choices"].is_null());
  EXPECT_FALSE(steps["help"].get<std::string>().empty());

  const json& precision = key_entry(schema, "trainer.precision");
  EXPECT_EQ(precision["value"], "32") << "YAML's 32 in the declared string type";
  EXPECT_EQ(precision["choices"], json({"32", "bf16-mixed"}));

  const json& sr = key_entry(schema, "data.sr");  // no annotation: type from the value
  EXPECT_EQ(sr["type"], "int");
  EXPECT_EQ(sr["value"], 32000);
  EXPECT_TRUE(sr["help"].is_null());
  EXPECT_EQ(key_entry(schema, "data.sofa_file")["type"], "string");

  const json& keep_steps = key_entry(schema, "trainer.checkpoint.keep_steps");  // annotated, not in the YAML
  EXPECT_FALSE(keep_steps["in_config"].get<bool>());
  EXPECT_TRUE(steps["in_config"].get<bool>());
}
