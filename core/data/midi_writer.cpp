#include "core/data/midi_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/common/error.h"

namespace gramt::data {
namespace {

constexpr int kTicksPerQuarter = 480;
constexpr double kTicksPerSecond = kTicksPerQuarter * 2.0;  // 120 bpm: two quarter notes a second

struct Event {
  int64_t tick;
  int order;  // at equal ticks: note-offs, then program changes, then note-ons
  std::string bytes;
};

void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void put_variable_length(std::string& out, uint32_t v) {
  char groups[5];
  int n = 0;
  do {
    groups[n++] = static_cast<char>(v & 0x7F);
    v >>= 7;
  } while (v != 0);
  while (n-- > 1) out.push_back(static_cast<char>(groups[n] | 0x80));
  out.push_back(groups[0]);
}

std::string bytes_of(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

}  // namespace

std::string midi_file_bytes(const std::vector<MidiNote>& notes) {
  std::vector<Event> events;
  for (const auto& n : notes) {
    if (n.channel < 0 || n.channel > 15 || n.program < 0 || n.program > 127 || n.key < 0 || n.key > 127 ||
        n.velocity < 1 || n.velocity > 127 || n.start < 0 || !(n.duration > 0))
      throw Error("MIDI note out of range (channel, program, key, velocity, start or duration)");
    const auto on = static_cast<int64_t>(std::llround(n.start * kTicksPerSecond));
    const auto off = std::max(on + 1, static_cast<int64_t>(std::llround((n.start + n.duration) * kTicksPerSecond)));
    events.push_back({on, 1, bytes_of({0xC0 | n.channel, n.program})});
    events.push_back({on, 2, bytes_of({0x90 | n.channel, n.key, n.velocity})});
    events.push_back({off, 0, bytes_of({0x80 | n.channel, n.key, 0})});
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.tick != b.tick ? a.tick < b.tick : a.order < b.order; });
  std::string track;
  put_variable_length(track, 0);
  track += bytes_of({0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20});  // tempo: 500000 µs per quarter note
  int64_t now = 0;
  for (const auto& e : events) {
    put_variable_length(track, static_cast<uint32_t>(e.tick - now));
    track += e.bytes;
    now = e.tick;
  }
  put_variable_length(track, static_cast<uint32_t>(kTicksPerQuarter));  // a beat of silence for releases
  track += bytes_of({0xFF, 0x2F, 0x00});

  std::string out = "MThd";
  put_u32(out, 6);
  out += bytes_of({0, 0, 0, 1, kTicksPerQuarter >> 8, kTicksPerQuarter & 0xFF});
  out += "MTrk";
  put_u32(out, static_cast<uint32_t>(track.size()));
  return out + track;
}

}  // namespace gramt::data
