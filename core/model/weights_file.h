#pragma once
// One weights file of either format the project reads: safetensors, or a PyTorch / Lightning `.ckpt`
// (torch.save's zip; state dict only, read without executing anything). A zip archive, or a file named
// .ckpt / .pt / .pth, is a checkpoint; anything else is read as safetensors. Every loader goes through this class, so each command that takes
// safetensors takes a checkpoint too.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/safetensors.h"
#include "core/io/torch_checkpoint.h"

namespace gramt::model {

class WeightsFile {
 public:
  explicit WeightsFile(const std::string& path);

  const std::string& path() const { return path_; }
  bool is_checkpoint() const { return checkpoint_ != nullptr; }
  // safetensors metadata (our writer stores the model config there); empty for checkpoints.
  const std::map<std::string, std::string>& metadata() const;
  // Lightning's epoch / global_step / version for checkpoints; empty for safetensors.
  const std::map<std::string, std::string>& checkpoint_info() const;
  const std::vector<io::StTensorView>& tensors() const;

 private:
  std::string path_;
  std::unique_ptr<io::SafetensorsFile> safetensors_;
  std::unique_ptr<io::TorchCheckpoint> checkpoint_;
};

}  // namespace gramt::model
