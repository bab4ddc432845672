"""One filter for text that comes from outside: control characters are stripped silently.

NUL and the other C0 control characters (all but tab, newline and carriage return) are never
typed by a person and PostgreSQL refuses NUL in text, so we drop them rather than refuse the
form: nobody could see or fix what the message would be about. The filter runs in three places
that every request passes through: each query-string and form value (``CleanRequest``), each
field of every form (``outreach.forms.BaseForm``), and each part of a URL, where a control
character can never match a real id and so the page is simply not found (``CleanConverter``).
"""
from __future__ import annotations

import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import UnicodeConverter, ValidationError
from werkzeug.utils import cached_property

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(value):
    """``value`` without control characters other than tab and line breaks; a list is cleaned item by item
    (multiple choices, repeated fields) and anything else is returned as it is."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, list):
        return [clean_text(item) for item in value]
    return value


def _cleaned(values) -> ImmutableMultiDict:
    return ImmutableMultiDict([(clean_text(k), clean_text(v)) for k, v in values.items(multi=True)])


class CleanRequest(Request):
    """A request whose ``args`` and ``form`` (and so ``values``) never hold control characters."""

    @cached_property
    def args(self):
        return _cleaned(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _cleaned(self.__dict__["form"])


class CleanConverter(UnicodeConverter):
    """The default URL part: one holding a control character matches no route (a 404, not a 500)."""

    def to_python(self, value: str) -> str:
        if CONTROL_CHARACTERS.search(value) or "\x7f" in value:
            raise ValidationError()
        return value
