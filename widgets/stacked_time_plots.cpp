#include "widgets/stacked_time_plots.h"

#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gramt::widgets {

namespace {

// Where a paged view puts the cursor: this fraction of the width from the left edge.
constexpr double kCursorLead = 0.1;

}  // namespace

StackedTimePlots::StackedTimePlots(QWidget* parent)
    : QWidget(parent), cursor_seconds_(std::numeric_limits<double>::quiet_NaN()) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  splitter_ = new QSplitter(Qt::Vertical, this);
  splitter_->setChildrenCollapsible(false);
  splitter_->setHandleWidth(3);
  layout->addWidget(splitter_);
}

void StackedTimePlots::addPlot(TimePlot* plot, int stretch) {
  splitter_->addWidget(plot);
  splitter_->setStretchFactor(splitter_->indexOf(plot), stretch);
  plots_.push_back(plot);
  plot->setTimeRange(range_);
  plot->setCursorTime(cursor_seconds_);
  connect(plot, &TimePlot::timeRangeChanged, this, &StackedTimePlots::onPlotRangeChanged);
  connect(plot, &TimePlot::hovered, this, &StackedTimePlots::hovered);
  connect(plot, &TimePlot::hoverLeft, this, &StackedTimePlots::hoverLeft);
  connect(plot, &TimePlot::clicked, this, &StackedTimePlots::seekRequested);
  connect(plot, &TimePlot::fitRequested, this, &StackedTimePlots::fitTime);
  refreshTimeLabels();
}

void StackedTimePlots::setPlotVisible(TimePlot* plot, bool visible) {
  plot->setVisible(visible);
  refreshTimeLabels();
}

void StackedTimePlots::refreshTimeLabels() {
  // Only the lowest visible plot carries time labels; the others use the room for data.
  TimePlot* bottom = nullptr;
  for (TimePlot* plot : plots_)
    if (!plot->isHidden()) bottom = plot;
  for (TimePlot* plot : plots_) plot->setTimeLabelsVisible(plot == bottom);
}

QCPRange StackedTimePlots::dataTimeSpan() const {
  QCPRange span;
  bool any = false;
  for (const TimePlot* plot : plots_) {
    const QCPRange s = plot->dataTimeSpan();
    if (s.size() <= 0) continue;
    if (!any) {
      span = s;
      any = true;
    } else {
      span.expand(s);
    }
  }
  return span;
}

QCPRange StackedTimePlots::clamped(QCPRange range) const {
  if (range.upper < range.lower) std::swap(range.lower, range.upper);
  const QCPRange span = dataTimeSpan();
  if (span.size() <= 0) return range;  // nothing to keep the view on
  double width = std::clamp(range.size(), std::min(kMinimumSpan, span.size()), span.size());
  // Keep the centre where the user zoomed/panned, then slide the window back inside the data.
  const double centre = range.center();
  double lower = centre - width / 2;
  lower = std::clamp(lower, span.lower, span.upper - width);
  return QCPRange(lower, lower + width);
}

void StackedTimePlots::onPlotRangeChanged(const QCPRange& range) {
  if (syncing_) return;
  setTimeRange(range);
}

void StackedTimePlots::setTimeRange(const QCPRange& range) {
  const QCPRange target = clamped(range);
  syncing_ = true;
  for (TimePlot* plot : plots_) plot->setTimeRange(target);
  syncing_ = false;
  const bool changed = target.lower != range_.lower || target.upper != range_.upper;
  range_ = target;
  if (changed) emit timeRangeChanged(range_);
}

void StackedTimePlots::fitTime() {
  const QCPRange span = dataTimeSpan();
  setTimeRange(span.size() > 0 ? span : QCPRange(0.0, 1.0));
}

void StackedTimePlots::setCursorTime(double seconds) {
  cursor_seconds_ = seconds;
  for (TimePlot* plot : plots_) plot->setCursorTime(seconds);
  if (!auto_scroll_ || std::isnan(seconds)) return;
  if (seconds < range_.lower || seconds > range_.upper) {
    const double width = range_.size();
    const double lower = seconds - kCursorLead * width;
    setTimeRange(QCPRange(lower, lower + width));
  }
}

void StackedTimePlots::replotNow() {
  for (TimePlot* plot : plots_) plot->replot(QCustomPlot::rpImmediateRefresh);
}

}  // namespace gramt::widgets
