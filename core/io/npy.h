#pragma once
// NumPy .npy files (format 1.0/2.0/3.0 read, 1.0 written): the exchange format of the HEAR kits and
// of our golden cases. Written by hand because no Debian C++ library reads/writes .npy; the format is
// a short text header plus raw little-endian data.
#include <cstdint>
#include <string>
#include <vector>

namespace gramt::io {

struct NpyArray {
  std::string dtype;            // numpy descr, e.g. "<f4", "<f8", "<i8", "|b1"
  std::vector<int64_t> shape;   // empty = scalar
  std::vector<char> bytes;      // C order, little-endian

  int64_t numel() const;
  size_t item_size() const;
  // Converts any numeric dtype to float64 / float32 (bool → 0/1).
  std::vector<double> to_double() const;
  std::vector<float> to_float() const;
};

// Reads a .npy file; throws gramt::Error naming the file for a bad magic, header, dtype, Fortran
// order, or a data size that disagrees with the shape.
NpyArray read_npy(const std::string& path);
// The same from the bytes of a .npy file held in memory (a tar member); `where` names it in errors.
NpyArray parse_npy(const std::string& bytes, const std::string& where);

// Writes float32 / int64 / bool arrays atomically (temporary file + rename), format 1.0, C order.
void write_npy(const std::string& path, const float* data, const std::vector<int64_t>& shape);
void write_npy(const std::string& path, const std::vector<float>& data, const std::vector<int64_t>& shape);
void write_npy(const std::string& path, const NpyArray& array);

// The header bytes (magic .. newline) for a dtype and shape; exposed for streaming writers.
std::string npy_header(const std::string& dtype, const std::vector<int64_t>& shape);

}  // namespace gramt::io
