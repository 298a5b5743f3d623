#pragma once
// Writes a TensorBoard event file, `<dir>/events.out.tfevents.<unix seconds>.<host>`, readable by
// TensorBoard while training runs. Every event reaches the file in one write() as soon as it is
// added, so killing the process (even kill -9) loses at most the event being written; a reader
// sees that one as an incomplete tail record.
#include <cstdint>
#include <mutex>
#include <string>

#include "core/io/tensorboard/event.pb.h"

namespace gramt::tensorboard {

class EventWriter {
 public:
  // Creates `log_dir` if needed and a new event file in it, starting with the file-version event.
  // Throws gramt::Error naming the path when the folder or file cannot be created.
  explicit EventWriter(const std::string& log_dir);
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  void add_scalar(const std::string& tag, double value, int64_t step);
  // `png`: encoded PNG bytes of an RGB image of height x width pixels.
  void add_image(const std::string& tag, const std::string& png, int height, int width, int64_t step);
  // Any event (wall_time is filled in when zero).
  void add_event(proto::Event event);

  // Asks the kernel to put the file on disk (fsync); events are already in the file without it.
  void sync();

  const std::string& path() const { return path_; }

 private:
  void write_record(const std::string& bytes);

  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;  // the trainer and its image callback may log from different threads
};

// Wall-clock seconds since the Unix epoch, as event files store them.
double wall_time_now();

}  // namespace gramt::tensorboard
