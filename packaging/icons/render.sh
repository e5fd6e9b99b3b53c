#!/bin/sh
# Renders herald-monitor.svg to the hicolor PNG sizes committed beside it.
# Needs rsvg-convert (Debian: librsvg2-bin); run after editing the SVG.
set -eu
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" herald-monitor.svg > "herald-monitor-$size.png"
done
