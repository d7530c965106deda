#!/usr/bin/env bash
# Live migration of the test guest (TCG, MEM MiB, idle, kernel + initramfs on shared storage) between two hosts in
# network namespaces (bench/migration/hosts.sh: veth pair, 10.77.8.1 → 10.77.8.2):
#   vireod   two out/bin/vireod, `virsh migrate --live` run in host A (client-managed v3 with parameters)
#   libvirtd two real libvirtd 9.0 (bench/migration/libvirtd.sh: private, as nobody, QEMU driver only), the same
#            `virsh migrate --live` (with --migrateuri, as libvirt would otherwise send to the host name)
#   bare     two qemu-system-x86_64 with the same kernel/initramfs/memory, QMP `migrate` by hand (the floor)
# Figures per run: total time end to end (virsh's wall clock for vireod and libvirtd; for bare the same steps by
# hand: start the destination QEMU, migrate, cont there, quit the source), QEMU's own transfer time (total-time),
# downtime and bytes transferred. Medians of RUNS runs (default 3) after one untimed round trip, and the ratios to
# bare and vireod/libvirtd.
#   bench/migration/run.sh [RUNS]     MEM=512 by default
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:-3}
MEM=${MEM:-512}
export MIG=$(mktemp -d /tmp/vireo-bench-mig-XXXXXX)
source "$ROOT/bench/migration/hosts.sh"
source "$ROOT/bench/migration/libvirtd.sh"
export LC_ALL=C
G=$("$ROOT/tests/guest/build.sh" | tail -1)
cleanup() { hosts_down; rm -rf "$MIG"; }
trap cleanup EXIT
hosts_up
median() { python3 -c "import sys,statistics; print(statistics.median([float(x) for x in sys.argv[1:]]))" "$@"; }

# ---- vireod ----
for h in A B; do
  a=$ADDR_A; [ $h = B ] && a=$ADDR_B
  # the namespace addresses are not loopback, where auth_tcp defaults to SASL: these hosts trust each other
  mkdir -p "$MIG/$h/root/etc"; echo 'auth_tcp = "none"' > "$MIG/$h/root/etc/vireod.conf"
  in_host $h "$ROOT/out/bin/vireod" --root "$MIG/$h/root" --listen-tcp "$a:16509" > "$MIG/$h.log" 2>&1 &
done
for i in $(seq 1 600); do [ -S "$MIG/A/root/run/vireo-sock" ] && [ -S "$MIG/B/root/run/vireo-sock" ] && break; sleep 0.1; done
cat > "$MIG/bench.xml" <<XML
<domain type='qemu'>
  <name>bench</name>
  <memory unit='MiB'>$MEM</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>$G/vmlinuz</kernel><initrd>$G/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>
  <devices><serial type='file'><source path='$MIG/local/bench.serial'/><target port='0'/></serial></devices>
</domain>
XML
SA="qemu+unix:///system?socket=$MIG/A/root/run/vireo-sock"
SB="qemu+unix:///system?socket=$MIG/B/root/run/vireo-sock"
# persistent on both sides (--persistent), so the source keeps the domain and its completed-job statistics
virsh -q -c "$SA" define "$MIG/bench.xml" >/dev/null
virsh -q -c "$SA" start bench >/dev/null
for i in $(seq 1 600); do grep -qs VIREO-COUNTER "$MIG/A/local/bench.serial" && break; sleep 0.1; done
# one untimed round trip first: a JIT-built vireod (VIREO_FAST_BUILD) compiles its migration paths on first use
ip netns exec $NSA virsh -q -c "$SA" migrate --live --persistent bench "qemu+tcp://$ADDR_B/system"
ip netns exec $NSB virsh -q -c "$SB" migrate --live --persistent bench "qemu+tcp://$ADDR_A/system"
VT=() VD=() VB=() VQ=()
from=A
for r in $(seq 1 "$RUNS"); do
  if [ $from = A ]; then src=$SA; dst=$ADDR_B; ns=$NSA; else src=$SB; dst=$ADDR_A; ns=$NSB; fi
  t0=$(date +%s.%N)
  ip netns exec $ns virsh -q -c "$src" migrate --live --persistent bench "qemu+tcp://$dst/system"
  t1=$(date +%s.%N)
  info=$(virsh -c "$src" domjobinfo --completed bench 2>/dev/null || true)
  VT+=("$(python3 -c "print(float('$t1') - float('$t0'))")")
  VD+=("$(echo "$info" | awk '/^Total downtime/ {print $3}')")
  VB+=("$(echo "$info" | awk '/^Data processed/ {print $3 $4}')")
  VQ+=("$(echo "$info" | awk '/^Time elapsed:/ {print $3 / 1000}')")
  echo "vireod run $r ($from→): total $(printf %.3f "${VT[-1]}") s (QEMU's transfer ${VQ[-1]:-?} s), downtime ${VD[-1]:-?} ms, data ${VB[-1]:-?}"
  [ $from = A ] && from=B || from=A
