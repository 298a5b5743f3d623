#pragma once
// A 2-D map of many points (tens of thousands stay interactive): each point belongs to a coloured
// group drawn as one scatter, so a redraw costs one pass over the points. Hovering shows the point's
// text as a tooltip, a click picks the nearest point, and a picked point and its neighbours are
// ringed. Pan with the mouse, zoom with the wheel.
#include <QColor>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QMouseEvent;

namespace gramt::widgets {

struct ScatterGroup {
  QString name;  // shown in the legend
  QColor colour;
};

class ScatterMapView : public QWidget {
  Q_OBJECT

 public:
  explicit ScatterMapView(QWidget* parent = nullptr);

  // group_of[i] indexes `groups`; a negative group hides the point. Texts (one per point, or none)
  // are the hover tooltips. Resets the view to fit every point.
  void setPoints(std::vector<QPointF> points, std::vector<int> group_of, std::vector<ScatterGroup> groups,
                 std::vector<QString> texts = {});
  // Recolours without moving the view.
  void setGroups(std::vector<int> group_of, std::vector<ScatterGroup> groups);
  void setLegendVisible(bool visible);
  void setTitle(const QString& title);
  void setAxisLabels(const QString& x, const QString& y);
  void setSelection(int index, std::vector<int> neighbours);  // index -1: none
  int pointCount() const { return static_cast<int>(points_.size()); }
  // The point nearest to a widget position, within `radius_px`; -1 for none.
  int pointAt(const QPoint& pos, double radius_px = 8.0) const;
  QPoint pixelOf(int index) const;  // widget coordinates of a point
  void replotNow();                 // a full redraw now (benchmarks)
  QCustomPlot* plot() const { return plot_; }

 signals:
  void pointClicked(int index);
  void pointHovered(int index);  // -1 when the mouse leaves every point

 private:
  void rebuildGraphs();
  void drawSelection();
  void onMouseMove(QMouseEvent* event);
  void onMouseRelease(QMouseEvent* event);

  QCustomPlot* plot_ = nullptr;
  std::vector<QPointF> points_;
  std::vector<int> group_of_;
  std::vector<ScatterGroup> groups_;
  std::vector<QString> texts_;
  int selected_ = -1, hovered_ = -1;
  std::vector<int> neighbours_;
  QPoint press_pos_;
};

}  // namespace gramt::widgets
