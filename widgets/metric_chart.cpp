#include "widgets/metric_chart.h"

#include <algorithm>
#include <cmath>

#include "widgets/curve_decimation.h"

namespace gramt::widgets {
namespace {

constexpr int kRawAlpha = 70;        // the raw curve stays visible under the smoothed one, faintly
constexpr int kClickSlackPixels = 4;

size_t nearestIndex(const std::vector<double>& x, double at) {
  const auto it = std::lower_bound(x.begin(), x.end(), at);
  if (it == x.begin()) return 0;
  if (it == x.end()) return x.size() - 1;
  const size_t i = static_cast<size_t>(it - x.begin());
  return (at - x[i - 1] <= x[i] - at) ? i - 1 : i;
}

QString number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? QStringLiteral("NaN") : (v > 0 ? QStringLiteral("+inf") : QStringLiteral("-inf"));
  return QString::number(v, 'g', 5);
}

}  // namespace

MetricChart::MetricChart(QWidget* parent) : QCustomPlot(parent), cursor_x_(qQNaN()) {
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  axisRect()->setRangeDrag(Qt::Horizontal);
  axisRect()->setRangeZoom(Qt::Horizontal);
  legend->setVisible(false);
  setNoAntialiasingOnDrag(true);
  cursor_ = new QCPItemStraightLine(this);
  cursor_->setPen(QPen(QColor(200, 40, 40), 1.5, Qt::SolidLine));
  cursor_->setVisible(false);
  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
    if (!redecimating_) {
      user_zoomed_ = true;
      redecimate();
    }
  });
}

void MetricChart::setSeries(std::vector<ChartSeries> series, bool keep_view) {
  series_ = std::move(series);
  for (auto& [raw, smooth] : graphs_) {
    removeGraph(raw);
    removeGraph(smooth);
  }
  graphs_.clear();
  for (auto* m : markers_) removeItem(m);
  markers_.clear();
  for (const ChartSeries& s : series_) {
    QColor faint = s.colour;
    faint.setAlpha(kRawAlpha);
    QCPGraph* raw = addGraph();
    raw->setPen(QPen(faint, 1.0));
    raw->setName(s.name + QStringLiteral(" (raw)"));
    QCPGraph* smooth = addGraph();
    smooth->setPen(QPen(s.colour, 2.0));
    smooth->setName(s.name);
    graphs_.emplace_back(raw, smooth);
    for (double m : s.markers) {
      auto* line = new QCPItemStraightLine(this);
      QColor c = s.colour;
      c.setAlpha(150);
      line->setPen(QPen(c, 1.0, Qt::DashLine));
      line->point1->setCoords(m, 0);
      line->point2->setCoords(m, 1);
      markers_.push_back(line);
    }
  }
  legend->setVisible(series_.size() > 1);
  if (keep_view && user_zoomed_) {
    redecimate();
  } else {
    fitAll();
  }
}

QCPRange MetricChart::dataXRange() const {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const ChartSeries& s : series_) {
    if (!s.x || s.x->empty()) continue;
    lo = std::min(lo, s.x->front());
    hi = std::max(hi, s.x->back());
  }
  if (lo > hi) return QCPRange(0, 1);
  if (lo == hi) return QCPRange(lo - 0.5, hi + 0.5);
  return QCPRange(lo, hi);
}

void MetricChart::fitAll() {
  user_zoomed_ = false;
  redecimating_ = true;
  xAxis->setRange(dataXRange());
  redecimating_ = false;
  redecimate();
}

