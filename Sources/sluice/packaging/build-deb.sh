#!/usr/bin/env bash
# Builds Sluice's Debian package with dpkg-deb (no debhelper) from a tree `make install` filled:
#   Sources/sluice/packaging/build-deb.sh STAGE VERSION OUTDIR
# STAGE holds usr/bin/sluice, usr/share/sluice and etc/sluice/jobs. This adds the config file, the
# systemd units, the maintainer scripts and the control file, whose Depends dpkg-shlibdeps reads
# from the binary. The binary must link the Swift runtime statically: every library it needs has to
# come from a Debian package, or this stops.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
stage=$(realpath "$1") version=$2 out=$3
binary="$stage/usr/bin/sluice"

cache=$(ldconfig -p)
for library in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  if ! grep -q "^[[:space:]]*$library " <<<"$cache"; then
    echo "build-deb: $binary needs $library, which no Debian package provides (build with --static-swift-stdlib)" >&2
    exit 1
  fi
done

strip --strip-unneeded "$binary"
install -d "$stage/DEBIAN" "$stage/lib/systemd/system" "$stage/usr/share/doc/sluice"
install -m 0640 "$here/sluice.conf" "$stage/etc/sluice/sluice.conf"
install -m 0644 "$here/sluice-serve.service" "$here/sluice-scheduler.service" "$stage/lib/systemd/system/"
install -m 0644 "$here/../../../README.md" "$stage/usr/share/doc/sluice/README.md"
install -m 0644 "$here/../../../LICENSE" "$stage/usr/share/doc/sluice/copyright"
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$stage/DEBIAN/"
(cd "$stage" && find etc -type f | sort | sed 's|^|/|') >"$stage/DEBIAN/conffiles"

# dpkg-shlibdeps wants a source tree: give it the smallest one, in a scratch folder.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/debian"
printf 'Source: sluice\n\nPackage: sluice\nArchitecture: any\n' >"$scratch/debian/control"
shlibs=$(cd "$scratch" && dpkg-shlibdeps -O -e"$binary" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build-deb: dpkg-shlibdeps found no libraries for $binary" >&2; exit 1; }
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$(dpkg --print-architecture)/" \
  -e "s/@DEPENDS@/$shlibs, libjs-chart.js, adduser/" -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$stage" | cut -f1)/" \
  "$here/debian/control.in" >"$stage/DEBIAN/control"

mkdir -p "$out"
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$out/sluice_${version}_$(dpkg --print-architecture).deb"
