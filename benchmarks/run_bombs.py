"""Bomb benchmark: every bomb and endless case through ``ascent import``, one child process
each, with its wall time and peak RSS (``os.wait4``). The target: refused (or bounded) in
seconds with peak memory under 500 MB.

    python benchmarks/run_bombs.py [--only NAME …] [--readme]

Inputs are generated into a fresh temporary folder and deleted afterwards; ``--readme``
rewrites the "Bombs and endless inputs" section of ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

MIB, GIB = 1024**2, 1024**3
ASCENT = Path(sys.executable).with_name("ascent")
README = Path(__file__).with_name("README.md")
SECTION = "## Bombs and endless inputs"
CHUNK = bytes(MIB)


def _zip_of_zeros(folder: Path, gib: int) -> Path:
    path = folder / "linkedin.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
        zf.open("messages.csv", "w", force_zip64=True) as fh,
    ):
        for _ in range(gib * 1024):
            fh.write(CHUNK)
    return path


def zip_bomb(folder: Path) -> Path:
    """One ZIP member of 6 GB of zeros (about 6 MB on disk), written in chunks."""
    return _zip_of_zeros(folder, 6)


def zip_bomb_2gb(folder: Path) -> Path:
    """A 2 GB member: under the member cap, refused by its compression ratio."""
    return _zip_of_zeros(folder, 2)


def tar_gz_bomb(folder: Path) -> Path:
    """A Mastodon-like tar.gz whose outbox.json inflates to 6 GB of zeros."""
    path = folder / "archive-20221120.tar.gz"
    info = tarfile.TarInfo("outbox.json")
    info.size = 6 * GIB
    with gzip.open(path, "wb", compresslevel=6) as gz:
        gz.write(info.tobuf(tarfile.GNU_FORMAT))
        for _ in range(6 * 1024):
            gz.write(CHUNK)
        gz.write(bytes(2 * tarfile.RECORDSIZE))
    return path


def _lines(name: str, unit: bytes, size: int = GIB) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        block = unit * MIB
        with path.open("wb") as fh:
            for _ in range(size // MIB):
                fh.write(block)
        return path

    build.__doc__ = f"1 GB of {unit!r} named {name}"
    return build


def _calendar(rule: str, attendees: int = 20) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / "calendar.ics"
        guests = "".join(
            f"ATTENDEE;CN=Guest {n}:mailto:guest{n}@example.org\r\n" for n in range(attendees)
        )
        path.write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\n"
            "UID:endless@example.org\r\nDTSTAMP:20240101T000000Z\r\n"
            "DTSTART:20240102T090000Z\r\nDTEND:20240102T093000Z\r\nSUMMARY:Standup\r\n"
            f"ORGANIZER;CN=Ada:mailto:ada@northwind.example\r\n{guests}{rule}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n",
            newline="",
        )
        return path

    build.__doc__ = f"one event with {attendees} attendees, {rule}"
    return build


def calendar_lines(folder: Path) -> Path:
    """A 30 MB calendar (under its size cap) of 4.5 million one-property lines: icalendar
    would keep an object for each."""
    path = folder / "calendar.ics"
    block = b"X-A:1\r\n" * (MIB // 7)
    with path.open("wb") as fh:
        fh.write(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
        for _ in range(30):
            fh.write(block)
        fh.write(b"END:VCALENDAR\r\n")
    return path


def _long_description(mb: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / "calendar.ics"
        with path.open("wb") as fh:
            fh.write(
                b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\n"
                b"UID:long@example.org\r\nDTSTAMP:20240101T000000Z\r\n"
                b"DTSTART:20240102T090000Z\r\nDTEND:20240102T093000Z\r\nSUMMARY:Review\r\n"
                b"ORGANIZER;CN=Ada:mailto:ada@northwind.example\r\n"
                b"ATTENDEE;CN=Jane:mailto:jane@acme.example\r\nDESCRIPTION:"
            )
            for _ in range(mb):
                fh.write(b"x" * 1_000_000)
            fh.write(b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        return path

    build.__doc__ = f"a {mb} MB calendar: one event whose DESCRIPTION is one line of {mb} MB"
    return build


def deep_json(folder: Path) -> Path:
    """A Mastodon outbox.json nested 10 million arrays deep (20 MB)."""
    export = folder / "mastodon"
    export.mkdir()
    (export / "actor.json").write_text(
        '{"id": "https://example.social/users/ada", "type": "Person", "preferredUsername": "ada"}'
    )
    deep = b"[" * 10_000_000 + b"]" * 10_000_000
    (export / "outbox.json").write_bytes(
        b'{"type": "OrderedCollection", "orderedItems": ' + deep + b"}"
    )
    return export


CASES: dict[str, Callable[[Path], Path]] = {
    "ZIP member of 6 GB": zip_bomb,
    "ZIP member of 2 GB": zip_bomb_2gb,
    "tar.gz member of 6 GB": tar_gz_bomb,
    "1 GB blank lines, Connections.csv": _lines("Connections.csv", b"\n"),
    "1 GB blank lines, messages.csv": _lines("messages.csv", b"\n"),
    "1 GB blank lines, calendar.ics": _lines("calendar.ics", b"\n"),
    "1 GB of \\r, calendar.ics": _lines("calendar.ics", b"\r"),
    "1 GB one endless line, Connections.csv": _lines("Connections.csv", b"x"),
    "30 MB blank lines, calendar.ics": _lines("calendar.ics", b"\n", 30 * MIB),
    "30 MB of 4.5 million property lines, calendar.ics": calendar_lines,
    "30 MB calendar, one long DESCRIPTION line": _long_description(30),
    "60 MB calendar, one long DESCRIPTION line": _long_description(60),
    "RRULE FREQ=SECONDLY, no end": _calendar("RRULE:FREQ=SECONDLY"),
    "RRULE COUNT=2000000000": _calendar("RRULE:FREQ=MINUTELY;COUNT=2000000000"),
    "hourly series, 500 attendees": _calendar("RRULE:FREQ=HOURLY", 500),
    "JSON nested 10 million deep": deep_json,
}


def run(name: str, timeout: float) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="ascent-bombs-") as tmp:
        folder = Path(tmp)
        target = CASES[name](folder)
        size = sum(p.stat().st_size for p in [target, *target.rglob("*")] if p.is_file())
        env = {**os.environ, "ASCENT_HOME": str(folder / "home")}
        command = [str(ASCENT), "import", str(target), "--json"]
        started = time.perf_counter()
        child = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = started + timeout
        while (waited := os.wait4(child.pid, os.WNOHANG))[0] == 0:
            if time.perf_counter() > deadline:
                child.kill()
                waited = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        _, status, usage = waited
        child.returncode = os.waitstatus_to_exitcode(status)
        error = (child.stderr.read().decode(errors="replace") if child.stderr else "").strip()
        outcome = "killed at the time limit" if seconds > timeout else _outcome(child, error)
    return {
        "case": name,
        "input": f"{size / MIB:,.1f} MB",
        "seconds": f"{seconds:.1f}",
        "peak RSS": f"{usage.ru_maxrss / 1024:,.0f} MB",
        "outcome": outcome,
    }


def _outcome(child: subprocess.Popen[bytes], error: str) -> str:
    if child.returncode == 0:
        return "imported (exit 0)"
    last = error.splitlines()[-1] if error else ""
    last = re.sub(r"/tmp/ascent-bombs-[^/ ]+/", "", last)
    return f"exit {child.returncode}: {last[:140]}".replace("|", "\\|")


def table(rows: list[dict[str, str]]) -> str:
    heads = list(rows[0])
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(row[h] for h in heads) + " |" for row in rows]
    return "\n".join(lines)


def write_readme(rows: list[dict[str, str]]) -> None:
    text = README.read_text()
    before = text.split(SECTION)[0].rstrip() + "\n\n"
    after = ""
    if SECTION in text:
        rest = text.split(SECTION, 1)[1]
        nxt = rest.find("\n## ")
        after = rest[nxt:] if nxt >= 0 else ""
    body = (
        f"{SECTION}\n\n`python benchmarks/run_bombs.py --readme` runs each hostile input "
        "through `ascent import` in its own child process (default limits, fresh SQLite "
        "database) and records wall time and the child's peak RSS (`os.wait4`); inputs are "
        "generated in a temporary folder and deleted. Target: refused or bounded in seconds, "
        "peak memory under 500 MB. Caps: docs/formats/limits.md.\n\n"
        f"Run of {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}:\n\n{table(rows)}\n"
    )
    README.write_text(before + body + after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="cases to run")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per case")
    parser.add_argument("--readme", action="store_true", help="write benchmarks/README.md")
    args = parser.parse_args()
    rows = []
    for name in args.only or CASES:
        rows.append(run(name, args.timeout))
        print(" | ".join(rows[-1].values()), flush=True)
    if args.readme:
        write_readme(rows)


if __name__ == "__main__":
    main()
