// WaveformView, SpectrogramView, the hertz ticker and SphereMapView on their own: what they plot
// from plain data.
#include <QtTest>

#include <cmath>

#include "widgets/bin_frequency_ticker.h"
#include "widgets/colour_map.h"
#include "widgets/spectrogram_view.h"
#include "widgets/sphere_map_view.h"
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

  void linearBinScaleNamesTheQuantityAndItsValues() {
    // 72 azimuth sectors of 5° from −180°: bin i is centred on −177.5° + 5°·i.
    SpectrogramView view;
    view.resize(600, 300);
    view.show();
    view.setLinearBinScale(-177.5, 5.0, 90.0, QStringLiteral("Azimuth"), QStringLiteral("°"));
    view.setLevels(std::vector<float>(10 * 72, -3.0f), 10, 72, 0.01);
    QCOMPARE(view.yAxis->label(), QStringLiteral("Azimuth (°)"));
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(view.yAxis->ticker());
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().value(35.5), QStringLiteral("0"));    // 0° sits between bins 35 and 36
    QCOMPARE(ticker->ticks().value(53.5), QStringLiteral("90"));
    const HoverReadout readout = view.readoutAt(0.05, 36);
    QCOMPARE(readout.frequency_text, QStringLiteral("azimuth 2.5°"));
    // Switching the frequency axis does not take the scale away.
    view.setFrequencyAxis(SpectrogramView::FrequencyAxis::Bin);
    QCOMPARE(view.yAxis->label(), QStringLiteral("Azimuth (°)"));
    view.setLevelUnit(QStringLiteral("° azimuth"));
    QVERIFY(view.readoutAt(0.05, 36).text().endsWith(QStringLiteral("-3.0 ° azimuth")));
  }

  void middlePoolingKeepsAnglesThatWrapInsteadOfAveragingThem() {
    // Frames alternate between 179° and −179°: a mean would say 0° (the front), the middle frame
    // keeps a real value near the back.
    const int frames = 20000;
    std::vector<float> azimuths(frames);
    for (int f = 0; f < frames; ++f) azimuths[static_cast<size_t>(f)] = f % 2 == 0 ? 179.0f : -179.0f;
    SpectrogramView view;
    view.resize(400, 200);
    view.show();
    view.setPooling(SpectrogramView::Pooling::Middle);
    view.setLevels(std::move(azimuths), frames, 1, 0.01);
    view.setTimeRange(QCPRange(0.0, frames * 0.01));
    QVERIFY(view.framesPerCell() > 1);
    QCPColorMapData* data = view.colourMap()->data();
    for (int k = 0; k < data->keySize(); ++k) QVERIFY(std::abs(data->cell(k, 0)) > 178.0);
  }

  void sphereMapMarksTheStrongestDirectionInDecibels() {
    SphereMapView view;
    view.resize(500, 300);
    view.show();
    QVERIFY(!view.hasData());
    QVERIFY(std::isnan(view.levelAt(0, 0)));
    // 36 × 18 cells of 10°: the strongest at column 27 (azimuth 90..100°), row 10 (elevation 10..20°).
    std::vector<double> energy(36 * 18, 0.0);
    energy[10 * 36 + 27] = 100.0;
    energy[9 * 36 + 0] = 1.0;  // 20 dB weaker, at −180..−170°, 0..10°
    view.setEnergy(energy, 36, 18);
    view.setCaption(QStringLiteral("Energy on the sphere, 0.00–1.00 s"));
    QVERIFY(view.hasData());
    QCOMPARE(view.strongestDirection(), QPointF(95.0, 15.0));
    QCOMPARE(view.levelAt(95.0, 15.0), 0.0);
    QVERIFY(std::abs(view.levelAt(-175.0, 5.0) + 20.0) < 1e-9);
    QVERIFY(std::isinf(view.levelAt(0.0, 0.0)));
    QCOMPARE(view.caption(), QStringLiteral("Energy on the sphere, 0.00–1.00 s"));
    // The listener's left is on the left of the picture.
    QVERIFY(view.xAxis->rangeReversed());
    QVERIFY(view.xAxis->coordToPixel(90.0) < view.xAxis->coordToPixel(-90.0));
    // Bad sizes clear the map instead of reading past the data.
    view.setEnergy(std::vector<double>(5, 1.0), 36, 18);
    QVERIFY(!view.hasData());
  }
};

QTEST_MAIN(TimePlotViewsTest)
#include "time_plot_views_test.moc"
