#include "app/workbench/clip_facts_text.h"

#include <QObject>
#include <QStringList>

#include <cmath>
#include <map>
#include <optional>

namespace gramt::workbench {
namespace {

std::optional<double> number(const eval::format::ClipFacts& facts, const char* key) {
  const auto it = facts.numbers.find(key);
  if (it == facts.numbers.end() || !std::isfinite(it->second)) return std::nullopt;
  return it->second;
}

QString label(const eval::format::ClipFacts& facts, const char* key) {
  const auto it = facts.labels.find(key);
  return it == facts.labels.end() ? QString() : QString::fromStdString(it->second);
}

}  // namespace

QString clipFactsLine(const eval::format::ClipFacts& facts) {
  QStringList parts;
  const auto azimuth = number(facts, "azimuth_deg"), elevation = number(facts, "elevation_deg"),
             distance = number(facts, "distance_m");
  QStringList source;
  if (azimuth) source << QObject::tr("%1° az").arg(*azimuth, 0, 'f', 1);
  if (elevation) source << QObject::tr("%1° el").arg(*elevation, 0, 'f', 1);
  if (distance) source << QObject::tr("%1 m").arg(*distance, 0, 'f', 2);
  if (!source.isEmpty()) parts << QObject::tr("source %1").arg(source.join(QStringLiteral(", ")));
  if (const QString room = label(facts, "room"); !room.isEmpty())
    parts << (label(facts, "room_held_out") == QStringLiteral("true") ? QObject::tr("room %1 (held out)").arg(room)
                                                                      : QObject::tr("room %1").arg(room));
  if (const auto rt60 = number(facts, "rt60_s")) parts << QObject::tr("RT60 %1 s").arg(*rt60, 0, 'f', 2);
  if (const auto snr = number(facts, "snr_db")) parts << QObject::tr("SNR %1 dB").arg(*snr, 0, 'f', 1);
  if (const QString noise = label(facts, "noise"); !noise.isEmpty()) {
    const auto sources = number(facts, "noise_sources");
    parts << (sources && *sources > 1 ? QObject::tr("noise %1 ×%2").arg(noise).arg(std::lround(*sources))
                                      : QObject::tr("noise %1").arg(noise));
  }
  return parts.isEmpty() ? QString() : QObject::tr("Scene: %1").arg(parts.join(QStringLiteral(" · ")));
}

QString clipFactsTableHtml(const eval::format::ClipFacts& facts) {
  // One table of both kinds, in the keys' order (the file's keys are sorted in the map anyway).
  std::map<std::string, QString> rows;
  for (const auto& [key, value] : facts.numbers) rows[key] = QString::number(value, 'g', 6);
  for (const auto& [key, value] : facts.labels) rows[key] = QString::fromStdString(value);
  QString html = QStringLiteral("<table cellspacing=0 cellpadding=2>");
  for (const auto& [key, value] : rows)
    html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                .arg(QString::fromStdString(key).toHtmlEscaped(), value.toHtmlEscaped());
  return html + QStringLiteral("</table>");
}

}  // namespace gramt::workbench
