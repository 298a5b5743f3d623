#!/usr/bin/env bash
# Proves the set-up on a bare Debian 12 system, the way a new user's machine is: a minimal root file
# system (only apt, ca-certificates, git and sudo; made once with mmdebstrap and cached), a fresh copy
# of this checkout in it, and inside a chroot:
#
#   check-bare-system.sh             packaging/setup-debian.sh, then `cmake --preset release`
#                                    (configure fails when the set-up script forgets a package)
#   check-bare-system.sh --deb FILE  `apt install ./FILE`, then, from a folder outside any source
#                                    tree: gramt-cli --help, man gramt-cli, the CPU demo on tiny
#                                    settings, and gramt-workbench under Xvfb with a screenshot
#                                    (saved as bare-system-workbench.png beside FILE)
#
# Needs root (or sudo) and the machine's own apt configuration: its Debian 12 sources (sources.list,
# sources.list.d, one-line or deb822, as apt itself reads them) and its proxy settings, so a machine
# behind a local mirror or proxy works as it does for apt. CI runs the first form before the tests.
# The cached root is rebuilt when older than a week or when the sources change
# (GRAMT_BARE_ROOT_CACHE picks its folder).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
fail() { echo "bare-system check: $*" >&2; exit 1; }

mode=configure deb=""
case "${1:-}" in
  "") ;;
  --deb) mode=deb; deb=$(realpath "${2:?--deb needs a .deb file}"); [ -s "$deb" ] || fail "no such package file: $2" ;;
  *) echo "usage: $0 [--deb FILE.deb]" >&2; exit 2 ;;
esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "needs root or sudo (for mmdebstrap and chroot)"
  SUDO=sudo
fi

