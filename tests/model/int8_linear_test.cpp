// int8 linear layers (int8_quantization.h, onednn_int8_matmul.h, int8_linear_scope.h): rows are
// quantised symmetrically to within half a step, the oneDNN product equals the quantised arithmetic
// done in fp32, the scope switches only gradient-free linear layers, and int8 embeddings of the
// golden cases stay within cosine 0.995 of fp32's. Also the precision choice: int8 parsed, refused
// for training by name, and a CPU without VNNI or a build without the products falls back with a reason.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <iostream>
#include <string>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/model/compute_precision.h"
#include "core/model/cpu_features.h"
#include "core/model/hear_embedder.h"
#include "core/model/int8_linear_scope.h"
#include "core/model/int8_quantization.h"
#include "core/model/linear_kernel.h"
#include "core/model/onednn_int8_matmul.h"
#include "core/model/onednn_matmul.h"
#include "core/model/weights.h"

namespace {

using namespace gramt::model;

double max_relative_error(const torch::Tensor& ours, const torch::Tensor& reference) {
  return (ours - reference).abs().max().item<double>() / (1e-12 + reference.abs().max().item<double>());
}

TEST(Int8Precision, ParsedRefusedForTrainingAndFallsBackWithAReason) {
  EXPECT_EQ(parse_compute_precision("int8"), ComputePrecision::int8);
  EXPECT_STREQ(precision_name(ComputePrecision::int8), "int8");
  try {
    refuse_int8_for_training("int8", "trainer.precision");
    FAIL() << "int8 training accepted";
  } catch (const gramt::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "trainer.precision: int8 is for embedding only (embed, embed-tasks, evaluate); training computes in 32 or "
              "bf16-mixed");
  }
  EXPECT_NO_THROW(refuse_int8_for_training("bf16-mixed", "trainer.precision"));

  CpuFeatures vnni;
  vnni.flags = {"avx512f", "avx512_vnni"};
  EXPECT_EQ(choose_precision_on(ComputePrecision::int8, vnni, true).precision, ComputePrecision::int8);
  EXPECT_TRUE(choose_precision_on(ComputePrecision::int8, vnni, true).notice.empty());
  CpuFeatures amx;
  amx.flags = {"amx_int8"};
  EXPECT_EQ(choose_precision_on(ComputePrecision::int8, amx, true).precision, ComputePrecision::int8);

  CpuFeatures avx2;
  avx2.flags = {"avx2", "fma"};
  const PrecisionChoice no_vnni = choose_precision_on(ComputePrecision::int8, avx2, true);
  EXPECT_EQ(no_vnni.precision, ComputePrecision::fp32);
  EXPECT_EQ(no_vnni.notice,
            "this CPU has no int8 dot products (avx512_vnni or amx_int8), where int8 is slower than fp32; computing in fp32");
  const PrecisionChoice no_products = choose_precision_on(ComputePrecision::int8, vnni, false);
  EXPECT_EQ(no_products.precision, ComputePrecision::fp32);
  EXPECT_EQ(no_products.notice,
            "int8 needs the direct oneDNN products (LibTorch 1.x with oneDNN, GRAMT_NO_ONEDNN unset); computing in fp32");
  // bf16 is decided separately: VNNI alone does not make bf16 native.
  EXPECT_EQ(choose_precision_on(ComputePrecision::bf16, vnni, true).precision, ComputePrecision::fp32);

  // This machine: int8 exactly where the CPU and the build allow it, with a reason otherwise.
  const PrecisionChoice here = choose_cpu_precision(ComputePrecision::int8);
  EXPECT_EQ(here.precision == ComputePrecision::int8, here.notice.empty());
  EXPECT_EQ(here.precision == ComputePrecision::int8, int8_matmul_available() && cpu_has_int8_dot_products());
  // Switching the oneDNN products off (GRAMT_NO_ONEDNN's effect) turns int8 off with the build's reason.
  set_onednn_matmul_enabled(false);
  const PrecisionChoice off = choose_cpu_precision(ComputePrecision::int8);
  set_onednn_matmul_enabled(true);
  EXPECT_EQ(off.precision, ComputePrecision::fp32);
  EXPECT_EQ(off.notice, no_products.notice);
}

TEST(Int8Quantization, RowsRoundToWithinHalfAStepOfTheirOwnScale) {
  torch::manual_seed(11);
  torch::Tensor x = torch::randn({37, 131}) * torch::rand({37, 1}) * 5;  // rows of different ranges, odd length
  x[3].zero_();
  const QuantizedRows q = quantize_rows(x.t().contiguous().t());  // column-major input: rows copied first
  ASSERT_EQ(q.values.scalar_type(), torch::kInt8);
  ASSERT_EQ(q.values.sizes(), x.sizes());
  EXPECT_EQ(q.scales[3].item<float>(), 1.0F) << "an all-zero row: scale 1, zeros";
  EXPECT_EQ(q.values[3].abs().max().item<int>(), 0);
  EXPECT_LE(q.values.abs().max().item<int>(), 127);
  const torch::Tensor expected_scales = x.abs().amax(1) / 127;
  EXPECT_TRUE(torch::allclose(q.scales.slice(0, 4), expected_scales.slice(0, 4)));
  // Each row reaches ±127 at its largest value and is off by at most half a step elsewhere.
  EXPECT_EQ(q.values.slice(0, 4).abs().amax(1).min().item<int>(), 127);
  const torch::Tensor error = (dequantize_rows(q) - x).abs() / q.scales.unsqueeze(1);
  EXPECT_LE(error.max().item<double>(), 0.5 + 1e-4);
  // The vector path agrees with rounding half to even done the plain way.
  const torch::Tensor plain = torch::round(x * (127.0 / x.abs().amax(1, true).clamp_min(1e-30))).to(torch::kInt8);
  EXPECT_LE((plain.to(torch::kInt32) - q.values.to(torch::kInt32)).abs().max().item<int>(), 1);
}

