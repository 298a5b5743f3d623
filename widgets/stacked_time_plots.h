#pragma once
// Time plots stacked above each other on one shared time axis: zooming or panning any of them moves
// all of them, one playback cursor runs through all of them and scrolls the view to stay visible,
// and their hover read-outs and click-to-seek requests come out of one place.
#include <QVector>
#include <QWidget>

#include "widgets/hover_readout.h"
#include "widgets/time_plot.h"

class QSplitter;

namespace gramt::widgets {

class StackedTimePlots : public QWidget {
  Q_OBJECT

 public:
  // Narrowest view, in seconds, zooming in may reach.
  static constexpr double kMinimumSpan = 1e-3;

  explicit StackedTimePlots(QWidget* parent = nullptr);

  // Appends `plot` at the bottom; the stack owns it. `stretch` weighs its share of the height.
  void addPlot(TimePlot* plot, int stretch = 1);
  const QVector<TimePlot*>& plots() const { return plots_; }
  void setPlotVisible(TimePlot* plot, bool visible);

  // Union of the plots' data spans; QCPRange() when all are empty.
  QCPRange dataTimeSpan() const;
  QCPRange timeRange() const { return range_; }
  // Shows `range` in every plot, kept inside the data span (when there is data).
  void setTimeRange(const QCPRange& range);
  // Shows all the data.
  void fitTime();

  // Moves the cursor in every plot (NaN hides it). With auto-scroll on, a cursor outside the view
  // pages the view forward (or back) so that it sits near the left edge, keeping the zoom.
  void setCursorTime(double seconds);
  double cursorTime() const { return cursor_seconds_; }
  void setAutoScroll(bool enabled) { auto_scroll_ = enabled; }
  bool autoScroll() const { return auto_scroll_; }

  // Replots every plot now rather than on the next event loop pass (for image export and tests).
  void replotNow();

 signals:
  void timeRangeChanged(const QCPRange& range);
  void hovered(const gramt::widgets::HoverReadout& readout);
  void hoverLeft();
  void seekRequested(double seconds);

 private:
  void onPlotRangeChanged(const QCPRange& range);
  QCPRange clamped(QCPRange range) const;
  void refreshTimeLabels();

  QSplitter* splitter_ = nullptr;
  QVector<TimePlot*> plots_;
  QCPRange range_{0.0, 1.0};
  double cursor_seconds_;
  bool auto_scroll_ = true;
  bool syncing_ = false;
};

}  // namespace gramt::widgets
