#!/usr/bin/env bash
# Side-by-side benchmark: vireo-img vs qemu-img 7.2 on the same generated images (convert, vmdk, commit,
# peak memory on a 20 GiB sparse image, short-command latency).
# Generates a 2 GiB raw image under /tmp that is half scattered data (1 MiB extents of mixed
# compressible/random bytes) and half holes, then times, per row, N runs of each tool and prints
# medians, the ratio (qemu-img time / vireo-img time: >1 means vireo-img is faster) and the peak RSS
# of each tool (from /usr/bin/time -v). Measuring, not asserting. Everything is deleted afterwards.
#   bench/images/run.sh [RUNS]        (default 3)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:-3}
VIREO=${VIREO_IMG:-$ROOT/out/bin/vireo-img}
[ -x "$VIREO" ] || { echo "run.sh: $VIREO not found; run ./build first (or set VIREO_IMG)" >&2; exit 1; }
command -v qemu-img >/dev/null || { echo "run.sh: qemu-img not found" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }

W=$(mktemp -d /tmp/vireo-bench-images.XXXXXX)
trap 'rm -rf "$W"' EXIT

python3 - "$W/src.raw" <<'PY'
import os, random, sys
random.seed(4)
size = 2 << 30
mib = 1 << 20
with open(sys.argv[1], "wb") as f:
    f.truncate(size)
    slots = list(range(size // mib))
    random.shuffle(slots)
    text = (b"Vireo qcow2 benchmark line, fairly compressible. " * 30000)[:mib]
    for n, s in enumerate(sorted(slots[: len(slots) // 2])):
        f.seek(s * mib)
        f.write(os.urandom(mib) if n % 2 else text)
PY
qemu-img convert -O qcow2 "$W/src.raw" "$W/src.qcow2"
# a 4-deep chain: base (the image above) and 3 overlays, each rewriting 64 scattered MiB
prev=src.qcow2
for i in 1 2 3; do
  qemu-img create -q -f qcow2 -b "$prev" -F qcow2 "$W/chain$i.qcow2"
  cmds=()
  for k in $(seq 0 63); do cmds+=(-c "write -P $((i * 16 + k % 16)) $(( (k * 31 + i * 7) % 2048 ))M 1M"); done
  qemu-io "${cmds[@]}" "$W/chain$i.qcow2" >/dev/null
  prev=chain$i.qcow2
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run TOOL ARGS... -> prints "seconds maxrss_kib" of one run
one() {
  /usr/bin/time -o "$W/time" -f '%e %M' "$@" >/dev/null 2>"$W/err" || { echo "run.sh: failed: $* ($(cat "$W/err"))" >&2; exit 1; }
  tail -1 "$W/time"
}

row() { # name, args (with SRC and DST placeholders)
  local name=$1; shift
  local q=() v=() qm=0 vm=0
  for i in $(seq "$RUNS"); do
    rm -f "$W/dst"; sync
    read -r s m < <(one qemu-img convert "$@" "$W/dst"); q+=("$s"); qm=$(( m > qm ? m : qm ))
    rm -f "$W/dst"; sync
    read -r s m < <(one "$VIREO" convert "$@" "$W/dst"); v+=("$s"); vm=$(( m > vm ? m : vm ))
  done
  local qmed vmed
  qmed=$(printf '%s\n' "${q[@]}" | median)
  vmed=$(printf '%s\n' "${v[@]}" | median)
  printf '%-28s %10.2f %10.2f %8.2f %12d %12d\n' "$name" "$qmed" "$vmed" "$(awk -v a="$qmed" -v b="$vmed" 'BEGIN { print (b > 0 ? a / b : 0) }')" $((qm / 1024)) $((vm / 1024))
}

printf '%-28s %10s %10s %8s %12s %12s\n' "row (2 GiB, half holes)" "qemu-img s" "vireo s" "ratio" "qemu MiB" "vireo MiB"
row "convert raw->qcow2"       -O qcow2 "$W/src.raw"
row "convert qcow2->raw"       -O raw "$W/src.qcow2"
row "convert raw->qcow2 -c"    -c -O qcow2 "$W/src.raw"
row "convert raw->qcow2 -c zstd" -c -O qcow2 -o compression_type=zstd "$W/src.raw"
row "convert 4-deep chain->raw" -O raw "$W/chain3.qcow2"
qemu-img convert -O vmdk "$W/src.qcow2" "$W/src.vmdk"
row "convert qcow2->vmdk"      -O vmdk "$W/src.qcow2"
row "convert vmdk->qcow2"      -O qcow2 "$W/src.vmdk"

# commit: a 2 GiB base under an overlay that rewrote 256 scattered MiB; each run commits fresh copies
qemu-img create -q -f qcow2 "$W/cbase.qcow2" 2G
qemu-img create -q -f qcow2 -b cbase.qcow2 -F qcow2 "$W/covl.qcow2"
cmds=()
for k in $(seq 0 255); do cmds+=(-c "write -P $((k % 200 + 1)) $(( (k * 37) % 2048 ))M 1M"); done
qemu-io "${cmds[@]}" "$W/covl.qcow2" >/dev/null
commitrow() { # name, extra args
  local name=$1; shift
  local q=() v=() qm=0 vm=0
  for i in $(seq "$RUNS"); do
    for tool in qemu-img "$VIREO"; do
      rm -rf "$W/c"; mkdir "$W/c"
      cp --sparse=always "$W/cbase.qcow2" "$W/covl.qcow2" "$W/c/"; sync
      read -r s m < <(one "$tool" commit "$@" "$W/c/covl.qcow2")
      if [ "$tool" = qemu-img ]; then q+=("$s"); qm=$(( m > qm ? m : qm )); else v+=("$s"); vm=$(( m > vm ? m : vm )); fi
    done
  done
  local qmed vmed
  qmed=$(printf '%s\n' "${q[@]}" | median)
  vmed=$(printf '%s\n' "${v[@]}" | median)
  printf '%-28s %10.2f %10.2f %8.2f %12d %12d\n' "$name" "$qmed" "$vmed" "$(awk -v a="$qmed" -v b="$vmed" 'BEGIN { print (b > 0 ? a / b : 0) }')" $((qm / 1024)) $((vm / 1024))
}
commitrow "commit 256 MiB into base"
commitrow "commit -d 256 MiB"          -d
rm -rf "$W/c" "$W/cbase.qcow2" "$W/covl.qcow2" "$W/src.vmdk"

# memory: a 20 GiB sparse image (256 scattered MiB of data); peak RSS of one convert each way
python3 - "$W/big.raw" <<'PY'
import os, random, sys
random.seed(20)
mib = 1 << 20
with open(sys.argv[1], "wb") as f:
    f.truncate(20 << 30)
    for s in sorted(random.sample(range(20 << 10), 256)):
        f.seek(s * mib)
        f.write(os.urandom(mib))
PY
echo
printf '%-28s %10s %10s %8s %12s %12s\n' "row (20 GiB sparse)" "qemu-img s" "vireo s" "ratio" "qemu MiB" "vireo MiB"
RUNS=1 row "convert raw->qcow2"        -O qcow2 "$W/big.raw"
qemu-img convert -O qcow2 "$W/big.raw" "$W/big.qcow2"; rm -f "$W/big.raw"
RUNS=1 row "convert qcow2->raw"        -O raw "$W/big.qcow2"
RUNS=1 row "convert qcow2->qcow2 -c"   -c -O qcow2 "$W/big.qcow2"
rm -f "$W/big.qcow2" "$W/dst"

# latency of short commands: median wall time of 21 runs, in milliseconds
lat() { # name, args...
  local name=$1; shift
  local q=() v=()
  for i in $(seq 21); do
    s=$(date +%s%N); qemu-img "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); q+=($(( (e - s) / 1000 )))
    s=$(date +%s%N); "$VIREO" "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); v+=($(( (e - s) / 1000 )))
    rm -f "$W/lat.qcow2"
  done
  local qmed vmed
  qmed=$(printf '%s\n' "${q[@]}" | median)
  vmed=$(printf '%s\n' "${v[@]}" | median)
  printf '%-28s %8.1f ms %8.1f ms %8.2f\n' "$name" "$(awk -v a="$qmed" 'BEGIN{print a/1000}')" "$(awk -v a="$vmed" 'BEGIN{print a/1000}')" "$(awk -v a="$qmed" -v b="$vmed" 'BEGIN { print (b > 0 ? a / b : 0) }')"
}
echo
printf '%-28s %11s %11s %8s\n' "latency (median of 21)" "qemu-img" "vireo-img" "ratio"
lat "create qcow2 20G" create -q -f qcow2 "$W/lat.qcow2" 20G
lat "info --output=json" info --output=json "$W/src.qcow2"
lat "check (2 GiB, 1 GiB data)" check "$W/src.qcow2"
echo
echo "(ratio = qemu-img median / vireo-img median; >1: vireo-img faster; $RUNS runs per tool; $(nproc) cores)"
echo "(load average during the run: $(cut -d' ' -f1-3 /proc/loadavg))"
