#pragma once
// Writes Python pickles value by value: the encoder core behind every pickle this project writes
// (the kits' <split>.target-labels.pkl, protocol 4; <fold>.predictions.pkl with its tensors,
// protocol 3; torch's legacy storage records, protocol 2). Values use the opcodes Python's own
// pickler picks for them (BININT1 for 0..255, SHORT_BINUNICODE from protocol 4 on, batched
// APPENDS for lists), so a reader of either side sees what it expects. The inverse, with an
// allow-list, is pickle_reader.h. No LibTorch: tensors are written by their owners through
// global(), reduce() and the containers.
//
// Containers are written between begin_* and end_*; a dict takes key, value, key, value, ...
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gramt::io {

class PickleWriter {
 public:
  // Protocol 2, 3 or 4; protocol 4 wraps the whole pickle in one frame, as pickle.dumps does.
  explicit PickleWriter(int protocol);

  void none();
  void boolean(bool value);
  void integer(int64_t value);
  void unsigned_integer(uint64_t value);
  void long_integer(const std::string& little_endian_twos_complement);  // LONG1, for any width
  void real(double value);
  void text(const std::string& value);   // str
  void bytes(const std::string& value);  // bytes
  // null, booleans, numbers, strings, arrays (lists) and objects (dicts with str keys).
  void json(const nlohmann::ordered_json& value);

  void begin_dict();
  void end_dict();
  void begin_list();
  void end_list();
  void begin_tuple();
  void end_tuple();
  void empty_tuple();
  void global(const std::string& module, const std::string& name);  // GLOBAL: module.name
  void reduce();               // calls the callable below the argument tuple on top (when unpickled)
  void persistent_id();        // BINPERSID of the value on top

  // The finished pickle; the writer is done afterwards. Throws gramt::Error when a container is
  // still open.
  std::string finish();

 private:
  int protocol_;
  std::string body_;
  std::vector<char> open_;  // 'd', 'l', 't' for each open container
};

}  // namespace gramt::io