done
virsh -q -c "$SA" destroy bench >/dev/null 2>&1 || true; virsh -q -c "$SB" destroy bench >/dev/null 2>&1 || true

# ---- libvirtd (runs as nobody: the guest files and serial logs must be theirs to read and write) ----
chmod 755 "$MIG"; mkdir -p "$MIG/guest"; cp "$G/vmlinuz" "$G/initrd.img" "$MIG/guest/"; chmod -R a+rX "$MIG/guest"
chmod 777 "$MIG/A/local" "$MIG/B/local"
libvirtd_up A; libvirtd_up B
LA=$(libvirtd_uri A) LB=$(libvirtd_uri B)
sed -e "s|$G/|$MIG/guest/|g" -e "s|bench.serial|lv.serial|" "$MIG/bench.xml" > "$MIG/lv.xml"
virsh -q -c "$LA" define "$MIG/lv.xml" >/dev/null
virsh -q -c "$LA" start bench >/dev/null
for i in $(seq 1 600); do grep -qs VIREO-COUNTER "$MIG/A/local/lv.serial" && break; sleep 0.1; done
# the same untimed round trip as vireod's
ip netns exec $NSA virsh -q -c "$LA" migrate --live --persistent bench "qemu+tcp://$ADDR_B:16510/session" "tcp://$ADDR_B"
ip netns exec $NSB virsh -q -c "$LB" migrate --live --persistent bench "qemu+tcp://$ADDR_A:16510/session" "tcp://$ADDR_A"
LT=() LD=() LQ=() LV=()
from=A
for r in $(seq 1 "$RUNS"); do
  if [ $from = A ]; then src=$LA; dst=$ADDR_B; ns=$NSA; else src=$LB; dst=$ADDR_A; ns=$NSB; fi
  t0=$(date +%s.%N)
  ip netns exec $ns virsh -q -c "$src" migrate --live --persistent bench "qemu+tcp://$dst:16510/session" "tcp://$dst"
  t1=$(date +%s.%N)
  info=$(virsh -c "$src" domjobinfo --completed bench 2>/dev/null || true)
  LT+=("$(python3 -c "print(float('$t1') - float('$t0'))")")
  LD+=("$(echo "$info" | awk '/^Total downtime/ {print $3}')")
  LQ+=("$(echo "$info" | awk '/^Time elapsed:/ {print $3 / 1000}')")
  LV+=("$(echo "$info" | awk '/^Data processed/ {print $3 $4}')")
  echo "libvirtd run $r ($from→): total $(printf %.3f "${LT[-1]}") s (QEMU's transfer ${LQ[-1]:-?} s), downtime ${LD[-1]:-?} ms, data ${LV[-1]:-?}"
  [ $from = A ] && from=B || from=A
done
virsh -q -c "$LA" destroy bench >/dev/null 2>&1 || true; virsh -q -c "$LB" destroy bench >/dev/null 2>&1 || true

