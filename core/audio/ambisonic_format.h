#pragma once
// First-order ambisonics (FOA): the channel orders and normalisations audio arrives in, and the one
// the project stores.
//
// Stored convention (rendered scenes, task folders, Inspect): **AmbiX** = ACN channel order
// (W, Y, Z, X) with SN3D normalisation. Axes as the binaural tasks' labels: x to the front, y to the
// left, z up; azimuth counter-clockwise from the front (90° = left), elevation up. A plane wave s(t)
// arriving from the unit direction (x, y, z) is encoded as W = s, Y = y·s, Z = z·s, X = x·s.
//
// Other conventions, converted explicitly wherever audio or responses enter or leave:
//   n3d   ACN order, N3D normalisation: the first-order channels are √3 times SN3D's.
//   fuma  Furse-Malham B-format: order W, X, Y, Z, W scaled by 1/√2 (first-order X, Y, Z as SN3D).
//   wxyz  order W, X, Y, Z with SN3D gains: what the reference's 7-channel front end reads
//         (its extractor takes "W, X, Y, Z" as they come; model spec §1.4).
#include <string>
#include <vector>

namespace gramt::audio {

enum class FoaFormat { kAmbiX, kN3D, kFuMa, kWxyz };

// "ambix", "n3d", "fuma", "wxyz".
const char* foa_format_name(FoaFormat format);
// Parses one of the names above; `where` names the option or field in the error.
FoaFormat parse_foa_format(const std::string& name, const std::string& where);

// Per-channel gains of a plane wave from (azimuth, elevation) in the stored convention (AmbiX order).
struct AmbixGains {
  double w = 1.0, y = 0.0, z = 0.0, x = 0.0;
};
AmbixGains ambix_plane_wave_gains(double azimuth_deg, double elevation_deg);

// Converts four FOA channels from one convention to another (a reorder and per-channel scaling; the
// identity when from == to). Throws gramt::Error naming `what` when there are not 4 equal-length channels.
std::vector<std::vector<float>> convert_foa(const std::vector<std::vector<float>>& channels, FoaFormat from, FoaFormat to,
                                            const std::string& what);

}  // namespace gramt::audio
