#include "app/workbench/inspect_panel.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/colour_map.h"
#include "widgets/spectrogram_view.h"
#include "widgets/stacked_time_plots.h"
#include "widgets/waveform_view.h"

namespace gramt::workbench {

namespace {

// Settings keys: the view choices persist across sessions.
const QString kColourMapKey = QStringLiteral("inspect/colourMap");
const QString kFrequencyAxisKey = QStringLiteral("inspect/frequencyAxis");
const QString kDynamicRangeKey = QStringLiteral("inspect/dynamicRangeDb");

constexpr int kDefaultDynamicRangeDb = 80;
constexpr int kPlaybackRefreshMs = 30;  // ~33 cursor updates per second: smooth, and cheap
const QColor kChannelColours[kShownChannels] = {QColor(0x2a, 0x6f, 0xdb), QColor(0xc8, 0x3c, 0x3c)};

QString hintText() {
  return QObject::tr("Open an audio file (File ▸ Open audio…, the Open button, or drop a file on the window)\n"
                     "to see its waveforms and GRAM-T log-mel spectrograms, channel by channel.");
}

QString channelTitle(int channel, int file_channels) {
  if (file_channels == 1) return QObject::tr("Mono");
  if (file_channels == 2) return channel == 0 ? QObject::tr("Left") : QObject::tr("Right");
  return QObject::tr("Channel %1").arg(channel + 1);
}

QString describe(const AudioInspection& inspection) {
  const QFileInfo file(QString::fromStdString(inspection.path));
  QString text = QStringLiteral("<b>%1</b> · %2 · %3 kHz · %4 · %5 s")
                     .arg(file.fileName().toHtmlEscaped(), QString::fromStdString(inspection.format).toHtmlEscaped())
                     .arg(inspection.sample_rate / 1000.0, 0, 'g', 4)
                     .arg(inspection.file_channels == 1 ? QObject::tr("mono")
                                                        : QObject::tr("%1 channels").arg(inspection.file_channels))
                     .arg(inspection.seconds(), 0, 'f', 2);
  if (inspection.file_channels > kShownChannels)
    text += QObject::tr(" · showing channels 1–%1").arg(kShownChannels);
  return text;
}

}  // namespace

InspectPanel::InspectPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);
  layout->addWidget(buildToolBar());

  file_label_ = new QLabel(tr("No file open"), this);
  file_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(file_label_);
  layout->addWidget(buildProgressRow());

  message_label_ = new QLabel(this);
  message_label_->setWordWrap(true);
  message_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  message_label_->setVisible(false);
  layout->addWidget(message_label_);

  view_stack_ = new QStackedWidget(this);
  empty_hint_ = new QLabel(hintText(), view_stack_);
  empty_hint_->setAlignment(Qt::AlignCenter);
  empty_hint_->setWordWrap(true);
  view_stack_->addWidget(empty_hint_);
  buildPlots();
  view_stack_->addWidget(plots_);
  layout->addWidget(view_stack_, 1);

  readout_label_ = new QLabel(this);
  readout_label_->setText(tr("Hover over a plot for time, frequency and level."));
  layout->addWidget(readout_label_);

  connect(&job_, &InspectionJob::progressed, this, &InspectPanel::onProgress);
  connect(&job_, &InspectionJob::succeeded, this, &InspectPanel::onLoaded);
  connect(&job_, &InspectionJob::failed, this, &InspectPanel::onFailed);
  connect(&job_, &InspectionJob::cancelled, this, &InspectPanel::onCancelled);

  playback_timer_.setInterval(kPlaybackRefreshMs);
  connect(&playback_timer_, &QTimer::timeout, this, &InspectPanel::followPlayback);

  auto* space = new QShortcut(QKeySequence(Qt::Key_Space), this);
  space->setContext(Qt::WidgetWithChildrenShortcut);
  connect(space, &QShortcut::activated, this, &InspectPanel::togglePlayback);

  applyColourMap();
  applyFrequencyAxis();
  updatePlayActions();
}

