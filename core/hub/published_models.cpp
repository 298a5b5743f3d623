#include "core/hub/published_models.h"

namespace gramt::hub {

const std::vector<PublishedModel>& published_models() {
  // Mono and ambisonic patching: frame, the reference's default (its configs train both that way).
  static const std::vector<PublishedModel> models = {
      {"labhamlet/gramt-binaural", "frame", 2,
       "two-ear recordings: localization and scene tasks (the model the reference's hub wrapper loads)"},
      {"labhamlet/gramt-binaural-time", "time", 2,
       "two-ear recordings, a token per 2 frames: the finest time resolution, for event and timestamp tasks"},
      {"labhamlet/gramt-binaural-frame", "frame", 2, "two-ear recordings, 16x8 patches: the frame-patched twin of -time"},
      {"labhamlet/gramt-mono", "frame", 1, "single-channel audio (ordinary recordings, the HEAR tasks as they are)"},
      {"labhamlet/gramt-ambisonics", "frame", 7,
       "first-order ambisonic (W X Y Z) recordings: 4 log-mel + 3 intensity channels, for spatial scenes"},
  };
  return models;
}

const PublishedModel* find_published_model(const std::string& repo) {
  for (const auto& m : published_models())
    if (m.repo == repo) return &m;
  return nullptr;
}

}  // namespace gramt::hub
