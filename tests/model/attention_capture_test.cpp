// Attention capture on the golden tiny models: shapes and grid geometry, rows that are softmax
// distributions, weights that reproduce the model's own attention output, and an encoder output
// identical to the normal forward.
#include <gtest/gtest.h>

#include <torch/nn/functional/linear.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>

#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/model/attention_capture.h"
#include "core/model/weights.h"

using namespace gramt::model;

namespace {

std::string golden(const std::string& name) { return std::string(GRAMT_TEST_DATA_DIR) + "/golden/" + name; }

// First 200 frames of the golden HEAR log-mel (1, 2, 331, 128) → (2, 200, 128).
torch::Tensor golden_chunk(const std::string& name) {
  const auto npy = gramt::io::read_npy(golden(name) + "/hear_logmel.npy");
  std::vector<float> v = npy.to_float();
  const torch::Tensor all = torch::from_blob(v.data(), npy.shape, torch::kFloat32).clone();
  return hear_chunk(all[0], 0, 200);
}

void expect_rows_are_distributions(const AttentionMaps& m) {
  double worst = 0;
  for (int64_t l = 0; l < m.layers; ++l)
    for (int64_t h = 0; h < m.heads; ++h)
      for (int64_t q = 0; q < m.tokens; ++q) {
        double sum = 0;
        for (int64_t k = 0; k < m.tokens; ++k) {
          ASSERT_GE(m.at(l, h, q, k), 0.0f);
          sum += m.at(l, h, q, k);
        }
        worst = std::max(worst, std::abs(sum - 1.0));
      }
  EXPECT_LT(worst, 1e-5);
}

// The capture's final encoder output must equal GramtModel::encode on the same chunk.
void expect_same_output_as_encode(GramtModel& model, const torch::Tensor& chunk, const torch::Tensor& captured) {
  torch::NoGradGuard no_grad;
  const torch::Tensor normal = model->encode(chunk.unsqueeze(0))[0];
  ASSERT_EQ(captured.sizes(), normal.sizes());
  EXPECT_LT((captured - normal).abs().max().item<double>(), 1e-5);
}

}  // namespace

TEST(AttentionCapture, FramePatchingGoldenModel) {
  auto loaded = load_model(golden("frame") + "/weights.safetensors", golden("frame") + "/model.yaml");
  const torch::Tensor chunk = golden_chunk("frame");
  torch::Tensor out;
  const AttentionMaps m = capture_attention(loaded.model, chunk, &out);
  EXPECT_EQ(m.layers, 2);
  EXPECT_EQ(m.heads, 4);
  EXPECT_EQ(m.tokens, 201);
  EXPECT_EQ(m.grid_rows, 8);   // 128 mel bins / 16
  EXPECT_EQ(m.grid_cols, 25);  // 200 frames / 8
  EXPECT_TRUE(m.has_cls);
  EXPECT_DOUBLE_EQ(m.patch_seconds, 0.08);
  EXPECT_EQ(m.patch_mel_bands, 16);
  EXPECT_EQ(m.weights.size(), static_cast<size_t>(2 * 4 * 201 * 201));
  // Frequency-major tokens: token 1 + r·25 + c.
  EXPECT_EQ(m.row_of(1 + 3 * 25 + 7), 3);
  EXPECT_EQ(m.col_of(1 + 3 * 25 + 7), 7);
  expect_rows_are_distributions(m);
  expect_same_output_as_encode(loaded.model, chunk, out);
}

