#include "core/scene/reverberation_formulas.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "core/common/error.h"

namespace gramt::scene {
namespace {

double decay_constant(double speed_of_sound) { return 24.0 * std::log(10.0) / speed_of_sound; }

}  // namespace

double reverberation_time(ReverberationFormula formula, double volume, double surface, double mean_absorption,
                          double speed_of_sound) {
  if (mean_absorption <= 0.0) return std::numeric_limits<double>::infinity();
  const double k = decay_constant(speed_of_sound);
  if (formula == ReverberationFormula::kSabine) return k * volume / (surface * mean_absorption);
  if (mean_absorption >= 1.0) return 0.0;
  return k * volume / (-surface * std::log1p(-mean_absorption));
}

double absorption_for_reverberation_time(ReverberationFormula formula, double volume, double surface, double rt60_seconds,
                                         double speed_of_sound) {
  if (!(rt60_seconds > 0.0) || !std::isfinite(rt60_seconds) || !(volume > 0.0) || !(surface > 0.0))
    throw Error("reverberation time: RT60, volume and surface must be positive and finite");
  const double k = decay_constant(speed_of_sound);
  const double x = k * volume / (surface * rt60_seconds);
  const double alpha = formula == ReverberationFormula::kSabine ? x : -std::expm1(-x);
  if (alpha > 1.0) {
    std::ostringstream msg;
    msg << "reverberation time: RT60 " << rt60_seconds << " s is shorter than this room can reach with Sabine's formula ("
        << k * volume / surface << " s at full absorption)";
    throw Error(msg.str());
  }
  return alpha;
}

}  // namespace gramt::scene
