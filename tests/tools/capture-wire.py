#!/usr/bin/python3
"""Capture byte-exact libvirt RPC conversations between the real virsh and a real libvirtd.

  capture-wire.py [--out DIR] [--only NAME[,NAME...]] [--list]

For every scenario below: a private libvirtd 9.0 (test driver; unprivileged - as root it runs as
'nobody' - with every file in a temp dir, no loadable drivers) is reached through a logging proxy on a
UNIX socket; the real virsh runs the scenario's commands through the proxy; every packet of that one
connection is written, in full, to DIR/<name>.txt:

  # captured <date> virsh 9.0.0 <-> libvirtd 9.0.0 test driver: <command>
  # C remote 66 AUTH_LIST CALL serial=0 status=OK len=28        (a comment describing the next packet)
  C 0000001c20008086...                                          (client -> server, whole packet incl. length word)
  S ...                                                          (server -> client)

Packets are recorded before they are forwarded, so a reply never precedes its call in the file.
Runs on Debian 12 with libvirt-daemon, libvirt-clients and util-linux (setpriv) installed; uses
/usr/bin/python3 and nothing outside the standard library. Loopback/UNIX only.
"""
import argparse
import datetime
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(HERE, 'wire-fixtures')
DEFAULT_OUT = os.path.join(REPO, 'tests', 'Vireo.Protocol.Tests', 'WireVectors')
LIBVIRTD = '/usr/sbin/libvirtd'
VIRSH = '/usr/bin/virsh'

PROGRAMS = {0x20008086: 'remote', 0x6b656570: 'keepalive', 0x20008087: 'qemu',
            0x00068000: 'lxc', 0x06900690: 'admin'}
TYPES = {0: 'CALL', 1: 'REPLY', 2: 'MESSAGE', 3: 'STREAM', 4: 'CALL_WITH_FDS',
         5: 'REPLY_WITH_FDS', 6: 'STREAM_HOLE'}
STATUS = {0: 'OK', 1: 'ERROR', 2: 'CONTINUE'}

# name, description, virsh arguments (after -c URI), and for event scenarios an action run on a
# second, direct connection once the proxied client has registered for events
SCENARIOS = [
    ('open-close', 'connection open and close only', ['uri'], None),
    ('list-all', 'list --all', ['list --all'], None),
    ('dominfo-test', 'dominfo test', ['dominfo test'], None),
    ('dumpxml-test', 'dumpxml test', ['dumpxml test'], None),
    ('define-undefine', 'define + undefine (fixed UUID)', ['define $FIX/newvm.xml; undefine newvm'], None),
    ('destroy-start', 'destroy + start of the running domain test', ['destroy test; start test'], None),
    ('nodeinfo', 'nodeinfo', ['nodeinfo'], None),
    ('capabilities', 'capabilities', ['capabilities'], None),
    ('version', 'version --daemon', ['version --daemon'], None),
    ('net-list-all', 'net-list --all', ['net-list --all'], None),
    ('error-dominfo-nosuch', 'error reply: dominfo nosuch', ['dominfo nosuch'], None),
    ('readonly-open', 'read-only connection (virsh -r): dominfo test', ['-r', 'dominfo test'], None),
    ('event-lifecycle', 'lifecycle event: event --domain test --event lifecycle; another connection destroys test',
     ['event --domain test --event lifecycle --timeout 20'], ['destroy test']),
    ('keepalive', 'keepalive: idle 3 s in event --timeout 3 (server keepalive_interval = 2): server PING, client PONG',
     ['event --domain test --event lifecycle --timeout 3'], None),
]


def proc_names():
    names = {('keepalive', 1): 'PING', ('keepalive', 2): 'PONG'}
    for path in (os.path.join(REPO, 'docs', 'protocol', 'libvirt-procedures-9.0.tsv'),
                 os.path.join(REPO, '..', 'shared', 'docs', 'libvirt-procedures-9.0.tsv')):
        if os.path.exists(path):
            for line in open(path):
                f = line.rstrip('\n').split('\t')
                if len(f) > 2 and f[0] != 'program' and f[1].isdigit():
                    names[(f[0], int(f[1]))] = f[2].split('_PROC_', 1)[-1]
            break
    return names


NAMES = proc_names()


def describe(direction, pkt):
    ln, prog, vers, proc, typ, serial, status = struct.unpack('>IIIiiIi', pkt[:28])
    pname = PROGRAMS.get(prog, '0x%08x' % prog)
    return '# %s %s %d %s %s serial=%d status=%s len=%d' % (
        direction, pname, proc, NAMES.get((pname, proc), '?'), TYPES.get(typ, typ), serial,
        STATUS.get(status, status), ln)


