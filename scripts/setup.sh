#!/usr/bin/env bash
# Installs everything the EdgeBox pipeline and its tests need on a Debian 12 machine.
# Idempotent: packages already present are left alone, and a second run changes nothing.
set -euo pipefail

# Some sandboxes ship /dev/null as a regular file: everything written "to /dev/null" then
# accumulates there, and a child given null stdin reads it back (a nested `cargo metadata` fed a
# compiler error to rustc this way and broke the build). Restore the character device first.
if [ ! -c /dev/null ]; then
  echo "setup: /dev/null is not a character device; recreating it"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO mknod -m 666 /dev/null.edgebox c 1 3
  $SUDO mv -f /dev/null.edgebox /dev/null
fi

PACKAGES=(
  clang-19 lld-19 llvm-19 llvm-19-dev libclang-rt-19-dev-wasm32 wasi-libc
  cmake make pkg-config gcc g++ binutils time hyperfine
  # bubblewrap: the OS sandbox every command an app spawns runs in (child_process).
  bubblewrap
  # wrk: the load generator of the edgeboxd benchmark (benches/, loopback only).
  wrk
  # useKeychain reads the Secret Service through secret-tool; its tests run gnome-keyring in a
  # private D-Bus session (dbus-run-session).
  libsecret-tools gnome-keyring dbus
  # node (>= 20.17) runs the bundler's differential tests and the benchmarks; the machine's
  # apt sources carry node 20 (NodeSource), newer than Debian's own 18.
  nodejs
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "setup: all system packages present"
fi

# Fetch crates (incl. the pinned rquickjs-sys and wamrx-sys whose sources vendor/ builds from)
# so that later builds work offline.
cd "$(dirname "$0")/.."
cargo fetch --locked 2>/dev/null || cargo fetch
echo "setup: done"
