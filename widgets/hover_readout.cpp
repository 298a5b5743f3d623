#include "widgets/hover_readout.h"

#include <QStringList>

#include <cmath>

namespace gramt::widgets {

namespace {

QString formatFrequency(double hz) {
  if (hz >= 1000.0) return QStringLiteral("%1 kHz").arg(hz / 1000.0, 0, 'f', 2);
  return QStringLiteral("%1 Hz").arg(hz, 0, 'f', 0);
}

}  // namespace

QString HoverReadout::text() const {
  QStringList parts;
  if (!source.isEmpty()) parts << source;
  parts << QStringLiteral("%1 s").arg(seconds, 0, 'f', 3);
  if (!frequency_text.isEmpty())
    parts << frequency_text;
  else if (!std::isnan(frequency_hz))
    parts << formatFrequency(frequency_hz);
  if (std::isinf(level_db) && level_db < 0)
    parts << QStringLiteral("-inf %1").arg(level_unit);
  else if (!std::isnan(level_db))
    parts << QStringLiteral("%1 %2").arg(level_db, 0, 'f', 1).arg(level_unit);
  return parts.join(QStringLiteral(" · "));
}

}  // namespace gramt::widgets
