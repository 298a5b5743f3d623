// A task's *.target-labels.pkl through the label pickle decoder.
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/eval/format/label_pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)gramt::eval::format::decode_label_pickle(std::string(reinterpret_cast<const char*>(data), size), "fuzz.pkl");
  } catch (const gramt::Error&) {
  }
  return 0;
}
