#pragma once
// Training curves: one or more runs' series of a metric, each drawn twice, raw (faint) and smoothed
// (solid), over a shared x axis (step, relative time or wall time: the caller decides what x is).
// The chart keeps the caller's full-resolution vectors (shared, never copied) and hands QCustomPlot
// only a min/max decimation of the visible range, redone on every pan and zoom: memory grows with
// the points shown, and a million-point run pans without stutter. Dashed vertical lines mark where
// a resumed run's segments begin; a cursor line follows the reconstruction step slider.
#include <qcustomplot.h>

#include <functional>
#include <memory>
#include <vector>

namespace gramt::widgets {

struct ChartSeries {
  QString name;
  QColor colour;
  std::shared_ptr<const std::vector<double>> x, raw, smoothed;  // equal lengths, x ascending
  std::vector<double> markers;  // x of each resumed segment's start
};

class MetricChart : public QCustomPlot {
  Q_OBJECT

 public:
  explicit MetricChart(QWidget* parent = nullptr);

  // Replaces the curves. With keep_view, an x range the user zoomed to stays; otherwise (or when
  // nothing was zoomed) the chart fits all data.
  void setSeries(std::vector<ChartSeries> series, bool keep_view = false);
  const std::vector<ChartSeries>& series() const { return series_; }

  void setLogY(bool on);
  bool logY() const { return log_y_; }
  void setAxisLabels(const QString& x_label, const QString& y_label);

  // Vertical line at x (NaN hides it).
  void setCursorX(double x);
  double cursorX() const { return cursor_x_; }

  void fitAll();
  // Points handed to QCustomPlot now, over all curves (what the decimation keeps).
  int drawnPointCount() const;

  // Text for the hover read-out of point `index` of series `series`; the default names the series
  // and gives x, raw and smoothed values.
  using HoverText = std::function<QString(size_t series, size_t index)>;
  void setHoverText(HoverText text) { hover_text_ = std::move(text); }
  // The read-out for the point nearest to x in the first series that has data ("" when none).
  QString readoutAt(double x) const;

 signals:
  void hovered(const QString& text);
  void clicked(double x);

 protected:
  void mouseMoveEvent(QMouseEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

 private:
  void redecimate();
  QCPRange dataXRange() const;
  void fitY();

  std::vector<ChartSeries> series_;
  std::vector<std::pair<QCPGraph*, QCPGraph*>> graphs_;  // raw, smoothed per series
  std::vector<QCPItemStraightLine*> markers_;
  QCPItemStraightLine* cursor_ = nullptr;
  HoverText hover_text_;
  double cursor_x_;
  bool log_y_ = false;
  bool user_zoomed_ = false;
  bool redecimating_ = false;
  QPoint press_position_;
};

}  // namespace gramt::widgets
