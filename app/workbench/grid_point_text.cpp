#include "app/workbench/grid_point_text.h"

#include <QObject>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace gramt::workbench {

namespace {

using Json = nlohmann::json;

// Four significant digits, and an exponent without padding: 0.0032, 1e-5, 1.235e14.
QString shortNumber(double v) {
  if (std::isnan(v)) return QStringLiteral("NaN");
  if (std::isinf(v)) return v > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
  QString text = QString::number(v, 'g', 4);
  const int e = text.indexOf(QLatin1Char('e'));
  if (e < 0) return text;
  QString exponent = text.mid(e + 1);
  const bool negative = exponent.startsWith(QLatin1Char('-'));
  exponent.remove(QRegularExpression(QStringLiteral("^[+-]0*")));
  return text.left(e) + QLatin1Char('e') + (negative ? QStringLiteral("-") : QString()) + exponent;
}

// Python's str() of a class or a function: its own name, the module path and address dropped.
QString pythonObjectName(const QString& text) {
  static const QRegularExpression python_class(QStringLiteral("^<class '([\\w.]+)'>$"));
  static const QRegularExpression python_function(
      QStringLiteral("^<(?:built-in )?function ([\\w.]+)(?: at 0x[0-9a-fA-F]+)?>$"));
  QRegularExpressionMatch match = python_class.match(text);
  if (match.hasMatch()) return match.captured(1).section(QLatin1Char('.'), -1);
  match = python_function.match(text);
  if (match.hasMatch()) {
    QString name = match.captured(1).section(QLatin1Char('.'), -1);
    if (name.size() > 1 && name.endsWith(QLatin1Char('_'))) name.chop(1);  // torch's in-place mark
    return name;
  }
  return text;
}

// Inside a list, a list or an object keeps its own bounds.
QString nestedText(const Json& value) {
  const QString text = hyperParameterText(value);
  return value.is_structured() && !value.empty() ? QStringLiteral("(%1)").arg(text) : text;
}

QString score(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("—"); }

// The end (one past) of the JSON object or array that opens at `begin`, or npos: brackets counted
// outside strings.
size_t jsonEnd(const std::string& text, size_t begin) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = begin; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return std::string::npos;
}

}  // namespace

QString hyperParameterText(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return QStringLiteral("—");
    case Json::value_t::boolean: return value.get<bool>() ? QObject::tr("yes") : QObject::tr("no");
    case Json::value_t::number_integer: return QString::number(value.get<int64_t>());
    case Json::value_t::number_unsigned: return QString::number(value.get<uint64_t>());
    case Json::value_t::number_float: return shortNumber(value.get<double>());
    case Json::value_t::string: return pythonObjectName(QString::fromStdString(value.get<std::string>()));
    case Json::value_t::array: {
      QStringList items;
      for (const Json& item : value) items << nestedText(item);
      return items.join(QStringLiteral(", "));
    }
    case Json::value_t::object: {
      QStringList items;
      for (auto it = value.begin(); it != value.end(); ++it)
        items << QStringLiteral("%1 %2").arg(hyperParameterName(it.key()), nestedText(it.value()));
      return items.join(QStringLiteral(", "));
    }
    default: return QString::fromStdString(value.dump());
  }
}

QString protocolHtml(const std::string& protocol) {
  QString out;
  size_t done = 0;
  for (size_t at = protocol.find_first_of("{["); at != std::string::npos; at = protocol.find_first_of("{[", at + 1)) {
    if (at > 0 && protocol[at - 1] != ' ') continue;  // only a value of its own, e.g. "hparams {...}"
    const size_t end = jsonEnd(protocol, at);
    if (end == std::string::npos) break;
    const Json value = Json::parse(protocol.begin() + static_cast<std::ptrdiff_t>(at), protocol.begin() + static_cast<std::ptrdiff_t>(end),
                                   nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) continue;
    // "hparams {...}" → "hparams: ..."
    const QString name = QString::fromStdString(protocol.substr(done, (at > done ? at - 1 : at) - done)).toHtmlEscaped();
    out += name + (name.isEmpty() ? QString() : QStringLiteral(": ")) + hyperParameterText(value).toHtmlEscaped();
    done = end;
    at = end - 1;
  }
  out += QString::fromStdString(protocol.substr(done)).toHtmlEscaped();
  return out.replace(QStringLiteral("; "), QStringLiteral("<br>"));
}

QString hyperParameterName(const std::string& key) {
  return QString::fromStdString(key).replace(QLatin1Char('_'), QLatin1Char(' ')).trimmed();
}

QString gridPointsHtml(const std::vector<eval::benchmark::GridPointResult>& grid) {
  // Every point's values by key, in the kit's (sorted) key order.
  std::vector<Json> points;
  std::vector<std::string> keys;
  for (const auto& point : grid) {
    Json params = Json::parse(point.params_json, nullptr, /*allow_exceptions=*/false);
    if (!params.is_object()) params = Json::object();
    for (auto it = params.begin(); it != params.end(); ++it)
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
    points.push_back(std::move(params));
  }
  auto value_of = [](const Json& params, const std::string& key) { return params.contains(key) ? params[key] : Json(); };
  std::vector<std::string> differing;
  QStringList shared;
  for (const std::string& key : keys) {
    bool same = true;
    for (const Json& params : points) same = same && value_of(params, key) == value_of(points.front(), key);
    if (same) {
      // Non-breaking inside an item: the line wraps between the items only.
      shared << QStringLiteral("%1 <b>%2</b>")
                    .arg(hyperParameterName(key).toHtmlEscaped(), hyperParameterText(value_of(points.front(), key)).toHtmlEscaped())
                    .replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
    } else {
      differing.push_back(key);
    }
  }

  QString html = QObject::tr("<p><b>Grid points</b> (✔ = chosen, retrained and tested)</p>");
  if (!shared.isEmpty())
    html += (points.size() == 1 ? QObject::tr("<p>Hyper-parameters: %1</p>") : QObject::tr("<p>Every grid point: %1</p>"))
                .arg(shared.join(QStringLiteral(" · ")));
  html += QObject::tr("<table border=1 cellspacing=0 cellpadding=3><tr><th>point</th><th>validation</th><th>epochs</th>");
  for (const std::string& key : differing) html += QStringLiteral("<th>%1</th>").arg(hyperParameterName(key).toHtmlEscaped());
  html += QStringLiteral("</tr>");
  for (size_t i = 0; i < grid.size(); ++i) {
    const auto& point = grid[i];
    const QString open = point.chosen ? QStringLiteral("<b>") : QString(), close = point.chosen ? QStringLiteral("</b>") : QString();
    html += point.chosen ? QStringLiteral("<tr bgcolor=\"#dff0df\">") : QStringLiteral("<tr>");
    html += QStringLiteral("<td>%1%2%3%4</td>").arg(open).arg(i + 1).arg(point.chosen ? QStringLiteral(" ✔") : QString(), close);
    html += QStringLiteral("<td align=right>%1%2%3</td><td align=right>%4</td>")
                .arg(open, score(point.validation_score), close)
                .arg(point.epochs);
    for (const std::string& key : differing)
      html += QStringLiteral("<td>%1</td>").arg(hyperParameterText(value_of(points[i], key)).toHtmlEscaped());
    html += QStringLiteral("</tr>");
  }
  return html + QStringLiteral("</table>");
}

}  // namespace gramt::workbench
