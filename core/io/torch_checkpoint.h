#pragma once
// Weights from a PyTorch / Lightning checkpoint (torch.save's zip format: <name>/data.pkl holding a
// protocol-2 pickle, <name>/data/<key> holding each storage's raw bytes, <name>/version). Only the
// state dict is read: under "state_dict" for a Lightning checkpoint, else the top-level dict itself.
// The pickle goes through the restricted reader (pickle_reader.h) with an allow-list of torch's tensor
// and storage names and collections.OrderedDict; nothing in the file is ever executed.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/safetensors.h"

namespace gramt::io {

class TorchCheckpoint {
 public:
  // Throws gramt::Error naming the file and the problem (not a zip, no data.pkl, a refused global or
  // opcode, a storage shorter than its tensor, a non-tensor state-dict entry, ...).
  explicit TorchCheckpoint(const std::string& path);
  TorchCheckpoint(const TorchCheckpoint&) = delete;
  TorchCheckpoint& operator=(const TorchCheckpoint&) = delete;

  const std::string& path() const { return path_; }
  // Lightning's bookkeeping when present: "epoch", "global_step", "pytorch-lightning_version".
  const std::map<std::string, std::string>& info() const { return info_; }
  // The state dict's tensors, sorted by name, contiguous little-endian copies owned by this object.
  const std::vector<StTensorView>& tensors() const { return tensors_; }

 private:
  std::string path_;
  std::map<std::string, std::string> info_;
  std::vector<StTensorView> tensors_;
  std::vector<std::unique_ptr<std::vector<unsigned char>>> buffers_;
};

// True when the file starts like a zip archive (torch.save's format) rather than a safetensors file.
bool looks_like_zip(const std::string& path);

}  // namespace gramt::io