void MetricChart::redecimate() {
  redecimating_ = true;
  const QCPRange view = xAxis->range();
  const int buckets = std::max(64, axisRect()->width() > 0 ? axisRect()->width() : width());
  for (size_t k = 0; k < series_.size(); ++k) {
    const ChartSeries& s = series_[k];
    if (!s.x || s.x->empty()) {
      graphs_[k].first->data()->clear();
      graphs_[k].second->data()->clear();
      continue;
    }
    const auto& x = *s.x;
    // One point beyond each edge of the view, so lines run to the plot's borders.
    size_t begin = static_cast<size_t>(std::lower_bound(x.begin(), x.end(), view.lower) - x.begin());
    size_t end = static_cast<size_t>(std::upper_bound(x.begin(), x.end(), view.upper) - x.begin());
    if (begin > 0) --begin;
    if (end < x.size()) ++end;
    // The raw curve keeps every spike (min/max per column, a 1-px line); the smoothed one is drawn
    // 2 px wide, where a min/max zigzag would cost a hundred times more to stroke: a mean per column.
    auto fill = [&](QCPGraph* graph, const std::shared_ptr<const std::vector<double>>& y, bool keep_extremes) {
      if (!y || y->size() != x.size()) {
        graph->data()->clear();
        return;
      }
      QVector<QCPGraphData> points = keep_extremes ? decimateMinMax(x.data(), y->data(), begin, end, buckets)
                                                   : decimateMean(x.data(), y->data(), begin, end, buckets);
      if (log_y_)
        for (auto& p : points)
          if (!(p.value > 0)) p.value = qQNaN();  // a log axis has no place for 0 or below
      graph->data()->set(points, true);
    };
    fill(graphs_[k].first, s.raw, true);
    fill(graphs_[k].second, s.smoothed, false);
  }
  fitY();
  redecimating_ = false;
  replot(QCustomPlot::rpQueuedReplot);
}

void MetricChart::fitY() {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const auto& [raw, smooth] : graphs_) {
    for (QCPGraph* g : {raw, smooth}) {
      for (const auto& p : *g->data()) {
        if (!std::isfinite(p.value)) continue;
        lo = std::min(lo, p.value);
        hi = std::max(hi, p.value);
      }
    }
  }
  if (lo > hi) {
    yAxis->setRange(log_y_ ? QCPRange(0.1, 10) : QCPRange(0, 1));
    return;
  }
  if (log_y_) {
    yAxis->setRange(lo / 1.2, hi * 1.2);
  } else {
    const double pad = hi > lo ? 0.05 * (hi - lo) : std::max(1e-9, 0.05 * std::abs(hi));
    yAxis->setRange(lo - pad, hi + pad);
  }
}

void MetricChart::setLogY(bool on) {
  if (on == log_y_) return;
  log_y_ = on;
  yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  if (on) {
    yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  } else {
    yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  }
  redecimate();
}

void MetricChart::setAxisLabels(const QString& x_label, const QString& y_label) {
  xAxis->setLabel(x_label);
  yAxis->setLabel(y_label);
  replot(QCustomPlot::rpQueuedReplot);
}

void MetricChart::setCursorX(double x) {
  cursor_x_ = x;
  cursor_->setVisible(std::isfinite(x));
  if (std::isfinite(x)) {
    cursor_->point1->setCoords(x, 0);
    cursor_->point2->setCoords(x, 1);
  }
  replot(QCustomPlot::rpQueuedReplot);
}

int MetricChart::drawnPointCount() const {
  int n = 0;
  for (const auto& [raw, smooth] : graphs_) n += raw->dataCount() + smooth->dataCount();
  return n;
}

QString MetricChart::readoutAt(double x) const {
  for (size_t k = 0; k < series_.size(); ++k) {
    const ChartSeries& s = series_[k];
    if (!s.x || s.x->empty()) continue;
    const size_t i = nearestIndex(*s.x, x);
    if (hover_text_) return hover_text_(k, i);
    QString text = QStringLiteral("%1 · x %2").arg(s.name, number((*s.x)[i]));
    if (s.raw && i < s.raw->size()) text += QStringLiteral(" · value %1").arg(number((*s.raw)[i]));
    if (s.smoothed && i < s.smoothed->size()) text += QStringLiteral(" · smoothed %1").arg(number((*s.smoothed)[i]));
    return text;
  }
  return {};
}

void MetricChart::mouseMoveEvent(QMouseEvent* event) {
  QCustomPlot::mouseMoveEvent(event);
  if (axisRect()->rect().contains(event->pos())) emit hovered(readoutAt(xAxis->pixelToCoord(event->pos().x())));
}

void MetricChart::mousePressEvent(QMouseEvent* event) {
  press_position_ = event->pos();
  QCustomPlot::mousePressEvent(event);
}

void MetricChart::mouseReleaseEvent(QMouseEvent* event) {
  QCustomPlot::mouseReleaseEvent(event);
  if ((event->pos() - press_position_).manhattanLength() <= kClickSlackPixels && axisRect()->rect().contains(event->pos()))
    emit clicked(xAxis->pixelToCoord(event->pos().x()));
}

void MetricChart::mouseDoubleClickEvent(QMouseEvent* event) {
  QCustomPlot::mouseDoubleClickEvent(event);
  fitAll();
}

}  // namespace gramt::widgets
