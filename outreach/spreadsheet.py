"""Cells for CSV files people open in a spreadsheet: one escape for every download.

A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) is prefixed with an apostrophe, so "=HYPERLINK(...)" stays text (CSV injection).
Numbers are left as numbers."""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
