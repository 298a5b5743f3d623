#include "core/model/onednn_matmul.h"

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/common/error.h"
#include "core/model/bf16_matmul_scope.h"

#if defined(GRAMT_HAVE_ONEDNN)
#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace gramt::model {
namespace {

// A bf16 operand (saved by a bf16 forward) on LibTorch's path: multiplied in fp32 after its rounding.
torch::Tensor float_if_bf16(const torch::Tensor& t) {
  return t.scalar_type() == torch::kBFloat16 ? t.to(torch::kFloat32) : t;
}

}  // namespace

#if defined(GRAMT_HAVE_ONEDNN)
namespace {

bool disabled_by_environment() {
  const char* off = std::getenv("GRAMT_NO_ONEDNN");
  return off != nullptr && std::string(off) == "1";
}

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::memory::data_type data_type_of(const torch::Tensor& t) {
  return t.scalar_type() == torch::kBFloat16 ? dnnl::memory::data_type::bf16 : dnnl::memory::data_type::f32;
}

dnnl::memory::desc describe(const torch::Tensor& t) {
  const dnnl::memory::dims dims(t.sizes().begin(), t.sizes().end());
  const dnnl::memory::dims strides(t.strides().begin(), t.strides().end());
  return dnnl::memory::desc(dims, data_type_of(t), strides);
}

// The cache key of a tensor's layout: dtype, sizes, strides.
void append_layout(std::string& key, const torch::Tensor& t) {
  if (!t.defined()) { key += "-|"; return; }
  key += t.scalar_type() == torch::kBFloat16 ? 'h' : 'f';
  for (int64_t v : t.sizes()) key += std::to_string(v) + ',';
  key += ':';
  for (int64_t v : t.strides()) key += std::to_string(v) + ',';
  key += '|';
}

// A primitive and the scratch memory one execution of it needs.
struct CachedMatmul {
  dnnl::matmul primitive;
  size_t scratchpad_bytes = 0;
};

// A training step runs the same few dozen shapes every step; building a primitive costs far more
// than running a small one, so primitives are kept per shape-and-strides key.
class PrimitiveCache {
 public:
  std::shared_ptr<const CachedMatmul> get(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& bias,
                                    const torch::Tensor& c) {
    std::string key;
    for (const torch::Tensor* t : {&a, &b, &bias, &c}) append_layout(key, *t);
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = primitives_.find(key);
    if (found != primitives_.end()) return found->second;
    const dnnl::matmul::desc desc = bias.defined() ? dnnl::matmul::desc(describe(a), describe(b), describe(bias), describe(c))
                                                   : dnnl::matmul::desc(describe(a), describe(b), describe(c));
    // Scratch memory comes from the caller: oneDNN's own (library) scratchpad is shared between
    // threads, and predictor workers run the same shapes concurrently.
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    const dnnl::matmul::primitive_desc pd(desc, attr, cpu_engine());
    auto cached = std::make_shared<CachedMatmul>(CachedMatmul{dnnl::matmul(pd), pd.scratchpad_desc().get_size()});
    primitives_.emplace(key, cached);
    return cached;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedMatmul>> primitives_;
};

PrimitiveCache& primitive_cache() {
  static PrimitiveCache cache;
  return cache;
}

// fp32 → bf16 conversions (round to nearest even) as oneDNN reorders, per layout like the products:
// vectorised and threaded, where LibTorch 1.13's own conversion runs element by element.
class ReorderCache {
 public:
  std::shared_ptr<const dnnl::reorder> get(const torch::Tensor& from, const torch::Tensor& to) {
    std::string key;
    append_layout(key, from);
    append_layout(key, to);
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = reorders_.find(key);
    if (found != reorders_.end()) return found->second;
    auto made = std::make_shared<const dnnl::reorder>(
        dnnl::reorder::primitive_desc(cpu_engine(), describe(from), cpu_engine(), describe(to)));
    reorders_.emplace(key, made);
    return made;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const dnnl::reorder>> reorders_;
};

ReorderCache& reorder_cache() {
  static ReorderCache cache;
  return cache;
}

// oneDNN's fast kernels want one of the two matrix dimensions to be dense; anything else is copied.
torch::Tensor with_dense_rows_or_columns(const torch::Tensor& t) {
  const int64_t d = t.dim();
  if (t.stride(d - 1) == 1 || t.stride(d - 2) == 1) return t;
  return t.contiguous();
}

std::atomic<bool> enabled_by_caller{true};  // see set_onednn_matmul_enabled

}  // namespace

bool onednn_matmul_available() {
  static const bool allowed_by_environment = !disabled_by_environment();
  return allowed_by_environment && enabled_by_caller.load(std::memory_order_relaxed);
}

void set_onednn_matmul_enabled(bool enabled) { enabled_by_caller.store(enabled, std::memory_order_relaxed); }

torch::Tensor to_bf16(const torch::Tensor& t_in) {
  if (t_in.scalar_type() == torch::kBFloat16) return t_in;
  if (!onednn_matmul_available() || !t_in.device().is_cpu() || t_in.scalar_type() != torch::kFloat32 || t_in.numel() == 0)
    return t_in.to(torch::kBFloat16);
  // oneDNN describes only layouts without gaps that interleave (a strided slice is copied first).
  const torch::Tensor t = t_in.is_non_overlapping_and_dense() ? t_in : t_in.contiguous();
  at::internal::lazy_init_num_threads();  // see onednn_matmul
  // Same layout as the source where it is dense (a transposed view stays transposed), else contiguous.
  const torch::Tensor out = torch::empty_like(t, t.options().dtype(torch::kBFloat16), c10::MemoryFormat::Preserve);
  const auto reorder = reorder_cache().get(t, out);
  dnnl::engine& engine = cpu_engine();
  dnnl::memory from(describe(t), engine, t.data_ptr()), to(describe(out), engine, out.data_ptr());
  thread_local dnnl::stream stream(engine);
  reorder->execute(stream, from, to);
  stream.wait();
  return out;
}

torch::Tensor onednn_matmul(const torch::Tensor& a_in, const torch::Tensor& b_in, const torch::Tensor& bias_in) {
  auto supported = [](const torch::Tensor& t) {
    return t.device().is_cpu() && (t.scalar_type() == torch::kFloat32 || t.scalar_type() == torch::kBFloat16);
  };
  const bool plain = supported(a_in) && supported(b_in) && a_in.dim() == b_in.dim() && (a_in.dim() == 2 || a_in.dim() == 3) &&
                     (!bias_in.defined() || (bias_in.dim() == 1 && bias_in.scalar_type() == torch::kFloat32));
  if (!onednn_matmul_available() || !plain) {
    const torch::Tensor product = torch::matmul(float_if_bf16(a_in), float_if_bf16(b_in));
    return bias_in.defined() ? product + bias_in : product;
  }
  // bf16 when the thread asks for it or an operand already is (oneDNN wants both alike); the
  // result and the bias stay fp32 and the products accumulate in fp32.
  const bool in_bf16 = bf16_matmuls_enabled() || a_in.scalar_type() == torch::kBFloat16 || b_in.scalar_type() == torch::kBFloat16;
  const torch::Tensor a = with_dense_rows_or_columns(in_bf16 ? to_bf16(a_in) : a_in);
  const torch::Tensor b = with_dense_rows_or_columns(in_bf16 ? to_bf16(b_in) : b_in);
  const int64_t m = a.size(-2), k = a.size(-1), n = b.size(-1);
  if (b.size(-2) != k || (a.dim() == 3 && a.size(0) != b.size(0)))
    throw Error("onednn_matmul: shapes " + c10::str(a.sizes()) + " and " + c10::str(b.sizes()) + " do not multiply");
  const auto out_options = a.options().dtype(torch::kFloat32);
  const torch::Tensor c = a.dim() == 3 ? torch::empty({a.size(0), m, n}, out_options) : torch::empty({m, n}, out_options);
  torch::Tensor bias;
  if (bias_in.defined()) {
    // oneDNN wants the bias with the result's rank: (1, N) or (1, 1, N).
    bias = bias_in.contiguous();
    bias = a.dim() == 3 ? bias.view({1, 1, n}) : bias.view({1, n});
  }
  if (m == 0 || n == 0) return c;
  if (k == 0) return bias.defined() ? c.copy_(bias.expand_as(c)) : c.zero_();
  // oneDNN sizes its thread team from this thread's OpenMP setting; a thread that has not run a
  // LibTorch parallel op yet (a predictor worker) would otherwise use every core.
  at::internal::lazy_init_num_threads();
  const auto cached = primitive_cache().get(a, b, bias, c);
  dnnl::engine& engine = cpu_engine();
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, dnnl::memory(describe(a), engine, a.data_ptr())},
      {DNNL_ARG_WEIGHTS, dnnl::memory(describe(b), engine, b.data_ptr())},
      {DNNL_ARG_DST, dnnl::memory(describe(c), engine, c.data_ptr())}};
  if (bias.defined()) args.emplace(DNNL_ARG_BIAS, dnnl::memory(describe(bias), engine, bias.data_ptr()));
  // One scratch buffer per thread, grown to the largest need and reused (it stays in cache).
  thread_local torch::Tensor scratch;
  if (cached->scratchpad_bytes > 0) {
    if (!scratch.defined() || scratch.numel() < static_cast<int64_t>(cached->scratchpad_bytes))
      scratch = torch::empty({static_cast<int64_t>(cached->scratchpad_bytes)}, torch::TensorOptions().dtype(torch::kUInt8));
    const dnnl::memory::desc scratch_desc({static_cast<int64_t>(cached->scratchpad_bytes)}, dnnl::memory::data_type::u8,
                                          dnnl::memory::format_tag::a);
    args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(scratch_desc, engine, scratch.data_ptr()));
  }
  thread_local dnnl::stream stream(engine);
  cached->primitive.execute(stream, args);
  stream.wait();
  return c;
}

