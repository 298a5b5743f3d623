#include "core/eval/tasks/label_pickle_writer.h"

#include <cstdint>
#include <cstring>

#include "core/common/error.h"

namespace gramt::eval::tasks {

namespace {

// Opcodes of the pickle protocol used here.
constexpr char kProto = '\x80';
constexpr char kFrame = '\x95';
constexpr char kStop = '.';
constexpr char kMark = '(';
constexpr char kEmptyList = ']';
constexpr char kAppend = 'a';
constexpr char kAppends = 'e';
constexpr char kNone = 'N';
constexpr char kNewTrue = '\x88';
constexpr char kNewFalse = '\x89';
constexpr char kBinInt1 = 'K';
constexpr char kBinInt2 = 'M';
constexpr char kBinInt = 'J';
constexpr char kLong1 = '\x8a';
constexpr char kBinFloat = 'G';
constexpr char kShortBinUnicode = '\x8c';
constexpr char kBinUnicode = 'X';
constexpr char kBinUnicode8 = '\x8d';

// pickle appends list items in batches of this many (one MARK ... APPENDS each).
constexpr size_t kBatch = 1000;

void put_le(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void encode_int(std::string& out, int64_t v) {
  if (v >= 0 && v < 256) {
    out += kBinInt1;
    put_le(out, static_cast<uint64_t>(v), 1);
  } else if (v >= 0 && v < 65536) {
    out += kBinInt2;
    put_le(out, static_cast<uint64_t>(v), 2);
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    out += kBinInt;
    put_le(out, static_cast<uint64_t>(static_cast<uint32_t>(static_cast<int32_t>(v))), 4);
  } else {
    // Shortest little-endian two's complement.
    std::string bytes;
    int64_t rest = v;
    for (;;) {
      const auto byte = static_cast<uint8_t>(rest & 0xff);
      bytes += static_cast<char>(byte);
      rest >>= 8;  // arithmetic shift keeps the sign
      const bool sign_bit = (byte & 0x80) != 0;
      if ((rest == 0 && !sign_bit) || (rest == -1 && sign_bit)) break;
    }
    out += kLong1;
    put_le(out, bytes.size(), 1);
    out += bytes;
  }
}

void encode_uint(std::string& out, uint64_t v) {
  if (v <= static_cast<uint64_t>(INT64_MAX)) return encode_int(out, static_cast<int64_t>(v));
  std::string bytes;
  for (int i = 0; i < 8; ++i) bytes += static_cast<char>((v >> (8 * i)) & 0xff);
  bytes += '\0';  // keeps the number positive
  out += kLong1;
  put_le(out, bytes.size(), 1);
  out += bytes;
}

void encode(std::string& out, const nlohmann::ordered_json& value) {
  switch (value.type()) {
    case nlohmann::ordered_json::value_t::null: out += kNone; return;
    case nlohmann::ordered_json::value_t::boolean: out += value.get<bool>() ? kNewTrue : kNewFalse; return;
    case nlohmann::ordered_json::value_t::number_integer: encode_int(out, value.get<int64_t>()); return;
    case nlohmann::ordered_json::value_t::number_unsigned: encode_uint(out, value.get<uint64_t>()); return;
    case nlohmann::ordered_json::value_t::number_float: {
      const double d = value.get<double>();
      uint64_t bits = 0;
      std::memcpy(&bits, &d, sizeof bits);
      out += kBinFloat;
      for (int i = 7; i >= 0; --i) out += static_cast<char>((bits >> (8 * i)) & 0xff);  // big-endian
      return;
    }
    case nlohmann::ordered_json::value_t::string: {
      const std::string& s = value.get_ref<const std::string&>();
      if (s.size() < 256) {
        out += kShortBinUnicode;
        put_le(out, s.size(), 1);
      } else if (s.size() <= 0xffffffffull) {
        out += kBinUnicode;
        put_le(out, s.size(), 4);
      } else {
        out += kBinUnicode8;
        put_le(out, s.size(), 8);
      }
      out += s;
      return;
    }
    case nlohmann::ordered_json::value_t::array: {
      out += kEmptyList;
      const size_t n = value.size();
      for (size_t begin = 0; begin < n; begin += kBatch) {
        const size_t end = std::min(n, begin + kBatch);
        if (end - begin == 1) {
          encode(out, value[begin]);
          out += kAppend;
        } else {
          out += kMark;
          for (size_t i = begin; i < end; ++i) encode(out, value[i]);
          out += kAppends;
        }
      }
      return;
    }
    default:
      throw Error("label pickle: cannot encode " + std::string(value.type_name()) + " values");
  }
}

}  // namespace

std::string encode_label_pickle(const nlohmann::ordered_json& value) {
  std::string body;
  encode(body, value);
  body += kStop;
  std::string out;
  out += kProto;
  out += '\x04';
  // One frame around the whole body: optional in protocol 4, but what pickle.dump produces for
  // small data, and harmless for large.
  out += kFrame;
  put_le(out, body.size(), 8);
  out += body;
  return out;
}

}  // namespace gramt::eval::tasks
