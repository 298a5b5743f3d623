#pragma once
// Inspect: one audio file as its first two channels' waveforms and log-mel spectrograms (GRAM-T's
// 32 kHz front end) on one time axis, with playback, a cursor that follows it, and hover read-outs.
// Loading runs on a worker thread with progress and a cancel button.
#include <QString>
#include <QTimer>
#include <QWidget>

#include <array>
#include <memory>

#include "app/workbench/audio_inspection.h"
#include "app/workbench/audio_player.h"
#include "app/workbench/inspection_job.h"

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace gramt::widgets {
class SpectrogramView;
class StackedTimePlots;
class WaveformView;
struct HoverReadout;
}  // namespace gramt::widgets

namespace gramt::workbench {

class InspectPanel : public QWidget {
  Q_OBJECT

 public:
  explicit InspectPanel(QWidget* parent = nullptr);
  ~InspectPanel() override;

  // Starts loading `path` in the background; the current file stays on screen until it is done.
  void openFile(const QString& path);
  void cancelLoading();
  bool isLoading() const { return job_.isRunning(); }

  QString loadedPath() const;
  // The last load's error, empty after a success.
  QString errorMessage() const { return error_message_; }
  // Why playback is unavailable (no device, say), empty when it plays.
  QString playbackMessage() const { return playback_message_; }

  // Saves the stacked plots as they look now (PNG, JPEG, ... by the file name's suffix).
  bool exportImage(const QString& path, QString* error);

  void play();
  void stop();
  void togglePlayback();
  bool isPlaying() const { return player_.isPlaying(); }

  widgets::StackedTimePlots* timePlots() const { return plots_; }
  widgets::WaveformView* waveformView(int channel) const { return waveforms_.at(static_cast<size_t>(channel)); }
  widgets::SpectrogramView* spectrogramView(int channel) const {
    return spectrograms_.at(static_cast<size_t>(channel));
  }
  QString readoutText() const;

 signals:
  void openRequested();  // the Open button: the window owns file dialogs and recent files
  void loadStarted(const QString& path);
  void loadFinished(const QString& path);
  void loadFailed(const QString& message);
  void loadCancelled();
  void statusMessage(const QString& text);

 private:
  QWidget* buildToolBar();
  QWidget* buildProgressRow();
  void buildPlots();

  void onProgress(double fraction, const QString& stage);
  void onLoaded(std::shared_ptr<const AudioInspection> inspection);
  void onFailed(const QString& message);
  void onCancelled();
  void setLoadingUi(bool loading, const QString& path = {});
  void showMessage(const QString& text, bool is_error);

  void applyColourMap();
  void applyFrequencyAxis();
  void applyLevelRange();
  void onHover(const widgets::HoverReadout& readout);
  void seek(double seconds);
  void followPlayback();
  void updatePlayActions();

  InspectionJob job_;
  AudioPlayer player_;
  QTimer playback_timer_;
  std::shared_ptr<const AudioInspection> inspection_;
  QString loading_path_;
  QString error_message_;
  QString playback_message_;

  QAction* play_action_ = nullptr;
  QAction* stop_action_ = nullptr;
  QAction* fit_action_ = nullptr;
  QComboBox* colour_map_box_ = nullptr;
  QComboBox* frequency_axis_box_ = nullptr;
  QSpinBox* dynamic_range_box_ = nullptr;
  QLabel* file_label_ = nullptr;
  QWidget* progress_row_ = nullptr;
  QLabel* progress_label_ = nullptr;
  QProgressBar* progress_bar_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QLabel* message_label_ = nullptr;
  QStackedWidget* view_stack_ = nullptr;
  QLabel* empty_hint_ = nullptr;
  widgets::StackedTimePlots* plots_ = nullptr;
  std::array<widgets::WaveformView*, kShownChannels> waveforms_{};
  std::array<widgets::SpectrogramView*, kShownChannels> spectrograms_{};
  QLabel* readout_label_ = nullptr;
};

}  // namespace gramt::workbench
