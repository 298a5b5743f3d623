#include "core/train/train_step_parity.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/io/safetensors.h"
#include "core/model/onednn_matmul.h"
#include "core/model/weights.h"
#include "core/train/optimizer_step.h"

namespace gramt::train {
namespace {

namespace fs = std::filesystem;
using model::ArrayComparison;
using NamedParameters = std::vector<std::pair<std::string, torch::Tensor>>;

// Tolerances of the golden README: a gradient may be off by 1e-4 of its tensor's largest entry (the
// backward sums differ in order), but never needs to be closer than 1e-6.
constexpr double kGradRelativeTolerance = 1e-4;
constexpr double kGradAbsoluteFloor = 1e-6;
constexpr double kAfterTolerance = 1e-6;
constexpr double kLossRelativeTolerance = 1e-5;  // as mae_loss
// The global norm sums every gradient; entries within 1e-4 of their tensor's scale keep it within 1e-4.
constexpr double kGradNormRelativeTolerance = 1e-4;
constexpr size_t kProblemsListed = 4;  // a badly broken file names the first few keys, then a count

// golden.json's "train_step": what the reference measured and how it stepped.
struct ReferenceStep {
  double loss = 0;
  double grad_norm_before_clip = 0;
  double clip_norm = 0;
  AdamWSettings adamw;
};

ReferenceStep read_reference_step(const fs::path& golden_json) {
  const std::string where = golden_json.string();
  std::ifstream in(golden_json);
  if (!in) throw Error(where + ": cannot open (it holds the training step's loss and optimizer settings)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + ": not valid JSON (" + e.what() + ")");
  }
  auto number = [&](const nlohmann::json& parent, const std::string& path, const char* key) {
    if (!parent.is_object() || !parent.contains(key) || !parent.at(key).is_number())
      throw Error(where + ": train_step." + path + " is missing or not a number");
    return parent.at(key).get<double>();
  };
  if (!j.contains("train_step")) throw Error(where + ": no \"train_step\" object (loss, gradient norm, optimizer)");
  const auto& step = j.at("train_step");
  ReferenceStep r;
  r.loss = number(step, "loss", "loss");
  r.grad_norm_before_clip = number(step, "grad_norm_before_clip", "grad_norm_before_clip");
  r.clip_norm = number(step, "clip_norm", "clip_norm");
  if (!step.contains("optimizer") || !step.at("optimizer").is_object())
    throw Error(where + ": train_step.optimizer is missing");
  const auto& opt = step.at("optimizer");
  if (!opt.contains("name") || opt.at("name") != "AdamW")
    throw Error(where + ": train_step.optimizer.name must be \"AdamW\" (the only optimizer the trainer has)");
  if (!opt.contains("betas") || !opt.at("betas").is_array() || opt.at("betas").size() != 2 ||
      !opt.at("betas")[0].is_number() || !opt.at("betas")[1].is_number())
    throw Error(where + ": train_step.optimizer.betas must be two numbers");
  r.adamw.lr = number(opt, "optimizer.lr", "lr");
  r.adamw.beta1 = opt.at("betas")[0].get<double>();
  r.adamw.beta2 = opt.at("betas")[1].get<double>();
  r.adamw.eps = number(opt, "optimizer.eps", "eps");
  r.adamw.weight_decay = number(opt, "optimizer.weight_decay", "weight_decay");
  return r;
}

torch::Tensor npy_tensor(const fs::path& path) {
  const io::NpyArray a = io::read_npy(path.string());
  std::vector<float> values = a.to_float();
  return torch::from_blob(values.data(), a.shape, torch::kFloat32).clone();
}

std::string shape_text(const std::vector<int64_t>& shape) { return c10::str(c10::IntArrayRef(shape)); }

// The reference's tensors by the model's parameter name.
struct ReferenceTensors {
  std::map<std::string, torch::Tensor> grad, after;
};

// Matches the file's keys to the trainable parameters: every parameter needs grad.<key> and
// after.<key> of its shape, and nothing else may be there. The keys line lists what is wrong.
ArrayComparison match_keys(const io::SafetensorsFile& file, const NamedParameters& parameters, ReferenceTensors& out) {
  std::map<std::string, torch::Tensor> by_name;
  for (const auto& [name, p] : parameters) by_name.emplace(name, p);
  std::vector<std::string> problems;
  std::string prefix = "model.";  // of the file's keys, to name the missing ones as the file would
  for (const auto& view : file.tensors()) {
    const bool is_grad = view.name.rfind("grad.", 0) == 0, is_after = view.name.rfind("after.", 0) == 0;
    if (!is_grad && !is_after) {
      problems.push_back("unexpected key " + view.name + " (neither grad.* nor after.*)");
      continue;
    }
    const std::string key = view.name.substr(is_grad ? 5 : 6);
    const std::string name = model::canonical_key(key);
    const auto found = by_name.find(name);
    if (name.empty() || found == by_name.end()) {
      problems.push_back("extra key " + view.name + " (no trainable parameter of that name)");
      continue;
    }
    prefix = key.substr(0, key.size() - name.size());
    if (view.shape != found->second.sizes().vec()) {
      problems.push_back(view.name + " has shape " + shape_text(view.shape) + ", the parameter " +
                         shape_text(found->second.sizes().vec()));
      continue;
    }
    torch::Dtype dtype;
    switch (view.dtype) {
      case io::StDType::F32: dtype = torch::kFloat32; break;
      case io::StDType::F64: dtype = torch::kFloat64; break;
      default:
        problems.push_back(view.name + " is " + io::to_string(view.dtype) + ", not F32 or F64");
        continue;
    }
    torch::Tensor t = torch::empty(view.shape, dtype);
    if (view.nbytes > 0) std::memcpy(t.data_ptr(), view.data, view.nbytes);
    (is_grad ? out.grad : out.after)[name] = t;
  }
  for (const auto& [name, p] : parameters) {
    if (!out.grad.count(name) && !file.find("grad." + prefix + name)) problems.push_back("lacks grad." + prefix + name);
    if (!out.after.count(name) && !file.find("after." + prefix + name)) problems.push_back("lacks after." + prefix + name);
  }
  ArrayComparison line{"train_step keys", 0, 0, false, problems.empty(), ""};
  if (problems.empty()) {
    line.note = std::to_string(parameters.size()) + " trainable parameters, each with grad.* and after.*";
  } else {
    line.note = file.path() + ": ";
    for (size_t i = 0; i < std::min(problems.size(), kProblemsListed); ++i) line.note += (i ? "; " : "") + problems[i];
    if (problems.size() > kProblemsListed)
      line.note += "; and " + std::to_string(problems.size() - kProblemsListed) + " more";
  }
  return line;
}

ArrayComparison compare_scalar(const std::string& name, double ours, double reference, double relative_tolerance) {
  ArrayComparison line{name, 0, relative_tolerance, true, false, ""};
  line.max_abs_error = std::abs(ours - reference) / std::max(1e-30, std::abs(reference));
  line.passed = std::isfinite(line.max_abs_error) && line.max_abs_error <= relative_tolerance;
  line.note = "ours " + std::to_string(ours) + ", reference " + std::to_string(reference);
  return line;
}

// One line for a group of tensors: each has its own tolerance, the line shows the tensor whose
// error is the largest share of its tolerance.
class GroupComparison {
 public:
  explicit GroupComparison(std::string name) : line_{std::move(name), 0, 0, false, true, ""} {}

