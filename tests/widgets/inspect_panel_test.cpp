// The Inspect panel end to end: a generated stereo file (440 Hz left, silence right) loads in the
// background and shows up in the waveform and log-mel views; bad files give one clear message.
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "app/workbench/audio_inspection.h"
#include "app/workbench/inspect_panel.h"
#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "widgets/spectrogram_view.h"
#include "widgets/stacked_time_plots.h"
#include "widgets/waveform_view.h"

using gramt::workbench::InspectPanel;

namespace {

constexpr int kRate = 44100;  // not the model's rate, so the panel must resample for the log-mel
constexpr double kToneHz = 440.0;
constexpr int kLoadTimeoutMs = 60000;

gramt::audio::AudioBuffer toneLeftSilenceRight(int rate, double seconds) {
  gramt::audio::AudioBuffer audio;
  audio.sample_rate = rate;
  const auto n = static_cast<size_t>(rate * seconds);
  audio.channels.assign(2, std::vector<float>(n, 0.0f));
  for (size_t i = 0; i < n; ++i)
    audio.channels[0][i] = static_cast<float>(0.5 * std::sin(2.0 * M_PI * kToneHz * static_cast<double>(i) / rate));
  return audio;
}

bool waitForLoad(InspectPanel& panel, QSignalSpy& finished, QSignalSpy& failed) {
  return QTest::qWaitFor([&] { return finished.count() + failed.count() > 0 && !panel.isLoading(); },
                         kLoadTimeoutMs);
}

}  // namespace

class InspectPanelTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString stereo_path_;
  gramt::audio::AudioBuffer stereo_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    stereo_ = toneLeftSilenceRight(kRate, 1.0);
    stereo_path_ = dir_.filePath(QStringLiteral("tone_left.wav"));
    gramt::audio::write_wav(stereo_path_.toStdString(), stereo_);
  }

  void showsWaveformsAndLogMelsOfBothChannels() {
    InspectPanel panel;
    panel.resize(1100, 800);
    panel.show();
    QSignalSpy finished(&panel, &InspectPanel::loadFinished);
    QSignalSpy failed(&panel, &InspectPanel::loadFailed);
    panel.openFile(stereo_path_);
    QVERIFY(panel.isLoading());
    QVERIFY(waitForLoad(panel, finished, failed));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(panel.loadedPath(), stereo_path_);
    QVERIFY(panel.errorMessage().isEmpty());

    // Waveforms: every sample is there, and the zoomed-out envelope spans exactly their extremes.
    for (int c = 0; c < 2; ++c) {
      gramt::widgets::WaveformView* view = panel.waveformView(c);
      QVERIFY(view->isVisible());
      QCOMPARE(view->sampleCount(), int64_t{kRate});
      QCOMPARE(view->dataTimeSpan().upper, 1.0);
      QVERIFY(view->showsEnvelope());
      const auto [lo, hi] = std::minmax_element(stereo_.channels[c].begin(), stereo_.channels[c].end());
      bool found = false;
      const QCPRange values = view->trace()->data()->valueRange(found);
      QVERIFY(found);
      QCOMPARE(values.lower, double(*lo));
      QCOMPARE(values.upper, double(*hi));
    }
    QCOMPARE(panel.waveformView(0)->title(), QStringLiteral("Left"));
    QCOMPARE(panel.waveformView(1)->title(), QStringLiteral("Right"));

    // Zoomed in to 1 ms (44 samples) the samples themselves are plotted.
    panel.timePlots()->setTimeRange(QCPRange(0.5, 0.501));
    gramt::widgets::WaveformView* left = panel.waveformView(0);
    QVERIFY(!left->showsEnvelope());
    // Every sample inside the view, plus the nearest one beyond each edge.
    const QCPRange shown = left->timeRange();
    const auto expected = static_cast<int>(std::ceil(shown.upper * kRate) - std::floor(shown.lower * kRate) + 2);
    QCOMPARE(left->trace()->dataCount(), expected);
    for (auto it = left->trace()->data()->constBegin(); it != left->trace()->data()->constEnd(); ++it) {
      const auto index = static_cast<size_t>(std::lround(it->key * kRate));
      QCOMPARE(it->value, double(stereo_.channels[0][index]));
    }

    // Log-mels: frames × 128 at the model's 32 kHz (1 s → 1 + 32000 / 320 frames), each frame a
    // column of cells when the whole file is in view.
    panel.timePlots()->fitTime();
    const int frames = 1 + 32000 / 320;
    for (int c = 0; c < 2; ++c) {
      gramt::widgets::SpectrogramView* view = panel.spectrogramView(c);
      QCOMPARE(view->frameCount(), frames);
      QCOMPARE(view->binCount(), 128);
      QCOMPARE(view->colourMap()->data()->keySize(), frames);
      QCOMPARE(view->colourMap()->data()->valueSize(), 128);
    }

    // The left channel's energy peaks in the mel bin centred nearest 440 Hz, in every inner frame.
    // GRAM-T's front end: 128 HTK mel bins from 50 Hz to half of 32 kHz.
    const std::vector<double> centres = gramt::workbench::mel_bin_centres_hz(50.0, 16000.0, 128);
    int nearest = 0;
    for (int b = 1; b < 128; ++b)
      if (std::abs(centres[b] - kToneHz) < std::abs(centres[nearest] - kToneHz)) nearest = b;
    QVERIFY(centres[nearest] > 400.0 && centres[nearest] < 480.0);
    gramt::widgets::SpectrogramView* left_mel = panel.spectrogramView(0);
    for (int f = 5; f < frames - 5; f += 10) {
      int peak = 0;
      for (int b = 1; b < 128; ++b)
        if (left_mel->levelAt(f, b) > left_mel->levelAt(f, peak)) peak = b;
      QVERIFY2(peak == nearest,
               qPrintable(QStringLiteral("frame %1: peak in bin %2 (%3 Hz), expected bin %4 (%5 Hz)")
                              .arg(f).arg(peak).arg(centres[peak]).arg(nearest).arg(centres[nearest])));
    }

    // The silent right channel sits at the floor, 10·log10(log offset) dB, everywhere.
    // (The HEAR log offset is float32's machine epsilon.)
    const double floor_db = 10.0 * std::log10(double(std::numeric_limits<float>::epsilon()));
    gramt::widgets::SpectrogramView* right_mel = panel.spectrogramView(1);
    QVERIFY(std::abs(right_mel->peakLevel() - floor_db) < 0.01);
    QVERIFY(left_mel->peakLevel() > floor_db + 60.0);
    // One colour scale for both, topped by the louder channel.
    QCOMPARE(right_mel->levelRange().upper, left_mel->levelRange().upper);
    QVERIFY(left_mel->levelRange().upper >= left_mel->peakLevel());
  }

  void plotsShareOneTimeAxisAndOneCursor() {
    InspectPanel panel;
    panel.resize(1000, 700);
    panel.show();
    QSignalSpy finished(&panel, &InspectPanel::loadFinished);
    QSignalSpy failed(&panel, &InspectPanel::loadFailed);
    panel.openFile(stereo_path_);
    QVERIFY(waitForLoad(panel, finished, failed));
    QCOMPARE(finished.count(), 1);

    panel.spectrogramView(1)->xAxis->setRange(0.2, 0.4);
    for (gramt::widgets::TimePlot* plot : panel.timePlots()->plots()) {
      QCOMPARE(plot->timeRange().lower, 0.2);
      QCOMPARE(plot->timeRange().upper, 0.4);
    }
    // Hovering the left log-mel shows time, frequency and level in the panel's status line. (The
    // binaural views are hidden so the log-mel is tall enough for a pixel to pick bin 16 exactly.)
    panel.setViewShown(InspectPanel::View::Ild, false);
    panel.setViewShown(InspectPanel::View::ItdCoherence, false);
    QApplication::processEvents();
    panel.timePlots()->replotNow();
    gramt::widgets::SpectrogramView* left_mel = panel.spectrogramView(0);
    const QPoint at(static_cast<int>(left_mel->xAxis->coordToPixel(0.3)),
                    static_cast<int>(left_mel->yAxis->coordToPixel(16.0)));
    QMouseEvent move(QEvent::MouseMove, QPointF(at), left_mel->mapToGlobal(QPointF(at)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(left_mel, &move);
    QVERIFY2(panel.readoutText().startsWith(QStringLiteral("Left log-mel · 0.30")), qPrintable(panel.readoutText()));
    QVERIFY2(panel.readoutText().contains(QStringLiteral("429 Hz")), qPrintable(panel.readoutText()));
    QVERIFY2(panel.readoutText().endsWith(QStringLiteral(" dB")), qPrintable(panel.readoutText()));

    panel.timePlots()->setCursorTime(0.25);
    for (gramt::widgets::TimePlot* plot : panel.timePlots()->plots()) QCOMPARE(plot->cursorTime(), 0.25);
    // Play either plays or says why it cannot (no sound device on build machines); never crashes.
    panel.play();
    QVERIFY(panel.isPlaying() || !panel.playbackMessage().isEmpty());
    panel.stop();
    QVERIFY(!panel.isPlaying());

    const QString image = dir_.filePath(QStringLiteral("view.png"));
    QString error;
    QVERIFY2(panel.exportImage(image, &error), qPrintable(error));
    const QImage saved(image);
    QCOMPARE(saved.size(), panel.timePlots()->size());
    QVERIFY(!panel.exportImage(dir_.filePath(QStringLiteral("no_such_dir/view.png")), &error));
    QVERIFY(error.contains(QStringLiteral("view.png")));
  }

  void monoFilesShowOneChannel() {
    gramt::audio::AudioBuffer mono = toneLeftSilenceRight(16000, 0.5);
    mono.channels.resize(1);
    const QString path = dir_.filePath(QStringLiteral("mono.wav"));
    gramt::audio::write_wav(path.toStdString(), mono, "pcm16");
    InspectPanel panel;
    panel.show();
    QSignalSpy finished(&panel, &InspectPanel::loadFinished);
    QSignalSpy failed(&panel, &InspectPanel::loadFailed);
    panel.openFile(path);
    QVERIFY(waitForLoad(panel, finished, failed));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(panel.waveformView(0)->title(), QStringLiteral("Mono"));
    QVERIFY(panel.waveformView(0)->isVisible());
    QVERIFY(!panel.waveformView(1)->isVisible());
    QVERIFY(!panel.spectrogramView(1)->isVisible());
    QCOMPARE(panel.spectrogramView(0)->frameCount(), 1 + 16000 / 320);
  }

  void badFilesGiveOneClearMessageAndKeepTheCurrentFile() {
    InspectPanel panel;
    panel.show();
    QSignalSpy finished(&panel, &InspectPanel::loadFinished);
    QSignalSpy failed(&panel, &InspectPanel::loadFailed);
    panel.openFile(stereo_path_);
    QVERIFY(waitForLoad(panel, finished, failed));
    QCOMPARE(finished.count(), 1);

    const QString missing = dir_.filePath(QStringLiteral("no_such_file.wav"));
    panel.openFile(missing);
    QVERIFY(waitForLoad(panel, finished, failed));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(panel.errorMessage().contains(QStringLiteral("no_such_file.wav")), qPrintable(panel.errorMessage()));
    QCOMPARE(panel.loadedPath(), stereo_path_);

    const QString text = dir_.filePath(QStringLiteral("notes.wav"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are words, not samples\n");
    file.close();
    panel.openFile(text);
    QVERIFY(QTest::qWaitFor([&] { return failed.count() == 2 && !panel.isLoading(); }, kLoadTimeoutMs));
    QVERIFY2(panel.errorMessage().contains(QStringLiteral("notes.wav")), qPrintable(panel.errorMessage()));
    QCOMPARE(failed.at(1).at(0).toString(), panel.errorMessage());
    QCOMPARE(finished.count(), 1);
    QCOMPARE(panel.loadedPath(), stereo_path_);
  }

  void chunkedLogMelEqualsOnePass() {
    std::vector<float> signal(100123);
    for (size_t i = 0; i < signal.size(); ++i)
      signal[i] = static_cast<float>(0.3 * std::sin(0.05 * i) + 0.2 * std::sin(0.0007 * i * i / 100.0));
    int64_t whole_frames = 0, chunked_frames = 0;
    const std::vector<float> whole = gramt::workbench::model_log_mel_db(signal, &whole_frames, {}, 1'000'000);
    std::vector<double> fractions;
    gramt::ProgressSink sink;
    sink.on_progress = [&](double fraction, const std::string&) { fractions.push_back(fraction); };
    const std::vector<float> chunked = gramt::workbench::model_log_mel_db(signal, &chunked_frames, sink, 37);
    QCOMPARE(whole_frames, int64_t{1 + 100123 / 320});
    QCOMPARE(chunked_frames, whole_frames);
    QCOMPARE(chunked.size(), whole.size());
    float worst = 0.0f;
    for (size_t i = 0; i < whole.size(); ++i) worst = std::max(worst, std::abs(whole[i] - chunked[i]));
    QVERIFY2(worst < 1e-3f, qPrintable(QString::number(worst)));
    // One report per chunk and a final one, never going backwards.
    QCOMPARE(fractions.size(), size_t((whole_frames + 36) / 37 + 1));
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);
  }

  void loadingStopsAtTheNextCheckpointWhenCancelled() {
    std::atomic<bool> cancel{true};
    gramt::ProgressSink sink;
    sink.cancel = &cancel;
    QVERIFY_THROWS_EXCEPTION(gramt::Cancelled, gramt::workbench::inspect_audio_file(stereo_path_.toStdString(), sink));
    QVERIFY_THROWS_EXCEPTION(gramt::Cancelled,
                             gramt::workbench::model_log_mel_db(std::vector<float>(32000, 0.0f), nullptr, sink));
  }

  void aNewFileAbandonsTheOneStillLoading() {
    InspectPanel panel;
    QSignalSpy finished(&panel, &InspectPanel::loadFinished);
    QSignalSpy failed(&panel, &InspectPanel::loadFailed);
    panel.openFile(dir_.filePath(QStringLiteral("also_missing.wav")));
    panel.openFile(stereo_path_);
    QVERIFY(waitForLoad(panel, finished, failed));
    QTest::qWait(50);  // let any stray report from the abandoned load arrive
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toString(), stereo_path_);
  }
};

QTEST_MAIN(InspectPanelTest)
#include "inspect_panel_test.moc"
