"""Read the forms out of a rendered page, so a test can post exactly what a browser would.

Standard library only: ``forms_in(html)`` returns each ``<form>`` with its method, action,
hidden and text inputs, and submit buttons; ``Form.submission(button)`` gives the data a
browser sends when that button is pressed (with ``client.post(..., csrf=False)`` nothing
is added, so a form missing its token is refused as it would be in production).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    method: str
    action: str | None
    fields: list[tuple[str, str]] = field(default_factory=list)   # name, value of inputs sent as they are
    buttons: list[tuple[str, str]] = field(default_factory=list)  # name, value of named submit buttons

    def names(self) -> set[str]:
        return {name for name, _ in self.fields}

    def value(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def submission(self, button: tuple[str, str] | None = None) -> dict[str, str]:
        data = dict(self.fields)
        if button is not None:
            data[button[0]] = button[1]
        return data

    def target(self, page_url: str) -> str:
        """Where the browser posts: the action, or the page itself when there is none."""
        return self.action or page_url


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        if tag == "form":
            self._open = Form(method=attributes.get("method", "get").lower(), action=attributes.get("action") or None)
            self.forms.append(self._open)
            return
        if self._open is None or "name" not in attributes:
            return
        kind = attributes.get("type", "submit" if tag == "button" else "text").lower()
        if tag == "button" or kind == "submit":
            self._open.buttons.append((attributes["name"], attributes.get("value", "")))
        elif tag == "input" and kind not in ("checkbox", "radio", "file", "image", "reset", "button"):
            self._open.fields.append((attributes["name"], attributes.get("value", "")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def post_forms_in(html: str) -> list[Form]:
    return [form for form in forms_in(html) if form.method == "post"]
