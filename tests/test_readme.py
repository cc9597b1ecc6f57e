"""The README documents every field and word the data format accepts, and CI runs its tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from logimap import vocabulary
from logimap.read import scenario as reader

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

WORDS = [
    *vocabulary.MODES, *vocabulary.BASES, *vocabulary.PRECISIONS, *vocabulary.NODE_KINDS,
    *vocabulary.QUALIFIERS, *vocabulary.STATUSES, *vocabulary.LAYER_KEYS, *vocabulary.NETWORKS,
    *vocabulary.NODE_COLUMNS, *reader.EDGE_COLUMNS, *reader.SOURCE_FIELDS, *reader.SCENARIO_FIELDS,
    *reader.FLOW_FIELDS, *reader.LEG_FIELDS, *reader.CLAIM_FIELDS, *reader.LAYER_FIELDS,
]


@pytest.mark.parametrize("word", sorted(set(WORDS)))
def test_the_readme_documents(word: str):
    assert f"`{word}`" in README or re.search(rf"^\s*{re.escape(word)}:", README, re.M)


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r"\*\*Run the tests\*\*.*?```sh\n(.+?)\n```", README, re.S)
    assert blocks, "the README has no 'Run the tests' command"
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert blocks[0].strip() in [line.strip() for line in ci]


def test_the_readme_documents_every_export_column_with_its_meaning():
    from logimap.tables import COLUMN_TYPES, SCHEMA

    names = {"start of day": "date-time", "end of day": "date-time", "real": "real",
             "integer": "integer", "boolean": "boolean"}
    for table, columns in SCHEMA.items():
        line = next((line for line in README.splitlines()
                     if line.startswith(f"**{table}**: ")), None)
        assert line is not None, f"the README has no column list for {table}"
        for column, meaning in columns.items():
            kind = COLUMN_TYPES.get(table, {}).get(column)
            documented = f"`{column}` ({meaning}{'; ' + names[kind] if kind else ''})"
            assert documented in line, documented
