// Two processes on loopback (c10d + Gloo) must end with identical parameters, equal within float
// tolerance to one process that trains on the doubled batch.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "core/common/error.h"
#include "core/model/weights.h"
#include "core/train/distributed.h"

extern char** environ;
namespace fs = std::filesystem;

namespace {

int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t len = sizeof(a);
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

pid_t spawn_worker(const std::vector<std::string>& env_extra, const std::vector<std::string>& args) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string kv(*e);
    if (kv.rfind("RANK=", 0) && kv.rfind("WORLD_SIZE=", 0) && kv.rfind("MASTER_", 0) && kv.rfind("SLURM_", 0)) env.push_back(kv);
  }
  env.insert(env.end(), env_extra.begin(), env_extra.end());
  env.push_back("OMP_NUM_THREADS=1");
  std::vector<char*> envp, argv;
  for (auto& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> all{GRAMT_TRAIN_WORKER};
  all.insert(all.end(), args.begin(), args.end());
  for (auto& s : all) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, GRAMT_TRAIN_WORKER, nullptr, nullptr, argv.data(), envp.data()), 0);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST(Distributed, EnvironmentFromTorchrunAndSlurmVariables) {
  ::setenv("SLURM_NTASKS", "4", 1);
  ::setenv("SLURM_PROCID", "3", 1);
  ::unsetenv("WORLD_SIZE");
  ::unsetenv("RANK");
  auto env = gramt::train::distributed_env_from_environment();
  EXPECT_EQ(env.world_size, 4);
  EXPECT_EQ(env.rank, 3);
  ::setenv("WORLD_SIZE", "2", 1);  // torchrun's variables win
  ::setenv("RANK", "1", 1);
  env = gramt::train::distributed_env_from_environment();
  EXPECT_EQ(env.world_size, 2);
  EXPECT_EQ(env.rank, 1);
  ::setenv("RANK", "five", 1);
  EXPECT_THROW(gramt::train::distributed_env_from_environment(), gramt::Error);
  for (const char* v : {"SLURM_NTASKS", "SLURM_PROCID", "WORLD_SIZE", "RANK"}) ::unsetenv(v);
}

TEST(Distributed, TwoProcessesMatchOneProcessWithTheDoubledBatch) {
  const fs::path dir = fs::temp_directory_path() / ("gramt_ddp_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string port = std::to_string(free_port());
  const std::string steps = "3";
  const pid_t r0 = spawn_worker({"RANK=0", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + port},
                                {(dir / "rank0.safetensors").string(), "2", steps});
  const pid_t r1 = spawn_worker({"RANK=1", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + port},
                                {(dir / "rank1.safetensors").string(), "2", steps});
  const pid_t one = spawn_worker({}, {(dir / "single.safetensors").string(), "4", steps});
  ASSERT_EQ(wait_for(r0), 0);
  ASSERT_EQ(wait_for(r1), 0);
  ASSERT_EQ(wait_for(one), 0);

  const auto a = gramt::model::load_model((dir / "rank0.safetensors").string());
  const auto b = gramt::model::load_model((dir / "rank1.safetensors").string());
  const auto s = gramt::model::load_model((dir / "single.safetensors").string());
  const auto pa = a.model->state_dict(), pb = b.model->state_dict(), ps = s.model->state_dict();
  ASSERT_EQ(pa.size(), ps.size());
  double worst = 0;
  for (size_t i = 0; i < pa.size(); ++i) {
    EXPECT_TRUE(torch::equal(pa[i].second, pb[i].second)) << pa[i].first << " differs between ranks";
    if (pa[i].second.is_floating_point())
      worst = std::max(worst, (pa[i].second - ps[i].second).abs().max().item<double>());
  }
  EXPECT_LT(worst, 1e-4);
  // Training did move the weights (the comparison is not between untouched copies).
  torch::manual_seed(0);
  EXPECT_GT(worst, 0.0);
}
