#include "core/scene/shoebox_room.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "core/common/error.h"
#include "core/scene/diffuse_tail.h"
#include "core/scene/fractional_delay.h"

namespace gramt::scene {
namespace {

constexpr double kMinimumSourceDistance = 0.1;  // m; closer than this 1/r is meaningless for a head
constexpr int kMaximumOrder = 30;
constexpr double kMaximumLengthSeconds = 60.0;

const char* wall_name(int wall) {
  static const char* names[kWallCount] = {"wall x=0", "wall x=Lx", "wall y=0", "wall y=Ly", "floor", "ceiling"};
  return names[wall];
}

std::string describe(const Vec3& p) {
  std::ostringstream s;
  s << "(" << p.x << ", " << p.y << ", " << p.z << ")";
  return s.str();
}

// Image positions along one axis: the source mirrored (q = 1) or not (q = 0) and shifted by 2n
// room lengths; it has bounced |n − q| times off the wall at 0 and |n| times off the wall at L.
struct AxisImage {
  double coordinate;
  double gain;
  int order;
};

std::vector<AxisImage> axis_images(double source, double length, double beta_low, double beta_high, int max_order) {
  std::vector<AxisImage> images;
  for (int n = -max_order; n <= max_order; ++n) {
    for (int q = 0; q <= 1; ++q) {
      const int low = std::abs(n - q), high = std::abs(n);
      const int order = low + high;
      if (order > max_order) continue;
      const double coordinate = (q == 0 ? source : -source) + 2.0 * n * length;
      images.push_back({coordinate, std::pow(beta_low, low) * std::pow(beta_high, high), order});
    }
  }
  return images;
}

}  // namespace

ShoeboxRoom::ShoeboxRoom(Vec3 dimensions, std::array<double, kWallCount> absorption, ReverberationFormula formula,
                         double speed_of_sound)
    : dimensions_(dimensions), absorption_(absorption), formula_(formula), speed_of_sound_(speed_of_sound) {
  const double dims[3] = {dimensions.x, dimensions.y, dimensions.z};
  const char* names[3] = {"length (x)", "width (y)", "height (z)"};
  for (int i = 0; i < 3; ++i)
    if (!(dims[i] >= 0.5 && dims[i] <= 1000.0))
      throw Error(std::string("shoebox room: ") + names[i] + " must be within [0.5, 1000] m, got " + std::to_string(dims[i]));
  for (int w = 0; w < kWallCount; ++w) {
    const double a = absorption[static_cast<size_t>(w)];
    if (!(a >= 0.0 && a <= 1.0))
      throw Error(std::string("shoebox room: absorption of the ") + wall_name(w) + " must be within [0, 1], got " +
                  std::to_string(a));
    reflection_[static_cast<size_t>(w)] = std::sqrt(1.0 - a);
  }
  if (!(speed_of_sound > 0.0) || !std::isfinite(speed_of_sound))
    throw Error("shoebox room: speed of sound must be positive");
}

ShoeboxRoom ShoeboxRoom::from_reflection_coefficients(Vec3 dimensions, std::array<double, kWallCount> reflection,
                                                      ReverberationFormula formula, double speed_of_sound) {
  std::array<double, kWallCount> absorption{};
  for (int w = 0; w < kWallCount; ++w) {
    const double b = reflection[static_cast<size_t>(w)];
    if (!(b >= 0.0 && b <= 1.0))
      throw Error(std::string("shoebox room: reflection coefficient of the ") + wall_name(w) +
                  " must be within [0, 1], got " + std::to_string(b));
    absorption[static_cast<size_t>(w)] = 1.0 - b * b;
  }
  ShoeboxRoom room(dimensions, absorption, formula, speed_of_sound);
  room.reflection_ = reflection;  // exact, not through a square root
  return room;
}

ShoeboxRoom ShoeboxRoom::with_reverberation_time(Vec3 dimensions, double rt60_seconds, ReverberationFormula formula,
                                                 double speed_of_sound) {
  // Validate the dimensions before using them.
  const ShoeboxRoom rigid(dimensions, {}, formula, speed_of_sound);
  const double alpha = absorption_for_reverberation_time(formula, rigid.volume(), rigid.surface(), rt60_seconds, speed_of_sound);
  std::array<double, kWallCount> absorption;
  absorption.fill(alpha);
  return ShoeboxRoom(dimensions, absorption, formula, speed_of_sound);
}

double ShoeboxRoom::volume() const { return dimensions_.x * dimensions_.y * dimensions_.z; }

double ShoeboxRoom::surface() const {
  return 2.0 * (dimensions_.x * dimensions_.y + dimensions_.x * dimensions_.z + dimensions_.y * dimensions_.z);
}

double ShoeboxRoom::mean_absorption() const {
  const double yz = dimensions_.y * dimensions_.z, xz = dimensions_.x * dimensions_.z, xy = dimensions_.x * dimensions_.y;
  const double weighted = yz * (absorption_[kWallX0] + absorption_[kWallX1]) + xz * (absorption_[kWallY0] + absorption_[kWallY1]) +
                          xy * (absorption_[kFloor] + absorption_[kCeiling]);
  return weighted / surface();
}

double ShoeboxRoom::reverberation_time() const {
  return scene::reverberation_time(formula_, volume(), surface(), mean_absorption(), speed_of_sound_);
}

bool ShoeboxRoom::contains(const Vec3& p, double margin) const {
  return p.x >= margin && p.x <= dimensions_.x - margin && p.y >= margin && p.y <= dimensions_.y - margin &&
         p.z >= margin && p.z <= dimensions_.z - margin;
}

std::vector<ImageSource> ShoeboxRoom::image_sources(const Vec3& source, int max_order) const {
  if (max_order < 0 || max_order > kMaximumOrder)
    throw Error("shoebox room: max reflection order must be within [0, " + std::to_string(kMaximumOrder) + "], got " +
                std::to_string(max_order));
  const auto xs = axis_images(source.x, dimensions_.x, reflection_[kWallX0], reflection_[kWallX1], max_order);
  const auto ys = axis_images(source.y, dimensions_.y, reflection_[kWallY0], reflection_[kWallY1], max_order);
  const auto zs = axis_images(source.z, dimensions_.z, reflection_[kFloor], reflection_[kCeiling], max_order);
  std::vector<ImageSource> images;
  for (const auto& x : xs)
    for (const auto& y : ys) {
      if (x.order + y.order > max_order) continue;
      for (const auto& z : zs) {
        const int order = x.order + y.order + z.order;
        if (order > max_order) continue;
        images.push_back({{x.coordinate, y.coordinate, z.coordinate}, x.gain * y.gain * z.gain, order});
      }
    }
  return images;
}

ImpulseResponse ShoeboxRoom::render(const Vec3& source, const ListenerPose& listener, const HrirSet& hrirs,
                                    const BrirOptions& options) const {
  if (!contains(source)) throw Error("shoebox room: source position " + describe(source) + " is outside the room");
  if (!contains(listener.position))
    throw Error("shoebox room: listener position " + describe(listener.position) + " is outside the room");
  const double distance = norm(source - listener.position);
  if (distance < kMinimumSourceDistance)
    throw Error("shoebox room: source is " + std::to_string(distance) + " m from the listener, at least " +
                std::to_string(kMinimumSourceDistance) + " m is needed");
  if (!std::isfinite(listener.head_azimuth_deg)) throw Error("shoebox room: head azimuth must be finite");
  if (!(options.length_seconds >= 0.0 && options.length_seconds <= kMaximumLengthSeconds))
    throw Error("shoebox room: BRIR length must be within [0, 60] s");
  if (!(options.max_length_seconds > 0.0 && options.max_length_seconds <= kMaximumLengthSeconds))
    throw Error("shoebox room: maximum BRIR length must be within (0, 60] s");

  const int fs = hrirs.sample_rate();
  const double c = speed_of_sound_;
  const std::vector<ImageSource> images = image_sources(source, options.max_order);
  const double rt60 = reverberation_time();
  const bool tail = options.diffuse_tail && std::isfinite(rt60) && rt60 > 0.0;

  size_t length;
  const size_t padding = static_cast<size_t>(hrirs.length()) + kFractionalDelayHalfWidth + 1;
  if (options.length_seconds > 0.0) {
    length = static_cast<size_t>(std::llround(options.length_seconds * fs));
  } else {
    double end = distance / c;
    if (tail) {
      end += rt60;
    } else {
      for (const auto& image : images)
        if (image.reflection_gain > 0.0) end = std::max(end, norm(image.position - listener.position) / c);
    }
    end = std::min(end, options.max_length_seconds);
    length = std::min(static_cast<size_t>(std::ceil(end * fs)) + padding,
                      static_cast<size_t>(std::llround(options.max_length_seconds * fs)));
  }
  ImpulseResponse brir(static_cast<size_t>(hrirs.channel_count()), std::vector<float>(length, 0.0f));

  std::vector<ImageArrival> arrivals;
  arrivals.reserve(images.size());
  for (const auto& image : images) {
    if (image.reflection_gain <= 0.0) continue;
    const Vec3 offset = image.position - listener.position;
    const double r = norm(offset);
    const double gain = image.reflection_gain / r;
    arrivals.push_back({r / c, gain * gain});
    const double delay = r / c * fs;
    if (delay - kFractionalDelayHalfWidth >= static_cast<double>(length)) continue;
    double azimuth = 0.0, elevation = 0.0;
    direction_angles(to_head_frame(offset, listener.head_azimuth_deg), azimuth, elevation);
    const DirectionalResponse h = hrirs.lookup_channels(azimuth, elevation);
    for (size_t ch = 0; ch < brir.size(); ++ch)
      add_delayed(brir[ch], h.channels[ch].data(), h.channels[ch].size(), delay + h.delays[ch], gain);
  }

  if (tail) {
    // The rendered images are complete until the first image of the next order could arrive.
    double exact_until = std::numeric_limits<double>::infinity();
    if (options.max_order < kMaximumOrder) {
      for (const auto& image : image_sources(source, options.max_order + 1))
        if (image.order == options.max_order + 1)
          exact_until = std::min(exact_until, norm(image.position - listener.position) / c);
    }
    DiffuseTailParams params;
    params.rt60_seconds = rt60;
    params.room_volume = volume();
    params.speed_of_sound = c;
    params.exact_until_seconds = exact_until;
    params.pulse_density = options.tail_pulse_density;
    params.directions = options.tail_directions;
    if (std::isfinite(exact_until)) {
      const std::vector<double> energy = diffuse_tail_energy(params, arrivals, fs, length);
      std::mt19937_64 rng(options.seed);
      add_diffuse_tail(brir, energy, params, hrirs, rng);
    }
  }
  return brir;
}

}  // namespace gramt::scene
