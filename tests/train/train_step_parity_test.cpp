// Training-step parity: the trainer's gradients (oneDNN kernels and LibTorch's products), gradient
// norm and clipped AdamW step reproduce the reference's on the golden cases; doctored copies of a
// case (a key missing, an extra key, a wrong shape, a wrong value, no file) fail or skip with a
// report that names the problem.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <string>

#include "core/io/safetensors.h"
#include "core/model/onednn_matmul.h"
#include "core/train/train_step_parity.h"

namespace {

namespace fs = std::filesystem;
using gramt::model::ArrayComparison;

const std::string kGolden = std::string(GRAMT_TEST_DATA_DIR) + "/golden/";

const ArrayComparison* find_line(const std::vector<ArrayComparison>& lines, const std::string& name) {
  for (const auto& line : lines)
    if (line.name == name) return &line;
  return nullptr;
}

void print(const std::string& label, const std::vector<ArrayComparison>& lines) {
  for (const auto& a : lines)
    std::printf("[%s] %-28s %s error %.3g (tolerance %.2g) %s\n", label.c_str(), a.name.c_str(),
                a.skipped ? "skip" : a.passed ? "ok" : "FAIL", a.max_abs_error, a.tolerance, a.note.c_str());
}

void expect_training_step_passes(const std::string& name) {
  const auto lines = gramt::train::check_train_step(kGolden + name);
  print(name, lines);
  for (const char* group : {"train_step keys", "train_step loss", "train_step grad (oneDNN)",
                            "train_step grad (LibTorch)", "train_step grad_norm", "train_step after AdamW"}) {
    const ArrayComparison* line = find_line(lines, group);
    ASSERT_NE(line, nullptr) << name << ": no line " << group;
    EXPECT_TRUE(line->passed) << name << "/" << group << ": error " << line->max_abs_error << " " << line->note;
  }
  const ArrayComparison* onednn = find_line(lines, "train_step grad (oneDNN)");
  EXPECT_EQ(onednn->skipped, !gramt::model::onednn_matmul_available()) << onednn->note;
}

TEST(TrainStepParity, FramePatchingCase) { expect_training_step_passes("frame"); }
TEST(TrainStepParity, TimePatchingCase) { expect_training_step_passes("time"); }

// The whole report, as gramt-cli parity prints it: the forward arrays, then the training step.
TEST(TrainStepParity, CaseReportHoldsForwardArraysAndTrainingStep) {
  const auto result = gramt::train::check_reference_case_and_training_step(kGolden + "frame");
  EXPECT_NE(find_line(result.arrays, "mae_loss"), nullptr);
  EXPECT_NE(find_line(result.arrays, "train_step after AdamW"), nullptr);
  EXPECT_TRUE(result.passed());
}

// A copy of the frame case in a fresh temporary folder, removed afterwards.
class DoctoredCase : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("gramt-train-step-" + std::to_string(rd()));
    fs::create_directories(dir_);
    for (const auto& entry : fs::directory_iterator(kGolden + "frame"))
      fs::copy_file(entry.path(), dir_ / entry.path().filename());
    // Copies of read-only files are read-only too; the tests rewrite some of them.
    for (const auto& entry : fs::directory_iterator(dir_))
      fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
  }
  void TearDown() override { fs::remove_all(dir_); }

  using Tensors = std::vector<gramt::io::StTensorData>;
  // Rewrites the copy's train_step.safetensors after `edit` changed its tensors.
  void rewrite_train_step(const std::function<void(Tensors&)>& edit) {
    const std::string path = (dir_ / "train_step.safetensors").string();
    Tensors tensors;
    std::map<std::string, std::string> metadata;
    {
      const gramt::io::SafetensorsFile file(path);
      metadata = file.metadata();
      for (const auto& v : file.tensors())
        tensors.push_back({v.name, v.dtype, v.shape, std::vector<unsigned char>(v.data, v.data + v.nbytes)});
    }
    edit(tensors);
    gramt::io::write_safetensors(path, tensors, metadata);
  }
  static gramt::io::StTensorData& tensor(Tensors& tensors, const std::string& name) {
    for (auto& t : tensors)
      if (t.name == name) return t;
    throw std::runtime_error("no tensor " + name);
  }
  static void add_to_first_float(gramt::io::StTensorData& t, float delta) {
    float value;
    std::memcpy(&value, t.bytes.data(), sizeof value);
    value += delta;
    std::memcpy(t.bytes.data(), &value, sizeof value);
  }

  std::vector<ArrayComparison> check() {
    auto lines = gramt::train::check_train_step(dir_.string());
    print("doctored", lines);
    return lines;
  }

  fs::path dir_;
};

TEST_F(DoctoredCase, UntouchedCopyPasses) {
  for (const auto& line : check()) EXPECT_TRUE(line.passed && !line.skipped) << line.name << ": " << line.note;
}

