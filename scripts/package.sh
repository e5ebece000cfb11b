#!/usr/bin/env bash
# package.sh builds Shiplog's Linux release package with the Fyne tool pinned in tools/go.mod
# (fyne.io/tools v1.7.2: later ones are built against fyne 2.8, and the app stays on fyne v2.7.1):
#
#   scripts/package.sh                    # writes dist/shiplog-VERSION-linux-ARCH.tar.xz
#   SHIPLOG_EXE=FILE scripts/package.sh   # packages an already built binary instead
#
# FyneApp.toml is the one source of the version, the app ID, the name, the icon and the desktop
# entry's fields. fyne package builds with -trimpath, -s -w and the release tag; the version
# reaches main.version through GOFLAGS, which fyne passes on as -ldflags.
#
# The archive is fyne's (shiplog/Makefile and shiplog/usr/...) plus the icon at the hicolor theme's
# sizes and install.sh, which `make install` and a person who unpacked the archive both use.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
[ -n "$version" ] || { echo "package: no Version in FyneApp.toml" >&2; exit 1; }
arch=$($GO env GOARCH)
out=${SHIPLOG_DIST:-dist}/shiplog-$version-linux-$arch.tar.xz

stage=$(mktemp -d)
# fyne package counts [Details] Build up and rewrites FyneApp.toml after every run; the file is
# ours and changes by hand only, so it is put back as it was.
cp FyneApp.toml "$stage/FyneApp.toml"
trap 'cp "$stage/FyneApp.toml" FyneApp.toml; rm -rf "$stage" Shiplog.tar.xz' EXIT

args=(package -os linux --release --app-version "$version")
if [ -n "${SHIPLOG_EXE:-}" ]; then
  args+=(--executable "$SHIPLOG_EXE")
fi
# The tool comes from its own module, so that the app's go.mod lists only what the app links;
# fyne package itself builds the app from the app's go.mod in this directory.
GOFLAGS="${GOFLAGS:-} -ldflags=-X=main.version=$version" $GO tool -modfile=tools/go.mod fyne "${args[@]}"

mkdir -p "$stage/pkg"
tar -xJf Shiplog.tar.xz -C "$stage/pkg"
root="$stage/pkg/shiplog"
# fyne stages under usr/local/ when the build host has /usr/local, else under usr/.
share=$(dirname "$(find "$root/usr" -type d -name applications)")
$GO run ./assets/internal/iconsizes -out "$share/icons/hicolor"
install -m 0755 scripts/install.sh "$root/install.sh"

mkdir -p "$(dirname "$out")"
tar -cJf "$out" --owner=0 --group=0 -C "$stage/pkg" shiplog
echo "$out"
