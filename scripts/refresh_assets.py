"""Re-vendor the web app's front-end assets from the npm registry (issue 9, item 8).

The web app works offline and loads nothing from a CDN, so the browser files it serves live
in ``src/ascent/web/static/vendor/<dir>/`` with each package's licence beside them, and
``vendor/manifest.json`` records what came from where (name, version, licence, the npm
tarball's integrity and the sha256 of every file written). ``tests/web/test_assets.py``
checks the files against that manifest.

Usage (from the repository root; needs ``npm`` on PATH)::

    python scripts/refresh_assets.py          # download the pinned versions, write files
    python scripts/refresh_assets.py --check  # download, compare, write nothing

To move to a new version, change its pin below, run the script, review the diff of the
minified files' URLs (the test lists every URL a vendored file may contain) and commit.
Runs are deterministic: the same pins give byte-identical files and manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "ascent" / "web" / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"
#: npm from PATH, resolved once so the subprocess runs a full path
NPM = shutil.which("npm") or "npm"


@dataclass(frozen=True)
class Pin:
    """One npm package: which version, and which of its files we serve (tarball path -> name)."""

    name: str
    version: str
    directory: str
    files: dict[str, str]


#: htmx stays on 2.x (the stable line that extensions and docs target; 4.x is a rewrite);
#: vega-embed 7 is the UMD build that takes ``vega`` and ``vegaLite`` from globals.
PINS: tuple[Pin, ...] = (
    Pin(
        "htmx.org",
        "2.0.11",
        "htmx",
        {"dist/htmx.min.js": "htmx.min.js", "LICENSE": "LICENSE"},
    ),
    Pin("vega", "6.4.0", "vega", {"build/vega.min.js": "vega.min.js", "LICENSE": "LICENSE"}),
    Pin(
        "vega-lite",
        "6.5.0",
        "vega-lite",
        {"build/vega-lite.min.js": "vega-lite.min.js", "LICENSE": "LICENSE"},
    ),
    Pin(
        "vega-embed",
        "7.3.0",
        "vega-embed",
        {"build/vega-embed.min.js": "vega-embed.min.js", "LICENSE": "LICENSE"},
    ),
    Pin(
        "@picocss/pico",
        "2.1.1",
        "pico",
        {"css/pico.min.css": "pico.min.css", "LICENSE.md": "LICENSE.md"},
    ),
    Pin(
        "axe-core",
        "4.14.1",
        "axe-core",
        {
            "axe.min.js": "axe.min.js",
            "LICENSE": "LICENSE",
            "LICENSE-3RD-PARTY.txt": "LICENSE-3RD-PARTY.txt",
        },
    ),
    # the REST API's docs page (/api/docs): the browser bundle (React and its peers inside)
    # and its stylesheet; Apache-2.0's NOTICE travels beside the licence
    Pin(
        "swagger-ui-dist",
        "5.35.0",
        "swagger-ui",
        {
            "swagger-ui-bundle.js": "swagger-ui-bundle.js",
            "swagger-ui.css": "swagger-ui.css",
            "LICENSE": "LICENSE",
            "NOTICE": "LICENSE-NOTICE",
            "swagger-ui-bundle.js.LICENSE.txt": "LICENSE-3RD-PARTY.txt",
        },
    ),
)


def npm_pack(pin: Pin, into: Path) -> tuple[Path, str]:
    """Download ``pin``'s tarball with npm (which checks it against the registry's integrity)."""
    out = subprocess.run(  # noqa: S603 - fixed argv from the pins above, no shell
        [NPM, "pack", f"{pin.name}@{pin.version}", "--json", "--pack-destination", str(into)],
        capture_output=True,
        text=True,
        check=True,
        cwd=into,
    )
    (info,) = json.loads(out.stdout)
    return into / info["filename"], str(info["integrity"])


def read_members(tarball: Path, pin: Pin) -> tuple[dict[str, bytes], str]:
    """The pinned files' bytes (by output name) and the licence named in package.json.

    Members are read by exact name, never extracted, so a tarball cannot write elsewhere.
    """
    with tarfile.open(tarball, "r:gz") as tar:

        def read(member: str) -> bytes:
            handle = tar.extractfile(f"package/{member}")
            if handle is None:
                raise SystemExit(f"{pin.name}@{pin.version}: {member} is not a file")
            return handle.read()

        package = json.loads(read("package.json"))
        if package["version"] != pin.version:
            raise SystemExit(f"{pin.name}: npm gave {package['version']}, pinned {pin.version}")
        return {name: read(member) for member, name in pin.files.items()}, str(package["license"])


def sha256(data: bytes) -> str:
    """Hex sha256, the form the manifest records."""
    return hashlib.sha256(data).hexdigest()


def fetch(workdir: Path) -> tuple[dict[str, bytes], dict[str, object]]:
    """Every vendored file (path under vendor/ -> bytes) and the manifest describing them."""
    files: dict[str, bytes] = {}
    packages: list[dict[str, object]] = []
    for pin in PINS:
        tarball, integrity = npm_pack(pin, workdir)
        contents, licence = read_members(tarball, pin)
        entries = []
        for name, data in contents.items():
            path = f"{pin.directory}/{name}"
            files[path] = data
            entries.append({"path": path, "sha256": sha256(data)})
        licence_files = [f"{pin.directory}/{n}" for n in contents if n.startswith("LICENSE")]
        packages.append(
            {
                "name": pin.name,
                "version": pin.version,
                "licence": licence,
                "licence_files": licence_files,
                "npm_integrity": integrity,
                "files": entries,
            }
        )
    return files, {"source": "npm registry, via scripts/refresh_assets.py", "packages": packages}


def manifest_text(manifest: dict[str, object]) -> str:
    """Stable JSON (two-space indent, trailing newline) so reruns give identical bytes."""
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def write(files: dict[str, bytes], manifest: dict[str, object]) -> None:
    """Replace vendor/ by exactly these files and the manifest (stale files disappear)."""
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for path, data in files.items():
        target = VENDOR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    MANIFEST.write_text(manifest_text(manifest), encoding="utf-8")


def differences(files: dict[str, bytes], manifest: dict[str, object]) -> list[str]:
    """What on disk differs from a fresh download (empty when vendor/ is up to date)."""
    found = [p for p, data in files.items() if _read(VENDOR / p) != data]
    if _read(MANIFEST) != manifest_text(manifest).encode():
        found.append("manifest.json")
    on_disk = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    found += sorted(on_disk - set(files) - {"manifest.json"})
    return found


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    """Download the pins; write them, or with ``--check`` only report what differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ascent-assets-") as tmp:
        files, manifest = fetch(Path(tmp))
    if args.check:
        stale = differences(files, manifest)
        for path in stale:
            print(f"differs from the pinned download: {path}")
        return 1 if stale else 0
    write(files, manifest)
    print(f"wrote {len(files)} files and manifest.json under {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
