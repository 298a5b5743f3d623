// StackedTimePlots: one time axis for all plots, one cursor, hover read-outs and click-to-seek.
#include <QtTest>

#include <cmath>

#include "widgets/spectrogram_view.h"
#include "widgets/stacked_time_plots.h"
#include "widgets/waveform_view.h"

using namespace gramt::widgets;

namespace {

void sendMouse(QWidget* widget, QEvent::Type type, QPoint pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
  QMouseEvent event(type, QPointF(pos), widget->mapToGlobal(QPointF(pos)), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

}  // namespace

class StackedTimePlotsTest : public QObject {
  Q_OBJECT

 private:
  StackedTimePlots* stack_ = nullptr;
  WaveformView* top_ = nullptr;
  WaveformView* middle_ = nullptr;
  SpectrogramView* bottom_ = nullptr;

 private slots:
  void init() {
    stack_ = new StackedTimePlots;
    stack_->resize(900, 600);
    top_ = new WaveformView;
    middle_ = new WaveformView;
    bottom_ = new SpectrogramView;
    // 2 s of audio at 8 kHz, and 201 spectrogram frames 10 ms apart (centred, 0..2 s).
    auto samples = std::make_shared<std::vector<float>>(16000, 0.25f);
    top_->setSignal(samples, 8000.0);
    middle_->setSignal(samples, 8000.0);
    bottom_->setLevels(std::vector<float>(201 * 8, -20.0f), 201, 8, 0.01);
    stack_->addPlot(top_);
    stack_->addPlot(middle_);
    stack_->addPlot(bottom_, 2);
    stack_->show();
    QVERIFY(QTest::qWaitForWindowExposed(stack_));
    stack_->fitTime();
    stack_->replotNow();
  }

  void cleanup() { delete stack_; }

  void fitShowsTheUnionOfAllDataSpans() {
    QCOMPARE(stack_->dataTimeSpan().lower, -0.005);
    QCOMPARE(stack_->dataTimeSpan().upper, 2.005);
    for (TimePlot* plot : stack_->plots()) {
      QCOMPARE(plot->timeRange().lower, -0.005);
      QCOMPARE(plot->timeRange().upper, 2.005);
    }
  }

  void zoomingOnePlotMovesAllOfThem() {
    QSignalSpy spy(stack_, &StackedTimePlots::timeRangeChanged);
    middle_->xAxis->setRange(0.5, 0.7);
    QCOMPARE(spy.count(), 1);
    for (TimePlot* plot : stack_->plots()) {
      QCOMPARE(plot->timeRange().lower, 0.5);
      QCOMPARE(plot->timeRange().upper, 0.7);
    }
    QCOMPARE(stack_->timeRange().upper, 0.7);
  }

  void wheelOverOnePlotZoomsEveryPlot() {
    const QRect area = top_->axisRect()->rect();
    QVERIFY(area.width() > 100);
    const QPointF at(area.center());
    QWheelEvent wheel(at, top_->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(top_, &wheel);
    const double width = bottom_->timeRange().size();
    QVERIFY2(width < 2.0, qPrintable(QString::number(width)));
    QCOMPARE(middle_->timeRange().size(), width);
    QCOMPARE(top_->timeRange().size(), width);
  }

  void rangesStayInsideTheData() {
    stack_->setTimeRange(QCPRange(-5.0, 100.0));
    QCOMPARE(stack_->timeRange().lower, -0.005);
    QCOMPARE(stack_->timeRange().upper, 2.005);
    stack_->setTimeRange(QCPRange(1.9, 2.5));  // panned past the end: slides back, keeps its width
    QCOMPARE(stack_->timeRange().upper, 2.005);
    QVERIFY(std::abs(stack_->timeRange().size() - 0.6) < 1e-9);
    stack_->setTimeRange(QCPRange(1.0, 1.0 + 1e-7));
    QVERIFY(std::abs(top_->timeRange().size() - StackedTimePlots::kMinimumSpan) < 1e-12);
  }

  void cursorRunsThroughEveryPlotAndPagesTheViewToStayVisible() {
    stack_->setTimeRange(QCPRange(0.0, 0.2));
    stack_->setCursorTime(0.1);
    for (TimePlot* plot : stack_->plots()) {
      QCOMPARE(plot->cursorTime(), 0.1);
      QVERIFY(plot->cursorVisible());
    }
    QCOMPARE(stack_->timeRange().lower, 0.0);  // visible already: the view stays put

    stack_->setCursorTime(1.5);
    QVERIFY(stack_->timeRange().contains(1.5));
    QVERIFY(std::abs(stack_->timeRange().size() - 0.2) < 1e-9);
    QCOMPARE(top_->timeRange().lower, stack_->timeRange().lower);

    stack_->setAutoScroll(false);
    stack_->setCursorTime(0.05);
    QVERIFY(!stack_->timeRange().contains(0.05));

    stack_->setCursorTime(std::nan(""));
    for (TimePlot* plot : stack_->plots()) QVERIFY(!plot->cursorVisible());
  }

  void hoverReportsTimeAndLevelAndAClickRequestsASeek() {
    const QRect area = bottom_->axisRect()->rect();
    const QPoint at(area.left() + area.width() / 4, area.center().y());
    const double seconds = bottom_->xAxis->pixelToCoord(at.x());

    QSignalSpy hovered(stack_, &StackedTimePlots::hovered);
    sendMouse(bottom_, QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 1);
    const auto readout = hovered.at(0).at(0).value<HoverReadout>();
    QCOMPARE(readout.seconds, seconds);
    QCOMPARE(readout.level_db, -20.0);
    QVERIFY(readout.hasFrequency());

    QSignalSpy seek(stack_, &StackedTimePlots::seekRequested);
    sendMouse(bottom_, QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    sendMouse(bottom_, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
    QCOMPARE(seek.count(), 1);
    QCOMPARE(seek.at(0).at(0).toDouble(), seconds);
  }

  void onlyTheLowestVisiblePlotCarriesTimeLabels() {
    QVERIFY(bottom_->xAxis->tickLabels());
    QVERIFY(!top_->xAxis->tickLabels());
    stack_->setPlotVisible(bottom_, false);
    QVERIFY(middle_->xAxis->tickLabels());
    QVERIFY(!bottom_->xAxis->tickLabels());
  }

  void plotsLineUpAtTheSamePixelColumns() {
    const QRect a = top_->axisRect()->rect();
    const QRect b = bottom_->axisRect()->rect();
    QCOMPARE(a.left(), b.left());
    QCOMPARE(a.right(), b.right());
    QCOMPARE(top_->xAxis->coordToPixel(1.0), bottom_->xAxis->coordToPixel(1.0));
  }
};

QTEST_MAIN(StackedTimePlotsTest)
#include "stacked_time_plots_test.moc"
