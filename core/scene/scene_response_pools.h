#pragma once
// Response sources made of others, for scene sets whose rooms are partitioned (e.g. Nat-HEAR's
// held-out test rooms): a pool of sources (one drawn uniformly per scene, then asked for its scene)
// and a pool of numbered records (one drawn uniformly, then loaded). Both draw with
// scene_random's written-out mapping, so the same generator gives the same pick everywhere.
#include <functional>
#include <memory>
#include <vector>

#include "core/scene/scene_responses.h"

namespace gramt::scene {

class SourcePool : public SceneResponseSource {
 public:
  // Throws gramt::Error for an empty pool or sources at different rates.
  explicit SourcePool(std::vector<std::shared_ptr<const SceneResponseSource>> sources);
  int sample_rate() const override { return sources_.front()->sample_rate(); }
  size_t size() const { return sources_.size(); }
  // The pick is the generator's first draw; the chosen source continues with the same generator.
  SceneResponses draw(std::mt19937_64& rng) const override;

 private:
  std::vector<std::shared_ptr<const SceneResponseSource>> sources_;
};

class RecordPool : public SceneResponseSource {
 public:
  using Loader = std::function<SceneResponses(size_t record)>;
  // `load` must be safe to call from several threads. Throws gramt::Error for no records.
  RecordPool(int sample_rate, std::vector<size_t> records, Loader load);
  int sample_rate() const override { return sample_rate_; }
  const std::vector<size_t>& records() const { return records_; }
  SceneResponses draw(std::mt19937_64& rng) const override;

 private:
  int sample_rate_;
  std::vector<size_t> records_;
  Loader load_;
};

}  // namespace gramt::scene
