"""Vendor axe-core, the accessibility checker the browser tests run in Chromium.

Usage (from the repository root; needs npm, only while vendoring)::

    python scripts/axe_core.py [VERSION]

fetches the package with ``npm pack axe-core@VERSION`` (default ``VERSION`` below), checks
the tarball against the registry's integrity hash, and writes ``axe.min.js`` and its
licence (MPL-2.0, which allows shipping the file unchanged with its licence) into
``tests/vendor/axe-core/``. Prints the file's sha256, for the PROVENANCE file there.

The tests inject the file into the page under test; no map logimap writes ever contains it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "4.14.1"
OUT = Path(__file__).resolve().parent.parent / "tests" / "vendor" / "axe-core"
FILES = {"package/axe.min.js": "axe.min.js", "package/LICENSE": "LICENSE"}


def vendor(version: str = VERSION) -> None:
    with tempfile.TemporaryDirectory() as work:
        packed = subprocess.run(["npm", "pack", f"axe-core@{version}", "--json"], cwd=work,
                                check=True, capture_output=True, text=True)
        info = json.loads(packed.stdout)[0]
        tarball = Path(work) / info["filename"]
        algorithm, expected = info["integrity"].split("-", 1)
        digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest())
        if digest.decode() != expected:
            sys.exit(f"{tarball.name}: integrity mismatch")
        OUT.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for member, name in FILES.items():
                data = archive.extractfile(member).read()
                (OUT / name).write_bytes(data)
                print(f"{name}: {len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
        print(f"tarball {info['filename']}: {info['integrity']}")


if __name__ == "__main__":
    vendor(*sys.argv[1:2])
