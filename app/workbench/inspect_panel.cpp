#include "app/workbench/inspect_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStringList>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/workbench/clip_facts_text.h"
#include "core/analysis/binaural_cues.h"
#include "core/eval/format/clip_facts_of_audio_file.h"
#include "widgets/colour_map.h"
#include "widgets/line_time_plot.h"
#include "widgets/spectrogram_view.h"
#include "widgets/sphere_map_view.h"
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
const QColor kChannelColours[kMaxShownChannels] = {QColor(0x2a, 0x6f, 0xdb), QColor(0xc8, 0x3c, 0x3c),
                                                   QColor(0x2e, 0x8b, 0x57), QColor(0x8a, 0x4f, 0xb8)};
constexpr double kPi = 3.14159265358979323846;
// The time–azimuth histogram shows this many dB below its strongest cell.
constexpr double kHistogramRangeDb = 40.0;
constexpr int kSphereRefreshMs = 120;
// An equirectangular map is twice as wide as high: these leave its plot area about 2:1 beside the
// axis labels and the colour bar.
constexpr int kSphereMapWidth = 520;
constexpr int kSphereMapHeight = 290;

struct AmbisonicFormatChoice {
  audio::FoaFormat format;
  const char* label;
  const char* tip;
};
// The toolbar's choices, AmbiX (the stored convention) first.
const AmbisonicFormatChoice kAmbisonicFormats[] = {
    {audio::FoaFormat::kAmbiX, "AmbiX", "ACN channel order W, Y, Z, X with SN3D normalisation (the default)"},
    {audio::FoaFormat::kFuMa, "FuMa", "Furse-Malham B-format: order W, X, Y, Z, W scaled by 1/√2"},
    {audio::FoaFormat::kN3D, "N3D", "ACN order W, Y, Z, X with N3D normalisation (X, Y, Z √3 times SN3D)"},
    {audio::FoaFormat::kWxyz, "W X Y Z", "order W, X, Y, Z with SN3D gains (the reference model's input order)"},
};

QString hintText() {
  return QObject::tr("Open an audio file (File ▸ Open audio…, the Open button, or drop a file on the window)\n"
                     "to see its waveforms and GRAM-T log-mel spectrograms, channel by channel.");
}

QString channelTitle(int channel, ChannelLayout layout) {
  switch (layout) {
    case ChannelLayout::Mono: return QObject::tr("Mono");
    case ChannelLayout::Stereo: return channel == 0 ? QObject::tr("Left") : QObject::tr("Right");
    case ChannelLayout::Ambisonic: {
      // Converted to AmbiX on loading: ACN order whatever the file's format.
      static const char* const kNames[] = {"W (omni)", "Y (left–right)", "Z (up–down)", "X (front–back)"};
      return QObject::tr(kNames[channel]);
    }
    case ChannelLayout::Other: break;
  }
  return QObject::tr("Channel %1").arg(channel + 1);
}

QString layoutNote(const AudioInspection& inspection) {
  switch (inspection.layout) {
    case ChannelLayout::Stereo: return {};
    case ChannelLayout::Mono:
      return QObject::tr("Mono file: the binaural views (ILD, ITD, coherence, mid/side) need two ears, so they are hidden.");
    case ChannelLayout::Ambisonic: {
      QString note =
          QObject::tr("4-channel file, read as first-order ambisonics in the %1 format and shown as AmbiX (ACN order "
                      "W Y Z X, SN3D); directions: azimuth counter-clockwise from the front (90° = left), elevation "
                      "up. The binaural views need a two-ear (stereo) file, so they are hidden.")
              .arg(QString::fromLatin1(audio::foa_format_name(inspection.foa_format)));
      if (!inspection.foa_warning.empty()) note += QStringLiteral("\n⚠ ") + QString::fromStdString(inspection.foa_warning);
      if (!inspection.headphones.problem.empty())
        note += QStringLiteral("\n") + QString::fromStdString(inspection.headphones.problem);
      return note;
    }
    case ChannelLayout::Other: break;
  }
  return QObject::tr("%1-channel file: showing channels 1–%2. The binaural views need a two-ear (stereo) file, so "
                     "they are hidden.")
      .arg(inspection.file_channels)
      .arg(std::min(inspection.file_channels, kMaxShownChannels));
}

// Great-circle angle between two directions given as azimuth and elevation, in degrees.
double angleBetweenDegrees(double azimuth1, double elevation1, double azimuth2, double elevation2) {
  const double d = kPi / 180.0;
  const double cosine = std::sin(elevation1 * d) * std::sin(elevation2 * d) +
                        std::cos(elevation1 * d) * std::cos(elevation2 * d) * std::cos((azimuth1 - azimuth2) * d);
  return std::acos(std::clamp(cosine, -1.0, 1.0)) / d;
}

