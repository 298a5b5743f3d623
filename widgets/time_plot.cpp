#include "widgets/time_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gramt::widgets {

namespace {

// A press that moves less than this (pixels) before release is a click, not a drag.
constexpr int kClickSlop = 4;

void fixWidth(QCPLayoutElement* element, int width) {
  element->setMinimumSize(width, 0);
  element->setMaximumSize(width, QWIDGETSIZE_MAX);
}

}  // namespace

TimePlot::TimePlot(QWidget* parent) : QCustomPlot(parent), cursor_seconds_(std::numeric_limits<double>::quiet_NaN()) {
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  axisRect()->setRangeDrag(Qt::Horizontal);
  axisRect()->setRangeZoom(Qt::Horizontal);
  axisRect()->setRangeZoomAxes(xAxis, nullptr);
  axisRect()->setRangeDragAxes(xAxis, nullptr);
  axisRect()->setAutoMargins(QCP::msTop | QCP::msBottom);
  axisRect()->setMargins(QMargins(kLeftMargin, 0, kRightMargin, 0));
  axisRect()->setMinimumMargins(QMargins(0, 6, 0, 4));
  plotLayout()->setColumnSpacing(0);
  setRightGutterElement(new QCPLayoutElement(this));
  setMinimumHeight(60);
  setMouseTracking(true);  // hover read-outs without a button held

  xAxis->setRange(0.0, 1.0);
  xAxis->setLabel(tr("Time (s)"));

  // Cursor and title live on a layer above the data, so colour maps added later never hide them.
  addLayer(QStringLiteral("markers"), layer(QStringLiteral("main")), QCustomPlot::limAbove);

  cursor_ = new QCPItemStraightLine(this);
  cursor_->setLayer(QStringLiteral("markers"));
  cursor_->setPen(QPen(QColor(0xd0, 0x20, 0x20), 1.5));
  cursor_->setVisible(false);
  cursor_->setSelectable(false);

  title_item_ = new QCPItemText(this);
  title_item_->setLayer(QStringLiteral("markers"));
  title_item_->position->setType(QCPItemPosition::ptAxisRectRatio);
  title_item_->position->setCoords(0.005, 0.02);
  title_item_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  title_item_->setBrush(QColor(255, 255, 255, 200));
  title_item_->setPadding(QMargins(3, 1, 3, 1));
  title_item_->setSelectable(false);
  title_item_->setVisible(false);

  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
          [this](const QCPRange& range) { emit timeRangeChanged(range); });
}

void TimePlot::setTimeRange(const QCPRange& range) {
  xAxis->setRange(range);
  replot(rpQueuedReplot);
}

void TimePlot::setCursorTime(double seconds) {
  cursor_seconds_ = seconds;
  const bool visible = !std::isnan(seconds);
  cursor_->setVisible(visible);
  if (visible) {
    cursor_->point1->setCoords(seconds, 0.0);
    cursor_->point2->setCoords(seconds, 1.0);
  }
  replot(rpQueuedReplot);
}

void TimePlot::setCursorColour(const QColor& colour) {
  cursor_->setPen(QPen(colour, 1.5));
  replot(rpQueuedReplot);
}

QColor TimePlot::cursorColour() const { return cursor_->pen().color(); }

bool TimePlot::cursorVisible() const { return cursor_->visible(); }

void TimePlot::setTitle(const QString& title) {
  title_ = title;
  title_item_->setText(title);
  title_item_->setVisible(!title.isEmpty());
  replot(rpQueuedReplot);
}

void TimePlot::setTimeLabelsVisible(bool visible) {
  xAxis->setTickLabels(visible);
  xAxis->setLabel(visible ? tr("Time (s)") : QString());
  replot(rpQueuedReplot);
}

int TimePlot::plotAreaWidth() const { return std::max(width() - kLeftMargin - kRightMargin - kRightGutter, 16); }

void TimePlot::setRightGutterElement(QCPLayoutElement* element) {
  if (plotLayout()->columnCount() > 1)
    if (QCPLayoutElement* old = plotLayout()->element(0, 1)) plotLayout()->remove(old);
  plotLayout()->addElement(0, 1, element);
  fixWidth(element, kRightGutter);
}

void TimePlot::mousePressEvent(QMouseEvent* event) {
  pressed_ = event->button() == Qt::LeftButton;
  press_position_ = event->pos();
  QCustomPlot::mousePressEvent(event);
}

void TimePlot::mouseReleaseEvent(QMouseEvent* event) {
  const bool was_click = pressed_ && event->button() == Qt::LeftButton &&
                         (event->pos() - press_position_).manhattanLength() <= kClickSlop &&
                         axisRect()->rect().contains(event->pos());
  pressed_ = false;
  QCustomPlot::mouseReleaseEvent(event);
  if (was_click) emit clicked(xAxis->pixelToCoord(event->pos().x()));
}

void TimePlot::mouseMoveEvent(QMouseEvent* event) {
  QCustomPlot::mouseMoveEvent(event);
  if (axisRect()->rect().contains(event->pos())) {
    emit hovered(readoutAt(xAxis->pixelToCoord(event->pos().x()), yAxis->pixelToCoord(event->pos().y())));
  } else {
    emit hoverLeft();
  }
}

void TimePlot::mouseDoubleClickEvent(QMouseEvent* event) {
  QCustomPlot::mouseDoubleClickEvent(event);
  if (event->button() == Qt::LeftButton) emit fitRequested();
}

void TimePlot::leaveEvent(QEvent* event) {
  QCustomPlot::leaveEvent(event);
  emit hoverLeft();
}

}  // namespace gramt::widgets
