#include "widgets/layer_heatmap_view.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "widgets/colour_map.h"

namespace gramt::widgets {

LayerHeatmapView::LayerHeatmapView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  plot_ = new QCustomPlot(this);
  plot_->setMinimumSize(360, 240);
  plot_->plotLayout()->insertRow(0);
  plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, tr("Run evaluate --layers to see a layer sweep here"),
                                                           QFont(font().family(), font().pointSize(), QFont::Bold)));
  layout->addWidget(plot_);
}

void LayerHeatmapView::setTable(const QString& title, const QStringList& tasks, const std::vector<long long>& layers,
                                const std::vector<std::vector<double>>& scores, const std::vector<int>& best,
                                const std::vector<bool>& lower_is_better) {
  plot_->clearPlottables();
  plot_->clearItems();
  marked_ = 0;
  qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))->setText(title);
  const int columns = static_cast<int>(layers.size()), rows = tasks.size();
  if (columns == 0 || rows == 0) {
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  auto* map = new QCPColorMap(plot_->xAxis, plot_->yAxis);
  map->data()->setSize(columns, rows);
  map->data()->setRange(QCPRange(0, columns - 1), QCPRange(0, rows - 1));
  for (int t = 0; t < rows; ++t) {
    const auto& row = scores[static_cast<size_t>(t)];
    double lo = INFINITY, hi = -INFINITY;
    for (double v : row)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    for (int l = 0; l < columns; ++l) {
      const double v = row[static_cast<size_t>(l)];
      double share = NAN;
      if (std::isfinite(v)) share = hi > lo ? (v - lo) / (hi - lo) : 1.0;
      if (std::isfinite(share) && lower_is_better[static_cast<size_t>(t)]) share = 1.0 - share;
      map->data()->setCell(l, t, share);  // NaN cells are drawn in the gradient's NaN colour
      auto* text = new QCPItemText(plot_);
      text->position->setCoords(l, t);
      text->setText(std::isfinite(v) ? QString::number(v, 'f', std::abs(v) >= 10 ? 1 : 3) : QStringLiteral("–"));
      text->setColor(std::isfinite(share) && share > 0.6 ? Qt::black : Qt::white);
      text->setFont(QFont(font().family(), std::max(7, font().pointSize() - 1)));
    }
    const int b = best[static_cast<size_t>(t)];
    if (b >= 0) {
      auto* frame = new QCPItemRect(plot_);
      frame->topLeft->setCoords(b - 0.5, t + 0.5);
      frame->bottomRight->setCoords(b + 0.5, t - 0.5);
      frame->setPen(QPen(QColor(220, 0, 40), 3));
      auto* star = new QCPItemText(plot_);
      star->position->setCoords(b + 0.36, t + 0.3);
      star->setText(QStringLiteral("★"));
      star->setColor(QColor(220, 0, 40));
      ++marked_;
    }
  }
  QCPColorGradient gradient = colourMaps().front().gradient;
  gradient.setNanHandling(QCPColorGradient::nhNanColor);
  gradient.setNanColor(QColor(225, 225, 225));
  map->setGradient(gradient);
  map->setDataRange(QCPRange(0, 1));
  map->setInterpolate(false);
  QSharedPointer<QCPAxisTickerText> x_ticks(new QCPAxisTickerText), y_ticks(new QCPAxisTickerText);
  for (int l = 0; l < columns; ++l) x_ticks->addTick(l, QString::number(layers[static_cast<size_t>(l)]));
  for (int t = 0; t < rows; ++t) y_ticks->addTick(t, tasks[t]);
  plot_->xAxis->setTicker(x_ticks);
  plot_->yAxis->setTicker(y_ticks);
  plot_->xAxis->setLabel(tr("encoder layer · ★ the task's best · colour: the task's worst (dark) to best (light)"));
  plot_->xAxis->setRange(-0.5, columns - 0.5);
  plot_->yAxis->setRange(-0.5, rows - 0.5);
  plot_->yAxis->setRangeReversed(true);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace gramt::widgets
