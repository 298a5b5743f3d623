#include "widgets/line_time_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/curve_decimation.h"

namespace gramt::widgets {

namespace {

// Draw every frame while there are fewer than this many per pixel column; beyond that, min/max
// buckets of one column each show the same picture for less work.
constexpr double kMaxFramesPerColumn = 2.0;

}  // namespace

LineTimePlot::LineTimePlot(QWidget* parent) : TimePlot(parent) {
  zero_line_ = new QCPItemStraightLine(this);
  zero_line_->setPen(QPen(QColor(0x90, 0x90, 0x90), 1.0, Qt::DashLine));
  zero_line_->point1->setCoords(0.0, 0.0);
  zero_line_->point2->setCoords(1.0, 0.0);
  zero_line_->setSelectable(false);
  zero_line_->setVisible(false);

  // These plots are short: a few value ticks read better than a crowded axis.
  yAxis->ticker()->setTickCount(3);
  setMinimumHeight(80);

  trace_ = addGraph(xAxis, yAxis);
  trace_->setPen(QPen(QColor(0x2a, 0x6f, 0xdb), 1.0));
  trace_->setAdaptiveSampling(false);  // the buckets already are the sampling
  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { rebuildTrace(); });
}

void LineTimePlot::setSeries(std::shared_ptr<const std::vector<float>> values, double frame_period_seconds,
                             double first_frame_seconds) {
  values_ = (values && !values->empty() && frame_period_seconds > 0) ? std::move(values) : nullptr;
  frame_period_ = frame_period_seconds;
  first_frame_ = first_frame_seconds;
  rebuildTrace();
}

void LineTimePlot::clear() { setSeries(nullptr, 0.0); }

void LineTimePlot::setValueRange(double lowest, double highest) {
  yAxis->setRange(lowest, highest);
  replot(rpQueuedReplot);
}

void LineTimePlot::setValueLabel(const QString& label, const QString& unit) {
  yAxis->setLabel(label);
  unit_ = unit;
  replot(rpQueuedReplot);
}

void LineTimePlot::setTraceColour(const QColor& colour) {
  trace_->setPen(QPen(colour, 1.0));
  replot(rpQueuedReplot);
}

void LineTimePlot::setZeroLineVisible(bool visible) {
  zero_line_->setVisible(visible);
  replot(rpQueuedReplot);
}

double LineTimePlot::valueAt(int frame) const {
  if (frame < 0 || frame >= frameCount()) return std::numeric_limits<double>::quiet_NaN();
  return (*values_)[static_cast<size_t>(frame)];
}

QCPRange LineTimePlot::dataTimeSpan() const {
  if (frameCount() == 0) return QCPRange();
  // The same span as a spectrogram of these frames, so stacked plots fit to the same width.
  return QCPRange(first_frame_ - frame_period_ / 2, first_frame_ + (frameCount() - 0.5) * frame_period_);
}

void LineTimePlot::rebuildTrace() {
  const int n = frameCount();
  if (n == 0) {
    trace_->data()->clear();
    replot(rpQueuedReplot);
    return;
  }
  const QCPRange range = xAxis->range();
  // The visible frames and one beyond each edge, so the line runs to the border of the plot.
  const int first = std::clamp(static_cast<int>(std::floor((range.lower - first_frame_) / frame_period_)) - 1, 0, n);
  const int last = std::clamp(static_cast<int>(std::ceil((range.upper - first_frame_) / frame_period_)) + 2, first, n);
  const std::vector<float>& values = *values_;
  const int columns = plotAreaWidth();
  if (last - first > kMaxFramesPerColumn * columns) {
    std::vector<double> keys(static_cast<size_t>(last - first)), points(keys.size());
    for (int i = first; i < last; ++i) {
      keys[static_cast<size_t>(i - first)] = first_frame_ + i * frame_period_;
      points[static_cast<size_t>(i - first)] = values[static_cast<size_t>(i)];
    }
    trace_->data()->set(decimateMinMax(keys.data(), points.data(), 0, keys.size(), columns), /*alreadySorted=*/true);
  } else {
    QVector<QCPGraphData> data;
    data.reserve(last - first);
    // NaN values stay NaN: QCustomPlot breaks the line there.
    for (int i = first; i < last; ++i) data.append(QCPGraphData(first_frame_ + i * frame_period_, values[static_cast<size_t>(i)]));
    trace_->data()->set(data, /*alreadySorted=*/true);
  }
  replot(rpQueuedReplot);
}

void LineTimePlot::resizeEvent(QResizeEvent* event) {
  TimePlot::resizeEvent(event);
  rebuildTrace();
}

HoverReadout LineTimePlot::readoutAt(double seconds, double /*value*/) const {
  HoverReadout readout;
  readout.source = title();
  readout.seconds = seconds;
  readout.level_unit = unit_;
  if (frameCount() == 0) return readout;
  readout.level_db = valueAt(static_cast<int>(std::lround((seconds - first_frame_) / frame_period_)));
  return readout;
}

}  // namespace gramt::widgets
