#include "core/eval/predict/tensor_pickle.h"

#include "core/common/error.h"

namespace gramt::eval::predict {

namespace {

struct StorageType {
  const char* name;  // torch.<name>
  int64_t element_size;
};

StorageType storage_type(torch::ScalarType dtype) {
  switch (dtype) {
    case torch::kFloat32: return {"FloatStorage", 4};
    case torch::kFloat64: return {"DoubleStorage", 8};
    case torch::kInt64: return {"LongStorage", 8};
    case torch::kInt32: return {"IntStorage", 4};
    case torch::kBool: return {"BoolStorage", 1};
    default: throw Error(std::string("pickle writer: tensors of type ") + c10::toString(dtype) + " are not supported");
  }
}

// What torch.save(storage, f, _use_new_zipfile_serialization=False) writes: four protocol-2
// pickles (magic number, format version, sys info, the storage as a persistent id), the pickled
// list of storage keys, then the storage's element count (int64) and its bytes, little-endian.
std::string legacy_storage_file(const torch::Tensor& contiguous) {
  const StorageType type = storage_type(contiguous.scalar_type());
  const int64_t numel = contiguous.numel();
  std::string out;

  io::PickleWriter magic(2);  // 0x1950a86a20f9469cfc6c
  const unsigned char magic_bytes[10] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
  magic.long_integer(std::string(reinterpret_cast<const char*>(magic_bytes), sizeof(magic_bytes)));
  out += magic.finish();

  io::PickleWriter version(2);
  version.integer(1001);
  out += version.finish();

  io::PickleWriter sys_info(2);
  sys_info.json(nlohmann::ordered_json{{"protocol_version", 1001},
                                       {"little_endian", true},
                                       {"type_sizes", {{"short", 2}, {"int", 4}, {"long", 4}}}});
  out += sys_info.finish();

  io::PickleWriter storage(2);  // ("storage", torch.<Type>Storage, key, location, numel, view metadata)
  storage.begin_tuple();
  storage.text("storage");
  storage.global("torch", type.name);
  storage.text("0");
  storage.text("cpu");
  storage.integer(numel);
  storage.none();
  storage.end_tuple();
  storage.persistent_id();
  out += storage.finish();

  io::PickleWriter keys(2);
  keys.json(nlohmann::ordered_json::array({"0"}));
  out += keys.finish();

  for (int i = 0; i < 8; ++i) out += static_cast<char>((static_cast<uint64_t>(numel) >> (8 * i)) & 0xff);
  out.append(static_cast<const char*>(contiguous.data_ptr()), static_cast<size_t>(numel * type.element_size));
  return out;
}

}  // namespace

void write_tensor(io::PickleWriter& w, const torch::Tensor& value) {
  const torch::Tensor t = value.detach().to(torch::kCPU).contiguous();
  w.global("torch._utils", "_rebuild_tensor_v2");
  w.begin_tuple();
  w.global("torch.storage", "_load_from_bytes");
  w.begin_tuple();
  w.bytes(legacy_storage_file(t));
  w.end_tuple();
  w.reduce();
  w.integer(0);  // storage offset
  w.begin_tuple();
  for (int64_t d = 0; d < t.dim(); ++d) w.integer(t.size(d));
  w.end_tuple();
  w.begin_tuple();
  for (int64_t d = 0; d < t.dim(); ++d) w.integer(t.stride(d));
  w.end_tuple();
  w.boolean(false);  // requires_grad
  w.global("collections", "OrderedDict");  // backward hooks
  w.empty_tuple();
  w.reduce();
  w.end_tuple();
  w.reduce();
}

}  // namespace gramt::eval::predict
