#include "core/io/pickle_reader.h"

#include <cstring>
#include <map>

#include "core/common/error.h"

namespace gramt::io {
namespace {

constexpr const char* kOrderedDict = "collections.OrderedDict";

class Reader {
 public:
  Reader(const std::string& bytes, const std::string& what, const std::set<std::string>& allowed, PickleDocument& doc)
      : bytes_(bytes), what_(what), allowed_(allowed), doc_(doc) {}

  PickleRef run() {
    while (true) {
      const size_t at = pos_;
      const auto op = static_cast<unsigned char>(take(1)[0]);
      if (op == '.') break;  // STOP
      step(op, at);
    }
    if (stack_.size() != 1 || !marks_.empty()) fail("ends with " + std::to_string(stack_.size()) + " values on the stack");
    return stack_.back();
  }

 private:
  PickleRef make(PickleValue::Kind kind) {
    doc_.values.push_back(std::make_unique<PickleValue>());
    doc_.values.back()->kind = kind;
    return doc_.values.back().get();
  }

  [[noreturn]] void fail(const std::string& why) const { throw Error(what_ + ": " + why); }

  const char* take(size_t n) {
    if (n > bytes_.size() - pos_) fail("truncated pickle (wanted " + std::to_string(n) + " bytes at offset " + std::to_string(pos_) + ")");
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  uint64_t unsigned_le(size_t n) {
    const auto* p = reinterpret_cast<const unsigned char*>(take(n));
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
  }
  std::string line() {
    const size_t end = bytes_.find('\n', pos_);
    if (end == std::string::npos) fail("truncated GLOBAL at offset " + std::to_string(pos_));
    std::string s = bytes_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return s;
  }
  PickleRef pop() {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail("stack underflow at offset " + std::to_string(pos_));
    PickleRef v = stack_.back();
    stack_.pop_back();
    return v;
  }
  PickleRef& top() {
    if (stack_.empty()) fail("stack underflow at offset " + std::to_string(pos_));
    return stack_.back();
  }
  std::vector<PickleRef> pop_to_mark() {
    if (marks_.empty()) fail("no MARK before offset " + std::to_string(pos_));
    const size_t m = marks_.back();
    marks_.pop_back();
    std::vector<PickleRef> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  void push_string(PickleValue::Kind kind, size_t n) {
    auto v = make(kind);
    v->text.assign(take(n), n);
    stack_.push_back(v);
  }
  void push_int(int64_t i) {
    auto v = make(PickleValue::Kind::Int);
    v->integer = i;
    stack_.push_back(v);
  }
  void push_tuple(std::vector<PickleRef> items) {
    auto v = make(PickleValue::Kind::Tuple);
    v->items = std::move(items);
    stack_.push_back(v);
  }
  void global(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    if (!allowed_.count(full))
      fail("refused: the pickle asks for global '" + full +
           "', which is not on the allow-list (only containers, numbers, strings, OrderedDict and tensors are read)");
    auto v = make(PickleValue::Kind::Global);
    v->text = full;
    stack_.push_back(v);
  }
  void append_items(const PickleRef& list, const std::vector<PickleRef>& items) {
    if (list->kind != PickleValue::Kind::List) fail("APPEND to a " + std::string(to_string(list->kind)));
    list->items.insert(list->items.end(), items.begin(), items.end());
  }
  void set_items(const PickleRef& dict, const std::vector<PickleRef>& kv) {
    if (dict->kind != PickleValue::Kind::Dict) fail("SETITEM on a " + std::string(to_string(dict->kind)));
    if (kv.size() % 2 != 0) fail("odd number of values for SETITEMS");
    for (size_t i = 0; i < kv.size(); i += 2) dict->entries.emplace_back(kv[i], kv[i + 1]);
  }

  void step(unsigned char op, size_t at) {
    using K = PickleValue::Kind;
    switch (op) {
      case 0x80: {  // PROTO
        const auto proto = static_cast<unsigned char>(take(1)[0]);
        if (proto < 2 || proto > 5) fail("pickle protocol " + std::to_string(proto) + " is not read (2-5)");
        return;
      }
      case 0x95: take(8); return;  // FRAME: a length hint only
      case '(': marks_.push_back(stack_.size()); return;
      case 'N': stack_.push_back(make(K::None)); return;
      case 0x88: case 0x89: {  // NEWTRUE, NEWFALSE
        auto v = make(K::Bool);
        v->boolean = op == 0x88;
        stack_.push_back(v);
        return;
      }
      case 'K': push_int(static_cast<int64_t>(unsigned_le(1))); return;
      case 'M': push_int(static_cast<int64_t>(unsigned_le(2))); return;
      case 'J': push_int(static_cast<int32_t>(static_cast<uint32_t>(unsigned_le(4)))); return;
      case 0x8a: {  // LONG1: little-endian two's complement of n bytes
        const auto n = static_cast<size_t>(unsigned_le(1));
        if (n > 8) fail("integer of " + std::to_string(n) + " bytes is too large");
        uint64_t u = n ? unsigned_le(n) : 0;
        if (n > 0 && n < 8 && (u >> (8 * n - 1)) & 1u) u |= ~uint64_t{0} << (8 * n);  // sign-extend
        push_int(static_cast<int64_t>(u));
        return;
      }
      case 'G': {  // BINFLOAT, big-endian
        const auto* p = reinterpret_cast<const unsigned char*>(take(8));
        uint64_t u = 0;
        for (int i = 0; i < 8; ++i) u = (u << 8) | p[i];
        auto v = make(K::Float);
        std::memcpy(&v->number, &u, 8);
        stack_.push_back(v);
        return;
      }
      case 'X': push_string(K::String, static_cast<size_t>(unsigned_le(4))); return;   // BINUNICODE
      case 0x8c: push_string(K::String, static_cast<size_t>(unsigned_le(1))); return;  // SHORT_BINUNICODE
      case 0x8d: push_string(K::String, static_cast<size_t>(unsigned_le(8))); return;  // BINUNICODE8
      case 'T': push_string(K::String, static_cast<size_t>(unsigned_le(4))); return;   // BINSTRING
      case 'U': push_string(K::String, static_cast<size_t>(unsigned_le(1))); return;   // SHORT_BINSTRING
      case 'B': push_string(K::Bytes, static_cast<size_t>(unsigned_le(4))); return;    // BINBYTES
      case 'C': push_string(K::Bytes, static_cast<size_t>(unsigned_le(1))); return;    // SHORT_BINBYTES
      case '}': stack_.push_back(make(K::Dict)); return;
      case ']': stack_.push_back(make(K::List)); return;
      case ')': push_tuple({}); return;
      case 't': push_tuple(pop_to_mark()); return;
      case 0x85: case 0x86: case 0x87: {  // TUPLE1..3
        std::vector<PickleRef> items(static_cast<size_t>(op - 0x84));
        for (auto it = items.rbegin(); it != items.rend(); ++it) *it = pop();
        push_tuple(std::move(items));
        return;
      }
      case 'l': {
        auto v = make(K::List);
        v->items = pop_to_mark();
        stack_.push_back(v);
        return;
      }
      case 'd': {
        auto v = make(K::Dict);
        set_items(v, pop_to_mark());
        stack_.push_back(v);
        return;
      }
      case 'a': { auto item = pop(); append_items(top(), {item}); return; }
      case 'e': { auto items = pop_to_mark(); append_items(top(), items); return; }
      case 's': { auto value = pop(); auto key = pop(); set_items(top(), {key, value}); return; }
      case 'u': { auto kv = pop_to_mark(); set_items(top(), kv); return; }
      case 'q': memo_[unsigned_le(1)] = top(); return;   // BINPUT
      case 'r': memo_[unsigned_le(4)] = top(); return;   // LONG_BINPUT
      case 0x94: memo_[memo_.size()] = top(); return;    // MEMOIZE
      case 'h': case 'j': {                              // BINGET, LONG_BINGET
        const uint64_t key = unsigned_le(op == 'h' ? 1 : 4);
        const auto it = memo_.find(key);
        if (it == memo_.end()) fail("memo entry " + std::to_string(key) + " used before it was stored");
        stack_.push_back(it->second);
        return;
      }
      case '0': pop(); return;
      case '1': pop_to_mark(); return;
      case '2': stack_.push_back(top()); return;
      case 'c': {  // GLOBAL "module\nname\n"
        const std::string module = line();
        global(module, line());
        return;
      }
      case 0x93: {  // STACK_GLOBAL
        auto name = pop(), module = pop();
        if (module->kind != K::String || name->kind != K::String) fail("STACK_GLOBAL needs two strings");
        global(module->text, name->text);
        return;
      }
      case 'R': {  // REDUCE: recorded, never called
        auto args = pop();
        auto callable = pop();
        if (callable->kind != K::Global || args->kind != K::Tuple) fail("REDUCE needs a global and a tuple of arguments");
        if (callable->text == kOrderedDict) {
          if (!args->items.empty()) fail("collections.OrderedDict with arguments is not read");
          stack_.push_back(make(K::Dict));
          return;
        }
        auto call = make(K::Call);
        call->text = callable->text;
        call->items = std::move(args->items);
        stack_.push_back(call);
        return;
      }
      case 'Q': {  // BINPERSID: torch's storage references
        auto id = pop();
        if (id->kind != K::Tuple) fail("persistent id is not a tuple");
        auto v = make(K::PersistentId);
        v->items = id->items;
        stack_.push_back(v);
        return;
      }
      case 'b': {  // BUILD: only an OrderedDict's attributes (a state dict's _metadata), which are dropped
        auto state = pop();
        if (top()->kind != K::Dict) fail("BUILD on a " + std::string(to_string(top()->kind)) + " is not read");
        (void)state;
        return;
      }
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("refused: pickle opcode ") + hex + " at offset " + std::to_string(at) + " is not supported");
      }
    }
  }

