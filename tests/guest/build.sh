#!/usr/bin/env bash
# Builds the Vireo test guest: a Debian cloud kernel plus a busybox initramfs whose /init
#   - mounts proc/sys/dev and loads the virtio (and ata/scsi, evdev, ACPI button) modules,
#   - lists the disks and NICs it sees (VIREO-DISK / VIREO-NIC lines),
#   - prints VIREO-GUEST-READY on the serial console (ttyS0),
#   - prints "VIREO-COUNTER n" every second (so pause/save/migration can prove state survived),
#   - reports changes while running from a background watcher: "VIREO-DISK name sectors" when a disk appears,
#     "VIREO-DISK-GONE name" when one goes, "VIREO-CPUS n" when the online CPU count changes (hot-added CPUs are
#     brought online through /sys), "VIREO-MEM kB" when MemTotal changes (balloon),
#   - runs the real qemu-guest-agent (Debian's package, with the libraries ldd names) on the
#     org.qemu.guest_agent.0 virtio port when there is one; its guest-shutdown calls /sbin/shutdown here,
#   - powers off cleanly on the ACPI power button.
#   - with vireo.dirty=MB on the kernel command line, rewrites MB of memory in a loop (migration tests),
#   - runs busybox udhcpc on every NIC in the background ("VIREO-IP eth0 A.B.C.D" once it has a lease; the DHCP
#     hostname is vireo.hostname= from the kernel command line) and listens on TCP 5555 with a shell per
#     connection (busybox nc -ll -e /bin/sh), so network tests can run ping/nc inside the guest,
# It also writes disk.img: a raw disk (FAT, syslinux boot sector, the same kernel and initramfs) that boots from
# a virtio or IDE disk, for boot-order and disk-bus tests (syslinux + mtools + dosfstools, no mount needed).
# Only Debian packages are used (apt-get download + dpkg-deb -x); no other downloads.
#
# Output: the disk image's path ("disk-image PATH"), then the build directory (containing vmlinuz, initrd.img and
# disk.img) on the last line of stdout.
# Cache: ${VIREO_GUEST_CACHE:-~/.cache/vireo-guest}/<key>, key = kernel and busybox package versions plus the
# hash of this script, so a changed /init or a new package version rebuilds and nothing else does.
set -euo pipefail

CACHE="${VIREO_GUEST_CACHE:-$HOME/.cache/vireo-guest}"
SELF="$(readlink -f "$0")"
mkdir -p "$CACHE"

log() { echo "build.sh: $*" >&2; }

# Modules the guest loads (dependencies are resolved from the .ko files at build time).
WANTED="virtio_pci virtio_blk virtio_net virtio_console virtio_balloon virtio_scsi virtio_rng sd_mod sr_mod ata_piix ahci evdev button"

candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }'; }

meta_ver="$(candidate linux-image-cloud-amd64 || true)"
kpkg="$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }' || true)"
bb_ver="$(candidate busybox-static || true)"
ga_ver="$(candidate qemu-guest-agent || true)"
script_hash="$(sha256sum "$SELF" | cut -c1-12)"

if [[ -z "$kpkg" || -z "$meta_ver" || "$meta_ver" == "(none)" || -z "$bb_ver" || "$bb_ver" == "(none)" ]]; then
    # No package lists (offline, or apt-get update never ran): reuse the newest complete build, if any.
    last="$(ls -1td "$CACHE"/*/ 2>/dev/null | while read -r d; do [[ -f "$d/initrd.img" && -f "$d/vmlinuz" ]] && echo "${d%/}" && break; done || true)"
    if [[ -n "$last" ]]; then
        log "no apt package lists; reusing $last"
        echo "$last"
        exit 0
    fi
    log "cannot resolve linux-image-cloud-amd64/busybox-static versions: run 'apt-get update' first"
    exit 1
fi

