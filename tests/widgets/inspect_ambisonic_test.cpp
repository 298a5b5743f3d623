// The Inspect panel's ambisonic side, on a generated AmbiX file with a noise source at (62°, 0°) for
// its first second and at (−120°, 30°) for its second: the direction views are offered (the binaural
// ones are not), the azimuth and elevation maps and the histogram carry those directions, the sphere
// map follows the time range in view, hover read-outs name angles, binaural (KEMAR) playback is the
// default listening; the format selector changes the directions of a FuMa file read as AmbiX (with
// the normalisation warning) into the right ones; a 48 kHz file gives the same directions; loading
// reports progress and stops when cancelled.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "app/workbench/inspect_panel.h"
#include "core/analysis/foa_binaural_decoder.h"
#include "core/audio/ambisonic_format.h"
#include "core/audio/audio_file.h"
#include "widgets/spectrogram_view.h"
#include "widgets/sphere_map_view.h"
#include "widgets/stacked_time_plots.h"
#include "widgets/waveform_view.h"

using gramt::audio::FoaFormat;
using gramt::workbench::InspectPanel;
using View = gramt::workbench::InspectPanel::View;

namespace {

constexpr int kRate = 32000;
constexpr int kLoadTimeoutMs = 60000;
struct Where {
  double azimuth, elevation;
};
constexpr Where kFirst{62.0, 0.0}, kSecond{-120.0, 30.0};  // away from 5° sector edges

// One second of noise from kFirst, then one from kSecond, in AmbiX.
gramt::audio::AudioBuffer twoDirections(int rate = kRate) {
  gramt::audio::AudioBuffer audio;
  audio.sample_rate = rate;
  audio.channels.assign(4, std::vector<float>(static_cast<size_t>(2 * rate), 0.0f));
  std::mt19937 random(3);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  for (size_t i = 0; i < audio.channels[0].size(); ++i) {
    const Where where = i < static_cast<size_t>(rate) ? kFirst : kSecond;
    const auto g = gramt::audio::ambix_plane_wave_gains(where.azimuth, where.elevation);
    const float s = noise(random);
    audio.channels[0][i] = static_cast<float>(g.w) * s;
    audio.channels[1][i] = static_cast<float>(g.y) * s;
    audio.channels[2][i] = static_cast<float>(g.z) * s;
    audio.channels[3][i] = static_cast<float>(g.x) * s;
  }
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
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Median of a map's cells over frames [first, last) that have a value.
double medianOf(const gramt::widgets::SpectrogramView* view, int first, int last) {
  std::vector<double> values;
  for (int f = first; f < last; ++f)
    for (int b = 0; b < view->binCount(); ++b)
      if (const double v = view->levelAt(f, b); !std::isnan(v)) values.push_back(v);
  return median(values);
}

}  // namespace

class InspectAmbisonicTest : public QObject {
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

