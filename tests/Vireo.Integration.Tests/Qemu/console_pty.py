# Drives console clients (the real virsh, or vsh) under pseudo-terminals, as a person at a terminal would.
# usage: console_pty.py SCENARIO CLIENT URI DOMAIN
#   basic:     connect, see the banner and VIREO-COUNTER lines, type a word the guest's tty echoes, leave with Ctrl+]
#   exclusive: a second console without --force is refused with libvirt's message; with --force it takes over
#              and the first session ends
# Prints "ok: ..." lines; exits non-zero with the transcript on the first deviation.
import os, pty, select, sys, time

scenario, client, uri, domain = sys.argv[1:5]
DEADLINE = 60.0


class Session:
    def __init__(self, *extra):
        self.argv = [client, "-c", uri, "console", domain, *extra]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvp(self.argv[0], self.argv)
        self.out = b""
        self.status = None

    def pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if r:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if data:
                self.out += data
                return True
            self.reap(block=True)
        return False

    def reap(self, block=False):
        if self.status is None:
            pid, st = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(st)
        return self.status

    def wait_for(self, text, after=0):
        until = time.monotonic() + DEADLINE  # poll deadline
        while text.encode() not in self.out[after:]:
            if self.reap() is not None and not self.pump(0.1):
                fail(f"{self.argv} exited ({self.status}) before printing {text!r}", self)
            if time.monotonic() > until:
                fail(f"{text!r} did not appear within {DEADLINE}s", self)
            self.pump(0.2)

    def wait_exit(self):
        until = time.monotonic() + DEADLINE  # poll deadline
        while self.reap() is None:
            if time.monotonic() > until:
                fail(f"{self.argv} did not exit", self)
            self.pump(0.2)
        while self.pump(0.05):
            pass
        return self.status

    def send(self, data):
        os.write(self.fd, data)


def fail(message, session=None):
    print("FAIL:", message)
    if session is not None:
        print("--- transcript of", session.argv)
        print(session.out.decode(errors="replace"))
    sys.exit(1)


def check_banner(s):
    s.wait_for("Escape character is ^] (Ctrl + ])")
    if f"Connected to domain '{domain}'".encode() not in s.out:
        fail("banner without 'Connected to domain'", s)


if scenario == "basic":
    s = Session()
    check_banner(s)
    s.wait_for("VIREO-COUNTER")
    print("ok: guest output")
    mark = len(s.out)
    s.send(b"VIREO-TYPED-42")
    s.wait_for("VIREO-TYPED-42", mark)  # the guest's tty echoes what we type
    print("ok: input reaches the guest")
    s.send(b"\x1d")
    code = s.wait_exit()
    if code != 0:
        fail(f"exit status {code} after Ctrl+]", s)
    print("ok: Ctrl+] exits 0")
elif scenario == "exclusive":
    first = Session()
    first.wait_for("VIREO-COUNTER")
    second = Session()
    code = second.wait_exit()
    expected = "error: operation failed: Active console session exists for this domain"
    if code == 0 or expected.encode() not in second.out:
        fail(f"second console was not refused (status {code})", second)
    print("ok: second console refused")
    forced = Session("--force")
    mark = len(forced.out)
    forced.wait_for("VIREO-COUNTER", mark)
    print("ok: --force takes over")
    code = first.wait_exit()
    print(f"ok: first session ended ({code})")
    forced.send(b"\x1d")
    if forced.wait_exit() != 0:
        fail("forced session did not exit 0", forced)
    print("ok: forced session left")
else:
    fail("unknown scenario " + scenario)
