#include "core/model/int8_linear_scope.h"

#include <unordered_map>

namespace gramt::model {
namespace {

thread_local bool enabled_on_thread = false;
thread_local std::shared_ptr<Int8WeightCache> cache_on_thread;

}  // namespace

struct Int8WeightCache::Entries {
  struct Entry {
    torch::Tensor source;  // keeps the address from being reused by another tensor
    uint32_t version = 0;
    QuantizedRows quantized;
  };
  std::unordered_map<const c10::TensorImpl*, Entry> by_tensor;
};

Int8WeightCache::Int8WeightCache() : entries_(std::make_unique<Entries>()) {}
Int8WeightCache::~Int8WeightCache() = default;

const QuantizedRows& Int8WeightCache::get(const torch::Tensor& weight) {
  auto& e = entries_->by_tensor[weight.unsafeGetTensorImpl()];
  if (e.quantized.values.defined() && e.version == weight._version() && e.quantized.values.sizes() == weight.sizes())
    return e.quantized;
  e.source = weight;
  e.version = weight._version();
  e.quantized = quantize_rows(weight.detach());
  return e.quantized;
}

Int8LinearScope::Int8LinearScope(bool enabled, std::shared_ptr<Int8WeightCache> cache)
    : previous_enabled_(enabled_on_thread), previous_cache_(cache_on_thread) {
  if (!enabled) return;
  enabled_on_thread = true;
  cache_on_thread = std::move(cache);
}

Int8LinearScope::~Int8LinearScope() {
  enabled_on_thread = previous_enabled_;
  cache_on_thread = std::move(previous_cache_);
}

bool int8_linears_enabled() { return enabled_on_thread; }

QuantizedRows int8_weight(const torch::Tensor& weight) {
  return cache_on_thread ? cache_on_thread->get(weight) : quantize_rows(weight.detach());
}

}  // namespace gramt::model
