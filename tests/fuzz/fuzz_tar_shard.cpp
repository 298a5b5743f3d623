// A WebDataset tar shard: every sample and member the reader hands out.
#include <cstdint>

#include "core/common/error.h"
#include "core/data/tar_shard_reader.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = gramt::fuzz::write_input(data, size, ".tar");
  try {
    gramt::data::TarShardReader reader(path);
    for (int samples = 0; samples < 10000; ++samples) {
      const auto sample = reader.next();
      if (!sample) break;
    }
  } catch (const gramt::Error&) {
  }
  return 0;
}
