#include "app/workbench/foa_inspection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include "app/workbench/audio_inspection.h"
#include "app/workbench/parallel_blocks.h"
#include "core/analysis/foa_binaural_decoder.h"
#include "core/analysis/foa_directions.h"
#include "core/common/error.h"

namespace gramt::workbench {

namespace {

constexpr int kAzimuthSectors = 72;  // 5° each
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
// Added to the histogram's intensities before the log, relative to the loudest sector: empty
// sectors sit well below any colour range instead of at −inf.
constexpr double kHistogramFloorBelowPeakDb = 120.0;

}  // namespace

FoaDirectionTrack analyse_foa_track(const std::vector<const std::vector<float>*>& ambix, const ProgressSink& progress,
                                    double quiet_below_peak_db, int64_t block_frames, int threads) {
  if (ambix.size() != 4) throw Error("ambisonic directions: need 4 channels, got " + std::to_string(ambix.size()));
  for (const auto* channel : ambix)
    if (channel == nullptr || channel->size() != ambix[0]->size())
      throw Error("ambisonic directions: the 4 channels differ in length");
  analysis::FoaDirectionSettings settings;
  settings.sample_rate = kModelSampleRate;
  settings.azimuth_bins = kAzimuthSectors;
  const analysis::FoaDirectionAnalyser analyser(settings);
  const auto samples = static_cast<int64_t>(ambix[0]->size());
  const int64_t frames = analyser.frame_count(samples);
  const auto bands = static_cast<size_t>(analyser.band_count());
  block_frames = std::max<int64_t>(block_frames, 1);
  const int64_t blocks = (frames + block_frames - 1) / block_frames;

  const size_t cells = static_cast<size_t>(frames) * bands;
  auto azimuth = std::make_shared<std::vector<float>>(cells);
  auto elevation = std::make_shared<std::vector<float>>(cells);
  auto intensity = std::make_shared<std::vector<float>>(cells);
  std::vector<float> energy(cells);
  std::vector<float> histogram(static_cast<size_t>(frames) * kAzimuthSectors);

  // Workers take blocks in turn and write disjoint slices; only progress and failure are shared.
  run_blocks_in_parallel(blocks, threads, progress, "ambisonic directions", [&](int64_t b) {
    const int64_t first = b * block_frames;
    const int64_t count = std::min(block_frames, frames - first);
    const analysis::SampleRange need = analyser.samples_needed(first, count, samples);
    analysis::FoaBlock block;
    for (size_t c = 0; c < 4; ++c) block.channel[c] = ambix[c]->data() + need.begin;
    block.first_sample = need.begin;
    block.length = need.end - need.begin;
    block.clip_samples = samples;
    const analysis::FoaDirectionFrames d = analyser.analyse(block, first, count);
    const auto at = static_cast<std::ptrdiff_t>(static_cast<size_t>(first) * bands);
    std::copy(d.azimuth_deg.begin(), d.azimuth_deg.end(), azimuth->begin() + at);
    std::copy(d.elevation_deg.begin(), d.elevation_deg.end(), elevation->begin() + at);
    std::copy(d.intensity.begin(), d.intensity.end(), intensity->begin() + at);
    std::copy(d.energy.begin(), d.energy.end(), energy.begin() + at);
    std::copy(d.azimuth_histogram.begin(), d.azimuth_histogram.end(),
              histogram.begin() + static_cast<std::ptrdiff_t>(first * kAzimuthSectors));
  });

  if (cells > 0) {
    const float loudest = *std::max_element(energy.begin(), energy.end());
    const auto floor = static_cast<float>(loudest * std::pow(10.0, -quiet_below_peak_db / 10.0));
    for (size_t i = 0; i < cells; ++i)
      if (!(energy[i] > floor)) (*azimuth)[i] = (*elevation)[i] = kNaN;
  }

  auto histogram_db = std::make_shared<std::vector<float>>(histogram.size());
  const float top = histogram.empty() ? 0.0f : *std::max_element(histogram.begin(), histogram.end());
  const double offset = top > 0.0f ? top * std::pow(10.0, -kHistogramFloorBelowPeakDb / 10.0) : 1e-30;
  for (size_t i = 0; i < histogram.size(); ++i)
    (*histogram_db)[i] = static_cast<float>(10.0 * std::log10(histogram[i] + offset));

  FoaDirectionTrack track;
  track.frames = frames;
  track.bands = static_cast<int>(bands);
  track.frame_period_seconds = static_cast<double>(settings.hop_length) / settings.sample_rate;
  track.azimuth_deg = std::move(azimuth);
  track.elevation_deg = std::move(elevation);
  track.intensity = std::move(intensity);
  track.azimuth_bins = kAzimuthSectors;
  track.azimuth_histogram_db = std::move(histogram_db);
  track.histogram_peak_db = 10.0 * std::log10(static_cast<double>(top) + offset);
  return track;
}

SphereCells sphere_cells_of_frames(const FoaDirectionTrack& track, int64_t first_frame, int64_t last_frame) {
  SphereCells cells;
  const analysis::SphereGrid grid;
  cells.azimuth_cells = grid.azimuth_cells;
  cells.elevation_cells = grid.elevation_cells;
  first_frame = std::clamp<int64_t>(first_frame, 0, track.frames);
  last_frame = std::clamp<int64_t>(last_frame, first_frame, track.frames);
  if (!track.azimuth_deg || track.bands <= 0) {
    cells.energy.assign(static_cast<size_t>(grid.azimuth_cells) * static_cast<size_t>(grid.elevation_cells), 0.0);
    return cells;
  }
  const size_t begin = static_cast<size_t>(first_frame) * static_cast<size_t>(track.bands);
  const size_t count = static_cast<size_t>(last_frame - first_frame) * static_cast<size_t>(track.bands);
  analysis::SphereEnergyMap map = analysis::sphere_energy_map(
      track.azimuth_deg->data() + begin, track.elevation_deg->data() + begin, track.intensity->data() + begin, count, grid);
  cells.energy = std::move(map.energy);
  return cells;
}

namespace {

// One decoder per rate for the program's life: reading and resampling the SOFA set is the slow part.
const analysis::FoaBinauralDecoder& kemar_decoder(int sample_rate) {
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<const analysis::FoaBinauralDecoder>> decoders;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& decoder = decoders[sample_rate];
  if (!decoder)
    decoder = std::make_unique<const analysis::FoaBinauralDecoder>(
        scene::HrirSet::open_sofa(analysis::kKemarSofaPath, sample_rate));
  return *decoder;
}

}  // namespace

FoaHeadphoneMix decode_foa_for_headphones(const std::vector<std::vector<float>>& ambix, int sample_rate,
                                          const ProgressSink& progress) {
  FoaHeadphoneMix mix;
  const analysis::FoaBinauralDecoder* decoder = nullptr;
  try {
    decoder = &kemar_decoder(sample_rate);
  } catch (const Error& e) {
    mix.problem = std::string("binaural playback unavailable: ") + e.what();
    return mix;
  }
  analysis::EarSignals ears = decoder->decode(ambix, progress, "ambisonic file");
  mix.left = std::make_shared<const std::vector<float>>(std::move(ears.left));
  mix.right = std::make_shared<const std::vector<float>>(std::move(ears.right));
  mix.decoder = decoder->description();
  return mix;
}

}  // namespace gramt::workbench
