#!/usr/bin/env bash
# Side-by-side convert benchmark: vireo-img vs qemu-img 7.2 on the same generated image.
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
