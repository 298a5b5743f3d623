#pragma once
// Train: the dashboard of every run under a runs folder (started here, by hand, or on a cluster
// whose folder is synced or mounted). A table of runs with their status, step, loss and speed; the
// chosen runs' curves (loss, learning rate, crops/s, data-wait share) smoothed TensorBoard's way over
// every point, raw curve faint underneath; the reconstructions of any logged step, linked to a
// cursor on the curves; and a "New run" form that starts `gramt-cli train` as a child process, with
// Stop (a checkpoint is saved) and Resume. The panel only reads run folders, never writes into them.
#include <QElapsedTimer>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <map>
#include <memory>
#include <vector>

#include "app/workbench/cli_process.h"
#include "core/train/run_folder.h"
#include "core/train/run_metrics.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSlider;
class QTabWidget;
class QTableWidget;

namespace gramt::widgets {
class LabelledImageGrid;
class MetricChart;
}  // namespace gramt::widgets

namespace gramt::workbench {

class NewRunForm;
class Workspace;

class TrainPanel : public QWidget {
  Q_OBJECT

 public:
  enum class Metric { Loss, LearningRate, CropsPerSecond, DataWait };
  enum class XAxis { Step, RelativeTime, WallTime };

  // The panel watches the workspace's runs folder and sets it there when the user picks another;
  // without a workspace it keeps its own (./runs).
  explicit TrainPanel(QWidget* parent = nullptr);
  explicit TrainPanel(Workspace* workspace, QWidget* parent = nullptr);
  ~TrainPanel() override;

  void setRunsRoot(const QString& root);  // sets the workspace's runs folder
  QString runsRoot() const { return runs_root_; }

  // Reads new metrics of every run and rescans the root (the timer calls it twice a second).
  void refresh();

  QStringList runNames() const;
  void selectRuns(const QStringList& names);   // first = the one whose reconstructions show
  QStringList selectedRuns() const;

  void setMetric(Metric metric);
  void setXAxis(XAxis axis);
  void setSmoothing(double weight);
  double smoothing() const;
  void setLogY(bool on);

  // Reconstructions of the current run: the steps with images, and the one shown.
  std::vector<int64_t> imageSteps() const { return image_steps_; }
  void showImageStep(int64_t step);
  int64_t shownImageStep() const { return shown_image_step_; }

  // Starts `gramt-cli train ARGS --progress json` for run_dir as a child process.
  bool startRun(const QStringList& train_arguments, const QString& run_directory);
  // Stop: the child (or, for a run started elsewhere on this machine, its pid) gets SIGTERM, which
  // gramt-cli handles like Ctrl-C: a checkpoint is saved. Resume: `gramt-cli train --resume DIR`.
  bool stopRun(const QString& name);
  bool resumeRun(const QString& name);
  bool isChildRunning(const QString& name) const;
  QString runMessage(const QString& name) const;  // what the panel last said about a run

  NewRunForm* newRunForm() const { return form_; }
  void showNewRunForm();
  widgets::MetricChart* chart() const { return chart_; }
  widgets::LabelledImageGrid* reconstructions() const { return images_; }
  QString etaText() const;
  QString lastChildOutput(const QString& name) const;

 signals:
  void statusMessage(const QString& text);
  void runFinished(const QString& name, int exit_code, bool crashed);

 private:
  struct WatchedRun {
    explicit WatchedRun(const train::RunFolder& f) : folder(f), metrics(f.metrics_path()) {}
    train::RunFolder folder;
    train::RunMetricsReader metrics;
    train::RunStatus status;
    std::unique_ptr<CliProcess> child;
    QString message;
    size_t image_events = 0;
    bool changed = true;
  };

  void buildUi();
  void watchRunsRoot(const QString& root);
  void rescanRoot();
  void updateTable();
  void updateChart(bool keep_view);
  void updateImageSteps();
  void updateButtons();
  WatchedRun* currentRun() const;
  WatchedRun* run(const QString& name) const;
  QString statusText(const WatchedRun& run) const;
  double xOf(const WatchedRun& run, size_t index) const;

  Workspace* workspace_ = nullptr;
  QString runs_root_;  // the folder watched: the workspace's
  std::map<QString, std::unique_ptr<WatchedRun>> runs_;
  QTimer poll_timer_;
  QElapsedTimer since_rescan_;
  Metric metric_ = Metric::Loss;
  XAxis x_axis_ = XAxis::Step;
  std::vector<int64_t> image_steps_;
  int64_t shown_image_step_ = -1;

  QLineEdit* root_edit_ = nullptr;
  QTableWidget* table_ = nullptr;
  QComboBox* metric_box_ = nullptr;
  QComboBox* x_axis_box_ = nullptr;
  QDoubleSpinBox* smoothing_box_ = nullptr;
  QSlider* smoothing_slider_ = nullptr;
  QCheckBox* log_y_box_ = nullptr;
  QLabel* eta_label_ = nullptr;
  QLabel* hover_label_ = nullptr;
  widgets::MetricChart* chart_ = nullptr;
  QSlider* step_slider_ = nullptr;
  QLabel* step_label_ = nullptr;
  widgets::LabelledImageGrid* images_ = nullptr;
  QPushButton* stop_button_ = nullptr;
  QPushButton* resume_button_ = nullptr;
  QPlainTextEdit* output_ = nullptr;
  QLabel* run_message_ = nullptr;
  QWidget* empty_runs_ = nullptr;  // shown while the runs folder holds no run
  QLabel* empty_runs_text_ = nullptr;
  QWidget* curves_panel_ = nullptr;  // the curves and the reconstructions, hidden while there is no run
  QWidget* recon_panel_ = nullptr;
  NewRunForm* form_ = nullptr;
  QWidget* form_page_ = nullptr;
  QTabWidget* tabs_ = nullptr;
};

}  // namespace gramt::workbench
