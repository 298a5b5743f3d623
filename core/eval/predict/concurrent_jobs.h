#pragma once
// Runs independent trainings (grid points, folds) side by side. On the CPU the cores are split
// between workers (each worker sets its own intra-op thread count), so concurrency changes
// wall time, not what any one training computes.
#include <atomic>
#include <cstdint>
#include <functional>

#include <torch/types.h>

namespace gramt::eval::predict {

struct WorkerPlan {
  int64_t workers = 1;
  int64_t threads_per_worker = 1;
};

// max_workers / threads_per_worker = 0 choose automatically: on the CPU one worker per core up to
// the number of jobs, the cores shared evenly; on an accelerator up to 4 workers (their CPU-side
// work overlaps), one CPU thread each.
WorkerPlan plan_workers(int64_t jobs, torch::Device device, int64_t max_workers, int64_t threads_per_worker);

// Calls job(i) for every i in [0, jobs) on plan.workers threads. The first exception is rethrown
// after every thread has finished; `stop` turns true when a job failed so others can end early.
void run_jobs(int64_t jobs, const WorkerPlan& plan,
              const std::function<void(int64_t job, const std::atomic<bool>& stop)>& job);

}  // namespace gramt::eval::predict
