#include "widgets/scatter_map_view.h"

#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace gramt::widgets {

namespace {

// Smaller, lighter dots when there are many, so dense regions still show their structure.
double dotSize(size_t points) { return points > 5000 ? 4.0 : points > 1000 ? 5.0 : 7.0; }

}  // namespace

ScatterMapView::ScatterMapView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  plot_ = new QCustomPlot(this);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMouseTracking(true);
  plot_->setNoAntialiasingOnDrag(true);
  plot_->legend->setFont(QFont(font().family(), std::max(7, font().pointSize() - 1)));
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  plot_->legend->setBrush(QColor(255, 255, 255, 190));  // points under the legend still show
  plot_->setMinimumSize(320, 260);
  layout->addWidget(plot_);
  connect(plot_, &QCustomPlot::mouseMove, this, &ScatterMapView::onMouseMove);
  connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) { press_pos_ = event->pos(); });
  connect(plot_, &QCustomPlot::mouseRelease, this, &ScatterMapView::onMouseRelease);
}

void ScatterMapView::setPoints(std::vector<QPointF> points, std::vector<int> group_of, std::vector<ScatterGroup> groups,
                               std::vector<QString> texts) {
  points_ = std::move(points);
  texts_ = std::move(texts);
  selected_ = hovered_ = -1;
  neighbours_.clear();
  setGroups(std::move(group_of), std::move(groups));
  double lo_x = 0, hi_x = 1, lo_y = 0, hi_y = 1;
  bool first = true;
  for (const QPointF& p : points_) {
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
    lo_x = first ? p.x() : std::min(lo_x, p.x()), hi_x = first ? p.x() : std::max(hi_x, p.x());
    lo_y = first ? p.y() : std::min(lo_y, p.y()), hi_y = first ? p.y() : std::max(hi_y, p.y());
    first = false;
  }
  const double pad_x = std::max(1e-9, (hi_x - lo_x) * 0.05), pad_y = std::max(1e-9, (hi_y - lo_y) * 0.05);
  plot_->xAxis->setRange(lo_x - pad_x, hi_x + pad_x);
  plot_->yAxis->setRange(lo_y - pad_y, hi_y + pad_y);
  drawSelection();
}

void ScatterMapView::setGroups(std::vector<int> group_of, std::vector<ScatterGroup> groups) {
  group_of_ = std::move(group_of);
  groups_ = std::move(groups);
  rebuildGraphs();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ScatterMapView::rebuildGraphs() {
  plot_->clearGraphs();
  std::vector<QVector<QCPGraphData>> data(groups_.size());
  for (size_t i = 0; i < points_.size() && i < group_of_.size(); ++i) {
    const int g = group_of_[i];
    if (g < 0 || g >= static_cast<int>(groups_.size())) continue;
    data[static_cast<size_t>(g)].push_back(QCPGraphData(points_[i].x(), points_[i].y()));
  }
  const double size = dotSize(points_.size());
  for (size_t g = 0; g < groups_.size(); ++g) {
    QCPGraph* graph = plot_->addGraph();
    graph->setLineStyle(QCPGraph::lsNone);
    QColor fill = groups_[g].colour;
    if (points_.size() > 2000) fill.setAlpha(170);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, fill, fill, size));
    graph->setName(groups_[g].name);
    // QCPGraph wants its keys sorted; a scatter does not care about their order.
    std::sort(data[g].begin(), data[g].end(), [](const QCPGraphData& a, const QCPGraphData& b) { return a.key < b.key; });
    graph->data()->set(data[g], true);
    if (data[g].isEmpty()) graph->removeFromLegend();
  }
}

void ScatterMapView::setLegendVisible(bool visible) {
  plot_->legend->setVisible(visible);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ScatterMapView::setTitle(const QString& title) {
  if (plot_->plotLayout()->rowCount() < 2 || !qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))) {
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, title, QFont(font().family(), font().pointSize(), QFont::Bold)));
  } else {
    qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))->setText(title);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ScatterMapView::setAxisLabels(const QString& x, const QString& y) {
  plot_->xAxis->setLabel(x);
  plot_->yAxis->setLabel(y);
}

void ScatterMapView::setSelection(int index, std::vector<int> neighbours) {
  selected_ = index >= 0 && index < pointCount() ? index : -1;
  neighbours_ = std::move(neighbours);
  drawSelection();
}

void ScatterMapView::drawSelection() {
  plot_->clearItems();
  const auto ring = [this](int i, const QPen& pen, double radius_px) {
    if (i < 0 || i >= pointCount()) return;
    // A ring of fixed pixel size at any zoom: its corners hang off an invisible tracer at the point.
    auto* anchor = new QCPItemTracer(plot_);
    anchor->setStyle(QCPItemTracer::tsNone);
    anchor->position->setCoords(points_[static_cast<size_t>(i)].x(), points_[static_cast<size_t>(i)].y());
    auto* mark = new QCPItemEllipse(plot_);
    for (QCPItemPosition* corner : {mark->topLeft, mark->bottomRight}) {
      corner->setParentAnchor(anchor->position);
      corner->setType(QCPItemPosition::ptAbsolute);
    }
    mark->topLeft->setCoords(-radius_px, -radius_px);
    mark->bottomRight->setCoords(radius_px, radius_px);
    mark->setPen(pen);
  };
  for (int n : neighbours_) ring(n, QPen(QColor(20, 20, 20), 1.5), 6);
  ring(selected_, QPen(QColor(0, 0, 0), 3), 9);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QPoint ScatterMapView::pixelOf(int index) const {
  if (index < 0 || index >= pointCount()) return {};
  const QPointF& p = points_[static_cast<size_t>(index)];
  return plot_->mapToParent(QPoint(static_cast<int>(plot_->xAxis->coordToPixel(p.x())),
                                   static_cast<int>(plot_->yAxis->coordToPixel(p.y()))));
}

int ScatterMapView::pointAt(const QPoint& pos, double radius_px) const {
  const QPoint in_plot = plot_->mapFromParent(pos);
  int best = -1;
  double best_d2 = radius_px * radius_px;
  for (size_t i = 0; i < points_.size(); ++i) {
    if (i < group_of_.size() && group_of_[i] < 0) continue;
    const double dx = plot_->xAxis->coordToPixel(points_[i].x()) - in_plot.x();
    const double dy = plot_->yAxis->coordToPixel(points_[i].y()) - in_plot.y();
    const double d2 = dx * dx + dy * dy;
    if (d2 <= best_d2) {
      best_d2 = d2;
      best = static_cast<int>(i);
    }
  }
  return best;
}

void ScatterMapView::onMouseMove(QMouseEvent* event) {
  if (event->buttons() != Qt::NoButton) return;  // panning
  const int index = pointAt(plot_->mapToParent(event->pos()));
  if (index == hovered_) return;
  hovered_ = index;
  emit pointHovered(index);
  if (index >= 0 && index < static_cast<int>(texts_.size()))
    QToolTip::showText(event->globalPosition().toPoint(), texts_[static_cast<size_t>(index)], plot_);
  else
    QToolTip::hideText();
}

void ScatterMapView::onMouseRelease(QMouseEvent* event) {
  if ((event->pos() - press_pos_).manhattanLength() > 4) return;  // a drag, not a click
  const int index = pointAt(plot_->mapToParent(event->pos()));
  if (index >= 0) emit pointClicked(index);
}

void ScatterMapView::replotNow() { plot_->replot(QCustomPlot::rpImmediateRefresh); }

}  // namespace gramt::widgets
