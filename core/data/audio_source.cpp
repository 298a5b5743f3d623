#include "core/data/audio_source.h"

#include "core/common/error.h"
#include "core/data/audio_decoding.h"
#include "core/data/clip_preparation.h"

namespace gramt::data {

std::optional<AudioItem> next_item(AudioSource& source, int sample_rate, SkipLog& skips) {
  while (auto record = source.next_record()) {
    try {
      const auto decoded = decode_record(*record);
      AudioItem item;
      item.name = record->name;
      item.samples = first_channel_at_rate(decoded, sample_rate);
      item.sample_rate = sample_rate;
      item.metadata = std::move(record->metadata);
      return item;
    } catch (const Error& e) {
      skips.skip(record->name, e.what());
    }
  }
  return std::nullopt;
}

}  // namespace gramt::data
