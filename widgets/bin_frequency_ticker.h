#pragma once
// Axis ticks for a plot whose vertical coordinate is a bin index (mel bins, say) while people think
// in hertz: ticks sit at round frequencies (50, 100, 200, 500, 1k, 2k, ...) placed at their
// fractional bin position, however unevenly the bins are spaced.
#include <qcustomplot.h>

#include <map>
#include <vector>

namespace gramt::widgets {

class BinFrequencyTicker : public QCPAxisTicker {
 public:
  // bin_hz[i]: centre frequency of bin i, strictly increasing.
  explicit BinFrequencyTicker(std::vector<double> bin_hz);

  // Fractional bin position of `hz` (linear between bin centres, extrapolated at the ends).
  double binOf(double hz) const;
  // Centre frequency at a fractional bin position (the inverse of binOf).
  double hzAt(double bin) const;

 protected:
  QVector<double> createTickVector(double tick_step, const QCPRange& range) override;
  QString getTickLabel(double tick, const QLocale& locale, QChar format_char, int precision) override;
  int getSubTickCount(double tick_step) override;

 private:
  std::vector<double> bin_hz_;
  std::map<double, double> tick_hz_;  // tick position → the frequency it labels
};

}  // namespace gramt::widgets
