#!/usr/bin/env bash
# Installs every Debian 12 package GRAM-T Workbench needs to build, test and run its demos.
# Idempotent: packages already present are not reinstalled, so a second run takes a second.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # compute core
  libtorch-dev libgloo-dev
  # tcmalloc for the programs (glibc malloc page-faults every training step); oneDNN for the
  # matmul kernels the linear layers and attention call directly (the one LibTorch links)
  libgoogle-perftools-dev libdnnl-dev
  # an optimised BLAS: without it LibTorch falls back to the reference BLAS, ~20x slower matmuls
  libopenblas0-pthread
  # audio, resampling, FFTs (room convolutions), HRTFs, archives, configs, logging, CLI, protobuf
  libsndfile1-dev libsoxr-dev libfftw3-dev libmysofa-dev libarchive-dev libyaml-cpp-dev nlohmann-json3-dev
  libcli11-dev libspdlog-dev libfmt-dev libprotobuf-dev protobuf-compiler
  # deflate for the PNG images in TensorBoard logs
  zlib1g-dev
  # GUI
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libqcustomplot-dev librtaudio-dev libgl-dev
  # tests
  libgtest-dev
  # real sound material for the demos and the mini benchmark
  espeak-ng fluidsynth fluid-soundfont-gm
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
