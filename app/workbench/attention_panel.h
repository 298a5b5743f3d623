#pragma once
// Attention: what the encoder looks at in one 2-s chunk of a clip. The chunk's log-mel per input
// channel with the patch grid; a head atlas (every layer × head as a small map, in layer order or
// ranked by entropy or attention distance); a click on a patch overlays where it attends in the
// chosen layer and head; a rollout overlay (Abnar & Zuidema) with head fusion and discard ratio;
// and playback of the chunk or the chosen patch's time span. The model runs off the UI thread.
#include <QFutureWatcher>
#include <QString>
#include <QWidget>

#include <memory>

#include "app/workbench/attention_job.h"
#include "app/workbench/audio_player.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace gramt::widgets {
class HeadAtlasView;
class PatchAttentionView;
}  // namespace gramt::widgets

namespace gramt::workbench {

class Workspace;

class AttentionPanel : public QWidget {
  Q_OBJECT

 public:
  enum class Overlay { Patch, RolloutCls, RolloutPatches, None };
  enum class Ranking { LayerOrder, Entropy, TimeDistance, FrequencyDistance };

  // The model list offers the workspace's runs' checkpoints and recent weights; without a
  // workspace the panel keeps its own (./runs).
  explicit AttentionPanel(QWidget* parent = nullptr);
  explicit AttentionPanel(Workspace* workspace, QWidget* parent = nullptr);
  ~AttentionPanel() override;

  void setRunsRoot(const QString& root);  // sets the workspace's runs folder
  void setModel(const QString& weights_path);
  QString model() const;
  QStringList modelChoices() const;       // the runs' checkpoints, then recent weights
  void openClip(const QString& path);     // computes as soon as a model is chosen too
  QString clip() const;
  void setChunk(int chunk);
  bool isComputing() const;
  const AttentionResult& result() const { return result_; }

  void selectHead(int layer, int head);
  int layer() const { return layer_; }
  int head() const { return head_; }
  void selectPatch(int row, int col);   // -1, -1: none (the CLS row, or the mean over patches)
  void setOverlay(Overlay overlay);
  void setRollout(int fusion /* 0 mean, 1 max, 2 min */, double discard_ratio);
  void setRanking(Ranking ranking);
  std::vector<float> overlayValues() const;  // what the views show now, one per patch
  QString message() const;                  // the last error or status, in words
  bool showsEmptyState() const;             // no result yet: the plots' place says what to do first
  QString emptyStateText() const;
  widgets::HeadAtlasView* atlas() const { return atlas_; }
  widgets::PatchAttentionView* view(int index) const { return views_[index]; }

  bool playChunk(QString* error);
  bool playPatch(QString* error);

 signals:
  void statusMessage(const QString& text);
  void computed();

 protected:
  void showEvent(QShowEvent* event) override;  // checkpoints saved while another panel was shown

 private:
  void buildUi();
  void refillModels();
  void recompute();
  void showEmptyState();
  void showResult();
  void refreshOverlay();
  void refreshAtlas();
  std::vector<float> headMap(int layer, int head) const;  // per patch

  Workspace* workspace_ = nullptr;
  AttentionComputer computer_;
  QFutureWatcher<AttentionResult> watcher_;
  AttentionResult result_;
  AudioPlayer player_;
  QString message_;
  int layer_ = 0, head_ = 0, patch_row_ = -1, patch_col_ = -1;
  Overlay overlay_ = Overlay::Patch;
  Ranking ranking_ = Ranking::LayerOrder;
  int fusion_ = 0;
  double discard_ = 0.0;
  bool pending_ = false;
  // True from a job's start until its result is shown: the watcher stops running before its finished
  // signal arrives, so asking it alone would report idle while the panel still shows the older result.
  bool computing_ = false;

  QComboBox* model_box_ = nullptr;
  QLineEdit* clip_edit_ = nullptr;
  QSpinBox* chunk_box_ = nullptr;
  QSpinBox* layer_box_ = nullptr;
  QSpinBox* head_box_ = nullptr;
  QComboBox* overlay_box_ = nullptr;
  QComboBox* fusion_box_ = nullptr;
  QDoubleSpinBox* discard_box_ = nullptr;
  QComboBox* ranking_box_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* head_text_ = nullptr;
  widgets::PatchAttentionView* views_[2] = {nullptr, nullptr};
  QStackedWidget* plots_ = nullptr;  // page 0: what to do first; page 1: the two views
  QLabel* empty_text_ = nullptr;
  widgets::HeadAtlasView* atlas_ = nullptr;
};

}  // namespace gramt::workbench
