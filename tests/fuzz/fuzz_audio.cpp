// WAV/FLAC (or anything libsndfile recognises) through the audio reader.
#include <cstdint>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = gramt::fuzz::write_input(data, size, ".audio");
  try {
    (void)gramt::audio::probe_audio(path);
    (void)gramt::audio::read_audio(path);
  } catch (const gramt::Error&) {
  }
  return 0;
}
