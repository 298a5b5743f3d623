#pragma once
// Embeddings: a 2-D map of one task's clips as a model embeds them (an embed-tasks folder): exact
// PCA at once, or t-SNE computed off the UI thread with progress and cancel; coloured by label,
// split or a clip fact (azimuth round a hue circle); hovering names a clip, a click lists its 10
// nearest clips (cosine) with their labels, plays it, and opens it in Inspect. The equivalent
// `gramt-cli project` command line is shown for the map on screen.
#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

#include "app/workbench/audio_player.h"
#include "core/eval/projection/embedded_clip.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace gramt::widgets {
class ScatterMapView;
}

namespace gramt::workbench {

class Workspace;

class EmbeddingsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit EmbeddingsPanel(QWidget* parent = nullptr);
  explicit EmbeddingsPanel(Workspace* workspace, QWidget* parent = nullptr);
  ~EmbeddingsPanel() override;

  // An embeddings root (its model folders), a model folder (its tasks) or one task's folder.
  bool openFolder(const QString& path);
  // One task's embeddings folder: reads every clip and draws the PCA map. False with message().
  bool openTask(const QString& task_dir);
  QStringList models() const;
  QStringList tasks() const;

  // "pca" (at once) or "tsne" (in the background; projectionFinished() when drawn).
  void setProjection(const QString& method);
  QString projection() const { return method_; }
  bool projectionRunning() const;
  void cancelProjection();
  void colourBy(const QString& key);
  QStringList colourKeys() const;
  QString colouring() const { return colour_key_; }

  int clipCount() const { return static_cast<int>(clips_.size()); }
  const std::vector<eval::projection::EmbeddedClip>& clips() const { return clips_; }
  bool clipMeans() const { return clip_means_; }  // an event task: points are clip means
  const std::vector<double>& points() const { return points_; }  // x, y per clip
  void selectClip(int index);
  int selectedClip() const { return selected_; }
  const std::vector<int64_t>& neighbours() const { return neighbours_; }
  QString clipAudioPath(int index) const;
  bool playClip(int index, QString* error);
  QString message() const { return message_; }
  QString commandLine() const;
  widgets::ScatterMapView* mapView() const { return map_; }
  void redrawAll();  // benchmarks: replot now

 signals:
  void statusMessage(const QString& text);
  void projectionFinished(bool ok);
  void inspectRequested(const QString& audio_path);
  void attentionRequested(const QString& audio_path);

 private:
  void buildUi();
  void fillTasks();
  void showMessage(const QString& text, bool error);
  void drawPoints();
  void recolour();
  void showSelection();
  void finishTsne();

  Workspace* workspace_ = nullptr;
  QString root_, model_dir_, task_dir_, method_ = QStringLiteral("pca"), colour_key_ = QStringLiteral("label"), message_;
  // The clips and, kept out of this header (LibTorch and Qt's keywords clash), their embeddings.
  struct Rows;
  std::shared_ptr<Rows> rows_;
  std::vector<eval::projection::EmbeddedClip> clips_;
  std::string task_name_;
  bool clip_means_ = false;
  std::vector<double> points_;
  std::vector<double> explained_;
  int selected_ = -1;
  std::vector<int64_t> neighbours_;
  AudioPlayer player_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::shared_ptr<std::atomic<double>> progress_;
  QFutureWatcher<void>* watcher_ = nullptr;
  std::shared_ptr<std::vector<double>> tsne_result_;
  std::shared_ptr<QString> tsne_error_;

  QLineEdit* path_edit_ = nullptr;
  QComboBox* model_box_ = nullptr;
  QComboBox* task_box_ = nullptr;
  QComboBox* method_box_ = nullptr;
  QComboBox* colour_box_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QProgressBar* progress_bar_ = nullptr;
  QLabel* summary_ = nullptr;
  QLabel* command_ = nullptr;
  QLabel* legend_caption_ = nullptr;
  QLabel* clip_text_ = nullptr;
  QListWidget* neighbour_list_ = nullptr;
  widgets::ScatterMapView* map_ = nullptr;
};

}  // namespace gramt::workbench
