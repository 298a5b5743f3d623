#include "core/io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "core/common/atomic_file.h"
#include "core/common/error.h"

namespace gramt::io {
namespace {

StDType parse_dtype(const std::string& s, const std::string& where) {
  static const std::pair<const char*, StDType> table[] = {
      {"F32", StDType::F32}, {"F16", StDType::F16}, {"BF16", StDType::BF16}, {"F64", StDType::F64},
      {"I64", StDType::I64}, {"I32", StDType::I32}, {"I16", StDType::I16},   {"I8", StDType::I8},
      {"U8", StDType::U8},   {"BOOL", StDType::BOOL}};
  for (const auto& [name, d] : table)
    if (s == name) return d;
  throw Error(where + ": unsupported dtype '" + s + "'");
}

}  // namespace

const char* to_string(StDType d) {
  switch (d) {
    case StDType::F32: return "F32";
    case StDType::F16: return "F16";
    case StDType::BF16: return "BF16";
    case StDType::F64: return "F64";
    case StDType::I64: return "I64";
    case StDType::I32: return "I32";
    case StDType::I16: return "I16";
    case StDType::I8: return "I8";
    case StDType::U8: return "U8";
    case StDType::BOOL: return "BOOL";
  }
  return "?";
}

size_t element_size(StDType d) {
  switch (d) {
    case StDType::F64: case StDType::I64: return 8;
    case StDType::F32: case StDType::I32: return 4;
    case StDType::F16: case StDType::BF16: case StDType::I16: return 2;
    default: return 1;
  }
}

int64_t StTensorView::numel() const {
  // Shapes were checked against the bytes present when the file was opened: no overflow here.
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

SafetensorsFile::SafetensorsFile(const std::string& path) : path_(path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw Error(path + ": cannot open weights file: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path + ": not a regular file");
  }
  mapping_size_ = static_cast<size_t>(st.st_size);
  if (mapping_size_ < 8) {
    ::close(fd);
    throw Error(path + ": too short to be a safetensors file (" + std::to_string(mapping_size_) + " bytes)");
  }
  mapping_ = ::mmap(nullptr, mapping_size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapping_ == MAP_FAILED) {
    mapping_ = nullptr;
    throw Error(path + ": cannot map file: " + std::strerror(errno));
  }
  try {
    const auto* base = static_cast<const unsigned char*>(mapping_);
    uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | base[i];
    if (header_len > mapping_size_ - 8)
      throw Error(path + ": bad safetensors header: header length " + std::to_string(header_len) +
                  " exceeds the file size " + std::to_string(mapping_size_));
    nlohmann::json header;
    // JSON lets a later duplicate key silently replace an earlier one; two entries for one tensor
    // name mean a damaged or forged file, so the parser's key events are watched at the top level.
    std::set<std::string> top_keys;
    std::string duplicate;
    const auto watch_keys = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
      if (event == nlohmann::json::parse_event_t::key && depth == 1 && parsed.is_string() &&
          !top_keys.insert(parsed.get<std::string>()).second && duplicate.empty())
        duplicate = parsed.get<std::string>();
      return true;
    };
    try {
      header = nlohmann::json::parse(base + 8, base + 8 + header_len, watch_keys);
    } catch (const std::exception& e) {
      throw Error(path + ": bad safetensors header: not valid JSON (" + e.what() + ")");
    }
    if (!duplicate.empty()) throw Error(path + ": bad safetensors header: the key '" + duplicate + "' appears twice");
    if (!header.is_object()) throw Error(path + ": bad safetensors header: not a JSON object");
    const unsigned char* data = base + 8 + header_len;
    const uint64_t data_size = mapping_size_ - 8 - header_len;
    std::vector<std::pair<uint64_t, uint64_t>> ranges;
    for (auto it = header.begin(); it != header.end(); ++it) {
      if (it.key() == "__metadata__") {
        if (!it->is_object()) throw Error(path + ": __metadata__ is not an object");
        for (auto m = it->begin(); m != it->end(); ++m) {
          if (!m->is_string()) throw Error(path + ": __metadata__." + m.key() + " is not a string");
          metadata_[m.key()] = m->get<std::string>();
        }
        continue;
      }
      const std::string where = path + ": tensor '" + it.key() + "'";
      const auto& e = *it;
      if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") || !e.contains("data_offsets") ||
          !e["dtype"].is_string() || !e["shape"].is_array() || !e["data_offsets"].is_array() ||
          e["data_offsets"].size() != 2)
        throw Error(where + ": entry needs dtype, shape and two data_offsets");
      StTensorView v;
      v.name = it.key();
      v.dtype = parse_dtype(e["dtype"].get<std::string>(), where);
      for (const auto& d : e["shape"]) {
        if (!d.is_number_integer() || d.get<int64_t>() < 0) throw Error(where + ": shape entries must be non-negative integers");
        v.shape.push_back(d.get<int64_t>());
      }
      if (!e["data_offsets"][0].is_number_unsigned() || !e["data_offsets"][1].is_number_unsigned())
        throw Error(where + ": data_offsets must be non-negative integers");
      const uint64_t begin = e["data_offsets"][0].get<uint64_t>();
      const uint64_t end = e["data_offsets"][1].get<uint64_t>();
      if (begin > end || end > data_size)
        throw Error(where + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                    ") lie outside the " + std::to_string(data_size) + " data bytes of the file");
      // numel * element size, guarding against overflow from absurd shapes.
      uint64_t expected = element_size(v.dtype);
      for (int64_t d : v.shape) {
        if (d != 0 && expected > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d))
          throw Error(where + ": shape is too large");
        expected *= static_cast<uint64_t>(d);
      }
      if (end - begin != expected)
        throw Error(where + ": shape and dtype need " + std::to_string(expected) + " bytes but data_offsets give " +
                    std::to_string(end - begin));
      v.data = data + begin;
      v.nbytes = static_cast<size_t>(end - begin);
      ranges.emplace_back(begin, end);
      tensors_.push_back(std::move(v));
    }
    // The data section is the tensors back to back: no overlap, no gap, nothing after the last.
    std::sort(ranges.begin(), ranges.end());
    uint64_t covered = 0;
    for (const auto& [begin, end] : ranges) {
      if (begin < covered) throw Error(path + ": bad safetensors header: tensors overlap in the data section");
      if (begin > covered)
        throw Error(path + ": bad safetensors header: a gap of " + std::to_string(begin - covered) +
                    " bytes at data offset " + std::to_string(covered));
      covered = end;
    }
    if (covered != data_size)
      throw Error(path + ": bad safetensors header: " + std::to_string(data_size - covered) +
                  " data bytes after the last tensor");
    std::sort(tensors_.begin(), tensors_.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  } catch (...) {
    ::munmap(mapping_, mapping_size_);
    mapping_ = nullptr;
    throw;
  }
}

