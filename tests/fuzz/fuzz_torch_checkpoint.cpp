// A PyTorch / Lightning checkpoint (torch.save's zip): the zip directory, the restricted pickle reader
// and every storage byte the state dict's tensors point at. Also the pickle reader on its own, with
// the same bytes taken as a bare pickle, so mutations reach its opcode handling without the zip.
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/io/pickle_reader.h"
#include "core/io/torch_checkpoint.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = gramt::fuzz::write_input(data, size, ".ckpt");
  unsigned sum = 0;
  try {
    gramt::io::TorchCheckpoint checkpoint(path);
    for (const auto& t : checkpoint.tensors()) {
      for (size_t i = 0; i < t.nbytes; ++i) sum += t.data[i];
      (void)t.numel();
    }
    for (const auto& [key, value] : checkpoint.info()) sum += static_cast<unsigned>(key.size() + value.size());
  } catch (const gramt::Error&) {
  }
  if (size > 2 && data[0] == 0x80) {  // a bare pickle (PROTO opcode first)
    try {
      const std::string bytes(reinterpret_cast<const char*>(data), size);
      const auto document = gramt::io::read_pickle(bytes, "fuzz.pkl", {"collections.OrderedDict"});
      sum += document.root != nullptr;
    } catch (const gramt::Error&) {
    }
  }
  return sum == 0xdeadbeef;  // keep the reads
}
