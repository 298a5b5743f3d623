// A safetensors file: header JSON, offsets and every tensor's bytes touched.
#include <cstdint>

#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = gramt::fuzz::write_input(data, size, ".safetensors");
  try {
    gramt::io::SafetensorsFile file(path);
    unsigned sum = 0;
    for (const auto& t : file.tensors()) {
      for (size_t i = 0; i < t.nbytes; ++i) sum += t.data[i];
      (void)t.numel();
    }
    (void)file.metadata();
    if (sum == 0xdeadbeef) return 1;  // keep the reads
  } catch (const gramt::Error&) {
  }
  return 0;
}
