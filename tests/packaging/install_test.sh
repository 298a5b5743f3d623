#!/usr/bin/env bash
# Installs the build into a fresh prefix and uses it as a user would, from a folder outside the
# source tree: --help, the man page, `info` on a weights file, and the CPU demo on tiny settings
# (which must find the configs installed under <prefix>/share/gramt/configs).
#   install_test.sh BUILD_DIR gui|headless WEIGHTS
set -euo pipefail
build=$1 flavour=$2 weights=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/gramt-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "install test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install failed"; }

expect_file() { [ -s "$prefix/$1" ] || fail "not installed: $1"; }
expect_file bin/gramt-cli
expect_file share/gramt/configs/base.yaml
expect_file share/gramt/configs/data/demo.yaml
expect_file share/man/man1/gramt-cli.1
if [ "$flavour" = gui ]; then
  expect_file bin/gramt-workbench
  expect_file share/man/man1/gramt-workbench.1
  expect_file share/applications/org.gramt.workbench.desktop
  expect_file share/metainfo/org.gramt.workbench.metainfo.xml
  expect_file share/icons/hicolor/scalable/apps/org.gramt.workbench.svg
  expect_file share/icons/hicolor/256x256/apps/org.gramt.workbench.png
  QT_QPA_PLATFORM=offscreen "$prefix/bin/gramt-workbench" --version | grep -q "GRAM-T Workbench" ||
    fail "gramt-workbench --version printed no version"
fi

# The man page documents the subcommands (made from each one's --help).
grep -q '^\.SS train' "$prefix/share/man/man1/gramt-cli.1" || fail "man page lacks the train subcommand"
grep -q '^\.SS evaluate' "$prefix/share/man/man1/gramt-cli.1" || fail "man page lacks the evaluate subcommand"

mkdir -p "$work/elsewhere" && cd "$work/elsewhere"
cli=$prefix/bin/gramt-cli
"$cli" --help | grep -q train || fail "gramt-cli --help does not list train"
"$cli" info "$weights" >"$work/info.log" || { cat "$work/info.log"; fail "gramt-cli info failed"; }

# The demo on tiny settings: a handful of short clips, three steps, one checkpoint.
"$cli" train data=demo trainer=cpu_demo model=demo trainer.steps=3 trainer.warmup_steps=1 \
  trainer.checkpoint.every=3 trainer.log_images_every=3 data.synthesize.speech_clips=2 \
  data.synthesize.note_clips=2 data.synthesize.noise_clips=1 data.synthesize.seconds=2.0 \
  trainer.batch_size=2 >"$work/train.out" 2>"$work/train.err" ||
  { cat "$work/train.err"; fail "installed demo training failed"; }
grep -q "^configs: $prefix/share/gramt/configs" "$work/train.err" ||
  { cat "$work/train.err"; fail "the installed gramt-cli did not use the installed configs"; }
ls runs/*/checkpoints/step-*.safetensors >/dev/null 2>&1 || fail "the demo run wrote no checkpoint under $PWD/runs"
echo "install test: ok ($prefix)"