# ---- bare QEMU over QMP ----
# bare end to end: what `virsh migrate` does around the transfer, done by one script with nothing else in the way
# (start the destination QEMU waiting, migrate, cont there, quit the source and wait for it to exit): the floor for
# vireod's and libvirtd's wall clock. Polls every 10 ms.
bare_migrate() { python3 - "$@" <<'PY'
import json, os, socket, subprocess, sys, time
qa, qb, pid_a, uri = sys.argv[1:5]; qemu_b = sys.argv[5:]
def qmp(path):
    for _ in range(1000):
        try:
            s = socket.socket(socket.AF_UNIX); s.connect(path); break
        except OSError: time.sleep(0.005)
    f = s.makefile('rw'); json.loads(f.readline())
    def cmd(c, **a):
        f.write(json.dumps({"execute": c, "arguments": a}) + "\n"); f.flush()
        while True:
            m = json.loads(f.readline())
            if "return" in m or "error" in m: return m
    cmd("qmp_capabilities"); return cmd
a = qmp(qa)
a("migrate-set-parameters", **{"max-bandwidth": 2**62 // 1024})
pid = int(open(pid_a).read())
t0 = time.monotonic()
subprocess.run(qemu_b, check=True)           # -daemonize: returns once QEMU is ready
b = qmp(qb)
a("migrate", uri=uri)
while True:
    r = a("query-migrate")["return"]
    if r.get("status") in ("completed", "failed", "cancelled"): break
    time.sleep(0.01)
while b("query-status")["return"]["status"] == "inmigrate": time.sleep(0.01)
b("cont"); a("quit")
def alive():
    try: return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError: return False
while alive(): time.sleep(0.005)
t1 = time.monotonic()
print(r.get("status"), r.get("total-time", 0) / 1000, r.get("downtime", 0), r.get("ram", {}).get("transferred", 0), t1 - t0)
b("quit")
PY
}
QARGS=(-accel tcg -machine pc -m "$MEM" -nographic -nodefaults -kernel "$G/vmlinuz" -initrd "$G/initrd.img" -append console=ttyS0)
BT=() BD=() BB=() BE=()
for r in $(seq 1 "$RUNS"); do
  rm -f "$MIG"/qa.sock "$MIG"/qb.sock "$MIG"/qa.pid
  in_host A qemu-system-x86_64 "${QARGS[@]}" -serial "file:$MIG/local/bare.serial" -qmp "unix:$MIG/qa.sock,server=on,wait=off" -pidfile "$MIG/qa.pid" -daemonize
  for i in $(seq 1 600); do grep -qs VIREO-COUNTER "$MIG/A/local/bare.serial" && break; sleep 0.1; done
  read -r st tt dt bytes e2e < <(bare_migrate "$MIG/qa.sock" "$MIG/qb.sock" "$MIG/qa.pid" "tcp:$ADDR_B:49152" \
    ip netns exec $NSB qemu-system-x86_64 "${QARGS[@]}" -serial "file:$MIG/bare-b.serial" -qmp "unix:$MIG/qb.sock,server=on,wait=off" -incoming "tcp:0.0.0.0:49152" -daemonize)
  BT+=("$tt"); BD+=("$dt"); BB+=("$bytes"); BE+=("$e2e")
  echo "bare   run $r: $st, total $tt s (end to end $(printf %.3f "$e2e") s), downtime $dt ms, $bytes bytes"
done

vt=$(median "${VT[@]}"); bt=$(median "${BT[@]}"); vq=$(median "${VQ[@]}")
vd=$(median "${VD[@]}"); bd=$(median "${BD[@]}")
lt=$(median "${LT[@]}"); lq=$(median "${LQ[@]}"); ld=$(median "${LD[@]}"); be=$(median "${BE[@]}")
ratio() { python3 -c "print('%.2f' % ($1 / max($2, 1e-9)))"; }
echo
printf "%-24s %10s %10s %10s %11s %11s %11s\n" "median ($RUNS runs, $MEM MiB)" vireod libvirtd bare vireod/bare libvirt/bare vireod/libvirt
printf "%-24s %10.3f %10.3f %10.3f %11s %11s %11s\n" "total, end to end (s)" "$vt" "$lt" "$be" "$(ratio "$vt" "$be")" "$(ratio "$lt" "$be")" "$(ratio "$vt" "$lt")"
printf "%-24s %10.3f %10.3f %10.3f %11s %11s %11s\n" "QEMU transfer (s)" "$vq" "$lq" "$bt" "$(ratio "$vq" "$bt")" "$(ratio "$lq" "$bt")" "$(ratio "$vq" "$lq")"
printf "%-24s %10.0f %10.0f %10.0f %11s %11s %11s\n" "downtime (ms)" "$vd" "$ld" "$bd" "$(ratio "$vd" "$bd")" "$(ratio "$ld" "$bd")" "$(ratio "$vd" "$ld")"
