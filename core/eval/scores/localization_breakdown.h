#pragma once
// Where a localization model goes wrong, clip by clip: angular-error statistics and histogram,
// the classic confusions (front–back, left–right, up–down: the prediction lies closer to the true
// direction's mirror image than to the direction itself), and errors split by any per-clip fact
// (SNR, RT60, room, source class). Plain data in, plain data out; angles in degrees, azimuth
// counter-clockwise from the front (90 = left), elevation up.
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace gramt::eval::scores {

struct DirectionResult {
  double true_azimuth_deg = NAN, true_elevation_deg = NAN;
  double predicted_azimuth_deg = NAN, predicted_elevation_deg = NAN;
  double error_deg = NAN;
  std::map<std::string, double> numbers;      // per-clip facts, e.g. "snr_db"
  std::map<std::string, std::string> labels;  // e.g. "room"
};

struct ErrorSummary {
  size_t clips = 0, with_direction = 0;       // all clips, and those with a finite error
  double mean = NAN, median = NAN, p90 = NAN;
  double within_10 = NAN, within_30 = NAN;    // shares of clips with error <= 10°, <= 30°
};
ErrorSummary summarise_errors(const std::vector<DirectionResult>& clips);

struct Confusions {
  size_t judged = 0;       // clips with both directions
  size_t front_back = 0;   // closer to the mirror across the left–right (interaural) axis
  size_t left_right = 0;   // closer to the mirror across the median plane
  size_t up_down = 0;      // closer to the mirror across the horizontal plane (both |elevation| >= 10°)
};
Confusions count_confusions(const std::vector<DirectionResult>& clips);
// Whether one clip is such a confusion (the table marks them).
bool is_front_back_confusion(const DirectionResult& clip);
bool is_left_right_confusion(const DirectionResult& clip);
bool is_up_down_confusion(const DirectionResult& clip);

// Counts per bin of width bin_deg over [0, 180]; the last bin includes 180.
std::vector<size_t> error_histogram(const std::vector<DirectionResult>& clips, double bin_deg);

struct ErrorGroup {
  std::string label;       // "12.0 – 18.5" for a numeric range, the value for a label
  size_t clips = 0;
  double mean = NAN, median = NAN;
};
// Every fact key present in at least one clip, sorted.
std::vector<std::string> fact_keys(const std::vector<DirectionResult>& clips);
// Numbers: up to `bins` groups of about equal size (quantile edges), in ascending order; labels:
// one group per value, sorted by name. Clips without the fact form a last "(missing)" group.
std::vector<ErrorGroup> split_errors(const std::vector<DirectionResult>& clips, const std::string& key, int bins = 4);

}  // namespace gramt::eval::scores
