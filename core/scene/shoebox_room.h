#pragma once
// A rectangular room rendered with the image-source method (Allen & Berkley 1979) into a binaural
// room impulse response. Every image source arrives after distance/c with amplitude
// (product of the reflection coefficients of the walls it bounced off)/distance, through the HRIR of
// its direction as seen from the listener's head, at a fractional-sample delay. Image sources stop at
// a maximum reflection order; an optional diffuse tail (diffuse_tail.h) continues the decay to the
// room's reverberation time. Through an ambisonic receiver the same images give an FOA room response. Deterministic given BrirOptions::seed.
#include <array>
#include <cstdint>
#include <vector>

#include "core/scene/geometry.h"
#include "core/scene/hrir_set.h"
#include "core/scene/impulse_response.h"
#include "core/scene/reverberation_formulas.h"

namespace gramt::scene {

// Wall order of the per-wall arrays.
enum Wall : int { kWallX0 = 0, kWallX1, kWallY0, kWallY1, kFloor, kCeiling, kWallCount };

struct ListenerPose {
  Vec3 position;                  // room coordinates, metres (the centre of the head)
  double head_azimuth_deg = 0.0;  // where the nose points: counter-clockwise from the room's +x axis
};

struct ImageSource {
  Vec3 position;               // room coordinates (outside the room unless order 0)
  double reflection_gain = 1;  // product of the wall reflection coefficients on its path
  int order = 0;               // number of reflections
};

struct BrirOptions {
  int max_order = 3;                // image sources up to this many reflections (0 = direct sound only)
  bool diffuse_tail = true;         // continue the decay with a diffuse tail (needs absorbing walls)
  double length_seconds = 0.0;      // 0: until the decay is 60 dB down, or the last image has arrived
  double max_length_seconds = 2.0;  // cap of the automatic length
  double tail_pulse_density = 4000.0;
  int tail_directions = 64;
  uint64_t seed = 0;                // the tail's randomness
};

class ShoeboxRoom {
 public:
  // `dimensions`: Lx, Ly, Lz in metres (each in [0.5, 1000]). `absorption`: energy absorption per
  // wall in [0, 1]; the pressure reflection coefficient is sqrt(1 − α). `formula` decides the
  // reverberation time the tail follows. Throws gramt::Error naming the bad field.
  ShoeboxRoom(Vec3 dimensions, std::array<double, kWallCount> absorption,
              ReverberationFormula formula = ReverberationFormula::kEyring, double speed_of_sound = kSpeedOfSound);
  // Per-wall pressure reflection coefficients β in [0, 1] instead (α = 1 − β²).
  static ShoeboxRoom from_reflection_coefficients(Vec3 dimensions, std::array<double, kWallCount> reflection,
                                                  ReverberationFormula formula = ReverberationFormula::kEyring,
                                                  double speed_of_sound = kSpeedOfSound);
  // Uniform absorption chosen by `formula` so that the room's reverberation time is `rt60_seconds`.
  static ShoeboxRoom with_reverberation_time(Vec3 dimensions, double rt60_seconds,
                                             ReverberationFormula formula = ReverberationFormula::kEyring,
                                             double speed_of_sound = kSpeedOfSound);

  const Vec3& dimensions() const { return dimensions_; }
  const std::array<double, kWallCount>& absorption() const { return absorption_; }
  double reflection_coefficient(int wall) const { return reflection_[static_cast<size_t>(wall)]; }
  double speed_of_sound() const { return speed_of_sound_; }
  double volume() const;
  double surface() const;
  double mean_absorption() const;  // area-weighted
  double reverberation_time() const;  // by the room's formula; infinite for rigid walls
  // Inside the room with at least `margin` metres to every wall.
  bool contains(const Vec3& point, double margin = 0.0) const;

  // All image sources of `source` with at most `max_order` reflections (order 0 = the source itself).
  std::vector<ImageSource> image_sources(const Vec3& source, int max_order) const;

  // hrirs.channel_count() channels at hrirs.sample_rate(): left and right for a head, AmbiX W, Y, Z, X
  // for HrirSet::first_order_ambisonics. Throws gramt::Error when the source or the
  // listener is outside the room, they are closer than 0.1 m, or an option is out of range.
  ImpulseResponse render(const Vec3& source, const ListenerPose& listener, const HrirSet& hrirs,
                         const BrirOptions& options) const;

 private:
  Vec3 dimensions_;
  std::array<double, kWallCount> absorption_{};
  std::array<double, kWallCount> reflection_{};
  ReverberationFormula formula_;
  double speed_of_sound_;
};

}  // namespace gramt::scene
