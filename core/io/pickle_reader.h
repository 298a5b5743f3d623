#pragma once
// A restricted reader for Python pickles (protocols 2-5, the opcodes torch.save emits). It builds plain
// values only: None, bools, ints, floats, strings, bytes, lists, tuples and dicts. A global is accepted
// only when it is on the caller's allow-list; calling one (REDUCE) is *recorded* as a Call value for the
// caller to interpret, never executed. collections.OrderedDict() becomes a plain dict. Any other
// global, and any opcode outside the supported set, is refused with one message naming it.
//
// Written by hand rather than through LibTorch's unpickler: LibTorch 1.13 resolves unknown globals as
// TorchScript classes and builds objects from them, and offers no allow-list, so it cannot promise to
// refuse `posix.system` with a message naming it. Python's own pickle is not available in C++.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace gramt::io {

struct PickleValue;
// Values point at each other without owning: a pickle's memo can make cycles (a list holding itself),
// so the document owns every value and the references inside stay plain pointers.
using PickleRef = PickleValue*;

struct PickleValue {
  enum class Kind { None, Bool, Int, Float, String, Bytes, List, Tuple, Dict, Global, Call, PersistentId };
  Kind kind = Kind::None;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;
  std::string text;                                   // String, Bytes; Global and Call: "module.name"
  std::vector<PickleRef> items;                       // List, Tuple; Call: the arguments; PersistentId: the id's fields
  std::vector<std::pair<PickleRef, PickleRef>> entries;  // Dict, in insertion order

  // The entry whose key is the string `key`, or nullptr.
  PickleRef get(const std::string& key) const;
};

const char* to_string(PickleValue::Kind kind);

struct PickleDocument {
  std::vector<std::unique_ptr<PickleValue>> values;  // every value read, owned here
  PickleRef root = nullptr;
};

// `what` names the source in errors (e.g. "w.ckpt: data.pkl"). allowed_globals holds "module.name"
// strings; "collections.OrderedDict" must be among them for state dicts to read.
PickleDocument read_pickle(const std::string& bytes, const std::string& what, const std::set<std::string>& allowed_globals);

}  // namespace gramt::io
