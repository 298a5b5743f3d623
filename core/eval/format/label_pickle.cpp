#include "core/eval/predict/label_pickle.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "core/common/error.h"

namespace gramt::eval::predict {

namespace {

// Lists may be referenced from several places (pickle memo), and are filled after being
// memoised, so values are shared nodes until the pickle is complete.
struct Node {
  enum class Kind { none, boolean, integer, real, text, list, mark } kind = Kind::none;
  bool boolean = false;
  int64_t integer = 0;
  double real = 0.0;
  std::string text;
  std::vector<std::shared_ptr<Node>> items;
};
using NodePtr = std::shared_ptr<Node>;


// `budget` bounds the values produced: memo references let a few bytes name one list many times
// over (a list holding itself twice, 64 levels deep, would expand to 2^64 values).
nlohmann::json to_json(const NodePtr& node, int depth, size_t& budget, const std::string& source) {
  if (depth > 64) throw Error(source + ": label pickle nests too deeply");
  if (budget == 0) throw Error(source + ": label pickle expands to far more values than its size allows (shared references)");
  --budget;
  switch (node->kind) {
    case Node::Kind::none: return nullptr;
    case Node::Kind::boolean: return node->boolean;
    case Node::Kind::integer: return node->integer;
    case Node::Kind::real: return node->real;
    case Node::Kind::text: return node->text;
    case Node::Kind::list: {
      nlohmann::json array = nlohmann::json::array();
      for (const NodePtr& item : node->items) array.push_back(to_json(item, depth + 1, budget, source));
      return array;
    }
    case Node::Kind::mark: break;
  }
  throw Error(source + ": malformed label pickle (stray MARK)");
}

class PickleDecoder {
 public:
  PickleDecoder(const std::string& bytes, const std::string& source) : bytes_(bytes), source_(source) {}
  // A list appended to itself forms a shared_ptr cycle; emptying every list frees it.
  ~PickleDecoder() {
    for (const NodePtr& node : created_) node->items.clear();
  }
  PickleDecoder(const PickleDecoder&) = delete;
  PickleDecoder& operator=(const PickleDecoder&) = delete;

