# The real libvirtd on each bench host (sourced by run.sh after hosts.sh), kept away from the host's own libvirt
# the way tests/Vireo.Integration.Tests/Fixtures/LibvirtdFixture.cs does it: run as nobody (session mode, so no
# /run/libvirt, no cgroups, no firewall), every directory (config, sockets, runtime, cache) under $MIG/lv/H, and
# LIBVIRT_DRIVER_DIR holding only the QEMU driver. It listens on TCP (auth none) at the host's namespace address, so
#   virsh -c "qemu+unix:///session?socket=$MIG/lv/A/sock/libvirt-sock" migrate --live GUEST qemu+tcp://ADDR_B:16510/session
# moves a guest between the two namespaces exactly as vireod's row does.
# (TCP port 16510, so the vireods of the same run may keep 16509.)

# libvirtd_up A|B: starts that host's libvirtd; its session socket is $MIG/lv/H/sock/libvirt-sock.
libvirtd_up() {
  local h=$1 addr=$ADDR_A d=$MIG/lv/$1
  [ "$h" = B ] && addr=$ADDR_B
  mkdir -p "$d"/{home,run,config/libvirt,cache,sock,drivers}
  ln -sf /usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so "$d/drivers/"
  cat > "$d/libvirtd.conf" <<EOF
unix_sock_dir = "$d/sock"
unix_sock_rw_perms = "0777"
auth_unix_rw = "none"
listen_tls = 0
listen_tcp = 1
listen_addr = "$addr"
tcp_port = "16510"
auth_tcp = "none"
log_outputs = "3:file:$d/libvirtd.log"
EOF
  # stdio_handler file: no virtlogd to spawn; migration ports as libvirt's defaults
  cat > "$d/config/libvirt/qemu.conf" <<EOF
stdio_handler = "file"
EOF
  chown -R nobody:nogroup "$d"
  in_host "$h" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$d/home" XDG_RUNTIME_DIR="$d/run" \
    XDG_CONFIG_HOME="$d/config" XDG_CACHE_HOME="$d/cache" LIBVIRT_DRIVER_DIR="$d/drivers" LC_ALL=C \
    setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/sbin/libvirtd --listen -f "$d/libvirtd.conf" -p "$d/libvirtd.pid" \
    > "$MIG/lv-$h.out" 2>&1 &
  for _ in $(seq 1 600); do [ -S "$d/sock/libvirt-sock" ] && return 0; sleep 0.1; done
  echo "libvirtd on host $h did not start:" >&2; cat "$MIG/lv-$h.out" "$d/libvirtd.log" >&2 2>/dev/null; return 1
}

libvirtd_uri() { echo "qemu+unix:///session?socket=$MIG/lv/$1/sock/libvirt-sock"; }