QString degrees(double value) { return QStringLiteral("%1°").arg(value, 0, 'g', 4); }

QString describe(const AudioInspection& inspection) {
  const QFileInfo file(QString::fromStdString(inspection.path));
  QString text = QStringLiteral("<b>%1</b> · %2 · %3 kHz · %4 · %5 s")
                     .arg(file.fileName().toHtmlEscaped(), QString::fromStdString(inspection.format).toHtmlEscaped())
                     .arg(inspection.sample_rate / 1000.0, 0, 'g', 4)
                     .arg(inspection.file_channels == 1 ? QObject::tr("mono")
                                                        : QObject::tr("%1 channels").arg(inspection.file_channels))
                     .arg(inspection.seconds(), 0, 'f', 2);
  if (inspection.file_channels > kMaxShownChannels)
    text += QObject::tr(" · showing channels 1–%1").arg(kMaxShownChannels);
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

  layout->addWidget(buildViewSelector());
  channel_note_ = new QLabel(this);
  channel_note_->setWordWrap(true);
  channel_note_->setStyleSheet(QStringLiteral("QLabel { background: #f3f1e8; color: #4a4226; padding: 3px; }"));
  channel_note_->setVisible(false);
  layout->addWidget(channel_note_);
  directions_label_ = new QLabel(this);
  directions_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  directions_label_->setStyleSheet(QStringLiteral("QLabel { font-weight: bold; padding: 2px; }"));
  directions_label_->setVisible(false);
  layout->addWidget(directions_label_);
  scene_facts_label_ = new QLabel(this);
  scene_facts_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  scene_facts_label_->setWordWrap(true);
  scene_facts_label_->setStyleSheet(QStringLiteral("QLabel { background: #eaf1f8; color: #1d3550; padding: 3px; }"));
  scene_facts_label_->setVisible(false);
  layout->addWidget(scene_facts_label_);

  view_stack_ = new QStackedWidget(this);
  empty_hint_ = new QLabel(hintText(), view_stack_);
  empty_hint_->setAlignment(Qt::AlignCenter);
  empty_hint_->setWordWrap(true);
  view_stack_->addWidget(empty_hint_);
  buildPlots();
  // Many channels with every view on can need more height than the window has: the stack then
  // scrolls instead of squeezing plots until their labels no longer fit.
  plots_area_ = new QWidget(view_stack_);
  auto* area = new QHBoxLayout(plots_area_);
  area->setContentsMargins(0, 0, 0, 0);
  plots_scroll_ = new QScrollArea(plots_area_);
  plots_scroll_->setWidget(plots_);
  plots_scroll_->setWidgetResizable(true);
  plots_scroll_->setFrameShape(QFrame::NoFrame);
  plots_scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  area->addWidget(plots_scroll_, 1);
  // The sphere map is not a time plot: it sits beside the stack and covers the stack's time range.
  sphere_view_ = new widgets::SphereMapView(plots_area_);
  sphere_view_->setFixedSize(kSphereMapWidth, kSphereMapHeight);
  // Rich text, so the tooltip wraps instead of running across the screen.
  sphere_view_->setToolTip(tr("<p>Energy on the sphere for the time range in view: each time–frequency cell's "
                              "intensity added at its direction (2° cells), in dB below the strongest direction. "
                              "The left of the picture is the listener's left; the circle marks the strongest "
                              "cell.</p>"));
  sphere_summary_ = new QLabel(plots_area_);
  sphere_summary_->setWordWrap(true);
  sphere_summary_->setFixedWidth(kSphereMapWidth);
  sphere_summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* sphere_column = new QVBoxLayout;
  sphere_column->addWidget(sphere_view_);
  sphere_column->addWidget(sphere_summary_);
  sphere_column->addStretch(1);
  area->addLayout(sphere_column);
  view_stack_->addWidget(plots_area_);
  connect(sphere_view_, &widgets::SphereMapView::hovered, this, [this](const QString& text) { readout_label_->setText(text); });
  sphere_timer_.setSingleShot(true);
  sphere_timer_.setInterval(kSphereRefreshMs);
  connect(&sphere_timer_, &QTimer::timeout, this, &InspectPanel::updateSphereMap);
  connect(plots_, &widgets::StackedTimePlots::timeRangeChanged, this, [this] {
    if (isViewShown(View::SphereMap)) sphere_timer_.start();
  });
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
  applyViews();
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

  listen_box_ = new QComboBox(bar);
  // Item order follows ListenMode.
  listen_box_->addItem(tr("Both ears"));
  listen_box_->addItem(tr("Left only"));
  listen_box_->addItem(tr("Right only"));
  listen_box_->addItem(tr("Swapped L↔R"));
  listen_box_->addItem(tr("Mid (L+R)/2"));
  listen_box_->addItem(tr("Side (L−R)/2"));
  listen_box_->setToolTip(tr("What the speakers play of a stereo file: both ears as recorded, one ear on its own side "
                             "(the other silent), the ears swapped, or mid/side on both speakers. Changes at once."));
  connect(listen_box_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this](int index) { player_.setListenMode(static_cast<ListenMode>(index)); });
  listen_box_action_ = bar->addWidget(listen_box_);

  ambisonic_listen_box_ = new QComboBox(bar);
  // Item order follows AmbisonicListening.
  ambisonic_listen_box_->addItem(tr("W (omni) on both"));
  ambisonic_listen_box_->addItem(tr("Binaural (virtual loudspeakers, KEMAR)"));
  connect(ambisonic_listen_box_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { applyPlayerAudio(); });
  ambisonic_listen_action_ = bar->addWidget(ambisonic_listen_box_);
  ambisonic_listen_action_->setVisible(false);

  loop_action_ = bar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Loop view"));
  loop_action_->setCheckable(true);
  loop_action_->setToolTip(tr("Loop the time range in view: zoom and pan to choose it, then Play. The range is "
                              "taken when Play starts (or when looping is switched on)."));
  connect(loop_action_, &QAction::toggled, this, &InspectPanel::setLoopEnabled);
  fit_action_ = bar->addAction(style()->standardIcon(QStyle::SP_TitleBarMaxButton), tr("Fit"));
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

  bar->addSeparator();
  bar->addWidget(new QLabel(tr(" Ambisonic format "), bar));
  ambisonic_format_box_ = new QComboBox(bar);
  QString format_tips;
  for (const AmbisonicFormatChoice& choice : kAmbisonicFormats) {
    ambisonic_format_box_->addItem(QString::fromUtf8(choice.label), static_cast<int>(choice.format));
    format_tips += QStringLiteral("<br><b>%1</b>: %2").arg(QString::fromUtf8(choice.label), tr(choice.tip));
  }
  ambisonic_format_box_->setToolTip(tr("How 4-channel files are ordered and normalised; they are converted to AmbiX "
                                       "before anything is shown. Changing it reads the open file again.") +
                                    format_tips);
  connect(ambisonic_format_box_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    if (job_.isRunning()) {
      openFile(loading_path_);  // the file in flight would arrive in the old format: start it again
    } else if (inspection_ && inspection_->layout == ChannelLayout::Ambisonic) {
      keep_time_range_on_load_ = true;
      openFile(loadedPath());
    }
  });
  bar->addWidget(ambisonic_format_box_);
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

