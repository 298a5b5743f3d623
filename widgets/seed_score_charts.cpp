#include "widgets/seed_score_charts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QPainter>
#include <QPdfWriter>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace gramt::widgets {

namespace {

// Linear interpolation between order statistics (numpy's default), on sorted values.
double quantile(const std::vector<double>& sorted, double q) {
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto low = static_cast<size_t>(std::floor(at));
  const size_t high = std::min(sorted.size() - 1, low + 1);
  return sorted[low] + (at - static_cast<double>(low)) * (sorted[high] - sorted[low]);
}

const QColor kModelColours[] = {QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115), QColor(204, 121, 167),
                                QColor(86, 180, 233), QColor(213, 94, 0), QColor(120, 94, 240), QColor(140, 86, 75)};

QChartView* makeView(QWidget* parent) {
  auto* view = new QChartView(new QChart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->chart()->setAnimationOptions(QChart::NoAnimation);
  view->chart()->legend()->setAlignment(Qt::AlignBottom);
  view->setMinimumSize(360, 260);
  return view;
}

void clearChart(QChart* chart) {
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
}

}  // namespace

QStringList shortModelNames(const QStringList& names, QString* stem) {
  QString best;
  for (int i = 0; i < names.size(); ++i)
    for (int j = i + 1; j < names.size(); ++j) {
      int n = 0;
      while (n < names[i].size() && n < names[j].size() && names[i][n] == names[j][n]) ++n;
      QString common = names[i].left(n);
      // Whole when it is one of the names; else cut back to the last separator.
      if (common != names[i] && common != names[j]) {
        const int cut = std::max(common.lastIndexOf(QLatin1Char('-')), common.lastIndexOf(QLatin1Char('_')));
        common = cut > 0 ? common.left(cut) : QString();
      }
      if (common.size() >= 12 && common.size() > best.size()) best = common;
    }
  *stem = best;
  QStringList out;
  for (const QString& name : names) {
    if (best.isEmpty() || !name.startsWith(best)) {
      out << name;
    } else if (name.size() == best.size()) {
      out << name.section(QLatin1Char('-'), -1);
    } else {
      out << QStringLiteral("…") + name.mid(best.size());
    }
  }
  return out;
}

std::vector<double> boxStatistics(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  return {values.front(), quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75), values.back()};
}

SeedScoreCharts::SeedScoreCharts(QWidget* parent) : QWidget(parent) {
  // One above the other in a scroll area: each keeps a readable height in a short panel.
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* inner = new QWidget(scroll);
  auto* layout = new QVBoxLayout(inner);
  layout->setContentsMargins(0, 0, 0, 0);
  box_view_ = makeView(inner);
  bar_view_ = makeView(inner);
  box_view_->setMinimumHeight(340);
  bar_view_->setMinimumHeight(380);
  layout->addWidget(box_view_);
  layout->addWidget(bar_view_);
  scroll->setWidget(inner);
  outer->addWidget(scroll);
  box_view_->chart()->setTitle(tr("Click a score to see its task's per-seed scores"));
}

void SeedScoreCharts::setTaskScores(const QString& task, const QString& score_name, const std::vector<ModelSeedScores>& models,
                                    double naive, bool lower_is_better) {
  QChart* chart = box_view_->chart();
  clearChart(chart);
  box_count_ = 0;
  auto* series = new QBoxPlotSeries;
  series->setName(tr("per-seed %1").arg(score_name));
  QStringList categories, full_names;
  for (const ModelSeedScores& m : models) full_names << m.model;
  QString stem;
  const QStringList short_names = shortModelNames(full_names, &stem);
  double lo = INFINITY, hi = -INFINITY;
  for (size_t m = 0; m < models.size(); ++m) {
    const std::vector<double> box = boxStatistics(models[m].values);
    if (box.empty()) continue;
    auto* set = new QBoxSet(box[0], box[1], box[2], box[3], box[4], short_names[static_cast<int>(m)]);
    set->setBrush(kModelColours[m % std::size(kModelColours)].lighter(130));
    set->setPen(QPen(kModelColours[m % std::size(kModelColours)].darker(130), 1.5));
    series->append(set);
    categories << short_names[static_cast<int>(m)];
    lo = std::min(lo, box[0]);
    hi = std::max(hi, box[4]);
    ++box_count_;
  }
  chart->addSeries(series);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setLabelsAngle(-20);
  if (!stem.isEmpty()) x->setTitleText(tr("… = %1").arg(stem));
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  auto* y = new QValueAxis;
  y->setTitleText(score_name + (lower_is_better ? tr(" (lower is better)") : QString()));
  if (std::isfinite(naive)) lo = std::min(lo, naive), hi = std::max(hi, naive);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  const double pad = std::max(1e-3, (hi - lo) * 0.1);
  y->setRange(lo - pad, hi + pad);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(y);
  if (std::isfinite(naive) && !categories.isEmpty()) {
    // The baseline as a dashed line across every box (the category axis spans -0.5 .. n - 0.5).
    auto* line = new QLineSeries;
    line->setName(tr("naive baseline %1").arg(naive, 0, 'g', 3));
    line->append(-0.5, naive);
    line->append(categories.size() - 0.5, naive);
    line->setPen(QPen(QColor(176, 0, 32), 2, Qt::DashLine));
    chart->addSeries(line);
    auto* line_x = new QValueAxis;
    line_x->setRange(-0.5, categories.size() - 0.5);
    line_x->setVisible(false);
    chart->addAxis(line_x, Qt::AlignTop);
    line->attachAxis(line_x);
    line->attachAxis(y);
  }
  chart->setTitle(tr("%1: %2 per seed, one box per model").arg(task, score_name));
  chart->legend()->setVisible(std::isfinite(naive));  // the boxes are named on the axis
}

