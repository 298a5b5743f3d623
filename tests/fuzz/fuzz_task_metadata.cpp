// A task folder's task_metadata.json through the parser and every field check.
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/eval/format/task_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)gramt::eval::format::parse_task_metadata_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
  } catch (const gramt::Error&) {
  }
  return 0;
}
