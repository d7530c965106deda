#!/usr/bin/env bash
# Builds the Vireo test installer, for end-to-end vireo-install tests (--location of an ISO, --pxe):
#   - installer/initrd.img: the test guest's initramfs (tests/guest/build.sh: busybox, virtio modules) with another
#     /init, a busybox "installer" that
#       * reads a Kickstart-style file named by ks= on the kernel command line: ks=file:/PATH (put into the initrd
#         by vireo-install --initrd-inject) or ks=tftp://SERVER/PATH (fetched after DHCP on eth0, for PXE installs),
#       * honours its "ignoredisk --only-use=DISK", "network --hostname=NAME", "bootloader --append=ARGS" and
#         "reboot"/"poweroff" lines (anything else is logged and ignored),
#       * partitions the disk (busybox fdisk: one bootable primary partition), makes an ext2 filesystem
#         (busybox mke2fs), copies the installed system onto it (the same kernel, and a tiny busybox initramfs
#         packed at install time with /etc/hostname from the Kickstart file), installs extlinux (Debian's
#         binary and the libc it links) and syslinux's MBR, then reboots or powers off as the file says,
#     printing VIREO-INSTALLER lines on the serial console (ttyS0) as it goes;
#   - the installed system's /init prints "VIREO-INSTALLED-SYSTEM hostname=NAME cmdline=..." then
#     "VIREO-INSTALLED-COUNTER n" every second;
#   - installer.iso: an El Torito bootable ISO (isolinux, xorriso) holding isolinux/vmlinuz + isolinux/initrd.img
#     (where vireo-install --location looks); booted by isolinux without ks= (--cdrom), the installer stops with
#     a FAILED line, so only --location (with --initrd-inject) or PXE installs;
#   - tftp/: pxelinux.0, ldlinux.c32, vmlinuz and initrd.img, for a network's <tftp root> (the test writes
#     pxelinux.cfg/default and ks.cfg, which name its network's address); this initrd.img carries no copy of the
#     kernel: the installer fetches vmlinuz from beside the Kickstart file over TFTP.
# Only Debian packages: the guest's (via build.sh), isolinux, pxelinux, extlinux, syslinux-common, xorriso.
#
# Output: the build directory on the last line of stdout.
# Cache: ${VIREO_GUEST_CACHE:-~/.cache/vireo-guest}/installer-<key>, key = the guest build's directory name,
# the syslinux version and the hash of this script.
set -euo pipefail

CACHE="${VIREO_GUEST_CACHE:-$HOME/.cache/vireo-guest}"
SELF="$(readlink -f "$0")"
HERE="$(dirname "$SELF")"
log() { echo "build-installer.sh: $*" >&2; }

guest="$(bash "$HERE/build.sh" | tail -1)"
[[ -f "$guest/vmlinuz" && -f "$guest/initrd.img" ]] || { log "tests/guest/build.sh gave no guest ($guest)"; exit 1; }
for f in /usr/lib/ISOLINUX/isolinux.bin /usr/lib/ISOLINUX/isohdpfx.bin /usr/lib/PXELINUX/pxelinux.0 \
         /usr/lib/syslinux/modules/bios/ldlinux.c32 /usr/lib/syslinux/mbr/mbr.bin /usr/bin/extlinux /usr/bin/xorriso; do
    [[ -e "$f" ]] || { log "$f missing: install isolinux pxelinux extlinux syslinux-common xorriso (scripts/setup)"; exit 1; }
done
syslinux_ver="$(dpkg-query -W -f='${Version}' extlinux 2>/dev/null || echo unknown)"
key="$(echo "$(basename "$guest")_${syslinux_ver}_$(sha256sum "$SELF" | cut -c1-12)" | tr ':~+' '___' | sha256sum | cut -c1-16)"
out="$CACHE/installer-$key"
if [[ -f "$out/installer.iso" ]]; then
    echo "$out"
    exit 0
fi

exec 9>"$CACHE/.installer.lock"
flock 9
if [[ -f "$out/installer.iso" ]]; then
    echo "$out"
    exit 0
fi

work="$(mktemp -d "$CACHE/.installer.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "building $out"
bb=/bin/busybox
[[ -x "$bb" ]] || bb="$(command -v busybox)"

