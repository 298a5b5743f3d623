#pragma once
// Colour maps for level plots. Each carries a cursor colour that stands out against every colour of
// the map, so a playback cursor or overlay never disappears into the picture.
#include <QColor>
#include <QString>
#include <qcustomplot.h>

#include <vector>

namespace gramt::widgets {

struct ColourMap {
  QString name;
  QCPColorGradient gradient;
  QColor contrasting;  // for cursors and overlays drawn on top of the map
};

// The maps offered to users, the default first. All run dark (quiet) to light (loud) with a
// monotonic lightness, so level differences read the same everywhere on the scale.
const std::vector<ColourMap>& colourMaps();

// The map called `name`, or the default when there is none of that name.
const ColourMap& colourMapNamed(const QString& name);

// For signed quantities centred on zero (an ILD in dB): blue (negative) through white (zero) to red
// (positive), equally light at equal distances from the middle. Use it with a range symmetric about
// zero, so white means "no difference"; NaN cells are grey ("nothing to compare"). Not among
// colourMaps(): it is not a level map.
const ColourMap& divergingColourMap();

// For angles that wrap around (an azimuth from −180° to 180°): the two ends are the same colour.
// Mapped over −180..180 with azimuth counter-clockwise from the front: back (±180°) purple, right
// (−90°) red, front (0°) yellow, left (90°) blue, so left and right read as in the ILD map (blue =
// left, red = right). NaN cells (no direction) are light grey. Not among colourMaps().
const ColourMap& circularColourMap();

}  // namespace gramt::widgets
