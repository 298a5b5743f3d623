#!/usr/bin/env bash
# One entry point for new users and CI.
#   packaging/quickstart.sh start   install what is missing, build, open the workbench
#                                   (no display: run the headless demo instead)
#   packaging/quickstart.sh test    install what is missing, build, run the whole test suite
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

mode="${1:-start}"
"$here/setup-debian.sh"

jobs="$(nproc 2>/dev/null || echo 2)"
case "$mode" in
  start)
    cmake --preset release
    cmake --build --preset release -j "$jobs"
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec build/release/app/gramt-workbench "${@:2}"
    fi
    echo "quickstart: no display found, running the headless demo: a small GRAM-T pretrains on CPU on"
    echo "binaural scenes synthesised from sounds Debian packages provide (about two minutes)"
    exec build/release/app/gramt-cli train data=demo trainer=cpu_demo model=demo --run-dir runs/demo "${@:2}"
    ;;
  test)
    cmake --preset release
    cmake --build --preset release -j "$jobs"
    ctest --preset release -j "$jobs"
    ;;
  *)
    echo "usage: $0 start|test" >&2
    exit 2
    ;;
esac
