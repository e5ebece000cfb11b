#!/usr/bin/env bash
# install.sh installs or removes Shiplog's binary, desktop entry and icons:
#
#   install.sh install [ARCHIVE.tar.xz | UNPACKED-DIR]   # default: the directory this script is in
#   install.sh uninstall
#
# As a normal user it installs under ~/.local, with no root needed; as root under /usr/local.
# PREFIX overrides either, DESTDIR stages into another root. Uninstall removes exactly the files
# that install writes, which is a fixed list, and nothing else: the database and backups under
# ~/.local/share/shiplog are the user's and stay.
set -euo pipefail

id=dev.shiplog.Shiplog
sizes=(16 22 24 32 48 64 128 256 512)
if [ -z "${PREFIX:-}" ]; then
  if [ "$(id -u)" -eq 0 ]; then PREFIX=/usr/local; else PREFIX=$HOME/.local; fi
fi
dest=${DESTDIR:-}$PREFIX

files() {
  echo "bin/shiplog"
  echo "share/applications/$id.desktop"
  for n in "${sizes[@]}"; do echo "share/icons/hicolor/${n}x${n}/apps/$id.png"; done
}

unpacked=""
trap '[ -z "$unpacked" ] || rm -rf "$unpacked"' EXIT

do_install() {
  local src=${1:-$(dirname "$0")}
  if [ -f "$src" ]; then
    unpacked=$(mktemp -d)
    tar -xJf "$src" -C "$unpacked"
    src=$unpacked/shiplog
  fi
  # fyne stages the files under usr/local/ or usr/, depending on the host that built the package.
  local from
  from=$(dirname "$(dirname "$(find "$src/usr" -path '*/bin/shiplog' | head -n1)")")
  [ -x "$from/bin/shiplog" ] || { echo "install: no bin/shiplog under $src/usr" >&2; exit 1; }
  for f in $(files); do
    case $f in
      bin/*) install -Dm0755 "$from/$f" "$dest/$f" ;;
      *) install -Dm0644 "$from/$f" "$dest/$f" ;;
    esac
  done
  # The entry starts the binary by its full path, so that it works when PREFIX/bin is not on
  # the session's PATH (~/.local/bin often is not).
  sed -i -e "s|^Exec=shiplog|Exec=$PREFIX/bin/shiplog|" "$dest/share/applications/$id.desktop"
  echo "installed Shiplog under $dest"
}

do_uninstall() {
  for f in $(files); do
    rm -f "$dest/$f"
  done
  echo "removed Shiplog from $dest"
}

case "${1:-}" in
  install) do_install "${2:-}" ;;
  uninstall) do_uninstall ;;
  *) echo "usage: $0 install [ARCHIVE|DIR] | uninstall" >&2; exit 2 ;;
esac
