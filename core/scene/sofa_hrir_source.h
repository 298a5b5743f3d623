#pragma once
// HRIRs from a SOFA file through libmysofa: it reads the file, resamples to the requested rate,
// normalises the loudness, and interpolates between the measured neighbours of a direction.
#include <mutex>
#include <string>

#include "core/scene/hrir_source.h"

struct MYSOFA_EASY;

namespace gramt::scene {

class SofaHrirSource : public HrirSource {
 public:
  // Throws gramt::Error naming `path` when it is missing, unreadable, not binaural, or rejected by
  // libmysofa (its error code translated into words).
  SofaHrirSource(const std::string& path, int sample_rate);
  ~SofaHrirSource() override;
  SofaHrirSource(const SofaHrirSource&) = delete;
  SofaHrirSource& operator=(const SofaHrirSource&) = delete;

  std::string name() const override { return path_; }
  int sample_rate() const override { return sample_rate_; }
  int length() const override { return length_; }
  HrirPair lookup(double azimuth_deg, double elevation_deg) const override;

  int measured_directions() const { return directions_; }

 private:
  std::string path_;
  int sample_rate_ = 0;
  int length_ = 0;
  int directions_ = 0;
  double radius_ = 1.0;  // distance of the measured positions; lookups are made on that sphere
  MYSOFA_EASY* handle_ = nullptr;
  mutable std::mutex mutex_;  // libmysofa's lookup uses scratch space inside the handle
};

// libmysofa's error code in words.
std::string describe_mysofa_error(int code);

}  // namespace gramt::scene
