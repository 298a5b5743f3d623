// Every layout of the published repos, pulled from the loopback hub and loaded strictly: the same
// tensors as the golden case loaded from its own file, whatever the prefix; config.json's head
// counts used; a file with keys that do not map refused by name.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/common/error.h"
#include "core/hub/hub_weights.h"
#include "core/model/weights.h"
#include "tests/hub/loopback_hub.h"
#include "tests/hub/model_layouts.h"

namespace fs = std::filesystem;
using namespace gramt;

namespace {

const std::string kCommit = "00000000000000000000000000000000000000aa";

struct PublishedLayouts : ::testing::Test {
  test::LoopbackHub hub;
  fs::path cache = fs::temp_directory_path() / ("gramt_layouts_" + std::to_string(::getpid()));
  void SetUp() override {
    fs::remove_all(cache);
    for (const auto& l : test::published_layouts()) {
      test::FakeRepo repo{"test/" + l.name, {{"main", kCommit}}, {{"model.safetensors", l.weights}}, false, ""};
      if (!l.config_json.empty()) repo.files["config.json"] = l.config_json;
      hub.add_repo(repo);
    }
  }
  void TearDown() override { fs::remove_all(cache); }
  hub::ResolvedWeights pull(const std::string& name) {
    hub::ResolveParams p;
    p.settings.endpoint = hub.endpoint();
    p.settings.cache_root = cache.string();
    return hub::resolve_weights_argument("hf://test/" + name, p);
  }
};

TEST_F(PublishedLayouts, EveryLayoutLoadsStrictlyToTheGoldenWeights) {
  for (const auto& l : test::published_layouts()) {
    SCOPED_TRACE(l.name);
    const hub::ResolvedWeights w = pull(l.name);
    EXPECT_EQ(w.config_json.empty(), l.config_json.empty());
    // Strict, decoder included: every tensor of the file maps, every tensor of the model is there.
    const model::LoadedModel got = model::load_model(w.path, "", /*strict=*/true, /*require_decoder=*/true);
    if (l.name == "mono") {
      EXPECT_EQ(got.config.in_channels, 1);
      continue;
    }
    const model::LoadedModel want = model::load_model(test::golden_dir(l.golden_case) + "weights.safetensors",
                                                      test::golden_dir(l.golden_case) + "model.yaml", true, true);
    EXPECT_EQ(got.config.in_channels, want.config.in_channels);
    EXPECT_EQ(got.config.patching.name, want.config.patching.name);
    const auto a = got.model->state_dict(), b = want.model->state_dict();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < b.size(); ++i) {
      EXPECT_EQ(a[i].first, b[i].first);
      EXPECT_TRUE(a[i].second.equal(b[i].second)) << b[i].first;
    }
  }
}

TEST_F(PublishedLayouts, TheTransformersConfigSettlesTheHeadCounts) {
  const hub::ResolvedWeights w = pull("transformers");
  std::vector<std::string> notes;
  const model::ModelConfig c = model::infer_model_config(model::WeightsFile(w.path), &notes);
  // Shapes alone would guess 1 head (64 channels per head); config.json says 4, as the golden model.
  EXPECT_EQ(c.encoder.heads, 4);
  EXPECT_EQ(c.decoder.heads, 8);
  bool said = false;
  for (const auto& n : notes) {
    EXPECT_EQ(n.find("heads guessed"), std::string::npos) << n;
    said = said || n.find("config.json states") != std::string::npos;
  }
  EXPECT_TRUE(said);
  // Without config.json the same tensors give the shape-only guess, and say so.
  notes.clear();
  const model::ModelConfig guessed = model::infer_model_config(model::WeightsFile(pull("bare").path), &notes);
  EXPECT_EQ(guessed.encoder.heads, 1);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes[0].find("encoder heads guessed"), std::string::npos);
}

TEST_F(PublishedLayouts, AConfigThatContradictsTheTensorsIsRefused) {
  auto layouts = test::published_layouts();
  hub.add_repo({"test/liar", {{"main", kCommit}}, {{"model.safetensors", layouts[2].weights}, {"config.json", R"({"in_channels": 7})"}}, false, ""});
  const hub::ResolvedWeights w = pull("liar");
  try {
    model::load_model(w.path);
    FAIL() << "a config.json that contradicts the tensors was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("config.json: states in_channels 7 but the weights' tensors have 2"), std::string::npos) << e.what();
  }
}

TEST_F(PublishedLayouts, KeysThatDoNotMapAreRefusedByName) {
  // A wrapper prefix we do not know ("backbone.") maps nothing: refused, naming the first keys.
  const io::SafetensorsFile golden(test::golden_dir("frame") + "weights.safetensors");
  std::vector<io::StTensorData> renamed;
  for (const auto& t : golden.tensors()) {
    io::StTensorData d{"backbone." + t.name.substr(6), t.dtype, t.shape, {t.data, t.data + t.nbytes}};
    if (t.name.rfind("model.", 0) == 0) renamed.push_back(d);
  }
  const fs::path path = cache / "renamed.safetensors";
  fs::create_directories(cache);
  io::write_safetensors(path.string(), renamed);
  try {
    model::load_model(path.string(), test::golden_dir("frame") + "model.yaml");
    FAIL() << "unmapped keys were accepted";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("the model does not have: backbone."), std::string::npos) << what;
  }
  // Without a config the inference names them too.
  try {
    model::load_model(path.string());
    FAIL() << "unmapped keys were accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("the file's keys begin backbone."), std::string::npos) << e.what();
  }
}

}  // namespace
