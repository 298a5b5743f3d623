#include "core/train/checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "core/model/weights.h"
#include "core/train/run_folder.h"

namespace gramt::train {
namespace {

std::string state_path(const std::string& run_dir, int64_t step) { return RunFolder(run_dir).checkpoint_state_path(step); }

io::StTensorData tensor_data(const std::string& name, const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
  io::StTensorData d;
  d.name = name;
  d.shape = c.sizes().vec();
  if (c.scalar_type() == torch::kFloat32) d.dtype = io::StDType::F32;
  else if (c.scalar_type() == torch::kUInt8) d.dtype = io::StDType::U8;
  else if (c.scalar_type() == torch::kInt64) d.dtype = io::StDType::I64;
  else throw Error("checkpoint: cannot store tensor " + name);
  const auto* p = static_cast<const unsigned char*>(c.data_ptr());
  d.bytes.assign(p, p + c.nbytes());
  return d;
}

torch::Tensor read_tensor(const io::SafetensorsFile& f, const std::string& name, torch::Dtype dtype) {
  const auto* v = f.find(name);
  if (v == nullptr) throw Error(f.path() + ": checkpoint state lacks '" + name + "'");
  torch::Tensor t = torch::empty(v->shape, torch::TensorOptions().dtype(dtype));
  if (t.nbytes() != v->nbytes) throw Error(f.path() + ": '" + name + "' has the wrong size");
  std::memcpy(t.data_ptr(), v->data, v->nbytes);
  return t;
}

// Optimiser state is keyed by the parameter's TensorImpl address inside LibTorch; map it to names.
std::string state_key(const torch::Tensor& p) { return c10::guts::to_string(p.unsafeGetTensorImpl()); }

}  // namespace

std::string checkpoint_weights_path(const std::string& run_dir, int64_t step) {
  return RunFolder(run_dir).checkpoint_weights_path(step);
}

void save_checkpoint(const std::string& run_dir, const model::GramtModel& model, torch::optim::AdamW& optimizer,
                     const TrainingState& state, const CheckpointPolicy& policy) {
  std::vector<io::StTensorData> tensors;
  std::map<std::string, std::string> meta = state.extra;
  meta["step"] = std::to_string(state.step);
  meta["next_batch"] = std::to_string(state.next_batch);
  meta["config"] = state.config_yaml;
  auto& states = optimizer.state();
  for (const auto& p : model->named_parameters(true)) {
    auto it = states.find(state_key(p.value()));
    if (it == states.end()) continue;
    auto& s = static_cast<torch::optim::AdamWParamState&>(*it->second);
    tensors.push_back(tensor_data("adamw." + p.key() + ".exp_avg", s.exp_avg()));
    tensors.push_back(tensor_data("adamw." + p.key() + ".exp_avg_sq", s.exp_avg_sq()));
    meta["adamw." + p.key() + ".step"] = std::to_string(s.step());
  }
  tensors.push_back(tensor_data("rng.cpu", at::detail::getDefaultCPUGenerator().get_state()));
  io::write_safetensors(state_path(run_dir, state.step), tensors, meta);
  model::save_weights(model, checkpoint_weights_path(run_dir, state.step), {{"step", std::to_string(state.step)}});

  // Prune: keep the newest keep_last and every named step.
  if (policy.keep_last > 0) {
    auto steps = list_checkpoints(run_dir);
    const int64_t excess = static_cast<int64_t>(steps.size()) - policy.keep_last;
    for (int64_t i = 0; i < excess; ++i) {
      const int64_t s = steps[static_cast<size_t>(i)];
      if (std::find(policy.keep_steps.begin(), policy.keep_steps.end(), s) != policy.keep_steps.end()) continue;
      // Weights first: without them the step no longer counts as a checkpoint.
      std::remove(checkpoint_weights_path(run_dir, s).c_str());
      std::remove(state_path(run_dir, s).c_str());
    }
  }
}

std::vector<int64_t> list_checkpoints(const std::string& run_dir) { return RunFolder(run_dir).checkpoint_steps(); }

TrainingState load_checkpoint(const std::string& run_dir, int64_t step, model::GramtModel& model,
                              torch::optim::AdamW& optimizer) {
  {
    io::SafetensorsFile weights(checkpoint_weights_path(run_dir, step));
    model::load_weights(model, weights, /*strict=*/true);
  }
  io::SafetensorsFile f(state_path(run_dir, step));
  TrainingState state;
  const auto& meta = f.metadata();
  auto get = [&](const std::string& k) {
    auto it = meta.find(k);
    if (it == meta.end()) throw Error(f.path() + ": checkpoint state lacks metadata '" + k + "'");
    return it->second;
  };
  state.step = std::stoll(get("step"));
  state.next_batch = std::stoll(get("next_batch"));
  state.config_yaml = get("config");
  auto& states = optimizer.state();
  for (const auto& p : model->named_parameters(true)) {
    if (!f.find("adamw." + p.key() + ".exp_avg")) continue;
    auto s = std::make_unique<torch::optim::AdamWParamState>();
    s->step(std::stoll(get("adamw." + p.key() + ".step")));
    s->exp_avg(read_tensor(f, "adamw." + p.key() + ".exp_avg", torch::kFloat32).to(p.value().device()));
    s->exp_avg_sq(read_tensor(f, "adamw." + p.key() + ".exp_avg_sq", torch::kFloat32).to(p.value().device()));
    states[state_key(p.value())] = std::move(s);
  }
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  generator.set_state(read_tensor(f, "rng.cpu", torch::kUInt8));
  return state;
}

}  // namespace gramt::train
