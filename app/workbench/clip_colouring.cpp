#include "app/workbench/clip_colouring.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "widgets/colour_map.h"

namespace gramt::workbench {

namespace {

constexpr int kMostCategories = 12;
constexpr int kNumberBins = 8;
constexpr int kAzimuthBins = 12;
const QColor kNoValue(190, 190, 190);

// Distinct, readable on white (a colour-blind-aware qualitative palette).
const std::vector<QColor>& categoryColours() {
  static const std::vector<QColor> colours{
      QColor(0, 114, 178),  QColor(230, 159, 0),  QColor(0, 158, 115), QColor(204, 121, 167), QColor(86, 180, 233),
      QColor(213, 94, 0),   QColor(120, 94, 240), QColor(140, 86, 75),  QColor(240, 200, 30),  QColor(20, 20, 20),
      QColor(100, 143, 255), QColor(160, 200, 70)};
  return colours;
}

ClipColouring categories(const std::vector<std::string>& values, const QString& key) {
  std::map<std::string, int> counts;
  for (const std::string& v : values) ++counts[v];
  std::vector<std::pair<std::string, int>> order(counts.begin(), counts.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  const bool lumped = static_cast<int>(order.size()) > kMostCategories;
  const size_t kept = lumped ? kMostCategories - 1 : order.size();
  // Named groups in name order, so the legend reads alphabetically.
  std::vector<std::string> names;
  for (size_t i = 0; i < kept; ++i) names.push_back(order[i].first);
  std::sort(names.begin(), names.end());
  ClipColouring out;
  std::map<std::string, int> group_of_name;
  for (size_t i = 0; i < names.size(); ++i) {
    group_of_name[names[i]] = static_cast<int>(i);
    out.groups.push_back({QString::fromStdString(names[i].empty() ? "(none)" : names[i]) +
                              QStringLiteral(" (%1)").arg(counts[names[i]]),
                          categoryColours()[i % categoryColours().size()]});
  }
  if (lumped) out.groups.push_back({QObject::tr("other (%1 kinds)").arg(order.size() - kept), kNoValue});
  for (const std::string& v : values) {
    const auto found = group_of_name.find(v);
    out.group_of.push_back(found != group_of_name.end() ? found->second : static_cast<int>(out.groups.size()) - 1);
  }
  out.description = QObject::tr("colour: %1 (%2 kinds)").arg(key).arg(order.size());
  return out;
}

ClipColouring numbers(const std::vector<double>& values, const QString& key) {
  ClipColouring out;
  const bool circular = isCircularKey(key);
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const int bins = circular ? kAzimuthBins : kNumberBins;
  if (circular) lo = 0, hi = 360;
  if (!std::isfinite(lo)) {
    out.groups.push_back({QObject::tr("no value"), kNoValue});
    out.group_of.assign(values.size(), 0);
    out.description = QObject::tr("colour: %1 (no clip has a value)").arg(key);
    return out;
  }
  const double width = hi > lo ? (hi - lo) / bins : 1.0;
  QCPColorGradient scale = widgets::colourMaps().front().gradient;  // color() is not const
  for (int b = 0; b < bins; ++b) {
    const double from = lo + b * width, to = from + width;
    QColor colour;
    if (circular) {
      colour = QColor::fromHsvF((b + 0.5) / bins, 0.85, 0.85);  // the hue wheel closes at 360°
    } else {
      // Stops short of the scale's lightest end, which would vanish on the white background.
      colour = QColor::fromRgb(scale.color(0.05 + 0.75 * (b + 0.5) / bins, QCPRange(0, 1)));
    }
    const int digits = width >= 10 ? 0 : width >= 1 ? 1 : 2;
    out.groups.push_back({QStringLiteral("%1 – %2").arg(from, 0, 'f', digits).arg(to, 0, 'f', digits), colour});
  }
  bool missing = false;
  for (double v : values) {
    if (!std::isfinite(v)) {
      out.group_of.push_back(bins);
      missing = true;
      continue;
    }
    double x = v;
    if (circular) x = std::fmod(std::fmod(v, 360.0) + 360.0, 360.0);
    out.group_of.push_back(std::clamp(static_cast<int>((x - lo) / width), 0, bins - 1));
  }
  if (missing) out.groups.push_back({QObject::tr("no value"), kNoValue});
  out.description = circular ? QObject::tr("colour: %1 round the hue circle (0° and 360° alike)").arg(key)
                             : QObject::tr("colour: %1 from %2 (dark) to %3 (light)").arg(key).arg(lo, 0, 'g', 3).arg(hi, 0, 'g', 3);
  return out;
}

}  // namespace

bool isCircularKey(const QString& key) { return key.contains(QLatin1String("azimuth"), Qt::CaseInsensitive); }

QStringList colouringKeys(const std::vector<eval::projection::EmbeddedClip>& clips) {
  std::set<std::string> facts;
  for (const auto& c : clips) {
    for (const auto& [k, v] : c.facts.numbers) facts.insert(k);
    for (const auto& [k, v] : c.facts.labels) facts.insert(k);
  }
  QStringList keys{QStringLiteral("label"), QStringLiteral("split")};
  for (const std::string& k : facts) keys << QString::fromStdString(k);
  return keys;
}

ClipColouring colourClips(const std::vector<eval::projection::EmbeddedClip>& clips, const QString& key) {
  const std::string k = key.toStdString();
  if (key == QLatin1String("label") || key == QLatin1String("split")) {
    std::vector<std::string> values;
    for (const auto& c : clips) values.push_back(key == QLatin1String("label") ? c.label : c.split);
    return categories(values, key);
  }
  bool numeric = false;
  for (const auto& c : clips) numeric = numeric || c.facts.numbers.count(k) > 0;
  if (numeric) {
    std::vector<double> values;
    for (const auto& c : clips) {
      const auto found = c.facts.numbers.find(k);
      values.push_back(found != c.facts.numbers.end() ? found->second : NAN);
    }
    return numbers(values, key);
  }
  std::vector<std::string> values;
  for (const auto& c : clips) {
    const auto found = c.facts.labels.find(k);
    values.push_back(found != c.facts.labels.end() ? found->second : "(no value)");
  }
  return categories(values, key);
}

}  // namespace gramt::workbench