TEST(Int8Products, TheProductIsTheQuantisedArithmeticAndStaysNearFp32) {
  torch::manual_seed(12);
  for (const auto& [m, k, n] : std::vector<std::array<int64_t, 3>>{{41, 96, 80}, {201, 768, 64}, {3, 17, 5}}) {
    const torch::Tensor x = torch::randn({m, k}), w = torch::randn({n, k}) * 0.1, bias = torch::randn({n});
    const QuantizedRows qw = quantize_rows(w);
    const torch::Tensor ours = int8_linear(x, qw, bias);
    ASSERT_EQ(ours.sizes(), (std::vector<int64_t>{m, n}));
    // Integer products are exact in s32; the only difference to this is the order of fp32 rounding.
    const torch::Tensor quantised =
        torch::addmm(bias.to(torch::kFloat64), dequantize_rows(quantize_rows(x)).to(torch::kFloat64),
                     dequantize_rows(qw).to(torch::kFloat64).t());
    EXPECT_LT(max_relative_error(ours.to(torch::kFloat64), quantised), 1e-5) << m << "x" << k << "x" << n;
    const double off = max_relative_error(ours, torch::addmm(bias, x, w.t()));
    EXPECT_LT(off, 3e-2) << m << "x" << k << "x" << n;
    const torch::Tensor no_bias = int8_linear(x, qw, {});
    EXPECT_LT(max_relative_error(no_bias + bias, ours), 1e-5);
  }
}

TEST(Int8Products, TheScopeSwitchesOnlyGradientFreeLinearLayers) {
  if (!int8_matmul_available()) GTEST_SKIP() << "int8 products need the direct oneDNN products";
  torch::manual_seed(13);
  const torch::Tensor x = torch::randn({2, 9, 96}), w = torch::randn({80, 96}), bias = torch::randn({80});
  torch::NoGradGuard no_grad;
  const torch::Tensor fp32 = linear_forward(x, w, bias);
  torch::Tensor int8;
  auto cache = std::make_shared<Int8WeightCache>();
  {
    const Int8LinearScope scope(true, cache);
    EXPECT_TRUE(int8_linears_enabled());
    int8 = linear_forward(x, w, bias);
    EXPECT_EQ(int8_weight(w).values.data_ptr(), cache->get(w).values.data_ptr()) << "each weight quantised once";
  }
  EXPECT_FALSE(int8_linears_enabled());
  EXPECT_EQ(int8.sizes(), fp32.sizes());
  const double off = max_relative_error(int8, fp32);
  EXPECT_GT(off, 1e-6) << "the scope did something";
  EXPECT_LT(off, 3e-2);
  EXPECT_TRUE(torch::equal(linear_forward(x, w, bias), fp32)) << "after the scope: fp32 again, bit for bit";
  {
    const Int8LinearScope disabled(false);
    EXPECT_FALSE(int8_linears_enabled());
  }
  {
    torch::AutoGradMode grad(true);  // training keeps fp32 even inside a scope
    const Int8LinearScope scope;
    EXPECT_TRUE(torch::equal(linear_forward(x, w, bias), fp32));
  }
}

TEST(Int8Products, TheWeightCacheQuantisesAgainAfterTheWeightChanges) {
  torch::manual_seed(14);
  torch::Tensor w = torch::randn({8, 16});
  Int8WeightCache cache;
  const torch::Tensor first = cache.get(w).values;
  EXPECT_EQ(cache.get(w).values.data_ptr(), first.data_ptr());
  w.mul_(-1.0);
  EXPECT_TRUE(torch::equal(cache.get(w).values, -first));
}

TEST(Int8Products, GoldenCaseEmbeddingsStayWithinCosine0995OfFp32) {
  if (!int8_matmul_available()) GTEST_SKIP() << "int8 products need the direct oneDNN products";
  double overall = 1.0;
  for (const std::string name : {"frame", "time", "foa"}) {
    const std::string dir = std::string(GRAMT_TEST_DATA_DIR) + "/golden/" + name;
    LoadedModel loaded = load_model(dir + "/weights.safetensors", dir + "/model.yaml", true);
    const gramt::audio::AudioBuffer audio = gramt::audio::read_audio(dir + "/audio.wav");
    EmbedOptions options;
    HearEmbedder fp32(loaded.model, options, loaded.window, loaded.filterbank);
    const torch::Tensor reference = fp32.embed(audio).timestamp_embeddings;
    options.precision = ComputePrecision::int8;
    HearEmbedder int8(loaded.model, options, loaded.window, loaded.filterbank);
    const torch::Tensor ours = int8.embed(audio).timestamp_embeddings;
    ASSERT_EQ(ours.sizes(), reference.sizes());
    EXPECT_FALSE(torch::equal(ours, reference)) << name << ": int8 gave fp32's embeddings bit for bit";
    const double cosine =
        torch::cosine_similarity(ours.to(torch::kFloat64), reference.to(torch::kFloat64), 1).min().item<double>();
    EXPECT_GE(cosine, 0.995) << name;
    overall = std::min(overall, cosine);
    std::cout << "[ int8     ] golden/" << name << ": min cosine to fp32 " << cosine << "\n";
  }
  std::cout << "[ int8     ] golden cases: min cosine to fp32 " << overall << "\n";
}

}  // namespace
