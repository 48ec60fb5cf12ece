#!/usr/bin/env bash
# Sign Cloister.app, wrap it in a dmg, sign the dmg, notarize it and staple the ticket (macOS).
#
#     installer/macos/sign_and_notarize.sh dist/Cloister.app dist/Cloister-0.1.0-macos-arm64.dmg
#
# Driven by the environment (all optional: without an identity the dmg is built unsigned, for
# testing; without notary credentials it is signed but not notarized):
#   CLOISTER_SIGN_IDENTITY  "Developer ID Application: Example Ltd (TEAMID1234)"
#   NOTARY_PROFILE          a `xcrun notarytool store-credentials` keychain profile, or
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   (an app-specific password)
#   KEYCHAIN                the keychain holding the identity (CI imports it into a temporary one)
# Needs Xcode's command-line tools and `pip install dmgbuild`.
set -euo pipefail
app=${1:?usage: sign_and_notarize.sh Cloister.app OUT.dmg}
dmg=${2:?usage: sign_and_notarize.sh Cloister.app OUT.dmg}
here=$(cd "$(dirname "$0")" && pwd)
entitlements=$here/entitlements.plist
identity=${CLOISTER_SIGN_IDENTITY:-}
keychain_args=()
[ -n "${KEYCHAIN:-}" ] && keychain_args=(--keychain "$KEYCHAIN")

sign() { # hardened runtime and a secure timestamp: both required for notarization
    # ${a[@]+"${a[@]}"}: an empty array under `set -u` in macOS's bash 3.2
    codesign --force --timestamp --options runtime ${keychain_args[@]+"${keychain_args[@]}"} \
        --sign "$identity" "$@"
}

if [ -n "$identity" ]; then
    echo "signing every Mach-O in $app, innermost first..."
    # Libraries and extension modules first, then the executables (with the entitlements),
    # then the bundle itself, which seals all of it.
    find "$app/Contents" -type f ! -path "*/Contents/MacOS/*" -print0 |
        while IFS= read -r -d '' file; do
            if file -b "$file" | grep -q "Mach-O"; then sign "$file"; fi
        done
    for executable in "$app"/Contents/MacOS/*; do
        sign --entitlements "$entitlements" "$executable"
    done
    sign --entitlements "$entitlements" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
else
    echo "CLOISTER_SIGN_IDENTITY is not set: building an UNSIGNED dmg (Gatekeeper will block it)"
fi

echo "building $dmg..."
rm -f "$dmg"
dmgbuild -s "$here/dmg_settings.py" -D app="$app" "Cloister" "$dmg"
[ -n "$identity" ] || exit 0
sign "$dmg"

if [ -n "${NOTARY_PROFILE:-}" ]; then
    credentials=(--keychain-profile "$NOTARY_PROFILE")
elif [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    credentials=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
else
    echo "no notary credentials (NOTARY_PROFILE or APPLE_ID/APPLE_TEAM_ID/APPLE_APP_PASSWORD):" \
        "signed, NOT notarized"
    exit 0
fi

echo "notarizing (this waits for Apple's verdict)..."
result=$(xcrun notarytool submit "$dmg" "${credentials[@]}" --wait --output-format json)
echo "$result"
field() { python3 -c "import json, sys; print(json.load(sys.stdin).get('$1', ''))"; }
id=$(echo "$result" | field id)
status=$(echo "$result" | field status)
if [ "$status" != "Accepted" ]; then
    [ -n "$id" ] && xcrun notarytool log "$id" "${credentials[@]}" || true
    echo "sign_and_notarize.sh: notarization ended with status '$status'" >&2
    exit 1
fi
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
echo "signed, notarized and stapled: $dmg"
