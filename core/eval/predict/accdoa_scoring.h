#pragma once
// listen-eval-kit's ACCDOA path (spec/eval.md §3.10): how a split's reference events and a
// predictor's ACCDOA outputs become the frame-wise inputs of the SELD and OldSELD scores.
//   Reference: per file, frames in timestamp order; an event covers the frames with
//   start <= t < end + 0.0001 ms (static or dynamic alike) and gives [class, azimuth, elevation];
//   only files with at least one active frame are kept.
//   Prediction: a class is active in a frame when its (x, y, z) is longer than 0.5.
//   Block length: int(1000 // hop) frames for static sources, with hop the mean timestamp step of
//   the split's last file (as the kit takes it); `_nb_label_frames_1s` for dynamic sources.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/predict/event_postprocessing.h"
#include "core/eval/format/label_vocabulary.h"
#include "core/eval/format/task_metadata.h"
#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::predict {

// The task metadata's ACCDOA facts.
struct AccdoaSetup {
  std::string source_dynamics;  // "static" | "dynamic"
  int64_t label_frames_per_second = 0;  // `_nb_label_frames_1s`, dynamic sources only
  scores::SeldParams seld;              // from scoring_params (defaults where absent)
};

// Reads source_dynamics (required), _nb_label_frames_1s (required for dynamic) and scoring_params
// (doa_threshold, average, azimuth_limits, elevation_limits, doa_resolution); every bad field is a
// gramt::Error naming `source` and the field.
AccdoaSetup read_accdoa_setup(const nlohmann::json& metadata, const std::string& source);

// One split's references, ready for the scores.
struct AccdoaReference {
  std::map<std::string, std::vector<scores::ReferenceDoa>> by_file;
  int64_t max_frames = 0;    // frames of the split's longest file
  int64_t block_frames = 0;  // frames per 1-s block
};

// split_json: the split's `<split>.json` ({file: [{"label", "start", "end", "direction": [az, el]}]});
// frames: the split's rows by file. `source` names the split file in errors.
AccdoaReference accdoa_reference(const nlohmann::json& split_json, const std::string& source,
                                 const EventFrameIndex& frames, const format::LabelVocabulary& vocabulary,
                                 const AccdoaSetup& setup);

// predictions: row-major (rows x 3 classes) tanh outputs of the split's rows. Every file of
// `frames` appears, silent ones with no entries.
std::map<std::string, std::vector<scores::PredictedDoa>> accdoa_predicted_doas(const float* predictions, int64_t classes,
                                                                               const EventFrameIndex& frames);

}  // namespace gramt::eval::predict
