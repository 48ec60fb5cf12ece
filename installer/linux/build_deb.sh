#!/usr/bin/env bash
# Build dist/cloister_<version>_<arch>.deb from the one-folder bundle that build.spec made.
#
#     installer/linux/build_deb.sh [BUNDLE_DIR] [OUT_DIR]      # defaults: dist/Cloister dist
#
# Installs to /opt/cloister, with /usr/bin/cloister, a .desktop entry and icons. It ships no
# policy file: /etc/cloister/policy.json belongs to the administrator (installer/POLICY.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle=${1:-dist/Cloister}
out=${2:-dist}
here=installer/linux

if [ ! -x "$bundle/Cloister" ]; then
    echo "build_deb.sh: no bundle at $bundle (run: make bundle)" >&2
    exit 1
fi
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop/__init__.py)
arch=$(dpkg --print-architecture)
root=build/deb/cloister_${version}_${arch}

rm -rf "$root"
install -d "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/scalable/apps" \
    "$root/usr/share/doc/cloister"
cp -a "$bundle" "$root/opt/cloister"
install -m 755 "$here/cloister.sh" "$root/usr/bin/cloister"
install -m 644 "$here/cloister.desktop" "$root/usr/share/applications/cloister.desktop"
install -m 644 assets/cloister.png "$root/usr/share/icons/hicolor/256x256/apps/cloister.png"
install -m 644 assets/cloister.svg "$root/usr/share/icons/hicolor/scalable/apps/cloister.svg"
install -m 644 "$here/copyright" "$root/usr/share/doc/cloister/copyright"
# Files a wheel marked read-only for its owner only would be unreadable to users.
chmod -R u+rwX,go+rX,go-w "$root/opt/cloister"

installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_kb/" \
    "$here/control.in" > "$root/DEBIAN/control"

mkdir -p "$out"
deb="$out/cloister_${version}_${arch}.deb"
# zstd -9: 164 MB in 9 s here, where xz took 3 min for 151 MB (the model barely compresses).
# dpkg reads zstd since 1.21.18 (Debian 12, Ubuntu 21.10); the bundle needs glibc 2.36 anyway.
# --root-owner-group: files owned by root whoever builds the package.
dpkg-deb --root-owner-group -Zzstd -z9 --threads-max="$(nproc)" --build "$root" "$deb" >/dev/null
echo "$deb"
