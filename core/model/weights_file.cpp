#include "core/model/weights_file.h"

#include <filesystem>

namespace gramt::model {
namespace {
const std::map<std::string, std::string> kNothing;

bool has_torch_extension(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".ckpt" || ext == ".pt" || ext == ".pth";
}

}  // namespace

WeightsFile::WeightsFile(const std::string& path) : path_(path) {
  // A zip is a checkpoint whatever its name; a .ckpt that is not a zip gets the checkpoint reader's
  // message ("not a zip archive") rather than a safetensors header complaint.
  if (io::looks_like_zip(path) || has_torch_extension(path))
    checkpoint_ = std::make_unique<io::TorchCheckpoint>(path);
  else
    safetensors_ = std::make_unique<io::SafetensorsFile>(path);
}

const std::map<std::string, std::string>& WeightsFile::metadata() const {
  return safetensors_ ? safetensors_->metadata() : kNothing;
}

const std::map<std::string, std::string>& WeightsFile::checkpoint_info() const {
  return checkpoint_ ? checkpoint_->info() : kNothing;
}

const std::vector<io::StTensorView>& WeightsFile::tensors() const {
  return safetensors_ ? safetensors_->tensors() : checkpoint_->tensors();
}

}  // namespace gramt::model
