#pragma once
// Everything the Inspect panel shows about one audio file, computed off the UI thread: up to four
// channels as decoded, their log-mel spectrograms as GRAM-T's front end sees them (32 kHz), for
// stereo files the binaural cues (ILD, ITD, coherence) on the same frame grid, and for ambisonic
// files the directions of arrival and a headphone (binaural) rendering.
#include <memory>
#include <string>
#include <vector>

// No LibTorch here: this header reaches Qt code, whose `slots` macro breaks LibTorch's headers.
#include "app/workbench/binaural_inspection.h"
#include "app/workbench/foa_inspection.h"
#include "core/audio/ambisonic_format.h"
#include "core/common/progress.h"

namespace gramt::workbench {

// GRAM-T's front end runs at this rate; the spectrograms are computed after resampling to it.
constexpr int kModelSampleRate = 32000;
// At most this many channels are shown: a first-order ambisonic file's W, X, Y, Z.
constexpr int kMaxShownChannels = 4;

// How the panel reads the file's channels. Four channels are first-order ambisonics, in the format
// the user declares (AmbiX by default); binaural cues exist for stereo only.
enum class ChannelLayout { Mono, Stereo, Ambisonic, Other };
ChannelLayout channel_layout_of(int file_channels);

struct InspectOptions {
  // How a 4-channel file's channels are ordered and normalised; they are converted to AmbiX
  // (W, Y, Z, X; SN3D) before anything is shown or analysed.
  audio::FoaFormat foa_format = audio::FoaFormat::kAmbiX;
};

struct AudioInspection {
  std::string path;
  std::string format;      // e.g. "WAV float32"
  int sample_rate = 0;     // of the file
  int file_channels = 0;   // in the file; only the first kMaxShownChannels are kept
  ChannelLayout layout = ChannelLayout::Mono;
  int64_t frames = 0;      // samples per channel at the file's rate

  // The kept channels at the file's rate, shared with the views and the player without copies.
  // Ambisonic files: converted to AmbiX, so W, Y, Z, X whatever the file's format.
  std::vector<std::shared_ptr<const std::vector<float>>> channels;

  // Per kept channel: mel frames × n_mels, frame-major, as 10·log10(mel power + log offset) dB.
  std::vector<std::shared_ptr<const std::vector<float>>> log_mel_db;
  int64_t mel_frames = 0;
  int n_mels = 0;
  double frame_period_seconds = 0.0;  // hop / model rate
  std::vector<double> mel_bin_hz;     // centre frequency of every mel bin
  // Set (and the log-mels left empty) when the clip is too short for the front end's padding.
  std::string log_mel_note;

  // Stereo files only (null otherwise): cues on the log-mel's frame grid.
  std::shared_ptr<const BinauralCueTrack> binaural;

  // Ambisonic files only: the format the channels were read in, a warning when W is too weak for it
  // (foa_normalisation_warning), the directions on the log-mel's frame grid, and headphone signals.
  audio::FoaFormat foa_format = audio::FoaFormat::kAmbiX;
  std::string foa_warning;
  std::shared_ptr<const FoaDirectionTrack> foa;
  FoaHeadphoneMix headphones;

  double seconds() const { return sample_rate > 0 ? static_cast<double>(frames) / sample_rate : 0.0; }
};

// Centre frequencies of `n_mels` HTK mel filters between f_min and f_max: the peaks of the triangles,
// evenly spaced in mel.
std::vector<double> mel_bin_centres_hz(double f_min, double f_max, int n_mels);

// GRAM-T's log-mel of one channel already at kModelSampleRate, as dB, frames × n_mels frame-major.
// Long signals go through in chunks of `chunk_frames` frames with enough context that the result
// equals a single pass (up to float rounding), so progress moves and cancelling (gramt::Cancelled)
// takes effect within one chunk's time rather than after the whole file.
std::vector<float> model_log_mel_db(const std::vector<float>& samples, int64_t* frames_out,
                                    const ProgressSink& progress, int64_t chunk_frames = 2000);

// Reads `path` and computes what the panel shows. Reports progress and stops at checkpoints when
// cancelled (throws gramt::Cancelled); throws gramt::Error naming the file for anything else.
AudioInspection inspect_audio_file(const std::string& path, const ProgressSink& progress,
                                   const InspectOptions& options = {});

}  // namespace gramt::workbench
