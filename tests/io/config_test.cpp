// Composition of the training configuration: the project's configs/, the seed command lines,
// overrides and their errors, ${...} references, and the resolved YAML/JSON output.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/common/error.h"
#include "core/io/config/config_composer.h"
#include "core/io/config/config_dir.h"
#include "core/io/config/config_override.h"

namespace fs = std::filesystem;
using gramt::Error;
using gramt::config::ComposeRequest;
using gramt::config::compose_config;
using gramt::config::Config;

namespace {

const std::string kProjectConfigs = std::string(GRAMT_TEST_DATA_DIR) + "/../../configs";

Config compose(const std::vector<std::string>& overrides, const std::string& dir = kProjectConfigs) {
  return compose_config(ComposeRequest{dir, "base", overrides});
}

// The message of the gramt::Error that `f` throws (fails the test when it throws none).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a gramt::Error";
  return "";
}

// A scratch config folder written file by file.
class ScratchConfigs {
 public:
  ScratchConfigs() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / ("gramt_config_" + std::string(info->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~ScratchConfigs() { fs::remove_all(dir_); }
  void write(const std::string& relative, const std::string& text) const {
    const fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  std::string dir() const { return dir_.string(); }

 private:
  fs::path dir_;
};

int num_patches(const Config& c) {
  const int grid_f = (c.get<int>("model.num_mel_bins") - c.get<int>("model.patching.fshape")) /
                         c.get<int>("model.patching.fstride") + 1;
  const int grid_t = (c.get<int>("model.input_tdim") - c.get<int>("model.patching.tshape")) /
                         c.get<int>("model.patching.tstride") + 1;
  return grid_f * grid_t;
}

}  // namespace

TEST(ConfigCompose, ProjectDefaultsMatchTheReference) {
  const Config c = compose({});
  EXPECT_FALSE(c.has("defaults"));
  EXPECT_EQ(c.get<int>("data.sr"), 32000);
  EXPECT_EQ(c.get<int>("data.in_channels"), 2);
  EXPECT_EQ(c.get<int>("data.input_length"), 1024);
  EXPECT_EQ(c.get<int>("data.target_length"), 200);
  EXPECT_EQ(c.get<int>("data.samples_per_audio"), 16);
  EXPECT_EQ(c.get<int>("data.mask_patch"), 160);
  EXPECT_FALSE(c.get<bool>("data.cluster"));
  EXPECT_TRUE(c.get<bool>("data.with_noise"));
  EXPECT_DOUBLE_EQ(c.get<double>("data.clean_data_ratio"), 0.0);
  EXPECT_EQ(c.get<int>("trainer.batch_size"), 96);
  EXPECT_EQ(c.get<int64_t>("trainer.steps"), 500000);
  EXPECT_EQ(c.get<std::string>("trainer.precision"), "bf16-mixed");
  EXPECT_DOUBLE_EQ(c.get<double>("optimizer.lr"), 2e-4);
  EXPECT_DOUBLE_EQ(c.get<double>("optimizer.b2"), 0.95);
  EXPECT_DOUBLE_EQ(c.get<double>("optimizer.weight_decay"), 0.01);
  EXPECT_EQ(c.get<std::string>("optimizer.name"), "adamW");
  EXPECT_EQ(c.get<std::string>("patching.name"), "frame");
  EXPECT_EQ(c.get<int>("seed"), 42);
  // The model section follows the data and patching groups.
  EXPECT_EQ(c.get<std::string>("model.size"), "base");
  EXPECT_EQ(c.get<int>("model.sample_rate"), 32000);
  EXPECT_EQ(c.get<int>("model.input_tdim"), 200);
  EXPECT_EQ(c.get<int>("model.patching.fshape"), 16);
  EXPECT_EQ(c.get<int>("model.mask_patch"), 160);
  EXPECT_EQ(c.get<std::vector<int>>("model.decoder.window_sizes"), (std::vector<int>{2, 5, 10, 25, 50, 100, 0, 0}));
  // Shard patterns keep their braces after ${data.root} is filled in.
  EXPECT_EQ(c.get<std::string>("data.base_data_dir"), "/data/audioset/unbal_train{000..869}.tar");
}

TEST(ConfigCompose, SeedCommandLineVerbatim) {
  const Config c = compose(
      {"data=audioset", "data.sr=32000", "patching=time", "data.mask_patch=80", "trainer.batch_size=32", "trainer.steps=200000"});
  EXPECT_EQ(c.get<int>("data.sr"), 32000);
  EXPECT_EQ(c.get<std::string>("patching.name"), "time");
  EXPECT_EQ(c.get<int>("patching.fshape"), 128);
  EXPECT_EQ(c.get<int>("patching.tshape"), 2);
  EXPECT_EQ(c.get<int>("data.mask_patch"), 80);
  EXPECT_EQ(c.get<int>("trainer.batch_size"), 32);
  EXPECT_EQ(c.get<int64_t>("trainer.steps"), 200000);
  EXPECT_EQ(c.get<std::string>("model.patching.name"), "time");
  EXPECT_EQ(c.get<int>("model.patching.fstride"), 128);
  EXPECT_EQ(c.get<int>("model.mask_patch"), 80);
  EXPECT_EQ(num_patches(c), 100);
  EXPECT_EQ(c.get<std::vector<int>>("model.decoder.window_sizes"), (std::vector<int>{2, 5, 10, 25, 50, 0, 0, 0}));
}

TEST(ConfigCompose, ReadmeFrameRecipe) {
  const Config c = compose({"patching=frame", "data.mask_patch=100", "trainer.batch_size=32", "trainer.steps=200000"});
  EXPECT_EQ(c.get<int>("model.mask_patch"), 100);
  EXPECT_EQ(num_patches(c), 200);
}

TEST(ConfigCompose, DemoIsASmallCpuRun) {
  const Config c = compose({"data=demo", "trainer=cpu_demo", "model=demo"});
  EXPECT_EQ(c.get<std::string>("model.size"), "custom");
  EXPECT_EQ(c.get<int>("model.encoder.layers"), 2);
  EXPECT_EQ(c.get<int>("model.encoder.dim"), 64);
  EXPECT_EQ(c.get<std::string>("trainer.device"), "cpu");
  EXPECT_LE(c.get<int64_t>("trainer.steps"), 1000);
  EXPECT_EQ(c.get<std::string>("data.rir_source"), "sofa");
  EXPECT_EQ(c.get<std::string>("data.base_data_dir"), "runs/demo-data/sources");
  // save_dir moves the demo data with it.
  const Config moved = compose({"data=demo", "save_dir=/tmp/x"});
  EXPECT_EQ(moved.get<std::string>("data.base_noise_dir"), "/tmp/x/demo-data/noise");
}

// Every combination of group options gives a model section the model can be built from.
TEST(ConfigCompose, EveryGroupCombinationGivesAConsistentModel) {
  const auto options = [](const std::string& group) { return gramt::config::group_options(kProjectConfigs, group); };
  ASSERT_EQ(options("data"), (std::vector<std::string>{"audioset", "audioset_ambisonics", "audioset_clean", "cpu_small",
                                                       "cpu_small_ambisonics", "demo", "demo_ambisonics"}));
  ASSERT_EQ(options("patching"), (std::vector<std::string>{"frame", "time"}));
  ASSERT_EQ(options("trainer"), (std::vector<std::string>{"cpu_demo", "cpu_small", "default_trainer"}));
  ASSERT_EQ(options("optimizer"), (std::vector<std::string>{"adamW"}));
  for (const auto& data : options("data"))
    for (const auto& patching : options("patching"))
      for (const auto& model : options("model"))
        for (const auto& trainer : options("trainer")) {
          SCOPED_TRACE(data + " " + patching + " " + model + " " + trainer);
          // Time patching has 100 patches: the published recipe masks 80.
          const Config c = compose({"data=" + data, "patching=" + patching, "model=" + model, "trainer=" + trainer,
                                    "data.mask_patch=" + std::string(patching == "time" ? "80" : "160")});
          const int patches = num_patches(c);
          EXPECT_LT(c.get<int>("model.mask_patch"), patches);
          const auto windows = c.get<std::vector<int>>("model.decoder.window_sizes");
          if (c.has("model.decoder.heads")) {
            EXPECT_EQ(static_cast<int>(windows.size()), c.get<int>("model.decoder.heads"));
          }
          for (int w : windows) {
            if (w > 0) {
              EXPECT_EQ(patches % w, 0) << "window " << w;
            }
          }
          EXPECT_EQ(c.get<int>("model.in_channels"), c.get<int>("data.in_channels"));
        }
}

TEST(ConfigOverrides, UnknownKeyNamesItAndListsValidKeys) {
  const std::string message = error_of([] { compose({"trainer.bach_size=32"}); });
  EXPECT_NE(message.find("trainer.bach_size=32"), std::string::npos) << message;
  EXPECT_NE(message.find("'bach_size'"), std::string::npos) << message;
  EXPECT_NE(message.find("'trainer'"), std::string::npos) << message;
  EXPECT_NE(message.find("batch_size, "), std::string::npos) << message;
  EXPECT_NE(message.find("+trainer.bach_size"), std::string::npos) << message;

  const std::string top = error_of([] { compose({"traner.steps=5"}); });
  EXPECT_NE(top.find("'traner'"), std::string::npos) << top;
  EXPECT_NE(top.find("trainer"), std::string::npos) << top;
  EXPECT_NE(top.find("the top level"), std::string::npos) << top;

  const std::string below_value = error_of([] { compose({"seed.x=1"}); });
  EXPECT_NE(below_value.find("'seed' is a value"), std::string::npos) << below_value;
}

TEST(ConfigOverrides, UnknownGroupOptionListsTheGroupFiles) {
  const std::string message = error_of([] { compose({"data=audiosat"}); });
  EXPECT_NE(message.find("'audiosat'"), std::string::npos) << message;
  EXPECT_NE(message.find("group 'data'"), std::string::npos) << message;
  EXPECT_NE(message.find("audioset, audioset_ambisonics, audioset_clean, cpu_small, cpu_small_ambisonics, demo, demo_ambisonics"),
            std::string::npos)
      << message;
}

TEST(ConfigOverrides, AddForceSetAndRemove) {
  const Config c = compose({"+trainer.profile=true", "+extra.deep.list=[1, 2]", "++trainer.batch_size=7",
                            "++trainer.new_key=x", "~data.cluster", "trainer.precision=32"});
  EXPECT_TRUE(c.get<bool>("trainer.profile"));
  EXPECT_EQ(c.get<std::vector<int>>("extra.deep.list"), (std::vector<int>{1, 2}));
  EXPECT_EQ(c.get<int>("trainer.batch_size"), 7);
  EXPECT_EQ(c.get<std::string>("trainer.new_key"), "x");
  EXPECT_FALSE(c.has("data.cluster"));
  EXPECT_EQ(c.get<int>("trainer.precision"), 32);

  const std::string exists = error_of([] { compose({"+trainer.batch_size=3"}); });
  EXPECT_NE(exists.find("already exists"), std::string::npos) << exists;
  const std::string gone = error_of([] { compose({"~data.nothing"}); });
  EXPECT_NE(gone.find("'nothing'"), std::string::npos) << gone;
}

TEST(ConfigOverrides, ValuesAreYaml) {
  const Config c = compose({"patching.decoder_window_sizes=[1, 2, 0]", "+note='42'", "+empty=", "optimizer.lr=1e-4"});
  EXPECT_EQ(c.get<std::vector<int>>("patching.decoder_window_sizes"), (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(c.get<std::vector<int>>("model.decoder.window_sizes"), (std::vector<int>{1, 2, 0}));
  const auto json = c.to_json();
  EXPECT_EQ(json["note"], "42");  // quoted: stays a string
  EXPECT_EQ(json["empty"], "");
  EXPECT_DOUBLE_EQ(json["optimizer"]["lr"].get<double>(), 1e-4);
  EXPECT_EQ(json["trainer"]["batch_size"], 96);
  EXPECT_EQ(json["data"]["cluster"], false);
}

TEST(ConfigOverrides, MalformedOverrides) {
  EXPECT_NE(error_of([] { gramt::config::parse_override("trainer.steps"); }).find("key=value"), std::string::npos);
  EXPECT_NE(error_of([] { gramt::config::parse_override("a..b=1"); }).find("empty part"), std::string::npos);
  EXPECT_NE(error_of([] { gramt::config::parse_override("a=[1, 2"); }).find("not valid YAML"), std::string::npos);
}

TEST(ConfigOutput, YamlTextReadsBackToTheSameTree) {
  const Config c = compose({"patching=time", "data.mask_patch=80", "+note='007'"});
  const std::string text = c.to_yaml();
  EXPECT_EQ(text.find("${"), std::string::npos) << "references must be resolved:\n" << text;
  EXPECT_NE(text.find("window_sizes: [2, 5, 10, 25, 50, 0, 0, 0]"), std::string::npos) << text;
  const Config again(YAML::Load(text), "config.yaml");
  EXPECT_EQ(again.to_json(), c.to_json());
  EXPECT_EQ(again.to_yaml(), text);
}

TEST(ConfigOutput, TypedGetterErrorsNameTheKey) {
  const Config c = compose({});
  const std::string wrong_type = error_of([&] { c.get<int>("trainer.precision"); });
  EXPECT_NE(wrong_type.find("trainer.precision"), std::string::npos) << wrong_type;
  EXPECT_NE(wrong_type.find("an integer"), std::string::npos) << wrong_type;
  const std::string missing = error_of([&] { c.get<int>("trainer.nope"); });
  EXPECT_NE(missing.find("trainer.nope"), std::string::npos) << missing;
  EXPECT_NE(missing.find("batch_size"), std::string::npos) << missing;
  EXPECT_EQ(c.get_or<int>("trainer.nope", 5), 5);
}

TEST(ConfigCompose, SelfPositionDecidesWhoWins) {
  ScratchConfigs dir;
  dir.write("g/a.yaml", "x: from_group\n");
  dir.write("base.yaml", "defaults:\n  - g: a\ng:\n  x: from_primary\n");
  EXPECT_EQ(compose({}, dir.dir()).get<std::string>("g.x"), "from_primary");  // _self_ absent = last
  dir.write("base.yaml", "defaults:\n  - _self_\n  - g: a\ng:\n  x: from_primary\n  y: 1\n");
  const Config c = compose({}, dir.dir());
  EXPECT_EQ(c.get<std::string>("g.x"), "from_group");
  EXPECT_EQ(c.get<int>("g.y"), 1);  // deep merge keeps the primary's other keys
}

TEST(ConfigCompose, AddsAGroupAndDropsOne) {
  ScratchConfigs dir;
  dir.write("g/a.yaml", "x: 1\n");
  dir.write("h/b.yaml", "y: 2\n");
  dir.write("base.yaml", "defaults:\n  - g: a\n");
  const Config c = compose({"+h=b"}, dir.dir());
  EXPECT_EQ(c.get<int>("h.y"), 2);
  EXPECT_FALSE(compose({"g=null"}, dir.dir()).has("g"));
  EXPECT_NE(error_of([&] { compose({"+g=a"}, dir.dir()); }).find("already chosen"), std::string::npos);
}

TEST(ConfigCompose, BadFilesAreNamed) {
  ScratchConfigs dir;
  EXPECT_NE(error_of([&] { compose({}, dir.dir()); }).find("base.yaml"), std::string::npos);
  dir.write("base.yaml", "defaults:\n  - g: a\n");
  dir.write("g/a.yaml", "x: [1, 2\n");
  const std::string bad_yaml = error_of([&] { compose({}, dir.dir()); });
  EXPECT_NE(bad_yaml.find("a.yaml"), std::string::npos) << bad_yaml;
  EXPECT_NE(bad_yaml.find("not valid YAML"), std::string::npos) << bad_yaml;
  dir.write("base.yaml", "defaults:\n  - nogroup: a\n");
  EXPECT_NE(error_of([&] { compose({}, dir.dir()); }).find("no config group 'nogroup'"), std::string::npos);
  dir.write("base.yaml", "defaults: 3\n");
  EXPECT_NE(error_of([&] { compose({}, dir.dir()); }).find("defaults"), std::string::npos);
}

TEST(ConfigInterpolation, CopiesNodesFillsTextAndReportsProblems) {
  ScratchConfigs dir;
  dir.write("base.yaml",
            "a: {n: 3, list: [1, 2], name: x}\n"
            "b: ${a.n}\nc: ${a.list}\nd: pre-${a.name}-${a.n}\ne: ${b}\nf: [\"${a.n}\", 4]\ng: ${a}\n");
  const Config c = compose({}, dir.dir());
  EXPECT_EQ(c.get<int>("b"), 3);
  EXPECT_EQ(c.get<std::vector<int>>("c"), (std::vector<int>{1, 2}));
  EXPECT_EQ(c.get<std::string>("d"), "pre-x-3");
  EXPECT_EQ(c.get<int>("e"), 3);
  EXPECT_EQ(c.get<std::vector<int>>("f"), (std::vector<int>{3, 4}));
  EXPECT_EQ(c.get<std::string>("g.name"), "x");
  // Overrides apply before references are resolved.
  EXPECT_EQ(compose({"a.n=9"}, dir.dir()).get<int>("e"), 9);

  dir.write("base.yaml", "a: {n: 3}\nb: ${a.m}\n");
  const std::string missing = error_of([&] { compose({}, dir.dir()); });
  EXPECT_NE(missing.find("b: ${a.m}"), std::string::npos) << missing;
  EXPECT_NE(missing.find("valid keys: n"), std::string::npos) << missing;

  dir.write("base.yaml", "a: ${b}\nb: ${c}\nc: ${a}\n");
  const std::string cycle = error_of([&] { compose({}, dir.dir()); });
  EXPECT_NE(cycle.find("cycle"), std::string::npos) << cycle;

  dir.write("base.yaml", "a: [1]\nb: x${a}\n");
  EXPECT_NE(error_of([&] { compose({}, dir.dir()); }).find("cannot be part of the text"), std::string::npos);
  dir.write("base.yaml", "b: ${a\n");
  EXPECT_NE(error_of([&] { compose({}, dir.dir()); }).find("unterminated"), std::string::npos);
}

// Found by fuzz_config: a mapping key that is not a plain name (a list as key) made the resolver's
// lookup insert into the map it was iterating (heap use after free). Now a named error; a reference
// to a missing key no longer adds that key to the tree either.
TEST(ConfigInterpolation, NonScalarKeysAreNamedErrorsNotMemoryErrors) {
  ScratchConfigs dir;
  dir.write("base.yaml", "a:\n  ? [x, y]\n  : 1\n  b: ${c}\nc: 2\n");
  const std::string e = error_of([&] { compose({}, dir.dir()); });
  EXPECT_NE(e.find("a: a key that is not a plain name"), std::string::npos) << e;
  dir.write("base.yaml", "a: {n: 1}\nb: ${a.m}\n");
  EXPECT_NE(error_of([&] { compose({}, dir.dir()); }).find("no key 'm'"), std::string::npos);
}

// Found by fuzz_config: a float beyond double's range made std::stod throw out of to_json, and the
// regular expressions that typed scalars recursed once per character (stack overflow on long ones).
TEST(ConfigOutput, OutOfRangeAndVeryLongNumbersAreTyped) {
  YAML::Node root;
  root["tiny"] = YAML::Load("1e-4222222222222222222");
  root["huge"] = YAML::Load("1e4000");
  root["bigint"] = YAML::Load("123456789012345678901234567890");
  root["long"] = YAML::Load("1." + std::string(200000, '5'));
  root["int"] = YAML::Load("-42");
  root["text"] = YAML::Load("1.2.3");
  const auto j = Config(root).to_json();
  EXPECT_EQ(j["tiny"], 0.0);
  EXPECT_EQ(j["huge"], "1e4000");
  EXPECT_NEAR(j["bigint"].get<double>(), 1.2345678901234568e29, 1e14);
  EXPECT_NEAR(j["long"].get<double>(), 1.5555555, 1e-6);
  EXPECT_EQ(j["int"], -42);
  EXPECT_EQ(j["text"], "1.2.3");
}

TEST(ConfigDir, ExplicitEnvironmentAndSearch) {
  ScratchConfigs dir;
  EXPECT_NE(error_of([&] { gramt::config::locate_config_dir(dir.dir()); }).find("no base.yaml"), std::string::npos);
  dir.write("base.yaml", "seed: 1\n");
  EXPECT_EQ(gramt::config::locate_config_dir(dir.dir()), dir.dir());
  ::setenv("GRAMT_CONFIG_DIR", dir.dir().c_str(), 1);
  EXPECT_EQ(gramt::config::locate_config_dir(), dir.dir());
  ::unsetenv("GRAMT_CONFIG_DIR");
  // From a build tree inside the source tree, the search upwards finds the project's configs/.
  const fs::path source_root = fs::canonical(fs::path(kProjectConfigs).parent_path());
  const fs::path binary_dir = fs::canonical(GRAMT_BINARY_DIR);
  if (binary_dir.string().rfind(source_root.string() + "/", 0) != 0) GTEST_SKIP() << "build tree outside the sources";
  const std::string found = gramt::config::locate_config_dir();
  EXPECT_TRUE(fs::equivalent(found, kProjectConfigs)) << found;
}
