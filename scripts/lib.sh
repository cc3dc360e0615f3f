# Shared by the scripts in this folder; sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# One cargo target dir outside the clone, so a fresh clone (as CI makes)
# reuses what an earlier build compiled.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/alongside/target}"
export PATH="$HOME/.cargo/bin:$PATH"
# The Rust build uses these features everywhere (lint, tests, the app the
# end-to-end suite drives) so Tauri is compiled once, with the UI embedded.
CARGO_FLAGS=(--workspace --all-targets --features custom-protocol --locked)
# Tests only: benches print figures and are not tests.
TEST_FLAGS=(--workspace --lib --bins --tests --features custom-protocol --locked)
APP_BIN="$CARGO_TARGET_DIR/debug/alongside"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Starts the test clinic (tests/clinic: a FHIR server with SMART sign-in) in
# the background and points the app at it: ALONGSIDE_CLINIC_URL prefills the
# clinic address. Stopped when the calling script exits.
start_test_clinic() {
  local ready="${TMPDIR:-/tmp}/alongside-clinic.$$"
  node "$ROOT/tests/clinic/server.mjs" >"$ready" &
  CLINIC_PID=$!
  for _ in $(seq 100); do [ -s "$ready" ] && break; sleep 0.1; done
  [ -s "$ready" ] || die "the test clinic did not start"
  ALONGSIDE_CLINIC_URL=$(node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).fhir' <"$ready")
  export ALONGSIDE_CLINIC_URL
  rm -f "$ready"
}

# Rewrites a .deb with its contents xz-compressed at `level` (0-9): Tauri
# writes gzip, and Debian's own packages are xz, a quarter smaller for
# this app. Control fields and checksums stay as they were.
repack_deb() {
  local deb=$1 level=$2 work
  work=$(mktemp -d)
  dpkg-deb --raw-extract "$deb" "$work/pkg"
  dpkg-deb -Zxz "-z$level" --root-owner-group --build "$work/pkg" "$work/out.deb" >/dev/null
  mv "$work/out.deb" "$deb"
  rm -rf "$work"
}

