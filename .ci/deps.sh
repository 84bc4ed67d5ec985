#!/bin/sh
# .ci/deps.sh installs what `make check` needs and the machine lacks, saying what it does:
# Debian packages with apt-get, npm packages into .ci/node (from its lock file).
set -eu
cd "$(dirname "$0")/.."

need=""
have() { command -v "$1" >/dev/null 2>&1; }
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
want() { # want PACKAGE [COMMAND|FILE]
  if [ -n "${2:-}" ]; then
    case "$2" in
      /*) [ -e "$2" ] && return 0 ;;
      *) have "$2" && return 0 ;;
    esac
  fi
  pkg_installed "$1" && return 0
  need="$need $1"
}
want raptor2-utils rapper
want libapache-jena-java /usr/share/java/jena-core.jar
want default-jre-headless java
want zip zip
want unzip unzip
want nodejs node
want npm npm
want virtuoso-opensource virtuoso-t
want chromium chromium
want apache2-bin /usr/sbin/apache2   # the exports' .htaccess is tested on a real Apache httpd
want tidy tidy                      # HTML Tidy checks the pages
want curl curl
want shellcheck shellcheck
want gzip gzip

if [ -n "$need" ]; then
  echo "deps: installing Debian packages:$need"
  # As root apt-get runs directly; otherwise through sudo, keeping DEBIAN_FRONTEND.
  if [ "$(id -u)" = 0 ]; then
    run() { "$@"; }
  else
    run() { sudo DEBIAN_FRONTEND=noninteractive "$@"; }
  fi
  export DEBIAN_FRONTEND=noninteractive
  run apt-get update -q
  # shellcheck disable=SC2086
  run apt-get install -y -q --no-install-recommends $need
else
  echo "deps: Debian packages present"
fi

# npm ci again when the lock file is newer than the installed tree (find -newer: POSIX sh has no -nt).
installed=.ci/node/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ -n "$(find .ci/node/package-lock.json -newer "$installed")" ]; then
  echo "deps: installing npm packages into .ci/node (npm ci)"
  (cd .ci/node && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "deps: npm packages present in .ci/node"
fi
