#!/bin/sh
# Regenerates the golden files from libvirt 9.0's own test driver (needs virsh from libvirt-clients 9.0).
# Run from this directory: ./regenerate.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
node="$here/testnode.xml"
v() { virsh -q -c "$1" "$2" | sed '${/^$/d}'; }
v test:///default 'dumpxml test' > default-domain.xml
v test:///default 'dumpxml test --inactive' > default-domain-inactive.xml
v test:///default 'capabilities' > default-capabilities.xml
v test:///default 'net-dumpxml default' > default-network.xml
v test:///default 'pool-dumpxml default-pool' > default-pool.xml
v test:///default 'sysinfo' > default-sysinfo.xml
v "test://$node" 'dumpxml test' > node-domain.xml
v "test://$node" 'capabilities' > node-capabilities.xml
v "test://$node" 'pool-dumpxml default-pool' > node-pool.xml
v "test://$node" 'vol-dumpxml vol1.qcow2 --pool default-pool' > node-volume.xml
# A save image written by libvirt itself, to prove ours reads the same format.
rm -f libvirt-saved.img
virsh -q -c test:///default "save test $here/libvirt-saved.img" > /dev/null
