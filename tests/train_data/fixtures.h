#pragma once
// Small audio, folders and tar shards written by the tests themselves.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/audio/audio_buffer.h"

namespace gramt::test {

// A fresh, empty folder under the system temp folder, unique to this process and `name`; removed
// when the process ends.
std::filesystem::path fresh_dir(const std::string& name);

// `channels` sines (channel c at (c + 1) · hz Hz, amplitude 0.3 / (c + 1)).
audio::AudioBuffer tone(int rate, int channels, double seconds, double hz);

// Encoded audio file bytes ("wav" float32 or "flac" pcm16).
std::string encode_audio(const audio::AudioBuffer& audio, const std::string& format);

void write_bytes(const std::filesystem::path& path, const std::string& bytes);
std::string read_bytes(const std::filesystem::path& path);

// A ustar archive holding the members in order.
void write_tar(const std::filesystem::path& path, const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace gramt::test
