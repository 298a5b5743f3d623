#include "core/scene/decay_measurement.h"

#include <cmath>
#include <limits>

#include "core/common/error.h"

namespace gramt::scene {

std::vector<double> energy_decay_curve_db(const std::vector<float>& response) {
  std::vector<double> curve(response.size(), -std::numeric_limits<double>::infinity());
  double remaining = 0.0;
  for (size_t i = response.size(); i-- > 0;) {
    remaining += static_cast<double>(response[i]) * response[i];
    curve[i] = remaining;
  }
  const double total = response.empty() ? 0.0 : curve[0];
  if (!(total > 0.0)) return std::vector<double>(response.size(), -std::numeric_limits<double>::infinity());
  for (double& v : curve) v = v > 0.0 ? 10.0 * std::log10(v / total) : -std::numeric_limits<double>::infinity();
  return curve;
}

double measure_rt60(const std::vector<float>& response, int sample_rate, double lowest_db) {
  if (sample_rate <= 0) throw Error("RT60 measurement: sample rate must be positive");
  if (!(lowest_db < -5.0)) throw Error("RT60 measurement: the fit must end below -5 dB");
  const std::vector<double> curve = energy_decay_curve_db(response);
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  size_t count = 0;
  bool reached = false;
  for (size_t i = 0; i < curve.size(); ++i) {
    if (curve[i] > -5.0) continue;
    if (curve[i] < lowest_db) {
      reached = true;
      break;
    }
    const double t = static_cast<double>(i) / sample_rate;
    sx += t;
    sy += curve[i];
    sxx += t * t;
    sxy += t * curve[i];
    ++count;
  }
  if (!reached || count < 2)
    throw Error("RT60 measurement: the energy decay never falls from -5 to " + std::to_string(lowest_db) +
                " dB; the response is too short or silent");
  const double n = static_cast<double>(count);
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);  // dB per second
  if (!(slope < 0.0)) throw Error("RT60 measurement: the energy decay does not decrease");
  return -60.0 / slope;
}

}  // namespace gramt::scene
