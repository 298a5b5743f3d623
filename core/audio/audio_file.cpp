#include "core/audio/audio_file.h"

#include <sndfile.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/common/atomic_file.h"
#include "core/common/error.h"

namespace gramt::audio {
namespace {

struct SndCloser {
  void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndHandle = std::unique_ptr<SNDFILE, SndCloser>;

SndHandle open_for_reading(const std::string& path, SF_INFO& info) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path + ": no such audio file");
  if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a folder, not an audio file");
  info = SF_INFO{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (f == nullptr) throw Error(path + ": cannot read audio: " + sf_strerror(nullptr));
  return SndHandle(f);
}

std::string describe_format(int format) {
  SF_FORMAT_INFO major{}, sub{};
  major.format = format & SF_FORMAT_TYPEMASK;
  sub.format = format & SF_FORMAT_SUBMASK;
  sf_command(nullptr, SFC_GET_FORMAT_INFO, &major, sizeof(major));
  sf_command(nullptr, SFC_GET_FORMAT_INFO, &sub, sizeof(sub));
  return std::string(major.name ? major.name : "?") + " " + (sub.name ? sub.name : "?");
}

}  // namespace

AudioInfo probe_audio(const std::string& path) {
  SF_INFO info;
  auto f = open_for_reading(path, info);
  return AudioInfo{info.samplerate, info.channels, static_cast<int64_t>(info.frames), describe_format(info.format)};
}

AudioBuffer read_audio(const std::string& path, bool check_finite) {
  SF_INFO info;
  auto f = open_for_reading(path, info);
  if (info.channels <= 0 || info.samplerate <= 0) throw Error(path + ": audio header has no channels or sample rate");
  if (info.frames <= 0) throw Error(path + ": audio file has zero samples");
  // libsndfile quietly shortens a WAV/AIFF whose data chunk runs past the end of the file; its log
  // says so ("data : N (should be M)"), and a cut-off recording deserves an error, not silence.
  char log[8192] = {0};
  sf_command(f.get(), SFC_GET_LOG_INFO, log, sizeof(log));
  for (const char* line = log; line != nullptr && *line != 0;) {
    const char* end = std::strchr(line, '\n');
    const std::string text(line, end ? static_cast<size_t>(end - line) : std::strlen(line));
    unsigned long long declared = 0, actual = 0;
    // Streamed WAVs declare a placeholder size (0 or 0xFFFFFFFF); only a real size that exceeds the
    // bytes present means data was lost.
    if (std::sscanf(text.c_str(), "data : %llu (should be %llu)", &declared, &actual) == 2 && declared > actual &&
        declared != 0xFFFFFFFFull && declared != 0x7FFFFFFFull)
      throw Error(path + ": audio file is truncated (header declares " + std::to_string(declared) +
                  " data bytes, the file holds " + std::to_string(actual) + ")");
    line = end ? end + 1 : nullptr;
  }
  const int64_t frames = info.frames;
  const int ch = info.channels;
  AudioBuffer out;
  out.sample_rate = info.samplerate;
  // The header's frame and channel counts are claims: the channels grow with the samples really
  // decoded, and a block holds at most 1 Mi samples, so a lying header costs no memory up front.
  out.channels.assign(static_cast<size_t>(ch), std::vector<float>());
  // Decode in blocks so a long file never needs a second full-size interleaved copy.
  const sf_count_t block = std::max<sf_count_t>(1, (sf_count_t{1} << 20) / ch);
  std::vector<float> interleaved(static_cast<size_t>(block * ch));
  int64_t done = 0;
  while (done < frames) {
    const sf_count_t want = std::min<sf_count_t>(block, frames - done);
    const sf_count_t got = sf_readf_float(f.get(), interleaved.data(), want);
    if (got <= 0) break;
    for (int c = 0; c < ch; ++c) {
      std::vector<float>& channel = out.channels[static_cast<size_t>(c)];
      channel.resize(static_cast<size_t>(done + got));
      for (sf_count_t i = 0; i < got; ++i) channel[static_cast<size_t>(done + i)] = interleaved[static_cast<size_t>(i * ch + c)];
    }
    done += got;
  }
  if (done < frames)
    throw Error(path + ": audio file is truncated or corrupt (decoded " + std::to_string(done) + " of " +
                std::to_string(frames) + " frames" + (sf_error(f.get()) ? std::string(": ") + sf_strerror(f.get()) : "") + ")");
  if (check_finite) {
    for (int c = 0; c < ch; ++c)
      for (size_t i = 0; i < out.channels[static_cast<size_t>(c)].size(); ++i)
        if (!std::isfinite(out.channels[static_cast<size_t>(c)][i]))
          throw Error(path + ": sample " + std::to_string(i) + " of channel " + std::to_string(c) + " is NaN or infinite");
  }
  return out;
}

void write_wav(const std::string& path, const AudioBuffer& audio, const std::string& subtype) {
  if (audio.channel_count() == 0 || audio.sample_rate <= 0) throw Error(path + ": nothing to write");
  SF_INFO info{};
  info.samplerate = audio.sample_rate;
  info.channels = audio.channel_count();
  info.format = SF_FORMAT_WAV | (subtype == "pcm16" ? SF_FORMAT_PCM_16 : SF_FORMAT_FLOAT);
  // libsndfile writes to a path; do that on a temporary sibling and rename it into place.
  const std::string tmp = path + ".tmp-wav";
  {
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    SndHandle f(sf_open(tmp.c_str(), SFM_WRITE, &info));
    if (!f) throw Error(path + ": cannot write audio: " + sf_strerror(nullptr));
    if (subtype == "pcm16") sf_command(f.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
    const int64_t frames = audio.frames();
    const int ch = audio.channel_count();
    std::vector<float> inter(static_cast<size_t>(frames * ch));
    for (int64_t i = 0; i < frames; ++i)
      for (int c = 0; c < ch; ++c) inter[static_cast<size_t>(i * ch + c)] = audio.channels[static_cast<size_t>(c)][static_cast<size_t>(i)];
    if (sf_writef_float(f.get(), inter.data(), frames) != frames) {
      f.reset();
      std::remove(tmp.c_str());
      throw Error(path + ": short write");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(path + ": cannot rename temporary file into place");
  }
}

}  // namespace gramt::audio
