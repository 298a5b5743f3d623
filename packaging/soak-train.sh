#!/usr/bin/env bash
# Soak test of training's crash safety: trains the CPU demo, kills the process with SIGKILL every
# KILL_EVERY seconds and resumes it, until the run finishes; then checks the run reached its step
# budget with whole checkpoints and prints the resident memory of the first and the last process
# (taken just before each kill), so growth across restarts shows.
# A kill comes only once the process has written a checkpoint of its own, so every restart resumes.
# Usage: packaging/soak-train.sh [RUN_DIR]   env: STEPS (600), KILL_EVERY (20 s), GRAMT_CLI
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cli="${GRAMT_CLI:-$repo/build/release/app/gramt-cli}"
run="${1:-/tmp/gramt-soak}"
steps="${STEPS:-600}"
every="${KILL_EVERY:-20}"
rm -rf "$run"

rss_of() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' '; }
started=$(date +%s)
kills=0
first_rss="" last_rss="" last_seen=""
args=(train --run-dir "$run" data=demo trainer=cpu_demo model=demo "trainer.steps=$steps"
      trainer.checkpoint.every=25 trainer.log_images_every=0 "save_dir=$(dirname "$run")" --threads 1 --progress json)
while true; do
  "$cli" "${args[@]}" > "$run.log" 2>&1 &
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
  args=(train --resume "$run" --threads 1 --progress json)
done

final=$(grep -o '"done":[0-9]*' "$run.log" | tail -1 | cut -d: -f2)
echo "soak: $kills kills, finished at step ${final:-?} of $steps in $(( $(date +%s) - started )) s"
echo "resident memory before the first kill: ${first_rss:-n/a} KiB, before the last: ${last_rss:-n/a} KiB"
[[ "${final:-}" == "$steps" ]] || { echo "the run did not reach its budget"; exit 1; }
ls "$run/checkpoints" | grep -q "step-0*$steps.safetensors" || { echo "no final checkpoint"; exit 1; }
echo "ok"
