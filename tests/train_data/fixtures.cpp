#include "fixtures.h"

#include <archive.h>
#include <archive_entry.h>
#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/audio/audio_file.h"

namespace fs = std::filesystem;

namespace gramt::test {

namespace {

// Folders made by the tests, removed when the test process ends.
struct TemporaryFolders {
  std::vector<fs::path> paths;
  ~TemporaryFolders() {
    std::error_code ec;
    for (const auto& p : paths) fs::remove_all(p, ec);
  }
};

}  // namespace

fs::path fresh_dir(const std::string& name) {
  static TemporaryFolders made;
  const fs::path p = fs::temp_directory_path() / ("gramt_train_data_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  made.paths.push_back(p);
  return p;
}

audio::AudioBuffer tone(int rate, int channels, double seconds, double hz) {
  audio::AudioBuffer a;
  a.sample_rate = rate;
  const auto frames = static_cast<size_t>(std::llround(seconds * rate));
  a.channels.assign(static_cast<size_t>(channels), std::vector<float>(frames));
  for (int c = 0; c < channels; ++c)
    for (size_t i = 0; i < frames; ++i)
      a.channels[static_cast<size_t>(c)][i] =
          static_cast<float>(0.3 / (c + 1) * std::sin(2 * M_PI * hz * (c + 1) * static_cast<double>(i) / rate));
  return a;
}

std::string encode_audio(const audio::AudioBuffer& audio, const std::string& format) {
  const fs::path tmp = fresh_dir("encode") / ("clip." + format);
  if (format == "wav") {
    audio::write_wav(tmp.string(), audio);
  } else if (format == "flac") {
    SF_INFO info{};
    info.samplerate = audio.sample_rate;
    info.channels = audio.channel_count();
    info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    SNDFILE* f = sf_open(tmp.c_str(), SFM_WRITE, &info);
    if (f == nullptr) throw std::runtime_error("cannot write flac");
    std::vector<float> inter(static_cast<size_t>(audio.frames() * audio.channel_count()));
    for (int64_t i = 0; i < audio.frames(); ++i)
      for (int c = 0; c < audio.channel_count(); ++c)
        inter[static_cast<size_t>(i * audio.channel_count() + c)] = audio.channels[static_cast<size_t>(c)][static_cast<size_t>(i)];
    sf_writef_float(f, inter.data(), audio.frames());
    sf_close(f);
  } else {
    throw std::runtime_error("unknown format " + format);
  }
  auto bytes = read_bytes(tmp);
  fs::remove_all(tmp.parent_path());
  return bytes;
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_tar(const fs::path& path, const std::vector<std::pair<std::string, std::string>>& members) {
  fs::create_directories(path.parent_path());
  struct archive* a = archive_write_new();
  archive_write_set_format_ustar(a);
  if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK) throw std::runtime_error("cannot write tar");
  for (const auto& [name, bytes] : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, bytes.data(), bytes.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

}  // namespace gramt::test
