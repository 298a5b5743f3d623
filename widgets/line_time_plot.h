#pragma once
// One value per frame against time, as a line (an ITD in ms, a coherence in 0..1), with a fixed
// value range and an optional zero line. Frames that are NaN (nothing to measure) draw as gaps.
// Zoomed out, the visible frames are reduced to per-bucket minimum and maximum, so an hour of
// 10-ms frames draws as fast as a second of them.
#include <memory>
#include <vector>

#include "widgets/time_plot.h"

namespace gramt::widgets {

class LineTimePlot : public TimePlot {
  Q_OBJECT

 public:
  explicit LineTimePlot(QWidget* parent = nullptr);

  // Frame i is at first_frame_seconds + i * frame_period_seconds. Shared: long series reach the plot
  // without a copy.
  void setSeries(std::shared_ptr<const std::vector<float>> values, double frame_period_seconds,
                 double first_frame_seconds = 0.0);
  void clear();

  void setValueRange(double lowest, double highest);
  // Axis title, e.g. "ITD (ms)", and the unit hover read-outs print after the value, e.g. "ms".
  void setValueLabel(const QString& label, const QString& unit);
  void setTraceColour(const QColor& colour);
  // A thin horizontal line at 0 (for signed quantities).
  void setZeroLineVisible(bool visible);

  int frameCount() const { return values_ ? static_cast<int>(values_->size()) : 0; }
  // The value of one frame as given (NaN outside the series).
  double valueAt(int frame) const;
  QCPGraph* trace() const { return trace_; }

  QCPRange dataTimeSpan() const override;
  HoverReadout readoutAt(double seconds, double value) const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void rebuildTrace();

  std::shared_ptr<const std::vector<float>> values_;
  double frame_period_ = 0.0;
  double first_frame_ = 0.0;
  QString unit_;
  QCPGraph* trace_ = nullptr;
  QCPItemStraightLine* zero_line_ = nullptr;
};

}  // namespace gramt::widgets
