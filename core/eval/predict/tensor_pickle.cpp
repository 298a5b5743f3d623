#include "core/eval/predict/python_pickle_writer.h"

#include <cstring>

#include "core/common/error.h"

namespace gramt::eval::predict {

namespace {

// Opcodes of the pickle protocol used here.
constexpr char kProto = '\x80';
constexpr char kStop = '.';
constexpr char kMark = '(';
constexpr char kNone = 'N';
constexpr char kNewTrue = '\x88';
constexpr char kNewFalse = '\x89';
constexpr char kBinInt = 'J';
constexpr char kLong1 = '\x8a';
constexpr char kBinFloat = 'G';
constexpr char kBinUnicode = 'X';
constexpr char kBinBytes = 'B';
constexpr char kEmptyDict = '}';
constexpr char kSetItems = 'u';
constexpr char kEmptyList = ']';
constexpr char kAppends = 'e';
constexpr char kTuple = 't';
constexpr char kEmptyTuple = ')';
constexpr char kGlobal = 'c';
constexpr char kReduce = 'R';
constexpr char kBinPersId = 'Q';

void put_le(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void put_int(std::string& out, int64_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) {
    out += kBinInt;
    put_le(out, static_cast<uint32_t>(static_cast<int32_t>(v)), 4);
    return;
  }
  std::string digits;  // shortest little-endian two's complement
  int64_t rest = v;
  for (;;) {
    const auto byte = static_cast<uint8_t>(rest & 0xff);
    digits += static_cast<char>(byte);
    rest >>= 8;
    const bool sign_bit = (byte & 0x80) != 0;
    if ((rest == 0 && !sign_bit) || (rest == -1 && sign_bit)) break;
  }
  out += kLong1;
  put_le(out, digits.size(), 1);
  out += digits;
}

void put_text(std::string& out, const std::string& s) {
  out += kBinUnicode;
  put_le(out, s.size(), 4);
  out += s;
}

void put_global(std::string& out, const char* module, const char* name) {
  out += kGlobal;
  out += module;
  out += '\n';
  out += name;
  out += '\n';
}

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
  auto begin = [&out] {
    out += kProto;
    out += '\x02';
  };
  begin();  // magic number 0x1950a86a20f9469cfc6c
  out += kLong1;
  out += '\x0a';
  const unsigned char magic[10] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
  out.append(reinterpret_cast<const char*>(magic), sizeof(magic));
  out += kStop;
  begin();
  put_int(out, 1001);  // format version
  out += kStop;
  begin();
  out += kEmptyDict;
  out += kMark;
  put_text(out, "protocol_version");
  put_int(out, 1001);
  put_text(out, "little_endian");
  out += kNewTrue;
  put_text(out, "type_sizes");
  out += kEmptyDict;
  out += kMark;
  put_text(out, "short");
  put_int(out, 2);
  put_text(out, "int");
  put_int(out, 4);
  put_text(out, "long");
  put_int(out, 4);
  out += kSetItems;
  out += kSetItems;
  out += kStop;
  begin();  // ("storage", torch.<Type>Storage, key, location, numel, view metadata)
  out += kMark;
  put_text(out, "storage");
  put_global(out, "torch", type.name);
  put_text(out, "0");
  put_text(out, "cpu");
  put_int(out, numel);
  out += kNone;
  out += kTuple;
  out += kBinPersId;
  out += kStop;
  begin();  // the storage keys
  out += kEmptyList;
  out += kMark;
  put_text(out, "0");
  out += kAppends;
  out += kStop;
  put_le(out, static_cast<uint64_t>(numel), 8);
  out.append(static_cast<const char*>(contiguous.data_ptr()), static_cast<size_t>(numel * type.element_size));
  return out;
}

}  // namespace

PythonPickleWriter::PythonPickleWriter() {
  out_ += kProto;
  out_ += '\x03';
}

void PythonPickleWriter::none() { out_ += kNone; }

void PythonPickleWriter::boolean(bool value) { out_ += value ? kNewTrue : kNewFalse; }

void PythonPickleWriter::integer(int64_t value) { put_int(out_, value); }

void PythonPickleWriter::real(double value) {
  out_ += kBinFloat;
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(bits));
  for (int i = 7; i >= 0; --i) out_ += static_cast<char>((bits >> (8 * i)) & 0xff);  // big-endian
}

void PythonPickleWriter::text(const std::string& value) { put_text(out_, value); }

void PythonPickleWriter::bytes(const std::string& value) {
  out_ += kBinBytes;
  put_le(out_, value.size(), 4);
  out_ += value;
}

void PythonPickleWriter::json(const nlohmann::ordered_json& value) {
  using T = nlohmann::ordered_json::value_t;
  switch (value.type()) {
    case T::null: return none();
    case T::boolean: return boolean(value.get<bool>());
    case T::number_integer: return integer(value.get<int64_t>());
    case T::number_unsigned: {
      const auto v = value.get<uint64_t>();
      if (v > static_cast<uint64_t>(INT64_MAX)) throw Error("pickle writer: integer " + value.dump() + " is too large");
      return integer(static_cast<int64_t>(v));
    }
    case T::number_float: return real(value.get<double>());
    case T::string: return text(value.get<std::string>());
    case T::array:
      begin_list();
      for (const auto& item : value) json(item);
      return end_list();
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

void PythonPickleWriter::tensor(const torch::Tensor& value) {
  const torch::Tensor t = value.detach().to(torch::kCPU).contiguous();
  put_global(out_, "torch._utils", "_rebuild_tensor_v2");
  out_ += kMark;
  put_global(out_, "torch.storage", "_load_from_bytes");
  out_ += kMark;
  bytes(legacy_storage_file(t));
  out_ += kTuple;
  out_ += kReduce;
  integer(0);  // storage offset
  out_ += kMark;
  for (int64_t d = 0; d < t.dim(); ++d) integer(t.size(d));
  out_ += kTuple;
  out_ += kMark;
  for (int64_t d = 0; d < t.dim(); ++d) integer(t.stride(d));
  out_ += kTuple;
  boolean(false);  // requires_grad
  put_global(out_, "collections", "OrderedDict");  // backward hooks
  out_ += kEmptyTuple;
  out_ += kReduce;
  out_ += kTuple;
  out_ += kReduce;
}

void PythonPickleWriter::begin_dict() {
  out_ += kEmptyDict;
  out_ += kMark;
  open_.push_back('d');
}

void PythonPickleWriter::end_dict() {
  if (open_.empty() || open_.back() != 'd') throw Error("pickle writer: end_dict without begin_dict");
  open_.pop_back();
  out_ += kSetItems;
}

void PythonPickleWriter::begin_list() {
  out_ += kEmptyList;
  out_ += kMark;
  open_.push_back('l');
}

void PythonPickleWriter::end_list() {
  if (open_.empty() || open_.back() != 'l') throw Error("pickle writer: end_list without begin_list");
  open_.pop_back();
  out_ += kAppends;
}

void PythonPickleWriter::begin_tuple() {
  out_ += kMark;
  open_.push_back('t');
}

void PythonPickleWriter::end_tuple() {
  if (open_.empty() || open_.back() != 't') throw Error("pickle writer: end_tuple without begin_tuple");
  open_.pop_back();
  out_ += kTuple;
}

std::string PythonPickleWriter::finish() {
  if (!open_.empty()) throw Error("pickle writer: " + std::to_string(open_.size()) + " containers still open");
  out_ += kStop;
  return std::move(out_);
}

}  // namespace gramt::eval::predict
