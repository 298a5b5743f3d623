#pragma once
// Directions of arrival seen from above: the listener at the centre, the front at the top and the
// left on the left (azimuth counter-clockwise from the front). Each clip's true direction sits on
// the outer ring and its prediction on the inner ring, joined by a line, so errors read as slanted
// spokes and front–back confusions as lines across the circle. A click picks the nearest clip.
#include <QWidget>

#include <vector>

namespace gramt::widgets {

struct DirectionPair {
  double true_azimuth_deg = 0, predicted_azimuth_deg = 0;  // NaN: not drawn
  double error_deg = 0;                                    // colours the joining line
};

class PolarDirectionsView : public QWidget {
  Q_OBJECT

 public:
  explicit PolarDirectionsView(QWidget* parent = nullptr);

  void setDirections(std::vector<DirectionPair> pairs);
  const std::vector<DirectionPair>& directions() const { return pairs_; }
  void setSelected(int index);  // -1: none
  int selected() const { return selected_; }
  // Index of the clip whose true or predicted point is nearest to pos (within 12 px), else -1.
  int clipAt(const QPoint& pos) const;
  QSize minimumSizeHint() const override { return {220, 220}; }

 signals:
  void clipClicked(int index);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  QPointF pointAt(double azimuth_deg, double radius_share) const;

  std::vector<DirectionPair> pairs_;
  int selected_ = -1;
};

}  // namespace gramt::widgets