TEST_F(DoctoredCase, MissingGradientIsNamed) {
  rewrite_train_step([](Tensors& t) {
    t.erase(std::remove_if(t.begin(), t.end(), [](const auto& x) { return x.name == "grad.model.decoder_norm.weight"; }),
            t.end());
  });
  const auto lines = check();
  const ArrayComparison* keys = find_line(lines, "train_step keys");
  ASSERT_NE(keys, nullptr);
  EXPECT_FALSE(keys->passed);
  EXPECT_NE(keys->note.find("lacks grad.model.decoder_norm.weight"), std::string::npos) << keys->note;
  // Only the keys line fails: the other parameters are still compared and agree.
  EXPECT_TRUE(find_line(lines, "train_step after AdamW")->passed);
  EXPECT_TRUE(find_line(lines, "train_step grad (LibTorch)")->passed);
}

TEST_F(DoctoredCase, ExtraKeyIsNamed) {
  rewrite_train_step([](Tensors& t) {
    auto extra = tensor(t, "after.model.cls_token");
    extra.name = "after.model.encoder.pos_embedding";  // a parameter, but not a trainable one
    t.push_back(extra);
    auto stray = tensor(t, "grad.model.cls_token");
    stray.name = "momentum.model.cls_token";
    t.push_back(stray);
  });
  const auto lines = check();
  const ArrayComparison* keys = find_line(lines, "train_step keys");
  ASSERT_NE(keys, nullptr);
  EXPECT_FALSE(keys->passed);
  EXPECT_NE(keys->note.find("after.model.encoder.pos_embedding"), std::string::npos) << keys->note;
  EXPECT_NE(keys->note.find("momentum.model.cls_token"), std::string::npos) << keys->note;
}

TEST_F(DoctoredCase, WrongShapeIsNamed) {
  rewrite_train_step([](Tensors& t) {
    auto& g = tensor(t, "grad.model.spec_pred.0.bias");  // (256,) → (128, 2): same bytes, other shape
    g.shape = {128, 2};
  });
  const auto lines = check();
  const ArrayComparison* keys = find_line(lines, "train_step keys");
  ASSERT_NE(keys, nullptr);
  EXPECT_FALSE(keys->passed);
  EXPECT_NE(keys->note.find("grad.model.spec_pred.0.bias has shape [128, 2]"), std::string::npos) << keys->note;
  EXPECT_TRUE(find_line(lines, "train_step after AdamW")->passed);
}

TEST_F(DoctoredCase, WrongGradientFailsBothGradientLinesNamingTheTensor) {
  rewrite_train_step([](Tensors& t) { add_to_first_float(tensor(t, "grad.model.decoder_embed.weight"), 1e-2f); });
  const auto lines = check();
  for (const char* group : {"train_step grad (oneDNN)", "train_step grad (LibTorch)"}) {
    const ArrayComparison* line = find_line(lines, group);
    ASSERT_NE(line, nullptr) << group;
    if (line->skipped) continue;  // oneDNN not built in
    EXPECT_FALSE(line->passed) << group;
    EXPECT_NE(line->note.find("worst decoder_embed.weight"), std::string::npos) << line->note;
  }
  EXPECT_TRUE(find_line(lines, "train_step keys")->passed);
}

TEST_F(DoctoredCase, WrongParameterAfterTheStepFails) {
  rewrite_train_step([](Tensors& t) { add_to_first_float(tensor(t, "after.model.cls_token"), 1e-5f); });
  const ArrayComparison* after = nullptr;
  const auto lines = check();
  after = find_line(lines, "train_step after AdamW");
  ASSERT_NE(after, nullptr);
  EXPECT_FALSE(after->passed);
  EXPECT_NE(after->note.find("worst cls_token"), std::string::npos) << after->note;
}

TEST_F(DoctoredCase, WrongGradientNormInGoldenJsonFails) {
  std::ifstream in(dir_ / "golden.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const std::string key = "\"grad_norm_before_clip\": ";
  const size_t at = text.find(key);
  ASSERT_NE(at, std::string::npos);
  text.insert(at + key.size(), "1");  // 1.896… → 11.896…
  std::ofstream(dir_ / "golden.json") << text;
  const ArrayComparison* norm = nullptr;
  const auto lines = check();
  norm = find_line(lines, "train_step grad_norm");
  ASSERT_NE(norm, nullptr);
  EXPECT_FALSE(norm->passed);
}

TEST_F(DoctoredCase, GoldenJsonWithoutTrainStepFailsNamingIt) {
  std::ofstream(dir_ / "golden.json") << "{\"case\": \"frame\"}\n";
  const auto lines = check();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_FALSE(lines[0].passed);
  EXPECT_NE(lines[0].note.find("golden.json"), std::string::npos) << lines[0].note;
  EXPECT_NE(lines[0].note.find("train_step"), std::string::npos) << lines[0].note;
}

TEST_F(DoctoredCase, CaseWithoutTrainStepFileSkipsAndSaysSo) {
  fs::remove(dir_ / "train_step.safetensors");
  const auto lines = check();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].skipped);
  EXPECT_TRUE(lines[0].passed);
  EXPECT_NE(lines[0].note.find("no train_step.safetensors"), std::string::npos) << lines[0].note;
}

}  // namespace
