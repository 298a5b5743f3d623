#include "core/io/tensorboard/event_reader.h"

#include "core/common/error.h"
#include "core/io/tensorboard/tfrecord.h"

namespace gramt::tensorboard {

EventFile read_event_file(const std::string& path) {
  RecordFile records = read_record_file(path);
  EventFile out;
  out.truncated_tail = records.truncated_tail;
  out.events.reserve(records.records.size());
  for (std::size_t i = 0; i < records.records.size(); ++i) {
    proto::Event event;
    if (!event.ParseFromString(records.records[i]))
      throw Error(path + ": record " + std::to_string(i) + " is not a TensorBoard event");
    out.events.push_back(std::move(event));
  }
  return out;
}

}  // namespace gramt::tensorboard
