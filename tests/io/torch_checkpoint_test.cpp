// The restricted pickle reader and the torch.save zip reader, on checkpoints the fixture writes the way
// torch.save does, and on hostile ones: each refused with one message naming the file and the problem.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/pickle_reader.h"
#include "core/io/torch_checkpoint.h"
#include "torch_checkpoint_fixture.h"

namespace fs = std::filesystem;
using gramt::io::PickleValue;
using gramt::test::PickleBytes;

namespace {

const std::string kFrameWeights = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/weights.safetensors";

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_ckpt_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const gramt::Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<gramt::test::CheckpointTensor> two_tensors() {
  gramt::test::CheckpointTensor a;
  a.name = "w";
  a.shape = {2, 3};
  const float values[6] = {1, 2, 3, 4, 5, 6};
  a.bytes.assign(reinterpret_cast<const unsigned char*>(values), reinterpret_cast<const unsigned char*>(values) + sizeof values);
  a.store_transposed = true;
  gramt::test::CheckpointTensor b;
  b.name = "index";
  b.storage_type = "LongStorage";
  b.shape = {2};
  const int64_t idx[2] = {-7, 1LL << 40};
  b.bytes.assign(reinterpret_cast<const unsigned char*>(idx), reinterpret_cast<const unsigned char*>(idx) + sizeof idx);
  return {a, b};
}

}  // namespace

TEST(PickleReader, ReadsPlainValuesAndMemo) {
  PickleBytes p;
  p.proto2().op('}').op('q').op('\x00').op('(').text("n").integer(-5).text("big").integer(1LL << 40);
  p.text("f").op('G').raw(std::string("\x3f\xf8\0\0\0\0\0\0", 8)).text("l").op(']').op('(').op('N').op('\x88').op('e');
  p.text("again").op('h').op('\x00').op('u').op('.');
  const auto document = gramt::io::read_pickle(p.str(), "test", {});
  const auto* v = document.root;
  ASSERT_EQ(v->kind, PickleValue::Kind::Dict);
  EXPECT_EQ(v->get("n")->integer, -5);
  EXPECT_EQ(v->get("big")->integer, 1LL << 40);
  EXPECT_EQ(v->get("f")->number, 1.5);
  ASSERT_EQ(v->get("l")->items.size(), 2u);
  EXPECT_TRUE(v->get("l")->items[1]->boolean);
  EXPECT_EQ(v->get("again"), v);  // the memo hands back the same object (a cycle: the dict holds itself)
}

