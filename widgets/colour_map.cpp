#include "widgets/colour_map.h"

namespace gramt::widgets {

namespace {

ColourMap makeMap(const QString& name, const QMap<double, QColor>& stops, const QColor& contrasting) {
  ColourMap map;
  map.name = name;
  map.gradient.setColorStops(stops);
  map.gradient.setColorInterpolation(QCPColorGradient::ciRGB);
  map.gradient.setLevelCount(256);
  map.contrasting = contrasting;
  return map;
}

std::vector<ColourMap> buildMaps() {
  std::vector<ColourMap> maps;
  // Near-black through violet and coral to pale cream: bright cyan contrasts with all of it.
  maps.push_back(makeMap(QStringLiteral("Ember"),
                         {{0.00, QColor(0x05, 0x03, 0x0f)},
                          {0.22, QColor(0x2d, 0x11, 0x60)},
                          {0.45, QColor(0x8c, 0x2a, 0x7a)},
                          {0.68, QColor(0xe0, 0x54, 0x5a)},
                          {0.85, QColor(0xf9, 0xa3, 0x5b)},
                          {1.00, QColor(0xfd, 0xf3, 0xc4)}},
                         QColor(0x35, 0xe0, 0xff)));
  // Deep indigo through teal and green to yellow: hot pink contrasts with all of it.
  maps.push_back(makeMap(QStringLiteral("Aurora"),
                         {{0.00, QColor(0x1a, 0x0b, 0x35)},
                          {0.25, QColor(0x2b, 0x4c, 0x8c)},
                          {0.50, QColor(0x1f, 0x8a, 0x8a)},
                          {0.75, QColor(0x52, 0xc4, 0x6b)},
                          {1.00, QColor(0xe8, 0xe3, 0x4a)}},
                         QColor(0xff, 0x4f, 0xa3)));
  maps.push_back(makeMap(QStringLiteral("Greyscale"), {{0.0, Qt::black}, {1.0, Qt::white}}, QColor(0xff, 0x30, 0x30)));
  return maps;
}

}  // namespace

const std::vector<ColourMap>& colourMaps() {
  static const std::vector<ColourMap> maps = buildMaps();
  return maps;
}

const ColourMap& divergingColourMap() {
  // Near-black reads against white, the pale tints and both saturated ends.
  static const ColourMap map = [] {
    ColourMap made = makeMap(QStringLiteral("Blue–white–red"),
                             {{0.00, QColor(0x1d, 0x4f, 0x9a)},
                              {0.25, QColor(0x74, 0xa6, 0xd6)},
                              {0.50, QColor(0xf8, 0xf8, 0xf6)},
                              {0.75, QColor(0xe8, 0x86, 0x6c)},
                              {1.00, QColor(0xa8, 0x1c, 0x2c)}},
                             QColor(0x10, 0x10, 0x10));
    // NaN: nothing to compare there (both ears silent, say): a mid grey that no value maps to.
    made.gradient.setNanHandling(QCPColorGradient::nhNanColor);
    made.gradient.setNanColor(QColor(0xb4, 0xb4, 0xb4));
    return made;
  }();
  return map;
}

const ColourMap& circularColourMap() {
  static const ColourMap map = [] {
    ColourMap made = makeMap(QStringLiteral("Azimuth wheel"),
                             {{0.000, QColor(0x6a, 0x2c, 0x91)},
                              {0.250, QColor(0xd7, 0x30, 0x3a)},
                              {0.500, QColor(0xf0, 0xc8, 0x3c)},
                              {0.750, QColor(0x2f, 0x7f, 0xc8)},
                              {1.000, QColor(0x6a, 0x2c, 0x91)}},
                             QColor(0x10, 0x10, 0x10));
    // Angles between the stops would otherwise pass through muddy mixtures; HSV keeps them saturated.
    made.gradient.setColorInterpolation(QCPColorGradient::ciHSV);
    made.gradient.setPeriodic(true);
    made.gradient.setNanHandling(QCPColorGradient::nhNanColor);
    made.gradient.setNanColor(QColor(0xdc, 0xdc, 0xdc));
    return made;
  }();
  return map;
}

const ColourMap& colourMapNamed(const QString& name) {
  for (const ColourMap& map : colourMaps())
    if (map.name == name) return map;
  return colourMaps().front();
}

}  // namespace gramt::widgets