class Recorder:
    """Packets of one proxied connection, in the order they were complete."""

    def __init__(self):
        self.lock = threading.Lock()
        self.packets = []          # (direction 'C'/'S', bytes)
        self.closed = threading.Event()
        self.changed = threading.Condition(self.lock)

    def add(self, direction, pkt):
        with self.changed:
            self.packets.append((direction, pkt))
            self.changed.notify_all()

    def wait_for(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        with self.changed:
            while not predicate(self.packets):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(left)
        return True


def pump(src, dst, direction, rec, done):
    buf = bytearray()
    try:
        while True:
            data = src.recv(1 << 20)
            if not data:
                break
            buf += data
            # record every complete packet BEFORE forwarding, so a reply cannot be recorded before its call
            while len(buf) >= 4:
                ln = struct.unpack('>I', buf[:4])[0]
                if ln < 28 or ln > (32 << 20) + 4:
                    raise RuntimeError('%s: not an RPC stream (length word %d)' % (direction, ln))
                if len(buf) < ln:
                    break
                rec.add(direction, bytes(buf[:ln]))
                del buf[:ln]
            dst.sendall(data)
    except OSError:
        pass
    finally:
        if buf:
            rec.add(direction + '?', bytes(buf))   # trailing partial packet (should not happen)
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        done.set()


class Proxy:
    """UNIX-socket proxy in front of libvirtd; records the first connection only (fresh proxy per scenario)."""

    def __init__(self, listen_path, target_path):
        self.listen_path = listen_path
        self.target_path = target_path
        self.rec = Recorder()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(listen_path)
        self.sock.listen(4)
        self.done = [threading.Event(), threading.Event()]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            client, _ = self.sock.accept()
        except OSError:
            return
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.connect(self.target_path)
        threading.Thread(target=pump, args=(client, upstream, 'C', self.rec, self.done[0]), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client, 'S', self.rec, self.done[1]), daemon=True).start()

    def wait_closed(self, timeout):
        deadline = time.monotonic() + timeout
        for d in self.done:
            if not d.wait(max(0, deadline - time.monotonic())):
                return False
        return True

    def close(self):
        self.sock.close()
        try:
            os.unlink(self.listen_path)
        except OSError:
            pass


