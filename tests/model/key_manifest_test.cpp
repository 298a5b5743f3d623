// A base model must have exactly the reference's keys, shapes and dtypes, under the HEAR wrapper's
// names ("model." + GRAMT key, plus the wrapper's own "mel_spec." front-end buffers).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "core/model/gramt_model.h"

namespace {

void expect_manifest(const std::string& patching) {
  std::ifstream in(std::string(GRAMT_TEST_DATA_DIR) + "/golden/base_state_dict_keys.json");
  ASSERT_TRUE(in.good());
  const auto manifest = nlohmann::json::parse(in)[patching]["keys"];
  std::map<std::string, std::pair<std::vector<int64_t>, std::string>> expected;
  for (const auto& k : manifest) expected[k[0].get<std::string>()] = {k[1].get<std::vector<int64_t>>(), k[2].get<std::string>()};

  gramt::model::GramtModel model(gramt::model::ModelConfig::base(patching));
  std::map<std::string, std::pair<std::vector<int64_t>, std::string>> ours;
  for (const auto& [name, t] : model->state_dict()) {
    const std::string dtype = t.scalar_type() == torch::kInt64 ? "int64" : (t.scalar_type() == torch::kFloat32 ? "float32" : "other");
    ours["model." + name] = {t.sizes().vec(), dtype};
    if (name.rfind("melspec.", 0) == 0) ours["mel_spec." + name] = {t.sizes().vec(), dtype};
  }
  for (const auto& [k, v] : expected) {
    auto it = ours.find(k);
    ASSERT_NE(it, ours.end()) << patching << ": model lacks " << k;
    EXPECT_EQ(it->second.first, v.first) << k;
    EXPECT_EQ(it->second.second, v.second) << k;
  }
  for (const auto& [k, v] : ours) EXPECT_TRUE(expected.count(k)) << patching << ": model has extra key " << k;
  EXPECT_EQ(ours.size(), expected.size());
}

}  // namespace

TEST(KeyManifest, BaseFramePatchingHasExactlyTheReferenceKeys) { expect_manifest("frame"); }
TEST(KeyManifest, BaseTimePatchingHasExactlyTheReferenceKeys) { expect_manifest("time"); }
