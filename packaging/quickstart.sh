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
case "$mode" in start|test) ;; *) echo "usage: $0 start|test" >&2; exit 2 ;; esac

"$here/setup-debian.sh"

# A configure that fails (say, a package was missing) leaves a cache of not-found results behind;
# drop it so the next run, after the fix, configures from scratch instead of tripping over it.
configure() {
  if ! cmake --preset release; then
    rm -rf build/release/CMakeCache.txt build/release/CMakeFiles
    echo "quickstart: configure failed (see above); the build folder's cache was removed, so run me again after the fix" >&2
    exit 1
  fi
}

jobs="$(nproc 2>/dev/null || echo 2)"
configure
cmake --build --preset release -j "$jobs"
case "$mode" in
  start)
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec build/release/app/gramt-workbench "${@:2}"
    fi
    echo "quickstart: no display found, running the headless demo: a small GRAM-T pretrains on CPU on"
    echo "binaural scenes synthesised from sounds Debian packages provide (about a minute)"
    # A second start gets a folder of its own (runs/demo-2, ...); continue one with --resume.
    run=runs/demo n=1
    while [ -e "$run" ]; do n=$((n + 1)); run=runs/demo-$n; done
    exec build/release/app/gramt-cli train data=demo trainer=cpu_demo model=demo --run-dir "$run" "${@:2}"
    ;;
  test)
    ctest --preset release -j "$jobs"
    ;;
esac
