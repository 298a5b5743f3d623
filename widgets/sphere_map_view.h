#pragma once
// Energy over directions as an equirectangular map: azimuth across (left of the picture = the
// listener's left: +180° at the left edge, the front in the middle, −180° at the right edge),
// elevation up the side (−90° to 90°). Cells are drawn in dB below the strongest one, so weak
// directions stay visible beside a dominant source; the strongest cell is marked.
#include <qcustomplot.h>

#include <vector>

#include "widgets/colour_map.h"

namespace gramt::widgets {

class SphereMapView : public QCustomPlot {
  Q_OBJECT

 public:
  explicit SphereMapView(QWidget* parent = nullptr);

  // energy: elevation_cells rows × azimuth_cells columns, row-major; row 0 spans the lowest
  // elevations (from −90°), column 0 the lowest azimuths (from −180°). All zero: an empty map.
  void setEnergy(std::vector<double> energy, int azimuth_cells, int elevation_cells);
  void clear();
  // A line above the map (what it covers, e.g. the time range).
  void setCaption(const QString& caption);
  QString caption() const;
  void setColourMap(const ColourMap& map);
  // Decibels below the strongest cell that still get a colour (default 30).
  void setDynamicRange(double db);

  bool hasData() const { return peak_ > 0.0; }
  // The centre of the strongest cell (azimuth, elevation in degrees); (0, 0) for an empty map.
  QPointF strongestDirection() const { return strongest_; }
  // dB below the strongest cell at a direction; NaN for an empty map, -inf where nothing arrives.
  double levelAt(double azimuth_deg, double elevation_deg) const;
  QSize minimumSizeHint() const override { return {320, 220}; }

 signals:
  // "az 90°, el 10°: −3.2 dB" as the mouse moves over the map.
  void hovered(const QString& text);

 protected:
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QCPGraph* marker_ = nullptr;
  std::vector<double> energy_;
  int azimuth_cells_ = 0, elevation_cells_ = 0;
  double peak_ = 0.0;
  double dynamic_range_db_ = 30.0;
  QPointF strongest_;
};

}  // namespace gramt::widgets