void SeedScoreCharts::setNormalisedScores(const QStringList& tasks, const QStringList& models,
                                          const std::vector<std::vector<double>>& normalised) {
  QChart* chart = bar_view_->chart();
  clearChart(chart);
  auto* series = new QBarSeries;
  QString stem;
  const QStringList model_labels = shortModelNames(models, &stem);
  for (int m = 0; m < models.size(); ++m) {
    auto* set = new QBarSet(model_labels[m]);
    set->setColor(kModelColours[static_cast<size_t>(m) % std::size(kModelColours)]);
    set->setBorderColor(Qt::transparent);
    for (int t = 0; t < tasks.size(); ++t) {
      const double v = static_cast<size_t>(m) < normalised.size() && static_cast<size_t>(t) < normalised[static_cast<size_t>(m)].size()
                           ? normalised[static_cast<size_t>(m)][static_cast<size_t>(t)]
                           : NAN;
      *set << (std::isfinite(v) ? v : 0.0);
    }
    series->append(set);
  }
  bar_sets_ = models.size();
  chart->addSeries(series);
  auto* x = new QBarCategoryAxis;
  // Task names without what they all share ("mini_", "-v1-small"), so nine of them fit.
  QStringList short_names;
  for (const QString& t : tasks) short_names << QString(t).remove(QStringLiteral("-v1-small")).remove(QStringLiteral("-v1"));
  int shared = 0;
  while (short_names.size() > 1 && shared < short_names.front().size() &&
         std::all_of(short_names.begin(), short_names.end(),
                     [&](const QString& n) { return n.size() > shared && n[shared] == short_names.front()[shared]; }))
    ++shared;
  if (!short_names.isEmpty()) {
    shared = short_names.front().left(shared).lastIndexOf(QLatin1Char('_')) + 1;
    for (QString& n : short_names) n = n.mid(shared);
  }
  x->append(short_names);
  x->setLabelsAngle(-45);
  QFont small = x->labelsFont();
  small.setPointSizeF(std::max(6.0, small.pointSizeF() - 2));
  x->setLabelsFont(small);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  auto* y = new QValueAxis;
  y->setRange(0, 100);
  y->setTitleText(tr("s(m) %"));
  y->setLabelFormat(QStringLiteral("%.0f"));
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(y);
  // s(m) is 0 at the naive baseline: that line, marked.
  auto* naive = new QLineSeries;
  naive->setName(tr("naive baseline (s = 0)"));
  naive->append(-0.5, 0.0);
  naive->append(std::max(1, static_cast<int>(tasks.size())) - 0.5, 0.0);
  naive->setPen(QPen(QColor(176, 0, 32), 3, Qt::DashLine));
  chart->addSeries(naive);
  auto* line_x = new QValueAxis;
  line_x->setRange(-0.5, std::max(1, static_cast<int>(tasks.size())) - 0.5);
  line_x->setVisible(false);
  chart->addAxis(line_x, Qt::AlignTop);
  naive->attachAxis(line_x);
  naive->attachAxis(y);
  const QString title = tr("s(m) per task and model: 0 % = the naive baseline (dashed), 100 % = ideal");
  chart->setTitle(stem.isEmpty() ? title : title + tr("<br>… = %1").arg(stem));
  chart->legend()->setAlignment(Qt::AlignRight);
}

bool SeedScoreCharts::savePicture(int chart, const QString& path, QString* error) const {
  QChartView* view = chart == 0 ? box_view_ : bar_view_;
  if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QSizeF(view->width(), view->height()), QPageSize::Point));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(72);
    QPainter painter(&writer);
    if (!painter.isActive()) {
      *error = tr("%1: cannot write").arg(path);
      return false;
    }
    view->render(&painter);
    return true;
  }
  // Twice the screen's pixels, sharp enough for a page.
  QPixmap picture(view->size() * 2);
  picture.setDevicePixelRatio(2);
  picture.fill(Qt::white);
  QPainter painter(&picture);
  view->render(&painter);
  painter.end();
  if (!picture.save(path, "PNG")) {
    *error = tr("%1: cannot write").arg(path);
    return false;
  }
  return true;
}

}  // namespace gramt::widgets
