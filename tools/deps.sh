#!/bin/sh
# Install the Debian packages assay needs when they are missing (apt-get;
# sudo when not root). `tools/deps.sh build` = what building needs,
# `tools/deps.sh test` = building plus the test tools, `bench` = plus the peers,
# `node` = nodejs and npm unless npm is already there (e.g. from NodeSource).
set -eu
build="gcc make pkg-config liblua5.4-dev libpcre2-dev libsqlite3-dev libuchardet-dev libicu-dev libxml2-dev libopencc-dev libopencc-data libjansson-dev libedit-dev"
command -v npm >/dev/null 2>&1 || build="$build npm"   # the gazetteer (tools/gazetteer.sh); any npm will do
test="valgrind python3 sqlite3 tmux zsh fish chromium chromium-driver fonts-wqy-microhei parallel openssh-server openssh-client rsync slurmctld slurmd slurm-client munge"
fuzz="clang"
bench="lua5.4 lua-rex-pcre2 lua-dbi-sqlite3 ripgrep pcre2-utils time gawk mawk"
case "${1:-build}" in
  build) want="$build" ;;
  test)  want="$build $test" ;;
  bench) want="$build $test $bench" ;;
  fuzz)  want="$build $fuzz" ;;
  node)  want=""; command -v npm >/dev/null 2>&1 || want="nodejs npm" ;;
  *) echo "usage: tools/deps.sh [build|test|bench|fuzz|node]" >&2; exit 2 ;;
esac
# Optional: Vectorscan, the literal prefilter's second backend (Debian amd64
# only; the Makefile compiles it in when pkg-config finds libhs, and the
# binary loads libhs when ASSAY_PREFILTER=hs asks for it). Everything builds
# and passes without it, so a failed install is only reported.
optional=""
case "${1:-build}" in build|test|bench|fuzz)
  [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] && optional="libvectorscan-dev" ;;
esac
installed () { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=""
for p in $want; do installed "$p" || missing="$missing $p"; done
omissing=""
for p in $optional; do installed "$p" || omissing="$omissing $p"; done
[ -z "$missing$omissing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
  echo "assay: installing missing Debian packages:$missing" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
fi
if [ -n "$omissing" ]; then
  echo "assay: installing optional Debian packages:$omissing" >&2
  { [ -n "$missing" ] || $SUDO apt-get update -qq; } &&
    $SUDO apt-get install -y -qq --no-install-recommends $omissing >&2 ||
    echo "assay: could not install$omissing (optional: the prefilter uses its own automaton)" >&2
fi
exit 0
