#pragma once
// Per-clip facts a task folder may carry beside its labels — room, RT60, SNR, source class,
// distance — so results can be split by them. Our own file, which the kits ignore:
//   <split>.clip-metadata.json = {"<file name>": {"<key>": number | string | bool, ...}, ...}
// make-tasks writes it into the task folder, the embeddings runner copies it into the embeddings
// folder, and predict attaches each clip's facts to its per-clip results.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace gramt::eval::format {

std::string clip_metadata_filename(const std::string& split);  // "<split>.clip-metadata.json"

struct ClipFacts {
  std::map<std::string, double> numbers;      // e.g. "snr_db", "rt60_s", "distance_m"
  std::map<std::string, std::string> labels;  // e.g. "room", "source_class"; booleans as "true"/"false"
  bool empty() const { return numbers.empty() && labels.empty(); }
};

using ClipMetadata = std::map<std::string, ClipFacts>;  // file name -> facts

// Throws gramt::Error naming `source` and the offending file/key (not an object, nested values, ...).
ClipMetadata parse_clip_metadata(const nlohmann::json& json, const std::string& source);
ClipMetadata read_clip_metadata(const std::string& path);

nlohmann::ordered_json clip_facts_json(const ClipFacts& facts);

}  // namespace gramt::eval::format
