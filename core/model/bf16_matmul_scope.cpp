#include "core/model/bf16_matmul_scope.h"

#include <unordered_map>

#include "core/model/onednn_matmul.h"

namespace gramt::model {
namespace {

thread_local bool enabled_on_thread = false;
thread_local std::shared_ptr<Bf16WeightCache> cache_on_thread;

}  // namespace

struct Bf16WeightCache::Entries {
  struct Entry {
    torch::Tensor source;  // keeps the address from being reused by another tensor
    uint32_t version = 0;
    torch::Tensor bf16;
  };
  std::unordered_map<const c10::TensorImpl*, Entry> by_tensor;
};

Bf16WeightCache::Bf16WeightCache() : entries_(std::make_unique<Entries>()) {}
Bf16WeightCache::~Bf16WeightCache() = default;

torch::Tensor Bf16WeightCache::get(const torch::Tensor& weight) {
  auto& e = entries_->by_tensor[weight.unsafeGetTensorImpl()];
  if (e.bf16.defined() && e.version == weight._version() && e.bf16.sizes() == weight.sizes()) return e.bf16;
  e.source = weight;
  e.version = weight._version();
  e.bf16 = to_bf16(weight.detach());
  return e.bf16;
}

Bf16MatmulScope::Bf16MatmulScope(bool enabled, std::shared_ptr<Bf16WeightCache> cache)
    : previous_enabled_(enabled_on_thread), previous_cache_(cache_on_thread) {
  if (!enabled) return;
  enabled_on_thread = true;
  cache_on_thread = std::move(cache);
}

Bf16MatmulScope::~Bf16MatmulScope() {
  enabled_on_thread = previous_enabled_;
  cache_on_thread = std::move(previous_cache_);
}

bool bf16_matmuls_enabled() { return enabled_on_thread; }

torch::Tensor bf16_weight(const torch::Tensor& weight) {
  if (weight.scalar_type() == torch::kBFloat16) return weight;
  return cache_on_thread ? cache_on_thread->get(weight) : to_bf16(weight.detach());
}

}  // namespace gramt::model
