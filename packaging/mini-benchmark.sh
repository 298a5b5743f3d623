#!/usr/bin/env bash
# The learning-signal table of the README in one command: pretrains the CPU recipe (data=cpu_small
# trainer=cpu_small model=cpu_small, stopped by a time limit if it has not finished), builds the
# mini benchmark, evaluates three rows with the same protocol and seeds (the log-mel baseline, the
# recipe's architecture at its initial weights, the pretrained model), then prints the matrix and
# saves it as table.md / table.csv, with a line per binaural and localization task saying whether
# the pretrained model beats both baselines by more than 3 seed-std.
#   packaging/mini-benchmark.sh [OUT_DIR]    (default runs/mini-benchmark; 40-50 minutes on 2 cores)
# Environment: GRAMT_CLI (default build/release/app/gramt-cli), TRAIN_MINUTES (30), THREADS (2),
# SEEDS (1,2,3; at least two), TASK_SIZE (medium), GRID (default), GRID_POINTS (8).
# A rerun reuses what is finished: the run's newest checkpoint, the tasks, embeddings and scores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${GRAMT_CLI:-$root/build/release/app/gramt-cli}"
out="${1:-runs/mini-benchmark}"
minutes="${TRAIN_MINUTES:-30}"
threads="${THREADS:-2}"
seeds="${SEEDS:-1,2,3}"
size="${TASK_SIZE:-medium}"
grid="${GRID:-default}"
points="${GRID_POINTS:-8}"
[ -x "$cli" ] || { echo "mini-benchmark: build gramt-cli first ($cli)" >&2; exit 1; }
case "$seeds" in
  *,*) ;;
  *) echo "mini-benchmark: SEEDS=$seeds is one seed; mean ± std needs at least two (e.g. 1,2,3)" >&2; exit 1 ;;
esac
mkdir -p "$out"
start=$(date +%s)

# 1. Pretraining, capped at TRAIN_MINUTES (SIGINT saves a checkpoint, as Ctrl-C does).
run="$out/train"
recipe=(data=cpu_small trainer=cpu_small model=cpu_small optimizer.lr=0.0005 "data.root=$out/train-data")
if [ ! -d "$run/checkpoints" ]; then
  echo "mini-benchmark: pretraining the cpu_small recipe for at most $minutes min ($run, log $out/train.log)"
  set +e
  timeout --signal=INT "${minutes}m" "$cli" train "${recipe[@]}" --run-dir "$run" --threads "$threads" >"$out/train.log" 2>&1
  status=$?
  set -e
  if [ "$status" -ne 0 ] && [ "$status" -ne 124 ]; then tail -5 "$out/train.log" >&2; exit "$status"; fi
fi
weights=$(ls "$run"/checkpoints/step-*.safetensors 2>/dev/null | grep -v '\.state\.' | sort | tail -1)
[ -n "$weights" ] || { echo "mini-benchmark: no checkpoint in $run/checkpoints (see $out/train.log)" >&2; exit 1; }
echo "mini-benchmark: pretrained weights $weights"

# 2.-3. Tasks (built by the first evaluate), then the three rows under one protocol. The seven
# scene tasks only: the event tasks' grid trains for minutes per grid point with the default grid,
# which would triple the run (evaluate them on their own with --task mini_events-v1-small ...).
common=(--tasks-dir "$out/tasks" --size "$size" --embeddings-dir "$out/embeddings" --grid "$grid" --grid-points "$points"
        --seeds "$seeds" --threads "$threads")
for task in keywords keywords_binaural pitch pitch_binaural instruments instruments_binaural localization; do
  common+=(--task "mini_$task-v1-$size")
done
"$cli" evaluate --baseline logmel --model-tag baseline-logmel "${common[@]}"
init_seed=$(sed -n 's/^seed: *\([0-9]*\).*/\1/p' "$run/config.yaml")  # the run's own seed: its step-0 weights
"$cli" evaluate --baseline initial --model-config "$run/config.yaml" --init-seed "${init_seed:-42}" --model-tag initial-weights \
  "${common[@]}"
"$cli" evaluate --weights "$weights" --model-tag cpu-small-pretrained "${common[@]}"

# 4. The table, baselines first.
order=baseline-logmel,initial-weights,cpu-small-pretrained
"$cli" results --embeddings-dir "$out/embeddings" --order "$order" --format csv --out "$out/table.csv" >/dev/null
"$cli" results --embeddings-dir "$out/embeddings" --order "$order" --out "$out/table.md"
# Per binaural / localization task: the pretrained row's margin over each baseline, in its own std.
awk -F, '
  NR == 1 { for (i = 2; i <= NF; i++) if ($i ~ / mean$/) { t = $i; sub(/ mean$/, "", t); col[t] = i; tasks[++n] = t } next }
  { row[$1] = NR; for (t in col) { mean[$1, t] = $(col[t]); sd[$1, t] = $(col[t] + 1) } }
  END {
    for (k = 1; k <= n; k++) {
      t = tasks[k]
      if (t !~ /binaural|localization/) continue
      lower = (t ~ /localization/)
      line = t ":"
      for (b = 1; b <= 2; b++) {
        base = (b == 1) ? "baseline-logmel" : "initial-weights"
        m = mean["cpu-small-pretrained", t]; s = sd["cpu-small-pretrained", t]; o = mean[base, t]; so = sd[base, t]
        if (m == "" || o == "") { line = line " vs " base " missing;"; continue }
        gain = lower ? o - m : m - o
        spread = (s > so) ? s : so
        line = line sprintf(" vs %s %+.3f (%s 3 std = %.3f);", base, gain, (spread != "" && gain > 3 * spread) ? ">" : "not >", 3 * spread)
      }
      print line
    }
  }' "$out/table.csv" | tee "$out/verdict.txt"
echo "mini-benchmark: table $out/table.md, $(( ($(date +%s) - start) / 60 )) min in all"
