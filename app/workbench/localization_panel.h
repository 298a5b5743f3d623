#pragma once
// Localization: one task's per-clip predictions (the <fold>.localization-predictions.json that
// predict writes). Directions from above (true on the outer ring, predicted on the inner, joined),
// an azimuth–elevation map, the angular-error histogram with its cumulative curve, error against
// true azimuth, the classic confusions, errors split by any per-clip fact (SNR, RT60, room, source
// class), and a sortable table of clips, worst first. Choosing a clip highlights it everywhere; it
// can be played (binaural) and opened in Inspect or Attention with its directions.
#include <QString>
#include <QWidget>

#include <vector>

#include "app/workbench/audio_player.h"
#include "core/eval/predict/localization_predictions.h"
#include "core/eval/scores/localization_breakdown.h"

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace gramt::widgets {
class PolarDirectionsView;
}

namespace gramt::workbench {

class Workspace;

class LocalizationPanel : public QWidget {
  Q_OBJECT

 public:
  // The clips' audio is looked up in the workspace's tasks folder; without a workspace the panel
  // keeps its own (./tasks).
  explicit LocalizationPanel(QWidget* parent = nullptr);
  explicit LocalizationPanel(Workspace* workspace, QWidget* parent = nullptr);

  // A predictions file, or a task's embeddings folder holding one (test. or the first fold).
  bool openPredictions(const QString& path);
  // Where the task's audio lives (the tasks folder given to make-tasks / embed-tasks), to play and
  // open clips; without it the panel looks beside the embeddings. Sets the workspace's tasks folder.
  void setTasksDir(const QString& dir);
  QString tasksDir() const { return tasks_dir_; }

  const eval::predict::LocalizationPredictions& predictions() const { return predictions_; }
  QString message() const { return message_; }
  int clipCount() const { return static_cast<int>(predictions_.clips.size()); }
  // Clip indices in the table's current order (worst first after opening).
  std::vector<int> tableOrder() const;
  void selectClip(int index);
  int selectedClip() const { return selected_; }
  QString clipAudioPath(int index) const;  // "" when the audio is not found
  eval::scores::Confusions confusions() const { return confusions_; }
  std::vector<eval::scores::ErrorGroup> groupsShown() const { return groups_; }
  void splitBy(const QString& fact);
  QStringList facts() const;

  bool playClip(int index, QString* error);
  void redrawAll();  // for benchmarks: replot every view now

 signals:
  void statusMessage(const QString& text);
  // Open the clip elsewhere; directions in degrees.
  void inspectRequested(const QString& audio_path, double true_az, double true_el, double predicted_az, double predicted_el);
  void attentionRequested(const QString& audio_path);

 private:
  void buildUi();
  void showTasksDir(const QString& dir);
  void fillViews();
  void fillTable();
  void fillSplit();
  void highlight();

  Workspace* workspace_ = nullptr;
  eval::predict::LocalizationPredictions predictions_;
  std::vector<eval::scores::DirectionResult> results_;
  eval::scores::Confusions confusions_;
  std::vector<eval::scores::ErrorGroup> groups_;
  QString path_, tasks_dir_, message_;
  int selected_ = -1;
  AudioPlayer player_;

  QLineEdit* path_edit_ = nullptr;
  QLineEdit* tasks_edit_ = nullptr;
  QLabel* summary_ = nullptr;
  QTableWidget* table_ = nullptr;
  widgets::PolarDirectionsView* polar_ = nullptr;
  QCustomPlot* map_ = nullptr;
  QCustomPlot* histogram_ = nullptr;
  QCustomPlot* by_azimuth_ = nullptr;
  QCustomPlot* split_ = nullptr;
  QComboBox* split_box_ = nullptr;
};

}  // namespace gramt::workbench