  void directionViewsShowWhereTheSoundComesFrom() {
    InspectPanel panel;
    panel.resize(1400, 1000);
    panel.show();
    QCOMPARE(panel.ambisonicFormat(), FoaFormat::kAmbiX);  // the default
    QVERIFY(load(panel, write(QStringLiteral("two_directions.wav"), twoDirections())));

    for (View view : {View::AzimuthMap, View::ElevationMap, View::AzimuthHistogram, View::SphereMap})
      QVERIFY(panel.isViewAvailable(view));
    QVERIFY(!panel.isViewAvailable(View::Ild));
    QVERIFY(panel.foaDirections() != nullptr);
    QVERIFY2(panel.channelNote().contains(QStringLiteral("ambix")) &&
                 panel.channelNote().contains(QStringLiteral("W Y Z X")) &&
                 !panel.channelNote().contains(QStringLiteral("⚠")),
             qPrintable(panel.channelNote()));
    // Channels in AmbiX order.
    const QString letters = QStringLiteral("WYZX");
    for (int c = 0; c < 4; ++c) QVERIFY(panel.waveformView(c)->title().startsWith(letters[c]));

    gramt::widgets::SpectrogramView* azimuth = panel.azimuthView();
    gramt::widgets::SpectrogramView* elevation = panel.elevationView();
    QVERIFY(azimuth->isVisible() && elevation->isVisible() && panel.azimuthHistogramView()->isVisible());
    QCOMPARE(azimuth->frameCount(), static_cast<int>(panel.foaDirections()->frames));
    QCOMPARE(azimuth->binCount(), 128);
    // 100 frames per second: stay clear of the switch at 1 s and the clip's edges.
    QVERIFY2(std::abs(medianOf(azimuth, 5, 95) - kFirst.azimuth) < 2.0, qPrintable(QString::number(medianOf(azimuth, 5, 95))));
    QVERIFY(std::abs(medianOf(elevation, 5, 95) - kFirst.elevation) < 2.0);
    QVERIFY2(std::abs(medianOf(azimuth, 105, 195) - kSecond.azimuth) < 2.0,
             qPrintable(QString::number(medianOf(azimuth, 105, 195))));
    QVERIFY(std::abs(medianOf(elevation, 105, 195) - kSecond.elevation) < 2.0);
    // The azimuth map's colours wrap: −180° and 180° look the same.
    QCOMPARE(azimuth->levelRange().lower, -180.0);
    QCOMPARE(azimuth->levelRange().upper, 180.0);

    // The histogram's strongest sector in a first-second frame holds 62° (sector [60°, 65°)).
    gramt::widgets::SpectrogramView* histogram = panel.azimuthHistogramView();
    QCOMPARE(histogram->binCount(), 72);
    int strongest = 0;
    for (int b = 0; b < 72; ++b)
      if (histogram->levelAt(50, b) > histogram->levelAt(50, strongest)) strongest = b;
    QCOMPARE(strongest, (60 + 180) / 5);

    // Hover read-outs name angles, not decibels or hertz alone.
    const QString over_azimuth = azimuth->readoutAt(0.5, 40).text();
    QVERIFY2(over_azimuth.contains(QStringLiteral("° azimuth")) && over_azimuth.contains(QStringLiteral("62.0")),
             qPrintable(over_azimuth));
    const QString over_histogram = histogram->readoutAt(0.5, strongest).text();
    QVERIFY2(over_histogram.contains(QStringLiteral("azimuth 62.5°")), qPrintable(over_histogram));

    // The sphere map covers the time range in view.
    gramt::widgets::SphereMapView* sphere = panel.sphereMapView();
    QVERIFY(sphere->isVisible());
    panel.timePlots()->setTimeRange(QCPRange(0.1, 0.9));
    panel.updateSphereMap();
    QVERIFY(sphere->hasData());
    QVERIFY2(sphere->caption().contains(QStringLiteral("0.10–0.90 s")), qPrintable(sphere->caption()));
    QVERIFY(std::abs(sphere->strongestDirection().x() - kFirst.azimuth) <= 2.0);
    QVERIFY(std::abs(sphere->strongestDirection().y() - kFirst.elevation) <= 2.0);
    panel.timePlots()->setTimeRange(QCPRange(1.1, 1.9));
    panel.updateSphereMap();
    QVERIFY(std::abs(sphere->strongestDirection().x() - kSecond.azimuth) <= 2.0);
    QVERIFY(std::abs(sphere->strongestDirection().y() - kSecond.elevation) <= 2.0);
    // Zooming and panning alone bring it along a moment later.
    panel.timePlots()->setTimeRange(QCPRange(0.2, 0.8));
    QTRY_VERIFY(std::abs(sphere->strongestDirection().x() - kFirst.azimuth) <= 2.0);
    panel.setViewShown(View::SphereMap, false);
    QVERIFY(!sphere->isVisible());

    // Listening: binaural through the KEMAR virtual loudspeakers by default, W alone on request.
    if (std::filesystem::exists(gramt::analysis::kKemarSofaPath)) {
      QVERIFY(panel.binauralPlaybackAvailable());
      QCOMPARE(panel.ambisonicListening(), InspectPanel::AmbisonicListening::Binaural);
      QCOMPARE(panel.playbackChannelCount(), 2);
    }
    panel.setAmbisonicListening(InspectPanel::AmbisonicListening::Omni);
    QCOMPARE(panel.playbackChannelCount(), 1);
  }