  const std::string& bytes_;
  const std::string& what_;
  const std::set<std::string>& allowed_;
  PickleDocument& doc_;
  size_t pos_ = 0;
  std::vector<PickleRef> stack_;
  std::vector<size_t> marks_;
  std::map<uint64_t, PickleRef> memo_;
};

}  // namespace

PickleRef PickleValue::get(const std::string& key) const {
  for (const auto& [k, v] : entries)
    if (k->kind == Kind::String && k->text == key) return v;
  return nullptr;
}

const char* to_string(PickleValue::Kind kind) {
  switch (kind) {
    case PickleValue::Kind::None: return "None";
    case PickleValue::Kind::Bool: return "bool";
    case PickleValue::Kind::Int: return "int";
    case PickleValue::Kind::Float: return "float";
    case PickleValue::Kind::String: return "str";
    case PickleValue::Kind::Bytes: return "bytes";
    case PickleValue::Kind::List: return "list";
    case PickleValue::Kind::Tuple: return "tuple";
    case PickleValue::Kind::Dict: return "dict";
    case PickleValue::Kind::Global: return "global";
    case PickleValue::Kind::Call: return "call";
    case PickleValue::Kind::PersistentId: return "persistent id";
  }
  return "?";
}

PickleDocument read_pickle(const std::string& bytes, const std::string& what, const std::set<std::string>& allowed_globals) {
  PickleDocument doc;
  doc.root = Reader(bytes, what, allowed_globals, doc).run();
  return doc;
}

}  // namespace gramt::io
