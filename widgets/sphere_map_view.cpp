#include "widgets/sphere_map_view.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gramt::widgets {

namespace {

// Azimuth ticks named by where they point, so the reversed axis needs no explanation.
QSharedPointer<QCPAxisTickerText> azimuthTicker() {
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  ticker->addTick(180, QObject::tr("180° back"));
  ticker->addTick(90, QObject::tr("90° left"));
  ticker->addTick(0, QObject::tr("0° front"));
  ticker->addTick(-90, QObject::tr("−90° right"));
  ticker->addTick(-180, QObject::tr("−180° back"));
  ticker->setSubTickCount(1);
  return ticker;
}

QSharedPointer<QCPAxisTickerText> elevationTicker() {
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int e = -90; e <= 90; e += 45) ticker->addTick(e, QStringLiteral("%1°").arg(e));
  ticker->setSubTickCount(2);
  return ticker;
}

}  // namespace

SphereMapView::SphereMapView(QWidget* parent) : QCustomPlot(parent) {
  auto* title = new QCPTextElement(this, QString(), QFont(font().family(), font().pointSize(), QFont::Bold));
  plotLayout()->insertRow(0);
  plotLayout()->addElement(0, 0, title);

  xAxis->setRange(-180, 180);
  xAxis->setRangeReversed(true);  // +180 (behind, via the left) at the left edge: the left is on the left
  xAxis->setTicker(azimuthTicker());
  xAxis->setLabel(tr("Azimuth (counter-clockwise from the front)"));
  yAxis->setRange(-90, 90);
  yAxis->setTicker(elevationTicker());
  yAxis->setLabel(tr("Elevation"));

  map_ = new QCPColorMap(xAxis, yAxis);
  map_->setInterpolate(false);
  map_->setTightBoundary(true);
  scale_ = new QCPColorScale(this);
  scale_->setType(QCPAxis::atRight);
  scale_->setBarWidth(10);
  scale_->axis()->setLabel(tr("dB (0 = strongest)"));
  plotLayout()->addElement(1, 1, scale_);
  map_->setColorScale(scale_);
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);

  marker_ = addGraph();
  marker_->setLineStyle(QCPGraph::lsNone);
  marker_->setName(tr("strongest"));

  setColourMap(colourMaps().front());
  setDynamicRange(dynamic_range_db_);
  setMouseTracking(true);
  clear();
}

void SphereMapView::setColourMap(const ColourMap& map) {
  map_->setGradient(map.gradient);
  marker_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCrossCircle, QPen(map.contrasting, 2), Qt::NoBrush, 14));
  replot(rpQueuedReplot);
}

void SphereMapView::setDynamicRange(double db) {
  dynamic_range_db_ = std::max(1.0, db);
  map_->setDataRange(QCPRange(-dynamic_range_db_, 0.0));
  replot(rpQueuedReplot);
}

void SphereMapView::setCaption(const QString& text) {
  if (auto* title = qobject_cast<QCPTextElement*>(plotLayout()->element(0, 0))) title->setText(text);
  replot(rpQueuedReplot);
}

QString SphereMapView::caption() const {
  if (auto* title = qobject_cast<QCPTextElement*>(plotLayout()->element(0, 0))) return title->text();
  return {};
}

void SphereMapView::clear() {
  energy_.clear();
  azimuth_cells_ = elevation_cells_ = 0;
  peak_ = 0.0;
  strongest_ = {};
  map_->data()->clear();
  marker_->data()->clear();
  replot(rpQueuedReplot);
}

void SphereMapView::setEnergy(std::vector<double> energy, int azimuth_cells, int elevation_cells) {
  if (azimuth_cells <= 0 || elevation_cells <= 0 ||
      energy.size() != static_cast<size_t>(azimuth_cells) * static_cast<size_t>(elevation_cells)) {
    clear();
    return;
  }
  energy_ = std::move(energy);
  azimuth_cells_ = azimuth_cells;
  elevation_cells_ = elevation_cells;
  const auto top = std::max_element(energy_.begin(), energy_.end());
  peak_ = *top;
  QCPColorMapData* data = map_->data();
  data->setSize(azimuth_cells, elevation_cells);
  const double az_step = 360.0 / azimuth_cells, el_step = 180.0 / elevation_cells;
  data->setRange(QCPRange(-180.0 + az_step / 2, 180.0 - az_step / 2), QCPRange(-90.0 + el_step / 2, 90.0 - el_step / 2));
  marker_->data()->clear();
  if (!(peak_ > 0.0)) {
    peak_ = 0.0;
    strongest_ = {};
    data->fill(-dynamic_range_db_ - 1.0);
    replot(rpQueuedReplot);
    return;
  }
  for (int row = 0; row < elevation_cells; ++row)
    for (int column = 0; column < azimuth_cells; ++column) {
      const double e = energy_[static_cast<size_t>(row) * static_cast<size_t>(azimuth_cells) + static_cast<size_t>(column)];
      // Cells with nothing in them take the floor colour, like levels below the range.
      data->setCell(column, row, e > 0.0 ? 10.0 * std::log10(e / peak_) : -1000.0);
    }
  const auto index = static_cast<int>(top - energy_.begin());
  strongest_ = QPointF(-180.0 + (index % azimuth_cells + 0.5) * az_step, -90.0 + (index / azimuth_cells + 0.5) * el_step);
  marker_->addData(strongest_.x(), strongest_.y());
  replot(rpQueuedReplot);
}

double SphereMapView::levelAt(double azimuth_deg, double elevation_deg) const {
  if (!hasData()) return std::numeric_limits<double>::quiet_NaN();
  const int column = std::clamp(static_cast<int>(std::floor((azimuth_deg + 180.0) / 360.0 * azimuth_cells_)), 0,
                                azimuth_cells_ - 1);
  const int row = std::clamp(static_cast<int>(std::floor((elevation_deg + 90.0) / 180.0 * elevation_cells_)), 0,
                             elevation_cells_ - 1);
  const double e = energy_[static_cast<size_t>(row) * static_cast<size_t>(azimuth_cells_) + static_cast<size_t>(column)];
  return e > 0.0 ? 10.0 * std::log10(e / peak_) : -std::numeric_limits<double>::infinity();
}

void SphereMapView::mouseMoveEvent(QMouseEvent* event) {
  QCustomPlot::mouseMoveEvent(event);
  if (!axisRect()->rect().contains(event->pos())) return;
  const double azimuth = xAxis->pixelToCoord(event->pos().x());
  const double elevation = yAxis->pixelToCoord(event->pos().y());
  const double level = levelAt(azimuth, elevation);
  QString text = tr("Sphere map · az %1°, el %2°").arg(azimuth, 0, 'f', 0).arg(elevation, 0, 'f', 0);
  if (std::isinf(level))
    text += tr(" · nothing arrives");
  else if (!std::isnan(level))
    text += tr(" · %1 dB below the strongest").arg(-level, 0, 'f', 1);
  emit hovered(text);
}

}  // namespace gramt::widgets
