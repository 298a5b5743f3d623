#include "widgets/polar_directions_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace gramt::widgets {
namespace {

constexpr double kTrueRing = 0.92, kPredictedRing = 0.62;
constexpr double kPi = 3.14159265358979323846;

// Small errors green, 90° and more red: the eye finds the bad clips first.
QColor errorColour(double error_deg, int alpha) {
  const double t = std::clamp(std::isfinite(error_deg) ? error_deg / 90.0 : 1.0, 0.0, 1.0);
  return QColor::fromRgbF(0.15 + 0.75 * t, 0.6 - 0.45 * t, 0.2, alpha / 255.0);
}

}  // namespace

PolarDirectionsView::PolarDirectionsView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PolarDirectionsView::setDirections(std::vector<DirectionPair> pairs) {
  pairs_ = std::move(pairs);
  selected_ = -1;
  update();
}

void PolarDirectionsView::setSelected(int index) {
  selected_ = index;
  update();
}

QPointF PolarDirectionsView::pointAt(double azimuth_deg, double radius_share) const {
  const double radius = 0.5 * std::min(width(), height()) - 24;
  const QPointF centre(width() / 2.0, height() / 2.0);
  const double a = azimuth_deg * kPi / 180.0;
  // Front (0°) up, left (90°) to the left: x = −sin, y = −cos in screen coordinates.
  return centre + QPointF(-std::sin(a), -std::cos(a)) * radius * radius_share;
}

int PolarDirectionsView::clipAt(const QPoint& pos) const {
  int best = -1;
  double best_distance = 12.0;
  for (int i = 0; i < static_cast<int>(pairs_.size()); ++i) {
    const DirectionPair& p = pairs_[static_cast<size_t>(i)];
    for (const QPointF& q : {pointAt(p.true_azimuth_deg, kTrueRing), pointAt(p.predicted_azimuth_deg, kPredictedRing)}) {
      const double d = std::hypot(q.x() - pos.x(), q.y() - pos.y());
      if (std::isfinite(d) && d < best_distance) {
        best_distance = d;
        best = i;
      }
    }
  }
  return best;
}

void PolarDirectionsView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), Qt::white);
  painter.setRenderHint(QPainter::Antialiasing, true);
  const QPointF centre(width() / 2.0, height() / 2.0);
  const double radius = 0.5 * std::min(width(), height()) - 24;
  painter.setPen(QPen(QColor(200, 200, 200), 1));
  for (double share : {kPredictedRing, kTrueRing}) painter.drawEllipse(centre, radius * share, radius * share);
  for (int a = 0; a < 360; a += 30) painter.drawLine(centre, pointAt(a, 1.0));
  painter.setPen(QColor(60, 60, 60));
  const std::pair<int, const char*> labels[] = {{0, "0° front"}, {90, "90° left"}, {180, "180° back"}, {270, "270° right"}};
  for (const auto& [angle, text] : labels) {
    const QPointF at = pointAt(angle, 1.0);
    const QRectF box(at.x() - 50, at.y() - 10, 100, 20);
    painter.drawText(box.translated(angle == 90 ? 30 : angle == 270 ? -30 : 0, angle == 0 ? -6 : angle == 180 ? 6 : 0),
                     Qt::AlignCenter, QString::fromUtf8(text));
  }
  // Many clips: thin translucent lines, so density shows; the selected clip on top, bold.
  const int alpha = pairs_.size() > 2000 ? 40 : pairs_.size() > 200 ? 90 : 170;
  for (size_t i = 0; i < pairs_.size(); ++i) {
    const DirectionPair& p = pairs_[i];
    if (!std::isfinite(p.true_azimuth_deg) || !std::isfinite(p.predicted_azimuth_deg)) continue;
    painter.setPen(QPen(errorColour(p.error_deg, alpha), 1));
    painter.drawLine(pointAt(p.true_azimuth_deg, kTrueRing), pointAt(p.predicted_azimuth_deg, kPredictedRing));
  }
  painter.setPen(Qt::NoPen);
  for (const DirectionPair& p : pairs_) {
    if (!std::isfinite(p.true_azimuth_deg)) continue;
    painter.setBrush(QColor(30, 110, 40, std::min(255, alpha + 60)));
    painter.drawEllipse(pointAt(p.true_azimuth_deg, kTrueRing), 3, 3);
    if (!std::isfinite(p.predicted_azimuth_deg)) continue;
    painter.setBrush(QColor(40, 70, 200, std::min(255, alpha + 60)));
    painter.drawEllipse(pointAt(p.predicted_azimuth_deg, kPredictedRing), 3, 3);
  }
  if (selected_ >= 0 && selected_ < static_cast<int>(pairs_.size())) {
    const DirectionPair& p = pairs_[static_cast<size_t>(selected_)];
    painter.setPen(QPen(QColor(0, 0, 0), 3));
    painter.drawLine(pointAt(p.true_azimuth_deg, kTrueRing), pointAt(p.predicted_azimuth_deg, kPredictedRing));
    painter.setPen(QPen(QColor(0, 180, 230), 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(pointAt(p.true_azimuth_deg, kTrueRing), 7, 7);
    painter.drawEllipse(pointAt(p.predicted_azimuth_deg, kPredictedRing), 7, 7);
  }
  painter.setPen(QColor(60, 60, 60));
  painter.drawText(QRectF(6, height() - 40, width() - 12, 36), Qt::AlignLeft | Qt::AlignBottom,
                   tr("● outer ring: true (green) · inner ring: predicted (blue)\nline colour: angular error, green small → red ≥ 90°"));
}

void PolarDirectionsView::mousePressEvent(QMouseEvent* event) {
  const int index = clipAt(event->pos());
  if (index < 0) return;
  setSelected(index);
  emit clipClicked(index);
}

}  // namespace gramt::widgets
