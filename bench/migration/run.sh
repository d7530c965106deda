#!/usr/bin/env bash
# Live migration of the test guest (TCG, MEM MiB, 1 vCPU, kernel + initramfs on shared storage) between two hosts in
# network namespaces (bench/migration/hosts.sh: veth pair, 10.77.8.1 <-> 10.77.8.2), by three stacks:
#   vireod   two out/bin/vireod (or $VIREOD; build it with ./build: a VIREO_FAST_BUILD one is JIT-compiled and slower),
#            driven from the source host by bench/migration/migrate.py: python-libvirt's dom.migrate3() with
#            LIVE|PERSIST_DEST and the bandwidth, i.e. what `virsh migrate --live --persistent --bandwidth BW` calls
#            (client-managed migration protocol v3 with parameters), timed with both connections already open
#   libvirtd two real libvirtd 9.0 (bench/migration/libvirtd.sh: private, as nobody, QEMU driver only), the same
#            client (plus the migrate URI tcp://DEST, as libvirt would otherwise send to the host name)
#   bare     the floor (bench/migration/bare.py): the very QEMU command line vireod ran for the guest (read from
#            /proc/PID/cmdline of vireod's QEMU, paths moved to a directory of its own) as source and, with
#            `-incoming defer`, as destination; QMP by hand: start the destination, migrate-incoming, migrate,
#            wait for the MIGRATION events, cont there, quit the source and wait for it to exit
# Columns (medians of RUNS runs, after one untimed round trip per stack; every stack's runs go A→B, B→A, ...):
#   total        from just before the migration call to its end (migrate3 returned; bare: the source QEMU exited),
#                i.e. begin/prepare/perform/finish/confirm; every controller is connected before the clock starts
#                (a `virsh migrate` command adds its own start-up and two connections, ~40 ms here, to either daemon)
#   running      from the same start to the guest running on the destination (vireod/libvirtd: the timestamp of
#                the "Resumed Migrated" lifecycle event seen by `virsh event --timestamp` on the destination
#                daemon; bare: `cont` answered)
#   transfer     QEMU's own total-time of the migration (query-migrate: `migrate` to completed)
#   downtime     guest-visible: the source stopped the vCPUs → the destination resumed them (libvirt's and
#                vireod's domjobinfo --completed "Total downtime"; bare: STOP → RESUME event timestamps)
#   QEMU downtime  QEMU's own figure (query-migrate "downtime": the final stop-and-copy only; vireod's log; not
#                available from libvirtd)
#   bench/migration/run.sh [RUNS]   MEM=512 (MiB), DIRTY=0 (MiB the guest rewrites in a loop, vireo.dirty=),
#                                   BW=1024 (MiB/s, the same --bandwidth for all), SKIP_LIBVIRTD=1 to skip it
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:-3}
MEM=${MEM:-512}
DIRTY=${DIRTY:-0}
export BW=${BW:-1024}
VIREOD=${VIREOD:-$ROOT/out/bin/vireod}
export MIG=$(mktemp -d /tmp/vireo-bench-mig-XXXXXX)
source "$ROOT/bench/migration/hosts.sh"
source "$ROOT/bench/migration/libvirtd.sh"
export LC_ALL=C
G=$("$ROOT/tests/guest/build.sh" | tail -1)
LISTENERS=()
cleanup() { for p in "${LISTENERS[@]}"; do kill "$p" 2>/dev/null || true; done; hosts_down; rm -rf "$MIG"; }
trap cleanup EXIT
hosts_up
APPEND="console=ttyS0"; [ "$DIRTY" != 0 ] && APPEND="$APPEND vireo.dirty=$DIRTY"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $MEM MiB guest, dirty load ${DIRTY} MiB, bandwidth $BW MiB/s, $RUNS runs"
case "$(readlink -f "$VIREOD")" in
  */publish/fast/*) echo "warning: $VIREOD is the JIT build (VIREO_FAST_BUILD); ./build makes the Native AOT one this bench is for" ;;
esac

median() { python3 -c "
import sys, statistics
v = [float(x) for x in sys.argv[1:] if x not in ('', '?', 'nan')]
print(statistics.median(v) if v else 'nan')" "$@"; }
ratio() { python3 -c "
a, b = '$1', '$2'
print('-' if 'nan' in (a, b) else '%.2f' % (float(a) / max(float(b), 1e-9)))"; }

# listen FILE URI: `virsh event --timestamp` on a daemon for the rest of the run (the "running" column).
listen() { virsh -c "$2" event --all --loop --timestamp > "$1" 2>&1 & LISTENERS+=($!); }
# resumed_at FILE COUNT: Unix time of the COUNT-th "Resumed Migrated" event in FILE (waits for it, 10 s deadline).
resumed_at() {
  for _ in $(seq 1 200); do
    [ "$(grep -c 'Resumed Migrated' "$1" || true)" -ge "$2" ] && break; sleep 0.05  # poll with a deadline
  done
  grep 'Resumed Migrated' "$1" | sed -n "${2}p" | python3 -c "
import sys, datetime
l = sys.stdin.read().strip()
print(datetime.datetime.strptime(l.split(': event')[0], '%Y-%m-%d %H:%M:%S.%f%z').timestamp() if l else 'nan')"
}
wait_counter() { for _ in $(seq 1 600); do grep -qs VIREO-COUNTER "$1" && return 0; sleep 0.1; done; echo "no boot in $1" >&2; return 1; }

# run_stack NAME SRC_A SRC_B DEST_URI_FMT [MIGRATE_URI_FMT]: RUNS timed migrations, starting from A (where the guest
# is); the formats have %s for the destination's address.
# Fills T (total) R (running) Q (transfer) D (downtime) K (QEMU downtime) M (MiB) of that stack.
run_stack() {
  local name=$1 ua=$2 ub=$3 fmt=$4 mfmt=${5:-} from=A n=0
  T=() R=() Q=() D=() K=() M=()
  listen "$MIG/ev-$name-A" "$ua"; listen "$MIG/ev-$name-B" "$ub"
  sleep 0.5  # the listeners register before the first event they must see (bench only)
  local cA=0 cB=0
  for r in $(seq 1 "$RUNS"); do
    local src=$ua dst=$ADDR_B ns=$NSA to=B; [ $from = B ] && { src=$ub; dst=$ADDR_A; ns=$NSB; to=A; }
    local duri muri=(); duri=$(printf "$fmt" "$dst")
    [ -n "$mfmt" ] && muri=("$(printf "$mfmt" "$dst")")
    local t0 tt info
    read -r t0 tt < <(ip netns exec $ns /usr/bin/python3 "$ROOT/bench/migration/migrate.py" "$src" "$duri" bench "$BW" "${muri[@]}")
    if [ $to = B ]; then cB=$((cB + 1)); n=$cB; else cA=$((cA + 1)); n=$cA; fi
    local tr; tr=$(resumed_at "$MIG/ev-$name-$to" $n)
    info=$(virsh -c "$src" domjobinfo --completed bench 2>/dev/null || true)
    T+=("$tt"); R+=("$(python3 -c "print('nan' if '$tr' == 'nan' else '%.3f' % (float('$tr') - float('$t0')))")")
    D+=("$(echo "$info" | awk '/^Total downtime/ {print $3}')")
    Q+=("$(echo "$info" | awk '/^Time elapsed:/ {print $3 / 1000}')")
    M+=("$(echo "$info" | awk '/^Data processed/ {print ($4 == "GiB" ? $3 * 1024 : $3)}')")
    K+=("$([ $name = vireod ] && grep -o "downtime [0-9]* ms), " "$MIG/$from.log" | tail -1 | awk '{print $2}' || echo '?')")
    echo "$name run $r ($from→$to): total ${T[-1]} s, running ${R[-1]} s, transfer ${Q[-1]:-?} s, downtime ${D[-1]:-?} ms (QEMU's ${K[-1]:-?}), data ${M[-1]:-?} MiB"
    from=$to
  done
}

# ---- vireod ----
for h in A B; do
  a=$ADDR_A; [ $h = B ] && a=$ADDR_B
  # the namespace addresses are not loopback, where auth_tcp defaults to SASL: these hosts trust each other
  mkdir -p "$MIG/$h/root/etc"; echo 'auth_tcp = "none"' > "$MIG/$h/root/etc/vireod.conf"
  in_host $h "$VIREOD" --root "$MIG/$h/root" --listen-tcp "$a:16509" > "$MIG/$h.log" 2>&1 &
done
for i in $(seq 1 600); do [ -S "$MIG/A/root/run/vireo-sock" ] && [ -S "$MIG/B/root/run/vireo-sock" ] && break; sleep 0.1; done
cat > "$MIG/bench.xml" <<XML
<domain type='qemu'>
  <name>bench</name>
  <memory unit='MiB'>$MEM</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>$G/vmlinuz</kernel><initrd>$G/initrd.img</initrd><cmdline>$APPEND</cmdline></os>
  <devices><serial type='file'><source path='$MIG/local/bench.serial'/><target port='0'/></serial></devices>
</domain>
XML
SA="qemu+unix:///system?socket=$MIG/A/root/run/vireo-sock"
SB="qemu+unix:///system?socket=$MIG/B/root/run/vireo-sock"
# persistent on both sides (--persistent), so the source keeps the domain and its completed-job statistics
virsh -q -c "$SA" define "$MIG/bench.xml" >/dev/null
virsh -q -c "$SA" start bench >/dev/null
wait_counter "$MIG/A/local/bench.serial"
# one untimed round trip first: a JIT-built vireod (VIREO_FAST_BUILD) compiles its migration paths on first use
ip netns exec $NSA virsh -q -c "$SA" migrate --live --persistent bench "qemu+tcp://$ADDR_B/system"
ip netns exec $NSB virsh -q -c "$SB" migrate --live --persistent bench "qemu+tcp://$ADDR_A/system"
# The floor's command line: vireod's QEMU for this guest (started by Prepare, so it has -incoming defer).
pidf=$(find "$MIG/A/root" -name bench.pid | head -1)
tr '\0' '\n' < "/proc/$(cat "$pidf")/cmdline" > "$MIG/argv"
run_stack vireod "$SA" "$SB" "qemu+tcp://%s/system"
VT=("${T[@]}") VR=("${R[@]}") VQ=("${Q[@]}") VD=("${D[@]}") VK=("${K[@]}") VM=("${M[@]}")
virsh -q -c "$SA" destroy bench >/dev/null 2>&1 || true; virsh -q -c "$SB" destroy bench >/dev/null 2>&1 || true

# ---- libvirtd (runs as nobody: the guest files and serial logs must be theirs to read and write) ----
LT=() LR=() LQ=() LD=() LM=()
if [ "${SKIP_LIBVIRTD:-0}" != 1 ]; then
  chmod 755 "$MIG"; mkdir -p "$MIG/guest"; cp "$G/vmlinuz" "$G/initrd.img" "$MIG/guest/"; chmod -R a+rX "$MIG/guest"
  chmod 777 "$MIG/A/local" "$MIG/B/local"
  libvirtd_up A; libvirtd_up B
  LA=$(libvirtd_uri A) LB=$(libvirtd_uri B)
  sed -e "s|$G/|$MIG/guest/|g" -e "s|bench.serial|lv.serial|" "$MIG/bench.xml" > "$MIG/lv.xml"
  virsh -q -c "$LA" define "$MIG/lv.xml" >/dev/null
  virsh -q -c "$LA" start bench >/dev/null
  wait_counter "$MIG/A/local/lv.serial"
  ip netns exec $NSA virsh -q -c "$LA" migrate --live --persistent bench "qemu+tcp://$ADDR_B:16510/session" "tcp://$ADDR_B"
  ip netns exec $NSB virsh -q -c "$LB" migrate --live --persistent bench "qemu+tcp://$ADDR_A:16510/session" "tcp://$ADDR_A"
  # libvirt sends the stream to the host name unless given the migrate URI (virsh's argument after the destination)
  run_stack libvirtd "$LA" "$LB" "qemu+tcp://%s:16510/session" "tcp://%s"
  LT=("${T[@]}") LR=("${R[@]}") LQ=("${Q[@]}") LD=("${D[@]}") LM=("${M[@]}")
  virsh -q -c "$LA" destroy bench >/dev/null 2>&1 || true; virsh -q -c "$LB" destroy bench >/dev/null 2>&1 || true
fi

# ---- bare QEMU over QMP, with vireod's command line ----
# As the daemons' rows: the guest boots on A, one untimed round trip, then RUNS timed migrations A→B, B→A, ...
# (so every source QEMU is one that arrived by migration, as vireod's and libvirtd's are).
BT=() BR=() BQ=() BD=() BK=() BM=()
rm -rf "$MIG/bareA" "$MIG/bareB"
(cd "$MIG/A/root" && find . -type d) | while read -r d; do mkdir -p "$MIG/bareA/$d" "$MIG/bareB/$d"; done
# vireod's paths (state, log, channel dirs under its root) moved to bareA/bareB, serial log renamed; both keep
# -incoming defer (the command lines of the destinations)
for h in A B; do
  sed -e "s|$MIG/A/root/|$MIG/bare$h/|g" -e "s|bench.serial|bare.serial|g" "$MIG/argv" > "$MIG/argv-$h"
done
# the first source boots without -incoming defer (as `virsh start` runs it), then cont (vireod's QEMU starts with -S)
python3 - "$MIG/argv-A" > "$MIG/argv-boot" <<'PY'
import sys
a = open(sys.argv[1]).read().split("\n")[:-1]
i = a.index("-incoming"); del a[i:i + 2]
print("\n".join(a))
PY
monitor_of() { grep -o "path=$MIG/bare$1/[^,]*monitor[^,]*" "$MIG/argv-$1" | head -1 | cut -d= -f2; }
pidfile_of() { grep -A1 '^-pidfile$' "$MIG/argv-$1" | tail -1; }
mapfile -t ARGV_BOOT < "$MIG/argv-boot"
in_host A "${ARGV_BOOT[@]}"
python3 "$ROOT/bench/migration/bare.py" cont "$(monitor_of A)"
wait_counter "$MIG/A/local/bare.serial"
# bare_migrate FROM: bare.py from host FROM to the other one (its destination QEMU started in that host)
bare_migrate() {
  local from=$1 to=B addr=$ADDR_B ns=$NSB argv
  [ "$from" = B ] && { to=A; addr=$ADDR_A; ns=$NSA; }
  mapfile -t argv < "$MIG/argv-$to"
  python3 "$ROOT/bench/migration/bare.py" "$(monitor_of "$from")" "$(pidfile_of "$from")" "tcp:$addr:49152" "$(monitor_of "$to")" -- \
    ip netns exec $ns unshare -m --propagation private sh -c \
      'mount --bind "$0/shared" "$0/images" && mount --bind "$0/$1/local" "$0/local" && shift && exec "$@"' "$MIG" "$to" "${argv[@]}"
}
bare_migrate A >/dev/null; bare_migrate B >/dev/null
from=A
for r in $(seq 1 "$RUNS"); do
  to=B; [ $from = B ] && to=A
  read -r st tt tr tq dk dg bytes < <(bare_migrate $from)
  BT+=("$tt"); BR+=("$tr"); BQ+=("$tq"); BK+=("$dk"); BD+=("$dg"); BM+=("$(python3 -c "print('%.3f' % ($bytes / 1048576))")")
  echo "bare run $r ($from→$to): $st, total $tt s, running $tr s, transfer $tq s, downtime $dg ms (QEMU's $dk), data ${BM[-1]} MiB"
  from=$to
done

echo
row() { # LABEL FORMAT V L B
  printf "%-26s %10s %10s %10s %11s %13s %15s\n" "$1" "$(printf "$2" "$3")" "$(printf "$2" "$4")" "$(printf "$2" "$5")" \
    "$(ratio "$3" "$5")" "$(ratio "$4" "$5")" "$(ratio "$3" "$4")"
}
printf "%-26s %10s %10s %10s %11s %13s %15s\n" "median of $RUNS, $MEM MiB, dirty $DIRTY" vireod libvirtd bare vireod/bare libvirtd/bare vireod/libvirtd
row "total (s)" %.3f "$(median "${VT[@]}")" "$(median "${LT[@]}")" "$(median "${BT[@]}")"
row "running on dest (s)" %.3f "$(median "${VR[@]}")" "$(median "${LR[@]}")" "$(median "${BR[@]}")"
row "QEMU transfer (s)" %.3f "$(median "${VQ[@]}")" "$(median "${LQ[@]}")" "$(median "${BQ[@]}")"
row "downtime, guest (ms)" %.0f "$(median "${VD[@]}")" "$(median "${LD[@]}")" "$(median "${BD[@]}")"
row "downtime, QEMU's (ms)" %.0f "$(median "${VK[@]}")" nan "$(median "${BK[@]}")"
row "data (MiB)" %.1f "$(median "${VM[@]}")" "$(median "${LM[@]}")" "$(median "${BM[@]}")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
