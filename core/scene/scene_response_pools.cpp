#include "core/scene/scene_response_pools.h"

#include "core/common/error.h"
#include "core/scene/scene_random.h"

namespace gramt::scene {

SourcePool::SourcePool(std::vector<std::shared_ptr<const SceneResponseSource>> sources) : sources_(std::move(sources)) {
  if (sources_.empty()) throw Error("room pool: no room in the pool");
  for (const auto& s : sources_) {
    if (!s) throw Error("room pool: a null room source");
    if (s->sample_rate() != sources_.front()->sample_rate())
      throw Error("room pool: rooms at " + std::to_string(s->sample_rate()) + " and " +
                  std::to_string(sources_.front()->sample_rate()) + " Hz");
  }
}

SceneResponses SourcePool::draw(std::mt19937_64& rng) const {
  return sources_[uniform_index(rng, sources_.size())]->draw(rng);
}

RecordPool::RecordPool(int sample_rate, std::vector<size_t> records, Loader load)
    : sample_rate_(sample_rate), records_(std::move(records)), load_(std::move(load)) {
  if (records_.empty()) throw Error("record pool: no room-response record in the pool");
  if (!load_) throw Error("record pool: no loader");
}

SceneResponses RecordPool::draw(std::mt19937_64& rng) const { return load_(records_[uniform_index(rng, records_.size())]); }

}  // namespace gramt::scene
