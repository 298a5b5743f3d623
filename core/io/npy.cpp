#include "core/io/npy.h"

#include <cstring>
#include <fstream>
#include <regex>
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
  for (int64_t s : shape) n *= s;
  return n;
}

size_t NpyArray::item_size() const { return dtype_size(dtype, "npy"); }
std::vector<double> NpyArray::to_double() const { return convert<double>(*this); }
std::vector<float> NpyArray::to_float() const { return convert<float>(*this); }

namespace {

// `path` names the data in messages (a file, or a tar member).
NpyArray read_npy_stream(std::istream& in, const std::string& path) {
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    throw Error(path + ": not a .npy file (bad magic)");
  const int major = static_cast<unsigned char>(magic[6]);
  uint32_t header_len = 0;
  if (major == 1) {
    unsigned char b[2];
    if (!in.read(reinterpret_cast<char*>(b), 2)) throw Error(path + ": truncated header");
    header_len = b[0] | (b[1] << 8);
  } else if (major == 2 || major == 3) {
    unsigned char b[4];
    if (!in.read(reinterpret_cast<char*>(b), 4)) throw Error(path + ": truncated header");
    header_len = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
  } else {
    throw Error(path + ": unsupported npy version " + std::to_string(major));
  }
  if (header_len > (1u << 20)) throw Error(path + ": npy header too long");
  std::string header(header_len, '\0');
  if (!in.read(header.data(), header_len)) throw Error(path + ": truncated header");

  std::smatch m;
  NpyArray a;
  if (!std::regex_search(header, m, std::regex(R"('descr'\s*:\s*'([^']+)')")))
    throw Error(path + ": npy header has no 'descr'");
  a.dtype = m[1];
  if (a.dtype == "<b1") a.dtype = "|b1";
  if (std::regex_search(header, m, std::regex(R"('fortran_order'\s*:\s*True)")))
    throw Error(path + ": Fortran-ordered npy arrays are not supported");
  if (!std::regex_search(header, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
    throw Error(path + ": npy header has no 'shape'");
  std::stringstream dims(m[1].str());
  std::string tok;
  while (std::getline(dims, tok, ',')) {
    const auto first = tok.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    try {
      a.shape.push_back(std::stoll(tok.substr(first)));
    } catch (const std::exception&) {
      throw Error(path + ": bad npy shape entry '" + tok + "'");
    }
    if (a.shape.back() < 0) throw Error(path + ": negative npy dimension");
  }
  const size_t bytes = static_cast<size_t>(a.numel()) * dtype_size(a.dtype, path);
  a.bytes.resize(bytes);
  if (bytes > 0 && !in.read(a.bytes.data(), static_cast<std::streamsize>(bytes)))
    throw Error(path + ": truncated data (" + std::to_string(bytes) + " bytes expected)");
  return a;
}

}  // namespace

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  return read_npy_stream(in, path);
}

NpyArray parse_npy(const std::string& bytes, const std::string& where) {
  std::istringstream in(bytes, std::ios::binary);
  return read_npy_stream(in, where);
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
