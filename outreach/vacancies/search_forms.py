"""The jobs search form (a GET form: it changes nothing, so it carries no CSRF token)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from outreach.forms import BaseForm, postcode_validator
from outreach.vacancies.search import DEFAULT_RADIUS_KM, RADIUS_CHOICES_KM

MAX_HOURLY_POUNDS = 100


class JobSearchForm(BaseForm):
    class Meta:
        csrf = False

    what = StringField("What job?", validators=[Optional(), Length(max=100, message="Use 100 characters or fewer")],
                       description="A job title, like care worker, HCA or support worker.")
    postcode = StringField("Where? Your postcode", validators=[Optional(), postcode_validator(allow_partial=True)],
                           description="A full postcode or just the first part, like DT1.",
                           render_kw={"autocomplete": "postal-code"})
    radius = SelectField("Within", choices=[(str(r), f"{r} km ({r * 0.621371:.0f} miles)") for r in RADIUS_CHOICES_KM],
                         default=str(DEFAULT_RADIUS_KM), validate_choice=False)
    kind = SelectField("Kind", choices=[("", "Jobs and apprenticeships"), ("job", "Jobs"),
                                        ("apprenticeship", "Apprenticeships")], default="", validate_choice=False)
    hours = SelectField("Hours", choices=[("", "Any hours"), ("part", "Part time (under 30 hours a week)"),
                                          ("full", "Full time (30 hours or more)")], default="", validate_choice=False)
    min_pay = StringField("Pay at least (£ an hour)", validators=[Optional()],
                          description="For example 12.50. Yearly salaries are compared by the hour.",
                          render_kw={"inputmode": "decimal"})
    sort = SelectField("Sort by", choices=[("distance", "Nearest first"), ("newest", "Newest first")],
                       default="distance", validate_choice=False)

    def validate_min_pay(self, field):
        if not field.data:
            field.pence = None
            return
        try:
            pounds = Decimal(field.data.strip().lstrip("£"))
        except InvalidOperation:
            raise ValidationError("Enter pay as a number of pounds, like 12.50") from None
        if not 0 <= pounds <= MAX_HOURLY_POUNDS:
            raise ValidationError(f"Enter an hourly rate from £0 to £{MAX_HOURLY_POUNDS}")
        field.pence = int(pounds * 100)

    def radius_km(self) -> int:
        return int(self.radius.data) if self.radius.data in {str(r) for r in RADIUS_CHOICES_KM} else DEFAULT_RADIUS_KM
