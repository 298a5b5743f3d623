#pragma once
// safetensors weights files: an 8-byte header length, a JSON header (name → dtype, shape, byte
// range; optional "__metadata__" of string pairs), then raw little-endian data. The reader maps the
// file into memory and checks every offset and shape against the file before anything reads it.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gramt::io {

enum class StDType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL };

const char* to_string(StDType d);
size_t element_size(StDType d);

struct StTensorView {
  std::string name;
  StDType dtype = StDType::F32;
  std::vector<int64_t> shape;
  const unsigned char* data = nullptr;  // points into the mapping; valid while the file is open
  size_t nbytes = 0;
  int64_t numel() const;
};

class SafetensorsFile {
 public:
  // Opens and validates `path`; throws gramt::Error naming the file and the problem.
  explicit SafetensorsFile(const std::string& path);
  ~SafetensorsFile();
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;

  const std::string& path() const { return path_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const std::vector<StTensorView>& tensors() const { return tensors_; }  // sorted by name
  const StTensorView* find(const std::string& name) const;

 private:
  std::string path_;
  void* mapping_ = nullptr;
  size_t mapping_size_ = 0;
  std::map<std::string, std::string> metadata_;
  std::vector<StTensorView> tensors_;
};

// A tensor to write: the bytes must hold numel(shape) elements of dtype, little-endian.
struct StTensorData {
  std::string name;
  StDType dtype = StDType::F32;
  std::vector<int64_t> shape;
  std::vector<unsigned char> bytes;
};

// Writes a safetensors file atomically (temporary file, fsync, rename). Tensors are stored in
// name order with 8-byte aligned offsets.
void write_safetensors(const std::string& path, const std::vector<StTensorData>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace gramt::io