TEST(PickleReader, RefusesGlobalsOffTheAllowListByName) {
  // What `pickle.dumps(os.system("..."))`-style payloads compile to: GLOBAL posix.system, args, REDUCE.
  PickleBytes p;
  p.proto2().global("posix", "system").text("touch /tmp/gramt_pwned").op('\x85').op('R').op('.');
  const std::string e = error_of([&] { gramt::io::read_pickle(p.str(), "evil.ckpt", {"collections.OrderedDict"}); });
  EXPECT_NE(e.find("evil.ckpt: refused: the pickle asks for global 'posix.system'"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos);
  PickleBytes stack_global;
  stack_global.proto2().text("builtins").text("eval").op('\x93').op('.');
  EXPECT_NE(error_of([&] { gramt::io::read_pickle(stack_global.str(), "x", {}); }).find("'builtins.eval'"), std::string::npos);
}

TEST(PickleReader, RefusesUnknownOpcodesTruncationAndObjectBuilding) {
  EXPECT_NE(error_of([] { gramt::io::read_pickle(std::string("\x80\x02}\xff.", 5), "x", {}); }).find("opcode 0xff at offset 3"),
            std::string::npos);
  EXPECT_NE(error_of([] { gramt::io::read_pickle(std::string("\x80\x02X\xff\x00\x00\x00" "ab", 9), "x", {}); }).find("truncated"),
            std::string::npos);
  EXPECT_NE(error_of([] { gramt::io::read_pickle(std::string("\x80\x02}", 3), "x", {}); }).find("truncated"), std::string::npos);
  // INST / OBJ / NEWOBJ build arbitrary objects: not in the supported set.
  for (const char op : {'i', 'o', '\x81'})
    EXPECT_NE(error_of([op] { gramt::io::read_pickle(std::string("\x80\x02", 2) + op + ".", "x", {}); }).find("refused: pickle opcode"),
              std::string::npos);
}

TEST(TorchCheckpoint, ReadsTensorsStridesAndLightningInfo) {
  const auto dir = temp_dir("read");
  gramt::test::write_checkpoint((dir / "w.ckpt").string(), two_tensors());
  const gramt::io::TorchCheckpoint ckpt((dir / "w.ckpt").string());
  EXPECT_EQ(ckpt.info().at("epoch"), "3");
  EXPECT_EQ(ckpt.info().at("global_step"), "1234");
  ASSERT_EQ(ckpt.tensors().size(), 2u);
  const auto& idx = ckpt.tensors()[0];  // sorted by name
  EXPECT_EQ(idx.name, "index");
  EXPECT_EQ(idx.dtype, gramt::io::StDType::I64);
  int64_t idx_values[2];
  std::memcpy(idx_values, idx.data, sizeof idx_values);
  EXPECT_EQ(idx_values[0], -7);
  EXPECT_EQ(idx_values[1], 1LL << 40);
  const auto& w = ckpt.tensors()[1];
  EXPECT_EQ(w.shape, (std::vector<int64_t>{2, 3}));
  float w_values[6];
  ASSERT_EQ(w.nbytes, sizeof w_values);
  std::memcpy(w_values, w.data, sizeof w_values);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(w_values[i], static_cast<float>(i + 1)) << "row-major order from a transposed storage";
}

TEST(TorchCheckpoint, PlainStateDictWithoutLightningReads) {
  const auto dir = temp_dir("plain");
  gramt::test::CheckpointOptions o;
  o.lightning = false;
  gramt::test::write_checkpoint((dir / "w.pt").string(), two_tensors(), o);
  const gramt::io::TorchCheckpoint ckpt((dir / "w.pt").string());
  EXPECT_TRUE(ckpt.info().empty());
  EXPECT_EQ(ckpt.tensors().size(), 2u);
}

TEST(TorchCheckpoint, HostileContainersAreEachOneLineNamingFileAndProblem) {
  const auto dir = temp_dir("hostile");
  const std::string not_zip = (dir / "text.ckpt").string();
  std::ofstream(not_zip) << "just text";
  const std::string no_pickle = (dir / "nopickle.ckpt").string();
  gramt::test::CheckpointOptions o;
  o.with_pickle = false;
  gramt::test::write_checkpoint(no_pickle, two_tensors(), o);
  const std::string short_storage = (dir / "short.ckpt").string();
  o = {};
  o.truncate_storage = 20;  // tensor 'w' needs 24 bytes
  gramt::test::write_checkpoint(short_storage, two_tensors(), o);
  const std::string evil = (dir / "evil.ckpt").string();
  PickleBytes p;
  p.proto2().global("posix", "system").text("touch " + (dir / "pwned").string()).op('\x85').op('R').op('.');
  gramt::test::write_zip(evil, {{"archive/data.pkl", p.str()}, {"archive/version", "3\n"}});
  const std::string bomb = (dir / "bomb.ckpt").string();
  gramt::test::write_zip(bomb, {{"archive/data.pkl", std::string(4 << 20, '\0')}}, /*deflate=*/true);
  const std::string no_storage = (dir / "nostorage.ckpt").string();
  gramt::test::write_zip(no_storage, {{"archive/data.pkl", std::string()}, {"archive/version", "3\n"}});

  const std::vector<std::pair<std::string, std::string>> cases{
      {not_zip, "not a PyTorch checkpoint (not a zip archive"},
      {no_pickle, "has no <name>/data.pkl"},
      {short_storage, "storage data/0 holds 5 elements, fewer than tensor 'w' needs"},
      {evil, "global 'posix.system'"},
      {no_storage, "truncated pickle"},
      {bomb, "member archive/data.pkl expands beyond the archive's size"},
      {(dir / "absent.ckpt").string(), "cannot open"}};
  for (const auto& [path, expected] : cases) {
    const std::string e = error_of([&] { gramt::io::TorchCheckpoint c(path); });
    EXPECT_EQ(e.rfind(path + ": ", 0), 0u) << e;
    EXPECT_NE(e.find(expected), std::string::npos) << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
  EXPECT_FALSE(fs::exists(dir / "pwned"));
}

TEST(TorchCheckpoint, GoldenWeightsRoundTripUnderLightningNames) {
  const auto dir = temp_dir("golden");
  const auto tensors = gramt::test::lightning_tensors_of(kFrameWeights);
  gramt::test::write_checkpoint((dir / "g.ckpt").string(), tensors);
  const gramt::io::TorchCheckpoint ckpt((dir / "g.ckpt").string());
  ASSERT_EQ(ckpt.tensors().size(), tensors.size());
  for (const auto& t : ckpt.tensors()) {
    EXPECT_EQ(t.name.rfind("model.", 0), std::string::npos);
    const auto it = std::find_if(tensors.begin(), tensors.end(), [&](const auto& s) { return s.name == t.name; });
    ASSERT_NE(it, tensors.end());
    ASSERT_EQ(t.nbytes, it->bytes.size());
    EXPECT_EQ(std::memcmp(t.data, it->bytes.data(), t.nbytes), 0) << t.name;
  }
}
