#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer over the core libraries that need no LibTorch (file
# readers and writers, config, run folder, audio, scores) and their tests: the code that parses
# untrusted bytes, in minutes on 2 cores instead of the hour a sanitized build of everything takes.
# Usage: packaging/check-sanitizers.sh [-j N]     (build folder: build/asan-core, preset asan-core)
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=2
if [[ "${1:-}" == "-j" && -n "${2:-}" ]]; then jobs="$2"; fi

# The test executables of the asan-core build preset (CMakePresets.json), run one by one: CTest's
# list would also name the tests of every target this preset does not build.
tests=(tests/common/test_common tests/io/test_io_formats tests/io/test_io_jsonl tests/io/test_io_config
       tests/io/test_io_tensorboard tests/train/test_run_folder tests/audio/test_audio tests/eval/test_eval_scores
       tests/hub/test_hub)

start=$(date +%s)
[[ -f build/asan-core/build.ninja ]] || cmake --preset asan-core >/dev/null
cmake --build --preset asan-core -j "$jobs"

# Any report stops the test with a non-zero status; leaks count as failures too.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export OMP_NUM_THREADS=1
failed=()
for t in "${tests[@]}"; do
  if ! (cd build/asan-core && "./$t" --gtest_brief=1 > "$t.sanitizers.log" 2>&1); then
    failed+=("$t")
    echo "FAILED: $t (log: build/asan-core/$t.sanitizers.log)"
    tail -n 40 "build/asan-core/$t.sanitizers.log"
  fi
done
echo "sanitizer check: ${#tests[@]} test programs, $(( $(date +%s) - start )) s"
if (( ${#failed[@]} > 0 )); then
  echo "failed: ${failed[*]}"
  exit 1
fi
echo "no sanitizer reports"