#else

bool onednn_matmul_available() { return false; }

void set_onednn_matmul_enabled(bool) {}

torch::Tensor to_bf16(const torch::Tensor& t) { return t.to(torch::kBFloat16); }

torch::Tensor onednn_matmul(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& bias) {
  const torch::Tensor product = torch::matmul(float_if_bf16(a), float_if_bf16(b));
  return bias.defined() ? product + bias : product;
}

#endif

namespace {

class MatmulWithGrad : public torch::autograd::Function<MatmulWithGrad> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& a, const torch::Tensor& b) {
    if (bf16_matmuls_enabled()) {
      // Saved as bf16: backward multiplies in bf16 too, and the saved activations take half the memory.
      const torch::Tensor a16 = to_bf16(a), b16 = to_bf16(b);
      ctx->save_for_backward({a16, b16});
      return onednn_matmul(a16, b16);
    }
    ctx->save_for_backward({a, b});
    return onednn_matmul(a, b);
  }
  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& a = saved[0];
    const torch::Tensor& b = saved[1];
    const torch::Tensor gc = a.scalar_type() == torch::kBFloat16 ? to_bf16(grads[0]) : grads[0];
    // d(a·b)/da = gc·bᵀ, d(a·b)/db = aᵀ·gc; the transposes are strides, not copies.
    const torch::Tensor ga = ctx->needs_input_grad(0) ? onednn_matmul(gc, b.transpose(-2, -1)) : torch::Tensor();
    const torch::Tensor gb = ctx->needs_input_grad(1) ? onednn_matmul(a.transpose(-2, -1), gc) : torch::Tensor();
    return {ga, gb};
  }
};

}  // namespace

torch::Tensor matmul_with_grad(const torch::Tensor& a, const torch::Tensor& b) {
  if (!onednn_matmul_available()) return torch::matmul(a, b);
  if (!torch::GradMode::is_enabled() || !(a.requires_grad() || b.requires_grad())) return onednn_matmul(a, b);
  return MatmulWithGrad::apply(a, b);
}

}  // namespace gramt::model
