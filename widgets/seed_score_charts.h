#pragma once
// Charts of benchmark results for papers, drawn with Qt Charts: per task a box plot of every
// model's per-seed scores with the naive baseline as a dashed line, and a grouped bar chart of the
// normalised scores s(m) (task groups, one bar per model) where the naive baseline is 0 %.
// Callers hand in plain numbers; savePicture writes PNG (any size) or PDF (vector, for papers:
// Qt's SVG writer is not part of this build).
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

class QChartView;

namespace gramt::widgets {

struct ModelSeedScores {
  QString model;
  std::vector<double> values;  // per seed; NaN (a failed seed) is left out
};

// Long model tags that differ only at their ends: the longest prefix two or more of them share
// (cut after a '-' or '_', at least 12 characters) becomes "…", and is given in `stem`; a name that
// is the stem itself keeps its last part. Other names stay whole.
QStringList shortModelNames(const QStringList& names, QString* stem);

// Quartiles of the finite values as a box plot draws them: lower whisker (minimum), first quartile,
// median, third quartile, upper whisker (maximum); empty when there are none.
std::vector<double> boxStatistics(std::vector<double> values);

class SeedScoreCharts : public QWidget {
  Q_OBJECT

 public:
  explicit SeedScoreCharts(QWidget* parent = nullptr);

  // One task: the box plot. `naive` NaN: no baseline line.
  void setTaskScores(const QString& task, const QString& score_name, const std::vector<ModelSeedScores>& models,
                     double naive, bool lower_is_better);
  // Every task: s(m) in percent, normalised[model][task] (NaN: no bar).
  void setNormalisedScores(const QStringList& tasks, const QStringList& models,
                           const std::vector<std::vector<double>>& normalised);
  // Which chart: 0 = the box plot, 1 = the bars. PNG by default; a .pdf path writes a vector PDF.
  bool savePicture(int chart, const QString& path, QString* error) const;
  QChartView* boxView() const { return box_view_; }
  QChartView* barView() const { return bar_view_; }
  int boxCount() const { return box_count_; }
  int barSetCount() const { return bar_sets_; }

 private:
  QChartView* box_view_ = nullptr;
  QChartView* bar_view_ = nullptr;
  int box_count_ = 0, bar_sets_ = 0;
};

}  // namespace gramt::widgets
