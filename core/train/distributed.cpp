#include "core/train/distributed.h"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <cstdlib>

#include "core/common/error.h"

namespace gramt::train {
namespace {

const char* first_env(std::initializer_list<const char*> names, const char** which) {
  for (const char* n : names)
    if (const char* v = std::getenv(n); v != nullptr && *v != 0) {
      *which = n;
      return v;
    }
  return nullptr;
}

int parse_int(const char* name, const char* value) {
  char* end = nullptr;
  const long v = std::strtol(value, &end, 10);
  if (end == value || *end != 0 || v < 0) throw Error(std::string("environment variable ") + name + "='" + value + "' is not a non-negative integer");
  return static_cast<int>(v);
}

}  // namespace

DistributedEnv distributed_env_from_environment() {
  DistributedEnv env;
  const char* which = nullptr;
  if (const char* v = first_env({"WORLD_SIZE", "SLURM_NTASKS"}, &which)) env.world_size = parse_int(which, v);
  if (const char* v = first_env({"RANK", "SLURM_PROCID"}, &which)) env.rank = parse_int(which, v);
  if (const char* v = first_env({"LOCAL_RANK", "SLURM_LOCALID"}, &which)) env.local_rank = parse_int(which, v);
  if (const char* v = first_env({"MASTER_ADDR"}, &which)) env.master_addr = v;
  if (const char* v = first_env({"MASTER_PORT"}, &which)) env.master_port = parse_int(which, v);
  if (env.world_size < 1) throw Error("WORLD_SIZE must be at least 1");
  if (env.rank >= env.world_size)
    throw Error("RANK " + std::to_string(env.rank) + " is not below WORLD_SIZE " + std::to_string(env.world_size));
  return env;
}

struct DataParallel::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

DataParallel::DataParallel(const DistributedEnv& env) : env_(env) {
  if (!env_.enabled()) return;
  impl_ = std::make_unique<Impl>();
  c10d::TCPStoreOptions opts;
  opts.port = static_cast<uint16_t>(env_.master_port);
  opts.isServer = env_.rank == 0;
  opts.numWorkers = env_.world_size;
  opts.waitWorkers = true;
  opts.timeout = std::chrono::seconds(120);
  try {
    impl_->store = c10::make_intrusive<c10d::TCPStore>(env_.master_addr, opts);
    auto options = c10d::ProcessGroupGloo::Options::create();
    options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, env_.rank, env_.world_size, options);
  } catch (const std::exception& e) {
    throw Error("distributed rendezvous at " + env_.master_addr + ":" + std::to_string(env_.master_port) + " (rank " +
                std::to_string(env_.rank) + " of " + std::to_string(env_.world_size) + ") failed: " + e.what());
  }
}

DataParallel::~DataParallel() = default;

void DataParallel::average_gradients(const std::vector<torch::Tensor>& parameters) {
  if (!env_.enabled()) return;
  std::vector<torch::Tensor> grads;
  for (const auto& p : parameters)
    if (p.grad().defined()) grads.push_back(p.grad().reshape({-1}));
  if (grads.empty()) return;
  // One flat buffer: a single collective instead of one per tensor.
  std::vector<torch::Tensor> flat{torch::cat(grads).to(torch::kCPU)};
  impl_->group->allreduce(flat)->wait();
  flat[0].div_(env_.world_size);
  int64_t offset = 0;
  for (const auto& p : parameters) {
    if (!p.grad().defined()) continue;
    const int64_t n = p.grad().numel();
    p.grad().copy_(flat[0].slice(0, offset, offset + n).view_as(p.grad()));
    offset += n;
  }
}

void DataParallel::broadcast_from_main(const std::vector<torch::Tensor>& tensors) {
  if (!env_.enabled()) return;
  torch::NoGradGuard no_grad;
  for (const auto& t : tensors) {
    std::vector<torch::Tensor> one{t.detach().to(torch::kCPU).contiguous()};
    impl_->group->broadcast(one)->wait();
    t.detach().copy_(one[0]);
  }
}

double DataParallel::mean(double value) {
  if (!env_.enabled()) return value;
  std::vector<torch::Tensor> one{torch::full({1}, value, torch::kFloat64)};
  impl_->group->allreduce(one)->wait();
  return one[0].item<double>() / env_.world_size;
}

void DataParallel::barrier() {
  if (env_.enabled()) impl_->group->barrier()->wait();
}

}  // namespace gramt::train