TEST(AttentionCapture, WeightsReproduceTheModelsAttentionOutput) {
  // Σ_k w_qk·v_k per head, concatenated and projected, must equal the block's fused attention.
  auto loaded = load_model(golden("frame") + "/weights.safetensors", golden("frame") + "/model.yaml");
  GramtModel& model = loaded.model;
  torch::NoGradGuard no_grad;
  const torch::Tensor chunk = golden_chunk("frame");
  const AttentionMaps m = capture_attention(model, chunk);
  const auto modules = model->named_modules("", false);
  const auto params = model->named_parameters(true);
  const torch::Tensor pos = params["encoder.pos_embedding"];
  const torch::Tensor x = model->normalise(chunk.unsqueeze(0));
  const torch::Tensor tokens =
      modules["patch_embed.proj"]->as<torch::nn::Conv2dImpl>()->forward(x).flatten(2).transpose(1, 2) + pos.slice(1, 1);
  const torch::Tensor h0 = torch::cat({params["cls_token"] + pos.slice(1, 0, 1), tokens}, 1);
  const std::string block = "encoder.layers.encoder_layer_0";
  const torch::Tensor a = modules[block + ".ln_1"]->as<torch::nn::LayerNormImpl>()->forward(h0);
  const torch::Tensor fused = modules[block + ".self_attention"]->as<PackedSelfAttentionImpl>()->forward(a)[0];

  const int64_t n = m.tokens, d = 64, heads = m.heads, hd = d / heads;
  const torch::Tensor w_v = params[block + ".self_attention.in_proj_weight"].slice(0, 2 * d);
  const torch::Tensor b_v = params[block + ".self_attention.in_proj_bias"].slice(0, 2 * d);
  const torch::Tensor v = torch::nn::functional::linear(a[0], w_v, b_v).view({n, heads, hd}).transpose(0, 1);
  std::vector<float> layer0(m.weights.begin(), m.weights.begin() + heads * n * n);
  const torch::Tensor w = torch::from_blob(layer0.data(), {heads, n, n}, torch::kFloat32);
  const torch::Tensor per_head = torch::matmul(w, v).transpose(0, 1).reshape({n, d});
  const torch::Tensor rebuilt = torch::nn::functional::linear(per_head, params[block + ".self_attention.out_proj.weight"],
                                                              params[block + ".self_attention.out_proj.bias"]);
  EXPECT_LT((rebuilt - fused).abs().max().item<double>(), 1e-5);
}

TEST(AttentionCapture, TimePatchingGoldenModel) {
  auto loaded = load_model(golden("time") + "/weights.safetensors", golden("time") + "/model.yaml");
  const torch::Tensor chunk = golden_chunk("time");
  torch::Tensor out;
  const AttentionMaps m = capture_attention(loaded.model, chunk, &out);
  EXPECT_EQ(m.tokens, 101);
  EXPECT_EQ(m.grid_rows, 1);
  EXPECT_EQ(m.grid_cols, 100);
  EXPECT_DOUBLE_EQ(m.patch_seconds, 0.02);
  EXPECT_EQ(m.patch_mel_bands, 128);
  expect_rows_are_distributions(m);
  expect_same_output_as_encode(loaded.model, chunk, out);
  const auto summaries = summarise_heads(m);
  ASSERT_EQ(summaries.size(), 8u);
  for (const auto& s : summaries) {
    EXPECT_GT(s.entropy, 0.0);
    EXPECT_LE(s.entropy, std::log(101.0) + 1e-6);
    EXPECT_EQ(s.distance_freq_patches, 0.0);  // one frequency row
  }
}

TEST(AttentionCapture, OneAndSevenChannelModels) {
  for (int channels : {1, 7}) {
    ModelConfig c = ModelConfig::base("frame", channels);
    c.size = "custom";
    c.encoder = {2, 32, 2, 64, 1e-6};
    c.decoder.depth = 0;
    c.decoder.dim = 32;
    torch::manual_seed(11);
    GramtModel model(c);
    const torch::Tensor chunk = torch::randn({channels, 200, 128});
    torch::Tensor out;
    const AttentionMaps m = capture_attention(model, chunk, &out);
    EXPECT_EQ(m.tokens, 201) << channels;
    EXPECT_EQ(m.heads, 2) << channels;
    expect_rows_are_distributions(m);
    expect_same_output_as_encode(model, chunk, out);
  }
}

TEST(AttentionCapture, WrongChunkShapeNamesTheExpectedShape) {
  auto loaded = load_model(golden("frame") + "/weights.safetensors", golden("frame") + "/model.yaml");
  try {
    capture_attention(loaded.model, torch::zeros({2, 201, 128}));
    FAIL() << "no error";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("(2, 200, 128)"), std::string::npos) << e.what();
  }
}

TEST(HearChunks, CountAndPaddingFollowTheReference) {
  EXPECT_EQ(hear_chunk_count(331, 200), 2);
  EXPECT_EQ(hear_chunk_count(400, 200), 3);  // exact multiple: an extra all-padding chunk
  const torch::Tensor logmel = torch::ones({2, 331, 128});
  const torch::Tensor second = hear_chunk(logmel, 1, 200);
  ASSERT_EQ(second.sizes(), (std::vector<int64_t>{2, 200, 128}));
  EXPECT_EQ(second.slice(1, 0, 131).min().item<float>(), 1.0f);
  EXPECT_EQ(second.slice(1, 131).abs().max().item<float>(), 0.0f);
  EXPECT_THROW(hear_chunk(logmel, 2, 200), gramt::Error);
}