InspectPanel::~InspectPanel() {
  playback_timer_.stop();
  player_.stop();
}

QWidget* InspectPanel::buildToolBar() {
  auto* bar = new QToolBar(this);
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->setIconSize(QSize(16, 16));

  QAction* open = bar->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Open…"));
  connect(open, &QAction::triggered, this, &InspectPanel::openRequested);
  bar->addSeparator();

  play_action_ = bar->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Play"));
  play_action_->setToolTip(tr("Play from the cursor (Space)"));
  connect(play_action_, &QAction::triggered, this, &InspectPanel::play);
  stop_action_ = bar->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"));
  stop_action_->setToolTip(tr("Stop playback (Space)"));
  connect(stop_action_, &QAction::triggered, this, &InspectPanel::stop);
  fit_action_ = bar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Fit"));
  fit_action_->setToolTip(tr("Show the whole file (or double-click a plot); zoom with the wheel, pan by dragging"));
  connect(fit_action_, &QAction::triggered, this, [this] { plots_->fitTime(); });
  bar->addSeparator();

  QSettings settings;
  bar->addWidget(new QLabel(tr(" Colours "), bar));
  colour_map_box_ = new QComboBox(bar);
  for (const widgets::ColourMap& map : widgets::colourMaps()) colour_map_box_->addItem(map.name);
  colour_map_box_->setCurrentText(widgets::colourMapNamed(settings.value(kColourMapKey).toString()).name);
  connect(colour_map_box_, &QComboBox::currentTextChanged, this, [this](const QString& name) {
    QSettings().setValue(kColourMapKey, name);
    applyColourMap();
  });
  bar->addWidget(colour_map_box_);

  bar->addWidget(new QLabel(tr(" Frequency axis "), bar));
  frequency_axis_box_ = new QComboBox(bar);
  frequency_axis_box_->addItem(tr("Hz"));
  frequency_axis_box_->addItem(tr("Mel bin"));
  frequency_axis_box_->setCurrentIndex(std::clamp(settings.value(kFrequencyAxisKey, 0).toInt(), 0, 1));
  connect(frequency_axis_box_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
    QSettings().setValue(kFrequencyAxisKey, index);
    applyFrequencyAxis();
  });
  bar->addWidget(frequency_axis_box_);

  bar->addWidget(new QLabel(tr(" Range "), bar));
  dynamic_range_box_ = new QSpinBox(bar);
  dynamic_range_box_->setRange(20, 160);
  dynamic_range_box_->setSingleStep(10);
  dynamic_range_box_->setSuffix(tr(" dB"));
  dynamic_range_box_->setToolTip(tr("Levels shown below the loudest cell; quieter cells take the floor colour"));
  dynamic_range_box_->setValue(settings.value(kDynamicRangeKey, kDefaultDynamicRangeDb).toInt());
  connect(dynamic_range_box_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int value) {
    QSettings().setValue(kDynamicRangeKey, value);
    applyLevelRange();
  });
  bar->addWidget(dynamic_range_box_);
  return bar;
}

QWidget* InspectPanel::buildProgressRow() {
  progress_row_ = new QWidget(this);
  auto* row = new QHBoxLayout(progress_row_);
  row->setContentsMargins(0, 0, 0, 0);
  progress_label_ = new QLabel(progress_row_);
  progress_bar_ = new QProgressBar(progress_row_);
  progress_bar_->setRange(0, 1000);
  progress_bar_->setTextVisible(false);
  cancel_button_ = new QPushButton(tr("Cancel"), progress_row_);
  connect(cancel_button_, &QPushButton::clicked, this, &InspectPanel::cancelLoading);
  row->addWidget(progress_label_, 2);
  row->addWidget(progress_bar_, 1);
  row->addWidget(cancel_button_);
  progress_row_->setVisible(false);
  return progress_row_;
}

