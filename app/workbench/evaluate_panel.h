#pragma once
// Evaluate: pick weights (a run's checkpoint or a file), a tasks folder (or make the mini
// benchmark, or Nat-HEAR task folders from HEAR ones), the tasks, strategy, grid, grid points and seeds; the panel shows the equivalent
// `gramt-cli evaluate ...` line and runs it as a child process with per-task progress and a cancel
// button (finished work is kept, so running again resumes). Below, the results matrix of every
// results.json under the embeddings folder: models × tasks, mean ± std over seeds, s(m) marked
// incomplete where a task is missing, per-column colours, sorting, and export to CSV, Markdown and
// LaTeX. A click on a cell shows that task's grid points, per-fold test scores and protocol; the
// Charts tab draws that task's per-seed scores of every model as box plots and every model's s(m)
// per task as grouped bars (PNG or PDF export), the Layers tab a layer sweep's task x layer heatmap.
#include <QJsonObject>
#include <QString>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>

#include "app/workbench/cli_process.h"
#include "core/eval/benchmark/layer_results.h"
#include "core/eval/benchmark/results_matrix.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableWidget;
class QTextBrowser;

namespace gramt::widgets {
class LayerHeatmapView;
class SeedScoreCharts;
}  // namespace gramt::widgets

namespace gramt::workbench {

class NatHearDialog;
class SettingField;
class Workspace;

class EvaluatePanel : public QWidget {
  Q_OBJECT

 public:
  enum class ExportFormat { Csv, Markdown, Latex };

  // The panel shows the workspace's runs, tasks and embeddings folders and writes the user's
  // changes back to it; without one it keeps its own (./runs, ./tasks, ./embeddings).
  // The evaluate settings' schema (`gramt-cli evaluate --schema`: key, type, default, range or
  // choices, help); returns the parsed JSON or sets error.
  using SettingsSchemaSource = std::function<QJsonObject(QString* error)>;
  // The declared settings, in process (core/eval/settings).
  static QJsonObject declaredSettingsSchema(QString* error);

  explicit EvaluatePanel(QWidget* parent = nullptr);
  // The form's settings fields come from `settings_schema` (empty: the declared settings).
  explicit EvaluatePanel(Workspace* workspace, QWidget* parent = nullptr, SettingsSchemaSource settings_schema = {});
  ~EvaluatePanel() override;

  // The setters of the folders set them in the workspace.
  // Where the weights list looks for runs' checkpoints.
  void setRunsRoot(const QString& root);
  void setWeights(const QString& path);
  QString weights() const;
  QStringList weightChoices() const;  // checkpoints found under the runs folder, then recent weights
  void rescanWeights();               // the runs' checkpoints again (a run saved a new one)
  void setTasksDir(const QString& dir);
  QStringList availableTasks() const;
  void setSelectedTasks(const QStringList& tasks);  // empty: every task
  QStringList selectedTasks() const;
  void setEmbeddingsDir(const QString& dir);
  QString embeddingsDir() const;
  void setGrid(const QString& grid, int grid_points);
  void setSeeds(const QString& seeds);  // "1,2,3"
  void setWithBaselines(bool on);       // evaluate --with-baselines (on by default)
  // Any evaluate setting of the form by its key ("grid-points", "kit", "workers", ...), as a user
  // would choose it; false when the form has no such field or cannot show the value.
  bool setSetting(const QString& key, const QString& text);
  QString settingText(const QString& key) const;

  QStringList evaluateArguments() const;  // evaluate ... (without --progress json)
  QString commandLine() const;
  QString formError() const;              // "" when the form can run

  bool startEvaluation();
  bool makeMiniBenchmark();               // gramt-cli make-tasks --out <tasks folder> --size <size>
  void setMiniBenchmarkSize(const QString& size);  // one of the declared `size` choices (make-tasks --size)
  // The "Make Nat-HEAR…" button: a dialog that starts from the panel's tasks folder; OK runs it.
  NatHearDialog* openNatHearDialog();
  // gramt-cli <make_nat_hear_arguments> --progress json; when it succeeds the panel shows
  // `output_dir`'s tasks (the workspace's tasks folder points there) with the new ones ticked.
  bool makeNatHear(const QStringList& make_nat_hear_arguments, const QString& output_dir, const QStringList& input_tasks);
  void cancel();
  bool isRunning() const;
  QString progressText() const;
  int progressPercent() const;

