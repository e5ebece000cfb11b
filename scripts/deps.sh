#!/usr/bin/env bash
# deps.sh installs the Debian packages Shiplog needs, and only those that are missing.
#
#   scripts/deps.sh build     # compiler and X11/GL headers for the cgo build (Fyne, SQLite)
#   scripts/deps.sh run       # build + what the app needs at run time (make run)
#   scripts/deps.sh e2e       # build + a virtual display, a session bus and real tray hosts for desktop tests
#   scripts/deps.sh test      # e2e + pdftotext and PostgreSQL for the report and team tests (make test)
#   scripts/deps.sh package   # build + desktop-file-validate and xz (make package, make test-package)
#   scripts/deps.sh tools     # everything above + imagemagick, timewarrior, /usr/bin/time (make bench)
#
# Several groups at once (scripts/deps.sh test package) share one apt-get update.
set -euo pipefail

build=(gcc libgl-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
# The desktop tests need a virtual display, a session bus, the real tray hosts (xfce4-panel with its
# Status Tray, xfce4-sntray-plugin), xdotool to click them and imagemagick to look at them.
e2e=(xvfb xauth dbus libgl1-mesa-dri xfce4-panel xfce4-sntray-plugin xdotool imagemagick)
tools=(poppler-utils imagemagick timewarrior desktop-file-utils time)
# The window draws through Mesa's OpenGL drivers; xdg-open opens a written report in the PDF viewer.
run=(libgl1-mesa-dri xdg-utils)
# The report tests read the PDF's text back with pdftotext; the team-mode tests start a private
# PostgreSQL server (tracker/postgres/pgtest).
test=(poppler-utils postgresql)
package=(desktop-file-utils xz-utils)

want=("${build[@]}")
[ $# -gt 0 ] || set -- build
for group in "$@"; do
  case "$group" in
    build) ;;
    run) want+=("${run[@]}") ;;
    e2e) want+=("${e2e[@]}") ;;
    test) want+=("${e2e[@]}" "${test[@]}") ;;
    package) want+=("${package[@]}") ;;
    tools) want+=("${run[@]}" "${e2e[@]}" "${tools[@]}" "${package[@]}") ;;
    *) echo "usage: $0 [build|run|e2e|test|package|tools]..." >&2; exit 2 ;;
  esac
done

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