  void add(const std::string& tensor, const torch::Tensor& ours, const torch::Tensor& reference, double tolerance) {
    ++compared_;
    const double error = (ours.to(torch::kFloat64) - reference.to(torch::kFloat64)).abs().max().item<double>();
    const double share = std::isfinite(error) ? error / tolerance : INFINITY;
    if (share > 1) line_.passed = false;
    if (compared_ == 1 || share > worst_share_) {
      worst_share_ = share;
      line_.max_abs_error = error;
      line_.tolerance = tolerance;
      worst_ = tensor;
    }
  }

  ArrayComparison finish(const std::string& extra_note = "") {
    if (compared_ == 0) {
      line_.passed = false;
      line_.note = "no tensor to compare";
    } else if (line_.max_abs_error == 0) {
      line_.note = "all " + std::to_string(compared_) + " tensors exact";
    } else {
      line_.note = "worst " + worst_ + " (" + std::to_string(compared_) + " tensors)";
    }
    if (!extra_note.empty()) line_.note += "; " + extra_note;
    return line_;
  }

 private:
  ArrayComparison line_;
  size_t compared_ = 0;
  double worst_share_ = 0;
  std::string worst_;
};

double gradient_tolerance(const torch::Tensor& reference) {
  return std::max(kGradAbsoluteFloor, kGradRelativeTolerance * reference.abs().max().item<double>());
}

// The gradient step of training: drop the old gradients, forward_mae, backward. Returns the loss.
double compute_gradients(model::GramtModel& m, const NamedParameters& parameters, const torch::Tensor& input,
                         const torch::Tensor& mask) {
  for (const auto& named : parameters) named.second.mutable_grad().reset();
  const model::MaeOutput out = m->forward_mae(input, mask);
  out.loss.backward();
  return out.loss.item<double>();
}

ArrayComparison compare_gradients(const std::string& line_name, const NamedParameters& parameters,
                                  const ReferenceTensors& reference, const std::string& extra_note = "") {
  GroupComparison group(line_name);
  for (const auto& [name, p] : parameters) {
    const auto r = reference.grad.find(name);
    if (r == reference.grad.end()) continue;  // the keys line names it
    // A parameter the loss does not reach has no gradient: zero, as the reference writes it.
    const torch::Tensor ours = p.grad().defined() ? p.grad() : torch::zeros_like(p);
    group.add(name, ours, r->second, gradient_tolerance(r->second));
  }
  return group.finish(extra_note);
}

// Turns the oneDNN products off for its lifetime, to run LibTorch's path in the same process.
class OnednnOff {
 public:
  OnednnOff() { model::set_onednn_matmul_enabled(false); }
  ~OnednnOff() { model::set_onednn_matmul_enabled(true); }
  OnednnOff(const OnednnOff&) = delete;
  OnednnOff& operator=(const OnednnOff&) = delete;
};

std::vector<ArrayComparison> check_with_file(const fs::path& dir, const fs::path& step_file) {
  std::vector<ArrayComparison> lines;
  const io::SafetensorsFile file(step_file.string());
  const ReferenceStep step = read_reference_step(dir / "golden.json");
  for (const char* required : {"mae_input.npy", "mae_mask.npy"})
    if (!fs::exists(dir / required)) throw Error(dir.string() + ": reference case lacks " + std::string(required) +
                                                 ", the training step's input");
  model::LoadedModel loaded = model::load_model((dir / "weights.safetensors").string(), (dir / "model.yaml").string(),
                                                /*strict=*/true, /*require_decoder=*/true);
  model::GramtModel m = loaded.model;
  m->train();
  const NamedParameters parameters = named_trainable_parameters(m);
  ReferenceTensors reference;
  lines.push_back(match_keys(file, parameters, reference));

  const torch::Tensor input = npy_tensor(dir / "mae_input.npy");
  const torch::Tensor mask = npy_tensor(dir / "mae_mask.npy").to(torch::kBool);

  // LibTorch's own products first, then the oneDNN kernels training uses by default, whose
  // gradients then go through the optimizer.
  const bool onednn = model::onednn_matmul_available();
  ArrayComparison libtorch_line;
  {
    OnednnOff off;
    compute_gradients(m, parameters, input, mask);
    libtorch_line = compare_gradients("train_step grad (LibTorch)", parameters, reference);
  }
  const double loss = compute_gradients(m, parameters, input, mask);
  lines.push_back(compare_scalar("train_step loss", loss, step.loss, kLossRelativeTolerance));
  if (onednn) {
    lines.push_back(compare_gradients("train_step grad (oneDNN)", parameters, reference));
  } else {
    ArrayComparison skipped{"train_step grad (oneDNN)", 0, 0, false, true,
                            "oneDNN kernels are off (GRAMT_NO_ONEDNN=1 or not built in): LibTorch's path only"};
    skipped.skipped = true;
    lines.push_back(skipped);
  }
  lines.push_back(libtorch_line);

  std::vector<torch::Tensor> tensors;
  for (const auto& named : parameters) tensors.push_back(named.second);
  const double norm = clip_gradient_norm(tensors, step.clip_norm);
  lines.push_back(compare_scalar("train_step grad_norm", norm, step.grad_norm_before_clip, kGradNormRelativeTolerance));

  // The optimizer steps from the reference's gradients, not ours: some gradients are mathematically
  // zero (the key bias of every attention: softmax ignores a shift shared by all keys) and hold only
  // rounding noise of about 1e-10, which AdamW's first step (g / (|g| + eps), eps 1e-8) turns into
  // moves of up to lr. Two correct backward passes disagree there by more than the 1e-6 allowed, so
  // this line checks the clipping and AdamW code on the reference's input; the lines above check
  // our gradients. A parameter whose reference gradient is missing or unusable (the keys line names it) keeps our
  // gradient and is left out of the comparison.
  torch::NoGradGuard no_grad;
  for (const auto& [name, p] : parameters) {
    const auto r = reference.grad.find(name);
    if (r != reference.grad.end()) p.mutable_grad() = r->second.to(p.dtype());
  }
  torch::optim::AdamW optimizer = make_adamw(tensors, step.adamw);
  clip_gradients_and_step(optimizer, tensors, step.clip_norm);
  GroupComparison after("train_step after AdamW");
  for (const auto& [name, p] : parameters) {
    const auto r = reference.after.find(name);
    if (r != reference.after.end() && reference.grad.count(name)) after.add(name, p, r->second, kAfterTolerance);
  }
  lines.push_back(after.finish("stepped from the reference's gradients"));
  return lines;
}

}  // namespace

std::vector<ArrayComparison> check_train_step(const std::string& case_folder) {
  const fs::path dir(case_folder);
  const fs::path step_file = dir / "train_step.safetensors";
  if (!fs::exists(step_file)) {
    ArrayComparison skipped{"train_step", 0, 0, false, true,
                            "skipped: the case has no train_step.safetensors (no gradient or optimizer check)"};
    skipped.skipped = true;
    return {skipped};
  }
  try {
    return check_with_file(dir, step_file);
  } catch (const Error& e) {
    // The forward checks stay in the report; this line carries why the step could not be checked.
    return {ArrayComparison{"train_step", 0, 0, false, false, e.what()}};
  }
}

model::ReferenceCaseResult check_reference_case_and_training_step(const std::string& case_folder) {
  model::ReferenceCaseResult result = model::check_reference_case(case_folder);
  for (auto& line : check_train_step(case_folder)) result.arrays.push_back(std::move(line));
  return result;
}

}  // namespace gramt::train
