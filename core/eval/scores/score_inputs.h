#pragma once
// Plain-data inputs of the scores (spec/eval.md §4). Everything is double so that the kits' float64
// arithmetic can be followed; callers convert their float32 outputs once.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gramt::eval::scores {

// rows x cols, row-major.
struct Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<double> values;

  double at(int64_t row, int64_t col) const { return values[static_cast<size_t>(row * cols + col)]; }
};

// Scene scores (top1_acc, pitch_acc, chroma_acc, mAP, d_prime, aucroc): one row per clip.
struct SceneScoreInputs {
  Matrix predictions;               // post-activation scores, N x C
  Matrix targets;                   // indicator matrix (one-hot for multiclass), N x C
  std::vector<std::string> labels;  // vocabulary, idx -> label; optional (checked against C when given)
};

// One sound event. Times in milliseconds, as in the split JSON files and the post-processed output.
struct Event {
  std::string label;
  double onset_ms = 0.0;
  double offset_ms = 0.0;
};
// Audio file name -> its events (any order).
using EventsByFile = std::map<std::string, std::vector<Event>>;

// Event scores (event_onset_*_fms, segment_1s_er). The kits score every file of `predicted`
// against the reference events of that file; reference files that were not predicted are ignored.
struct EventScoreInputs {
  EventsByFile predicted;
  EventsByFile reference;
  std::vector<std::string> labels;  // vocabulary; the segment-based score rasterises these classes
};

// Scene localization scores (3d_source_local*, DOE, DOEPolar, DOA, MAE, distance): one row per clip,
// cartesian [x, y, z] (or [azimuth, elevation] in degrees for DOEPolar).
struct LocalizationScoreInputs {
  Matrix predictions;
  Matrix targets;
};

// ACCDOA outputs: a class active in a frame (its vector longer than 0.5) with its cartesian vector.
struct PredictedDoa {
  int64_t frame = 0;
  int64_t class_index = 0;
  double x = 0.0, y = 0.0, z = 0.0;
};
// A reference source: class and direction in degrees. Several entries of one class in one frame
// are separate tracks, in the order given.
struct ReferenceDoa {
  int64_t frame = 0;
  int64_t class_index = 0;
  double azimuth_deg = 0.0;
  double elevation_deg = 0.0;
};

// The task's scoring_params (spec/eval.md §1.2) for SELD and OldSELD.
struct SeldParams {
  double doa_threshold_deg = 20.0;  // SELD
  std::string average = "macro";    // SELD: "macro" or "micro"
  // OldSELD grid: range(a0, a1, doa_resolution) x range(e0, e1, doa_resolution); the defaults are
  // the DCASE 2019 grid.
  int azimuth_limits[2] = {-180, 180};
  int elevation_limits[2] = {-40, 50};
  int doa_resolution = 10;
};

struct SeldScoreInputs {
  std::map<std::string, std::vector<PredictedDoa>> predicted;  // every scored file, even silent ones
  std::map<std::string, std::vector<ReferenceDoa>> reference;
  int64_t classes = 0;       // size of the label vocabulary
  int64_t block_frames = 0;  // frames per 1-s block
  int64_t max_frames = 0;    // OldSELD: frames of the longest file
  SeldParams params;
};

}  // namespace gramt::eval::scores
