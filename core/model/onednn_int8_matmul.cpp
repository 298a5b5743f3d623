#include "core/model/onednn_int8_matmul.h"

#include <ATen/Parallel.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/common/error.h"
#include "core/model/onednn_matmul.h"

#if defined(GRAMT_HAVE_ONEDNN)
#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace gramt::model {
namespace {

void check_operands(const torch::Tensor& x, const QuantizedRows& weight, const torch::Tensor& bias) {
  if (x.dim() != 2 || weight.values.dim() != 2 || x.size(1) != weight.values.size(1) ||
      (bias.defined() && (bias.dim() != 1 || bias.size(0) != weight.values.size(0))))
    throw Error("int8_linear: shapes " + c10::str(x.sizes()) + " and weight " + c10::str(weight.values.sizes()) +
                " do not multiply");
}

// The same arithmetic in fp32: quantised operands, dequantised, multiplied.
torch::Tensor int8_linear_in_fp32(const torch::Tensor& x, const QuantizedRows& weight, const torch::Tensor& bias) {
  const torch::Tensor product = torch::mm(dequantize_rows(quantize_rows(x)), dequantize_rows(weight).t());
  return bias.defined() ? product + bias : product;
}

}  // namespace

#if defined(GRAMT_HAVE_ONEDNN)
namespace {

using dt = dnnl::memory::data_type;

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

struct Int8Primitive {
  dnnl::matmul primitive;
  size_t scratchpad_bytes = 0;
};

// The products as oneDNN sees them, with a leading batch of one: oneDNN 2.6's VNNI kernels take a
// per-row (per-token) scale as a (1, M, 1) binary post-op only on 3-D products (on 2-D ones, and with
// runtime output scales, it falls back to slow generic kernels). Weight scales and bias are (1, 1, N).
dnnl::memory::desc src_desc(int64_t m, int64_t k) { return dnnl::memory::desc({1, m, k}, dt::s8, {m * k, k, 1}); }
dnnl::memory::desc weights_desc(int64_t k, int64_t n) { return dnnl::memory::desc({1, k, n}, dt::s8, {k * n, 1, k}); }  // (N, K) read transposed
dnnl::memory::desc dst_desc(int64_t m, int64_t n) { return dnnl::memory::desc({1, m, n}, dt::f32, {m * n, n, 1}); }
dnnl::memory::desc row_desc(int64_t m) { return dnnl::memory::desc({1, m, 1}, dt::f32, {m, 1, 1}); }
dnnl::memory::desc column_desc(int64_t n) { return dnnl::memory::desc({1, 1, n}, dt::f32, {n, n, 1}); }

// One primitive per (M, K, N, bias): the scales and bias are runtime arguments, so a shape is built once.
class Int8PrimitiveCache {
 public:
  std::shared_ptr<const Int8Primitive> get(int64_t m, int64_t k, int64_t n, bool with_bias) {
    const std::string key = std::to_string(m) + ',' + std::to_string(k) + ',' + std::to_string(n) + (with_bias ? "b" : "");
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = primitives_.find(key);
    if (found != primitives_.end()) return found->second;
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);  // see onednn_matmul.cpp
    // s32 accumulator → · token scale → · channel scale (→ + bias), all before the fp32 store.
    dnnl::post_ops ops;
    ops.append_binary(dnnl::algorithm::binary_mul, row_desc(m));
    ops.append_binary(dnnl::algorithm::binary_mul, column_desc(n));
    if (with_bias) ops.append_binary(dnnl::algorithm::binary_add, column_desc(n));
    attr.set_post_ops(ops);
    const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(src_desc(m, k), weights_desc(k, n), dst_desc(m, n)), attr,
                                          cpu_engine());
    auto made = std::make_shared<Int8Primitive>(Int8Primitive{dnnl::matmul(pd), pd.scratchpad_desc().get_size()});
    primitives_.emplace(key, made);
    return made;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Int8Primitive>> primitives_;
};

Int8PrimitiveCache& primitive_cache() {
  static Int8PrimitiveCache cache;
  return cache;
}

dnnl::memory wrap(const torch::Tensor& t, const dnnl::memory::desc& desc) {
  return dnnl::memory(desc, cpu_engine(), t.data_ptr());
}

}  // namespace

bool int8_matmul_available() { return onednn_matmul_available(); }

torch::Tensor int8_linear(const torch::Tensor& x, const QuantizedRows& weight, const torch::Tensor& bias_in) {
  check_operands(x, weight, bias_in);
  if (!int8_matmul_available()) return int8_linear_in_fp32(x, weight, bias_in);
  const int64_t m = x.size(0), k = x.size(1), n = weight.values.size(0);
  torch::Tensor y = torch::empty({m, n}, x.options().dtype(torch::kFloat32));
  if (m == 0 || n == 0) return y;
  const QuantizedRows q = quantize_rows(x);
  const torch::Tensor bias = bias_in.defined() ? bias_in.contiguous() : torch::Tensor();
  at::internal::lazy_init_num_threads();  // see onednn_matmul.cpp
  const auto cached = primitive_cache().get(m, k, n, bias.defined());
  dnnl::engine& engine = cpu_engine();
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, wrap(q.values, src_desc(m, k))},
      {DNNL_ARG_WEIGHTS, wrap(weight.values, weights_desc(k, n))},
      {DNNL_ARG_DST, wrap(y, dst_desc(m, n))},
      {DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1, wrap(q.scales, row_desc(m))},
      {DNNL_ARG_ATTR_MULTIPLE_POST_OP(1) | DNNL_ARG_SRC_1, wrap(weight.scales, column_desc(n))}};
  if (bias.defined()) args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(2) | DNNL_ARG_SRC_1, wrap(bias, column_desc(n)));
  thread_local torch::Tensor scratch;
  if (cached->scratchpad_bytes > 0) {
    const auto bytes = static_cast<int64_t>(cached->scratchpad_bytes);
    if (!scratch.defined() || scratch.numel() < bytes) scratch = torch::empty({bytes}, torch::TensorOptions().dtype(torch::kUInt8));
    args.emplace(DNNL_ARG_SCRATCHPAD, wrap(scratch, dnnl::memory::desc({bytes}, dt::u8, dnnl::memory::format_tag::a)));
  }
  thread_local dnnl::stream stream(engine);
  cached->primitive.execute(stream, args);
  stream.wait();
  return y;
}

#else

bool int8_matmul_available() { return false; }

torch::Tensor int8_linear(const torch::Tensor& x, const QuantizedRows& weight, const torch::Tensor& bias) {
  check_operands(x, weight, bias);
  return int8_linear_in_fp32(x, weight, bias);
}

#endif

}  // namespace gramt::model
