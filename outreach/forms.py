"""Form pieces shared by every feature."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Email, InputRequired, Length, ValidationError

from outreach import geo
from outreach.untrusted_text import clean_text


def strip(value):
    return value.strip() if isinstance(value, str) else value


# WTForms' own messages that people would otherwise see word for word, in our words.
FRIENDLY_MESSAGES = {
    "Not a valid date value.": "Enter a real date, like 2027-03-14 (year, month, day)",
    "Not a valid datetime value.": "Enter a real date and time, like 2027-03-14 09:30",
    "Not a valid time value.": "Enter a real time using the 24-hour clock, like 09:30",
    "Not a valid week value.": "Enter a real week, like 2027-W11",
    "Not a valid integer value.": "Enter a whole number, like 12",
    "Not a valid decimal value.": "Enter a number, like 12.50",
    "Not a valid float value.": "Enter a number, like 12.5",
    "Not a valid choice.": "Choose one of the options listed",
    "Invalid Choice: could not coerce.": "Choose one of the options listed",
    "'%(value)s' is not a valid choice for this field.": "Choose only from the options listed",
    "'%(value)s' are not valid choices for this field.": "Choose only from the options listed",
}


class FriendlyTranslations:
    """Wraps WTForms' translations so that its built-in messages read as ours (see FRIENDLY_MESSAGES)."""

    def __init__(self, inner=None):
        self.inner = inner

    def gettext(self, string):
        if string in FRIENDLY_MESSAGES:
            return FRIENDLY_MESSAGES[string]
        return self.inner.gettext(string) if self.inner is not None else string

    def ngettext(self, singular, plural, n):
        if self.inner is not None:
            return self.inner.ngettext(singular, plural, n)
        return singular if n == 1 else plural


class BaseForm(FlaskForm):
    """A CSRF-protected form: every field loses control characters, text inputs are trimmed.

    Every form in the app inherits from this (a convention test checks)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return FriendlyTranslations(super().get_translations(form))

        def bind_field(self, form, unbound_field, options):
            filters = [clean_text] + list(unbound_field.kwargs.get("filters", []))
            if unbound_field.field_class is StringField:
                filters.append(strip)
            return unbound_field.bind(form=form, filters=filters, **options)

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary at the top of the page."""
        items = []
        for field in self:
            for message in field.errors:
                items.append((field.id, message))
        return items


def email_field(label: str = "Email address"):
    return StringField(
        label,
        validators=[
            InputRequired("Enter your email address"),
            Length(max=254, message="Email addresses are 254 characters or fewer"),
            Email("Enter an email address like name@example.com", check_deliverability=False),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false", "inputmode": "email"},
    )


def postcode_validator(allow_partial: bool = True):
    def validate(form, field):
        if not field.data:
            return
        try:
            field.place = geo.resolve(field.data, allow_partial=allow_partial)
        except geo.PostcodeError as error:
            raise ValidationError(str(error)) from None

    return validate


def parse_date_parts(day: str, month: str, year: str) -> date:
    """Turn three typed parts into a date, or raise ValueError with a friendly message."""
    if not (day or month or year):
        raise ValueError("Enter your date of birth")
    try:
        d, m, y = int(day), int(month), int(year)
    except (TypeError, ValueError):
        raise ValueError("Date of birth must be a real date, using numbers, like 27 3 2009") from None
    if y < 1900 or y > 2100:
        raise ValueError("Year must have 4 numbers, like 2009")
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError("Date of birth must be a real date") from None
