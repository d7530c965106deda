# Two "hosts" on this machine for migration experiments and the benchmark (sourced by run.sh):
# network namespaces vmigA (10.77.8.1) and vmigB (10.77.8.2) joined by a veth pair, each running its own daemon
# with its own root. Images: $MIG/shared is the same directory on both sides (bind-mounted at $MIG/images in each
# host's mount namespace; the kernel here has no nfsd, so no NFS); $MIG/local is per host (A's and B's own
# directory bind-mounted at the same path), for --copy-storage-all.
set -euo pipefail
MIG=${MIG:-/tmp/vireo-mig}
NSA=vmigA NSB=vmigB ADDR_A=10.77.8.1 ADDR_B=10.77.8.2

hosts_up() {
  mkdir -p "$MIG"/{shared,images,local,A/local,B/local,A/root,B/root}
  ip netns add $NSA; ip netns add $NSB
  ip link add vmigA0 type veth peer name vmigB0
  ip link set vmigA0 netns $NSA; ip link set vmigB0 netns $NSB
  ip -n $NSA addr add $ADDR_A/24 dev vmigA0; ip -n $NSB addr add $ADDR_B/24 dev vmigB0
  for ns in $NSA $NSB; do ip -n $ns link set lo up; done
  ip -n $NSA link set vmigA0 up; ip -n $NSB link set vmigB0 up
}

# in_host A|B CMD...: runs CMD in that host's network namespace with its private mounts (images, local).
in_host() {
  local h=$1; shift
  local ns=$NSA; [ "$h" = B ] && ns=$NSB
  ip netns exec $ns unshare -m --propagation private sh -c \
    'mount --bind "$0/shared" "$0/images" && mount --bind "$0/$1/local" "$0/local" && shift && exec "$@"' "$MIG" "$h" "$@"
}

hosts_down() {
  for ns in $NSA $NSB; do
    for p in $(ip netns pids $ns 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del $ns 2>/dev/null || true
  done
}
