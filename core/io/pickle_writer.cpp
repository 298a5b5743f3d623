#include "core/io/pickle_writer.h"

#include <algorithm>
#include <cstring>

#include "core/common/error.h"

namespace gramt::io {

namespace {

// Opcodes of the pickle protocol used here.
constexpr char kProto = '\x80';
constexpr char kFrame = '\x95';
constexpr char kStop = '.';
constexpr char kMark = '(';
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
constexpr char kBinBytes = 'B';
constexpr char kEmptyDict = '}';
constexpr char kSetItems = 'u';
constexpr char kEmptyList = ']';
constexpr char kAppend = 'a';
constexpr char kAppends = 'e';
constexpr char kTuple = 't';
constexpr char kEmptyTuple = ')';
constexpr char kGlobal = 'c';
constexpr char kReduce = 'R';
constexpr char kBinPersId = 'Q';

// pickle appends list items in batches of this many (one MARK ... APPENDS each).
constexpr size_t kAppendBatch = 1000;

void put_le(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

// Shortest little-endian two's complement of v.
std::string twos_complement(int64_t v) {
  std::string bytes;
  int64_t rest = v;
  for (;;) {
    const auto byte = static_cast<uint8_t>(rest & 0xff);
    bytes += static_cast<char>(byte);
    rest >>= 8;  // arithmetic shift keeps the sign
    const bool sign_bit = (byte & 0x80) != 0;
    if ((rest == 0 && !sign_bit) || (rest == -1 && sign_bit)) break;
  }
  return bytes;
}

}  // namespace

PickleWriter::PickleWriter(int protocol) : protocol_(protocol) {
  if (protocol < 2 || protocol > 4) throw Error("pickle writer: protocol " + std::to_string(protocol) + " is not 2, 3 or 4");
}

void PickleWriter::none() { body_ += kNone; }

void PickleWriter::boolean(bool value) { body_ += value ? kNewTrue : kNewFalse; }

void PickleWriter::integer(int64_t v) {
  if (v >= 0 && v < 256) {
    body_ += kBinInt1;
    put_le(body_, static_cast<uint64_t>(v), 1);
  } else if (v >= 0 && v < 65536) {
    body_ += kBinInt2;
    put_le(body_, static_cast<uint64_t>(v), 2);
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    body_ += kBinInt;
    put_le(body_, static_cast<uint64_t>(static_cast<uint32_t>(static_cast<int32_t>(v))), 4);
  } else {
    long_integer(twos_complement(v));
  }
}

void PickleWriter::unsigned_integer(uint64_t v) {
  if (v <= static_cast<uint64_t>(INT64_MAX)) return integer(static_cast<int64_t>(v));
  std::string bytes;
  put_le(bytes, v, 8);
  bytes += '\0';  // keeps the number positive
  long_integer(bytes);
}

void PickleWriter::long_integer(const std::string& little_endian) {
  if (little_endian.size() > 255) throw Error("pickle writer: integer of more than 255 bytes");
  body_ += kLong1;
  put_le(body_, little_endian.size(), 1);
  body_ += little_endian;
}

void PickleWriter::real(double value) {
  body_ += kBinFloat;
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(bits));
  for (int i = 7; i >= 0; --i) body_ += static_cast<char>((bits >> (8 * i)) & 0xff);  // big-endian
}

void PickleWriter::text(const std::string& s) {
  if (protocol_ >= 4 && s.size() < 256) {
    body_ += kShortBinUnicode;
    put_le(body_, s.size(), 1);
  } else if (s.size() <= 0xffffffffull) {
    body_ += kBinUnicode;
    put_le(body_, s.size(), 4);
  } else {
    if (protocol_ < 4) throw Error("pickle writer: a string of 4 GiB or more needs protocol 4");
    body_ += kBinUnicode8;
    put_le(body_, s.size(), 8);
  }
  body_ += s;
}

void PickleWriter::bytes(const std::string& value) {
  if (value.size() > 0xffffffffull) throw Error("pickle writer: bytes of 4 GiB or more are not supported");
  body_ += kBinBytes;
  put_le(body_, value.size(), 4);
  body_ += value;
}

void PickleWriter::json(const nlohmann::ordered_json& value) {
  using T = nlohmann::ordered_json::value_t;
  switch (value.type()) {
    case T::null: return none();
    case T::boolean: return boolean(value.get<bool>());
    case T::number_integer: return integer(value.get<int64_t>());
    case T::number_unsigned: return unsigned_integer(value.get<uint64_t>());
    case T::number_float: return real(value.get<double>());
    case T::string: return text(value.get_ref<const std::string&>());
    case T::array: {
      // As pickle's batched appends: one APPEND for a batch of one, MARK ... APPENDS otherwise.
      body_ += kEmptyList;
      const size_t n = value.size();
      for (size_t begin = 0; begin < n; begin += kAppendBatch) {
        const size_t end = std::min(n, begin + kAppendBatch);
        if (end - begin == 1) {
          json(value[begin]);
          body_ += kAppend;
        } else {
          body_ += kMark;
          for (size_t i = begin; i < end; ++i) json(value[i]);
          body_ += kAppends;
        }
      }
      return;
    }
    case T::object:
      begin_dict();
      for (auto it = value.begin(); it != value.end(); ++it) {
        text(it.key());
        json(it.value());
      }
      return end_dict();
    default: throw Error("pickle writer: cannot write the JSON value " + value.dump());
  }
}

void PickleWriter::begin_dict() {
  body_ += kEmptyDict;
  body_ += kMark;
  open_.push_back('d');
}

void PickleWriter::end_dict() {
  if (open_.empty() || open_.back() != 'd') throw Error("pickle writer: end_dict without begin_dict");
  open_.pop_back();
  body_ += kSetItems;
}

void PickleWriter::begin_list() {
  body_ += kEmptyList;
  body_ += kMark;
  open_.push_back('l');
}

void PickleWriter::end_list() {
  if (open_.empty() || open_.back() != 'l') throw Error("pickle writer: end_list without begin_list");
  open_.pop_back();
  body_ += kAppends;
}

void PickleWriter::begin_tuple() {
  body_ += kMark;
  open_.push_back('t');
}

void PickleWriter::end_tuple() {
  if (open_.empty() || open_.back() != 't') throw Error("pickle writer: end_tuple without begin_tuple");
  open_.pop_back();
  body_ += kTuple;
}

void PickleWriter::empty_tuple() { body_ += kEmptyTuple; }

void PickleWriter::global(const std::string& module, const std::string& name) {
  body_ += kGlobal;
  body_ += module;
  body_ += '\n';
  body_ += name;
  body_ += '\n';
}

void PickleWriter::reduce() { body_ += kReduce; }

void PickleWriter::persistent_id() { body_ += kBinPersId; }

std::string PickleWriter::finish() {
  if (!open_.empty()) throw Error("pickle writer: " + std::to_string(open_.size()) + " containers still open");
  body_ += kStop;
  std::string out;
  out += kProto;
  out += static_cast<char>(protocol_);
  if (protocol_ >= 4) {
    // One frame around the whole body: optional, but what pickle.dumps produces for small data.
    out += kFrame;
    put_le(out, body_.size(), 8);
  }
  out += body_;
  body_.clear();
  return out;
}

}  // namespace gramt::io
