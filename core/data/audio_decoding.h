#pragma once
// Decoding a record's audio, from its file or from bytes held in memory (tar members), with the
// same checks as audio::read_audio: a corrupt, truncated, empty or non-finite file is an error.
#include <string>

#include "core/audio/audio_buffer.h"
#include "core/data/audio_record.h"

namespace gramt::data {

// Any format libsndfile reads, decoded from memory. Throws gramt::Error naming `name`.
audio::AudioBuffer decode_audio_bytes(const std::string& bytes, const std::string& name);

// A .npy member as audio: float or integer samples shaped (samples) or (channels, samples), at
// `sample_rate` (npy stores none). Throws gramt::Error naming `name`.
audio::AudioBuffer decode_npy_audio(const std::string& bytes, const std::string& name, int sample_rate);

// The record's file, or its in-memory bytes. Throws gramt::Error naming the record.
audio::AudioBuffer decode_record(const AudioRecord& record);

}  // namespace gramt::data