void InspectPanel::buildPlots() {
  plots_ = new widgets::StackedTimePlots(view_stack_);
  for (int c = 0; c < kShownChannels; ++c) {
    auto* waveform = new widgets::WaveformView;
    waveform->setTraceColour(kChannelColours[c]);
    waveforms_[static_cast<size_t>(c)] = waveform;
    plots_->addPlot(waveform, 1);
  }
  for (int c = 0; c < kShownChannels; ++c) {
    auto* spectrogram = new widgets::SpectrogramView;
    spectrogram->setBinName(tr("mel bin"));
    spectrograms_[static_cast<size_t>(c)] = spectrogram;
    plots_->addPlot(spectrogram, 2);
  }
  connect(plots_, &widgets::StackedTimePlots::hovered, this, &InspectPanel::onHover);
  connect(plots_, &widgets::StackedTimePlots::hoverLeft, this, [this] { readout_label_->setText(QStringLiteral(" ")); });
  connect(plots_, &widgets::StackedTimePlots::seekRequested, this, &InspectPanel::seek);
}

QString InspectPanel::loadedPath() const {
  return inspection_ ? QString::fromStdString(inspection_->path) : QString();
}

QString InspectPanel::readoutText() const { return readout_label_->text(); }

void InspectPanel::openFile(const QString& path) {
  loading_path_ = path;
  setLoadingUi(true, path);
  emit loadStarted(path);
  job_.start(path);
}

void InspectPanel::cancelLoading() {
  if (!job_.isRunning()) return;
  job_.cancel();
  progress_label_->setText(tr("Cancelling…"));
  cancel_button_->setEnabled(false);
}

void InspectPanel::setLoadingUi(bool loading, const QString& path) {
  progress_row_->setVisible(loading);
  cancel_button_->setEnabled(loading);
  if (loading) {
    progress_bar_->setValue(0);
    progress_label_->setText(tr("Opening %1…").arg(QFileInfo(path).fileName()));
  }
}

void InspectPanel::onProgress(double fraction, const QString& stage) {
  progress_bar_->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
  progress_label_->setText(stage);
}

void InspectPanel::showMessage(const QString& text, bool is_error) {
  message_label_->setText(text);
  message_label_->setStyleSheet(is_error ? QStringLiteral("QLabel { background: #fde2e1; color: #7a1010; padding: 4px; }")
                                         : QStringLiteral("QLabel { background: #eef3fb; color: #1c3d6e; padding: 4px; }"));
  message_label_->setVisible(!text.isEmpty());
}

void InspectPanel::onLoaded(std::shared_ptr<const AudioInspection> inspection) {
  setLoadingUi(false);
  stop();
  inspection_ = std::move(inspection);
  error_message_.clear();
  playback_message_.clear();
  showMessage({}, false);
  const AudioInspection& data = *inspection_;

  const int shown = static_cast<int>(data.channels.size());
  for (int c = 0; c < kShownChannels; ++c) {
    widgets::WaveformView* waveform = waveforms_[static_cast<size_t>(c)];
    widgets::SpectrogramView* spectrogram = spectrograms_[static_cast<size_t>(c)];
    const bool present = c < shown;
    if (present) {
      const QString title = channelTitle(c, data.file_channels);
      waveform->setTitle(title);
      waveform->setSignal(data.channels[static_cast<size_t>(c)], data.sample_rate);
      spectrogram->setTitle(tr("%1 log-mel").arg(title));
      spectrogram->setBinFrequencies(data.mel_bin_hz);
      spectrogram->setLevels(data.log_mel_db[static_cast<size_t>(c)], static_cast<int>(data.mel_frames), data.n_mels,
                             data.frame_period_seconds);
    } else {
      waveform->clear();
      spectrogram->clear();
    }
    plots_->setPlotVisible(waveform, present);
    plots_->setPlotVisible(spectrogram, present);
  }
  applyFrequencyAxis();
  applyLevelRange();
  plots_->setCursorTime(std::numeric_limits<double>::quiet_NaN());
  plots_->fitTime();
  player_.setAudio(data.channels, data.sample_rate);
  view_stack_->setCurrentWidget(plots_);
  file_label_->setText(describe(data));
  updatePlayActions();
  emit statusMessage(tr("Opened %1").arg(loadedPath()));
  emit loadFinished(loadedPath());
}

