#include "core/io/torch_checkpoint.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "core/common/error.h"
#include "core/io/pickle_reader.h"

namespace gramt::io {
namespace {

using Kind = PickleValue::Kind;

constexpr const char* kRebuildTensor = "torch._utils._rebuild_tensor_v2";
constexpr const char* kRebuildParameter = "torch._utils._rebuild_parameter";

// Storage class names (torch.save records typed storages) → element type.
const std::map<std::string, StDType>& storage_types() {
  static const std::map<std::string, StDType> types{
      {"torch.FloatStorage", StDType::F32}, {"torch.DoubleStorage", StDType::F64}, {"torch.HalfStorage", StDType::F16},
      {"torch.BFloat16Storage", StDType::BF16}, {"torch.LongStorage", StDType::I64}, {"torch.IntStorage", StDType::I32},
      {"torch.ShortStorage", StDType::I16}, {"torch.CharStorage", StDType::I8}, {"torch.ByteStorage", StDType::U8},
      {"torch.BoolStorage", StDType::BOOL}};
  return types;
}

std::set<std::string> allowed_globals() {
  std::set<std::string> allowed{"collections.OrderedDict", kRebuildTensor, kRebuildParameter};
  for (const auto& [name, type] : storage_types()) allowed.insert(name);
  return allowed;
}

struct ArchiveCloser {
  void operator()(::archive* a) const { archive_read_free(a); }
};

// Reads the members for which `want(name)` is true, in one pass over the zip's central directory.
void read_members(const std::string& path, const std::function<bool(const std::string&)>& want,
                  const std::function<void(const std::string&, std::vector<unsigned char>&&)>& take) {
  std::error_code size_error;
  const auto file_bytes = std::filesystem::file_size(path, size_error);
  const la_int64_t archive_bytes = size_error ? 0 : static_cast<la_int64_t>(file_bytes);
  std::unique_ptr<::archive, ArchiveCloser> a(archive_read_new());
  if (!a) throw Error(path + ": cannot create an archive reader");
  archive_read_support_format_zip_seekable(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Error(path + ": not a PyTorch checkpoint (not a readable zip archive: " + archive_error_string(a.get()) + ")");
  while (true) {
    ::archive_entry* entry = nullptr;
    const int status = archive_read_next_header(a.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
      throw Error(path + ": damaged zip archive: " + std::string(archive_error_string(a.get()) ? archive_error_string(a.get()) : "?"));
    const std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    if (!want(name)) continue;
    std::vector<unsigned char> bytes;
    // The declared size is only a hint (a hostile header may claim terabytes): reserve at most the
    // archive's own size, which bounds torch's uncompressed (stored) members.
    if (archive_entry_size_is_set(entry))
      bytes.reserve(static_cast<size_t>(std::clamp<la_int64_t>(archive_entry_size(entry), 0, archive_bytes)));
    unsigned char block[1 << 16];
    while (true) {
      const la_ssize_t got = archive_read_data(a.get(), block, sizeof block);
      if (got < 0) throw Error(path + ": cannot read member " + name + ": " + archive_error_string(a.get()));
      if (got == 0) break;
      bytes.insert(bytes.end(), block, block + got);
      // torch.save stores members uncompressed, so none can outgrow the archive; a larger one is a
      // compressed member expanding without bound (a zip bomb), refused before it exhausts memory.
      if (static_cast<la_int64_t>(bytes.size()) > archive_bytes)
        throw Error(path + ": member " + name + " expands beyond the archive's size (torch.save stores members uncompressed)");
    }
    take(name, std::move(bytes));
  }
}

std::string scalar_text(PickleRef v) {
  if (!v) return "";
  switch (v->kind) {
    case Kind::Int: return std::to_string(v->integer);
    case Kind::String: return v->text;
    case Kind::Float: return std::to_string(v->number);
    default: return "";
  }
}

std::vector<int64_t> int_tuple(PickleRef v, const std::string& what) {
  if (!v || v->kind != Kind::Tuple) throw Error(what + " is not a tuple");
  std::vector<int64_t> out;
  for (const auto& i : v->items) {
    if (i->kind != Kind::Int || i->integer < 0) throw Error(what + " holds something other than a size");
    out.push_back(i->integer);
  }
  return out;
}

// One state-dict tensor as the pickle describes it, before its storage is read.
struct TensorRecipe {
  std::string name;
  std::string storage_key;
  StDType dtype = StDType::F32;
  int64_t offset = 0;
  std::vector<int64_t> size, stride;
};

TensorRecipe recipe_of(const std::string& name, PickleRef v, const std::string& where) {
  const std::string what = where + ": state_dict['" + name + "']";
  // Parameters wrap the tensor: _rebuild_parameter(tensor, requires_grad, hooks).
  if (v->kind == Kind::Call && v->text == kRebuildParameter && !v->items.empty()) v = v->items[0];
  if (v->kind != Kind::Call || v->text != kRebuildTensor)
    throw Error(what + " is a " + (v->kind == Kind::Call ? "call of " + v->text : std::string(to_string(v->kind))) +
                ", not a tensor");
  if (v->items.size() < 4) throw Error(what + ": _rebuild_tensor_v2 with " + std::to_string(v->items.size()) + " arguments");
  const PickleRef storage = v->items[0];
  if (storage->kind != Kind::PersistentId || storage->items.size() < 3 || storage->items[0]->kind != Kind::String ||
      storage->items[0]->text != "storage" || storage->items[1]->kind != Kind::Global)
    throw Error(what + ": the tensor's storage is not a torch storage reference");
  TensorRecipe r;
  r.name = name;
  const auto type = storage_types().find(storage->items[1]->text);
  if (type == storage_types().end()) throw Error(what + ": storage type " + storage->items[1]->text + " is not read");
  r.dtype = type->second;
  r.storage_key = scalar_text(storage->items[2]);
  if (r.storage_key.empty() || r.storage_key.find('/') != std::string::npos || r.storage_key.find("..") != std::string::npos)
    throw Error(what + ": bad storage key");
  if (v->items[1]->kind != Kind::Int || v->items[1]->integer < 0) throw Error(what + ": bad storage offset");
  r.offset = v->items[1]->integer;
  r.size = int_tuple(v->items[2], what + " size");
  r.stride = int_tuple(v->items[3], what + " stride");
  if (r.size.size() != r.stride.size()) throw Error(what + ": size and stride differ in length");
  return r;
}

// Copies the strided elements of `storage` into a contiguous buffer.
std::vector<unsigned char> gather(const TensorRecipe& r, const std::vector<unsigned char>& storage, const std::string& where) {
  const size_t elem = element_size(r.dtype);
  const auto available = static_cast<int64_t>(storage.size() / elem);
  // 128-bit arithmetic: sizes and strides come from the file, and their products must not wrap.
  __extension__ typedef __int128 Wide;
  Wide numel = 1, last = r.offset;
  for (size_t d = 0; d < r.size.size(); ++d) {
    numel *= r.size[d];
    last += static_cast<Wide>(r.size[d] - 1) * r.stride[d];
    if (numel == 0) return {};
    if (numel > (Wide{1} << 62)) break;
  }
  if (last >= available || numel > available)
    throw Error(where + ": storage data/" + r.storage_key + " holds " + std::to_string(available) +
                " elements, fewer than tensor '" + r.name + "' needs");
  std::vector<unsigned char> out(static_cast<size_t>(numel) * elem);
  const auto count = static_cast<int64_t>(numel);
  std::vector<int64_t> index(r.size.size(), 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t at = r.offset;
    for (size_t d = 0; d < index.size(); ++d) at += index[d] * r.stride[d];
    std::copy_n(storage.data() + static_cast<size_t>(at) * elem, elem, out.data() + static_cast<size_t>(i) * elem);
    for (size_t d = index.size(); d-- > 0;) {
      if (++index[d] < r.size[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

}  // namespace

bool looks_like_zip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

TorchCheckpoint::TorchCheckpoint(const std::string& path) : path_(path) {
  if (!looks_like_zip(path)) {
    if (!std::ifstream(path)) throw Error(path + ": cannot open the file");
    throw Error(path + ": not a PyTorch checkpoint (not a zip archive; the legacy pre-1.6 torch.save format is not read)");
  }
  // The pickle is <folder>/data.pkl with a single top folder (torch names it after the file).
  std::string folder, pickle;
  int pickles = 0;
  read_members(
      path, [](const std::string& n) { return n.size() > 9 && n.compare(n.size() - 9, 9, "/data.pkl") == 0 && n.find('/') == n.size() - 9; },
      [&](const std::string& n, std::vector<unsigned char>&& bytes) {
        ++pickles;
        folder = n.substr(0, n.size() - 9);
        pickle.assign(bytes.begin(), bytes.end());
      });
  if (pickles == 0) throw Error(path + ": not a PyTorch checkpoint (the zip archive has no <name>/data.pkl)");
  if (pickles > 1) throw Error(path + ": the zip archive holds " + std::to_string(pickles) + " data.pkl members");

  const PickleDocument document = read_pickle(pickle, path + ": " + folder + "/data.pkl", allowed_globals());
  const PickleRef root = document.root;
  if (root->kind != Kind::Dict) throw Error(path + ": the checkpoint is a " + std::string(to_string(root->kind)) + ", not a dict");
  PickleRef state = root->get("state_dict");
  if (state) {
    for (const char* key : {"epoch", "global_step", "pytorch-lightning_version"}) {
      const std::string text = scalar_text(root->get(key));
      if (!text.empty()) info_[key] = text;
    }
    if (state->kind != Kind::Dict) throw Error(path + ": 'state_dict' is a " + std::string(to_string(state->kind)) + ", not a dict");
  } else {
    state = root;  // torch.save(model.state_dict()) without Lightning's wrapper
  }
  std::vector<TensorRecipe> recipes;
  std::set<std::string> names, keys;
  for (const auto& [k, v] : state->entries) {
    if (k->kind != Kind::String) throw Error(path + ": state_dict has a " + std::string(to_string(k->kind)) + " key");
    if (!names.insert(k->text).second) throw Error(path + ": state_dict names '" + k->text + "' twice");
    recipes.push_back(recipe_of(k->text, v, path));
    keys.insert(recipes.back().storage_key);
  }
  if (recipes.empty()) throw Error(path + ": the state dict holds no tensors");

  std::map<std::string, std::vector<unsigned char>> storages;
  const std::string data_prefix = folder + "/data/";
  read_members(
      path, [&](const std::string& n) { return n.rfind(data_prefix, 0) == 0 && keys.count(n.substr(data_prefix.size())); },
      [&](const std::string& n, std::vector<unsigned char>&& bytes) { storages[n.substr(data_prefix.size())] = std::move(bytes); });
  for (const auto& r : recipes) {
    const auto it = storages.find(r.storage_key);
    if (it == storages.end()) throw Error(path + ": tensor '" + r.name + "' needs storage data/" + r.storage_key + ", which the archive lacks");
    buffers_.push_back(std::make_unique<std::vector<unsigned char>>(gather(r, it->second, path)));
    StTensorView view;
    view.name = r.name;
    view.dtype = r.dtype;
    view.shape = r.size;
    view.data = buffers_.back()->data();
    view.nbytes = buffers_.back()->size();
    tensors_.push_back(std::move(view));
  }
  std::sort(tensors_.begin(), tensors_.end(), [](const StTensorView& a, const StTensorView& b) { return a.name < b.name; });
}

}  // namespace gramt::io
