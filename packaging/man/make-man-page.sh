#!/usr/bin/env bash
# Makes a man page from a program's own --help with help2man (called by the build, see
# man-pages.cmake). With --subcommands, each subcommand's --help (CLI11's "Subcommands:" list)
# becomes a subsection of COMMANDS, so the page documents every subcommand's options.
#   make-man-page.sh PROGRAM OUTPUT "one-line name" [INCLUDE.h2m] [--subcommands]
set -euo pipefail
program=$1 output=$2 name=$3 include=${4:-} subcommands=${5:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# help2man reads roff from include files: escape backslashes and lines that roff would take as
# requests, and keep the help's own line breaks and indentation.
as_roff() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }

{
  if [ -n "$include" ]; then cat "$include"; echo; fi
  if [ "$subcommands" = "--subcommands" ]; then
    echo "[COMMANDS]"
    "$program" --help | sed -n '/^Subcommands:/,$p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p' |
      while read -r sub; do
        echo ".SS $sub"
        echo ".nf"
        "$program" "$sub" --help | as_roff
        echo ".fi"
      done
  fi
} > "$tmp/page.h2m"

help2man --no-info --no-discard-stderr --name="$name" --include="$tmp/page.h2m" --output="$tmp/page.1" "$program"
mv "$tmp/page.1" "$output"
