#!/usr/bin/env bash
# deps.sh installs the Debian packages Shiplog needs, and only those that are missing.
#
#   scripts/deps.sh build   # compiler and X11/GL headers for the cgo build (Fyne, SQLite)
#   scripts/deps.sh e2e     # build + a virtual display, a session bus, real tray hosts (xfce4-panel with
#                           # its Status Tray, xfce4-sntray-plugin), xdotool and imagemagick for desktop tests
#   scripts/deps.sh tools   # e2e + pdftoppm, timewarrior, desktop-file-validate, /usr/bin/time
set -euo pipefail

build=(gcc libgl-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
e2e=(xvfb xauth dbus libgl1-mesa-dri xfce4-panel xfce4-sntray-plugin xdotool imagemagick)
tools=(poppler-utils timewarrior desktop-file-utils time)

want=("${build[@]}")
case "${1:-build}" in
  build) ;;
  e2e) want+=("${e2e[@]}") ;;
  tools) want+=("${e2e[@]}" "${tools[@]}") ;;
  *) echo "usage: $0 [build|e2e|tools]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
