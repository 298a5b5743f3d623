// The decoder heads' relative-position bias: the same values as the reference's table[index]
// lookup, and a gradient that does not depend on thread scheduling (training reproducibility).
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "core/model/mwmae_block.h"

namespace {

using gramt::model::WindowedHead;

torch::Tensor table_of(WindowedHead& head) { return head->named_parameters()["relative_position_bias_table"]; }

TEST(WindowedBias, EqualsTheTableLookedUpByRelativePosition) {
  torch::manual_seed(3);
  for (int window : {1, 2, 5, 8}) {
    WindowedHead head(window);
    const torch::Tensor table = table_of(head).detach().view({-1});
    const torch::Tensor index = head->named_buffers()["relative_position_index"];
    for (int64_t tokens : {int64_t{1}, int64_t{7}, int64_t{16}, int64_t{23}}) {
      const torch::Tensor bias = head->bias(tokens, torch::kCPU).detach();
      ASSERT_EQ(bias.sizes(), (std::vector<int64_t>{tokens, tokens}));
      auto b = bias.accessor<float, 2>();
      auto t = table.accessor<float, 1>();
      auto ix = index.accessor<int64_t, 2>();
      for (int64_t i = 0; i < tokens; ++i)
        for (int64_t j = 0; j < tokens; ++j) {
          if (i / window == j / window)
            ASSERT_EQ(b[i][j], t[ix[i % window][j % window]]) << "window " << window << " at " << i << "," << j;
          else
            ASSERT_TRUE(std::isinf(b[i][j]) && b[i][j] < 0) << "window " << window << " at " << i << "," << j;
        }
    }
  }
}

TEST(WindowedBias, GradientIsBitIdenticalAcrossRepeatsWithSeveralThreads) {
  const int threads_before = at::get_num_threads();
  at::set_num_threads(4);
  torch::manual_seed(5);
  WindowedHead head(100);
  const int64_t tokens = 400;
  const torch::Tensor upstream = torch::randn({tokens, tokens});
  torch::Tensor first;
  for (int repeat = 0; repeat < 30; ++repeat) {
    table_of(head).mutable_grad().reset();
    const torch::Tensor bias = head->bias(tokens, torch::kCPU);
    torch::where(torch::isinf(bias), torch::zeros({}), bias * upstream).sum().backward();
    const torch::Tensor grad = table_of(head).grad().clone();
    if (!first.defined()) first = grad;
    else ASSERT_TRUE(torch::equal(grad, first)) << "repeat " << repeat << " summed in a different order";
  }
  at::set_num_threads(threads_before);
}

}  // namespace
