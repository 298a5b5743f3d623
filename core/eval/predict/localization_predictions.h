#pragma once
// Per-clip localization results of one test fold, which the kits do not write:
// <fold>.localization-predictions.json beside the kit's files in the embeddings task folder
// ("test.localization-predictions.json" for train/valid/test tasks, "fold00..." for k-fold).
//
// {
//   "format": "gramt-localization-predictions", "format_version": 1,
//   "task_name": "mini_localization", "prediction_type": "cartesian-regression",
//   "fold": "test", "embedding_path": "<task folder as given to predict>",
//   "angles": "degrees; azimuth counter-clockwise from the front (90 = left) in [0, 360), elevation up in [-90, 90]",
//   "clips": [ { "file": "test_0.wav",
//                "target": [x, y, z], "prediction": [x, y, z],     // label vector / model output as trained
//                "true_azimuth_deg": 93.1, "true_elevation_deg": 12.0,
//                "predicted_azimuth_deg": 80.2, "predicted_elevation_deg": 5.5,
//                "angular_error_deg": 14.6,                          // arccos(clip(û·v̂, −1, 1))
//                "metadata": {"room": "...", "snr_db": 21.3, ...} }, ... ]   // rows in the split's row order
// }
// Angles and the error are null where a vector is zero (no direction). cartesian-regression and
// cartesian-z-regression labels are [x, y, z] (x front, y left, z up; only the direction is used),
// polar-regression labels are [azimuth, elevation] in degrees. Other types have no direction and get
// no file. Written atomically.
#include <cstdint>
#include <string>
#include <vector>

#include "core/eval/format/clip_metadata.h"

namespace gramt::eval::predict {

constexpr int kLocalizationPredictionsFormatVersion = 1;

std::string localization_predictions_filename(const std::string& fold_key);  // "<fold>.localization-predictions.json"

// Whether a prediction type's label vectors are directions this file can describe.
bool has_direction_labels(const std::string& prediction_type);

struct ClipLocalization {
  std::string file;
  std::vector<double> target, prediction;
  double true_azimuth_deg = 0, true_elevation_deg = 0;            // NaN: no direction
  double predicted_azimuth_deg = 0, predicted_elevation_deg = 0;  // NaN: no direction
  double angular_error_deg = 0;                                   // NaN when either has no direction
  format::ClipFacts metadata;
};

struct LocalizationPredictions {
  int format_version = kLocalizationPredictionsFormatVersion;
  std::string task_name, prediction_type, fold, embedding_path;
  std::vector<ClipLocalization> clips;
};

// Angles and angular error of one clip from its label vector and prediction (Error for a type
// without directions or vectors too short for it).
ClipLocalization describe_clip(const std::string& file, const std::vector<double>& target,
                               const std::vector<double>& prediction, const std::string& prediction_type,
                               format::ClipFacts metadata = {});

void write_localization_predictions(const std::string& path, const LocalizationPredictions& predictions);
// Throws gramt::Error naming the file and the field for anything else than a file of this format
// (another "format", a newer "format_version", missing or mistyped fields).
LocalizationPredictions read_localization_predictions(const std::string& path);

}  // namespace gramt::eval::predict