void InspectPanel::onFailed(const QString& message) {
  setLoadingUi(false);
  error_message_ = message;
  showMessage(tr("Could not open the file: %1").arg(message), true);
  emit statusMessage(message);
  emit loadFailed(message);
}

void InspectPanel::onCancelled() {
  setLoadingUi(false);
  emit statusMessage(tr("Opening %1 was cancelled").arg(QFileInfo(loading_path_).fileName()));
  emit loadCancelled();
}

void InspectPanel::applyColourMap() {
  const widgets::ColourMap& map = widgets::colourMapNamed(colour_map_box_->currentText());
  for (widgets::SpectrogramView* view : spectrograms_) view->setColourMap(map);
}

void InspectPanel::applyFrequencyAxis() {
  const auto axis = frequency_axis_box_->currentIndex() == 0 ? widgets::SpectrogramView::FrequencyAxis::Hertz
                                                              : widgets::SpectrogramView::FrequencyAxis::Bin;
  for (widgets::SpectrogramView* view : spectrograms_) view->setFrequencyAxis(axis);
}

void InspectPanel::applyLevelRange() {
  // One scale for both channels, topped by the louder one: a quiet channel must look quiet, not be
  // stretched to the full colour range of its own.
  double peak = -std::numeric_limits<double>::infinity();
  for (const widgets::SpectrogramView* view : spectrograms_)
    if (view->frameCount() > 0) peak = std::max(peak, view->peakLevel());
  if (!std::isfinite(peak)) return;
  const double top = std::ceil(peak);
  for (widgets::SpectrogramView* view : spectrograms_) view->setLevelRange(top - dynamic_range_box_->value(), top);
}

void InspectPanel::onHover(const widgets::HoverReadout& readout) { readout_label_->setText(readout.text()); }

bool InspectPanel::exportImage(const QString& path, QString* error) {
  if (!inspection_) {
    if (error) *error = tr("Nothing to export: open an audio file first.");
    return false;
  }
  plots_->replotNow();
  if (!plots_->grab().save(path)) {
    if (error) *error = tr("Could not write the image %1 (unknown image type or no permission).").arg(path);
    return false;
  }
  return true;
}

void InspectPanel::play() {
  if (!inspection_) return;
  double from = plots_->cursorTime();
  if (std::isnan(from) || from >= player_.durationSeconds() - 1e-3) from = 0.0;
  QString problem;
  if (!player_.play(from, &problem)) {
    playback_message_ = problem;
    showMessage(problem, false);
    emit statusMessage(problem);
    updatePlayActions();
    return;
  }
  playback_message_.clear();
  plots_->setCursorTime(from);
  playback_timer_.start();
  updatePlayActions();
}

void InspectPanel::stop() {
  player_.stop();
  playback_timer_.stop();
  updatePlayActions();
}

void InspectPanel::togglePlayback() {
  if (player_.isPlaying())
    stop();
  else
    play();
}

void InspectPanel::seek(double seconds) {
  if (!inspection_) return;
  const double clamped = std::clamp(seconds, 0.0, inspection_->seconds());
  const bool was_playing = player_.isPlaying();
  plots_->setCursorTime(clamped);
  if (was_playing) play();
}

void InspectPanel::followPlayback() {
  plots_->setCursorTime(player_.positionSeconds());
  if (!player_.isPlaying()) stop();
}

void InspectPanel::updatePlayActions() {
  const bool playing = player_.isPlaying();
  play_action_->setEnabled(inspection_ != nullptr && !playing);
  stop_action_->setEnabled(playing);
  fit_action_->setEnabled(inspection_ != nullptr);
}

}  // namespace gramt::workbench
