#include "core/data/audio_decoding.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/io/npy.h"

namespace gramt::data {
namespace {

// libsndfile's virtual I/O over a read-only byte string.
struct MemoryReader {
  const std::string* bytes;
  sf_count_t position = 0;
};

sf_count_t memory_length(void* user) { return static_cast<sf_count_t>(static_cast<MemoryReader*>(user)->bytes->size()); }

sf_count_t memory_seek(sf_count_t offset, int whence, void* user) {
  auto* reader = static_cast<MemoryReader*>(user);
  const auto size = static_cast<sf_count_t>(reader->bytes->size());
  sf_count_t target = offset;
  if (whence == SEEK_CUR) target += reader->position;
  if (whence == SEEK_END) target += size;
  reader->position = std::clamp<sf_count_t>(target, 0, size);
  return reader->position;
}

sf_count_t memory_read(void* out, sf_count_t count, void* user) {
  auto* reader = static_cast<MemoryReader*>(user);
  const auto size = static_cast<sf_count_t>(reader->bytes->size());
  const sf_count_t n = std::max<sf_count_t>(0, std::min(count, size - reader->position));
  std::memcpy(out, reader->bytes->data() + reader->position, static_cast<size_t>(n));
  reader->position += n;
  return n;
}

sf_count_t memory_write(const void*, sf_count_t, void*) { return 0; }

sf_count_t memory_tell(void* user) { return static_cast<MemoryReader*>(user)->position; }

struct SndCloser {
  void operator()(SNDFILE* f) const { sf_close(f); }
};

// libsndfile shortens a WAV whose data chunk runs past the end and only says so in its log; a
// member cut off inside a tar is corrupt data, not a shorter recording.
void reject_truncated_data_chunk(SNDFILE* file, const std::string& name) {
  char log[8192] = {0};
  sf_command(file, SFC_GET_LOG_INFO, log, sizeof(log));
  const char* line = log;
  while (line != nullptr && *line != 0) {
    unsigned long long declared = 0, present = 0;
    if (std::sscanf(line, "data : %llu (should be %llu)", &declared, &present) == 2 && declared > present &&
        declared != 0xFFFFFFFFull && declared != 0x7FFFFFFFull)
      throw Error(name + ": audio is truncated (" + std::to_string(present) + " of " + std::to_string(declared) +
                  " data bytes present)");
    line = std::strchr(line, '\n');
    if (line != nullptr) ++line;
  }
}

}  // namespace

audio::AudioBuffer decode_audio_bytes(const std::string& bytes, const std::string& name) {
  if (bytes.empty()) throw Error(name + ": audio member is empty");
  MemoryReader reader{&bytes};
  SF_VIRTUAL_IO io{memory_length, memory_seek, memory_read, memory_write, memory_tell};
  SF_INFO info{};
  std::unique_ptr<SNDFILE, SndCloser> file(sf_open_virtual(&io, SFM_READ, &info, &reader));
  if (!file) throw Error(name + ": cannot decode audio: " + sf_strerror(nullptr));
  if (info.channels <= 0 || info.samplerate <= 0) throw Error(name + ": audio header has no channels or sample rate");
  if (info.frames <= 0) throw Error(name + ": audio has zero samples");
  reject_truncated_data_chunk(file.get(), name);

  const int channels = info.channels;
  const auto frames = static_cast<int64_t>(info.frames);
  audio::AudioBuffer out;
  out.sample_rate = info.samplerate;
  out.channels.assign(static_cast<size_t>(channels), std::vector<float>(static_cast<size_t>(frames)));
  std::vector<float> block(static_cast<size_t>(16384 * channels));
  int64_t done = 0;
  while (done < frames) {
    const sf_count_t want = std::min<sf_count_t>(16384, frames - done);
    const sf_count_t got = sf_readf_float(file.get(), block.data(), want);
    if (got <= 0) break;
    for (sf_count_t i = 0; i < got; ++i)
      for (int c = 0; c < channels; ++c) {
        const float v = block[static_cast<size_t>(i * channels + c)];
        if (!std::isfinite(v))
          throw Error(name + ": sample " + std::to_string(done + i) + " of channel " + std::to_string(c) +
                      " is NaN or infinite");
        out.channels[static_cast<size_t>(c)][static_cast<size_t>(done + i)] = v;
      }
    done += got;
  }
  if (done < frames)
    throw Error(name + ": audio is truncated or corrupt (decoded " + std::to_string(done) + " of " +
                std::to_string(frames) + " frames)");
  return out;
}

audio::AudioBuffer decode_npy_audio(const std::string& bytes, const std::string& name, int sample_rate) {
  if (sample_rate <= 0) throw Error(name + ": .npy audio has no sample rate of its own and none was given");
  const io::NpyArray array = io::parse_npy(bytes, name);
  if (array.shape.empty() || array.shape.size() > 2 || array.numel() == 0)
    throw Error(name + ": .npy audio must be shaped (samples) or (channels, samples) with samples, got " +
                std::to_string(array.shape.size()) + " dimension(s)");
  const std::vector<float> values = array.to_float();
  const size_t channels = array.shape.size() == 2 ? static_cast<size_t>(array.shape[0]) : 1;
  const size_t frames = values.size() / channels;
  audio::AudioBuffer out;
  out.sample_rate = sample_rate;
  for (size_t c = 0; c < channels; ++c) {
    out.channels.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(c * frames),
                              values.begin() + static_cast<std::ptrdiff_t>((c + 1) * frames));
    for (size_t i = 0; i < frames; ++i)
      if (!std::isfinite(out.channels.back()[i]))
        throw Error(name + ": sample " + std::to_string(i) + " of channel " + std::to_string(c) + " is NaN or infinite");
  }
  return out;
}

audio::AudioBuffer decode_record(const AudioRecord& record) {
  if (!record.path.empty()) return audio::read_audio(record.path);
  if (record.format == "npy") return decode_npy_audio(record.encoded, record.name, record.raw_sample_rate);
  return decode_audio_bytes(record.encoded, record.name);
}

}  // namespace gramt::data
