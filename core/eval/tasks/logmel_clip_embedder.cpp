#include "core/eval/tasks/logmel_clip_embedder.h"

#include <algorithm>
#include <filesystem>

#include <torch/torch.h>

#include "core/common/error.h"
#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::tasks {

namespace {

std::vector<float> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.contiguous();
  const float* p = c.data_ptr<float>();
  return std::vector<float>(p, p + c.numel());
}

// (C, n, F, W) windows -> (n, C * 2 * F): per channel the band means, then the band deviations.
torch::Tensor window_statistics(const torch::Tensor& windows) {
  const torch::Tensor mean = windows.mean(-1);
  const torch::Tensor std = windows.std(-1, /*unbiased=*/false);
  return torch::stack({mean, std}, 2).permute({1, 0, 2, 3}).reshape({windows.size(1), -1});
}

}  // namespace

LogMelClipEmbedder::LogMelClipEmbedder(LogMelBaselineOptions options)
    : options_(options), logmel_([&] {
        features::LogMelConfig c;
        c.sample_rate = options.sample_rate;
        return c;
      }()) {
  if (options_.window_frames < 1 || options_.hop_frames < 1) throw Error("log-mel baseline: window and hop must be at least 1 frame");
}

std::vector<ClipEmbedding> LogMelClipEmbedder::embed_many(const std::vector<audio::AudioBuffer>& clips,
                                                          const std::vector<std::string>& names,
                                                          const ProgressSink& progress) {
  torch::NoGradGuard no_grad;
  std::vector<ClipEmbedding> out;
  out.reserve(clips.size());
  const double frame_ms = 1000.0 * logmel_.config().hop_length / options_.sample_rate;
  for (size_t i = 0; i < clips.size(); ++i) {
    progress.checkpoint();
    const audio::AudioBuffer& clip = clips[i];
    const std::string name = i < names.size() ? names[i] : "clip " + std::to_string(i);
    if (clip.sample_rate != options_.sample_rate)
      throw Error(name + ": " + std::to_string(clip.sample_rate) + " Hz, but the log-mel baseline is defined at " +
                  std::to_string(options_.sample_rate) + " Hz only");
    if (clip.channel_count() < 1 || clip.frames() < 1) throw Error(name + ": no samples");
    std::vector<torch::Tensor> channels;
    for (const auto& samples : clip.channels)
      channels.push_back(torch::from_blob(const_cast<float*>(samples.data()), {static_cast<int64_t>(samples.size())}, torch::kFloat32));
    const torch::Tensor mels = logmel_(torch::stack(channels));  // (C, T, F)
    const int64_t frames = mels.size(1);
    // A clip shorter than one window is one window.
    const int64_t window = std::min<int64_t>(options_.window_frames, frames);
    const torch::Tensor windows = mels.unfold(1, window, options_.hop_frames);  // (C, n, F, W)
    const int64_t n = windows.size(1);

    ClipEmbedding e;
    const torch::Tensor stamps = window_statistics(windows);
    e.frames = n;
    e.width = stamps.size(1);
    e.timestamp_embeddings = to_vector(stamps);
    for (int64_t k = 0; k < n; ++k)
      e.timestamps_ms.push_back(static_cast<float>((static_cast<double>(k * options_.hop_frames) + 0.5 * static_cast<double>(window)) * frame_ms));
    e.scene = to_vector(window_statistics(mels.permute({0, 2, 1}).unsqueeze(1)));
    out.push_back(std::move(e));
    progress.report(static_cast<double>(i + 1) / static_cast<double>(clips.size()), name);
  }
  return out;
}

void require_tasks_at_rate(const std::string& tasks_dir, const std::vector<std::string>& task_names, int sample_rate,
                           const std::string& who) {
  const std::vector<std::string> names = task_names.empty() ? list_task_folders(tasks_dir) : task_names;
  std::string wrong;
  for (const std::string& name : names) {
    const TaskFolder task = read_task_folder((std::filesystem::path(tasks_dir) / name).string());
    if (std::find(task.sample_rates.begin(), task.sample_rates.end(), sample_rate) != task.sample_rates.end()) continue;
    std::string rates;
    for (int r : task.sample_rates) rates += (rates.empty() ? "" : ", ") + std::to_string(r);
    wrong += (wrong.empty() ? "" : "; ") + name + " has audio at " + (rates.empty() ? "no rate" : rates + " Hz");
  }
  if (!wrong.empty())
    throw Error(who + " is defined at " + std::to_string(sample_rate) + " Hz and does not resample: " + wrong +
                " (make the tasks at " + std::to_string(sample_rate) + " Hz, e.g. with make-tasks)");
}

}  // namespace gramt::eval::tasks
