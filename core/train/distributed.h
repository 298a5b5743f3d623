#pragma once
// Data-parallel training over processes with PyTorch's own c10d engine: Gloo on CPU (NCCL where a
// CUDA LibTorch provides it). Rendezvous reads the variables torchrun sets (RANK, WORLD_SIZE,
// LOCAL_RANK, MASTER_ADDR, MASTER_PORT) or SLURM's (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID; the
// master address then comes from MASTER_ADDR or defaults to localhost).
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace gramt::train {

struct DistributedEnv {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  bool enabled() const { return world_size > 1; }
};

// Reads the environment; throws gramt::Error naming a malformed variable.
DistributedEnv distributed_env_from_environment();

class DataParallel {
 public:
  // Connects to the other processes (blocks until all have joined). world_size 1 → no-op.
  explicit DataParallel(const DistributedEnv& env);
  ~DataParallel();
  DataParallel(const DataParallel&) = delete;
  DataParallel& operator=(const DataParallel&) = delete;

  const DistributedEnv& env() const { return env_; }
  bool is_main() const { return env_.rank == 0; }
  // Replaces each gradient by the mean over all processes (one coalesced all-reduce).
  void average_gradients(const std::vector<torch::Tensor>& parameters);
  // Copies rank 0's values of `tensors` to every process (initial weights).
  void broadcast_from_main(const std::vector<torch::Tensor>& tensors);
  // Mean of a scalar over processes (for logging the global loss).
  double mean(double value);
  void barrier();

 private:
  struct Impl;
  DistributedEnv env_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gramt::train
