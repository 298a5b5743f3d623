#include "torch_checkpoint_fixture.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <stdexcept>

#include "core/io/safetensors.h"

namespace gramt::test {

PickleBytes& PickleBytes::text(const std::string& s) {
  op('X');
  const auto n = static_cast<uint32_t>(s.size());
  for (int i = 0; i < 4; ++i) bytes_ += static_cast<char>((n >> (8 * i)) & 0xff);
  return raw(s);
}

PickleBytes& PickleBytes::integer(int64_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) {
    op('J');
    const auto u = static_cast<uint32_t>(static_cast<int32_t>(v));
    for (int i = 0; i < 4; ++i) bytes_ += static_cast<char>((u >> (8 * i)) & 0xff);
  } else {
    op('\x8a').op('\x08');
    const auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) bytes_ += static_cast<char>((u >> (8 * i)) & 0xff);
  }
  return *this;
}

std::vector<CheckpointTensor> lightning_tensors_of(const std::string& safetensors_path) {
  io::SafetensorsFile f(safetensors_path);
  std::vector<CheckpointTensor> out;
  for (const auto& t : f.tensors()) {
    if (t.name.rfind("mel_spec.", 0) == 0) continue;
    CheckpointTensor c;
    c.name = t.name.rfind("model.", 0) == 0 ? t.name.substr(6) : t.name;
    if (t.dtype == io::StDType::I64) c.storage_type = "LongStorage";
    else if (t.dtype != io::StDType::F32) throw std::runtime_error("fixture: unexpected dtype in " + t.name);
    c.shape = t.shape;
    c.bytes.assign(t.data, t.data + t.nbytes);
    out.push_back(std::move(c));
  }
  return out;
}

void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members, bool deflate) {
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_options(a, deflate ? "zip:compression=deflate" : "zip:compression=store");
  if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK) throw std::runtime_error("fixture: cannot write " + path);
  for (const auto& [name, bytes] : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, bytes.data(), bytes.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

void write_checkpoint(const std::string& path, const std::vector<CheckpointTensor>& tensors, const CheckpointOptions& options) {
  PickleBytes p;
  p.proto2();
  if (options.lightning) {
    p.op('}').op('q').op('\0').op('(');
    p.text("epoch").integer(options.epoch).text("global_step").integer(options.global_step);
    p.text("pytorch-lightning_version").text("1.9.0");
    p.text("state_dict");
  }
  p.ordered_dict().op('q').op('\x01').op('(');
  std::vector<std::pair<std::string, std::string>> members;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const auto& t = tensors[i];
    const size_t elem = t.storage_type == "LongStorage" ? 8 : 4;
    const int64_t numel = static_cast<int64_t>(t.bytes.size() / elem);
    std::vector<int64_t> stride(t.shape.size(), 1);
    for (size_t d = t.shape.size(); d-- > 1;) stride[d - 1] = stride[d] * t.shape[d];
    std::string storage(t.bytes.begin(), t.bytes.end());
    if (t.store_transposed) {
      // The same values, laid out column by column: element (r, c) sits at c·rows + r.
      const int64_t rows = t.shape[0], cols = t.shape[1];
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c)
          std::copy_n(t.bytes.data() + (r * cols + c) * elem, elem, storage.data() + (c * rows + r) * elem);
      stride = {1, rows};
    }
    if (i == 0 && options.truncate_storage >= 0) storage.resize(static_cast<size_t>(options.truncate_storage));
    const std::string key = std::to_string(i);
    members.emplace_back("archive/data/" + key, storage);
    p.text(t.name).global("torch._utils", "_rebuild_tensor_v2").op('(');
    p.op('(').text("storage").global("torch", t.storage_type).text(key).text("cpu").integer(numel).op('t').op('Q');
    p.integer(0).op('(');
    for (int64_t d : t.shape) p.integer(d);
    p.op('t').op('(');
    for (int64_t s : stride) p.integer(s);
    p.op('t').op('\x89').ordered_dict().op('t').op('R');
  }
  p.op('u');
  // A state dict's _metadata attribute, set through BUILD as pickle does for OrderedDict subclasses' state.
  p.op('}').text("_metadata").op('}').op('s').op('b');
  if (options.lightning) p.text("optimizer_states").op(']').op('u');
  p.op('.');
  if (options.with_pickle) members.emplace_back("archive/data.pkl", p.str());
  members.emplace_back("archive/version", "3\n");
  write_zip(path, members);
}

}  // namespace gramt::test
