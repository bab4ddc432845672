"""Rendered pages as parsed documents, so tests check structure, not raw strings.

``parse(response)`` gives a BeautifulSoup document (the ``page`` fixture in conftest GETs and
parses in one go). Helpers for what page tests look at most: ``text(node)`` is its text with
whitespace collapsed, ``texts(doc, selector)`` the texts of every match, ``links(doc)`` each link's
text and address.
"""
from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def parse(response_or_html) -> BeautifulSoup:
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.get_data(as_text=True)
    return BeautifulSoup(html, "html.parser")


def text(node: Tag | None) -> str:
    assert node is not None, "no such element on the page"
    return " ".join(node.get_text(" ").split())


def texts(doc: Tag, selector: str) -> list[str]:
    return [text(node) for node in doc.select(selector)]


def links(doc: Tag, selector: str = "a[href]") -> dict[str, str]:
    """Each link's text (whitespace collapsed) -> its href; later duplicates of a text win."""
    return {text(a): a["href"] for a in doc.select(selector) if a.get("href") is not None}


def section(doc: Tag, heading_id: str) -> BeautifulSoup:
    """What follows the heading with this id, up to the next heading of its level, as a document."""
    heading = doc.find(id=heading_id)
    assert heading is not None, f"no element with id={heading_id!r}"
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == heading.name:
            break
        parts.append(str(sibling))
    return BeautifulSoup("".join(parts), "html.parser")
