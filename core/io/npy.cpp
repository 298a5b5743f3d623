#include "core/io/npy.h"

#include <cstring>
#include <fstream>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <sstream>

#include "core/common/atomic_file.h"
#include "core/common/error.h"

namespace gramt::io {
namespace {

size_t dtype_size(const std::string& d, const std::string& path) {
  static const char* known[] = {"<f4", "<f8", "<f2", "<i8", "<i4", "<i2", "|i1", "|u1", "<u2", "<u4", "<u8", "|b1"};
  for (const char* k : known)
    if (d == k) {
      if (d == "|b1" || d == "|i1" || d == "|u1") return 1;
      return static_cast<size_t>(d[2] - '0');
    }
  throw Error(path + ": unsupported npy dtype '" + d + "' (expected little-endian numeric or bool)");
}

template <typename Out>
std::vector<Out> convert(const NpyArray& a) {
  const int64_t n = a.numel();
  // Only as many values as the bytes hold: an array assembled by hand may disagree with its shape.
  if (static_cast<uint64_t>(a.bytes.size()) / a.item_size() != static_cast<uint64_t>(n) || a.bytes.size() % a.item_size())
    throw Error("npy: " + std::to_string(a.bytes.size()) + " data bytes do not hold " + std::to_string(n) + " " + a.dtype +
                " values");
  std::vector<Out> out(static_cast<size_t>(n));
  const char* p = a.bytes.data();
  auto load = [&](auto tag, int64_t i) {
    using T = decltype(tag);
    T v;
    std::memcpy(&v, p + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
    return static_cast<Out>(v);
  };
  for (int64_t i = 0; i < n; ++i) {
    const std::string& d = a.dtype;
    Out v{};
    if (d == "<f4") v = load(float{}, i);
    else if (d == "<f8") v = load(double{}, i);
    else if (d == "<i8") v = load(int64_t{}, i);
    else if (d == "<i4") v = load(int32_t{}, i);
    else if (d == "<i2") v = load(int16_t{}, i);
    else if (d == "|i1") v = load(int8_t{}, i);
    else if (d == "|u1" || d == "|b1") v = load(uint8_t{}, i);
    else if (d == "<u2") v = load(uint16_t{}, i);
    else if (d == "<u4") v = load(uint32_t{}, i);
    else if (d == "<u8") v = load(uint64_t{}, i);
    else throw Error("npy: cannot convert dtype " + d);
    out[static_cast<size_t>(i)] = v;
  }
  return out;
}

}  // namespace

int64_t NpyArray::numel() const {
  int64_t n = 1;
  for (int64_t s : shape) {
    if (s < 0 || (s != 0 && n > INT64_MAX / s)) throw Error("npy: shape entries overflow the element count");
    n *= s;
  }
  return n;
}

size_t NpyArray::item_size() const { return dtype_size(dtype, "npy"); }
std::vector<double> NpyArray::to_double() const { return convert<double>(*this); }
std::vector<float> NpyArray::to_float() const { return convert<float>(*this); }

namespace {

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }.
// A small strict parser instead of regular expressions: every byte is accounted for, the three
// keys appear exactly once, shape entries are plain decimal integers that fit int64.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& path) : s_(text), path_(path) {}

  void parse(NpyArray& a) {
    bool have_descr = false, have_order = false, have_shape = false;
    expect('{');
    while (true) {
      skip_space();
      if (peek() == '}') break;
      const std::string key = quoted();
      expect(':');
      if (key == "descr") {
        once(have_descr, key);
        a.dtype = quoted();
      } else if (key == "fortran_order") {
        once(have_order, key);
        if (word() != "False") throw Error(path_ + ": Fortran-ordered npy arrays are not supported");
      } else if (key == "shape") {
        once(have_shape, key);
        a.shape = shape();
      } else {
        fail("unknown key '" + key + "'");
      }
      skip_space();
      if (peek() == ',') ++i_;
      else if (peek() != '}') fail("expected ',' or '}'");
    }
    ++i_;
    skip_space();
    if (i_ != s_.size()) fail("text after the closing '}'");
    if (!have_descr) throw Error(path_ + ": npy header has no 'descr'");
    if (!have_order) throw Error(path_ + ": npy header has no 'fortran_order'");
    if (!have_shape) throw Error(path_ + ": npy header has no 'shape'");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(path_ + ": bad npy header at byte " + std::to_string(i_) + ": " + what);
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }
  void once(bool& seen, const std::string& key) {
    if (seen) fail("key '" + key + "' appears twice");
    seen = true;
  }
  std::string quoted() {
    skip_space();
    const char q = peek();
    if (q != '\'' && q != '"') fail("expected a quoted string");
    const size_t end = s_.find(q, i_ + 1);
    if (end == std::string::npos) fail("unterminated string");
    std::string out = s_.substr(i_ + 1, end - i_ - 1);
    i_ = end + 1;
    return out;
  }
  std::string word() {
    skip_space();
    const size_t from = i_;
    while (i_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    return s_.substr(from, i_ - from);
  }
  int64_t integer() {
    skip_space();
    const size_t from = i_;
    int64_t v = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      const int digit = s_[i_] - '0';
      if (v > (INT64_MAX - digit) / 10) fail("shape entry too large");
      v = v * 10 + digit;
      ++i_;
    }
    if (i_ == from) fail("a shape entry is not a non-negative integer");
    if (peek() == 'L') ++i_;  // Python 2's long suffix
    return v;
  }
  std::vector<int64_t> shape() {
    expect('(');
    std::vector<int64_t> dims;
    while (true) {
      skip_space();
      if (peek() == ')') break;
      if (dims.size() >= 32) fail("more than 32 dimensions");
      dims.push_back(integer());
      skip_space();
      if (peek() == ',') ++i_;
      else if (peek() != ')') fail("expected ',' or ')' in the shape");
    }
    ++i_;
    return dims;
  }