# The installer's root: the guest's initramfs (busybox, modules in /lib/modules, their order in /etc/modules).
root="$work/root"
mkdir -p "$root"
(cd "$root" && gzip -dc "$guest/initrd.img" | "$bb" cpio -i -d 2>/dev/null)
# ... without the guest agent and the libraries only it needs
rm -rf "$root/usr/bin/qemu-ga" "$root/sbin/shutdown" "$root/lib/x86_64-linux-gnu" "$root/lib64"

# extlinux and the libraries it links (from the build host, which has them from Debian).
cp /usr/bin/extlinux "$root/bin/extlinux"
ldd /usr/bin/extlinux | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/lib64\// { print $1 }' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done
mkdir -p "$root/usr/lib/syslinux"
cp /usr/lib/syslinux/mbr/mbr.bin "$root/usr/lib/syslinux/mbr.bin"

# The system the installer puts on the disk: the kernel, and a root packed into an initramfs at install time.
sys="$root/payload/root"
mkdir -p "$sys"/{bin,dev,proc,sys,etc}
cp "$root/bin/busybox" "$sys/bin/busybox"
ln -s busybox "$sys/bin/sh"
cp "$guest/vmlinuz" "$root/payload/vmlinuz"
cat > "$sys/init" <<'EOF'
#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
echo 1 > /proc/sys/kernel/printk
hostname "$(cat /etc/hostname)"
echo "VIREO-INSTALLED-SYSTEM hostname=$(hostname) cmdline=$(cat /proc/cmdline)"
n=0
while true; do
    echo "VIREO-INSTALLED-COUNTER $n"
    n=$((n+1))
    sleep 1
done
EOF
chmod +x "$sys/init"

cat > "$root/usr/share/udhcpc/default.script" <<'EOF'
#!/bin/sh
case "$1" in
  deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    echo "$serverid" > /tmp/dhcp-server
    ;;
esac
exit 0
EOF
chmod +x "$root/usr/share/udhcpc/default.script"

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
say() { echo "VIREO-INSTALLER $*"; }
fail() { say "FAILED: $*"; sync; sleep 2; poweroff -f; }
say "started"

# The Kickstart file: ks=file:/PATH (in this initramfs) or ks=tftp://SERVER/PATH (after DHCP).
ks=; server=; path=
for a in $(cat /proc/cmdline); do case $a in ks=*) ks="${a#ks=}" ;; esac; done
case "$ks" in
  file:*) cp "${ks#file:}" /tmp/ks.cfg || fail "no kickstart file ${ks#file:}" ;;
  tftp://*)
    rest="${ks#tftp://}"; server="${rest%%/*}"; path="${rest#*/}"
    ip link set lo up
    ip link set eth0 up || fail "no eth0 for $ks"
    udhcpc -q -f -n -s /usr/share/udhcpc/default.script -i eth0 -t 20 -T 1 >/dev/null 2>&1 || fail "no DHCP lease on eth0"
    tftp -g -r "$path" -l /tmp/ks.cfg "$server" || fail "cannot fetch $path from $server over TFTP"
    ;;
  "") fail "no ks= on the kernel command line" ;;
  *) fail "unsupported kickstart location $ks" ;;
esac
say "kickstart $ks"

disk=vda; host=localhost; append=; finish=reboot
while read -r cmd args; do
    case "$cmd" in
      ''|'#'*) ;;
      ignoredisk) for o in $args; do case $o in --only-use=*) disk="${o#*=}" ;; esac; done ;;
      network) for o in $args; do case $o in --hostname=*) host="${o#*=}" ;; esac; done ;;
      bootloader) for o in $args; do case $o in --append=*) append="${o#*=}"; append="${append#\"}"; append="${append%\"}" ;; esac; done ;;
      reboot|poweroff|halt|shutdown) finish="$cmd" ;;
      *) say "ignoring kickstart line: $cmd $args" ;;
    esac
done < /tmp/ks.cfg

i=0
while [ ! -e /sys/block/$disk ]; do i=$((i+1)); [ $i -gt 100 ] && fail "no disk $disk"; usleep 100000; done
say "disk $disk $(cat /sys/block/$disk/size) sectors"

