#include "core/scene/hrir_table.h"

#include <cmath>

#include "core/common/error.h"

namespace gramt::scene {

HrirTable::HrirTable(std::string name, int sample_rate, std::vector<HrirDirection> directions,
                     std::vector<HrirPair> responses)
    : name_(std::move(name)), sample_rate_(sample_rate), responses_(std::move(responses)) {
  if (sample_rate <= 0) throw Error(name_ + ": HRIR sample rate must be positive");
  if (directions.empty()) throw Error(name_ + ": HRIR table has no directions");
  if (directions.size() != responses_.size())
    throw Error(name_ + ": HRIR table has " + std::to_string(directions.size()) + " directions but " +
                std::to_string(responses_.size()) + " response pairs");
  length_ = static_cast<int>(responses_.front().left.size());
  if (length_ == 0) throw Error(name_ + ": HRIR responses are empty");
  for (size_t i = 0; i < responses_.size(); ++i) {
    const HrirPair& p = responses_[i];
    if (p.left.size() != static_cast<size_t>(length_) || p.right.size() != static_cast<size_t>(length_))
      throw Error(name_ + ": HRIR pair " + std::to_string(i) + " is not " + std::to_string(length_) +
                  " taps long on both ears");
    for (size_t n = 0; n < p.left.size(); ++n)
      if (!std::isfinite(p.left[n]) || !std::isfinite(p.right[n]))
        throw Error(name_ + ": HRIR pair " + std::to_string(i) + " has a non-finite tap");
    if (!std::isfinite(p.left_delay) || !std::isfinite(p.right_delay) || p.left_delay < 0 || p.right_delay < 0)
      throw Error(name_ + ": HRIR pair " + std::to_string(i) + " has a negative or non-finite delay");
  }
  unit_directions_.reserve(directions.size());
  for (const auto& d : directions) {
    if (!std::isfinite(d.azimuth_deg) || !std::isfinite(d.elevation_deg))
      throw Error(name_ + ": HRIR table has a non-finite direction");
    unit_directions_.push_back(direction_vector(d.azimuth_deg, d.elevation_deg));
  }
}

HrirPair HrirTable::lookup(double azimuth_deg, double elevation_deg) const {
  const Vec3 want = direction_vector(azimuth_deg, elevation_deg);
  size_t best = 0;
  double best_cos = -2.0;
  for (size_t i = 0; i < unit_directions_.size(); ++i) {
    const Vec3& u = unit_directions_[i];
    const double c = u.x * want.x + u.y * want.y + u.z * want.z;
    if (c > best_cos) {
      best_cos = c;
      best = i;
    }
  }
  return responses_[best];
}

}  // namespace gramt::scene
