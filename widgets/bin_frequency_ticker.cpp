#include "widgets/bin_frequency_ticker.h"

#include <algorithm>
#include <cmath>

namespace gramt::widgets {

BinFrequencyTicker::BinFrequencyTicker(std::vector<double> bin_hz) : bin_hz_(std::move(bin_hz)) {}

double BinFrequencyTicker::binOf(double hz) const {
  const size_t n = bin_hz_.size();
  if (n == 0) return 0.0;
  if (n == 1) return 0.0;
  size_t upper = static_cast<size_t>(std::upper_bound(bin_hz_.begin(), bin_hz_.end(), hz) - bin_hz_.begin());
  upper = std::clamp<size_t>(upper, 1, n - 1);
  const size_t lower = upper - 1;
  const double span = bin_hz_[upper] - bin_hz_[lower];
  return static_cast<double>(lower) + (span > 0 ? (hz - bin_hz_[lower]) / span : 0.0);
}

double BinFrequencyTicker::hzAt(double bin) const {
  const size_t n = bin_hz_.size();
  if (n == 0) return 0.0;
  if (n == 1) return bin_hz_[0];
  const double clamped = std::clamp(bin, 0.0, static_cast<double>(n - 1));
  const size_t lower = std::min(static_cast<size_t>(std::floor(clamped)), n - 2);
  const double fraction = bin - static_cast<double>(lower);  // unclamped: extrapolates past the ends
  return bin_hz_[lower] + fraction * (bin_hz_[lower + 1] - bin_hz_[lower]);
}

QVector<double> BinFrequencyTicker::createTickVector(double /*tick_step*/, const QCPRange& range) {
  tick_hz_.clear();
  QVector<double> ticks;
  if (bin_hz_.size() < 2) return ticks;
  // Round frequencies from the 1-2-5 series; on a short axis (few ticks wanted) keep only 1 and 5.
  const bool dense = tickCount() >= 6;
  for (double decade = 1.0; decade <= 1e6; decade *= 10.0) {
    for (double mantissa : {1.0, 2.0, 5.0}) {
      if (!dense && mantissa == 2.0) continue;
      const double hz = mantissa * decade;
      if (hz < bin_hz_.front() || hz > bin_hz_.back()) continue;
      const double position = binOf(hz);
      if (!range.contains(position)) continue;
      ticks.push_back(position);
      tick_hz_[position] = hz;
    }
  }
  return ticks;
}

QString BinFrequencyTicker::getTickLabel(double tick, const QLocale& /*locale*/, QChar /*format_char*/,
                                         int /*precision*/) {
  const auto found = tick_hz_.find(tick);
  const double hz = found != tick_hz_.end() ? found->second : hzAt(tick);
  if (hz >= 1000.0) return QStringLiteral("%1k").arg(hz / 1000.0, 0, 'g', 3);
  return QString::number(hz, 'f', 0);
}

int BinFrequencyTicker::getSubTickCount(double /*tick_step*/) { return 0; }

}  // namespace gramt::widgets
