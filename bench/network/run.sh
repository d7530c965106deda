#!/usr/bin/env bash
# Virtual network benchmark (measuring, not asserting), everything inside network namespaces made here:
#  1. net-start + net-destroy of the `default` NAT network: vireod vs the real libvirtd 9.0 (each in its own
#     namespace; libvirtd also in a private mount namespace with its /etc /run /var dirs on temp copies), timed
#     around `virsh net-start`/`virsh net-destroy`; medians and the ratio (libvirtd / vireod: >1 = vireod faster).
#  2. TCP throughput (iperf3, 3 s): two namespaces through our bridge (veths on vireod's virbr0) beside a plain
#     veth pair between two namespaces (the "physical" reference).
#   bench/network/run.sh [RUNS]      (default 5; needs root, out/bin/vireod from ./build)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:-5}
VIREOD=${VIREOD:-$ROOT/out/bin/vireod}
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (network namespaces)" >&2; exit 1; }
[ -x "$VIREOD" ] || { echo "run.sh: $VIREOD not found; run ./build first (or set VIREOD)" >&2; exit 1; }
for t in virsh iperf3 ip nft dnsmasq; do command -v $t >/dev/null || { echo "run.sh: $t not found (scripts/setup)" >&2; exit 1; }; done

W=$(mktemp -d /tmp/vireo-bench-net.XXXXXX); chmod 755 "$W"
TAG=$(basename "$W" | tr -dc 'a-zA-Z0-9' | tail -c 6)
NSV=vireo-bv-$TAG NSL=vireo-bl-$TAG NSA=vireo-ba-$TAG NSB=vireo-bb-$TAG NSC=vireo-bc-$TAG NSD=vireo-bd-$TAG
ALL=($NSV $NSL $NSA $NSB $NSC $NSD)
cleanup() {
  for n in "${ALL[@]}"; do
    for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$n" 2>/dev/null || true
  done
  rm -rf "$W"
}
trap cleanup EXIT
for n in "${ALL[@]}"; do ip netns add "$n"; ip netns exec "$n" ip link set lo up; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s.%N; }
wait_sock() { for _ in $(seq 600); do [ -S "$1" ] && return 0; sleep 0.05; done; echo "run.sh: no socket $1" >&2; return 1; }

# --- 1a. vireod -------------------------------------------------------------------------------------
ip netns exec "$NSV" "$VIREOD" --root "$W/v" >"$W/vireod.out" 2>&1 &
disown
wait_sock "$W/v/run/vireo-sock"
VURI="qemu+unix:///system?socket=$W/v/run/vireo-sock"
virsh -q -c "$VURI" net-destroy default >/dev/null   # autostarted on first start
: >"$W/v.start"; : >"$W/v.stop"
for _ in $(seq "$RUNS"); do
  t0=$(now); virsh -q -c "$VURI" net-start default >/dev/null; t1=$(now)
  virsh -q -c "$VURI" net-destroy default >/dev/null; t2=$(now)
  echo "$t1 - $t0" | bc >>"$W/v.start"; echo "$t2 - $t1" | bc >>"$W/v.stop"
done

# --- 1b. libvirtd (private mount namespace: its system paths are temp copies) -----------------------
cat >"$W/libvirtd.sh" <<'SH'
set -eu
W=$1 RUNS=$2
# Nothing is created on the host: /etc/libvirt is replaced by a copy, /run/libvirt and the /var dirs by tmpfs.
mkdir -p "$W/l/etc"; cp -a /etc/libvirt/. "$W/l/etc/"; mount --bind "$W/l/etc" /etc/libvirt
mount -t tmpfs tmpfs /run/libvirt
for d in /var/lib /var/cache /var/log; do mount -t tmpfs tmpfs "$d"; mkdir -p "$d/libvirt"; done
# libvirtd resolves its compiled-in QEMU user (libvirt-qemu) before reading qemu.conf, and Debian's runs dnsmasq
# as libvirt-dnsmasq: give them passwd/group entries in copies visible only in this mount namespace. QEMU itself
# runs as root (qemu.conf below).
for f in passwd group; do cp /etc/$f "$W/l/$f"; mount --bind "$W/l/$f" /etc/$f; done
for u in libvirt-qemu:64055 libvirt-dnsmasq:64056; do
  getent passwd "${u%:*}" >/dev/null || echo "${u%:*}:x:${u#*:}:${u#*:}::/var/lib/libvirt:/usr/sbin/nologin" >>"$W/l/passwd"
  getent group "${u%:*}" >/dev/null || echo "${u%:*}:x:${u#*:}:" >>"$W/l/group"
