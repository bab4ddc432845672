"""The one page-number parser: any text becomes a page from 1 to MAX_PAGE."""
from __future__ import annotations

import pytest

from outreach.web import MAX_PAGE, page_number


@pytest.mark.parametrize("raw, expected", [
    ("3", 3), (" 7 ", 7), ("0", 1), ("-5", 1), ("99999999999999999999", MAX_PAGE), ("-99999999999999999999", 1),
    ("nope", 1), ("1e9", 1), ("", 1), ("\x00", 1), ("9" * 5000, 1),
])
def test_page_numbers_are_clamped_and_nonsense_is_page_one(app, raw, expected):
    with app.test_request_context(query_string={"page": raw}):
        assert page_number() == expected


def test_a_missing_page_is_page_one(app):
    with app.test_request_context("/"):
        assert page_number() == 1
