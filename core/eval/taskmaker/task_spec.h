#pragma once
// A generated task held in memory before it is written as a HEAR task folder: metadata, label
// vocabulary, and every clip with its split, file name, labels and provenance.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audio/audio_buffer.h"

namespace gramt::eval::taskmaker {

// Where a clip's sound came from, one MANIFEST.tsv row.
struct ClipOrigin {
  std::string package;     // Debian package(s) of the material
  std::string source;      // voice / program / note / room: enough to regenerate it
  std::string licence;
  std::string transforms;  // what was done to it
};

struct TaskClip {
  std::string split;
  std::string file;                // audio file name, e.g. "yes-en-us+m3-0.wav"
  audio::AudioBuffer audio;        // at the task rate
  nlohmann::ordered_json labels;   // the <split>.json value
  ClipOrigin origin;
  // Facts to split results by (room, SNR, RT60, source class, ...): flat numbers, strings or
  // booleans, written to <split>.clip-metadata.json (core/eval/predict/clip_metadata.h).
  nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
};

// A source package (or data set) a task draws on, recorded in the metadata.
struct MaterialSource {
  std::string package;
  std::string what;
  std::string licence;
};

struct TaskSpec {
  std::string task_name;  // task_metadata "task_name"
  std::string version = "v1";
  std::string mode;       // the size preset ("small", "medium", "tiny")
  std::string embedding_type = "scene";
  std::string prediction_type = "multiclass";
  std::string split_mode = "trainvaltest";
  std::vector<std::string> splits = {"train", "valid", "test"};
  double sample_duration = 1.0;
  std::vector<std::string> evaluation;
  nlohmann::ordered_json extra_metadata = nlohmann::ordered_json::object();  // evaluation_params, ...
  std::vector<nlohmann::ordered_json> vocabulary;  // labels in vocabulary order (strings or ints)
  std::vector<MaterialSource> sources;
  std::string description;
  std::vector<TaskClip> clips;

  // <task_name>-<version>-<mode>, hear-preprocess's folder name.
  std::string folder_name() const { return task_name + "-" + version + "-" + mode; }
};

}  // namespace gramt::eval::taskmaker
