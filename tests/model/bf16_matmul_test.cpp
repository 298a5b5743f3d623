// bf16 products (compute_precision.h, bf16_matmul_scope.h): inside a scope the model's products
// multiply bf16-rounded operands with fp32 accumulation, backward follows the forward's choice,
// outside it everything stays fp32; bf16 embeddings of the golden cases stay within cosine 0.999
// of fp32's for every timestamp vector.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/model/bf16_matmul_scope.h"
#include "core/model/compute_precision.h"
#include "core/model/hear_embedder.h"
#include "core/model/linear_kernel.h"
#include "core/model/onednn_matmul.h"
#include "core/model/weights.h"

namespace {

using namespace gramt::model;

torch::Tensor rounded(const torch::Tensor& t) { return t.to(torch::kBFloat16).to(torch::kFloat32); }

double max_relative_error(const torch::Tensor& ours, const torch::Tensor& reference) {
  return (ours - reference).abs().max().item<double>() / (1e-12 + reference.abs().max().item<double>());
}

TEST(ComputePrecision, ParsesTheFourSpellingsAndListsThemOtherwise) {
  EXPECT_EQ(parse_compute_precision("32"), ComputePrecision::fp32);
  EXPECT_EQ(parse_compute_precision("fp32"), ComputePrecision::fp32);
  EXPECT_EQ(parse_compute_precision("bf16"), ComputePrecision::bf16);
  EXPECT_EQ(parse_compute_precision("bf16-mixed"), ComputePrecision::bf16);
  try {
    parse_compute_precision("16", "--precision");
    FAIL() << "16 accepted";
  } catch (const gramt::Error& e) {
    EXPECT_EQ(std::string(e.what()), "--precision: '16' is not one of 32, fp32, bf16, bf16-mixed, int8");
  }
  EXPECT_EQ(choose_cpu_precision(ComputePrecision::fp32).precision, ComputePrecision::fp32);
  const PrecisionChoice bf16 = choose_cpu_precision(ComputePrecision::bf16);
  EXPECT_EQ(bf16.precision == ComputePrecision::bf16, bf16.notice.empty()) << "a fallback always says why";
}

TEST(Bf16Products, ToBf16RoundsToNearestEvenInTheSourceLayout) {
  torch::manual_seed(1);
  const torch::Tensor a = torch::randn({33, 70});
  const torch::Tensor t = a.t();  // transposed view: stays transposed, values rounded like LibTorch's
  const torch::Tensor b = to_bf16(t);
  EXPECT_EQ(b.scalar_type(), torch::kBFloat16);
  EXPECT_EQ(b.strides(), t.strides());
  EXPECT_TRUE(torch::equal(b.to(torch::kFloat32), rounded(t)));
  const torch::Tensor strided = a.slice(1, 0, 70, 3);  // no dense dimension: converted all the same
  EXPECT_TRUE(torch::equal(to_bf16(strided).to(torch::kFloat32), rounded(strided)));
}

TEST(Bf16Products, InsideAScopeProductsMultiplyRoundedOperandsOutsideExactFp32) {
  if (!bf16_matmul_available()) GTEST_SKIP() << "bf16 products need the direct oneDNN products";
  torch::manual_seed(2);
  const torch::Tensor x = torch::randn({41, 96}), w = torch::randn({80, 96}), bias = torch::randn({80});
  const torch::Tensor fp32 = linear_forward(x, w, bias);
  const torch::Tensor exact = torch::addmm(bias, x, w.t());
  EXPECT_LT(max_relative_error(fp32, exact), 1e-5);
  torch::Tensor bf16;
  {
    const Bf16MatmulScope scope;
    EXPECT_TRUE(bf16_matmuls_enabled());
    bf16 = linear_forward(x, w, bias);
  }
  EXPECT_FALSE(bf16_matmuls_enabled());
  EXPECT_EQ(bf16.scalar_type(), torch::kFloat32);
  // The product of the rounded operands, accumulated in fp32 ...
  EXPECT_LT(max_relative_error(bf16, torch::addmm(bias, rounded(x), rounded(w).t())), 1e-5);
  // ... which is not the fp32 product (the scope did something) but close to it.
  const double off = max_relative_error(bf16, exact);
  EXPECT_GT(off, 1e-5);
  EXPECT_LT(off, 2e-2);
  EXPECT_TRUE(torch::equal(linear_forward(x, w, bias), fp32)) << "after the scope: fp32 again, bit for bit";
  // Batched (attention's) products as well.
  const torch::Tensor a = torch::randn({6, 11, 16}), b = torch::randn({6, 13, 16});
  torch::Tensor batched;
  {
    const Bf16MatmulScope scope;
    batched = matmul_with_grad(a, b.transpose(1, 2));
  }
  EXPECT_LT(max_relative_error(batched, torch::bmm(rounded(a), rounded(b).transpose(1, 2))), 1e-5);
}

TEST(Bf16Products, BackwardFollowsTheForwardAndStaysNearFp32) {
  if (!bf16_matmul_available()) GTEST_SKIP() << "bf16 products need the direct oneDNN products";
  torch::manual_seed(3);
  const torch::Tensor x0 = torch::randn({2, 7, 96}), w0 = torch::randn({80, 96}), b0 = torch::randn({80});
  const torch::Tensor g = torch::randn({2, 7, 80});
  torch::Tensor x = x0.clone().requires_grad_(), w = w0.clone().requires_grad_(), bias = b0.clone().requires_grad_();
  torch::Tensor y;
  {
    const Bf16MatmulScope scope;
    y = linear_forward(x, w, bias);
  }
  (y * g).sum().backward();  // outside the scope, as the trainer does
  // Gradients of the rounded product: gx = round(g)·round(w), gw = round(g)ᵀ·round(x).
  const torch::Tensor gf = g.reshape({-1, 80});
  EXPECT_LT(max_relative_error(x.grad().reshape({-1, 96}), torch::mm(rounded(gf), rounded(w0))), 1e-5);
  EXPECT_LT(max_relative_error(w.grad(), torch::mm(rounded(gf).t(), rounded(x0.reshape({-1, 96})))), 1e-5);
  EXPECT_LT(max_relative_error(bias.grad(), gf.sum(0)), 1e-6) << "the bias gradient is an fp32 sum";
  EXPECT_EQ(w.grad().scalar_type(), torch::kFloat32);
  EXPECT_LT(max_relative_error(w.grad(), torch::mm(gf.t(), x0.reshape({-1, 96}))), 2e-2);

  const torch::Tensor a0 = torch::randn({4, 9, 16}), c0 = torch::randn({4, 12, 16}), h = torch::randn({4, 9, 12});
  torch::Tensor a = a0.clone().requires_grad_(), c = c0.clone().requires_grad_();
  torch::Tensor p;
  {
    const Bf16MatmulScope scope;
    p = matmul_with_grad(a, c.transpose(1, 2));
  }
  (p * h).sum().backward();
  EXPECT_LT(max_relative_error(a.grad(), torch::bmm(rounded(h), rounded(c0))), 1e-5);
  EXPECT_LT(max_relative_error(c.grad(), torch::bmm(rounded(h).transpose(1, 2), rounded(a0))), 1e-5);
}

TEST(Bf16Products, TheWeightCacheReusesACopyUntilTheWeightChanges) {
  torch::manual_seed(4);
  torch::Tensor w = torch::randn({8, 16});
  Bf16WeightCache cache;
  const torch::Tensor first = cache.get(w);
  EXPECT_TRUE(torch::equal(first.to(torch::kFloat32), rounded(w)));
  EXPECT_EQ(cache.get(w).data_ptr(), first.data_ptr()) << "unchanged weight: the same copy";
  w.add_(1.0);  // an optimiser step bumps the version counter
  const torch::Tensor second = cache.get(w);
  EXPECT_TRUE(torch::equal(second.to(torch::kFloat32), rounded(w)));
}

// Minimum over every timestamp vector of cos(bf16, fp32), embedding a golden case's clip with its weights.
double min_cosine_on_golden_case(const std::string& name, bool* differs) {
  const std::string dir = std::string(GRAMT_TEST_DATA_DIR) + "/golden/" + name;
  LoadedModel loaded = load_model(dir + "/weights.safetensors", dir + "/model.yaml", true);
  const gramt::audio::AudioBuffer audio = gramt::audio::read_audio(dir + "/audio.wav");
  EmbedOptions options;
  HearEmbedder fp32(loaded.model, options, loaded.window, loaded.filterbank);
  const torch::Tensor reference = fp32.embed(audio).timestamp_embeddings;
  options.precision = ComputePrecision::bf16;
  HearEmbedder bf16(loaded.model, options, loaded.window, loaded.filterbank);
  const torch::Tensor ours = bf16.embed(audio).timestamp_embeddings;
  EXPECT_EQ(ours.sizes(), reference.sizes());
  *differs = !torch::equal(ours, reference);
  return torch::cosine_similarity(ours.to(torch::kFloat64), reference.to(torch::kFloat64), 1).min().item<double>();
}

TEST(Bf16Products, GoldenCaseEmbeddingsStayWithinCosine0999OfFp32) {
  if (!bf16_matmul_available()) GTEST_SKIP() << "bf16 products need the direct oneDNN products";
  for (const std::string name : {"frame", "time", "foa"}) {
    bool differs = false;
    const double cosine = min_cosine_on_golden_case(name, &differs);
    EXPECT_GE(cosine, 0.999) << name;
    EXPECT_TRUE(differs) << name << ": bf16 gave fp32's embeddings bit for bit (the scope did nothing)";
    std::cout << "[ bf16     ] golden/" << name << ": min cosine to fp32 " << cosine << "\n";
  }
}

}  // namespace
