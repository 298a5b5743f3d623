#include "core/eval/format/label_vocabulary.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "core/common/error.h"
#include "core/io/json_file.h"
#include "core/eval/format/python_json.h"

namespace gramt::eval::format {

namespace {

// One CSV record (quoted fields may hold commas, quotes as "" and line breaks). Returns false at
// the end of the text.
bool next_record(const std::string& text, size_t& pos, std::vector<std::string>& fields) {
  fields.clear();
  if (pos >= text.size()) return false;
  std::string field;
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          field += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
      break;
    } else {
      field += c;
    }
  }
  fields.push_back(field);
  return true;
}

std::string trim_spaces(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

// pandas' default NA spellings: such cells become NaN, printed "nan" after the str cast.
bool is_na_text(const std::string& s) {
  static const std::set<std::string> na = {"",     "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
                                           "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",   "NA",       "NULL",
                                           "NaN",  "None", "n/a",    "nan",  "null"};
  return na.count(s) != 0;
}

bool parse_int64(const std::string& raw, int64_t& value) {
  const std::string s = trim_spaces(raw);
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size()) return false;
  if (!std::all_of(s.begin() + static_cast<long>(i), s.end(), [](unsigned char c) { return std::isdigit(c); }))
    return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno == ERANGE) return false;  // pandas would widen; treat as a float column
  value = v;
  return true;
}

// Decimal floats as pandas' C parser accepts them: digits, one '.', an exponent, inf/infinity;
// no hexadecimal, no "nan" (that is an NA spelling, handled before).
bool parse_float(const std::string& raw, double& value) {
  std::string s = trim_spaces(raw);
  if (s.empty()) return false;
  std::string body = s;
  double sign = 1.0;
  if (body[0] == '+' || body[0] == '-') {
    sign = body[0] == '-' ? -1.0 : 1.0;
    body = body.substr(1);
  }
  std::string lower;
  for (char c : body) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "inf" || lower == "infinity") {
    value = sign * std::numeric_limits<double>::infinity();
    return true;
  }
  size_t i = 0, digits = 0;
  while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != body.size()) return false;
  value = std::strtod(s.c_str(), nullptr);
  return true;
}

bool is_true_text(const std::string& s) { return s == "True" || s == "TRUE" || s == "true"; }
bool is_false_text(const std::string& s) { return s == "False" || s == "FALSE" || s == "false"; }

// The whole column after pandas' inference and astype(str).
std::vector<std::string> pandas_str_cast(const std::vector<std::string>& cells) {
  bool any_na = false, all_int = true, all_float = true, all_bool = true;
  for (const std::string& cell : cells) {
    if (is_na_text(cell)) {
      any_na = true;
      continue;
    }
    int64_t i = 0;
    double d = 0.0;
    if (!parse_int64(cell, i)) all_int = false;
    if (!parse_float(cell, d)) all_float = false;
    if (!is_true_text(cell) && !is_false_text(cell)) all_bool = false;
  }
  std::vector<std::string> out;
  out.reserve(cells.size());
  for (const std::string& cell : cells) {
    if (is_na_text(cell)) {
      out.emplace_back("nan");
    } else if (all_int && !any_na) {
      int64_t i = 0;
      parse_int64(cell, i);
      out.push_back(std::to_string(i));
    } else if (all_int || all_float) {
      double d = 0.0;
      parse_float(cell, d);
      // str(float): like repr, but "inf" where JSON would say Infinity.
      out.push_back(std::isinf(d) ? (d > 0 ? "inf" : "-inf") : python_float_repr(d));
    } else if (all_bool) {
      out.emplace_back(is_true_text(cell) ? "True" : "False");
    } else {
      out.push_back(cell);
    }
  }
  return out;
}

bool needs_quotes(const std::string& s) {
  return s.find_first_of(",\"\r\n") != std::string::npos;
}

}  // namespace

LabelVocabulary parse_label_vocabulary(const std::string& csv_text, const std::string& source) {
  std::string text = csv_text;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text = text.substr(3);  // pandas skips a UTF-8 BOM
  size_t pos = 0;
  std::vector<std::string> fields;
  if (!next_record(text, pos, fields)) throw Error(source + ": empty file (expected the header 'idx,label')");
  if (fields.size() != 2 || fields[0] != "idx" || fields[1] != "label") {
    throw Error(source + ": header must be 'idx,label'");
  }
  std::vector<int64_t> indices;
  std::vector<std::string> cells;
  int record = 1;
  while (next_record(text, pos, fields)) {
    ++record;
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line (pandas skips it)
    const std::string where = source + " row " + std::to_string(record);
    if (fields.size() != 2) {
      throw Error(where + ": expected 2 fields (idx,label), found " + std::to_string(fields.size()));
    }
    int64_t idx = 0;
    if (!parse_int64(fields[0], idx)) throw Error(where + ": field 'idx' is '" + fields[0] + "', not an integer");
    if (idx < 0) throw Error(where + ": field 'idx' is negative");
    indices.push_back(idx);
    cells.push_back(fields[1]);
  }
  if (cells.empty()) throw Error(source + ": no labels");
  const int64_t max_idx = *std::max_element(indices.begin(), indices.end());
  if (max_idx + 1 != static_cast<int64_t>(cells.size())) {
    throw Error(source + ": " + std::to_string(cells.size()) + " labels but the largest idx is " +
                std::to_string(max_idx) + " (the kits require rows == max(idx) + 1)");
  }
  const std::vector<std::string> labels = pandas_str_cast(cells);
  LabelVocabulary vocab;
  vocab.source = source;
  vocab.labels.assign(cells.size(), "");
  vocab.written.assign(cells.size(), "");
  std::vector<bool> seen(cells.size(), false);
  for (size_t r = 0; r < cells.size(); ++r) {
    const auto idx = static_cast<size_t>(indices[r]);
    if (seen[idx]) throw Error(source + ": field 'idx' value " + std::to_string(idx) + " appears twice");
    seen[idx] = true;
    if (!vocab.index_of.emplace(labels[r], indices[r]).second) {
      throw Error(source + ": label '" + cells[r] + "' reads as '" + labels[r] +
                  "', the same as another label (pandas type inference, then str)");
    }
    vocab.labels[idx] = labels[r];
    vocab.written[idx] = cells[r];
  }
  return vocab;
}

LabelVocabulary read_label_vocabulary(const std::string& path) {
  return parse_label_vocabulary(io::read_text_file(path, "label vocabulary"), path);
}

std::string format_label_vocabulary(const std::vector<std::string>& labels) {
  std::string out = "idx,label\n";
  for (size_t i = 0; i < labels.size(); ++i) {
    std::string cell = labels[i];
    if (needs_quotes(cell)) {
      std::string quoted = "\"";
      for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      cell = quoted + "\"";
    }
    out += std::to_string(i) + "," + cell + "\n";
  }
  return out;
}

}  // namespace gramt::eval::format