key="$(echo "${kpkg}_${meta_ver}_busybox_${bb_ver}_ga_${ga_ver}_${script_hash}" | tr ':~+' '___')"
out="$CACHE/$key"
done_out() { [[ -f "$1/disk.img" ]] && echo "disk-image $1/disk.img"; echo "$1"; }
if [[ -f "$out/initrd.img" && -f "$out/vmlinuz" ]]; then
    done_out "$out"
    exit 0
fi

# One builder at a time per cache (tests may call this concurrently).
exec 9>"$CACHE/.lock"
flock 9
if [[ -f "$out/initrd.img" && -f "$out/vmlinuz" ]]; then
    done_out "$out"
    exit 0
fi

work="$(mktemp -d "$CACHE/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "building $key in $work"

debs="$CACHE/debs"
mkdir -p "$debs"
(cd "$debs" && apt-get download "$kpkg" busybox-static qemu-guest-agent >&2)
ext="$work/extract"
mkdir -p "$ext"
kdeb="$(ls -1t "$debs"/"${kpkg}"_*.deb | head -1)"
bdeb="$(ls -1t "$debs"/busybox-static_*.deb | head -1)"
dpkg-deb -x "$kdeb" "$ext"
dpkg-deb -x "$bdeb" "$ext"
gdeb="$(ls -1t "$debs"/qemu-guest-agent_*.deb | head -1)"
dpkg-deb -x "$gdeb" "$ext"

kver="${kpkg#linux-image-}"
moddir="$ext/lib/modules/$kver"
bb="$ext/bin/busybox"
[[ -x "$bb" ]] || { log "busybox-static did not contain /bin/busybox"; exit 1; }

root="$work/root"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc,lib/modules,mnt}
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"

# The guest agent and the shared libraries it links (resolved on the build host, which has them from Debian).
mkdir -p "$root/usr/bin" "$root/var/run" "$root/var/lib" "$root/lib64"
cp "$ext/usr/sbin/qemu-ga" "$root/usr/bin/qemu-ga"
ldd "$ext/usr/sbin/qemu-ga" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/lib64\// { print $1 }' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done
# qemu-ga's guest-shutdown runs "/sbin/shutdown -P|-H|-r +0 message".
cat > "$root/sbin/shutdown" <<'EOF'
#!/bin/sh
echo "VIREO-AGENT-SHUTDOWN $1" > /dev/console
sync
case "$1" in -r) reboot -f ;; *) poweroff -f ;; esac
EOF
chmod +x "$root/sbin/shutdown"

# udhcpc's event script: configures the NIC from the lease and reports it on the console ("VIREO-IP eth0 A.B.C.D").
mkdir -p "$root/usr/share/udhcpc"
cat > "$root/usr/share/udhcpc/default.script" <<'EOF'
#!/bin/sh
case "$1" in
  deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface"
    echo "VIREO-IP $interface $ip" > /dev/console
    ;;
esac
exit 0
EOF
chmod +x "$root/usr/share/udhcpc/default.script"

# Index every module by its name (file names may use '-' where module names use '_').
declare -A kofile
while IFS= read -r f; do
    n="$(basename "$f" .ko)"
    kofile["${n//-/_}"]="$f"
done < <(find "$moddir/kernel" -name '*.ko')

declare -A seen
order=()
add_module() {
    local m="${1//-/_}"
    [[ -n "${seen[$m]:-}" ]] && return 0
    seen[$m]=1
    local f="${kofile[$m]:-}"
    if [[ -z "$f" ]]; then
        if grep -q "/${m}.ko$" "$moddir/modules.builtin" 2>/dev/null || grep -q "/${m//_/-}.ko$" "$moddir/modules.builtin" 2>/dev/null; then
            log "module $m is built in"
        else
            log "module $m not found (skipped)"
        fi
        return 0
    fi
    local deps
    deps="$(grep -a -o 'depends=[^[:cntrl:]]*' "$f" | head -1 | cut -d= -f2)"
    local d
    for d in ${deps//,/ }; do add_module "$d"; done
    cp "$f" "$root/lib/modules/$m.ko"
    order+=("$m")
}
for m in $WANTED; do add_module "$m"; done
printf '%s\n' "${order[@]}" > "$root/etc/modules"
log "modules: ${order[*]}"

cat > "$root/init" <<'EOF'
#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
echo 1 > /proc/sys/kernel/printk
for m in $(cat /etc/modules); do insmod /lib/modules/$m.ko 2>/dev/null; done

disks() { for d in /sys/block/*; do n=${d##*/}; case $n in loop*|ram*|zram*) ;; *) echo -n "$n "; esac; done; }

