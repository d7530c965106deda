#!/usr/bin/env bash
# Re-capture the byte-exact wire vectors (real virsh <-> real libvirtd, test driver) into
# tests/Vireo.Protocol.Tests/WireVectors/. Arguments go to capture-wire.py (--list, --only NAME,..., --out DIR).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
for f in /usr/sbin/libvirtd /usr/bin/virsh /usr/bin/python3; do
  [ -x "$f" ] || { echo "capture-wire: $f missing: run scripts/setup" >&2; exit 1; }
done
exec /usr/bin/python3 tests/tools/capture-wire.py "$@"