  // Rereads every results.json under the embeddings folder.
  void reloadResults();
  const eval::benchmark::ResultsMatrix& matrix() const { return matrix_; }
  QString matrixMessage() const;          // problems reading results files, in words
  QTableWidget* matrixTable() const { return table_; }
  bool exportMatrix(const QString& path, ExportFormat format, QString* error) const;
  void showCellDetail(int row, int column);  // matrix coordinates (model row, task column)
  widgets::SeedScoreCharts* charts() const { return charts_; }
  widgets::LayerHeatmapView* layerHeatmap() const { return heatmap_; }
  QStringList layerSweeps() const;  // the models with a layer sweep, as the Layers tab lists them
  void showLayerSweep(int index);
  QString detailText() const;
  QString tasksDir() const;

 protected:
  void showEvent(QShowEvent* event) override;  // checkpoints saved while another panel was shown

 signals:
  void statusMessage(const QString& text);
  void evaluationFinished(int exit_code, bool crashed);  // after any child: evaluate, make-tasks, make-nat-hear
  void localizationTaskChosen(const QString& task_embeddings_dir);

 private:
  void buildUi();
  void refreshForm();
  void showTasksDir(const QString& dir);
  SettingField* setting(const QString& key) const;
  QJsonObject settingSpec(const QString& key) const;
  SettingField* addSettingField(const QString& key, QWidget* parent);
  static bool isKeptOffTheForm(const QString& key);
  void showEmbeddingsDir(const QString& dir);
  void onProgress(const QJsonObject& record);
  void onChildFinished(int exit_code, bool crashed, const QString& summary);
  void showNatHearOutput();
  void fillTable();
  void fitMatrixHeight();
  QString exportFolder() const;
  void fillCharts();
  void showTaskChart(const std::string& task);

  Workspace* workspace_ = nullptr;
  CliProcess child_;
  // What the child process is doing: its progress and its end read differently.
  enum class ChildWork { Evaluation, MiniBenchmark, NatHear };
  ChildWork child_work_ = ChildWork::Evaluation;
  QString child_error_;         // the child's {"stage":"error"} message
  QString nat_hear_out_;        // make-nat-hear --out of the run going on
  QStringList nat_hear_tasks_;  // its input task folders
  QString nat_hear_made_;       // its "done" line's counts, in words
  eval::benchmark::ResultsMatrix matrix_;
  std::vector<eval::benchmark::ResultsFile> files_;
  QStringList read_problems_;
  QString progress_text_;
  QString shown_task_dir_;  // the task folder of the detail shown
  int progress_percent_ = 0;

  QComboBox* weights_ = nullptr;
  QLineEdit* tasks_dir_ = nullptr;
  QListWidget* tasks_ = nullptr;
  QLineEdit* embeddings_dir_ = nullptr;
  QJsonObject settings_schema_;
  QString schema_error_;
  std::map<QString, SettingField*> settings_;  // every settings field by key, the size box's too
  SettingField* make_size_ = nullptr;          // make-tasks --size, from the `size` setting
  QLineEdit* command_ = nullptr;
  QLabel* form_status_ = nullptr;
  QPushButton* run_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QPushButton* make_tasks_ = nullptr;
  QPushButton* make_nat_hear_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* progress_label_ = nullptr;
  QTableWidget* table_ = nullptr;
  QSplitter* results_split_ = nullptr;  // the matrix above the detail
  int fitted_rows_ = -1;                // the matrix's row count when its height was last fitted
  QLabel* matrix_status_ = nullptr;
  QTextBrowser* detail_ = nullptr;
  widgets::SeedScoreCharts* charts_ = nullptr;
  widgets::LayerHeatmapView* heatmap_ = nullptr;
  QComboBox* sweep_box_ = nullptr;
  std::vector<eval::benchmark::LayerTable> layer_tables_;
};

}  // namespace gramt::workbench
