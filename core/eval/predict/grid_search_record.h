#pragma once
// Our record of a prediction's grid search, kept in the kits' scores file under "grid_search"
// (where the kits' readers do not look): the protocol (grid, kit, grid points, seed, device), the
// chosen point and every point's validation result. One writer (to_json) and one reader
// (read_grid_search_record) for `predict`, `evaluate`'s resume check and the workbench's task
// detail; a file from before a field existed still reads, with that field unknown.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gramt::eval::predict {

struct GridPointRecord {
  nlohmann::ordered_json hparams = nlohmann::ordered_json::object();  // the kits' "hparams" layout
  std::optional<double> validation_score;  // NaN when no epoch scored; unknown when the file says null
  std::optional<int64_t> epoch;            // 0-based epoch of the kept checkpoint
  std::optional<int64_t> epochs_trained;
  std::optional<double> time_in_min;
  std::string failure;  // why the grid point failed; empty when it did not
};

struct GridSearchRecord {
  std::optional<std::string> grid;    // default | fast | faster
  std::optional<std::string> kit;     // hear | listen
  std::optional<int64_t> grid_points;  // points tried (after the task's overrides)
  std::optional<int64_t> seed;
  std::optional<std::string> device;
  std::optional<int64_t> best_grid_point;  // 0-based index into points
  bool random_probe = false;
  std::vector<GridPointRecord> points;
};

// The protocol settings a stored record is checked against on resume.
struct GridProtocol {
  std::string grid, kit;
  int64_t grid_points = 0;
  int64_t seed = 0;
};

nlohmann::ordered_json to_json(const GridSearchRecord& record);

// The record in a scores file's JSON, or nullopt when it has none (files of the Python kits).
// Malformed fields are left unknown and described in `notes` (when given), never thrown.
std::optional<GridSearchRecord> read_grid_search_record(const nlohmann::ordered_json& scores,
                                                         std::vector<std::string>* notes = nullptr);

// Which protocol settings differ between a stored record and the wanted ones, in words
// ("seed 3 (not 1), grid points 4 (not 8)"); "" when none does. A setting the record lacks is
// trusted.
std::string mismatch(const GridSearchRecord& stored, const GridProtocol& wanted);

}  // namespace gramt::eval::predict
