// WaveformView, SpectrogramView and the hertz ticker on their own: what they plot from plain data.
#include <QtTest>

#include <cmath>

#include "widgets/bin_frequency_ticker.h"
#include "widgets/colour_map.h"
#include "widgets/spectrogram_view.h"
#include "widgets/waveform_view.h"

using namespace gramt::widgets;

class TimePlotViewsTest : public QObject {
  Q_OBJECT

 private slots:
  void waveformDrawsAnEnvelopeWhenZoomedOutAndSamplesWhenZoomedIn() {
    // 10 s at 10 kHz: a ramp from -0.8 to 0.6, so every sample value is distinct and known.
    const int n = 100000;
    auto samples = std::make_shared<std::vector<float>>(n);
    for (int i = 0; i < n; ++i) (*samples)[i] = -0.8f + 1.4f * i / (n - 1);
    WaveformView view;
    view.resize(800, 200);
    view.show();
    view.setSignal(samples, 10000.0);
    QCOMPARE(view.dataTimeSpan().lower, 0.0);
    QCOMPARE(view.dataTimeSpan().upper, 10.0);

    view.setTimeRange(QCPRange(0.0, 10.0));
    view.replot();
    QVERIFY(view.showsEnvelope());
    const int columns = view.axisRect()->width();
    QVERIFY(columns > 100);
    QVERIFY(view.trace()->dataCount() <= 2 * (columns + 16));
    bool found = false;
    const QCPRange values = view.trace()->data()->valueRange(found);
    QVERIFY(found);
    QCOMPARE(values.lower, double(-0.8f));
    QCOMPARE(values.upper, double((*samples)[n - 1]));

    // 0.01 s = 100 samples: each sample is drawn, with one neighbour beyond each edge.
    view.setTimeRange(QCPRange(2.0, 2.01));
    QVERIFY(!view.showsEnvelope());
    const QCPRange shown = view.timeRange();
    QCOMPARE(view.trace()->dataCount(),
             static_cast<int>(std::ceil(shown.upper * 10000.0) - std::floor(shown.lower * 10000.0) + 2));
    const QCPGraphData first = *view.trace()->data()->constBegin();
    const int index = static_cast<int>(std::lround(first.key * 10000.0));
    QCOMPARE(first.value, double((*samples)[index]));
  }

  void waveformReadoutGivesThePeakLevelInDbfs() {
    auto samples = std::make_shared<std::vector<float>>(48000, 0.5f);
    WaveformView view;
    view.resize(600, 200);
    view.setSignal(samples, 48000.0);
    view.setTitle(QStringLiteral("Left"));
    view.setTimeRange(QCPRange(0.0, 1.0));
    const HoverReadout readout = view.readoutAt(0.5, 0.0);
    QCOMPARE(readout.source, QStringLiteral("Left"));
    QCOMPARE(readout.seconds, 0.5);
    QVERIFY(std::abs(readout.level_db - 20.0 * std::log10(0.5)) < 1e-4);
    QVERIFY(!readout.hasFrequency());
    QVERIFY(readout.text().contains(QStringLiteral("dBFS")));
  }

  void spectrogramMapsFramesAndBinsToCells() {
    const int frames = 10, bins = 4;
    std::vector<float> levels(frames * bins);
    for (int f = 0; f < frames; ++f)
      for (int b = 0; b < bins; ++b) levels[f * bins + b] = float(-10 * b + f);
    SpectrogramView view;
    view.resize(600, 300);
    view.setLevels(levels, frames, bins, 0.01);
    QCOMPARE(view.colourMap()->data()->keySize(), frames);
    QCOMPARE(view.colourMap()->data()->valueSize(), bins);
    QCOMPARE(view.levelAt(3, 2), -17.0);
    QCOMPARE(view.peakLevel(), 9.0);
    // Cells are centred on frame times: frame 0 at 0 s reaches back half a period.
    QCOMPARE(view.dataTimeSpan().lower, -0.005);
    QCOMPARE(view.dataTimeSpan().upper, 0.095);
    // Low bins at the bottom: bin 0 at the lower end of the value axis.
    QVERIFY(view.yAxis->range().lower < 0.0 && view.yAxis->range().upper > bins - 1);
    QVERIFY(!view.yAxis->rangeReversed());

    view.setLevelRange(-40.0, 10.0);
    QCOMPARE(view.levelRange().lower, -40.0);
    QCOMPARE(view.colourScale()->dataRange().upper, 10.0);

    HoverReadout readout = view.readoutAt(0.031, 1.2);  // frame 3, bin 1
    QCOMPARE(readout.level_db, -7.0);
    QCOMPARE(readout.frequency_text, QStringLiteral("bin 1"));
    view.setBinFrequencies({100.0, 200.0, 400.0, 800.0});
    readout = view.readoutAt(0.031, 1.2);
    QCOMPARE(readout.frequency_hz, 200.0);
    QVERIFY(readout.text().contains(QStringLiteral("200 Hz")));
  }

