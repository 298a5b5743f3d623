#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "core/model/weights.h"

namespace fs = std::filesystem;
using namespace gramt::model;

namespace {

ModelConfig tiny(int heads = 2) {
  ModelConfig c = ModelConfig::base("frame");
  c.size = "custom";
  c.encoder = {2, 64 * heads, heads, 128, 1e-6};
  c.decoder.depth = 1;
  c.decoder.dim = 64;
  c.decoder.heads = 8;
  return c;
}

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_w_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

// Rewrites a weights file with every key renamed by `rename` (empty result drops the key).
void rewrite(const std::string& from, const std::string& to, const std::function<std::string(const std::string&)>& rename,
             const std::function<void(gramt::io::StTensorData&)>& edit = nullptr) {
  gramt::io::SafetensorsFile f(from);
  std::vector<gramt::io::StTensorData> out;
  for (const auto& t : f.tensors()) {
    const std::string name = rename(t.name);
    if (name.empty()) continue;
    gramt::io::StTensorData d{name, t.dtype, t.shape, std::vector<unsigned char>(t.data, t.data + t.nbytes)};
    if (edit) edit(d);
    out.push_back(std::move(d));
  }
  gramt::io::write_safetensors(to, out);
}

std::string load_error(const std::string& path, const std::string& config = "") {
  try {
    load_model(path, config);
  } catch (const gramt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Weights, SaveLoadRoundTripRestoresEveryTensorAndTheConfig) {
  const auto dir = temp_dir("rt");
  torch::manual_seed(1);
  GramtModel a(tiny());
  save_weights(a, (dir / "w.safetensors").string());
  const auto loaded = load_model((dir / "w.safetensors").string());
  EXPECT_EQ(loaded.config.encoder.dim, 128);
  EXPECT_EQ(loaded.config.encoder.heads, 2);
  EXPECT_TRUE(loaded.report.missing.empty());
  const auto sa = a->state_dict(), sb = loaded.model->state_dict();
  ASSERT_EQ(sa.size(), sb.size());
  for (size_t i = 0; i < sa.size(); ++i) EXPECT_TRUE(torch::equal(sa[i].second, sb[i].second)) << sa[i].first;
}

TEST(Weights, AcceptsWrapperPrefixesAndInfersConfigFromShapes) {
  const auto dir = temp_dir("prefix");
  GramtModel a(tiny());
  save_weights(a, (dir / "w.safetensors").string());
  for (const std::string prefix : {"model.", "encoder.model.", "module.model."}) {
    const auto p = (dir / ("p.safetensors")).string();
    rewrite((dir / "w.safetensors").string(), p, [&](const std::string& k) { return prefix + k; });
    const auto loaded = load_model(p);  // no metadata left: config inferred from shapes
    EXPECT_EQ(loaded.report.prefix, prefix);
    EXPECT_EQ(loaded.config.encoder.layers, 2);
    EXPECT_EQ(loaded.config.encoder.mlp_dim, 128);
    EXPECT_EQ(loaded.config.decoder.window_sizes, (std::vector<int>{2, 5, 10, 25, 50, 100, 0, 0}));
    EXPECT_EQ(loaded.config.decoder.heads, 8);
    EXPECT_TRUE(torch::equal(loaded.model->state_dict()[0].second, a->state_dict()[0].second));
  }
}

TEST(Weights, MissingKeyWrongShapeAndUnexpectedKeyFailByDefault) {
  const auto dir = temp_dir("strict");
  GramtModel a(tiny());
  save_weights(a, (dir / "w.safetensors").string());
  const std::string src = (dir / "w.safetensors").string();
  const std::string cfg = (dir / "tiny.yaml").string();
  {
    std::ofstream(cfg) << model_config_to_yaml(tiny());
  }

  rewrite(src, (dir / "missing.safetensors").string(),
          [](const std::string& k) { return k == "encoder.ln.weight" ? std::string() : k; });
  std::string e = load_error((dir / "missing.safetensors").string(), cfg);
  EXPECT_NE(e.find("missing 1 required"), std::string::npos) << e;
  EXPECT_NE(e.find("encoder.ln.weight"), std::string::npos) << e;

  rewrite(src, (dir / "extra.safetensors").string(), [](const std::string& k) { return k; },
          nullptr);
  {
    gramt::io::SafetensorsFile f((dir / "extra.safetensors").string());
    std::vector<gramt::io::StTensorData> out;
    for (const auto& t : f.tensors()) out.push_back({t.name, t.dtype, t.shape, std::vector<unsigned char>(t.data, t.data + t.nbytes)});
    out.push_back({"encoder.surprise", gramt::io::StDType::F32, {1}, std::vector<unsigned char>(4, 0)});
    gramt::io::write_safetensors((dir / "extra2.safetensors").string(), out);
  }
  e = load_error((dir / "extra2.safetensors").string(), cfg);
  EXPECT_NE(e.find("encoder.surprise"), std::string::npos) << e;

  // A model config that disagrees with the file: width 192 instead of 128.
  const std::string wrong = (dir / "wrong.yaml").string();
  std::ofstream(wrong) << model_config_to_yaml(tiny(3));
  e = load_error(src, wrong);
  EXPECT_NE(e.find("has shape"), std::string::npos) << e;
  EXPECT_NE(e.find("w.safetensors"), std::string::npos) << e;
}

TEST(Weights, EncoderOnlyFilesLoadForEmbedding) {
  const auto dir = temp_dir("enc");
  GramtModel a(tiny());
  save_weights(a, (dir / "w.safetensors").string());
  rewrite((dir / "w.safetensors").string(), (dir / "e.safetensors").string(), [](const std::string& k) {
    const bool decoder = k.rfind("decoder", 0) == 0 || k.rfind("spec_pred", 0) == 0 || k == "mask_token";
    return decoder ? std::string() : k;
  });
  const std::string cfg = (dir / "tiny.yaml").string();
  std::ofstream(cfg) << model_config_to_yaml(tiny());
  EXPECT_NO_THROW(load_model((dir / "e.safetensors").string(), cfg));
  EXPECT_THROW(load_model((dir / "e.safetensors").string(), cfg, true, /*require_decoder=*/true), gramt::Error);
}

TEST(ModelConfig, YamlRoundTripAndFieldErrors) {
  const ModelConfig c = tiny();
  const ModelConfig back = parse_model_config(model_config_to_yaml(c), "roundtrip");
  EXPECT_EQ(back.encoder.dim, c.encoder.dim);
  EXPECT_EQ(back.decoder.window_sizes, c.decoder.window_sizes);
  try {
    parse_model_config("model:\n  size: custom\n  encodr: {layers: 2}\n", "cfg.yaml");
    FAIL();
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("cfg.yaml: model.encodr: unknown key"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_model_config("model:\n  size: custom\n  decoder: {window_sizes: [3,0,0,0,0,0,0,0]}\n", "w"), gramt::Error);
}

TEST(Weights, HuggingFaceWrapperKeysWithEncoderPrefixLoadAndKeepTheirFrontEnd) {
  // MyModel.save_pretrained nests RuntimeGRAMT under "encoder.": encoder.model.* and encoder.mel_spec.*.
  const std::string golden = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/";
  const auto dir = temp_dir("hf");
  const std::string p = (dir / "hf.safetensors").string();
  rewrite(golden + "weights.safetensors", p, [](const std::string& k) { return "encoder." + k; });
  const auto loaded = load_model(p, golden + "model.yaml");
  EXPECT_EQ(loaded.report.prefix, "encoder.model.");
  EXPECT_EQ(loaded.report.ignored.size(), 2u);  // encoder.mel_spec.* (the front end, taken separately)
  const auto plain = load_model(golden + "weights.safetensors", golden + "model.yaml");
  EXPECT_TRUE(torch::equal(loaded.filterbank, plain.filterbank));
  EXPECT_TRUE(torch::equal(loaded.model->state_dict()[0].second, plain.model->state_dict()[0].second));
}

TEST(Weights, ConfigInferenceChecksRanksAndZeroSizesAndWarnsAboutGuessedHeads) {
  const auto dir = temp_dir("infer");
  GramtModel a(tiny());
  save_weights(a, (dir / "w.safetensors").string());
  const std::string p = (dir / "p.safetensors").string();
  rewrite((dir / "w.safetensors").string(), p, [](const std::string& k) { return k; });
  const auto loaded = load_model(p);
  ASSERT_EQ(loaded.warnings.size(), 2u);
  EXPECT_NE(loaded.warnings[0].find("encoder heads guessed as 2"), std::string::npos) << loaded.warnings[0];
  EXPECT_NE(loaded.warnings[1].find("decoder heads guessed as 8"), std::string::npos) << loaded.warnings[1];
  // A zero-sized or wrong-rank shape is an error naming the tensor, never a division by zero.
  const std::vector<std::pair<std::string, std::vector<int64_t>>> bad{{"patch_embed.proj.weight", {0, 2, 16, 8}},
                                                                     {"patch_embed.proj.weight", {128, 2, 0, 8}},
                                                                     {"encoder.pos_embedding", {201, 128}},
                                                                     {"encoder.layers.encoder_layer_0.mlp.0.weight", {128}},
                                                                     {"decoder_embed.weight", {0, 128}}};
  for (const auto& [key, shape] : bad) {
    rewrite((dir / "w.safetensors").string(), p, [](const std::string& k) { return k; },
            [&, key = key, shape = shape](gramt::io::StTensorData& d) {
              if (d.name != key) return;
              d.shape = shape;
              int64_t n = 1;
              for (int64_t s : shape) n *= s;
              d.bytes.resize(static_cast<size_t>(n) * 4);
            });
    const std::string e = load_error(p);
    EXPECT_NE(e.find("'" + key + "' has shape"), std::string::npos) << key << ": " << e;
  }
}

TEST(ModelConfig, BaseSizesSpelledOutAreAcceptedAndOthersAreNot) {
  const std::string spelled =
      "model:\n  size: base\n  encoder: {layers: 12, dim: 768, heads: 12, mlp_dim: 3072}\n"
      "  decoder: {depth: 8, dim: 512, heads: 8, mlp_ratio: 4.0}\n";
  const ModelConfig c = parse_model_config(spelled, "base.yaml");
  EXPECT_EQ(c.size, "base");
  EXPECT_EQ(c.encoder.dim, 768);
  try {
    parse_model_config("model:\n  size: base\n  encoder: {dim: 512}\n", "b.yaml");
    FAIL();
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("b.yaml: model.encoder.dim: 512 differs from size 'base' (768); use size: custom"),
              std::string::npos)
        << e.what();
  }
}
