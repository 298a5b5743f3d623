#pragma once
// Inspect: one audio file as its channels' waveforms and log-mel spectrograms (GRAM-T's 32 kHz front
// end) on one time axis, with playback, a cursor that follows it, and hover read-outs. Stereo files
// also show their binaural cues on the same axis: ILD per mel band (blue = left louder, red = right
// louder), ITD and coherence per frame, and optionally mid/side. Four-channel files are read as
// first-order ambisonics in a declared format (AmbiX by default; FuMa, N3D or W X Y Z on request),
// converted to AmbiX, and also show where their sound comes from: azimuth and elevation per band and
// frame from the active intensity vector, a time–azimuth histogram, and an energy map on the sphere
// for the time range in view; they play either as W (omni) or binaurally through virtual
// loudspeakers and the KEMAR HRIRs. Loading runs on a worker thread with progress and a cancel button.
#include <QString>
#include <QTimer>
#include <QWidget>

#include <array>
#include <memory>

#include "app/workbench/audio_inspection.h"
#include "app/workbench/audio_player.h"
#include "app/workbench/inspection_job.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QScrollArea;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace gramt::widgets {
class LineTimePlot;
class SpectrogramView;
class SphereMapView;
class StackedTimePlots;
class WaveformView;
struct HoverReadout;
}  // namespace gramt::widgets

namespace gramt::workbench {

class InspectPanel : public QWidget {
  Q_OBJECT

 public:
  // The groups of plots the view selector shows or hides.
  enum class View { Waveforms, LogMel, Ild, ItdCoherence, MidSide, AzimuthMap, ElevationMap, AzimuthHistogram, SphereMap };
  // What the speakers play of an ambisonic file: W on both, or the binaural (headphone) rendering.
  enum class AmbisonicListening { Omni, Binaural };

  explicit InspectPanel(QWidget* parent = nullptr);
  ~InspectPanel() override;

  // Starts loading `path` in the background; the current file stays on screen until it is done.
  // Clears the directions line (call showDirections after openFile).
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
  // Which ear goes where (stereo files; others always play as they are).
  void setListenMode(ListenMode mode);
  ListenMode listenMode() const { return player_.listenMode(); }
  // Ambisonic files: W on both speakers, or binaural through the KEMAR virtual loudspeakers (the
  // default where the HRIR set could be read). Changes at once, also while playing.
  void setAmbisonicListening(AmbisonicListening listening);
  AmbisonicListening ambisonicListening() const;
  // Whether the loaded ambisonic file has a binaural rendering (the KEMAR set was readable).
  bool binauralPlaybackAvailable() const;
  // What the player plays now: 1 channel (both speakers) or 2 (left, right).
  int playbackChannelCount() const { return playback_channels_; }
  // The format 4-channel files are read in (the toolbar's selector). Changing it re-reads a loaded
  // ambisonic file.
  void setAmbisonicFormat(audio::FoaFormat format);
  audio::FoaFormat ambisonicFormat() const;
  // Loops the time range in view (as it is when Play starts, or when looping is switched on).
  void setLoopEnabled(bool enabled);
  bool loopEnabled() const;

  // For the Localization panel: a line above the plots with the clip's true and predicted source
  // directions (degrees) and the great-circle angle between them, e.g.
  // "true 30° az, 0° el · predicted 45° az, 5° el · error 15.8°".
  void showDirections(double true_azimuth_deg, double true_elevation_deg, double predicted_azimuth_deg,
                      double predicted_elevation_deg);
  void clearDirections();
  QString directionsText() const;
  // A line under it with the scene facts of a task folder's clip (<task>/<rate>/<split>/<file>
  // with an entry in <task>/<split>.clip-metadata.json: direction, room, RT60, SNR, noise), every
  // fact in its tooltip; hidden for other files. Set by openFile.
  QString sceneFactsText() const;
  QString sceneFactsToolTip() const;

