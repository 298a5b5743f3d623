// The facts of a clip found from its audio path alone (what Inspect shows for a Nat-HEAR clip).
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/eval/format/clip_facts_of_audio_file.h"
#include "tasks_test_support.h"

namespace gramt::eval::format {
namespace {

using tasks::testing::ScratchFolder;
using tasks::testing::make_scene_task;
using tasks::testing::write_text_file;

TEST(ClipFactsOfAudioFile, FindsTheEntryOfTheFilesSplit) {
  ScratchFolder scratch("clip-facts");
  const std::string task = scratch.file("tiny-nat");
  make_scene_task(task);
  write_text_file(task + "/test.clip-metadata.json",
                  R"({"test_1.wav": {"room": "8.25x7.91x3.95 m", "rt60_s": 0.61, "azimuth_deg": -30.5, "noise": "rain"},)"
                  R"( "test_0.wav": {"snr_db": 12.0}})");
  write_text_file(task + "/train.clip-metadata.json", R"({"test_1.wav": {"snr_db": 99.0}})");

  const auto place = place_in_task_folder(task + "/16000/test/test_1.wav");
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->sample_rate, 16000);
  EXPECT_EQ(place->split, "test");
  EXPECT_EQ(place->file, "test_1.wav");

  const auto facts = clip_facts_of_audio_file(task + "/16000/test/../test/test_1.wav");
  ASSERT_TRUE(facts.has_value());
  EXPECT_EQ(facts->labels.at("room"), "8.25x7.91x3.95 m");
  EXPECT_EQ(facts->labels.at("noise"), "rain");
  EXPECT_DOUBLE_EQ(facts->numbers.at("rt60_s"), 0.61);
  EXPECT_DOUBLE_EQ(facts->numbers.at("azimuth_deg"), -30.5);
  EXPECT_EQ(facts->numbers.count("snr_db"), 0u);  // another file's and another split's facts stay theirs
}

TEST(ClipFactsOfAudioFile, NothingOutsideATaskFolderOrWithoutAnEntry) {
  ScratchFolder scratch("clip-facts-none");
  const std::string task = scratch.file("tiny");
  make_scene_task(task);
  EXPECT_FALSE(clip_facts_of_audio_file(task + "/16000/test/test_0.wav").has_value());  // no metadata file
  write_text_file(task + "/test.clip-metadata.json", R"({"other.wav": {"snr_db": 3.0}})");
  EXPECT_FALSE(clip_facts_of_audio_file(task + "/16000/test/test_0.wav").has_value());  // no entry
  EXPECT_FALSE(place_in_task_folder(task + "/test/test_0.wav").has_value());          // no rate folder
  EXPECT_FALSE(place_in_task_folder(scratch.file("loose.wav")).has_value());
  EXPECT_FALSE(place_in_task_folder("/").has_value());
}

TEST(ClipFactsOfAudioFile, ABrokenMetadataFileIsNamed) {
  ScratchFolder scratch("clip-facts-bad");
  const std::string task = scratch.file("tiny");
  make_scene_task(task);
  write_text_file(task + "/valid.clip-metadata.json", R"({"valid_0.wav": [1, 2]})");
  try {
    clip_facts_of_audio_file(task + "/16000/valid/valid_0.wav");
    ADD_FAILURE() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("valid.clip-metadata.json"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gramt::eval::format
