#include "core/audio/ambisonic_format.h"

#include <array>
#include <cmath>

#include "core/common/error.h"

namespace gramt::audio {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt3 = 1.73205080756887729353;

// Where each AmbiX channel (W, Y, Z, X) sits in `format`, and the factor it carries there relative to SN3D.
struct Layout {
  std::array<int, 4> position;  // position[k]: the channel index in `format` of AmbiX channel k
  std::array<double, 4> scale;  // that channel = scale[k] · AmbiX channel k
};

Layout layout_of(FoaFormat format) {
  switch (format) {
    case FoaFormat::kAmbiX: return {{0, 1, 2, 3}, {1.0, 1.0, 1.0, 1.0}};
    case FoaFormat::kN3D: return {{0, 1, 2, 3}, {1.0, kSqrt3, kSqrt3, kSqrt3}};
    case FoaFormat::kFuMa: return {{0, 2, 3, 1}, {1.0 / kSqrt2, 1.0, 1.0, 1.0}};
    case FoaFormat::kWxyz: return {{0, 2, 3, 1}, {1.0, 1.0, 1.0, 1.0}};
  }
  return {{0, 1, 2, 3}, {1.0, 1.0, 1.0, 1.0}};
}

void check_foa(const std::vector<std::vector<float>>& channels, const std::string& what) {
  if (channels.size() != 4)
    throw Error(what + ": first-order ambisonics needs 4 channels, got " + std::to_string(channels.size()));
  for (const auto& c : channels)
    if (c.size() != channels[0].size()) throw Error(what + ": the 4 ambisonic channels differ in length");
}

}  // namespace

const char* foa_format_name(FoaFormat format) {
  switch (format) {
    case FoaFormat::kAmbiX: return "ambix";
    case FoaFormat::kN3D: return "n3d";
    case FoaFormat::kFuMa: return "fuma";
    case FoaFormat::kWxyz: return "wxyz";
  }
  return "ambix";
}

FoaFormat parse_foa_format(const std::string& name, const std::string& where) {
  for (FoaFormat f : {FoaFormat::kAmbiX, FoaFormat::kN3D, FoaFormat::kFuMa, FoaFormat::kWxyz})
    if (name == foa_format_name(f)) return f;
  throw Error(where + ": unknown ambisonic format '" + name +
              "' (ambix = ACN/SN3D, n3d = ACN/N3D, fuma = Furse-Malham W X Y Z, wxyz = W X Y Z with SN3D gains)");
}

AmbixGains ambix_plane_wave_gains(double azimuth_deg, double elevation_deg) {
  const double az = azimuth_deg * kPi / 180.0, el = elevation_deg * kPi / 180.0;
  AmbixGains g;
  g.w = 1.0;
  g.y = std::cos(el) * std::sin(az);
  g.z = std::sin(el);
  g.x = std::cos(el) * std::cos(az);
  return g;
}

std::vector<std::vector<float>> convert_foa(const std::vector<std::vector<float>>& channels, FoaFormat from, FoaFormat to,
                                            const std::string& what) {
  check_foa(channels, what);
  if (from == to) return channels;
  const Layout in = layout_of(from), out = layout_of(to);
  std::vector<std::vector<float>> result(4);
  for (size_t k = 0; k < 4; ++k) {
    const auto& source = channels[static_cast<size_t>(in.position[k])];
    // One factor per channel, computed in double, so a round trip differs from the input by float
    // rounding only.
    const double factor = out.scale[k] / in.scale[k];
    auto& dest = result[static_cast<size_t>(out.position[k])];
    dest.resize(source.size());
    if (factor == 1.0) {
      dest = source;
    } else {
      for (size_t i = 0; i < source.size(); ++i) dest[i] = static_cast<float>(factor * static_cast<double>(source[i]));
    }
  }
  return result;
}

}  // namespace gramt::audio
