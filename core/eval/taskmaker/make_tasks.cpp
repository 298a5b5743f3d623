#include "core/eval/taskmaker/make_tasks.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>

#include "core/common/error.h"
#include "core/eval/taskmaker/external_tools.h"
#include "core/eval/taskmaker/recipes.h"
#include "core/eval/taskmaker/task_folder_writer.h"

namespace gramt::eval::taskmaker {

namespace fs = std::filesystem;

namespace {


const std::vector<std::string> kDryTasks = {"mini_keywords", "mini_pitch", "mini_instruments", "mini_events"};

void say(const MakeTasksParams& params, const std::string& line) {
  if (params.log) params.log(line);
}

}  // namespace

std::vector<std::string> task_recipe_names() {
  std::vector<std::string> names;
  for (const std::string& dry : kDryTasks) {
    names.push_back(dry);
    names.push_back(dry + "_binaural");
    names.push_back(dry + "_foa");
  }
  names.emplace_back("mini_localization");
  names.emplace_back("mini_localization_foa");
  return names;
}

bool is_ambisonic_task(const std::string& name) {
  return name.size() > 4 && name.compare(name.size() - 4, 4, "_foa") == 0;
}

std::vector<MadeTask> make_tasks(const MakeTasksParams& params, const ProgressSink& progress) {
  const TaskSizes sizes = task_sizes(params.size);
  const std::vector<std::string> known = task_recipe_names();
  for (const std::string& name : params.only) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw Error("unknown task '" + name + "' (known: " + list + ")");
    }
  }
  // Without --only: every binaural and dry task, and the FOA versions when asked for.
  const auto wanted = [&](const std::string& name) {
    if (params.only.empty()) return params.ambisonic || !is_ambisonic_task(name);
    return std::find(params.only.begin(), params.only.end(), name) != params.only.end();
  };
  const auto folder_of = [&](const std::string& name) {
    return (fs::path(params.out_dir) / (name + "-v1-" + sizes.name)).string();
  };

  // Everything needed is checked before any work.
  require_program("espeak-ng", "espeak-ng");
  require_program("fluidsynth", "fluidsynth");
  require_data_file(kFluidSoundFont, "fluid-soundfont-gm");
  require_data_file(kKemarSofa, "libmysofa1");

  std::error_code ec;
  fs::create_directories(params.out_dir, ec);
  if (ec) throw Error(params.out_dir + ": cannot create the tasks folder (" + ec.message() + ")");
  const std::string work_dir =
      (fs::path(params.out_dir) / (".make-tasks-work-" + std::to_string(::getpid()))).string();
  SoundRenderer renderer(work_dir, kTaskSampleRate, true, true);
  const TaskRandom root(params.seed);

  std::vector<MadeTask> made;
  std::optional<scene::HrirSet> hrirs;
  const scene::HrirSet foa = scene::HrirSet::first_order_ambisonics(kTaskSampleRate);
  std::optional<NoiseBank> noise;
  const auto spatial_material = [&] {
    if (!hrirs) hrirs = scene::HrirSet::open_sofa(kKemarSofa, kTaskSampleRate);
    if (!noise) noise = render_noise_bank(renderer, 20.0);
  };
  const auto receiver = [&](SpatialFormat format) -> const scene::HrirSet& {
    return format == SpatialFormat::kAmbisonic ? foa : *hrirs;
  };
  size_t step = 0;
  const size_t steps = known.size();
  const auto finish = [&](const std::string& name, const TaskSpec* task, std::chrono::steady_clock::time_point start) {
    MadeTask m;
    m.task_name = name;
    m.folder = folder_of(name);
    m.skipped = task == nullptr;
    if (task != nullptr) {
      write_task_folder(*task, params.out_dir, kTaskSampleRate, params.seed);
      m.clips = task->clips.size();
    }
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    say(params, m.skipped ? name + ": exists, kept (" + m.folder + ")"
                          : name + ": " + std::to_string(m.clips) + " clips -> " + m.folder);
    made.push_back(m);
  };

  try {
    const SpatialFormat formats[] = {SpatialFormat::kBinaural, SpatialFormat::kAmbisonic};
    for (const std::string& dry_name : kDryTasks) {
      const bool need_dry = wanted(dry_name) && !fs::exists(folder_of(dry_name), ec);
      bool need_spatial = false;
      for (SpatialFormat f : formats) {
        const std::string name = dry_name + spatial_suffix(f);
        need_spatial = need_spatial || (wanted(name) && !fs::exists(folder_of(name), ec));
      }
      progress.report(static_cast<double>(step) / steps, dry_name);
      progress.checkpoint();
      const auto start = std::chrono::steady_clock::now();
      std::optional<TaskSpec> dry;
      if (need_dry || need_spatial) {
        RecipeContext context{renderer, sizes, root.fork(dry_name)};
        if (dry_name == "mini_keywords") dry = make_keyword_task(context);
        if (dry_name == "mini_pitch") dry = make_pitch_task(context);
        if (dry_name == "mini_instruments") dry = make_instrument_task(context);
        if (dry_name == "mini_events") dry = make_event_task(context);
      }
      if (wanted(dry_name)) finish(dry_name, need_dry ? &*dry : nullptr, start);
      ++step;
      for (SpatialFormat f : formats) {
        const std::string name = dry_name + spatial_suffix(f);
        progress.report(static_cast<double>(step) / steps, name);
        progress.checkpoint();
        if (wanted(name)) {
          const auto spatial_start = std::chrono::steady_clock::now();
          std::optional<TaskSpec> spatial;
          if (!fs::exists(folder_of(name), ec)) {
            spatial_material();
            // One generator for both versions (forked by the binaural name): the same rooms and places.
            spatial = make_spatial_version(*dry, receiver(f), *noise, root.fork(dry_name + "_binaural"), f);
          }
          finish(name, spatial ? &*spatial : nullptr, spatial_start);
        }
        ++step;
      }
    }
    for (SpatialFormat f : formats) {
      const std::string name = f == SpatialFormat::kAmbisonic ? "mini_localization_foa" : "mini_localization";
      if (!wanted(name)) continue;
      progress.report(static_cast<double>(step) / steps, name);
      progress.checkpoint();
      const auto start = std::chrono::steady_clock::now();
      std::optional<TaskSpec> task;
      if (!fs::exists(folder_of(name), ec)) {
        spatial_material();
        RecipeContext context{renderer, sizes, root.fork("mini_localization")};
        task = make_localization_task(context, receiver(f), *noise, f);
      }
      finish(name, task ? &*task : nullptr, start);
      ++step;
    }
  } catch (...) {
    fs::remove_all(work_dir, ec);
    throw;
  }
  fs::remove_all(work_dir, ec);
  progress.report(1.0, "done");
  return made;
}

}  // namespace gramt::eval::taskmaker