QWidget* InspectPanel::buildViewSelector() {
  auto* row = new QWidget(this);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(4, 0, 0, 0);
  layout->addWidget(new QLabel(tr("Show:"), row));
  // Order follows View; a stereo file's default is everything but mid/side.
  const QString names[] = {tr("Waveforms"), tr("Log-mel"),   tr("ILD"),
                           tr("ITD + coherence"), tr("Mid/side"), tr("Azimuth"),
                           tr("Elevation"), tr("Azimuth histogram"), tr("Sphere map")};
  const QString tips[] = {
      tr("The channels' waveforms"),
      tr("The channels' log-mel spectrograms as GRAM-T sees them (32 kHz, 128 mel bands)"),
      tr("Interaural level difference per mel band: 10·log10(E_R / E_L) dB; red = right louder, blue = left louder"),
      tr("Interaural time difference (ms, within ±1 ms; + = the right ear leads) and coherence (peak of the normalised "
         "cross-correlation, 0..1) per 10-ms frame; gaps where an ear is silent"),
      tr("Mid (L+R)/2 and side (L−R)/2 waveforms"),
      tr("Ambisonic files: direction of arrival per mel band and 10-ms frame from the active intensity vector "
         "Re(W*·[X Y Z]), azimuth counter-clockwise from the front (90° = left); grey where too quiet"),
      tr("Ambisonic files: elevation per mel band and frame from the intensity vector (+ = up); grey where too quiet"),
      tr("Ambisonic files: per frame, the intensity of its bands summed by azimuth (5° sectors), in dB"),
      tr("Ambisonic files: energy on the sphere (azimuth × elevation) for the time range in view, intensity-weighted")};
  for (size_t v = 0; v < view_boxes_.size(); ++v) {
    auto* box = new QCheckBox(names[v], row);
    box->setToolTip(tips[v]);
    box->setChecked(static_cast<View>(v) != View::MidSide);
    connect(box, &QCheckBox::toggled, this, [this] { applyViews(); });
    view_boxes_[v] = box;
    layout->addWidget(box);
  }
  layout->addStretch(1);
  return row;
}