  // The view selector: hidden views keep their data; views a file has no data for stay hidden.
  void setViewShown(View view, bool shown);
  bool isViewShown(View view) const;
  // Whether the file has data for `view` (binaural views: stereo files only).
  bool isViewAvailable(View view) const;
  // Why some views are hidden (mono or ambisonic files), empty when all are available; for ambisonic
  // files also the format they were read in and the normalisation warning when it fires.
  QString channelNote() const;

  // The loaded stereo file's cues (null for other files): what the ILD, ITD and coherence views draw.
  const BinauralCueTrack* binauralCues() const;
  // The loaded ambisonic file's directions (null for other files): what the direction views draw.
  const FoaDirectionTrack* foaDirections() const;

  widgets::StackedTimePlots* timePlots() const { return plots_; }
  widgets::WaveformView* waveformView(int channel) const { return waveforms_.at(static_cast<size_t>(channel)); }
  widgets::SpectrogramView* spectrogramView(int channel) const {
    return spectrograms_.at(static_cast<size_t>(channel));
  }
  widgets::SpectrogramView* ildView() const { return ild_view_; }
  widgets::LineTimePlot* itdPlot() const { return itd_plot_; }
  widgets::LineTimePlot* coherencePlot() const { return coherence_plot_; }
  widgets::WaveformView* midView() const { return mid_view_; }
  widgets::WaveformView* sideView() const { return side_view_; }
  widgets::SpectrogramView* azimuthView() const { return azimuth_view_; }
  widgets::SpectrogramView* elevationView() const { return elevation_view_; }
  widgets::SpectrogramView* azimuthHistogramView() const { return histogram_view_; }
  widgets::SphereMapView* sphereMapView() const { return sphere_view_; }
  // Recomputes the sphere map for the time range in view now (it otherwise follows zooming and
  // panning a moment later).
  void updateSphereMap();
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
  QWidget* buildViewSelector();
  void buildPlots();
  void applyViews();
  void ensureMidSide();
  void applyPlayerAudio();
  void showFoaDirections(const AudioInspection& data);

  void onProgress(double fraction, const QString& stage);
  void onLoaded(std::shared_ptr<const AudioInspection> inspection);
  void onFailed(const QString& message);
  void onCancelled();
  void setLoadingUi(bool loading, const QString& path = {});
  void showMessage(const QString& text, bool is_error);
  void showSceneFacts(const QString& path);

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
  QAction* loop_action_ = nullptr;
  QComboBox* listen_box_ = nullptr;
  QAction* listen_box_action_ = nullptr;
  QComboBox* ambisonic_listen_box_ = nullptr;
  QAction* ambisonic_listen_action_ = nullptr;
  QComboBox* ambisonic_format_box_ = nullptr;
  int playback_channels_ = 0;
  std::array<QCheckBox*, 9> view_boxes_{};
  QLabel* directions_label_ = nullptr;
  QLabel* scene_facts_label_ = nullptr;
  QLabel* channel_note_ = nullptr;
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
  QScrollArea* plots_scroll_ = nullptr;
  QWidget* plots_area_ = nullptr;  // the scrolling stack beside the sphere map
  std::array<widgets::WaveformView*, kMaxShownChannels> waveforms_{};
  std::array<widgets::SpectrogramView*, kMaxShownChannels> spectrograms_{};
  widgets::WaveformView* mid_view_ = nullptr;
  widgets::WaveformView* side_view_ = nullptr;
  widgets::SpectrogramView* ild_view_ = nullptr;
  widgets::LineTimePlot* itd_plot_ = nullptr;
  widgets::LineTimePlot* coherence_plot_ = nullptr;
  widgets::SpectrogramView* azimuth_view_ = nullptr;
  widgets::SpectrogramView* elevation_view_ = nullptr;
  widgets::SpectrogramView* histogram_view_ = nullptr;
  widgets::SphereMapView* sphere_view_ = nullptr;
  QLabel* sphere_summary_ = nullptr;
  QTimer sphere_timer_;  // the sphere map follows the view once zooming or panning pauses
  bool keep_time_range_on_load_ = false;  // a re-read in another format keeps the view
  bool mid_side_ready_ = false;
  QLabel* readout_label_ = nullptr;
};

}  // namespace gramt::workbench
