#include "core/eval/predict/concurrent_jobs.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <ATen/Parallel.h>

namespace gramt::eval::predict {

WorkerPlan plan_workers(int64_t jobs, torch::Device device, int64_t max_workers, int64_t threads_per_worker) {
  WorkerPlan plan;
  const auto cores = static_cast<int64_t>(std::max(1u, std::thread::hardware_concurrency()));
  const int64_t limit = max_workers > 0 ? max_workers : (device.is_cpu() ? cores : 4);
  plan.workers = std::max<int64_t>(1, std::min(jobs, limit));
  if (threads_per_worker > 0) {
    plan.threads_per_worker = threads_per_worker;
  } else {
    plan.threads_per_worker = device.is_cpu() ? std::max<int64_t>(1, cores / plan.workers) : 1;
  }
  return plan;
}

void run_jobs(int64_t jobs, const WorkerPlan& plan,
              const std::function<void(int64_t job, const std::atomic<bool>& stop)>& job) {
  std::atomic<int64_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  const int saved_threads = at::get_num_threads();
  auto worker = [&] {
    // OpenMP keeps the team size per calling thread, so each worker gets its own share.
    at::set_num_threads(static_cast<int>(plan.threads_per_worker));
    while (!stop.load()) {
      const int64_t i = next.fetch_add(1);
      if (i >= jobs) break;
      try {
        job(i, stop);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        stop.store(true);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int64_t w = 0; w < plan.workers; ++w) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  at::set_num_threads(saved_threads);
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace gramt::eval::predict