class Libvirtd:
    """Private unprivileged libvirtd serving the test driver (same recipe as LibvirtdFixture)."""

    def __init__(self, base):
        self.base = base
        for d in ('home', 'run', 'config', 'cache', 'sock', 'drivers'):
            os.makedirs(os.path.join(base, d), exist_ok=True)
        self.socket = os.path.join(base, 'sock', 'libvirt-sock')
        self.log = os.path.join(base, 'libvirtd.log')
        conf = os.path.join(base, 'libvirtd.conf')
        with open(conf, 'w') as f:
            f.write('unix_sock_dir = "%s/sock"\nunix_sock_rw_perms = "0777"\nunix_sock_ro_perms = "0777"\n'
                    'auth_unix_rw = "none"\nauth_unix_ro = "none"\nlog_outputs = "3:file:%s"\n'
                    'keepalive_interval = 2\nkeepalive_count = 5\n' % (base, self.log))
        argv = [LIBVIRTD, '-f', conf, '-p', os.path.join(base, 'libvirtd.pid')]
        if os.geteuid() == 0:
            subprocess.run(['chown', '-R', 'nobody:nogroup', base], check=True)
            argv = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] + argv
        env = {'PATH': '/usr/sbin:/usr/bin:/sbin:/bin', 'HOME': base + '/home', 'XDG_RUNTIME_DIR': base + '/run',
               'XDG_CONFIG_HOME': base + '/config', 'XDG_CACHE_HOME': base + '/cache',
               'LIBVIRT_DRIVER_DIR': base + '/drivers', 'LC_ALL': 'C'}
        self.proc = subprocess.Popen(argv, env=env, cwd=base, stdin=subprocess.DEVNULL,
                                     stdout=open(os.path.join(base, 'stdout'), 'w'), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError('libvirtd exited with %s; see %s' % (self.proc.returncode, self.log))
            if os.path.exists(self.socket):
                try:
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(self.socket)
                    s.close()
                    break
                except OSError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError('libvirtd did not listen on %s within 30 s' % self.socket)
            time.sleep(0.05)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def virsh_env():
    env = dict(os.environ)
    for k in ('LIBVIRT_DEFAULT_URI', 'VIRSH_DEFAULT_CONNECT_URI', 'LIBVIRT_DEBUG', 'LIBVIRT_LOG_OUTPUTS',
              'LIBVIRT_AUTH_FILE', 'LANGUAGE'):
        env.pop(k, None)
    env['LC_ALL'] = 'C'
    env['LANG'] = 'C'
    return env


def version(cmd):
    out = subprocess.run(cmd + ['--version'], capture_output=True, text=True).stdout.strip()
    return out.split()[-1] if out else '?'


def expand(args):
    return [a.replace('$FIX', FIXTURES) for a in args]


def run_scenario(lvd, base, name, description, args, action, out_dir, stamp):
    proxy_path = os.path.join(base, 'proxy-%s.sock' % name)
    proxy = Proxy(proxy_path, lvd.socket)
    uri = 'test+unix:///default?socket=' + proxy_path
    try:
        cmd = [VIRSH, '-c', uri] + expand(args)
        client = subprocess.Popen(cmd, env=virsh_env(), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        action_output = ''
        if action:
            # wait until the proxied client's event registration (proc 316) has been answered
            def registered(pkts):
                return any(d == 'S' and struct.unpack('>i', p[12:16])[0] == 316 for d, p in pkts)
            if not proxy.rec.wait_for(registered, 30):
                client.kill()
                raise RuntimeError('%s: the client never registered for events' % name)
            direct = 'test+unix:///default?socket=' + lvd.socket
            r = subprocess.run([VIRSH, '-c', direct] + action, env=virsh_env(), capture_output=True, text=True, timeout=60)
            action_output = r.stdout + r.stderr
        try:
            output, _ = client.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            client.kill()
            raise RuntimeError('%s: virsh did not finish within 60 s' % name)
        if not proxy.wait_closed(30):
            raise RuntimeError('%s: the connection was not closed' % name)
    finally:
        proxy.close()

    shown = ' '.join(["virsh", "-c", "'test+unix:///default?socket=SOCKET'"] +
                     ["'%s'" % a if ' ' in a else a for a in args])
    lines = ['# captured %s virsh %s <-> libvirtd %s test driver: %s' % (stamp, version([VIRSH]), version([LIBVIRTD]), shown),
             '# scenario: %s' % description]
    if action:
        lines.append('# meanwhile, on a second (unrecorded) connection: virsh %s' % ' '.join(action))
    output = output.replace(proxy_path, 'SOCKET').replace(lvd.socket, 'SOCKET')
    lines.append('# virsh exit status %d; output:' % client.returncode)
    lines += ['#   ' + l for l in output.rstrip('\n').split('\n')]
    if action_output:
        lines += ['#   (second connection) ' + l for l in action_output.rstrip('\n').split('\n')]
    lines.append('# one line per packet: C = client->server, S = server->client; hex of the whole packet incl. the length word')
    for direction, pkt in proxy.rec.packets:
        if direction.endswith('?'):
            lines.append('# %s trailing partial packet: %s' % (direction[0], pkt.hex()))
            continue
        lines.append(describe(direction, pkt))
        lines.append('%s %s' % (direction, pkt.hex()))
    path = os.path.join(out_dir, name + '.txt')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path, len(proxy.rec.packets), client.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default=DEFAULT_OUT)
    ap.add_argument('--only', default='')
    ap.add_argument('--list', action='store_true')
    a = ap.parse_args()
    if a.list:
        for s in SCENARIOS:
            print('%-22s %s' % (s[0], s[1]))
        return 0
    only = set(x for x in a.only.split(',') if x)
    unknown = only - set(s[0] for s in SCENARIOS)
    if unknown:
        ap.error('unknown scenario(s): %s' % ', '.join(sorted(unknown)))
    for exe in (LIBVIRTD, VIRSH):
        if not os.path.exists(exe):
            sys.exit('%s not found: run scripts/setup' % exe)
    os.makedirs(a.out, exist_ok=True)
    stamp = datetime.date.today().isoformat()
    base = tempfile.mkdtemp(prefix='vireo-capture-', dir='/tmp')
    os.chmod(base, 0o755)
    lvd = None
    try:
        for s in SCENARIOS:
            if only and s[0] not in only:
                continue
            # a fresh daemon per scenario: test:///default starts from its initial state, keepalive timers idle
            if lvd:
                lvd.stop()
            lvd = Libvirtd(os.path.join(base, 'lvd-' + s[0]))
            path, n, rc = run_scenario(lvd, base, *s, out_dir=a.out, stamp=stamp)
            print('%-22s %3d packets  virsh exit %d  -> %s' % (s[0], n, rc, os.path.relpath(path)))
    finally:
        if lvd:
            lvd.stop()
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
