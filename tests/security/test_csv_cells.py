"""Every CSV download escapes cells a spreadsheet would run as a formula (CSV injection),
through one helper: a leading = + - @, tab or carriage return gets an apostrophe in front."""
from __future__ import annotations

import csv
import io

import pytest

from outreach.impact.service import Table, to_csv
from outreach.spreadsheet import FORMULA_START, safe_cell

HOSTILE = [start + 'HYPERLINK("http://x.example","click")' for start in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_cells_become_text(value):
    assert safe_cell(value) == "'" + value


def test_plain_cells_and_numbers_are_left_alone():
    assert [safe_cell(v) for v in ("Priya", "", None, 3, -2.5, "a=b")] == ["Priya", "", "", 3, -2.5, "a=b"]
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}


def test_impact_downloads_escape_every_formula_start():
    table = Table(key="t", title="T", headers=["Name", "Count"], rows=[[value, -1] for value in HOSTILE])
    rows = list(csv.reader(io.StringIO(to_csv(table))))[1:]
    assert [row[0] for row in rows] == ["'" + value for value in HOSTILE]
    assert all(row[1] == "-1" for row in rows)  # numbers stay numbers


def test_every_csv_export_uses_the_one_helper():
    from outreach.applications import export
    from outreach.impact import service

    assert export.safe_cell is safe_cell and service.safe_cell is safe_cell
