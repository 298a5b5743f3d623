// The direct oneDNN products must agree with LibTorch's own, forwards and backwards, for every
// layout the model hands them (transposed views, batched heads, bias) — with or without oneDNN.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/common/error.h"
#include "core/model/attention.h"
#include "core/model/linear_kernel.h"
#include "core/model/onednn_matmul.h"

namespace {

using gramt::model::linear_forward;
using gramt::model::matmul_with_grad;
using gramt::model::onednn_matmul;

void expect_close(const torch::Tensor& ours, const torch::Tensor& reference, double tolerance = 1e-4) {
  ASSERT_EQ(ours.sizes(), reference.sizes());
  EXPECT_LT((ours - reference).abs().max().item<double>(), tolerance * (1 + reference.abs().max().item<double>()));
}

TEST(OneDnnMatmul, PlainTransposedAndBatchedProductsMatchLibTorch) {
  torch::manual_seed(1);
  const torch::Tensor a = torch::randn({37, 64}), b = torch::randn({64, 29}), bias = torch::randn({29});
  expect_close(onednn_matmul(a, b), torch::mm(a, b));
  expect_close(onednn_matmul(a, b, bias), torch::mm(a, b) + bias);
  const torch::Tensor bt = torch::randn({29, 64});
  expect_close(onednn_matmul(a, bt.t()), torch::mm(a, bt.t()));               // column-major B
  const torch::Tensor at = torch::randn({64, 37});
  expect_close(onednn_matmul(at.t(), b), torch::mm(at.t(), b));               // column-major A
  const torch::Tensor ab = torch::randn({6, 11, 8}), bb = torch::randn({6, 13, 8});
  expect_close(onednn_matmul(ab, bb.transpose(1, 2)), torch::bmm(ab, bb.transpose(1, 2)));
  // Neither dimension dense (a strided slice) is copied first, not misread.
  const torch::Tensor wide = torch::randn({74, 128});
  const torch::Tensor strided = wide.slice(0, 0, 74, 2).slice(1, 0, 128, 2);  // (37, 64), strides (256, 2)
  expect_close(onednn_matmul(strided, b), torch::mm(strided, b));
}

TEST(OneDnnMatmul, MismatchedShapesAreAnErrorNotACrash) {
  if (!gramt::model::onednn_matmul_available()) GTEST_SKIP() << "oneDNN products not compiled in";
  EXPECT_THROW(onednn_matmul(torch::randn({3, 4}), torch::randn({5, 6})), std::exception);
}

TEST(OneDnnMatmul, GradientsMatchLibTorchAutograd) {
  torch::manual_seed(2);
  const torch::Tensor a0 = torch::randn({4, 9, 16}), b0 = torch::randn({4, 12, 16}), g = torch::randn({4, 9, 12});
  torch::Tensor a = a0.clone().requires_grad_(), b = b0.clone().requires_grad_();
  (matmul_with_grad(a, b.transpose(1, 2)) * g).sum().backward();
  torch::Tensor ar = a0.clone().requires_grad_(), br = b0.clone().requires_grad_();
  (torch::bmm(ar, br.transpose(1, 2)) * g).sum().backward();
  expect_close(a.grad(), ar.grad());
  expect_close(b.grad(), br.grad());
}

TEST(OneDnnMatmul, LinearLayerForwardAndBackwardMatchLibTorch) {
  torch::manual_seed(3);
  const torch::Tensor x0 = torch::randn({2, 7, 96}), w0 = torch::randn({80, 96}), b0 = torch::randn({80});
  const torch::Tensor g = torch::randn({2, 7, 80});
  torch::Tensor x = x0.clone().requires_grad_(), w = w0.clone().requires_grad_(), bias = b0.clone().requires_grad_();
  const torch::Tensor y = linear_forward(x, w, bias);
  (y * g).sum().backward();
  torch::Tensor xr = x0.clone().requires_grad_(), wr = w0.clone().requires_grad_(), br = b0.clone().requires_grad_();
  const torch::Tensor yr = torch::nn::functional::linear(xr, wr, br);
  (yr * g).sum().backward();
  expect_close(y, yr);
  expect_close(x.grad(), xr.grad());
  expect_close(w.grad(), wr.grad());
  expect_close(bias.grad(), br.grad());
}

// The training-step parity check runs both paths in one process: the switch must really change the
// path, give the same products while off, and come back on.
TEST(OneDnnMatmul, RunTimeSwitchTakesLibTorchsPathAndComesBack) {
  if (!gramt::model::onednn_matmul_available()) GTEST_SKIP() << "oneDNN products not compiled in or disabled";
  torch::manual_seed(5);
  const torch::Tensor a = torch::randn({5, 6}), b = torch::randn({6, 7});
  gramt::model::set_onednn_matmul_enabled(false);
  EXPECT_FALSE(gramt::model::onednn_matmul_available());
  expect_close(onednn_matmul(a, b), torch::mm(a, b));
  // Only oneDNN's path reports a shape mismatch as gramt::Error; LibTorch's throws its own error.
  try {
    onednn_matmul(torch::randn({3, 4}), torch::randn({5, 6}));
    ADD_FAILURE() << "mismatched shapes multiplied";
  } catch (const gramt::Error&) {
    ADD_FAILURE() << "oneDNN's path ran while switched off";
  } catch (const std::exception&) {
  }
  gramt::model::set_onednn_matmul_enabled(true);
  EXPECT_TRUE(gramt::model::onednn_matmul_available());
  EXPECT_THROW(onednn_matmul(torch::randn({3, 4}), torch::randn({5, 6})), gramt::Error);
}

TEST(OneDnnMatmul, AttentionWithWindowMaskMatchesPlainSoftmaxAttention) {
  torch::manual_seed(4);
  const int64_t b = 2, h = 3, n = 10, d = 8;
  // q, k, v as the model makes them: permuted views of one packed projection.
  const torch::Tensor packed = torch::randn({b, n, 3, h, d}).permute({2, 0, 3, 1, 4});
  torch::Tensor bias = torch::zeros({1, h, n, n});
  bias[0][1].fill_(-std::numeric_limits<float>::infinity());
  bias[0][1].diagonal().zero_();  // head 1 sees only itself
  const torch::Tensor out = gramt::model::scaled_attention(packed[0], packed[1], packed[2], bias);
  const torch::Tensor scores = torch::matmul(packed[0], packed[1].transpose(-2, -1)) / std::sqrt(double(d)) + bias;
  const torch::Tensor reference = torch::matmul(torch::softmax(scores, -1), packed[2]);
  expect_close(out, reference);
  expect_close(out.select(1, 1), packed[2].select(1, 1));  // self-only head returns v unchanged
}

}  // namespace
