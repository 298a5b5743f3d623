#!/usr/bin/env bash
# Soak test of training's crash safety: trains the CPU demo, kills the process with SIGKILL every
# KILL_EVERY seconds and resumes it, until the run finishes. After every kill each checkpoint left in
# the run folder must load (`gramt-cli info` says "loads: yes"); at the end the run must have reached
# its step budget with a final checkpoint, and metrics.jsonl must hold every step from 1 to the budget
# (steps redone after a resume replace the lost ones, so a gap means lost work). Prints the resident
# memory of the first and the last process (taken just before each kill), so growth across restarts shows.
# A kill comes only once the process has written a checkpoint of its own, so every restart resumes.
# Usage: packaging/soak-train.sh [RUN_DIR]   env: STEPS (600), KILL_EVERY (20 s), THREADS (1), GRAMT_CLI
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cli="${GRAMT_CLI:-$repo/build/release/app/gramt-cli}"
run="${1:-/tmp/gramt-soak}"
steps="${STEPS:-600}"
every="${KILL_EVERY:-20}"
threads="${THREADS:-1}"
rm -rf "$run" "$run.log"
mkdir -p "$(dirname "$run")"

rss_of() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' '; }
started=$(date +%s)
kills=0 verified=0
first_rss="" last_rss="" last_seen=""
declare -A seen_checkpoints=()
verify_checkpoints() {
  local f
  for f in "$run"/checkpoints/step-*.safetensors; do
    [[ "$f" == *.state.safetensors || ! -e "$f" ]] && continue
    if ! "$cli" info "$f" 2>&1 | grep -q '^loads: yes'; then
      echo "checkpoint does not load: $f"; "$cli" info "$f" 2>&1 | tail -3; exit 1
    fi
    [[ -n "${seen_checkpoints[$f]:-}" ]] || { seen_checkpoints[$f]=1; verified=$((verified + 1)); }
  done
}

args=(train --run-dir "$run" data=demo trainer=cpu_demo model=demo "trainer.steps=$steps"
      trainer.checkpoint.every=25 trainer.log_images_every=0 "save_dir=$(dirname "$run")" --threads "$threads" --progress json)
while true; do
  "$cli" "${args[@]}" >> "$run.log" 2>&1 &
  pid=$!
  waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    (( waited >= every )) && [[ "$(ls -t "$run/checkpoints" 2>/dev/null | head -1)" != "$last_seen" ]] && break
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" || { echo "training failed; see $run.log"; tail -5 "$run.log"; exit 1; }
    break
  fi
  rss=$(rss_of "$pid")
  [[ -z "$first_rss" ]] && first_rss=$rss
  last_rss=$rss
  last_seen=$(ls -t "$run/checkpoints" | head -1)
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  kills=$((kills + 1))
  verify_checkpoints
  echo "kill $kills at $(( $(date +%s) - started )) s, newest checkpoint $last_seen, RSS $rss KiB"
  args=(train --resume "$run" --threads "$threads" --progress json)
done
verify_checkpoints

final=$(grep -o '"done":[0-9]*' "$run.log" | tail -1 | cut -d: -f2)
echo "soak: $kills kills, finished at step ${final:-?} of $steps in $(( $(date +%s) - started )) s"
echo "checkpoints verified to load: $verified"
echo "resident memory before the first kill: ${first_rss:-n/a} KiB, before the last: ${last_rss:-n/a} KiB"
[[ "${final:-}" == "$steps" ]] || { echo "the run did not reach its budget"; exit 1; }
ls "$run/checkpoints" | grep -q "step-0*$steps.safetensors" || { echo "no final checkpoint"; exit 1; }
missing=$(python3 - "$run/metrics.jsonl" "$steps" <<'PY'
import json, sys
logged = set()
for line in open(sys.argv[1]):
    try:
        record = json.loads(line)
    except ValueError:
        continue  # a line cut by the kill
    if record.get("event") == "step":
        logged.add(record["step"])
print(sum(1 for s in range(1, int(sys.argv[2]) + 1) if s not in logged))
PY
)
[[ "$missing" == 0 ]] || { echo "metrics.jsonl lacks $missing of the $steps steps"; exit 1; }
echo "metrics.jsonl holds every step 1..$steps"
echo "ok"
