#pragma once
// HRIRs measured at a list of directions; a lookup returns the pair of the nearest direction (largest
// cosine between the unit vectors), without interpolation.
#include <string>
#include <vector>

#include "core/scene/geometry.h"
#include "core/scene/hrir_set.h"

namespace gramt::scene {

class HrirTable : public HrirSource {
 public:
  // Throws gramt::Error (prefixed with `name`) for an empty table, mismatched counts, a bad sample
  // rate, or responses of different or zero length, or non-finite taps.
  HrirTable(std::string name, int sample_rate, std::vector<HrirDirection> directions, std::vector<HrirPair> responses);

  std::string name() const override { return name_; }
  int sample_rate() const override { return sample_rate_; }
  int length() const override { return length_; }
  HrirPair lookup(double azimuth_deg, double elevation_deg) const override;

 private:
  std::string name_;
  int sample_rate_ = 0;
  int length_ = 0;
  std::vector<Vec3> unit_directions_;
  std::vector<HrirPair> responses_;
};

}  // namespace gramt::scene
