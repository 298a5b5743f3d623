// .npy bytes (a file or a tar member) through parse_npy and the value conversion.
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const gramt::io::NpyArray a = gramt::io::parse_npy(std::string(reinterpret_cast<const char*>(data), size), "fuzz.npy");
    if (a.numel() < (1 << 20)) (void)a.to_double();
  } catch (const gramt::Error&) {
  }
  return 0;
}
