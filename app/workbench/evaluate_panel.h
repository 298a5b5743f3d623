#pragma once
// Evaluate: pick weights (a run's checkpoint or a file), a tasks folder (or make the mini
// benchmark), the tasks, strategy, grid, grid points and seeds; the panel shows the equivalent
// `gramt-cli evaluate ...` line and runs it as a child process with per-task progress and a cancel
// button (finished work is kept, so running again resumes). Below, the results matrix of every
// results.json under the embeddings folder: models × tasks, mean ± std over seeds, s(m) marked
// incomplete where a task is missing, per-column colours, sorting, and export to CSV, Markdown and
// LaTeX. A click on a cell shows that task's grid points, per-fold test scores and protocol.
#include <QString>
#include <QWidget>

#include <memory>

#include "app/workbench/cli_process.h"
#include "core/eval/benchmark/results_matrix.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableWidget;
class QTextBrowser;

namespace gramt::workbench {

class Workspace;

class EvaluatePanel : public QWidget {
  Q_OBJECT

 public:
  enum class ExportFormat { Csv, Markdown, Latex };

  // The panel shows the workspace's runs, tasks and embeddings folders and writes the user's
  // changes back to it; without one it keeps its own (./runs, ./tasks, ./embeddings).
  explicit EvaluatePanel(QWidget* parent = nullptr);
  explicit EvaluatePanel(Workspace* workspace, QWidget* parent = nullptr);
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

  QStringList evaluateArguments() const;  // evaluate ... (without --progress json)
  QString commandLine() const;
  QString formError() const;              // "" when the form can run

  bool startEvaluation();
  bool makeMiniBenchmark();               // gramt-cli make-tasks --out <tasks folder> --size <size>
  void setMiniBenchmarkSize(const QString& size);  // "small" (default), "medium" or "tiny"
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
  QString detailText() const;
  QString tasksDir() const;

 protected:
  void showEvent(QShowEvent* event) override;  // checkpoints saved while another panel was shown

 signals:
  void statusMessage(const QString& text);
  void evaluationFinished(int exit_code, bool crashed);
  void localizationTaskChosen(const QString& task_embeddings_dir);

 private:
  void buildUi();
  void refreshForm();
  void showTasksDir(const QString& dir);
  void showEmbeddingsDir(const QString& dir);
  void onProgress(const QJsonObject& record);
  void fillTable();
  void fitMatrixHeight();
  QString exportFolder() const;

  Workspace* workspace_ = nullptr;
  CliProcess child_;
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
  QComboBox* strategy_ = nullptr;
  QComboBox* grid_ = nullptr;
  QComboBox* precision_ = nullptr;  // fp32 | bf16: the embedding's products (evaluate --precision)
  QSpinBox* grid_points_ = nullptr;
  QLineEdit* seeds_ = nullptr;
  QCheckBox* baselines_ = nullptr;  // the log-mel and initial-weights rows beside the model
  QLineEdit* command_ = nullptr;
  QLabel* form_status_ = nullptr;
  QPushButton* run_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QPushButton* make_tasks_ = nullptr;
  QComboBox* make_size_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* progress_label_ = nullptr;
  QTableWidget* table_ = nullptr;
  QSplitter* results_split_ = nullptr;  // the matrix above the detail
  int fitted_rows_ = -1;                // the matrix's row count when its height was last fitted
  QLabel* matrix_status_ = nullptr;
  QTextBrowser* detail_ = nullptr;
};

}  // namespace gramt::workbench