void InspectPanel::buildPlots() {
  plots_ = new widgets::StackedTimePlots(view_stack_);
  for (int c = 0; c < kMaxShownChannels; ++c) {
    auto* waveform = new widgets::WaveformView;
    waveform->setTraceColour(kChannelColours[c]);
    waveforms_[static_cast<size_t>(c)] = waveform;
    plots_->addPlot(waveform, 1);
  }
  mid_view_ = new widgets::WaveformView;
  mid_view_->setTitle(tr("Mid (L+R)/2"));
  mid_view_->setTraceColour(QColor(0x55, 0x55, 0x55));
  plots_->addPlot(mid_view_, 1);
  side_view_ = new widgets::WaveformView;
  side_view_->setTitle(tr("Side (L−R)/2"));
  side_view_->setTraceColour(QColor(0x9a, 0x6a, 0x1a));
  plots_->addPlot(side_view_, 1);
  for (int c = 0; c < kMaxShownChannels; ++c) {
    auto* spectrogram = new widgets::SpectrogramView;
    spectrogram->setBinName(tr("mel bin"));
    spectrograms_[static_cast<size_t>(c)] = spectrogram;
    plots_->addPlot(spectrogram, 2);
  }

  ild_view_ = new widgets::SpectrogramView;
  ild_view_->setTitle(tr("ILD (right − left)"));
  ild_view_->setBinName(tr("mel bin"));
  ild_view_->setColourMap(widgets::divergingColourMap());
  ild_view_->setPooling(widgets::SpectrogramView::Pooling::Mean);
  ild_view_->colourScale()->axis()->setLabel(tr("ILD (dB)\n+ = right louder"));
  plots_->addPlot(ild_view_, 2);

  itd_plot_ = new widgets::LineTimePlot;
  itd_plot_->setTitle(tr("ITD (+ = right ear leads)"));
  itd_plot_->setValueLabel(tr("ITD (ms)"), tr("ms"));
  const double max_itd_ms = analysis::BinauralCueSettings{}.max_itd_seconds * 1000.0;
  itd_plot_->setValueRange(-1.1 * max_itd_ms, 1.1 * max_itd_ms);
  itd_plot_->setZeroLineVisible(true);
  itd_plot_->setTraceColour(QColor(0x6a, 0x3d, 0x9a));
  plots_->addPlot(itd_plot_, 1);

  coherence_plot_ = new widgets::LineTimePlot;
  coherence_plot_->setTitle(tr("Coherence"));
  coherence_plot_->setValueLabel(tr("Coherence"), QString());
  coherence_plot_->setValueRange(0.0, 1.05);
  coherence_plot_->setTraceColour(QColor(0x1b, 0x7a, 0x6e));
  plots_->addPlot(coherence_plot_, 1);

  azimuth_view_ = new widgets::SpectrogramView;
  azimuth_view_->setTitle(tr("Azimuth (intensity vector)"));
  azimuth_view_->setBinName(tr("mel bin"));
  azimuth_view_->setColourMap(widgets::circularColourMap());
  azimuth_view_->setPooling(widgets::SpectrogramView::Pooling::Middle);  // angles wrap: no means
  azimuth_view_->setLevelRange(-180.0, 180.0);
  azimuth_view_->setLevelUnit(tr("° azimuth"));
  azimuth_view_->colourScale()->axis()->setLabel(tr("Azimuth (°)\n90 = left"));
  azimuth_view_->colourScale()->axis()->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
  qSharedPointerCast<QCPAxisTickerFixed>(azimuth_view_->colourScale()->axis()->ticker())->setTickStep(90.0);
  plots_->addPlot(azimuth_view_, 2);

  elevation_view_ = new widgets::SpectrogramView;
  elevation_view_->setTitle(tr("Elevation (intensity vector)"));
  elevation_view_->setBinName(tr("mel bin"));
  elevation_view_->setColourMap(widgets::divergingColourMap());
  elevation_view_->setPooling(widgets::SpectrogramView::Pooling::Mean);
  elevation_view_->setLevelRange(-90.0, 90.0);
  elevation_view_->setLevelUnit(tr("° elevation"));
  elevation_view_->colourScale()->axis()->setLabel(tr("Elevation (°)\n+ = up"));
  elevation_view_->colourScale()->axis()->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
  qSharedPointerCast<QCPAxisTickerFixed>(elevation_view_->colourScale()->axis()->ticker())->setTickStep(45.0);
  plots_->addPlot(elevation_view_, 2);

  histogram_view_ = new widgets::SpectrogramView;
  histogram_view_->setTitle(tr("Time–azimuth histogram (intensity)"));
  histogram_view_->setLinearBinScale(-177.5, 5.0, 90.0, tr("Azimuth"), QStringLiteral("°"));
  histogram_view_->colourScale()->axis()->setLabel(tr("dB"));
  plots_->addPlot(histogram_view_, 2);

  connect(plots_, &widgets::StackedTimePlots::hovered, this, &InspectPanel::onHover);
  connect(plots_, &widgets::StackedTimePlots::hoverLeft, this, [this] { readout_label_->setText(QStringLiteral(" ")); });
  connect(plots_, &widgets::StackedTimePlots::seekRequested, this, &InspectPanel::seek);
}

