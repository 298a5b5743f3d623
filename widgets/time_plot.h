#pragma once
// A plot whose horizontal axis is time in seconds: the common ground of waveform and spectrogram
// views. It zooms and pans in time only, draws a playback cursor, reports what the mouse hovers,
// and keeps fixed left/right margins so plots stacked above each other line up exactly.
#include <qcustomplot.h>

#include "widgets/hover_readout.h"

namespace gramt::widgets {

class TimePlot : public QCustomPlot {
  Q_OBJECT

 public:
  // Room for the value axis labels on the left and for a colour bar (or nothing) on the right.
  static constexpr int kLeftMargin = 64;
  static constexpr int kRightMargin = 4;  // between the plot area and the gutter
  static constexpr int kRightGutter = 80;

  explicit TimePlot(QWidget* parent = nullptr);

  // Seconds covered by the data; QCPRange() (0..0) when the plot is empty.
  virtual QCPRange dataTimeSpan() const = 0;

  QCPRange timeRange() const { return xAxis->range(); }
  void setTimeRange(const QCPRange& range);

  // Vertical line at `seconds`; NaN hides it.
  void setCursorTime(double seconds);
  double cursorTime() const { return cursor_seconds_; }
  void setCursorColour(const QColor& colour);
  QColor cursorColour() const;
  bool cursorVisible() const;

  // Name shown in the plot's top-left corner and used in hover read-outs.
  void setTitle(const QString& title);
  QString title() const { return title_; }

  // Only the bottom plot of a stack shows time tick labels and the axis title.
  void setTimeLabelsVisible(bool visible);

  // What the plot shows at a position in plot coordinates (seconds, value-axis coordinate).
  virtual HoverReadout readoutAt(double seconds, double value) const = 0;

 signals:
  void timeRangeChanged(const QCPRange& range);
  void hovered(const gramt::widgets::HoverReadout& readout);
  void hoverLeft();
  void clicked(double seconds);  // press and release without dragging: a seek request
  void fitRequested();           // double click

 protected:
  // Width of the plot area in pixels. The margins are fixed, so it follows from the widget's width
  // without waiting for QCustomPlot's next layout pass (which a resize only queues).
  int plotAreaWidth() const;

  // Puts `element` (a colour bar, say) in the right gutter; the plot owns it afterwards.
  void setRightGutterElement(QCPLayoutElement* element);

  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  QCPItemStraightLine* cursor_ = nullptr;
  QCPItemText* title_item_ = nullptr;
  QString title_;
  double cursor_seconds_;
  QPoint press_position_;
  bool pressed_ = false;
};

}  // namespace gramt::widgets
