#!/usr/bin/env bash
# Soak test of embedding: one `gramt-cli embed` process over FILES audio files (made from the demo
# corpus's clips, resampled on the fly), sampling its resident memory every second. Prints the RSS
# after the first tenth of the files and at the end (a leak per file shows as growth between them),
# the peak, and checks that every file got its timestamp and scene embeddings.
# Usage: packaging/soak-embed.sh WEIGHTS [WORK_DIR]   env: FILES (1000), THREADS (1), GRAMT_CLI
# The demo corpus comes from a demo run (packaging/soak-train.sh or `gramt-cli train data=demo ...`):
# DEMO_DATA (default WORK_DIR/../demo-data).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cli="${GRAMT_CLI:-$repo/build/release/app/gramt-cli}"
weights="${1:?usage: soak-embed.sh WEIGHTS [WORK_DIR]}"
work="${2:-/tmp/gramt-soak-embed}"
files="${FILES:-1000}"
threads="${THREADS:-1}"
demo="${DEMO_DATA:-$(dirname "$work")/demo-data}"
mapfile -t clips < <(find "$demo/sources" -type f -name '*.wav' | sort)
(( ${#clips[@]} > 0 )) || { echo "no demo clips under $demo/sources (set DEMO_DATA)"; exit 1; }
rm -rf "$work"
mkdir -p "$work/audio"
inputs=()
for ((i = 0; i < files; i++)); do
  name=$(printf '%s/audio/clip%04d.wav' "$work" "$i")
  ln "${clips[i % ${#clips[@]}]}" "$name" 2>/dev/null || cp "${clips[i % ${#clips[@]}]}" "$name"
  inputs+=("$name")
done

started=$(date +%s)
"$cli" embed --weights "$weights" --out "$work/embeddings" --resample --threads "$threads" "${inputs[@]}" > "$work.log" 2>&1 &
pid=$!
samples=()
while kill -0 "$pid" 2>/dev/null; do
  rss=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ' || true)
  done_files=$( (ls "$work/embeddings" 2>/dev/null || true) | wc -l)
  [[ -n "$rss" ]] && samples+=("$done_files $rss")
  sleep 1
done
wait "$pid" || { echo "embed failed; see $work.log"; tail -5 "$work.log"; exit 1; }
seconds=$(( $(date +%s) - started ))
outputs=$(ls "$work/embeddings" | grep -c '\.scene_embeddings\.npy$' || true)
timestamps=$(ls "$work/embeddings" | grep -c '\.timestamp_embeddings\.npy$' || true)
printf '%s\n' "${samples[@]}" > "$work.rss"   # outputs written so far, RSS in KiB: one line per second
python3 -c '
import sys
rows = [tuple(map(int, line.split())) for line in open(sys.argv[1]) if line.strip()]
files = max(r[0] for r in rows) or 1
early = [r[1] for r in rows if r[0] >= files / 10] or [rows[0][1]]
print(f"resident memory after a tenth of the outputs: {early[0]} KiB, at the end: {rows[-1][1]} KiB, peak: {max(r[1] for r in rows)} KiB ({len(rows)} samples)")
' "$work.rss"
echo "embedded $files files in $seconds s: $outputs scene and $timestamps timestamp embedding files"
(( outputs == files && timestamps == files )) || { echo "expected timestamp and scene embeddings for each of the $files files"; exit 1; }
echo "ok"