  nlohmann::json run() {
    while (true) {
      const uint8_t op = read_u8();
      switch (op) {
        case 0x80: read_u8(); break;        // PROTO
        case 0x95: skip(8); break;          // FRAME
        case '.': return finish();          // STOP
        case '(': push(make_node(Node::Kind::mark)); break;
        case ']': case ')': push(make_node(Node::Kind::list)); break;  // EMPTY_LIST / EMPTY_TUPLE
        case 'N': push(make_node(Node::Kind::none)); break;
        case 0x88: case 0x89: {             // NEWTRUE / NEWFALSE
          NodePtr n = make_node(Node::Kind::boolean);
          n->boolean = op == 0x88;
          push(n);
          break;
        }
        case 'K': push_int(read_u8()); break;                        // BININT1
        case 'M': push_int(read_le(2)); break;                       // BININT2
        case 'J': push_int(static_cast<int32_t>(read_le(4))); break; // BININT
        case 0x8a: push_long(read_u8()); break;                      // LONG1
        case 0x8b: push_long(read_le(4)); break;                     // LONG4
        case 'G': {                                                  // BINFLOAT (big-endian)
          uint64_t bits = 0;
          for (int i = 0; i < 8; ++i) bits = (bits << 8) | read_u8();
          NodePtr n = make_node(Node::Kind::real);
          std::memcpy(&n->real, &bits, sizeof(double));
          push(n);
          break;
        }
        case 0x8c: push_text(read_u8()); break;   // SHORT_BINUNICODE
        case 'X': push_text(read_le(4)); break;   // BINUNICODE
        case 0x8d: push_text(read_le(8)); break;  // BINUNICODE8
        case 'U': push_text(read_u8()); break;    // SHORT_BINSTRING (protocol 2 str)
        case 'T': push_text(read_le(4)); break;   // BINSTRING
        case 0x94: memo_[memo_.size()] = top(); break;        // MEMOIZE
        case 'q': memo_[read_u8()] = top(); break;            // BINPUT
        case 'r': memo_[read_le(4)] = top(); break;           // LONG_BINPUT
        case 'h': push(memo_get(read_u8())); break;           // BINGET
        case 'j': push(memo_get(read_le(4))); break;          // LONG_BINGET
        case 'a': {                                           // APPEND
          NodePtr item = pop();
          list_top()->items.push_back(item);
          break;
        }
        case 'e': {                                           // APPENDS
          std::vector<NodePtr> items = pop_to_mark();
          NodePtr list = list_top();
          list->items.insert(list->items.end(), items.begin(), items.end());
          break;
        }
        case 't': {                                           // TUPLE
          NodePtr tuple = make_node(Node::Kind::list);
          tuple->items = pop_to_mark();
          push(tuple);
          break;
        }
        case 0x85: case 0x86: case 0x87: {                    // TUPLE1 / TUPLE2 / TUPLE3
          const size_t count = static_cast<size_t>(op - 0x84);
          if (stack_.size() < count) fail("tuple without enough items");
          NodePtr tuple = make_node(Node::Kind::list);
          tuple->items.assign(stack_.end() - static_cast<long>(count), stack_.end());
          stack_.resize(stack_.size() - count);
          push(tuple);
          break;
        }
        default: {
          std::ostringstream message;
          message << "unsupported pickle opcode 0x" << std::hex << static_cast<int>(op) << " at byte "
                  << std::dec << (pos_ - 1)
                  << " (only lists of str/int/float labels are expected)";
          fail(message.str());
        }
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(source_ + ": malformed label pickle: " + what);
  }
  uint8_t read_u8() {
    if (pos_ >= bytes_.size()) fail("truncated (no STOP)");
    return static_cast<uint8_t>(bytes_[pos_++]);
  }
  uint64_t read_le(int count) {
    uint64_t value = 0;
    for (int i = 0; i < count; ++i) value |= static_cast<uint64_t>(read_u8()) << (8 * i);
    return value;
  }
  void skip(size_t count) {
    if (bytes_.size() - pos_ < count) fail("truncated frame");
    pos_ += count;
  }
  NodePtr make_node(Node::Kind kind) {
    auto node = std::make_shared<Node>();
    node->kind = kind;
    if (kind == Node::Kind::list) created_.push_back(node);
    return node;
  }
  void push(NodePtr node) { stack_.push_back(std::move(node)); }
  NodePtr pop() {
    if (stack_.empty()) fail("stack underflow");
    NodePtr node = stack_.back();
    stack_.pop_back();
    return node;
  }
  NodePtr top() const {
    if (stack_.empty()) fail("memoising an empty stack");
    return stack_.back();
  }
  NodePtr list_top() const {
    if (stack_.empty() || stack_.back()->kind != Node::Kind::list) fail("append to a non-list");
    return stack_.back();
  }
  NodePtr memo_get(uint64_t key) const {
    auto it = memo_.find(key);
    if (it == memo_.end()) fail("reference to an unknown memo entry");
    return it->second;
  }
  std::vector<NodePtr> pop_to_mark() {
    for (size_t i = stack_.size(); i-- > 0;) {
      if (stack_[i]->kind == Node::Kind::mark) {
        std::vector<NodePtr> items(stack_.begin() + static_cast<long>(i) + 1, stack_.end());
        stack_.resize(i);
        return items;
      }
    }
    fail("no MARK before APPENDS/TUPLE");
  }
  void push_int(int64_t value) {
    NodePtr n = make_node(Node::Kind::integer);
    n->integer = value;
    push(n);
  }
  void push_long(uint64_t length) {
    if (length > 8) fail("integer label wider than 64 bits");
    uint64_t raw = read_le(static_cast<int>(length));
    if (length > 0 && length < 8 && (raw >> (8 * length - 1)) & 1U) raw |= ~0ULL << (8 * length);
    push_int(static_cast<int64_t>(raw));
  }
  void push_text(uint64_t length) {
    if (bytes_.size() - pos_ < length) fail("truncated string");
    NodePtr n = make_node(Node::Kind::text);
    n->text = bytes_.substr(pos_, static_cast<size_t>(length));
    pos_ += static_cast<size_t>(length);
    push(n);
  }
  nlohmann::json finish() {
    if (stack_.size() != 1) fail("STOP with " + std::to_string(stack_.size()) + " values on the stack");
    size_t budget = 64 * bytes_.size() + 4096;
    return to_json(stack_.back(), 0, budget, source_);
  }

  const std::string& bytes_;
  const std::string& source_;
  size_t pos_ = 0;
  std::vector<NodePtr> stack_;
  std::unordered_map<uint64_t, NodePtr> memo_;
  std::vector<NodePtr> created_;  // every list, to break cycles on destruction
};

}  // namespace

nlohmann::json decode_label_pickle(const std::string& bytes, const std::string& source) {
  return PickleDecoder(bytes, source).run();
}

nlohmann::json read_label_pickle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the label pickle");
  std::ostringstream content;
  content << in.rdbuf();
  return decode_label_pickle(content.str(), path);
}

}  // namespace gramt::eval::predict