  const std::string& s_;
  const std::string& path_;
  size_t i_ = 0;
};

constexpr uint32_t kMaxHeaderBytes = 64 * 1024;

// `path` names the data in messages (a file, or a tar member); `total_size` is the byte count of
// the whole file, so the data size is checked against what is there before anything is allocated.
NpyArray read_npy_stream(std::istream& in, uint64_t total_size, const std::string& path) {
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    throw Error(path + ": not a .npy file (bad magic)");
  const int major = static_cast<unsigned char>(magic[6]);
  uint32_t header_len = 0;
  uint64_t prefix = 0;
  if (major == 1) {
    unsigned char b[2];
    if (!in.read(reinterpret_cast<char*>(b), 2)) throw Error(path + ": truncated header");
    header_len = b[0] | (b[1] << 8);
    prefix = 10;
  } else if (major == 2 || major == 3) {
    unsigned char b[4];
    if (!in.read(reinterpret_cast<char*>(b), 4)) throw Error(path + ": truncated header");
    header_len = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
    prefix = 12;
  } else {
    throw Error(path + ": unsupported npy version " + std::to_string(major));
  }
  if (header_len > kMaxHeaderBytes)
    throw Error(path + ": npy header of " + std::to_string(header_len) + " bytes (at most 64 KiB)");
  if (prefix + header_len > total_size) throw Error(path + ": truncated header");
  std::string header(header_len, '\0');
  if (!in.read(header.data(), header_len)) throw Error(path + ": truncated header");

  NpyArray a;
  HeaderParser(header, path).parse(a);
  if (a.dtype == "<b1") a.dtype = "|b1";
  const uint64_t item = dtype_size(a.dtype, path);
  uint64_t bytes = item;
  for (int64_t d : a.shape)
    if (d != 0 && bytes > UINT64_MAX / static_cast<uint64_t>(d)) throw Error(path + ": npy shape too large");
    else bytes *= static_cast<uint64_t>(d);
  const uint64_t present = total_size - prefix - header_len;
  if (bytes != present)
    throw Error(path + ": the shape needs " + std::to_string(bytes) + " data bytes but the file has " +
                std::to_string(present) + (bytes > present ? " (truncated)" : ""));
  a.bytes.resize(static_cast<size_t>(bytes));
  if (bytes > 0 && !in.read(a.bytes.data(), static_cast<std::streamsize>(bytes)))
    throw Error(path + ": truncated data (" + std::to_string(bytes) + " bytes expected)");
  return a;
}

}  // namespace

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) throw Error(path + ": cannot read its size: " + ec.message());
  return read_npy_stream(in, size, path);
}

NpyArray parse_npy(const std::string& bytes, const std::string& where) {
  std::istringstream in(bytes, std::ios::binary);
  return read_npy_stream(in, bytes.size(), where);
}

std::string npy_header(const std::string& dtype, const std::vector<int64_t>& shape) {
  std::string dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) {
    dict += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) dict += ",";
    if (i + 1 < shape.size()) dict += " ";
  }
  dict += "), }";
  // Pad so that magic(6) + version(2) + len(2) + header is a multiple of 64, ending in '\n'.
  const size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>((dict.size() >> 8) & 0xff);
  return out + dict;
}

void write_npy(const std::string& path, const NpyArray& array) {
  write_file_atomically(path, [&](std::ostream& out) {
    const std::string h = npy_header(array.dtype, array.shape);
    out.write(h.data(), static_cast<std::streamsize>(h.size()));
    out.write(array.bytes.data(), static_cast<std::streamsize>(array.bytes.size()));
  });
}

void write_npy(const std::string& path, const float* data, const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  write_file_atomically(path, [&](std::ostream& out) {
    const std::string h = npy_header("<f4", shape);
    out.write(h.data(), static_cast<std::streamsize>(h.size()));
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(n * 4));
  });
}

void write_npy(const std::string& path, const std::vector<float>& data, const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  if (static_cast<size_t>(n) != data.size())
    throw Error(path + ": write_npy: " + std::to_string(data.size()) + " values for a shape of " + std::to_string(n));
  write_npy(path, data.data(), shape);
}

}  // namespace gramt::io
