#pragma once
// A bounded shuffle for streams too large to permute in memory: items wait in a buffer of fixed
// capacity and leave it in random order. An item can move at most about `capacity` places earlier,
// arbitrarily later; capacity 1 keeps the stream order.
#include <cstddef>
#include <utility>
#include <vector>

#include "core/data/random.h"

namespace gramt::data {

template <class T>
class ShuffleBuffer {
 public:
  ShuffleBuffer(size_t capacity, Rng rng) : capacity_(capacity < 1 ? 1 : capacity), rng_(rng) {
    items_.reserve(capacity_);
  }

  bool full() const { return items_.size() >= capacity_; }
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  size_t capacity() const { return capacity_; }

  void push(T item) { items_.push_back(std::move(item)); }

  // Removes and returns a uniformly chosen item; the buffer must not be empty.
  T pop() {
    const auto i = static_cast<size_t>(rng_.uniform_int(0, static_cast<int64_t>(items_.size()) - 1));
    std::swap(items_[i], items_.back());
    T out = std::move(items_.back());
    items_.pop_back();
    return out;
  }

  void clear() { items_.clear(); }

 private:
  size_t capacity_;
  Rng rng_;
  std::vector<T> items_;
};

}  // namespace gramt::data
