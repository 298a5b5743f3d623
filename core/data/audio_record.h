#pragma once
// One item of a training data set before and after decoding.
#include <string>
#include <vector>

namespace gramt::data {

// Where an item's audio is, not yet decoded (decoding happens on the loader's worker threads).
struct AudioRecord {
  std::string name;      // shown in warnings: a file path, or "shard.tar:key"
  std::string path;      // audio file to decode; empty when `encoded` holds the audio
  std::string encoded;   // the bytes of an audio file taken from a tar member
  std::string format;    // extension of the tar member ("flac", "wav"), a hint only
  std::string metadata;  // the item's json member verbatim, "" when there is none
  int raw_sample_rate = 0;  // rate of .npy members, which store none: the data set's sr
};

// A decoded item: one channel at the pipeline's sample rate.
struct AudioItem {
  std::string name;
  std::vector<float> samples;
  int sample_rate = 0;
  std::string metadata;
};

}  // namespace gramt::data
