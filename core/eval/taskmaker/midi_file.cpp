#include "core/eval/taskmaker/midi_file.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "core/common/error.h"

namespace gramt::eval::taskmaker {

namespace {

// 480 ticks per quarter note at 120 beats per minute: 960 ticks per second.
constexpr int kTicksPerQuarter = 480;
constexpr double kTicksPerSecond = 960.0;

struct TimedEvent {
  int64_t tick = 0;
  int order = 0;  // at equal ticks: note-offs (0), program changes (1), note-ons (2)
  std::string bytes;
};

void put_variable_length(std::string& out, uint64_t value) {
  char buffer[10];
  int n = 0;
  buffer[n++] = static_cast<char>(value & 0x7f);
  while ((value >>= 7) != 0) buffer[n++] = static_cast<char>((value & 0x7f) | 0x80);
  while (n > 0) out += buffer[--n];
}

void put_be(std::string& out, uint32_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

int64_t to_ticks(double seconds) { return static_cast<int64_t>(std::llround(seconds * kTicksPerSecond)); }

void check(bool ok, const std::string& what) {
  if (!ok) throw Error("MIDI note: " + what);
}

}  // namespace

std::string encode_midi(const std::vector<MidiNote>& notes, double end_seconds) {
  std::vector<MidiNote> sorted = notes;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const MidiNote& a, const MidiNote& b) { return a.start_seconds < b.start_seconds; });
  std::vector<TimedEvent> events;
  std::map<int, int> program_of_channel;
  int64_t last_tick = 0;
  for (const MidiNote& n : sorted) {
    check(n.channel >= 0 && n.channel < 16, "channel must be 0-15");
    check(n.program >= 0 && n.program < 128, "program must be 0-127");
    check(n.key >= 0 && n.key < 128, "key must be 0-127");
    check(n.velocity > 0 && n.velocity < 128, "velocity must be 1-127");
    check(n.start_seconds >= 0.0 && n.duration_seconds > 0.0, "start must be >= 0 and duration > 0");
    const int64_t on = to_ticks(n.start_seconds);
    const int64_t off = std::max(on + 1, to_ticks(n.start_seconds + n.duration_seconds));
    const auto status = static_cast<char>(n.channel);
    auto it = program_of_channel.find(n.channel);
    if (it == program_of_channel.end() || it->second != n.program) {
      events.push_back({on, 1, std::string{static_cast<char>(0xC0 | status), static_cast<char>(n.program)}});
      program_of_channel[n.channel] = n.program;
    }
    events.push_back({on, 2, std::string{static_cast<char>(0x90 | status), static_cast<char>(n.key),
                                         static_cast<char>(n.velocity)}});
    events.push_back({off, 0, std::string{static_cast<char>(0x80 | status), static_cast<char>(n.key), 0}});
    last_tick = std::max(last_tick, off);
  }
  std::stable_sort(events.begin(), events.end(), [](const TimedEvent& a, const TimedEvent& b) {
    return a.tick != b.tick ? a.tick < b.tick : a.order < b.order;
  });

  std::string track;
  // Tempo 500000 microseconds per quarter note (120 bpm), stated so no player assumes another.
  put_variable_length(track, 0);
  track += std::string("\xFF\x51\x03\x07\xA1\x20", 6);
  int64_t now = 0;
  for (const TimedEvent& e : events) {
    put_variable_length(track, static_cast<uint64_t>(e.tick - now));
    track += e.bytes;
    now = e.tick;
  }
  const int64_t end_tick = std::max(last_tick, to_ticks(end_seconds));
  put_variable_length(track, static_cast<uint64_t>(end_tick - now));
  track += std::string("\xFF\x2F\x00", 3);

  std::string file = "MThd";
  put_be(file, 6, 4);
  put_be(file, 0, 2);  // format 0
  put_be(file, 1, 2);  // one track
  put_be(file, kTicksPerQuarter, 2);
  file += "MTrk";
  put_be(file, static_cast<uint32_t>(track.size()), 4);
  file += track;
  return file;
}

}  // namespace gramt::eval::taskmaker
