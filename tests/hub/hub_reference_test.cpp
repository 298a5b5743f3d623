// hf:// references, the environment's settings and the cache's paths.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/common/error.h"
#include "core/hub/hub_cache_layout.h"
#include "core/hub/hub_reference.h"
#include "core/hub/hub_settings.h"
#include "core/hub/model_card.h"
#include "core/hub/published_models.h"

using namespace gramt;

TEST(HubReference, ParsesBothForms) {
  const auto a = hub::parse_hub_reference("hf://labhamlet/gramt-binaural");
  EXPECT_EQ(a.repo, "labhamlet/gramt-binaural");
  EXPECT_EQ(a.revision, "main");
  EXPECT_EQ(a.text(), "hf://labhamlet/gramt-binaural");
  const auto b = hub::parse_hub_reference("labhamlet/gramt-mono@v1.0");
  EXPECT_EQ(b.repo, "labhamlet/gramt-mono");
  EXPECT_EQ(b.revision, "v1.0");
  EXPECT_EQ(b.text(), "hf://labhamlet/gramt-mono@v1.0");
  EXPECT_TRUE(hub::is_hub_argument("hf://a/b"));
  EXPECT_FALSE(hub::is_hub_argument("a/b.safetensors"));
}

TEST(HubReference, RefusesWhatIsNotARepo) {
  for (const char* bad : {"hf://gramt-binaural", "hf://a/b/c", "hf://a/", "hf:///b", "hf://a/b@", "hf://a/b@../x",
                          "hf://a/b@/etc", "hf://a b/c", "hf://../b"}) {
    try {
      hub::parse_hub_reference(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

TEST(HubReference, CommitHashes) {
  EXPECT_TRUE(hub::is_commit_hash("0123456789abcdef0123456789abcdef01234567"));
  EXPECT_FALSE(hub::is_commit_hash("main"));
  EXPECT_FALSE(hub::is_commit_hash("0123456789ABCDEF0123456789abcdef01234567"));
}

TEST(HubSettings, FollowTheHubsEnvironmentVariables) {
  ::setenv("HOME", "/home/someone", 1);
  ::unsetenv("HF_HUB_CACHE");
  ::unsetenv("HF_HOME");
  ::unsetenv("XDG_CACHE_HOME");
  ::unsetenv("HF_ENDPOINT");
  ::unsetenv("HF_HUB_OFFLINE");
  ::unsetenv("HF_TOKEN");
  auto s = hub::hub_settings_from_environment();
  EXPECT_EQ(s.cache_root, "/home/someone/.cache/huggingface/hub");
  EXPECT_EQ(s.endpoint, "https://huggingface.co");
  EXPECT_FALSE(s.offline);
  ::setenv("XDG_CACHE_HOME", "/xdg", 1);
  EXPECT_EQ(hub::hub_settings_from_environment().cache_root, "/xdg/huggingface/hub");
  ::setenv("HF_HOME", "/hf", 1);
  EXPECT_EQ(hub::hub_settings_from_environment().cache_root, "/hf/hub");
  ::setenv("HF_HUB_CACHE", "/cache", 1);
  ::setenv("HF_ENDPOINT", "http://127.0.0.1:9/", 1);
  ::setenv("HF_HUB_OFFLINE", "yes", 1);
  ::setenv("HF_TOKEN", "t", 1);
  s = hub::hub_settings_from_environment();
  EXPECT_EQ(s.cache_root, "/cache");
  EXPECT_EQ(s.endpoint, "http://127.0.0.1:9");
  EXPECT_TRUE(s.offline);
  EXPECT_EQ(s.token, "t");
  ::setenv("HF_HUB_OFFLINE", "0", 1);
  EXPECT_FALSE(hub::hub_settings_from_environment().offline);
  for (const char* v : {"HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME", "HF_ENDPOINT", "HF_HUB_OFFLINE", "HF_TOKEN"}) ::unsetenv(v);
}

TEST(HubCacheLayout, NamesFoldersAsTheHubDoes) {
  const hub::HubCacheLayout cache("/c");
  EXPECT_EQ(cache.repo_folder("labhamlet/gramt-binaural").string(), "/c/models--labhamlet--gramt-binaural");
  EXPECT_EQ(cache.blob("a/b", "e").string(), "/c/models--a--b/blobs/e");
  EXPECT_EQ(cache.incomplete_blob("a/b", "e").string(), "/c/models--a--b/blobs/e.incomplete");
  EXPECT_EQ(cache.snapshot_file("a/b", "c0", "model.safetensors").string(), "/c/models--a--b/snapshots/c0/model.safetensors");
  EXPECT_EQ(cache.ref_file("a/b", "main").string(), "/c/models--a--b/refs/main");
}

TEST(PublishedModels, TheFiveModels) {
  ASSERT_EQ(hub::published_models().size(), 5u);
  const auto* time = hub::find_published_model("labhamlet/gramt-binaural-time");
  ASSERT_NE(time, nullptr);
  EXPECT_EQ(time->patching, "time");
  EXPECT_EQ(time->name(), "gramt-binaural-time");
  EXPECT_EQ(hub::find_published_model("labhamlet/gramt-ambisonics")->channels, 7);
  EXPECT_EQ(hub::find_published_model("labhamlet/gramt-mono")->channels, 1);
  EXPECT_EQ(hub::find_published_model("someone/else"), nullptr);
}

TEST(ModelCard, ReadsTheLicenceFromTheFrontMatter) {
  const std::string path = ::testing::TempDir() + "gramt_model_card.md";
  {
    std::ofstream(path) << "---\ntags:\n- audio\nlicense: mit\n---\n# GRAM-T\nlicense: not this one\n";
  }
  EXPECT_EQ(hub::model_card_licence(path), "mit");
  {
    std::ofstream(path) << "# no front matter\nlicense: mit\n";
  }
  EXPECT_EQ(hub::model_card_licence(path), "");
  EXPECT_EQ(hub::model_card_licence(path + ".missing"), "");
}
