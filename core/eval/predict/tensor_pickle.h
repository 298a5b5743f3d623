#pragma once
// Writes a Python pickle (protocol 3) of plain values and CPU tensors, value by value, the way
// Python's pickle.dump stores a torch.Tensor: torch._utils._rebuild_tensor_v2(storage, 0, size,
// stride, False, collections.OrderedDict()), with the storage as
// torch.storage._load_from_bytes(<torch.save of that storage in its legacy, non-zip format>).
// Python with torch installed reads the result with pickle.load, as it reads the kits' files.
//
// Containers are written between begin_* and end_*; a dict takes key, value, key, value, ...
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/types.h>

namespace gramt::eval::predict {

class PythonPickleWriter {
 public:
  PythonPickleWriter();

  void none();
  void boolean(bool value);
  void integer(int64_t value);
  void real(double value);
  void text(const std::string& value);   // str
  void bytes(const std::string& value);  // bytes
  // null, booleans, numbers, strings, arrays (lists) and objects (dicts with str keys).
  void json(const nlohmann::ordered_json& value);
  // float32, float64, int64, int32 or bool; any device (copied to the CPU), any layout.
  void tensor(const torch::Tensor& value);

  void begin_dict();
  void end_dict();
  void begin_list();
  void end_list();
  void begin_tuple();
  void end_tuple();

  // The finished pickle; the writer is done afterwards. Throws gramt::Error when a container is
  // still open.
  std::string finish();

 private:
  std::string out_;
  std::vector<char> open_;  // 'd', 'l', 't' for each open container
};

}  // namespace gramt::eval::predict