  void formatSelectorChangesTheDirections() {
    // The same scene stored as FuMa (W X Y Z, W at −3 dB).
    gramt::audio::AudioBuffer fuma = twoDirections();
    fuma.channels = gramt::audio::convert_foa(fuma.channels, FoaFormat::kAmbiX, FoaFormat::kFuMa, "test");
    InspectPanel panel;
    panel.resize(1400, 1000);
    panel.show();
    QVERIFY(load(panel, write(QStringLiteral("fuma.wav"), fuma)));
    // Taken for AmbiX: the directions are wrong, and the note says W is too weak for AmbiX.
    QVERIFY2(panel.channelNote().contains(QStringLiteral("FuMa")), qPrintable(panel.channelNote()));
    QVERIFY(std::abs(medianOf(panel.azimuthView(), 5, 95) - kFirst.azimuth) > 10.0);

    QSignalSpy finished(&panel, &InspectPanel::loadFinished);
    panel.timePlots()->setTimeRange(QCPRange(0.25, 0.75));
    panel.setAmbisonicFormat(FoaFormat::kFuMa);  // reads the file again
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1 && !panel.isLoading(), kLoadTimeoutMs);
    QCOMPARE(panel.ambisonicFormat(), FoaFormat::kFuMa);
    QVERIFY2(panel.channelNote().contains(QStringLiteral("fuma")) && !panel.channelNote().contains(QStringLiteral("⚠")),
             qPrintable(panel.channelNote()));
    QVERIFY(std::abs(medianOf(panel.azimuthView(), 5, 95) - kFirst.azimuth) < 2.0);
    QVERIFY(std::abs(medianOf(panel.elevationView(), 105, 195) - kSecond.elevation) < 2.0);
    // The re-read keeps the view.
    QCOMPARE(panel.timePlots()->timeRange().lower, 0.25);
  }

  void fileRateDoesNotMoveTheDirections() {
    // 48 kHz: the channels are resampled to the model's 32 kHz before the analysis, all alike.
    InspectPanel panel;
    panel.resize(1400, 1000);
    panel.show();
    QVERIFY(load(panel, write(QStringLiteral("two_directions_48k.wav"), twoDirections(48000))));
    QCOMPARE(panel.waveformView(0)->sampleCount(), int64_t{2 * 48000});
    QCOMPARE(panel.foaDirections()->frames, int64_t{1 + 2 * kRate / 320});
    QVERIFY(std::abs(medianOf(panel.azimuthView(), 5, 95) - kFirst.azimuth) < 2.0);
    QVERIFY(std::abs(medianOf(panel.elevationView(), 105, 195) - kSecond.elevation) < 2.0);
  }

  void loadingAnAmbisonicFileReportsProgressAndStopsWhenCancelled() {
    const std::string path = write(QStringLiteral("progress.wav"), twoDirections()).toStdString();
    std::vector<double> fractions;
    std::vector<std::string> stages;
    gramt::ProgressSink sink;
    sink.on_progress = [&](double fraction, const std::string& stage) {
      fractions.push_back(fraction);
      stages.push_back(stage);
    };
    const gramt::workbench::AudioInspection inspection = gramt::workbench::inspect_audio_file(path, sink);
    QVERIFY(inspection.foa != nullptr);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);
    QVERIFY(std::find(stages.begin(), stages.end(), "Ambisonic directions (intensity vector)") != stages.end());

    std::atomic<bool> cancel{true};
    gramt::ProgressSink cancelled;
    cancelled.cancel = &cancel;
    QVERIFY_THROWS_EXCEPTION(gramt::Cancelled, gramt::workbench::inspect_audio_file(path, cancelled));
    std::vector<float> channel(kRate, 0.1f);
    QVERIFY_THROWS_EXCEPTION(gramt::Cancelled,
                             gramt::workbench::analyse_foa_track({&channel, &channel, &channel, &channel}, cancelled));
  }

  void otherFilesOfferNoDirectionViews() {
    gramt::audio::AudioBuffer stereo;
    stereo.sample_rate = kRate;
    stereo.channels.assign(2, std::vector<float>(kRate / 4, 0.1f));
    InspectPanel panel;
    panel.show();
    QVERIFY(load(panel, write(QStringLiteral("stereo.wav"), stereo)));
    for (View view : {View::AzimuthMap, View::ElevationMap, View::AzimuthHistogram, View::SphereMap})
      QVERIFY(!panel.isViewAvailable(view));
    QVERIFY(panel.foaDirections() == nullptr);
    QVERIFY(!panel.azimuthView()->isVisible());
    QVERIFY(!panel.sphereMapView()->isVisible());
  }
};

QTEST_MAIN(InspectAmbisonicTest)
#include "inspect_ambisonic_test.moc"