SafetensorsFile::~SafetensorsFile() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
}

const StTensorView* SafetensorsFile::find(const std::string& name) const {
  auto it = std::lower_bound(tensors_.begin(), tensors_.end(), name,
                             [](const StTensorView& t, const std::string& n) { return t.name < n; });
  return (it != tensors_.end() && it->name == name) ? &*it : nullptr;
}

void write_safetensors(const std::string& path, const std::vector<StTensorData>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  std::vector<const StTensorData*> order;
  for (const auto& t : tensors) order.push_back(&t);
  std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->name < b->name; });
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const auto* t : order) {
    uint64_t expected = element_size(t->dtype);
    for (int64_t d : t->shape) expected *= static_cast<uint64_t>(d);
    if (expected != t->bytes.size())
      throw Error(path + ": tensor '" + t->name + "' has " + std::to_string(t->bytes.size()) + " bytes, shape needs " +
                  std::to_string(expected));
    header[t->name] = {{"dtype", to_string(t->dtype)}, {"shape", t->shape}, {"data_offsets", {offset, offset + expected}}};
    offset += expected;
  }
  std::string h = header.dump();
  h.append((8 - h.size() % 8) % 8, ' ');  // keep the data section 8-byte aligned
  write_file_atomically(path, [&](std::ostream& out) {
    unsigned char len[8];
    uint64_t n = h.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>((n >> (8 * i)) & 0xff);
    out.write(reinterpret_cast<const char*>(len), 8);
    out.write(h.data(), static_cast<std::streamsize>(h.size()));
    for (const auto* t : order)
      out.write(reinterpret_cast<const char*>(t->bytes.data()), static_cast<std::streamsize>(t->bytes.size()));
  });
}

}  // namespace gramt::io
