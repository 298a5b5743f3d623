// gramt-cli project: a 2-D map of an embeddings task folder's clips (exact PCA, or Barnes-Hut
// t-SNE), written as JSON. The Embeddings panel computes the same maps and shows this command line.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/json_progress.h"
#include "app/cli/progress_bar.h"
#include "core/common/error.h"
#include "core/eval/projection/embedding_clips.h"
#include "core/eval/projection/pca.h"
#include "core/eval/projection/projection_file.h"
#include "core/eval/projection/tsne.h"

namespace gramt::cli {

void add_project_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("project", "Map an embeddings task folder's clips to 2-D (PCA or t-SNE) and write them as JSON");
  struct Options {
    std::string task_dir, method = "pca", out, progress = "bar";
    eval::projection::TsneOptions tsne;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("task", o->task_dir, "embeddings task folder (<embeddings>/<model>/<task>)")->required();
  cmd->add_option("--method", o->method, "pca | tsne")->check(CLI::IsMember({"pca", "tsne"}))->capture_default_str();
  cmd->add_option("--perplexity", o->tsne.perplexity, "t-SNE: neighbourhood size")->check(CLI::Range(2.0, 200.0))->capture_default_str();
  cmd->add_option("--iterations", o->tsne.iterations, "t-SNE: optimisation steps")->check(CLI::Range(50, 10000))->capture_default_str();
  cmd->add_option("--theta", o->tsne.theta, "t-SNE: Barnes-Hut accuracy (0 = exact)")->check(CLI::Range(0.0, 1.0))->capture_default_str();
  cmd->add_option("--seed", o->tsne.seed, "t-SNE: seed of the start's jitter")->capture_default_str();
  cmd->add_option("--out", o->out, "the JSON file to write")->required();
  add_progress_option(*cmd, o->progress);
  cmd->callback([o] {
    std::unique_ptr<JsonProgress> json;
    if (o->progress == "json") json = std::make_unique<JsonProgress>();
    reporting_errors_to(json.get(), [&] {
      const eval::projection::EmbeddingClips clips = eval::projection::read_embedding_clips(o->task_dir);
      for (const std::string& note : clips.notes) std::cerr << "note: " << note << std::endl;
      torch::Tensor points;
      nlohmann::ordered_json settings = nlohmann::ordered_json::object();
      if (o->method == "pca") {
        const auto pca = eval::projection::pca_project(clips.rows, 2);
        points = pca.points;
        settings["explained"] = pca.explained;
      } else {
        CtrlCCancels stop_request(/*also_sigterm=*/true);
        ProgressBar bar("t-SNE");
        ProgressSink sink = json ? ProgressSink{} : bar.sink();
        if (json) {
          sink.on_progress = [&json](double f, const std::string& what) {
            json->report("tsne", static_cast<int64_t>(f * 1000), 1000, {{"what", what}});
          };
        }
        sink.cancel = stop_request.flag_ptr();
        points = eval::projection::tsne_2d(clips.rows, o->tsne, sink);
        settings = {{"perplexity", o->tsne.perplexity}, {"iterations", o->tsne.iterations}, {"theta", o->tsne.theta},
                    {"seed", o->tsne.seed}};
      }
      eval::projection::write_projection_file(o->out, eval::projection::projection_json(clips, points, o->method, settings));
      if (json) json->finish({{"out", o->out}, {"clips", clips.clips.size()}});
      else std::cout << clips.clips.size() << " clips of " << clips.task_name << " (" << o->method << ") -> " << o->out << std::endl;
    });
  });
}

}  // namespace gramt::cli
