"""Wire benchmark: the bytes a terminal receives from the real app, and how long keys take over a thin line.

    python bench/wire.py [--scale N] [--idle 60] [--term xterm-256color] [--lang en] [--json FILE]

Runs ``supplydesk`` (``python -m tui.cli``) in a pseudo-terminal of 80×24, as a user over SSH would
see it (no Pilot: every byte the app writes is counted), on the demo database (``--scale N``: one of
N enterprises, built once in ``bench/data/``). The same keys are typed in every run:

* the first paint (start to the screen going quiet), then the enterprise list left idle;
* ``/`` and four letters of a filter, each key until the screen is quiet; Enter (back to the list);
  Enter on the row (the card opens), the card left idle, Escape;
* ``1`` dashboard, ``3`` shortages, ``4`` check-ins, ``2`` enterprises: each switch until quiet, each
  screen left idle.

"Quiet" is no byte for ``--quiet`` seconds; idle figures are bytes per second over ``--idle``
seconds (60 by default: the header's clock changes once a minute). The first run is direct; then
one run per paced link (1 Mbit/s and 64 kbit/s, 80 ms each way): keystrokes reach the app 80 ms
after they are typed, and the app's bytes leave at the line rate, in order, and arrive 80 ms later
(the link queues what it cannot carry yet, as an SSH connection does; the app itself never waits).
Echo is a key typed to the first byte the app wrote after it, arriving; settle is to the last byte
of its answer arriving. The next key is typed once that answer has arrived (10 s at most).

It also says what the terminal was asked to do: mouse modes set, and colour codes by kind (16, 256
or truecolor), so ``--term linux`` or ``--no-color`` shows what a plain console gets.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COLS, ROWS = 80, 24
FILTER = "cykh"
#: how long a screen waits after the last byte before it counts as quiet, unless told otherwise
QUIET_S = 0.3
#: a screen switch or a card may import and load for a while after its first bytes: a longer pause
SCREEN_QUIET_S = 0.7
#: the first paint loads rows and counts after the first frame: a longer pause still
FIRST_QUIET_S = 0.8
LINKS = {"1 Mbit/80 ms": (1_000_000, 0.080), "64 kbit/80 ms": (64_000, 0.080)}
KEYS = {"enter": "\r", "escape": "\x1b"}


@dataclass
class Link:
    """A line of ``bits`` per second and ``delay`` seconds one way; none: the terminal is local."""

    bits: float = 0.0
    delay: float = 0.0
    free: float = 0.0  # when the line has sent everything queued so far

    def arrival(self, written: float, size: int) -> float:
        if not self.bits:
            return written
        start = max(written, self.free)
        self.free = start + size * 8 / self.bits
        return self.free + self.delay


@dataclass
class Terminal:
    """The app in a pseudo-terminal; a thread reads every byte the moment it is written."""

    argv: list[str]
    env: dict[str, str]
    link: Link = field(default_factory=Link)
    chunks: list[tuple[float, float, bytes]] = field(default_factory=list)  # written, arrives, bytes

    def __post_init__(self) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.started = time.monotonic()
        self.process = subprocess.Popen(self.argv, stdin=slave, stdout=slave, stderr=slave, env=self.env,
                                        cwd=ROOT, start_new_session=True, close_fds=True)
        os.close(slave)
        self.fd = master
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.5)
                data = os.read(self.fd, 65536) if ready else b""
            except OSError:  # the app closed the terminal
                return
            if ready and not data:
                return
            if data:
                now = time.monotonic()
                with self.lock:
                    self.chunks.append((now, self.link.arrival(now, len(data)), data))

    def mark(self) -> int:
        with self.lock:
            return len(self.chunks)

    def since(self, mark: int) -> list[tuple[float, float, bytes]]:
        with self.lock:
            return self.chunks[mark:]

    def type(self, key: str) -> float:
        """Type ``key`` now; it reaches the app after the link's delay. Returns when it was typed."""
        typed = time.monotonic()
        if self.link.delay:
            time.sleep(self.link.delay)
        os.write(self.fd, KEYS.get(key, key).encode())
        return typed

    def quiet(self, after: float, gap: float = QUIET_S, limit: float = 30.0, since: int = -1) -> float:
        """Wait until the app has written nothing for ``gap`` seconds (after ``after``), and until what
        it wrote has arrived (10 s at most); returns the moment of the last byte written. With ``since``
        (a mark), not before a byte after it (3 s at most: a key may change nothing)."""
        deadline = after + limit
        while True:
            now = time.monotonic()
            with self.lock:
                last = self.chunks[-1][0] if self.chunks else after
                started = len(self.chunks) > since
            if ((started or (since > 0 and now - after > 3.0)) and now - max(last, after) >= gap) or now > deadline:
                break
            time.sleep(0.02)
        with self.lock:
            arrives = self.chunks[-1][1] if self.chunks else now
        time.sleep(max(0.0, min(arrives - time.monotonic(), 10.0)))
        return last

    def idle(self, seconds: float) -> float:
        """Bytes per second written over ``seconds`` of nothing typed."""
        mark = self.mark()
        time.sleep(seconds)
        return sum(len(data) for _, _, data in self.since(mark)) / seconds

    def stop(self) -> None:
        try:
            os.write(self.fd, b"q")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        os.close(self.fd)

    def everything(self) -> bytes:
        with self.lock:
            return b"".join(data for _, _, data in self.chunks)


