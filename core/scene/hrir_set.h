#pragma once
// A set of head-related impulse responses: which ear signals an arrival from a direction produces.
// Cheap to copy (copies share the loaded data) and safe to use from several threads.
//
// Sources:
//   open_sofa            a SOFA file (AES69 SimpleFreeFieldHRIR) read and resampled by libmysofa, with its
//                        neighbour interpolation; e.g. /usr/share/libmysofa/default.sofa (MIT KEMAR).
//   open_horizontal_wav  a horizontal-plane multichannel WAV: 2M channels = M azimuths in equal steps
//                        from 0° counter-clockwise, channels (2k, 2k+1) = (left, right) of azimuth
//                        k·360/M (the SoundScape Renderer layout); elevation ignored, nearest azimuth.
//   from_table           measured pairs at given directions, nearest direction by angle.
//   spherical_head       a rigid-sphere head model (no data file): Woodworth-style delay and a
//                        one-pole head-shadow filter per ear (Brown & Duda 1998).
//   ideal_delta          a unit impulse on both ears for every direction (tests: arrivals stay pure
//                        delays and gains).
//   from_source          any HrirSource.
//   first_order_ambisonics  not a head: a point first-order ambisonic microphone (AmbiX: W, Y, Z, X;
//                        SN3D) whose "responses" are the plane-wave encoding gains. Rooms rendered
//                        through it are FOA room responses (4 channels) instead of binaural ones.
#include <memory>
#include <string>
#include <vector>

#include "core/scene/hrir_source.h"

namespace gramt::scene {

struct HrirDirection {
  double azimuth_deg = 0.0;
  double elevation_deg = 0.0;
};

class HrirSet {
 public:
  // `sample_rate`: the rate the responses are delivered at (libmysofa resamples). Throws gramt::Error
  // naming the file when it is missing or libmysofa rejects it (with libmysofa's reason).
  static HrirSet open_sofa(const std::string& path, int sample_rate);
  static HrirSet open_horizontal_wav(const std::string& path, int sample_rate);
  // Throws gramt::Error when the table is empty, the counts differ, or responses differ in length.
  static HrirSet from_table(const std::string& name, int sample_rate, std::vector<HrirDirection> directions,
                            std::vector<HrirPair> responses);
  static HrirSet spherical_head(int sample_rate, double head_radius_m = 0.0875);
  static HrirSet ideal_delta(int sample_rate);
  static HrirSet from_source(std::shared_ptr<const HrirSource> source);
  static HrirSet first_order_ambisonics(int sample_rate);

  std::string name() const { return source_->name(); }
  int sample_rate() const { return source_->sample_rate(); }
  int length() const { return source_->length(); }
  HrirPair lookup(double azimuth_deg, double elevation_deg) const {
    return source_->lookup(azimuth_deg, elevation_deg);
  }
  // Channels the receiver gives: 2 for heads, 4 for first_order_ambisonics.
  int channel_count() const { return source_->channel_count(); }
  DirectionalResponse lookup_channels(double azimuth_deg, double elevation_deg) const {
    return source_->lookup_channels(azimuth_deg, elevation_deg);
  }

 private:
  explicit HrirSet(std::shared_ptr<const HrirSource> source) : source_(std::move(source)) {}
  std::shared_ptr<const HrirSource> source_;
};

}  // namespace gramt::scene