# Devices appear asynchronously after the drivers load; give the probes a moment (bounded).
i=0
while [ $i -lt 20 ]; do [ -n "$(disks)" ] && break; i=$((i+1)); usleep 50000; done
for n in $(disks); do echo "VIREO-DISK $n $(cat /sys/block/$n/size) sectors"; done
for d in /sys/class/net/*; do
    n=${d##*/}
    [ "$n" = lo ] && continue
    echo "VIREO-NIC $n $(cat $d/address)"
done

# ACPI power button: the "button" driver exposes it as an input device; any event on it means "shut down".
# The device is opened here, before the ready marker, so a press that comes before the watcher runs is buffered
# by evdev instead of lost.
for e in /sys/class/input/event*; do
    if [ "$(cat $e/device/name 2>/dev/null)" = "Power Button" ]; then
        exec 3</dev/input/${e##*/}
        ( dd of=/dev/null bs=24 count=1 <&3 2>/dev/null
          echo "VIREO-POWER-BUTTON"
          sync
          poweroff -f ) &
        echo "VIREO-ACPI ${e##*/}"
        break
    fi
done

# The guest agent, when the host gave us its virtio port (no udev: find the port by name under /sys).
agent() {
    for p in /sys/class/virtio-ports/*; do
        [ "$(cat $p/name 2>/dev/null)" = org.qemu.guest_agent.0 ] || continue
        mkdir -p /dev/virtio-ports
        [ -e /dev/virtio-ports/org.qemu.guest_agent.0 ] || mknod /dev/virtio-ports/org.qemu.guest_agent.0 c $(cat $p/dev | tr ':' ' ')
        /usr/bin/qemu-ga -m virtio-serial -p /dev/virtio-ports/org.qemu.guest_agent.0 -f /tmp/qemu-ga.pid -t /tmp -d && echo "VIREO-AGENT started"
        return 0
    done
    return 1
}
i=0
while [ $i -lt 10 ]; do agent && break; [ -d /sys/class/virtio-ports ] || break; i=$((i+1)); usleep 50000; done

# Changes while running: disks, online CPUs (hot-added ones are brought online), memory (balloon).
cpus() { n=0; for c in /sys/devices/system/cpu/cpu[0-9]*; do [ "$(cat $c/online 2>/dev/null || echo 1)" = 1 ] && n=$((n+1)); done; echo $n; }
memkb() { awk '/^MemTotal:/ { print $2 }' /proc/meminfo; }
watch() {
    last_disks="$(disks)"; last_cpus="$(cpus)"; last_mem="$(memkb)"
    echo "VIREO-CPUS $last_cpus"
    echo "VIREO-MEM $last_mem"
    while true; do
        for c in /sys/devices/system/cpu/cpu[0-9]*; do
            [ "$(cat $c/online 2>/dev/null)" = 0 ] && echo 1 > $c/online 2>/dev/null
        done
        now="$(disks)"
        if [ "$now" != "$last_disks" ]; then
            for n in $now; do case " $last_disks " in *" $n "*) ;; *) echo "VIREO-DISK $n $(cat /sys/block/$n/size) sectors" ;; esac; done
            for n in $last_disks; do case " $now " in *" $n "*) ;; *) echo "VIREO-DISK-GONE $n" ;; esac; done
            echo "VIREO-DISKS $now"
            last_disks="$now"
        fi
        now="$(cpus)"; [ "$now" != "$last_cpus" ] && { echo "VIREO-CPUS $now"; last_cpus="$now"; }
        now="$(memkb)"; [ "$now" != "$last_mem" ] && { echo "VIREO-MEM $now"; last_mem="$now"; }
        usleep 200000
    done
}
watch &

# Networking: DHCP on every NIC in the background (busybox udhcpc, retrying: a port of an STP bridge forwards
# only after a few seconds), and a command port (TCP 5555, one shell per connection) so network tests can run
# ping/nc inside the guest. hostname from vireo.hostname= on the kernel command line (sent as DHCP option 12).
ip link set lo up
h=
for a in $(cat /proc/cmdline); do case $a in vireo.hostname=*) h="${a#*=}"; hostname "$h" ;; esac; done
for d in /sys/class/net/*; do
    n=${d##*/}
    [ "$n" = lo ] && continue
    ip link set "$n" up
    ( udhcpc -f -s /usr/share/udhcpc/default.script -i "$n" -t 10 -T 1 -A 1 ${h:+-x hostname:$h} >/dev/null 2>&1 ) &
done
( nc -ll -p 5555 -e /bin/sh >/dev/null 2>&1 ) &
# vireo.dirty=MB: rewrite MB of non-zero memory (a tmpfs file) in a loop, so a live migration has to keep
# re-sending it (migration convergence and post-copy tests).
for a in $(cat /proc/cmdline); do case $a in vireo.dirty=*)
    mb="${a#*=}"; mkdir -p /dirty; mount -t tmpfs -o size=$((2*mb+1))m tmpfs /dirty
    yes vireo | head -c $((mb*1048576)) > /dirty/pattern
    ( while true; do dd if=/dirty/pattern of=/dirty/target bs=64k conv=notrunc 2>/dev/null; done ) &
    echo "VIREO-DIRTY $mb MiB" ;;
