#!/usr/bin/env bash
# Renders each workbench panel under Xvfb into docs/screenshots/ (the README shows them), from real
# data made on the spot in a temporary folder: the CPU demo run (150 steps), the tiny mini
# benchmark, and two of the run's checkpoints evaluated with two seeds each.
#   packaging/screenshots.sh [BUILD_DIR]      (default build/release; about two minutes)
# Needs xvfb-run (xvfb, xauth) and import (imagemagick); says which is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build/release}" && pwd)"
cli="$build/app/gramt-cli"
workbench="$build/app/gramt-workbench"
out="$root/docs/screenshots"
for tool in xvfb-run:xvfb import:imagemagick xauth:xauth; do
  command -v "${tool%%:*}" >/dev/null || { echo "screenshots: ${tool%%:*} missing: apt-get install ${tool##*:}" >&2; exit 1; }
done
[ -x "$cli" ] && [ -x "$workbench" ] || { echo "screenshots: build first ($cli, $workbench)" >&2; exit 1; }

ws=$(mktemp -d "${TMPDIR:-/tmp}/gramt-screenshots.XXXXXX")
trap 'rm -rf "$ws"' EXIT
cd "$ws"
echo "screenshots: training the CPU demo (150 steps) in $ws"
"$cli" train data=demo trainer=cpu_demo model=demo --run-dir runs/demo >/dev/null 2>train.log || { cat train.log; exit 1; }
"$cli" make-tasks --out tasks --size tiny >/dev/null
for step in 00000100 00000150; do
  "$cli" evaluate --weights "runs/demo/checkpoints/step-$step.safetensors" --tasks-dir tasks --embeddings-dir embeddings \
    --grid faster --grid-points 2 --seeds 1,2 >/dev/null 2>>eval.log || { cat eval.log; exit 1; }
done
clip=$(find tasks -path '*localization*' -name '*.wav' | sort | head -1)  # a binaural scene
[ -n "$clip" ] || clip=$(find tasks -name '*.wav' | sort | head -1)

mkdir -p "$out"
shot() {  # shot NAME ARGS...: the window (1200x800 at the screen's corner, no window manager)
  local name=$1; shift
  xvfb-run -a -s "-screen 0 1280x860x24" bash -c '
    "$0" "$@" & pid=$!
    sleep 6
    import -window root -crop 1200x800+0+0 +repage "'"$ws/$name"'.png"
    kill $pid' "$workbench" "$@" 2>/dev/null
  mv "$ws/$name.png" "$out/$name.png"
  echo "screenshots: $out/$name.png"
}
common=(--runs "$ws/runs" --tasks "$ws/tasks" --embeddings "$ws/embeddings")
newest=$(ls runs/demo/checkpoints/step-*.safetensors | grep -v state | sort | tail -1)
predictions=$(dirname "$(find embeddings -name 'test.localization-predictions.json' | sort | tail -1)")
shot train --panel train "${common[@]}"
shot new-run --new-run "${common[@]}"
shot evaluate --panel evaluate "${common[@]}"
shot inspect "${common[@]}" "$ws/$clip"
shot attention --panel attention --model "$ws/$newest" "${common[@]}" "$ws/$clip"
shot localization --localization "$ws/$predictions" "${common[@]}"
