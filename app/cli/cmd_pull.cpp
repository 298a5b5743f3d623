// gramt-cli pull: a model repo's weights (and its config.json and model card where it has them)
// into the Hugging Face hub's cache, as the hub's own tools would put them.
#include <iostream>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/json_progress.h"
#include "app/cli/progress_bar.h"
#include "app/cli/weights_argument.h"
#include "core/hub/hub_download.h"
#include "core/hub/hub_weights.h"

namespace gramt::cli {

void add_pull_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("pull", "Download a model repo's weights from the Hugging Face hub into its cache (HF_HUB_CACHE)");
  struct Options {
    std::string repo, revision, token, progress = "bar";
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("repo", o->repo, "org/name or hf://org/name[@revision], e.g. labhamlet/gramt-binaural")->required();
  cmd->add_option("--revision", o->revision, "branch, tag or commit (default: main, or the @revision of REPO)");
  cmd->add_option("--file", o->files, "a file to download instead of model.safetensors (repeat for more; config.json and README.md come too where the repo has them)")
      ->allow_extra_args(false);
  cmd->add_option("--token", o->token, "access token for private or gated repos (default: $HF_TOKEN)");
  add_progress_option(*cmd, o->progress);
  cmd->callback([o] {
    std::unique_ptr<JsonProgress> json;
    if (o->progress == "json") json = std::make_unique<JsonProgress>();
    reporting_errors_to(json.get(), [&] {
      hub::PullParams params;
      params.ref = hub::parse_hub_reference(o->repo);
      if (!o->revision.empty()) {
        if (o->repo.find('@') != std::string::npos) throw Error(o->repo + ": give the revision once, as @revision or --revision");
        params.ref = hub::parse_hub_reference(params.ref.repo + "@" + o->revision);
      }
      params.settings = hub::hub_settings_from_environment();
      if (!o->token.empty()) params.settings.token = o->token;
      if (!o->files.empty()) params.files = o->files;
      CtrlCCancels ctrl_c(/*also_sigterm=*/true);  // the workbench's Cancel sends SIGTERM
      DownloadProgressLine line(json.get());
      params.on_progress = [&line](const hub::DownloadStatus& s) { line.draw(s); };
      params.on_note = [&line](const std::string& note) {
        line.finish();
        print_log_line("gramt-cli: " + note);
      };
      params.cancel = ctrl_c.flag_ptr();
      const hub::PullResult result = hub::pull_from_hub(params);
      line.finish();
      uint64_t downloaded = 0;
      std::string weights_path;
      for (const auto& f : result.files) {
        downloaded += f.downloaded_bytes;
        if (f.name == params.files.front()) weights_path = f.path.string();
        if (!json)
          std::cout << f.name << ": " << (f.downloaded_bytes ? "downloaded " + std::to_string(f.downloaded_bytes) + " bytes" : "already in the cache")
                    << " (" << f.size << " bytes, " << (f.lfs ? "SHA-256 " : "git blob ") << f.etag << ")\n";
      }
      if (json) {
        json->finish({{"repo", result.ref.repo}, {"revision", result.ref.revision}, {"commit", result.commit},
                      {"path", weights_path}, {"downloaded_bytes", downloaded},
                      {"name", hub::hub_display_name(result.ref, result.commit)}});
      } else {
        std::cout << "hf://" << result.ref.repo << "@" << result.commit << " (" << result.ref.revision << "): " << weights_path << "\n";
      }
    });
  });
}

}  // namespace gramt::cli
