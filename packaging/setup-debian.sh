#!/usr/bin/env bash
# Installs every Debian 12 package GRAM-T Workbench needs to build, test, package and run its demos.
# Idempotent: packages already present are not reinstalled, so a second run takes a second.
# Installs with --no-install-recommends, so every package the build needs is named here, including
# ones that other packages only recommend; packaging/check-bare-system.sh proves the list on a bare
# Debian 12 root file system.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # compute core
  libtorch-dev libgloo-dev
  # tcmalloc for the programs (glibc malloc page-faults every training step); oneDNN for the
  # matmul kernels the linear layers and attention call directly (the one LibTorch links)
  libgoogle-perftools-dev libdnnl-dev
  # Debian's oneDNN CMake config looks for OpenCL (oneDNN's GPU runtime there); libdnnl-dev only
  # recommends it
  ocl-icd-opencl-dev
  # an optimised BLAS: without it LibTorch falls back to the reference BLAS, ~20x slower matmuls
  libopenblas0-pthread
  # audio, resampling, FFTs (room convolutions), HRTFs, archives, configs, logging, CLI, protobuf
  libsndfile1-dev libsoxr-dev libfftw3-dev libmysofa-dev libarchive-dev libyaml-cpp-dev nlohmann-json3-dev
  libcli11-dev libspdlog-dev libfmt-dev libprotobuf-dev protobuf-compiler
  # deflate for the PNG images in TensorBoard logs
  zlib1g-dev
  # `gramt-cli pull`: HTTPS downloads from the Hugging Face hub (libcurl with OpenSSL, and the CA
  # certificates it verifies servers against; libcurl only recommends them)
  libcurl4-openssl-dev ca-certificates
  # GUI; the platform plugins (xcb for desktops, offscreen for the tests) are only recommended by Qt
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libqcustomplot-dev librtaudio-dev libgl-dev libxkbcommon-dev
  qt6-qpa-plugins
  # tests
  libgtest-dev
  # packaging: man pages from --help, checks of the desktop entry and AppStream metainfo, and
  # CPack's .deb with dependencies computed from the binaries (dpkg-shlibdeps needs file)
  help2man desktop-file-utils appstream dpkg-dev file
  # real sound material for the demos and the mini benchmark
  espeak-ng fluidsynth fluid-soundfont-gm
)

fail() { echo "setup: $*" >&2; exit 1; }

command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 ||
  fail "this script needs Debian's apt-get and dpkg-query (Debian 12 or a derivative)"

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

mapfile -t missing < <(missing_packages)
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "need root (or sudo) to install: ${missing[*]}"
  SUDO="sudo"
fi
echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq ||
  fail "step 'apt-get update' failed: no network, no package mirror in /etc/apt/sources.list*, or no permission"
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  mapfile -t still < <(missing_packages)
  fail "step 'apt-get install' failed; still missing: ${still[*]:-none, see the messages of apt above}"
fi
mapfile -t still < <(missing_packages)
[ ${#still[@]} -eq 0 ] || fail "installed, yet still missing: ${still[*]}"
echo "setup: done"
