#pragma once
// A task x layer heatmap of a layer sweep: one row per task, one column per encoder layer, each
// cell's score printed in it and coloured by its place between the task's worst and best layer
// (so tasks on different scales compare), the best layer per task framed and starred.
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;

namespace gramt::widgets {

class LayerHeatmapView : public QWidget {
  Q_OBJECT

 public:
  explicit LayerHeatmapView(QWidget* parent = nullptr);

  // scores[task][layer] (NaN: none); best[task] indexes layers (-1: none); lower_is_better per task.
  void setTable(const QString& title, const QStringList& tasks, const std::vector<long long>& layers,
                const std::vector<std::vector<double>>& scores, const std::vector<int>& best,
                const std::vector<bool>& lower_is_better);
  QCustomPlot* plot() const { return plot_; }
  int markedCells() const { return marked_; }

 private:
  QCustomPlot* plot_ = nullptr;
  int marked_ = 0;
};

}  // namespace gramt::widgets
