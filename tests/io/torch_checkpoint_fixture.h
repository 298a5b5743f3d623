#pragma once
// Writes PyTorch-format checkpoints for tests (no Python here): a zip with <folder>/data.pkl (protocol-2
// pickle opcodes as torch.save emits them), <folder>/data/<key> storages and <folder>/version.
#include <cstdint>
#include <string>
#include <vector>

namespace gramt::test {

struct CheckpointTensor {
  std::string name;
  std::string storage_type = "FloatStorage";  // torch.<storage_type>
  std::vector<int64_t> shape;
  std::vector<unsigned char> bytes;            // contiguous, little-endian
  bool store_transposed = false;               // 2-D only: storage holds the transpose, stride (1, rows)
};

struct CheckpointOptions {
  bool lightning = true;         // wrap in {"epoch", "global_step", "state_dict", ...}
  int64_t epoch = 3, global_step = 1234;
  int64_t truncate_storage = -1;  // keep only this many bytes of storage 0
  bool with_pickle = true;
};

// A pickle's opcodes, assembled by hand (the fixture needs hostile ones too).
class PickleBytes {
 public:
  PickleBytes& op(char c) { bytes_ += c; return *this; }
  PickleBytes& raw(const std::string& s) { bytes_ += s; return *this; }
  PickleBytes& proto2() { return raw(std::string("\x80\x02", 2)); }
  PickleBytes& text(const std::string& s);      // BINUNICODE
  PickleBytes& integer(int64_t v);              // BININT (32-bit) or LONG1
  PickleBytes& global(const std::string& module, const std::string& name) { return op('c').raw(module + "\n" + name + "\n"); }
  PickleBytes& ordered_dict() { return global("collections", "OrderedDict").op(')').op('R'); }
  const std::string& str() const { return bytes_; }

 private:
  std::string bytes_;
};

// The tensors of a safetensors file with the wrappers' prefixes removed ("model." stripped, "mel_spec.*"
// dropped): the names a LightningModule that *is* GRAMT gives its state dict.
std::vector<CheckpointTensor> lightning_tensors_of(const std::string& safetensors_path);

void write_checkpoint(const std::string& path, const std::vector<CheckpointTensor>& tensors, const CheckpointOptions& options = {});
// A zip holding `members` (name, bytes) as stored entries (deflated: as torch.save never writes them).
void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members, bool deflate = false);

}  // namespace gramt::test
