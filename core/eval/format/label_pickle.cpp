#include "core/eval/format/label_pickle.h"

#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "core/io/pickle_reader.h"
#include "core/io/pickle_writer.h"

namespace gramt::eval::format {

namespace {

constexpr int kMaxDepth = 64;

// `budget` bounds the values produced: memo references let a few bytes name one list many times
// over (a list holding itself twice, 64 levels deep, would expand to 2^64 values).
nlohmann::json to_json(const io::PickleValue* value, int depth, size_t& budget, const std::string& source) {
  if (depth > kMaxDepth) throw Error(source + ": label pickle nests too deeply");
  if (budget == 0) throw Error(source + ": label pickle expands to far more values than its size allows (shared references)");
  --budget;
  using Kind = io::PickleValue::Kind;
  switch (value->kind) {
    case Kind::None: return nullptr;
    case Kind::Bool: return value->boolean;
    case Kind::Int: return value->integer;
    case Kind::Float: return value->number;
    case Kind::String: return value->text;
    case Kind::List:
    case Kind::Tuple: {
      nlohmann::json out = nlohmann::json::array();
      for (const io::PickleValue* item : value->items) out.push_back(to_json(item, depth + 1, budget, source));
      return out;
    }
    default:
      throw Error(source + ": label pickle holds a " + io::to_string(value->kind) +
                  ", outside the labels' subset (str, int, float, bool, None, lists, tuples)");
  }
}

void check_label_value(const nlohmann::ordered_json& value) {
  if (value.is_object()) throw Error("label pickle: cannot encode object values");
  if (value.is_array())
    for (const auto& item : value) check_label_value(item);
}

}  // namespace

nlohmann::json decode_label_pickle(const std::string& bytes, const std::string& source) {
  const io::PickleDocument document = io::read_pickle(bytes, source, {});
  if (document.root == nullptr) throw Error(source + ": empty label pickle");
  size_t budget = 64 * bytes.size() + 4096;
  return to_json(document.root, 0, budget, source);
}

nlohmann::json read_label_pickle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the label pickle");
  std::ostringstream content;
  content << in.rdbuf();
  return decode_label_pickle(content.str(), path);
}

std::string encode_label_pickle(const nlohmann::ordered_json& value) {
  check_label_value(value);
  io::PickleWriter writer(4);
  writer.json(value);
  return writer.finish();
}

}  // namespace gramt::eval::format