QString InspectPanel::loadedPath() const {
  return inspection_ ? QString::fromStdString(inspection_->path) : QString();
}

QString InspectPanel::readoutText() const { return readout_label_->text(); }

void InspectPanel::openFile(const QString& path) {
  clearDirections();
  showSceneFacts(path);
  loading_path_ = path;
  setLoadingUi(true, path);
  emit loadStarted(path);
  if (path != loadedPath()) keep_time_range_on_load_ = false;
  InspectOptions options;
  options.foa_format = ambisonicFormat();
  job_.start(path, options);
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
  const bool keep_range = keep_time_range_on_load_ && inspection_ && inspection_->path == inspection->path;
  keep_time_range_on_load_ = false;
  const QCPRange previous_range = plots_->timeRange();
  inspection_ = std::move(inspection);
  error_message_.clear();
  playback_message_.clear();
  showMessage({}, false);
  const AudioInspection& data = *inspection_;

  const int shown = static_cast<int>(data.channels.size());
  for (int c = 0; c < kMaxShownChannels; ++c) {
    widgets::WaveformView* waveform = waveforms_[static_cast<size_t>(c)];
    widgets::SpectrogramView* spectrogram = spectrograms_[static_cast<size_t>(c)];
    if (c < shown) {
      const QString title = channelTitle(c, data.layout);
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
  }
  mid_view_->clear();
  side_view_->clear();
  mid_side_ready_ = false;
  if (const BinauralCueTrack* cues = data.binaural.get()) {
    ild_view_->setBinFrequencies(data.mel_bin_hz);
    ild_view_->setLevels(cues->ild_db, static_cast<int>(cues->frames), cues->bands, cues->frame_period_seconds);
    ild_view_->setLevelRange(-cues->ild_range_db, cues->ild_range_db);
    itd_plot_->setSeries(cues->itd_ms, cues->frame_period_seconds);
    coherence_plot_->setSeries(cues->coherence, cues->frame_period_seconds);
  } else {
    ild_view_->clear();
    itd_plot_->clear();
    coherence_plot_->clear();
  }
  showFoaDirections(data);
  QStringList notes;
  if (const QString layout = layoutNote(data); !layout.isEmpty()) notes << layout;
  if (!data.log_mel_note.empty()) notes << QString::fromStdString(data.log_mel_note);
  const QString note = notes.join(QLatin1Char(' '));
  channel_note_->setText(note);
  channel_note_->setVisible(!note.isEmpty());
  applyViews();
  applyFrequencyAxis();
  applyLevelRange();
  plots_->setCursorTime(std::numeric_limits<double>::quiet_NaN());
  if (keep_range)
    plots_->setTimeRange(previous_range);
  else
    plots_->fitTime();
  const bool ambisonic = data.layout == ChannelLayout::Ambisonic;
  listen_box_->setEnabled(data.layout == ChannelLayout::Stereo);
  if (data.layout != ChannelLayout::Stereo) listen_box_->setCurrentIndex(0);
  listen_box_action_->setVisible(!ambisonic);
  ambisonic_listen_action_->setVisible(ambisonic);
  if (ambisonic) {
    // Binaural by default: Inspect is listened to on headphones more often than not.
    const bool binaural = binauralPlaybackAvailable();
    auto* model = qobject_cast<QStandardItemModel*>(ambisonic_listen_box_->model());
    if (QStandardItem* item = model ? model->item(static_cast<int>(AmbisonicListening::Binaural)) : nullptr) {
      item->setEnabled(binaural);
      item->setToolTip(binaural ? QString::fromStdString(data.headphones.decoder)
                                : QString::fromStdString(data.headphones.problem));
    }
    ambisonic_listen_box_->setToolTip(
        tr("What the speakers play of an ambisonic file: W (the omnidirectional channel) on both, or a binaural "
           "rendering for headphones: %1")
            .arg(binaural ? QString::fromStdString(data.headphones.decoder)
                          : QString::fromStdString(data.headphones.problem)));
    const QSignalBlocker quiet(ambisonic_listen_box_);
    ambisonic_listen_box_->setCurrentIndex(static_cast<int>(binaural ? AmbisonicListening::Binaural : AmbisonicListening::Omni));
  }
  applyPlayerAudio();
  view_stack_->setCurrentWidget(plots_area_);
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
  // The ILD keeps its diverging map: white must mean "no difference" whatever the level map is.
  // The azimuth and elevation maps keep theirs too: their colours are directions, not levels.
  const widgets::ColourMap& map = widgets::colourMapNamed(colour_map_box_->currentText());
  for (widgets::SpectrogramView* view : spectrograms_) view->setColourMap(map);
  histogram_view_->setColourMap(map);
  sphere_view_->setColourMap(map);
}

void InspectPanel::applyFrequencyAxis() {
  const auto axis = frequency_axis_box_->currentIndex() == 0 ? widgets::SpectrogramView::FrequencyAxis::Hertz
                                                              : widgets::SpectrogramView::FrequencyAxis::Bin;
  for (widgets::SpectrogramView* view : spectrograms_) view->setFrequencyAxis(axis);
  ild_view_->setFrequencyAxis(axis);
  azimuth_view_->setFrequencyAxis(axis);
  elevation_view_->setFrequencyAxis(axis);
}

bool InspectPanel::isViewAvailable(View view) const {
  if (!inspection_) return view == View::Waveforms || view == View::LogMel;
  switch (view) {
    case View::Waveforms:
    case View::LogMel: return true;
    case View::Ild:
    case View::ItdCoherence:
    case View::MidSide: return inspection_->binaural != nullptr;
    case View::AzimuthMap:
    case View::ElevationMap:
    case View::AzimuthHistogram:
    case View::SphereMap: return inspection_->foa != nullptr;
  }
  return false;
}

bool InspectPanel::isViewShown(View view) const {
  return isViewAvailable(view) && view_boxes_[static_cast<size_t>(view)]->isChecked();
}

void InspectPanel::setViewShown(View view, bool shown) { view_boxes_[static_cast<size_t>(view)]->setChecked(shown); }

QString InspectPanel::channelNote() const { return channel_note_->text(); }

const BinauralCueTrack* InspectPanel::binauralCues() const {
  return inspection_ ? inspection_->binaural.get() : nullptr;
}

void InspectPanel::applyViews() {
  for (size_t v = 0; v < view_boxes_.size(); ++v) {
    const auto view = static_cast<View>(v);
    const bool available = isViewAvailable(view);
    const bool ambisonic_view = view >= View::AzimuthMap;
    view_boxes_[v]->setEnabled(available);
    view_boxes_[v]->setStatusTip(available           ? QString()
                                 : ambisonic_view ? tr("Needs a 4-channel (first-order ambisonic) file")
                                                  : tr("Needs a two-ear (stereo) file"));
  }
  const int shown = inspection_ ? static_cast<int>(inspection_->channels.size()) : 0;
  for (int c = 0; c < kMaxShownChannels; ++c) {
    plots_->setPlotVisible(waveforms_[static_cast<size_t>(c)], c < shown && isViewShown(View::Waveforms));
    plots_->setPlotVisible(spectrograms_[static_cast<size_t>(c)], c < shown && isViewShown(View::LogMel));
  }
  if (isViewShown(View::MidSide)) ensureMidSide();
  plots_->setPlotVisible(mid_view_, isViewShown(View::MidSide));
  plots_->setPlotVisible(side_view_, isViewShown(View::MidSide));
  plots_->setPlotVisible(ild_view_, isViewShown(View::Ild));
  plots_->setPlotVisible(itd_plot_, isViewShown(View::ItdCoherence));
  plots_->setPlotVisible(coherence_plot_, isViewShown(View::ItdCoherence));
  plots_->setPlotVisible(azimuth_view_, isViewShown(View::AzimuthMap));
  plots_->setPlotVisible(elevation_view_, isViewShown(View::ElevationMap));
  plots_->setPlotVisible(histogram_view_, isViewShown(View::AzimuthHistogram));
  sphere_view_->setVisible(isViewShown(View::SphereMap));
  sphere_summary_->setVisible(isViewShown(View::SphereMap));
  if (isViewShown(View::SphereMap)) updateSphereMap();

  // Smallest heights at which a plot's axis labels still fit; the bottom plot also carries the
  // time axis. Beyond their sum the stack scrolls.
  widgets::TimePlot* bottom = nullptr;
  for (widgets::TimePlot* plot : plots_->plots())
    if (!plot->isHidden()) bottom = plot;
  for (widgets::TimePlot* plot : plots_->plots()) {
    int height = 60;
    if (qobject_cast<widgets::SpectrogramView*>(plot)) height = 90;
    if (qobject_cast<widgets::LineTimePlot*>(plot)) height = 80;
    // Colour bars with a two-line title need the room.
    if (plot == ild_view_ || plot == azimuth_view_ || plot == elevation_view_) height = 125;
    plot->setMinimumHeight(plot == bottom ? height + 35 : height);
  }
}

void InspectPanel::ensureMidSide() {
  // Made on first use: two more full-length signals are worth their memory only when asked for.
  if (mid_side_ready_ || !inspection_ || inspection_->channels.size() < 2) return;
  const std::vector<float>& left = *inspection_->channels[0];
  const std::vector<float>& right = *inspection_->channels[1];
  analysis::MidSide halves = analysis::mid_side(left.data(), right.data(), static_cast<int64_t>(left.size()));
  mid_view_->setSignal(std::make_shared<const std::vector<float>>(std::move(halves.mid)), inspection_->sample_rate);
  side_view_->setSignal(std::make_shared<const std::vector<float>>(std::move(halves.side)), inspection_->sample_rate);
  mid_side_ready_ = true;
  plots_->setTimeRange(plots_->timeRange());  // the new views take the stack's range
}

void InspectPanel::showDirections(double true_azimuth_deg, double true_elevation_deg, double predicted_azimuth_deg,
                                  double predicted_elevation_deg) {
  const double error =
      angleBetweenDegrees(true_azimuth_deg, true_elevation_deg, predicted_azimuth_deg, predicted_elevation_deg);
  directions_label_->setText(tr("true %1 az, %2 el · predicted %3 az, %4 el · error %5°")
                                 .arg(degrees(true_azimuth_deg), degrees(true_elevation_deg),
                                      degrees(predicted_azimuth_deg), degrees(predicted_elevation_deg))
                                 .arg(error, 0, 'f', 1));
  directions_label_->setVisible(true);
}

void InspectPanel::clearDirections() {
  directions_label_->clear();
  directions_label_->setVisible(false);
}

QString InspectPanel::directionsText() const { return directions_label_->text(); }

void InspectPanel::showSceneFacts(const QString& path) {
  // One small JSON file read here, on the GUI thread: a split's metadata is a few hundred kB at most.
  QString line, tip;
  try {
    if (const auto facts = eval::format::clip_facts_of_audio_file(path.toStdString()); facts && !facts->empty()) {
      line = clipFactsLine(*facts);
      tip = clipFactsTableHtml(*facts);
      if (line.isEmpty()) line = tr("scene facts: see the tooltip");
    }
  } catch (const std::exception& e) {
    line = tr("scene facts unreadable: %1").arg(QString::fromUtf8(e.what()));
  }
  scene_facts_label_->setText(line);
  scene_facts_label_->setToolTip(tip);
  scene_facts_label_->setVisible(!line.isEmpty());
}

QString InspectPanel::sceneFactsText() const { return scene_facts_label_->text(); }

QString InspectPanel::sceneFactsToolTip() const { return scene_facts_label_->toolTip(); }

void InspectPanel::setListenMode(ListenMode mode) { listen_box_->setCurrentIndex(static_cast<int>(mode)); }

bool InspectPanel::loopEnabled() const { return loop_action_->isChecked(); }

void InspectPanel::setLoopEnabled(bool enabled) {
  if (loop_action_->isChecked() != enabled) {
    loop_action_->setChecked(enabled);  // comes back here through toggled
    return;
  }
  const QCPRange view = plots_->timeRange();
  if (enabled)
    player_.setLoop(view.lower, view.upper);
  else
    player_.setLoop(0.0, 0.0);
  if (player_.isPlaying()) play();  // restart from the cursor, inside the new loop
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
  if (loopEnabled()) {
    const QCPRange view = plots_->timeRange();
    player_.setLoop(view.lower, view.upper);
    if (from < view.lower || from >= view.upper) from = std::max(0.0, view.lower);
  }
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
  loop_action_->setEnabled(inspection_ != nullptr);
  stop_action_->setEnabled(playing);
  fit_action_->setEnabled(inspection_ != nullptr);
}

void InspectPanel::showFoaDirections(const AudioInspection& data) {
  const FoaDirectionTrack* foa = data.foa.get();
  if (foa == nullptr) {
    azimuth_view_->clear();
    elevation_view_->clear();
    histogram_view_->clear();
    sphere_view_->clear();
    return;
  }
  const int frames = static_cast<int>(foa->frames);
  azimuth_view_->setBinFrequencies(data.mel_bin_hz);
  azimuth_view_->setLevels(foa->azimuth_deg, frames, foa->bands, foa->frame_period_seconds);
  azimuth_view_->setLevelRange(-180.0, 180.0);
  elevation_view_->setBinFrequencies(data.mel_bin_hz);
  elevation_view_->setLevels(foa->elevation_deg, frames, foa->bands, foa->frame_period_seconds);
  elevation_view_->setLevelRange(-90.0, 90.0);
  histogram_view_->setLevels(foa->azimuth_histogram_db, frames, foa->azimuth_bins, foa->frame_period_seconds);
  histogram_view_->setLevelRange(foa->histogram_peak_db - kHistogramRangeDb, foa->histogram_peak_db);
}

void InspectPanel::updateSphereMap() {
  sphere_timer_.stop();
  const FoaDirectionTrack* foa = foaDirections();
  if (foa == nullptr || foa->frame_period_seconds <= 0) {
    sphere_view_->clear();
    sphere_view_->setCaption(QString());
    sphere_summary_->clear();
    return;
  }
  // The frames whose centres lie in view.
  const QCPRange range = plots_->timeRange();
  const auto first = static_cast<int64_t>(std::ceil(std::max(0.0, range.lower) / foa->frame_period_seconds));
  const auto last = static_cast<int64_t>(std::floor(std::max(0.0, range.upper) / foa->frame_period_seconds)) + 1;
  SphereCells cells = sphere_cells_of_frames(*foa, first, last);
  sphere_view_->setEnergy(std::move(cells.energy), cells.azimuth_cells, cells.elevation_cells);
  const double shown_from = std::clamp(range.lower, 0.0, inspection_->seconds());
  const double shown_to = std::clamp(range.upper, 0.0, inspection_->seconds());
  sphere_view_->setCaption(tr("Energy on the sphere, %1–%2 s").arg(shown_from, 0, 'f', 2).arg(shown_to, 0, 'f', 2));
  const QPointF strongest = sphere_view_->strongestDirection();
  sphere_summary_->setText(sphere_view_->hasData()
                               ? tr("Strongest direction in view: azimuth %1°, elevation %2° (2° cells, each "
                                    "time–frequency cell's intensity added at its direction).")
                                     .arg(strongest.x(), 0, 'f', 0)
                                     .arg(strongest.y(), 0, 'f', 0)
                               : tr("No sound with a direction in view."));
}

const FoaDirectionTrack* InspectPanel::foaDirections() const { return inspection_ ? inspection_->foa.get() : nullptr; }

bool InspectPanel::binauralPlaybackAvailable() const {
  return inspection_ && inspection_->headphones.left && inspection_->headphones.right;
}

void InspectPanel::setAmbisonicListening(AmbisonicListening listening) {
  ambisonic_listen_box_->setCurrentIndex(static_cast<int>(listening));
}

InspectPanel::AmbisonicListening InspectPanel::ambisonicListening() const {
  return static_cast<AmbisonicListening>(std::max(0, ambisonic_listen_box_->currentIndex()));
}

void InspectPanel::setAmbisonicFormat(audio::FoaFormat format) {
  const int index = ambisonic_format_box_->findData(static_cast<int>(format));
  if (index >= 0) ambisonic_format_box_->setCurrentIndex(index);
}

audio::FoaFormat InspectPanel::ambisonicFormat() const {
  return static_cast<audio::FoaFormat>(ambisonic_format_box_->currentData().toInt());
}

void InspectPanel::applyPlayerAudio() {
  if (!inspection_) return;
  const AudioInspection& data = *inspection_;
  std::vector<AudioPlayer::Channel> playable;
  if (data.layout == ChannelLayout::Ambisonic) {
    if (ambisonicListening() == AmbisonicListening::Binaural && binauralPlaybackAvailable())
      playable = {data.headphones.left, data.headphones.right};
    else
      playable = {data.channels.front()};  // W (omni) on both speakers
  } else {
    // Anything else plays its first one or two channels.
    const size_t count = data.layout == ChannelLayout::Mono ? 1 : std::min<size_t>(2, data.channels.size());
    playable.assign(data.channels.begin(), data.channels.begin() + static_cast<std::ptrdiff_t>(count));
  }
  playback_channels_ = static_cast<int>(playable.size());
  const bool was_playing = player_.isPlaying();
  const double position = player_.positionSeconds();
  if (was_playing) player_.stop();
  player_.setAudio(std::move(playable), data.sample_rate);
  if (was_playing) {
    plots_->setCursorTime(position);
    play();
  }
}

}  // namespace gramt::workbench
