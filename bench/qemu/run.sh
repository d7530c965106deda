#!/usr/bin/env bash
# Start-to-ready and save/restore of the test guest (TCG, 256 MiB, kernel + initramfs, serial to a file):
#   by hand   qemu-system-x86_64 with the same kernel/initramfs/memory/accelerator
#   vireod    out/bin/vireod --root TMP, driven by the real virsh
#   libvirtd  Debian's libvirtd 9.0 qemu driver, private and unprivileged: run as nobody in session mode with
#             its config, sockets and XDG dirs in a temp dir (the same isolation as tests' LibvirtdFixture,
#             but with the qemu driver loaded), driven by the real virsh
# "ready" = the guest printed VIREO-GUEST-READY on its serial log. Medians of RUNS runs (default 5).
#   bench/qemu/run.sh [RUNS]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:-5}
QEMU=/usr/bin/qemu-system-x86_64
VIREOD=$ROOT/out/bin/vireod
[ -x "$VIREOD" ] || { echo "out/bin/vireod missing: run ./build" >&2; exit 1; }
G=$("$ROOT/tests/guest/build.sh" | tail -1)
WORK=$(mktemp -d /tmp/vireo-bench-qemu-XXXXXX)
chmod 755 "$WORK"
cp "$G/vmlinuz" "$G/initrd.img" "$WORK/"
LPID=""; VPID=""
cleanup() {
  [ -n "$VPID" ] && kill "$VPID" 2>/dev/null || true
  [ -n "$LPID" ] && kill "$LPID" 2>/dev/null || true
  sleep 0.5; rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
# wait_ready FILE: until the marker is in FILE (60 s at most)
wait_ready() { local i; for ((i = 0; i < 12000; i++)); do grep -qs VIREO-GUEST-READY "$1" && return 0; sleep 0.005; done; echo "no ready marker in $1" >&2; return 1; }
sub() { python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.3f}')" "$1" "$2"; }

domain_xml() { # NAME SERIAL
  cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>$WORK/vmlinuz</kernel><initrd>$WORK/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>
  <features><acpi/></features>
  <devices><emulator>$QEMU</emulator><serial type='file'><source path='$2'/></serial><memballoon model='none'/></devices>
</domain>
XML
}

# --- by hand ---
hand=()
for ((r = 0; r < RUNS; r++)); do
  s=$WORK/hand.$r.serial; t0=$(now)
  $QEMU -name guest=hand -accel tcg -machine pc -m 256 -smp 1 -display none -nodefaults -no-user-config \
    -serial file:$s -kernel "$WORK/vmlinuz" -initrd "$WORK/initrd.img" -append console=ttyS0 -daemonize -pidfile "$WORK/hand.pid"
  wait_ready "$s"; hand+=("$(sub "$(now)" "$t0")")
  pid=$(cat "$WORK/hand.pid"); kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
done

# --- vireod ---
mkdir -p "$WORK/vireod"
"$VIREOD" --root "$WORK/vireod" >"$WORK/vireod.out" 2>&1 & VPID=$!
for ((i = 0; i < 600; i++)); do [ -S "$WORK/vireod/run/vireo-sock" ] && break; sleep 0.05; done
VURI="qemu+unix:///system?socket=$WORK/vireod/run/vireo-sock"
# --- libvirtd (qemu driver, session mode as nobody) ---
L=$WORK/libvirtd; mkdir -p "$L"/{home,run,config,cache,sock}
cat >"$L/libvirtd.conf" <<CONF
unix_sock_dir = "$L/sock"
unix_sock_rw_perms = "0777"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:$L/libvirtd.log"
CONF
chown -R nobody:nogroup "$WORK/vmlinuz" "$WORK/initrd.img" "$L"
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$L/home XDG_RUNTIME_DIR=$L/run XDG_CONFIG_HOME=$L/config XDG_CACHE_HOME=$L/cache LC_ALL=C \
  setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/sbin/libvirtd -f "$L/libvirtd.conf" >"$L/out" 2>&1 & LPID=$!
for ((i = 0; i < 600; i++)); do [ -S "$L/sock/libvirt-sock" ] && break; sleep 0.05; done
LURI="qemu+unix:///session?socket=$L/sock/libvirt-sock"

declare -A start save restore
for side in vireod libvirtd; do
  uri=$VURI; [ $side = libvirtd ] && uri=$LURI
  dir=$WORK/$side.files; mkdir -p "$dir"; chmod 777 "$dir"
  starts=(); saves=(); restores=()
  for ((r = 0; r < RUNS; r++)); do
    s=$dir/g$r.serial; touch "$s"; chmod 666 "$s"
    domain_xml "g$r" "$s" >"$dir/g$r.xml"
    virsh -q -c "$uri" define "$dir/g$r.xml" >/dev/null
    t0=$(now); virsh -q -c "$uri" start "g$r" >/dev/null; wait_ready "$s"; starts+=("$(sub "$(now)" "$t0")")
    t0=$(now); virsh -q -c "$uri" save "g$r" "$dir/g$r.save" >/dev/null; saves+=("$(sub "$(now)" "$t0")")
    t0=$(now); virsh -q -c "$uri" restore "$dir/g$r.save" >/dev/null; restores+=("$(sub "$(now)" "$t0")")
    virsh -q -c "$uri" destroy "g$r" >/dev/null; virsh -q -c "$uri" undefine "g$r" >/dev/null; rm -f "$dir/g$r.save"
  done
  start[$side]="${starts[*]}"; save[$side]="${saves[*]}"; restore[$side]="${restores[*]}"
done

python3 - "${hand[*]}" "${start[vireod]}" "${start[libvirtd]}" "${save[vireod]}" "${save[libvirtd]}" "${restore[vireod]}" "${restore[libvirtd]}" <<'PY'
import statistics, sys
m = [statistics.median(float(x) for x in a.split()) for a in sys.argv[1:]]
hand, sv, sl, savev, savel, resv, resl = m
print(f"{'seconds (median)':34} {'vireod':>8} {'libvirtd':>9} {'by hand':>8}   vireod/libvirtd  vireod/hand")
print(f"{'start -> VIREO-GUEST-READY':34} {sv:8.3f} {sl:9.3f} {hand:8.3f}   {sv/sl:15.2f}  {sv/hand:11.3f}")
print(f"{'save (256 MiB guest)':34} {savev:8.3f} {savel:9.3f} {'':>8}   {savev/savel:15.2f}")
print(f"{'restore (256 MiB guest)':34} {resv:8.3f} {resl:9.3f} {'':>8}   {resv/resl:15.2f}")
# The issue's target: vireod's start -> ready overhead over the same QEMU started by hand under 5 %.
over = (sv - hand) / hand * 100
print(f"vireod start overhead over bare QEMU (medians): {over:+.1f} % ({sv:.3f} s vs {hand:.3f} s; target < 5 %: {'met' if over < 5 else 'NOT met'})")
print(f"libvirtd start overhead over bare QEMU (medians): {(sl - hand) / hand * 100:+.1f} %")
PY
