// Downloads into the hub cache against the loopback hub: the cache layout, a second pull that
// downloads nothing, a resumed download, and every bad case refused with one line naming the
// repo and file, never leaving a file with a wrong hash in the cache.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/file.h>

#include <filesystem>
#include <future>
#include <thread>
#include <fstream>

#include "core/common/error.h"
#include "core/common/sha256.h"
#include "core/hub/hub_cache_layout.h"
#include "core/hub/hub_download.h"
#include "core/hub/hub_weights.h"
#include "tests/hub/loopback_hub.h"
#include "tests/hub/model_layouts.h"

namespace fs = std::filesystem;
using namespace gramt;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kOlderCommit = "fedcba9876543210fedcba9876543210fedcba98";

struct HubPull : ::testing::Test {
  test::LoopbackHub hub;
  fs::path cache;
  std::string weights = test::read_bytes(test::golden_dir("frame") + "weights.safetensors");

  void SetUp() override {
    cache = fs::temp_directory_path() / ("gramt_hub_cache_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(cache);
    test::FakeRepo repo{"labhamlet/gramt-binaural", {{"main", kCommit}, {"v1", kOlderCommit}}, {}, false, ""};
    repo.files["model.safetensors"] = weights;
    repo.files["config.json"] = R"({"model_type": "gramt"})";
    hub.add_repo(repo);
    hub.add_repo({"labhamlet/no-weights", {{"main", kCommit}}, {{"config.json", "{}"}}, false, ""});
    hub.add_repo({"labhamlet/private", {{"main", kCommit}}, {{"model.safetensors", weights}}, true, "secret"});
    hub.add_repo({"labhamlet/gated", {{"main", kCommit}}, {{"model.safetensors", weights}}, false, "", true});
  }
  void TearDown() override { fs::remove_all(cache); }

  hub::PullParams params(const std::string& repo = "labhamlet/gramt-binaural") const {
    hub::PullParams p;
    p.ref = hub::parse_hub_reference(repo);
    p.settings.endpoint = hub.endpoint();
    p.settings.cache_root = cache.string();
    return p;
  }
  std::string error_of(const hub::PullParams& p) const {
    try {
      hub::pull_from_hub(p);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }
  hub::HubCacheLayout layout() const { return hub::HubCacheLayout(cache); }
  std::string sha() const { return sha256_hex(weights); }
};

TEST_F(HubPull, PutsFilesInTheHubCacheLayout) {
  const hub::PullResult r = hub::pull_from_hub(params());
  EXPECT_EQ(r.commit, kCommit);
  ASSERT_EQ(r.files.size(), 2u);
  const fs::path snapshot = layout().snapshot_file("labhamlet/gramt-binaural", kCommit, "model.safetensors");
  EXPECT_EQ(snapshot, cache / "models--labhamlet--gramt-binaural" / "snapshots" / kCommit / "model.safetensors");
  ASSERT_TRUE(fs::is_symlink(snapshot));
  EXPECT_EQ(fs::read_symlink(snapshot), fs::path("../../blobs") / sha());  // relative, as the hub's tools make it
  EXPECT_EQ(test::read_bytes(snapshot.string()), weights);
  EXPECT_EQ(test::read_bytes((cache / "models--labhamlet--gramt-binaural" / "refs" / "main").string()), kCommit);
  EXPECT_TRUE(fs::is_regular_file(snapshot.parent_path() / "config.json"));
  EXPECT_TRUE(r.files[0].lfs);
  EXPECT_EQ(r.files[0].etag, sha());
  EXPECT_FALSE(r.files[1].lfs);  // config.json: a git blob hash, checked by size only
  EXPECT_FALSE(fs::exists(layout().incomplete_blob("labhamlet/gramt-binaural", sha())));
}

TEST_F(HubPull, SecondPullDownloadsNothing) {
  hub::pull_from_hub(params());
  const int requests = hub.blob_requests();
  const hub::PullResult again = hub::pull_from_hub(params());
  EXPECT_EQ(hub.blob_requests(), requests);
  for (const auto& f : again.files) EXPECT_EQ(f.downloaded_bytes, 0u) << f.name;
}

TEST_F(HubPull, ARevisionIsFollowedToItsCommit) {
  const hub::PullResult r = hub::pull_from_hub(params("labhamlet/gramt-binaural@v1"));
  EXPECT_EQ(r.commit, kOlderCommit);
  EXPECT_EQ(test::read_bytes((cache / "models--labhamlet--gramt-binaural" / "refs" / "v1").string()), kOlderCommit);
  // A commit hash names itself: no refs/ file.
  hub::pull_from_hub(params("labhamlet/gramt-binaural@" + kCommit));
  EXPECT_FALSE(fs::exists(cache / "models--labhamlet--gramt-binaural" / "refs" / kCommit));
}

TEST_F(HubPull, AnInterruptedDownloadResumesWhereItStopped) {
  const size_t half = weights.size() / 2;
  hub.cut_next_body_after(half);
  const std::string first = error_of(params());
  EXPECT_NE(first.find("hf://labhamlet/gramt-binaural@main: model.safetensors: the download stopped"), std::string::npos) << first;
  EXPECT_NE(first.find("resumes"), std::string::npos) << first;
  EXPECT_EQ(first.find('\n'), std::string::npos);
  const fs::path part = layout().incomplete_blob("labhamlet/gramt-binaural", sha());
  ASSERT_TRUE(fs::exists(part));
  EXPECT_EQ(fs::file_size(part), half);
  EXPECT_FALSE(fs::exists(layout().blob("labhamlet/gramt-binaural", sha())));
  EXPECT_FALSE(layout().cached_file({"labhamlet/gramt-binaural", "main"}, "model.safetensors"));

  const size_t sent_before = hub.blob_bytes_sent();
  const hub::PullResult r = hub::pull_from_hub(params());
  EXPECT_EQ(hub.last_range(), "bytes=" + std::to_string(half) + "-");
  EXPECT_EQ(hub.blob_bytes_sent() - sent_before, weights.size() - half);
  EXPECT_EQ(r.files[0].downloaded_bytes, weights.size() - half);
  EXPECT_EQ(test::read_bytes(r.files[0].path.string()), weights);
  EXPECT_FALSE(fs::exists(part));
}

TEST_F(HubPull, ABodyWithTheWrongHashIsDiscarded) {
  hub.corrupt_next_body();
  const std::string e = error_of(params());
  EXPECT_NE(e.find("model.safetensors: the downloaded bytes have SHA-256"), std::string::npos) << e;
  EXPECT_NE(e.find("discarded"), std::string::npos) << e;
  EXPECT_FALSE(fs::exists(layout().blob("labhamlet/gramt-binaural", sha())));
  EXPECT_FALSE(fs::exists(layout().incomplete_blob("labhamlet/gramt-binaural", sha())));
  EXPECT_FALSE(layout().cached_file({"labhamlet/gramt-binaural", "main"}, "model.safetensors"));
  // The next try gets the right bytes.
  EXPECT_EQ(test::read_bytes(hub::pull_from_hub(params()).files[0].path.string()), weights);
}

TEST_F(HubPull, ACorruptedCachedBlobIsNeverUsed) {
  hub::pull_from_hub(params());
  const fs::path blob = layout().blob("labhamlet/gramt-binaural", sha());
  {
    std::fstream f(blob, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x7f');
  }
  hub::ResolveParams offline;
  offline.settings.endpoint = hub.endpoint();
  offline.settings.cache_root = cache.string();
  offline.settings.offline = true;
  try {
    hub::resolve_weights_argument("hf://labhamlet/gramt-binaural", offline);
    FAIL() << "a corrupted blob was used";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not match its SHA-256"), std::string::npos) << e.what();
  }
  // Online, the pull notices, discards it and downloads it again.
  std::vector<std::string> notes;
  hub::PullParams p = params();
  p.on_note = [&](const std::string& n) { notes.push_back(n); };
  hub::pull_from_hub(p);
  EXPECT_EQ(test::read_bytes(blob.string()), weights);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes[0].find("does not match its hash"), std::string::npos);
}

TEST_F(HubPull, OfflineReadsTheCacheAndNeverTheNetwork) {
  hub::pull_from_hub(params());
  const int requests = hub.blob_requests();
  hub::ResolveParams offline;
  offline.settings.endpoint = "http://127.0.0.1:1";  // nothing listens there
  offline.settings.cache_root = cache.string();
  offline.settings.offline = true;
  const hub::ResolvedWeights w = hub::resolve_weights_argument("hf://labhamlet/gramt-binaural", offline);
  EXPECT_EQ(w.commit, kCommit);
  EXPECT_EQ(w.sha256, sha());
  EXPECT_EQ(test::read_bytes(w.path), weights);
  EXPECT_FALSE(w.config_json.empty());
  EXPECT_EQ(w.display_name(), "gramt-binaural @ 0123456");
  EXPECT_EQ(hub.blob_requests(), requests);
  try {
    hub::resolve_weights_argument("hf://labhamlet/gramt-mono", offline);
    FAIL() << "an uncached model resolved offline";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("hf://labhamlet/gramt-mono@main: model.safetensors: not in the hub cache"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("HF_HUB_OFFLINE"), std::string::npos) << e.what();
  }
}

TEST_F(HubPull, AResolvedArgumentDownloadsOnceThenUsesTheCache) {
  hub::ResolveParams online;
  online.settings.endpoint = hub.endpoint();
  online.settings.cache_root = cache.string();
  const hub::ResolvedWeights first = hub::resolve_weights_argument("hf://labhamlet/gramt-binaural", online);
  const int requests = hub.blob_requests();
  EXPECT_EQ(requests, 1);
  const hub::ResolvedWeights second = hub::resolve_weights_argument("hf://labhamlet/gramt-binaural", online);
  EXPECT_EQ(second.path, first.path);
  EXPECT_EQ(hub.blob_requests(), requests);
  EXPECT_EQ(hub::resolve_weights_argument("/some/file.safetensors", online).path, "/some/file.safetensors");
}

TEST_F(HubPull, BadCasesAreOneLineNamingRepoFileAndCause) {
  struct Case {
    std::string repo, expected;
    std::string endpoint = "";
  };
  const std::vector<Case> cases = {
      {"labhamlet/private", "hf://labhamlet/private@main: model.safetensors: the hub asks for a login (HTTP 401): set HF_TOKEN"},
      {"labhamlet/gated", "hf://labhamlet/gated@main: model.safetensors: access denied (HTTP 403)"},
      {"labhamlet/no-weights", "hf://labhamlet/no-weights@main: model.safetensors: the repo has no such file (HTTP 404)"},
      {"labhamlet/nothing-here", "hf://labhamlet/nothing-here@main: model.safetensors: no such repo (HTTP 404"},
      {"labhamlet/gramt-binaural@v9", "hf://labhamlet/gramt-binaural@v9: model.safetensors: revision 'v9' does not exist (HTTP 404)"},
      {"labhamlet/gramt-binaural", "hf://labhamlet/gramt-binaural@main: model.safetensors: cannot reach http://127.0.0.1:1", "http://127.0.0.1:1"},
  };
  for (const auto& c : cases) {
    hub::PullParams p = params(c.repo);
    if (!c.endpoint.empty()) p.settings.endpoint = c.endpoint;
    const std::string e = error_of(p);
    EXPECT_EQ(e.rfind(c.expected, 0), 0u) << c.repo << ": " << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
  EXPECT_FALSE(fs::exists(cache / "models--labhamlet--private" / "snapshots"));
}

TEST_F(HubPull, FileNamesCannotClimbOutOfTheSnapshot) {
  hub::PullParams p = params();
  p.files = {"../../../escape"};
  EXPECT_NE(error_of(p).find("'../../../escape' is not a file name inside a repo"), std::string::npos);
  p.files = {"/etc/passwd"};
  EXPECT_NE(error_of(p).find("is not a file name inside a repo"), std::string::npos);
}

TEST_F(HubPull, ATokenOpensAPrivateRepo) {
  hub::PullParams p = params("labhamlet/private");
  p.settings.token = "wrong";
  EXPECT_NE(error_of(p).find("the hub refused the token (HTTP 401)"), std::string::npos);
  p.settings.token = "secret";
  EXPECT_EQ(test::read_bytes(hub::pull_from_hub(p).files[0].path.string()), weights);
}

TEST_F(HubPull, ACacheThatCannotBeWrittenIsNamed) {
  // A plain file where the cache folder should be: no folder can be made below it (this also
  // holds for root, whom permission bits would not stop).
  std::ofstream(cache.string()) << "not a folder";
  hub::PullParams p = params();
  p.settings.cache_root = (cache / "hub").string();
  const std::string e = error_of(p);
  EXPECT_NE(e.find("hf://labhamlet/gramt-binaural@main: model.safetensors: cannot create the cache folder"), std::string::npos) << e;
  EXPECT_NE(e.find("HF_HUB_CACHE"), std::string::npos) << e;
  fs::remove(cache);
}

TEST_F(HubPull, AFullDiskIsNamedAndNothingIsCached) {
  // The download's part file is /dev/full: every write fails with ENOSPC.
  const fs::path part = layout().incomplete_blob("labhamlet/gramt-binaural", sha());
  fs::create_directories(part.parent_path());
  fs::create_symlink("/dev/full", part);
  const std::string e = error_of(params());
  EXPECT_NE(e.find("model.safetensors: cannot write"), std::string::npos) << e;
  EXPECT_NE(e.find("the disk is full"), std::string::npos) << e;
  EXPECT_FALSE(fs::exists(layout().blob("labhamlet/gramt-binaural", sha())));
  EXPECT_FALSE(layout().cached_file({"labhamlet/gramt-binaural", "main"}, "model.safetensors"));
}

TEST_F(HubPull, ASecondDownloadOfTheSameBlobWaitsForTheFirst) {
  // Another process holds the blob's lock (as a running download would).
  const fs::path lock = layout().lock_file("labhamlet/gramt-binaural", sha());
  EXPECT_EQ(lock, cache / ".locks" / "models--labhamlet--gramt-binaural" / (sha() + ".lock"));
  fs::create_directories(lock.parent_path());
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  std::promise<void> waiting;
  std::atomic<bool> said{false};
  hub::PullParams p = params();
  p.on_note = [&](const std::string& note) {
    if (note.find("waiting for it to finish") != std::string::npos && !said.exchange(true)) waiting.set_value();
  };
  hub::PullResult result;
  std::thread pull([&] { result = hub::pull_from_hub(p); });
  ASSERT_EQ(waiting.get_future().wait_for(std::chrono::minutes(1)), std::future_status::ready);
  EXPECT_EQ(hub.blob_requests(), 0);  // nothing fetched while the other holds the lock
  ::flock(fd, LOCK_UN);
  ::close(fd);
  pull.join();
  EXPECT_EQ(test::read_bytes(result.files[0].path.string()), weights);
}

TEST_F(HubPull, CancellingKeepsThePartForAResume) {
  std::atomic<bool> cancel{false};
  hub::PullParams p = params();
  p.cancel = &cancel;
  p.on_progress = [&](const hub::DownloadStatus& s) {
    if (s.done_bytes > 0) cancel = true;
  };
  EXPECT_THROW(hub::pull_from_hub(p), Cancelled);
  EXPECT_FALSE(layout().cached_file({"labhamlet/gramt-binaural", "main"}, "model.safetensors"));
  EXPECT_EQ(test::read_bytes(hub::pull_from_hub(params()).files[0].path.string()), weights);
}

}  // namespace
