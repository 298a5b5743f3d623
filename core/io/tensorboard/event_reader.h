#pragma once
// Reads a TensorBoard event file back: for tests, and for showing a run's scalars without TensorBoard.
#include <string>
#include <vector>

#include "core/io/tensorboard/event.pb.h"

namespace gramt::tensorboard {

struct EventFile {
  std::vector<proto::Event> events;
  bool truncated_tail = false;  // the last record was incomplete (see tfrecord.h)
};

// Throws gramt::Error naming the file and record for a CRC mismatch or a record that is not an Event.
EventFile read_event_file(const std::string& path);

}  // namespace gramt::tensorboard
