#pragma once
// Frame blocks of a long analysis on several threads: each worker takes the next block in turn and
// writes its own slice of the result, so only progress and the first failure are shared. Progress
// never goes back (blocks finish out of order); a cancel stops the workers after their current block,
// and the first exception a block throws is rethrown here once every worker has stopped.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/common/progress.h"

namespace gramt::workbench {

// Calls analyse_block(b) for b in [0, blocks) on up to `threads` threads (0 = every core), reporting
// `what` with the share of blocks done. Ends with progress.checkpoint() (throws Cancelled).
inline void run_blocks_in_parallel(int64_t blocks, int threads, const ProgressSink& progress, const std::string& what,
                                   const std::function<void(int64_t block)>& analyse_block) {
  std::atomic<int64_t> next_block{0}, done_blocks{0};
  std::mutex shared_mutex;
  double reported = 0.0;
  std::exception_ptr failure;
  const auto work = [&] {
    try {
      for (int64_t b = next_block++; b < blocks && !progress.cancelled(); b = next_block++) {
        analyse_block(b);
        const double fraction = static_cast<double>(++done_blocks) / static_cast<double>(blocks);
        const std::lock_guard<std::mutex> lock(shared_mutex);
        if (fraction > reported) {
          reported = fraction;
          progress.report(fraction, what);
        }
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(shared_mutex);
      if (!failure) failure = std::current_exception();
      next_block = blocks;  // the others stop after their current block
    }
  };
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<int64_t>(threads, std::max<int64_t>(blocks, 1)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
  progress.checkpoint();
}

}  // namespace gramt::workbench
