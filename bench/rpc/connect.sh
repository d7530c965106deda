#!/usr/bin/env bash
# Connect+list+close round trips per second over unix, TCP and TLS, and calls per second on an open TLS
# connection: vireod against the real libvirtd (test driver), same certificates (made by vireo-pki), both on
# 127.0.0.1 high ports in a private directory. libvirtd runs as 'nobody' with no loadable drivers, so nothing on
# the host changes. Prints a ratio per row; > 1 means vireod is faster.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VIREOD=${VIREOD:-$ROOT/out/bin/vireod}
PKI_TOOL=${PKI_TOOL:-$ROOT/out/bin/vireo-pki}
[ -x "$VIREOD" ] && [ -x "$PKI_TOOL" ] || "$ROOT/build"
TMP=$(mktemp -d /tmp/vireo-bench-connect-XXXXXX)
chmod 755 "$TMP"
cleanup() {
  [ -f "$TMP/libvirtd.pid" ] && kill "$(cat "$TMP/libvirtd.pid")" 2>/dev/null || true
  [ -n "${VIREOD_PID:-}" ] && kill "$VIREOD_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- certificates: one CA, the server, one client (pkipath layout) -----------------------------------
"$PKI_TOOL" create-ca --ca-dir "$TMP/pki/CA" >/dev/null
"$PKI_TOOL" create-server --ca-dir "$TMP/pki/CA" --host localhost,127.0.0.1 --out "$TMP/pki/server" >/dev/null
"$PKI_TOOL" create-client --ca-dir "$TMP/pki/CA" --cn bench --out "$TMP/pki/client" >/dev/null
L_TCP=$(free_port); L_TLS=$(free_port); V_TCP=$(free_port); V_TLS=$(free_port)

# --- libvirtd -----------------------------------------------------------------------------------------
mkdir -p "$TMP"/{home,run,config,cache,sock,drivers}
cat > "$TMP/libvirtd.conf" <<CONF
unix_sock_dir = "$TMP/sock"
unix_sock_rw_perms = "0777"
auth_unix_rw = "none"
auth_unix_ro = "none"
listen_tcp = 1
listen_tls = 1
listen_addr = "127.0.0.1"
tcp_port = "$L_TCP"
tls_port = "$L_TLS"
auth_tcp = "none"
auth_tls = "none"
ca_file = "$TMP/pki/CA/cacert.pem"
cert_file = "$TMP/pki/server/servercert.pem"
key_file = "$TMP/pki/server/serverkey.pem"
max_clients = 5000
CONF
RUNAS=()
if [ "$(id -u)" = 0 ]; then chown -R nobody:nogroup "$TMP"; RUNAS=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$TMP/home" XDG_RUNTIME_DIR="$TMP/run" XDG_CONFIG_HOME="$TMP/config" \
  XDG_CACHE_HOME="$TMP/cache" LIBVIRT_DRIVER_DIR="$TMP/drivers" \
  "${RUNAS[@]}" /usr/sbin/libvirtd --listen -f "$TMP/libvirtd.conf" -p "$TMP/libvirtd.pid" >"$TMP/libvirtd.out" 2>&1 &

# --- vireod -------------------------------------------------------------------------------------------
cat > "$TMP/vireod.conf" <<CONF
ca_file = "$TMP/pki/CA/cacert.pem"
cert_file = "$TMP/pki/server/servercert.pem"
key_file = "$TMP/pki/server/serverkey.pem"
auth_tcp = "none"
CONF
"$VIREOD" --root "$TMP/vireo" --config "$TMP/vireod.conf" --listen-tcp "127.0.0.1:$V_TCP" --listen-tls "127.0.0.1:$V_TLS" \
  >"$TMP/vireod.out" 2>&1 &
VIREOD_PID=$!

wait_for() { for _ in $(seq 300); do [ -S "$1" ] && return 0; sleep 0.1; done; echo "no socket $1" >&2; cat "$TMP"/*.out >&2; exit 1; }
wait_for "$TMP/sock/libvirt-sock"
wait_for "$TMP/vireo/run/vireo-sock"

P="pkipath=$TMP/pki/client"
/usr/bin/python3 "$ROOT/bench/rpc/connect.py" libvirtd vireod \
  "unix connect+list+close=test+unix:///default?socket=$TMP/sock/libvirt-sock,test+unix:///default?socket=$TMP/vireo/run/vireo-sock" \
  "tcp connect+list+close=test+tcp://127.0.0.1:$L_TCP/default,test+tcp://127.0.0.1:$V_TCP/default" \
  "tls connect+list+close=test+tls://127.0.0.1:$L_TLS/default?$P,test+tls://127.0.0.1:$V_TLS/default?$P" \
  "tls listAllDomains calls=test+tls://127.0.0.1:$L_TLS/default?$P,test+tls://127.0.0.1:$V_TLS/default?$P"
