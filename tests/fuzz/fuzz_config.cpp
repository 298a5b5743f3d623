// Config composition: the input is NUL-separated parts, base.yaml, then data/x.yaml, then
// command-line overrides; composed as `gramt-cli train` composes them.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/io/config/config_composer.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0 && parts.size() < 12) parts.emplace_back();
    else parts.back() += static_cast<char>(data[i]);
  }
  static const std::string dir = gramt::fuzz::scratch_path("-configs");
  std::filesystem::create_directories(dir + "/data");
  std::ofstream(dir + "/base.yaml", std::ios::trunc) << parts[0];
  std::ofstream(dir + "/data/x.yaml", std::ios::trunc) << (parts.size() > 1 ? parts[1] : std::string());
  gramt::config::ComposeRequest request;
  request.config_dir = dir;
  for (size_t i = 2; i < parts.size(); ++i) request.overrides.push_back(parts[i]);
  try {
    const gramt::config::Config c = gramt::config::compose_config(request);
    (void)c.to_yaml();
    (void)c.to_json();
  } catch (const gramt::Error&) {
  }
  return 0;
}