done
printf 'user = "root"\ngroup = "root"\n' >>/etc/libvirt/qemu.conf
mkdir -p /etc/libvirt/qemu/networks
cat >/etc/libvirt/qemu/networks/default.xml <<XML
<network><name>default</name><bridge name='virbr0'/><forward/><ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip></network>
XML
LIBVIRT_LOG_OUTPUTS="3:file:$W/libvirtd.log" /usr/sbin/libvirtd -d -p "$W/libvirtd.pid"
for _ in $(seq 12000); do  # QEMU capability probing is slow (minutes on a loaded machine); stop waiting if libvirtd died
  [ -S /run/libvirt/libvirt-sock ] && break
  [ -s "$W/libvirtd.pid" ] && ! kill -0 "$(cat "$W/libvirtd.pid")" 2>/dev/null && { grep error "$W/libvirtd.log" | tail -2 >&2; exit 3; }
  sleep 0.05
done
[ -S /run/libvirt/libvirt-sock ] || { echo "libvirtd did not open its socket within 600 s" >&2; tail -3 "$W/libvirtd.log" >&2; exit 3; }
U=qemu:///system
virsh -q -c $U net-destroy default >/dev/null 2>&1 || true
for _ in $(seq "$RUNS"); do
  t0=$(date +%s.%N); virsh -q -c $U net-start default >/dev/null || { echo "libvirtd net-start failed" >&2; exit 3; }; t1=$(date +%s.%N)
  virsh -q -c $U net-destroy default >/dev/null; t2=$(date +%s.%N)
  echo "$t1 - $t0" | bc >>"$W/l.start"; echo "$t2 - $t1" | bc >>"$W/l.stop"
done
kill "$(cat "$W/libvirtd.pid")"
SH
LIBVIRTD_OK=1
ip netns exec "$NSL" unshare -m --propagation private bash "$W/libvirtd.sh" "$W" "$RUNS" 2>"$W/libvirtd.err" || LIBVIRTD_OK=0

vs=$(median <"$W/v.start"); vd=$(median <"$W/v.stop")
printf '%-28s %12s %12s %8s\n' "default network" "vireod (s)" "libvirtd (s)" "ratio"
if [ $LIBVIRTD_OK = 1 ]; then
  ls_=$(median <"$W/l.start"); ld=$(median <"$W/l.stop")
  printf '%-28s %12.3f %12.3f %8.2f\n' "net-start (median of $RUNS)" "$vs" "$ls_" "$(echo "$ls_ / $vs" | bc -l)"
  printf '%-28s %12.3f %12.3f %8.2f\n' "net-destroy (median of $RUNS)" "$vd" "$ld" "$(echo "$ld / $vd" | bc -l)"
else
  printf '%-28s %12.3f %12s\n' "net-start (median of $RUNS)" "$vs" "n/a"
  printf '%-28s %12.3f %12s\n' "net-destroy (median of $RUNS)" "$vd" "n/a"
  echo "libvirtd side failed: $(tail -3 "$W/libvirtd.err" | tr '\n' ' ')"
fi

# --- 2. throughput ---------------------------------------------------------------------------------
virsh -q -c "$VURI" net-start default >/dev/null
plug() { # ns, addr: a veth from NS into virbr0 of vireod's namespace
  local p="p${1#vireo-}"
  ip netns exec "$NSV" ip link add "$p" type veth peer name eth0 netns "$1"
  ip netns exec "$NSV" ip link set "$p" master virbr0 up
  ip netns exec "$1" ip addr add "$2/24" dev eth0; ip netns exec "$1" ip link set eth0 up
}
plug "$NSA" 192.168.122.201; plug "$NSB" 192.168.122.202
ip netns exec "$NSC" ip link add eth0 type veth peer name eth0 netns "$NSD"
ip netns exec "$NSC" ip addr add 10.77.0.1/24 dev eth0; ip netns exec "$NSC" ip link set eth0 up
ip netns exec "$NSD" ip addr add 10.77.0.2/24 dev eth0; ip netns exec "$NSD" ip link set eth0 up
bps() { # server-ns client-ns server-addr
  # a new port of an STP bridge forwards after ~4 s (listening + learning): wait until the server answers pings
  for _ in $(seq 300); do ip netns exec "$2" busybox ping -c1 -W1 "$3" >/dev/null 2>&1 && break; sleep 0.1; done
  ip netns exec "$1" iperf3 -s -1 -D -B "$3" >/dev/null
  for _ in $(seq 50); do ip netns exec "$2" iperf3 -c "$3" -t 3 -J >"$W/iperf.json" 2>/dev/null && break; sleep 0.1; done
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["end"]["sum_received"]["bits_per_second"]/1e9 if "sum_received" in j.get("end",{}) else "iperf3: "+j.get("error","?"))' "$W/iperf.json"
}
br=$(bps "$NSB" "$NSA" 192.168.122.202)
ve=$(bps "$NSD" "$NSC" 10.77.0.2)
printf '\n%-40s %10s\n' "TCP throughput (iperf3 -t 3)" "Gbit/s"
printf '%-40s %10.2f\n' "namespace-to-namespace via our virbr0" "$br"
printf '%-40s %10.2f\n' "plain veth pair (reference)" "$ve"
printf '%-40s %10.2f\n' "ratio bridge / veth" "$(echo "$br / $ve" | bc -l)"
