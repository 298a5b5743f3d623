#include "core/model/onednn_matmul_rate.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>

#include "core/model/onednn_matmul.h"

#if defined(GRAMT_HAVE_ONEDNN)
#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace gramt::model {

#if defined(GRAMT_HAVE_ONEDNN)

MatmulRate onednn_matmul_rate(MatmulKind kind, int n_in) {
  if (!onednn_matmul_available()) return MatmulRate{false, 0, "not available: oneDNN products off"};
  using dt = dnnl::memory::data_type;
  const dt a_type = kind == MatmulKind::fp32 ? dt::f32 : kind == MatmulKind::bf16 ? dt::bf16 : dt::u8;
  const dt b_type = kind == MatmulKind::fp32 ? dt::f32 : kind == MatmulKind::bf16 ? dt::bf16 : dt::s8;
  const dt c_type = kind == MatmulKind::int8 ? dt::s32 : dt::f32;
  const int64_t n = n_in;
  at::internal::lazy_init_num_threads();  // see onednn_matmul.cpp
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  const dnnl::memory::desc a_md({n, n}, a_type, dnnl::memory::format_tag::ab);
  const dnnl::memory::desc b_md({n, n}, b_type, dnnl::memory::format_tag::ab);
  const dnnl::memory::desc c_md({n, n}, c_type, dnnl::memory::format_tag::ab);
  const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), engine);
  // Zeros (and halves in fp32): the rate does not depend on the values, and there are no denormals.
  // 4 bytes per element covers every operand type.
  const torch::Tensor a = torch::zeros({n, n}, torch::kInt32), b = torch::zeros({n, n}, torch::kInt32);
  const torch::Tensor c = torch::empty({n, n}, torch::kInt32);
  if (kind == MatmulKind::fp32) a.view(torch::kFloat32).fill_(0.5), b.view(torch::kFloat32).fill_(0.5);
  dnnl::memory am(a_md, engine, a.data_ptr()), bm(b_md, engine, b.data_ptr()), cm(c_md, engine, c.data_ptr());
  const dnnl::matmul product(pd);
  dnnl::stream stream(engine);
  auto run = [&] {
    product.execute(stream, {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
    stream.wait();
  };
  run();
  double best = 1e30;
  for (int attempt = 0; attempt < 6; ++attempt) {
    const auto t0 = std::chrono::steady_clock::now();
    run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return MatmulRate{true, 2.0 * static_cast<double>(n) * n * n / best / 1e9, pd.impl_info_str()};
}

#else

MatmulRate onednn_matmul_rate(MatmulKind, int) { return MatmulRate{false, 0, "not available: built without oneDNN"}; }

#endif

}  // namespace gramt::model
