#include "core/io/flat_json_object.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace gramt::io {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r' || *p_ == '\n')) ++p_;
  }
  bool at_end() const { return p_ >= end_; }
  bool take(char c) {
    skip_space();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool take_word(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // A string after its opening quote, up to the closing one.
  bool string(std::string_view& out, bool& has_escapes) {
    const char* start = p_;
    has_escapes = false;
    while (p_ < end_) {
      const char c = *p_;
      if (c == '"') {
        out = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;  // raw control characters are not JSON
      if (c == '\\') {
        has_escapes = true;
        if (++p_ >= end_) return false;
      }
      ++p_;
    }
    return false;
  }

  bool value(FlatJsonField& field) {
    skip_space();
    if (p_ >= end_) return false;
    const char c = *p_;
    if (c == '"') {
      ++p_;
      field.kind = FlatJsonField::Kind::string;
      return string(field.string, field.string_has_escapes);
    }
    if (take_word("null")) return field.kind = FlatJsonField::Kind::null, true;
    if (take_word("true")) return field.kind = FlatJsonField::Kind::boolean, field.boolean = true, true;
    if (take_word("false")) return field.kind = FlatJsonField::Kind::boolean, field.boolean = false, true;
    field.kind = FlatJsonField::Kind::number;
    if (take_word("NaN")) return field.number = std::numeric_limits<double>::quiet_NaN(), true;
    if (take_word("Infinity")) return field.number = std::numeric_limits<double>::infinity(), true;
    if (take_word("-Infinity")) return field.number = -std::numeric_limits<double>::infinity(), true;
    if (c != '-' && (c < '0' || c > '9')) return false;
    const char* start = p_;
    while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '-' || *p_ == '+' || *p_ == '.' || *p_ == 'e' || *p_ == 'E'))
      ++p_;
    const auto [used, error] = std::from_chars(start, p_, field.number);
    return error == std::errc() && used == p_;
  }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace

bool scan_flat_json_object(std::string_view line, std::vector<FlatJsonField>& fields) {
  fields.clear();
  Scanner s(line);
  if (!s.take('{')) return false;
  if (!s.take('}')) {
    do {
      FlatJsonField field;
      bool key_escapes = false;
      if (!s.take('"') || !s.string(field.key, key_escapes) || key_escapes) return false;
      if (!s.take(':') || !s.value(field)) return false;
      fields.push_back(field);
    } while (s.take(','));
    if (!s.take('}')) return false;
  }
  s.skip_space();
  return s.at_end();
}

}  // namespace gramt::io