@dataclass
class Step:
    name: str
    size: int  # bytes written for it
    echo_s: float  # typed to the first byte of the answer arriving
    settle_s: float  # typed to the last byte of the answer arriving


def press(term: Terminal, name: str, key: str, gap: float = QUIET_S) -> Step:
    mark = term.mark()
    typed = term.type(key)
    term.quiet(typed, gap, since=mark)
    answer = term.since(mark)
    if not answer:
        return Step(name, 0, float("nan"), float("nan"))
    return Step(name, sum(len(d) for _, _, d in answer), answer[0][1] - typed, answer[-1][1] - typed)


def session(db: Path, home: Path, args: argparse.Namespace, link: Link, idle: float) -> dict[str, object]:
    """One run of the keys; idle figures only when ``idle`` > 0."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "SUPPLYDESK_DB")}
    env.update(TERM=args.term, SUPPLYDESK_LANG=args.lang, SUPPLYDESK_DATA_DIR=str(home), COLUMNS=str(COLS),
               LINES=str(ROWS), PYTHONPATH=str(ROOT))
    if args.no_color:
        env["NO_COLOR"] = "1"
    if args.colorterm:
        env["COLORTERM"] = args.colorterm
    term = Terminal([sys.executable, "-m", "tui.cli", "--db", str(db), "--screen", "enterprises", *args.app_args],
                    env, link)
    steps: list[Step] = []
    idles: dict[str, float] = {}
    try:
        term.quiet(term.started, FIRST_QUIET_S, limit=120, since=0)
        first = term.since(0)
        steps.append(Step("first paint", sum(len(d) for _, _, d in first), first[0][1] - term.started,
                          max(a for _, a, _ in first) - term.started))
        if idle:
            idles["enterprises"] = term.idle(idle)
        gap = args.quiet
        steps.append(press(term, "filter: /", "/", gap))
        steps.extend(press(term, f"filter: {letter}", letter, gap) for letter in FILTER)
        steps.append(press(term, "filter: enter (to the list)", "enter", gap))
        steps.append(press(term, "card open (enter)", "enter", SCREEN_QUIET_S))
        if idle:
            idles["card"] = term.idle(idle)
        steps.append(press(term, "card close (escape)", "escape", SCREEN_QUIET_S))
        for key, screen in (("1", "dashboard"), ("3", "shortages"), ("4", "checkins"), ("2", "enterprises")):
            steps.append(press(term, f"switch: {key} {screen}", key, SCREEN_QUIET_S))
            if idle and screen != "enterprises":
                idles[screen] = term.idle(idle)
    finally:
        term.stop()
    return {"steps": steps, "idle": idles, "terminal": _asked(term.everything())}


def _asked(stream: bytes) -> dict[str, object]:
    """What the app asked of the terminal: mouse modes set, and colour codes by kind."""
    modes = sorted(set(re.findall(rb"\x1b\[\?(1000|1002|1003|1006|1015|1016)h", stream)))
    sgr = re.findall(rb"\x1b\[([0-9;]*)m", stream)
    kinds = {"16": 0, "256": 0, "truecolor": 0}
    for params in sgr:
        fields = params.split(b";")
        i = 0
        while i < len(fields):
            if fields[i] in (b"38", b"48") and i + 1 < len(fields):
                kind = "256" if fields[i + 1] == b"5" else "truecolor"
                kinds[kind] += 1
                i += 3 if kind == "256" else 5
                continue
            if fields[i].isdigit() and (30 <= int(fields[i]) <= 37 or 40 <= int(fields[i]) <= 47
                                        or 90 <= int(fields[i]) <= 107):
                kinds["16"] += 1
            i += 1
    return {"mouse modes": [m.decode() for m in modes], "colour codes": kinds}


def database(scale: int | None) -> Path:
    """The demo (``None``) or a demo of ``scale`` enterprises, built once in ``bench/data/``."""
    path = HERE / "data" / (f"demo-{scale}.db" if scale else "wire-demo.db")
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        print(f"building {path.name} …", file=sys.stderr)
        started = time.monotonic()
        extra = ["--scale", str(scale)] if scale else []
        subprocess.run([sys.executable, "-m", "tui.cli", "demo", "--db", str(path), *extra], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, help="N enterprises (default: the demo data set)")
    parser.add_argument("--db", type=Path, help="an existing database file instead")
    parser.add_argument("--idle", type=float, default=60.0, help="seconds each screen is left idle (0: none)")
    parser.add_argument("--quiet", type=float, default=QUIET_S, help="seconds without a byte that end a key's answer")
    parser.add_argument("--term", default="xterm-256color", help="TERM of the pseudo-terminal")
    parser.add_argument("--colorterm", default="", help="COLORTERM (unset by default)")
    parser.add_argument("--no-color", action="store_true", help="set NO_COLOR")
    parser.add_argument("--lang", default="en", choices=("en", "zh"))
    parser.add_argument("--links", default=",".join(LINKS), help="paced links to run, comma-separated; '' for none")
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    parser.add_argument("app_args", nargs="*", help="more options for the app (after --)")
    args = parser.parse_args()
    db = args.db or database(args.scale)
    home = Path(tempfile.mkdtemp(prefix="supplydesk-wire-"))
    print(f"database {db.name}; TERM={args.term}; {COLS}x{ROWS}; idle {args.idle:g} s per screen")
    runs: dict[str, object] = {"direct": session(db, home, args, Link(), args.idle)}
    for name in filter(None, args.links.split(",")):
        bits, delay = LINKS[name]
        runs[name] = session(db, home, args, Link(bits, delay), 0.0)
    _print(runs)
    if args.json:
        args.json.write_text(json.dumps(runs, default=lambda o: o.__dict__, indent=1), encoding="utf-8")
    return 0


def _print(runs: dict[str, object]) -> None:
    direct = runs["direct"]
    assert isinstance(direct, dict)
    print("\nidle, bytes per second:")
    for screen, rate in direct["idle"].items():
        print(f"  {screen:<14} {rate:>9,.1f}")
    print("\nbytes per step (direct):")
    for step in direct["steps"]:
        print(f"  {step.name:<30} {step.size:>9,}")
    print(f"\nterminal: {direct['terminal']}")
    for name, run in runs.items():
        if name == "direct":
            continue
        assert isinstance(run, dict)
        print(f"\n{name}: echo / settle, ms")
        for step in run["steps"]:
            print(f"  {step.name:<30} {step.echo_s * 1000:>7,.0f} {step.settle_s * 1000:>9,.0f}")


if __name__ == "__main__":
    sys.exit(main())