# The Debian 12 part of the machine's apt sources: main of bookworm, bookworm-updates and
# bookworm-security, whatever mirror they name. apt lists them (both file formats, disabled entries
# left out); its downloaded Release files tell Debian's archive from other vendors' "bookworm main".
bookworm_sources() {
  apt-get indextargets --format '$(TARGET_OF)|$(REPO_URI)|$(RELEASE)|$(CODENAME)|$(COMPONENT)|$(ORIGIN)' \
    'Identifier: Packages' 2>/dev/null |
    awk -F'|' '{
      codename = $4 ~ /^\$\(/ ? "" : $4; origin = $6 ~ /^\$\(/ ? "" : $6
      suite = codename != "" ? codename : $3
      if ($1 != "deb" || $5 != "main" || suite !~ /^bookworm(-updates|-security)?$/) next
      if ($2 ~ /^(cdrom|file):/) next                  # not reachable from inside the chroot
      if (origin == "") { print "unknown-origin"; next }  # the host has not run apt-get update
      if (origin == "Debian") print "deb " $2 " " suite " main"
    }' | sort -u
}
# The host's proxy and Release-date settings, as apt.conf lines (apt-config prints them that way).
# mmdebstrap points apt at the new root's configuration only, so these are put there for its run.
host_apt_network_settings() {
  apt-config dump 2>/dev/null | grep -E '^Acquire::(http|https|ftp)::Proxy(::[^ ]+)? |^Acquire::Check-(Valid-Until|Date) ' || true
}

sources=$(bookworm_sources)
if grep -q '^unknown-origin$' <<<"$sources"; then
  $SUDO apt-get update -qq || true
  sources=$(bookworm_sources)
fi
sources=$(grep '^deb ' <<<"$sources" || true)
[ -n "$sources" ] ||
  fail "no usable Debian 12 sources in this machine's apt configuration (add 'deb <your mirror> bookworm main' to /etc/apt/sources.list, run apt-get update, and try again)"
mapfile -t source_lines <<<"$sources"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
network=$scratch/apt-network.conf
host_apt_network_settings >"$network"

cache=${GRAMT_BARE_ROOT_CACHE:-/var/cache/gramt-workbench/bare-root}
# One cached root per set of sources: a change of mirror makes a new one.
base=$cache/bookworm-minimal-$(sha256sum <<<"$sources" | cut -c1-12).tar
$SUDO mkdir -p "$cache"
if [ ! -f "$base" ] || [ ! -s "$base" ] || [ -n "$(find "$base" -mtime +7 2>/dev/null)" ]; then
  if ! command -v mmdebstrap >/dev/null; then
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends mmdebstrap ||
      fail "could not install mmdebstrap (needed to make the bare root file system)"
  fi
  echo "bare-system check: making a minimal Debian 12 root file system (cached in $cache) from:"
  printf '  %s\n' "${source_lines[@]}"
  partial=$cache/bookworm-minimal.partial.tar  # mmdebstrap picks its output format from the name
  $SUDO rm -rf "$partial" "$cache"/bookworm-minimal*.tar
  # Its messages go to a log whose end is shown on failure (apt's reason, e.g. an unreachable mirror).
  $SUDO mmdebstrap --variant=apt --include=ca-certificates,git,sudo \
    --setup-hook="mkdir -p \"\$1/etc/apt/apt.conf.d\" && cp '$network' \"\$1/etc/apt/apt.conf.d/00host-network\"" \
    --customize-hook='rm -f "$1/etc/apt/apt.conf.d/00host-network"' \
    bookworm "$partial" "${source_lines[@]}" 2>"$scratch/mmdebstrap.log" ||
    { grep -E '^(E|W): |^ ' "$scratch/mmdebstrap.log" | tail -8 >&2; fail "mmdebstrap failed (messages above)"; }
  $SUDO mv "$partial" "$base"
fi

root=$($SUDO mktemp -d "$cache/root.XXXXXX")
mounted=()
cleanup() {
  local m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do $SUDO umount -l "${mounted[$i]}" 2>/dev/null || true; done
  $SUDO rm -rf --one-file-system "$root"
  rm -rf "$scratch"
}
trap cleanup EXIT
$SUDO tar -xf "$base" -C "$root"
for m in proc sys dev dev/pts; do
  $SUDO mount --bind "/$m" "$root/$m"
  mounted+=("$root/$m")
done
# Packages downloaded once are reused from the host's apt cache (the installs still happen inside).
if [ -d /var/cache/apt/archives ]; then
  $SUDO mount --bind /var/cache/apt/archives "$root/var/cache/apt/archives"
  mounted+=("$root/var/cache/apt/archives")
fi
$SUDO cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# The apt inside reaches the mirror the way the host's does (the cached root keeps no proxy).
$SUDO cp "$network" "$root/etc/apt/apt.conf.d/00host-network"

in_root() {
  $SUDO chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    ${http_proxy:+http_proxy=$http_proxy} ${https_proxy:+https_proxy=$https_proxy} ${no_proxy:+no_proxy=$no_proxy} \
    bash -euo pipefail -c "$1"
}

if [ "$mode" = configure ]; then
  # The checkout as it is: tracked and new files, nothing git ignores (no build folders).
  $SUDO mkdir "$root/project"
  git -C "$repo" ls-files -z --cached --others --exclude-standard |
    (cd "$repo" && tar --null --ignore-failed-read -T - -cf -) | $SUDO tar -xf - -C "$root/project"
  echo "bare-system check: packaging/setup-debian.sh and cmake --preset release in a bare Debian 12"
  in_root 'cd /project && packaging/setup-debian.sh && cmake --preset release >/tmp/configure.log 2>&1 ||
           { cat /tmp/configure.log; exit 1; }' ||
    fail "the set-up script or the configure step failed on a bare Debian 12 (messages above)"
  echo "bare-system check: ok"
  exit 0
fi

$SUDO cp "$deb" "$root/tmp/"
name=$(basename "$deb")
echo "bare-system check: apt install ./$name in a bare Debian 12"
in_root "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && cd /tmp && apt-get install -y -qq ./$name >/tmp/apt.log 2>&1 ||
         { tail -30 /tmp/apt.log; exit 1; }" || fail "apt install ./$name failed"
in_root 'cd /tmp && gramt-cli --help | head -3 && gramt-cli --version' || fail "gramt-cli --help failed"
in_root 'export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq man-db >/dev/null 2>&1;
         MANPAGER=cat man gramt-cli | head -12' || fail "man gramt-cli failed"
in_root 'mkdir -p /tmp/user && cd /tmp/user &&
         gramt-cli train data=demo trainer=cpu_demo model=demo trainer.steps=20 trainer.warmup_steps=2 \
           trainer.checkpoint.every=10 data.synthesize.speech_clips=4 data.synthesize.note_clips=4 \
           data.synthesize.noise_clips=1 data.synthesize.seconds=3.0 >/tmp/train.out 2>/tmp/train.err ||
           { tail -20 /tmp/train.err; exit 1; }
         grep "^configs:" /tmp/train.err; tail -3 /tmp/train.out; ls runs/*/checkpoints' || fail "the demo failed"
in_root 'export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq xvfb xauth x11-utils imagemagick >/dev/null 2>&1
         cd /tmp/user && xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
           gramt-workbench & pid=\$!; sleep 8
           kill -0 \$pid || { echo gramt-workbench exited early; exit 1; }
           xprop -name \"GRAM-T Workbench\" _NET_WM_ICON | grep -o \"Icon ([0-9]* x [0-9]*)\" | tr \"\\n\" \" \"; echo
           xprop -name \"GRAM-T Workbench\" _NET_WM_ICON | grep -q \"Icon (\" || { echo no window icon; exit 1; }
           import -window root /tmp/workbench.png; kill \$pid"' || fail "gramt-workbench did not start under Xvfb with its icon"
$SUDO cp "$root/tmp/workbench.png" "$(dirname "$deb")/bare-system-workbench.png"
echo "bare-system check: the package installs and runs (screenshot: $(dirname "$deb")/bare-system-workbench.png)"
