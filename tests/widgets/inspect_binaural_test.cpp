// The Inspect panel's binaural side: cues of a synthetic stereo file (right = left delayed by 10
// samples and 6 dB quieter) reach the ILD/ITD/coherence views with the right values and signs;
// mono and 4-channel ambisonic files hide the binaural views and say why; silence and clips
// shorter than a frame load; the listening modes route samples to the right speakers; the
// directions line for the Localization panel.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "app/workbench/audio_player.h"
#include "app/workbench/inspect_panel.h"
#include "core/audio/audio_file.h"
#include "widgets/line_time_plot.h"
#include "widgets/spectrogram_view.h"
#include "widgets/stacked_time_plots.h"
#include "widgets/waveform_view.h"

using gramt::workbench::InspectPanel;
using gramt::workbench::ListenMode;
using View = gramt::workbench::InspectPanel::View;

namespace {

constexpr int kRate = 32000;
constexpr int kDelay = 10;             // samples the right ear lags
constexpr double kRightGain = 0.5;     // −6.02 dB
constexpr int kLoadTimeoutMs = 60000;

gramt::audio::AudioBuffer delayedQuieterRight(double seconds) {
  gramt::audio::AudioBuffer audio;
  audio.sample_rate = kRate;
  const auto n = static_cast<size_t>(kRate * seconds);
  audio.channels.assign(2, std::vector<float>(n, 0.0f));
  std::mt19937 random(7);
  std::normal_distribution<float> noise(0.0f, 0.2f);
  for (size_t i = 0; i < n; ++i) audio.channels[0][i] = std::clamp(noise(random), -1.0f, 1.0f);
  for (size_t i = kDelay; i < n; ++i) audio.channels[1][i] = static_cast<float>(kRightGain) * audio.channels[0][i - kDelay];
  return audio;
}

bool load(InspectPanel& panel, const QString& path) {
  QSignalSpy finished(&panel, &InspectPanel::loadFinished);
  QSignalSpy failed(&panel, &InspectPanel::loadFailed);
  panel.openFile(path);
  const bool done =
      QTest::qWaitFor([&] { return finished.count() + failed.count() > 0 && !panel.isLoading(); }, kLoadTimeoutMs);
  if (failed.count() > 0) qWarning() << "load failed:" << failed.at(0).at(0).toString();
  return done && finished.count() == 1;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

class InspectBinauralTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

  QString write(const QString& name, const gramt::audio::AudioBuffer& audio) {
    const QString path = dir_.filePath(name);
    gramt::audio::write_wav(path.toStdString(), audio);
    return path;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
  }

  void delayedQuieterRightEarGivesMinusSixDbAndANegativeItd() {
    const QString path = write(QStringLiteral("left_source.wav"), delayedQuieterRight(2.0));
    InspectPanel panel;
    panel.resize(1100, 900);
    panel.show();
    QVERIFY(load(panel, path));
    const gramt::workbench::BinauralCueTrack* cues = panel.binauralCues();
    QVERIFY(cues != nullptr);
    QCOMPARE(cues->frames, int64_t{1 + 2 * kRate / 320});
    QCOMPARE(cues->bands, 128);

    // The ILD view draws the cues: about −6 dB (left louder) in every band of the inner frames.
    gramt::widgets::SpectrogramView* ild = panel.ildView();
    QVERIFY(ild->isVisible());
    QCOMPARE(ild->frameCount(), static_cast<int>(cues->frames));
    std::vector<double> ild_values;
    for (int f = 5; f < ild->frameCount() - 5; f += 7)
      for (int b = 0; b < 128; b += 3) ild_values.push_back(ild->levelAt(f, b));
    const double expected_db = 20.0 * std::log10(kRightGain);
    QVERIFY2(std::abs(median(ild_values) - expected_db) < 0.3, qPrintable(QString::number(median(ild_values))));
    QVERIFY(*std::max_element(ild_values.begin(), ild_values.end()) < 0.0);  // every cell says "left louder"
    // The colour range is symmetric about 0 dB and says which sign is which.
    QCOMPARE(ild->levelRange().lower, -ild->levelRange().upper);
    QVERIFY(ild->levelRange().upper >= 6.0);
    QVERIFY(ild->colourScale()->axis()->label().contains(QStringLiteral("+ = right louder")));

    // ITD: the right ear lags by 10 samples → −10/32000 s; coherence near 1.
    gramt::widgets::LineTimePlot* itd = panel.itdPlot();
    QVERIFY(itd->isVisible());
    QVERIFY(panel.coherencePlot()->isVisible());
    std::vector<double> itd_ms, coherence;
    for (int f = 5; f < itd->frameCount() - 5; ++f) {
      itd_ms.push_back(itd->valueAt(f));
      coherence.push_back(panel.coherencePlot()->valueAt(f));
    }
    const double expected_ms = -1000.0 * kDelay / kRate;
    QVERIFY2(std::abs(median(itd_ms) - expected_ms) < 0.01, qPrintable(QString::number(median(itd_ms))));
    QVERIFY(*std::max_element(itd_ms.begin(), itd_ms.end()) < 0.0);
    QVERIFY2(median(coherence) > 0.9, qPrintable(QString::number(median(coherence))));
    // The plot draws those values (a whole file's worth of frames fits the width here, one point each).
    QVERIFY(itd->trace()->dataCount() > 0);

    // Default views for a stereo file: waveforms, log-mels, ILD, ITD + coherence; no mid/side.
    QVERIFY(panel.waveformView(0)->isVisible() && panel.waveformView(1)->isVisible());
    QVERIFY(panel.spectrogramView(0)->isVisible() && panel.spectrogramView(1)->isVisible());
    QVERIFY(!panel.midView()->isVisible());
    QVERIFY(panel.channelNote().isEmpty());
    // Mid/side on demand: (L+R)/2 and (L−R)/2 of the file's samples.
    panel.setViewShown(View::MidSide, true);
    QVERIFY(panel.midView()->isVisible() && panel.sideView()->isVisible());
    QCOMPARE(panel.midView()->sampleCount(), int64_t{2 * kRate});
    // Hiding a view hides its plots, and the others stay on one time axis.
    panel.setViewShown(View::Ild, false);
    QVERIFY(!ild->isVisible());
    panel.timePlots()->setTimeRange(QCPRange(0.5, 0.75));
    QCOMPARE(itd->timeRange().lower, 0.5);
    QCOMPARE(panel.midView()->timeRange().upper, 0.75);
  }

  void silenceLeavesItdGapsAndNoCrash() {
    // A whole file of silence: every ITD is NaN (a gap), the ILD says "no difference".
    gramt::audio::AudioBuffer silent;
    silent.sample_rate = kRate;
    silent.channels.assign(2, std::vector<float>(kRate / 2, 0.0f));
    InspectPanel panel;
    panel.resize(900, 700);
    panel.show();
    QVERIFY(load(panel, write(QStringLiteral("silence.wav"), silent)));
    QVERIFY(panel.binauralCues() != nullptr);
    gramt::widgets::LineTimePlot* itd = panel.itdPlot();
    QVERIFY(itd->frameCount() > 0);
    for (int f = 0; f < itd->frameCount(); ++f) QVERIFY(std::isnan(itd->valueAt(f)));
    QCOMPARE(panel.ildView()->levelAt(10, 40), 0.0);  // both ears at the same floor
    panel.timePlots()->replotNow();                     // draws gaps, does not crash

    // Noise, then silence: in the silent second half the ITD has a gap and the ILD cells are NaN
    // (grey: nothing to compare), while the first half keeps its −6 dB.
    gramt::audio::AudioBuffer half = delayedQuieterRight(1.0);
    for (auto& channel : half.channels) std::fill(channel.begin() + kRate / 2, channel.end(), 0.0f);
    QVERIFY(load(panel, write(QStringLiteral("half_silent.wav"), half)));
    const int frames = panel.itdPlot()->frameCount();
    QVERIFY(std::isnan(panel.itdPlot()->valueAt(frames - 10)));
    QVERIFY(std::isfinite(panel.itdPlot()->valueAt(10)));
    QVERIFY(std::isnan(panel.ildView()->levelAt(frames - 10, 40)));
    QVERIFY(std::abs(panel.ildView()->levelAt(10, 40) - 20.0 * std::log10(kRightGain)) < 1.0);
  }

  void zoomedOutIldPoolsByTheMeanOfItsFiniteCells() {
    // Max pooling would turn every zoomed-out ILD cell red; NaN (quiet) frames must not blank a pool.
    gramt::widgets::SpectrogramView view;
    view.resize(300, 200);
    view.show();
    view.setPooling(gramt::widgets::SpectrogramView::Pooling::Mean);
    std::vector<float> levels(2000 * 2);
    for (int f = 0; f < 2000; ++f) {
      levels[static_cast<size_t>(2 * f)] = f % 2 == 0 ? -6.0f : 2.0f;  // mean −2, maximum 2
      levels[static_cast<size_t>(2 * f + 1)] = f % 2 == 0 ? 4.0f : std::numeric_limits<float>::quiet_NaN();
    }
    view.setLevels(levels, 2000, 2, 0.01);
    view.xAxis->setRange(0.0, 20.0);
    const int group = view.framesPerCell();
    QVERIFY(group > 1);
    // With the whole file in view the pools start at frame 0: cell 3 holds frames [3g, 4g).
    double sum = 0;
    for (int f = 3 * group; f < 4 * group; ++f) sum += levels[static_cast<size_t>(2 * f)];
    QVERIFY(std::abs(view.colourMap()->data()->cell(3, 0) - sum / group) < 1e-5);
    QVERIFY(view.colourMap()->data()->cell(3, 0) < 0.0);  // a maximum would be +2
    QCOMPARE(view.colourMap()->data()->cell(3, 1), 4.0);  // the NaN frames left out
  }

  void clipShorterThanOneFrameLoads() {
    gramt::audio::AudioBuffer tiny = delayedQuieterRight(0.0);
    tiny.channels.assign(2, std::vector<float>(100, 0.1f));
    InspectPanel panel;
    panel.show();
    QVERIFY(load(panel, write(QStringLiteral("tiny.wav"), tiny)));
    QVERIFY(panel.binauralCues() != nullptr);
    QCOMPARE(panel.binauralCues()->frames, int64_t{1});
    QCOMPARE(panel.itdPlot()->frameCount(), 1);
    // The front end cannot pad 100 samples: no log-mel, and the panel says why.
    QCOMPARE(panel.spectrogramView(0)->frameCount(), 0);
    QVERIFY2(panel.channelNote().startsWith(QStringLiteral("Too short for a log-mel")), qPrintable(panel.channelNote()));
    QVERIFY(panel.waveformView(0)->isVisible());
    panel.timePlots()->replotNow();
  }

  void monoHidesTheBinauralViewsWithANote() {
    gramt::audio::AudioBuffer mono = delayedQuieterRight(0.5);
    mono.channels.resize(1);
    InspectPanel panel;
    panel.show();
    QVERIFY(load(panel, write(QStringLiteral("mono.wav"), mono)));
    QVERIFY(panel.binauralCues() == nullptr);
    QVERIFY(!panel.isViewAvailable(View::Ild));
    QVERIFY(!panel.ildView()->isVisible());
    QVERIFY(!panel.itdPlot()->isVisible());
    QVERIFY(!panel.coherencePlot()->isVisible());
    panel.setViewShown(View::MidSide, true);  // still hidden: nothing to show
    QVERIFY(!panel.midView()->isVisible());
    QVERIFY(panel.waveformView(0)->isVisible());
    QVERIFY2(panel.channelNote().startsWith(QStringLiteral("Mono file")), qPrintable(panel.channelNote()));
  }

  void ambisonicFileShowsAllFourChannels() {
    gramt::audio::AudioBuffer foa = delayedQuieterRight(0.5);
    foa.channels.push_back(foa.channels[0]);
    foa.channels.push_back(foa.channels[1]);
    InspectPanel panel;
    panel.resize(1000, 900);
    panel.show();
    QVERIFY(load(panel, write(QStringLiteral("foa.wav"), foa)));
    const QString letters = QStringLiteral("WYZX");  // AmbiX (ACN) order
    for (int c = 0; c < 4; ++c) {
      QVERIFY(panel.waveformView(c)->isVisible());
      QVERIFY(panel.spectrogramView(c)->isVisible());
      QVERIFY2(panel.waveformView(c)->title().startsWith(letters[c]), qPrintable(panel.waveformView(c)->title()));
      QCOMPARE(panel.waveformView(c)->sampleCount(), int64_t{kRate / 2});
    }
    QVERIFY(panel.binauralCues() == nullptr);
    QVERIFY(!panel.ildView()->isVisible());
    QVERIFY(!panel.itdPlot()->isVisible());
    QVERIFY2(panel.channelNote().contains(QStringLiteral("ambisonic")), qPrintable(panel.channelNote()));
  }

  void listeningModesRouteTheEars() {
    using gramt::workbench::routeSample;
    const float l = 0.25f, r = -0.5f;
    const auto check = [](gramt::workbench::SpeakerPair pair, float left, float right) {
      return pair.left == left && pair.right == right;
    };
    QVERIFY(check(routeSample(ListenMode::Both, l, r), l, r));
    QVERIFY(check(routeSample(ListenMode::LeftOnly, l, r), l, 0.0f));
    QVERIFY(check(routeSample(ListenMode::RightOnly, l, r), 0.0f, r));
    QVERIFY(check(routeSample(ListenMode::Swapped, l, r), r, l));
    QVERIFY(check(routeSample(ListenMode::Mid, l, r), -0.125f, -0.125f));
    QVERIFY(check(routeSample(ListenMode::Side, l, r), 0.375f, 0.375f));

    // The panel's selector drives the player; looping takes the range in view.
    const QString path = write(QStringLiteral("route.wav"), delayedQuieterRight(1.0));
    InspectPanel panel;
    panel.show();
    QVERIFY(load(panel, path));
    panel.setListenMode(ListenMode::Swapped);
    QCOMPARE(panel.listenMode(), ListenMode::Swapped);
    panel.timePlots()->setTimeRange(QCPRange(0.2, 0.4));
    panel.setLoopEnabled(true);
    QVERIFY(panel.loopEnabled());
    panel.play();  // plays, or says why not (no sound device here); never crashes
    QVERIFY(panel.isPlaying() || !panel.playbackMessage().isEmpty());
    panel.stop();
    panel.setLoopEnabled(false);
    QVERIFY(!panel.loopEnabled());
  }

  void directionsLineForTheLocalizationPanel() {
    InspectPanel panel;
    QVERIFY(panel.directionsText().isEmpty());
    panel.showDirections(30.0, 0.0, 45.0, 5.0);
    QCOMPARE(panel.directionsText(), QStringLiteral("true 30° az, 0° el · predicted 45° az, 5° el · error 15.8°"));
    // Across the ±180° seam the error is the short way round.
    panel.showDirections(170.0, 0.0, -170.0, 0.0);
    QVERIFY2(panel.directionsText().endsWith(QStringLiteral("error 20.0°")), qPrintable(panel.directionsText()));
    panel.clearDirections();
    QVERIFY(panel.directionsText().isEmpty());
  }
};

QTEST_MAIN(InspectBinauralTest)
#include "inspect_binaural_test.moc"
