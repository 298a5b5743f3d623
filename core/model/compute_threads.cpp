#include "core/model/compute_threads.h"

#include <ATen/Parallel.h>

#include <thread>

namespace gramt::model {

int use_compute_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  return threads;
}

}  // namespace gramt::model