# One bootable primary partition over the whole disk, from sector 2048.
dd if=/dev/zero of=/dev/$disk bs=512 count=1 2>/dev/null
printf 'o\nn\np\n1\n2048\n\na\n1\nw\n' | fdisk /dev/$disk >/dev/null 2>&1
i=0
while [ ! -e /dev/${disk}1 ]; do i=$((i+1)); [ $i -gt 50 ] && fail "no partition ${disk}1 after fdisk"; usleep 100000; done
mke2fs -q -L vireo-root /dev/${disk}1 >/dev/null 2>&1 || fail "mke2fs /dev/${disk}1"
mkdir -p /target
mount -t ext4 /dev/${disk}1 /target || fail "mount /dev/${disk}1"
say "partitioned and formatted /dev/${disk}1"

# The system: kernel, and an initramfs whose /etc/hostname comes from the Kickstart file.
mkdir -p /target/boot
if [ -f /payload/vmlinuz ]; then
    cp /payload/vmlinuz /target/boot/vmlinuz
else
    # the PXE installer carries no kernel: it takes the one beside its Kickstart file, as network installs do
    [ -n "$server" ] || fail "no kernel in the installer and no install server"
    kdir=; case "$path" in */*) kdir="${path%/*}/" ;; esac
    tftp -b 1432 -g -r "${kdir}vmlinuz" -l /target/boot/vmlinuz "$server" 2>/dev/null \
        || tftp -g -r "${kdir}vmlinuz" -l /target/boot/vmlinuz "$server" || fail "cannot fetch ${kdir}vmlinuz from $server over TFTP"
fi
echo "$host" > /payload/root/etc/hostname
(cd /payload/root && find . | sed 's|^\./||' | grep -v '^\.$' | cpio -o -H newc 2>/dev/null) | gzip > /target/boot/initrd.img
printf 'DEFAULT installed\nPROMPT 0\nTIMEOUT 0\nLABEL installed\n  KERNEL vmlinuz\n  APPEND initrd=initrd.img console=ttyS0 %s\n' "$append" > /target/boot/extlinux.conf
say "copied the system ($(du -sk /target/boot | cut -f1) KiB)"

extlinux --install /target/boot >/tmp/extlinux.log 2>&1 || { cat /tmp/extlinux.log; fail "extlinux --install"; }
dd if=/usr/lib/syslinux/mbr.bin of=/dev/$disk bs=440 count=1 conv=notrunc 2>/dev/null || fail "writing the MBR"
umount /target
sync
say "done, $finish"
case "$finish" in reboot) reboot -f ;; *) poweroff -f ;; esac
EOF
chmod +x "$root/init"

inst="$work/iso/isolinux"
mkdir -p "$inst"
(cd "$root" && find . | sed 's|^\./||' | grep -v '^\.$' | "$bb" cpio -o -H newc 2>/dev/null) | gzip -6 > "$inst/initrd.img"
cp "$guest/vmlinuz" "$inst/vmlinuz"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$inst/"
# Booted from the CD itself (--cdrom), the installer has no ks= and stops with a clear message.
printf 'DEFAULT install\nPROMPT 0\nTIMEOUT 0\nLABEL install\n  KERNEL vmlinuz\n  APPEND initrd=initrd.img console=ttyS0\n' > "$inst/isolinux.cfg"
xorriso -as mkisofs -quiet -o "$work/installer.iso" -V VIREO_INSTALL -R -J \
    -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
    -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin "$work/iso" >&2

# The PXE installer's initramfs leaves the payload kernel out (it fetches it over TFTP): half the bytes
# pxelinux has to load through the option ROM's slow TFTP.
mkdir -p "$work/tftp"
rm -f "$root/payload/vmlinuz"
(cd "$root" && find . | sed 's|^\./||' | grep -v '^\.$' | "$bb" cpio -o -H newc 2>/dev/null) | gzip -6 > "$work/tftp/initrd.img"
cp /usr/lib/PXELINUX/pxelinux.0 /usr/lib/syslinux/modules/bios/ldlinux.c32 "$inst/vmlinuz" "$work/tftp/"

mkdir -p "$out.tmp"
mv "$work/installer.iso" "$work/tftp" "$out.tmp/"
rm -rf "$out"
mv "$out.tmp" "$out"
log "done: $out"
echo "$out"
