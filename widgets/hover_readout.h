#pragma once
// What the mouse points at in a time plot: the time always, and a frequency and a level where the
// plot has them. Plots fill it in; a status line shows text().
#include <QMetaType>
#include <QString>

#include <cmath>
#include <limits>

namespace gramt::widgets {

struct HoverReadout {
  QString source;                                              // e.g. "Left log-mel"
  double seconds = 0.0;
  double frequency_hz = std::numeric_limits<double>::quiet_NaN();  // NaN: the plot has no frequency axis
  QString frequency_text;                                      // used instead of Hz, e.g. "mel bin 37"
  double level_db = std::numeric_limits<double>::quiet_NaN();      // NaN: no level under the mouse
  QString level_unit = QStringLiteral("dB");

  bool hasFrequency() const { return !std::isnan(frequency_hz) || !frequency_text.isEmpty(); }
  bool hasLevel() const { return !std::isnan(level_db); }
  // "Left log-mel · 1.234 s · 440 Hz · -12.3 dB"
  QString text() const;
};

}  // namespace gramt::widgets

Q_DECLARE_METATYPE(gramt::widgets::HoverReadout)