  void longSpectrogramsPoolFramesWhenZoomedOutAndKeepPeaks() {
    const int frames = 20000, bins = 8;
    std::vector<float> levels(frames * bins, -20.0f);
    levels[12345 * bins + 3] = 50.0f;  // one loud cell must survive pooling
    SpectrogramView view;
    view.resize(600, 300);
    view.setLevels(levels, frames, bins, 0.01);
    view.setTimeRange(view.dataTimeSpan());
    QCPColorMapData* data = view.colourMap()->data();
    const int columns = 600 - TimePlot::kLeftMargin - TimePlot::kRightMargin - TimePlot::kRightGutter;
    QVERIFY(view.framesPerCell() > 1);
    QVERIFY2(data->keySize() <= 2 * columns + 1, qPrintable(QString::number(data->keySize())));
    QCOMPARE(data->valueSize(), bins);
    double loudest = -100.0;
    for (int k = 0; k < data->keySize(); ++k) loudest = std::max(loudest, data->cell(k, 3));
    QCOMPARE(loudest, 50.0);
    // The pooled cell holding frame 12345 sits where that frame is on the time axis.
    int key = 0, value = 0;
    data->coordToCell(123.45, 3.0, &key, &value);
    QCOMPARE(data->cell(key, 3), 50.0);

    // Zoomed in to one second, every frame is a cell again, with its exact level.
    view.setTimeRange(QCPRange(123.0, 124.0));
    QCOMPARE(view.framesPerCell(), 1);
    QVERIFY(data->keySize() >= 100 && data->keySize() <= 104);
    data->coordToCell(123.45, 3.0, &key, &value);
    QCOMPARE(data->cell(key, 3), 50.0);
    data->coordToCell(123.46, 3.0, &key, &value);
    QCOMPARE(data->cell(key, 3), -20.0);
    QCOMPARE(view.levelAt(12345, 3), 50.0);
  }

  void cursorIsDrawnOnTopOfTheColourMap() {
    SpectrogramView view;
    view.resize(600, 300);
    view.setLevels(std::vector<float>(100 * 16, 0.0f), 100, 16, 0.01);
    view.setLevelRange(-10.0, 0.0);  // every cell at the top colour of the map
    view.setTimeRange(view.dataTimeSpan());
    view.setCursorTime(0.5);
    view.replot();
    const QImage image = view.toPixmap().toImage();
    const int x = static_cast<int>(std::lround(view.xAxis->coordToPixel(0.5)));
    const int y = view.axisRect()->rect().center().y();
    const QColor cursor = view.cursorColour();
    bool seen = false;
    for (int dx = -1; dx <= 1; ++dx) {
      const QColor pixel = image.pixelColor(x + dx, y);
      seen = seen || (std::abs(pixel.red() - cursor.red()) < 40 && std::abs(pixel.green() - cursor.green()) < 40 &&
                      std::abs(pixel.blue() - cursor.blue()) < 40);
    }
    QVERIFY2(seen, qPrintable(image.pixelColor(x, y).name()));
  }

  void colourMapsGiveTheirCursorColourToTheSpectrogram() {
    SpectrogramView view;
    for (const ColourMap& map : colourMaps()) {
      view.setColourMap(map);
      QCOMPARE(view.cursorColour(), map.contrasting);
    }
    QCOMPARE(colourMapNamed(QStringLiteral("no such map")).name, colourMaps().front().name);
  }

  void hertzTickerPlacesRoundFrequenciesAtTheirBinPositions() {
    BinFrequencyTicker ticker({50.0, 100.0, 200.0, 400.0, 800.0, 1600.0});
    QCOMPARE(ticker.binOf(100.0), 1.0);
    QCOMPARE(ticker.binOf(300.0), 2.5);
    QCOMPARE(ticker.hzAt(2.5), 300.0);
    QVector<double> ticks;
    QVector<QString> labels;
    ticker.setTickCount(8);
    ticker.generate(QCPRange(-0.5, 5.5), QLocale::c(), QLatin1Char('g'), 6, ticks, nullptr, &labels);
    // 50, 100, 200, 500, 1000 lie inside 50..1600 Hz.
    QCOMPARE(labels, (QVector<QString>{"50", "100", "200", "500", "1k"}));
    QCOMPARE(ticks[3], ticker.binOf(500.0));
  }
};

QTEST_MAIN(TimePlotViewsTest)
#include "time_plot_views_test.moc"
