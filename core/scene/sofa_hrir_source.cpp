#include "core/scene/sofa_hrir_source.h"

#include <mysofa.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "core/common/error.h"
#include "core/scene/geometry.h"

namespace gramt::scene {

std::string describe_mysofa_error(int code) {
  switch (code) {
    case MYSOFA_OK: return "no error";
    case MYSOFA_INTERNAL_ERROR: return "libmysofa internal error";
    case MYSOFA_INVALID_FORMAT: return "not a valid SOFA (HDF5) file";
    case MYSOFA_UNSUPPORTED_FORMAT: return "uses an HDF5/SOFA feature libmysofa does not support";
    case MYSOFA_NO_MEMORY: return "out of memory";
    case MYSOFA_READ_ERROR: return "read error";
    case MYSOFA_INVALID_ATTRIBUTES: return "missing or invalid SOFA attributes (not SimpleFreeFieldHRIR?)";
    case MYSOFA_INVALID_DIMENSIONS: return "invalid SOFA dimensions";
    case MYSOFA_INVALID_DIMENSION_LIST: return "invalid SOFA dimension list";
    case MYSOFA_INVALID_COORDINATE_TYPE: return "unsupported coordinate type";
    case MYSOFA_ONLY_EMITTER_WITH_ECI_SUPPORTED: return "only emitters with ECI dimensions are supported";
    case MYSOFA_ONLY_DELAYS_WITH_IR_OR_MR_SUPPORTED: return "only delays of IR or MR dimensions are supported";
    case MYSOFA_ONLY_THE_SAME_SAMPLING_RATE_SUPPORTED: return "all measurements must share one sampling rate";
    case MYSOFA_RECEIVERS_WITH_RCI_SUPPORTED: return "only receivers with RCI dimensions are supported";
    case MYSOFA_RECEIVERS_WITH_CARTESIAN_SUPPORTED: return "only receivers in cartesian coordinates are supported";
    case MYSOFA_INVALID_RECEIVER_POSITIONS: return "invalid receiver (ear) positions";
    case MYSOFA_ONLY_SOURCES_WITH_MC_SUPPORTED: return "only source positions of MC dimensions are supported";
    default: break;
  }
  // Below the libmysofa range the code is an errno from opening the file.
  if (code > 0 && code < 10000) return std::strerror(code);
  return "libmysofa error " + std::to_string(code);
}

SofaHrirSource::SofaHrirSource(const std::string& path, int sample_rate) : path_(path), sample_rate_(sample_rate) {
  if (sample_rate < 1000 || sample_rate > 768000)
    throw Error(path + ": requested HRIR sample rate " + std::to_string(sample_rate) + " Hz is out of range");
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path + ": no such SOFA file");
  if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a folder, not a SOFA file");
  int taps = 0;
  int err = MYSOFA_OK;
  handle_ = mysofa_open(path.c_str(), static_cast<float>(sample_rate), &taps, &err);
  if (handle_ == nullptr || err != MYSOFA_OK) {
    if (handle_ != nullptr) mysofa_close(handle_);
    handle_ = nullptr;
    throw Error(path + ": libmysofa cannot open this SOFA file: " + describe_mysofa_error(err));
  }
  const MYSOFA_HRTF* hrtf = handle_->hrtf;
  if (hrtf->R != 2) {
    const unsigned receivers = hrtf->R;
    mysofa_close(handle_);
    handle_ = nullptr;
    throw Error(path + ": has " + std::to_string(receivers) + " receivers, a binaural set needs 2");
  }
  if (taps <= 0 || hrtf->M == 0) {
    mysofa_close(handle_);
    handle_ = nullptr;
    throw Error(path + ": contains no impulse responses");
  }
  length_ = taps;
  directions_ = static_cast<int>(hrtf->M);
  // mysofa_open leaves the positions in cartesian coordinates; lookups must lie on their sphere.
  double sum = 0.0;
  for (unsigned m = 0; m < hrtf->M; ++m) {
    const float* p = hrtf->SourcePosition.values + 3 * m;
    sum += std::sqrt(double(p[0]) * p[0] + double(p[1]) * p[1] + double(p[2]) * p[2]);
  }
  radius_ = sum > 0.0 ? sum / hrtf->M : 1.0;
}

SofaHrirSource::~SofaHrirSource() {
  if (handle_ != nullptr) mysofa_close(handle_);
}

HrirPair SofaHrirSource::lookup(double azimuth_deg, double elevation_deg) const {
  const Vec3 d = radius_ * direction_vector(azimuth_deg, elevation_deg);
  HrirPair pair;
  pair.left.resize(static_cast<size_t>(length_));
  pair.right.resize(static_cast<size_t>(length_));
  float left_delay = 0.0f, right_delay = 0.0f;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    mysofa_getfilter_float(handle_, static_cast<float>(d.x), static_cast<float>(d.y), static_cast<float>(d.z),
                           pair.left.data(), pair.right.data(), &left_delay, &right_delay);
  }
  // libmysofa reports these delays in seconds.
  pair.left_delay = static_cast<double>(left_delay) * sample_rate_;
  pair.right_delay = static_cast<double>(right_delay) * sample_rate_;
  return pair;
}

}  // namespace gramt::scene
