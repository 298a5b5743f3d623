#pragma once
// Reading and writing audio files through libsndfile (WAV, FLAC, OGG/Vorbis, MP3 where the
// installed libsndfile supports it), any channel count.
#include <string>

#include "core/audio/audio_buffer.h"

namespace gramt::audio {

struct AudioInfo {
  int sample_rate = 0;
  int channels = 0;
  int64_t frames = 0;
  std::string format;  // e.g. "WAV float32"
};

// Header facts without decoding; throws gramt::Error naming the file.
AudioInfo probe_audio(const std::string& path);

// Decodes the whole file. Throws gramt::Error naming the file when it is missing, unreadable,
// truncated, has zero samples, or (check_finite) holds NaN/Inf samples.
AudioBuffer read_audio(const std::string& path, bool check_finite = true);

// Writes a WAV file atomically (temporary file + rename); subtype "float" (IEEE float32) or "pcm16".
void write_wav(const std::string& path, const AudioBuffer& audio, const std::string& subtype = "float");

}  // namespace gramt::audio