esac; done

echo "VIREO-GUEST-READY"
n=0
while true; do
    echo "VIREO-COUNTER $n"
    n=$((n+1))
    sleep 1
done
EOF
chmod +x "$root/init"

# The initramfs is a newc cpio, written with busybox's own cpio (no host cpio needed).
(cd "$root" && find . | sed 's|^\./||' | grep -v '^\.$' | "$bb" cpio -o -H newc 2>/dev/null) | gzip -9 > "$work/initrd.img"
cp "$ext/boot/vmlinuz-$kver" "$work/vmlinuz"
printf 'kernel_package=%s\nkernel_version=%s\nbusybox=%s\nmodules=%s\n' "$kpkg" "$meta_ver" "$bb_ver" "${order[*]}" > "$work/versions"

# The disk-image variant: an unpartitioned FAT disk whose boot sector is syslinux's (BIOS boots it like a
# superfloppy), holding the same kernel and initramfs. Written with mtools, so no mount and no root needed.
size_kb=$(( ( $(stat -c %s "$work/vmlinuz") + $(stat -c %s "$work/initrd.img") ) / 1024 + 8192 ))
mkfs.fat -C -n VIREO "$work/disk.img" "$size_kb" >&2
printf 'DEFAULT vireo\nPROMPT 0\nTIMEOUT 0\nLABEL vireo\n  KERNEL vmlinuz\n  APPEND initrd=initrd.img console=ttyS0\n' > "$work/syslinux.cfg"
mcopy -i "$work/disk.img" "$work/vmlinuz" "$work/initrd.img" "$work/syslinux.cfg" ::/
syslinux --install "$work/disk.img"

mkdir -p "$out.tmp"
mv "$work/vmlinuz" "$work/initrd.img" "$work/disk.img" "$work/versions" "$out.tmp/"
rm -rf "$out"
mv "$out.tmp" "$out"
log "done: $out"
done_out "$out"
