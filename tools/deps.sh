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
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "assay: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
