#!/usr/bin/env bash
# Side-by-side RPC benchmark: python-libvirt against the real libvirtd (test driver) and against vireod.
# Starts both daemons privately (libvirtd unprivileged as 'nobody' with no loadable drivers, so nothing on the
# host changes), runs bench.py, stops both. Prints a ratio per row; > 1 means vireod is faster.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VIREOD=${VIREOD:-$ROOT/out/bin/vireod}
[ -x "$VIREOD" ] || "$ROOT/build"
TMP=$(mktemp -d /tmp/vireo-bench-XXXXXX)
chmod 755 "$TMP"
cleanup() {
  [ -f "$TMP/libvirtd.pid" ] && kill "$(cat "$TMP/libvirtd.pid")" 2>/dev/null || true
  [ -n "${VIREOD_PID:-}" ] && kill "$VIREOD_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

# --- libvirtd -----------------------------------------------------------------------------------------
mkdir -p "$TMP"/{home,run,config,cache,sock,drivers}
cat > "$TMP/libvirtd.conf" <<CONF
unix_sock_dir = "$TMP/sock"
unix_sock_rw_perms = "0777"
auth_unix_rw = "none"
auth_unix_ro = "none"
max_clients = 5000
CONF
RUNAS=()
if [ "$(id -u)" = 0 ]; then chown -R nobody:nogroup "$TMP"; RUNAS=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$TMP/home" XDG_RUNTIME_DIR="$TMP/run" XDG_CONFIG_HOME="$TMP/config" \
  XDG_CACHE_HOME="$TMP/cache" LIBVIRT_DRIVER_DIR="$TMP/drivers" \
  "${RUNAS[@]}" /usr/sbin/libvirtd -f "$TMP/libvirtd.conf" -p "$TMP/libvirtd.pid" >"$TMP/libvirtd.out" 2>&1 &

# --- vireod -------------------------------------------------------------------------------------------
env ${VIREOD_ENV:-} "$VIREOD" --root "$TMP/vireo" >"$TMP/vireod.out" 2>&1 &
VIREOD_PID=$!

wait_for() { for _ in $(seq 300); do [ -S "$1" ] && return 0; sleep 0.1; done; echo "no socket $1" >&2; exit 1; }
wait_for "$TMP/sock/libvirt-sock"
wait_for "$TMP/vireo/run/vireo-sock"
LIBVIRTD_PID=$(cat "$TMP/libvirtd.pid")

/usr/bin/python3 "$ROOT/bench/rpc/bench.py" \
  "libvirtd=test+unix:///default?socket=$TMP/sock/libvirt-sock,$LIBVIRTD_PID" \
  "vireod=test+unix:///default?socket=$TMP/vireo/run/vireo-sock,$VIREOD_PID"
