#include "app/workbench/audio_inspection.h"

#include <cmath>

#include "core/analysis/foa_normalisation_check.h"
#include "core/audio/audio_file.h"
#include "core/audio/resample.h"
#include "core/common/error.h"
#include "core/features/log_mel.h"

namespace gramt::workbench {

namespace {

double hz_to_mel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double mel_to_hz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

std::string channel_name(int index, ChannelLayout layout) {
  switch (layout) {
    case ChannelLayout::Mono: return "mono";
    case ChannelLayout::Stereo: return index == 0 ? "left" : "right";
    case ChannelLayout::Ambisonic: return std::string(1, "WYZX"[index]);  // AmbiX (ACN) order
    case ChannelLayout::Other: break;
  }
  return std::to_string(index + 1);
}

}  // namespace

ChannelLayout channel_layout_of(int file_channels) {
  switch (file_channels) {
    case 1: return ChannelLayout::Mono;
    case 2: return ChannelLayout::Stereo;
    case 4: return ChannelLayout::Ambisonic;
    default: return ChannelLayout::Other;
  }
}

std::vector<double> mel_bin_centres_hz(double f_min, double f_max, int n_mels) {
  const double mel_min = hz_to_mel(f_min);
  const double mel_max = hz_to_mel(f_max);
  // n_mels triangles need n_mels + 2 points; filter m peaks at point m + 1.
  const double step = (mel_max - mel_min) / (n_mels + 1);
  std::vector<double> centres(static_cast<size_t>(n_mels));
  for (int m = 0; m < n_mels; ++m) centres[static_cast<size_t>(m)] = mel_to_hz(mel_min + (m + 1) * step);
  return centres;
}

std::vector<float> model_log_mel_db(const std::vector<float>& samples, int64_t* frames_out,
                                    const ProgressSink& progress, int64_t chunk_frames) {
  features::LogMelConfig config;
  config.sample_rate = kModelSampleRate;
  const int64_t hop = config.hop_length;
  const int64_t length = static_cast<int64_t>(samples.size());
  const int64_t total = features::frames_for_samples(length, config.hop_length);
  // Context each side of a chunk: a whole number of hops covering half a window, so the chunk's
  // frames see exactly the samples they would see in one pass, and their centres stay on the grid.
  const int64_t context_hops = (config.n_fft / 2 + hop - 1) / hop;
  chunk_frames = std::max<int64_t>(chunk_frames, 1);

  std::vector<float> levels;
  levels.reserve(static_cast<size_t>(total * config.n_mels));
  for (int64_t first = 0; first < total; first += chunk_frames) {
    progress.checkpoint();
    progress.report(static_cast<double>(first) / total, "log-mel");
    const int64_t last = std::min(first + chunk_frames, total);
    // Chunks at either end of the signal keep its true edge, where the reflect padding belongs.
    const int64_t begin = first == 0 ? 0 : (first - context_hops) * hop;
    const int64_t end = last == total ? length : std::min(length, (last + context_hops - 1) * hop + config.n_fft / 2 + 1);
    const std::vector<float> segment(samples.begin() + begin, samples.begin() + end);
    int64_t segment_frames = 0;
    const std::vector<float> part = features::log_mel_of(segment, config, &segment_frames);
    const int64_t skip = first == 0 ? 0 : context_hops;
    const auto from = part.begin() + skip * config.n_mels;
    levels.insert(levels.end(), from, from + (last - first) * config.n_mels);
  }
  progress.checkpoint();
  // ln → dB: 10·log10(x) = ln(x) · 10 / ln(10).
  const float ln_to_db = static_cast<float>(10.0 / std::log(10.0));
  for (float& v : levels) v *= ln_to_db;
  progress.report(1.0, "log-mel");
  if (frames_out != nullptr) *frames_out = total;
  return levels;
}

AudioInspection inspect_audio_file(const std::string& path, const ProgressSink& progress,
                                   const InspectOptions& options) {
  AudioInspection result;
  result.path = path;

  progress.report(0.0, "Reading " + path);
  const audio::AudioInfo info = audio::probe_audio(path);
  audio::AudioBuffer decoded = audio::read_audio(path);
  progress.checkpoint();
  result.format = info.format;
  result.sample_rate = decoded.sample_rate;
  result.file_channels = decoded.channel_count();
  result.frames = decoded.frames();
  result.layout = channel_layout_of(result.file_channels);
  const bool ambisonic = result.layout == ChannelLayout::Ambisonic;
  // Progress: reading 0–0.3, then for ambisonic files the headphone rendering to 0.4; the channels'
  // log-mels share what is left with the cues or the directions.
  const double mel_start = ambisonic ? 0.4 : 0.3;
  if (ambisonic) {
    result.foa_format = options.foa_format;
    if (const auto warning = analysis::foa_normalisation_warning(decoded.channels, options.foa_format, path))
      result.foa_warning = *warning;
    decoded.channels = audio::convert_foa(decoded.channels, options.foa_format, audio::FoaFormat::kAmbiX, path);
    progress.report(0.3, "Binaural rendering for headphones (KEMAR)");
    ProgressSink decode_progress;
    decode_progress.cancel = progress.cancel;
    decode_progress.on_progress = [&](double fraction, const std::string&) {
      progress.report(0.3 + 0.1 * fraction, "Binaural rendering for headphones (KEMAR)");
    };
    result.headphones = decode_foa_for_headphones(decoded.channels, decoded.sample_rate, decode_progress);
  }

  const int shown = std::min(kMaxShownChannels, decoded.channel_count());
  for (int c = 0; c < shown; ++c)
    result.channels.push_back(
        std::make_shared<const std::vector<float>>(std::move(decoded.channels[static_cast<size_t>(c)])));
  decoded.channels.clear();

  features::LogMelConfig config;
  config.sample_rate = kModelSampleRate;
  result.n_mels = config.n_mels;
  result.frame_period_seconds = static_cast<double>(config.hop_length) / config.sample_rate;
  result.mel_bin_hz =
      mel_bin_centres_hz(config.f_min, config.f_max < 0 ? config.sample_rate / 2.0 : config.f_max, config.n_mels);

  const bool stereo = result.layout == ChannelLayout::Stereo;
  const bool keep_at_model_rate = stereo || ambisonic;
  const double mel_share = (keep_at_model_rate ? 0.75 - mel_start : 1.0 - mel_start) / shown;
  // The channels the cues or the directions read: the decoded channels themselves at 32 kHz, else
  // resampled copies that live until the analysis is done (an hour at 32 kHz: 460 MB each, so no
  // copy when none is needed).
  std::vector<std::shared_ptr<const std::vector<float>>> at_model_rate_kept;
  for (int c = 0; c < shown; ++c) {
    const double base = mel_start + mel_share * c;
    const std::string name = channel_name(c, result.layout);
    std::shared_ptr<const std::vector<float>> at_model_rate = result.channels[static_cast<size_t>(c)];
    if (result.sample_rate != kModelSampleRate) {
      progress.report(base, "Resampling the " + name + " channel to 32 kHz");
      at_model_rate = std::make_shared<const std::vector<float>>(
          audio::resample_channel(*at_model_rate, result.sample_rate, kModelSampleRate));
      progress.checkpoint();
    }
    // The log-mel takes the second half of this channel's share of the bar.
    ProgressSink channel_progress;
    channel_progress.cancel = progress.cancel;
    channel_progress.on_progress = [&](double fraction, const std::string&) {
      progress.report(base + mel_share * (0.5 + 0.5 * fraction), "Log-mel of the " + name + " channel");
    };
    int64_t frames = 0;
    std::vector<float> levels;
    if (static_cast<int64_t>(at_model_rate->size()) <= config.n_fft / 2) {
      // The reference front end cannot pad so short a clip; the rest of the panel still can show it.
      result.log_mel_note = "Too short for a log-mel: GRAM-T's front end needs more than " +
                            std::to_string(config.n_fft / 2) + " samples at 32 kHz (" +
                            std::to_string(config.n_fft / 2 * 1000 / kModelSampleRate) + " ms).";
      result.log_mel_db.push_back(std::make_shared<const std::vector<float>>());
      if (keep_at_model_rate) at_model_rate_kept.push_back(std::move(at_model_rate));
      continue;
    }
    try {
      levels = model_log_mel_db(*at_model_rate, &frames, channel_progress);
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      throw Error(path + ": " + e.what());
    }
    result.mel_frames = frames;
    result.log_mel_db.push_back(std::make_shared<const std::vector<float>>(std::move(levels)));
    if (keep_at_model_rate) at_model_rate_kept.push_back(std::move(at_model_rate));
  }
  if (stereo) {
    ProgressSink cue_progress;
    cue_progress.cancel = progress.cancel;
    cue_progress.on_progress = [&](double fraction, const std::string&) {
      progress.report(0.75 + 0.25 * fraction, "Binaural cues (ILD, ITD, coherence)");
    };
    progress.report(0.75, "Binaural cues (ILD, ITD, coherence)");
    try {
      result.binaural = std::make_shared<const BinauralCueTrack>(
          analyse_binaural_track(*at_model_rate_kept[0], *at_model_rate_kept[1], cue_progress,
                                 QuietCellMask{result.log_mel_db[0].get(), result.log_mel_db[1].get()}));
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      throw Error(path + ": " + e.what());
    }
  }
  if (ambisonic) {
    ProgressSink direction_progress;
    direction_progress.cancel = progress.cancel;
    direction_progress.on_progress = [&](double fraction, const std::string&) {
      progress.report(0.75 + 0.25 * fraction, "Ambisonic directions (intensity vector)");
    };
    progress.report(0.75, "Ambisonic directions (intensity vector)");
    std::vector<const std::vector<float>*> ambix;
    for (const auto& channel : at_model_rate_kept) ambix.push_back(channel.get());
    try {
      result.foa = std::make_shared<const FoaDirectionTrack>(analyse_foa_track(ambix, direction_progress));
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      throw Error(path + ": " + e.what());
    }
  }
  progress.report(1.0, "Done");
  return result;
}

}  // namespace gramt::workbench
