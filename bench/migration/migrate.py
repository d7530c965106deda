#!/usr/bin/python3
"""One timed client-managed live migration for bench/migration/run.sh, through python-libvirt.

  migrate.py SRC_URI DEST_URI DOMAIN BANDWIDTH_MIB [MIGRATE_URI]

Both connections are open before the clock starts, as bare.py's QMP connections are: the figure is the daemons'
work (Begin, Prepare, Perform, Finish, Confirm: what `virsh migrate --live --persistent` calls), not a client
process starting up. Prints: T0_UNIX_S TOTAL_S
"""
import sys
import time

import libvirt

src_uri, dest_uri, name, bandwidth = sys.argv[1:5]
src, dest = libvirt.open(src_uri), libvirt.open(dest_uri)
dom = src.lookupByName(name)
params = {libvirt.VIR_MIGRATE_PARAM_BANDWIDTH: int(bandwidth)}
if len(sys.argv) > 5:
    params[libvirt.VIR_MIGRATE_PARAM_URI] = sys.argv[5]
flags = libvirt.VIR_MIGRATE_LIVE | libvirt.VIR_MIGRATE_PERSIST_DEST
t0_unix, t0 = time.time(), time.monotonic()
dom.migrate3(dest, params, flags)
total = time.monotonic() - t0
print(f"{t0_unix:.6f} {total:.3f}")
