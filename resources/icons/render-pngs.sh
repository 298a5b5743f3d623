#!/usr/bin/env bash
# Renders the application icon's PNG sizes from the SVG (committed, so the build needs no SVG
# renderer). Run after editing org.gramt.workbench.svg; needs rsvg-convert (librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256; do
  rsvg-convert -w "$size" -h "$size" org.gramt.workbench.svg -o "org.gramt.workbench-$size.png"
done
