"""The README's tutorial step on passages, done as written on a fresh ``logimap init``: the
listing and the warning it shows are what logimap prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _step() -> str:
    start = README.index("11. See which way a leg went")
    return README[start:README.index("\n## ", start)]


def _blocks(step: str) -> list[str]:
    """The step's code blocks, unindented."""
    return ["\n".join(line[4:] for line in block.splitlines())
            for block in re.findall(r"\n    ```[a-z]*\n(.+?)\n    ```", step, re.S)]


@pytest.mark.slow
def test_the_tutorials_passages_step_lists_the_passages_and_warns(tmp_path: Path):
    leg, listing, warning = _blocks(_step())
    project = tmp_path / "my-chain"
    assert run("init", str(project)).exit_code == 0
    found = run("place", "St Petersburg", "--country", "RU", "--limit", "1")
    row = found.stdout.splitlines()[1]
    assert row.startswith("st_petersburg_port,")
    with open(project / "geodata/nodes.csv", "a", encoding="utf-8") as stream:
        stream.write(row + "\n")
    flow = project / "routes/munitions.yaml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(text.replace("claims:\n", leg + "\n\nclaims:\n", 1), encoding="utf-8")

    listed = run("list", "legs", "--project", str(project))
    checked = run("validate", "--project", str(project))

    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.rstrip("\n") == listing
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr.rstrip("\n") == warning

    flow.write_text(flow.read_text(encoding="utf-8").replace(
        "for the tutorial.\n", "for the tutorial.\n    via: [suez]\n"), encoding="utf-8")
    asked = run("validate", "--project", str(project))
    assert asked.exit_code == 0 and asked.stderr == ""
