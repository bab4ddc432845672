"""Forms for posting a vacancy and for the admin's review."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from outreach import content
from outreach.forms import BaseForm, postcode_validator
from outreach.matching_adapter import slot_choices
from outreach.models.opportunities import KIND_LABELS
from outreach.models.vacancies import APPRENTICESHIP_LEVELS, PAY_AGE_BANDS, PAY_TYPES, VACANCY_KINDS
from outreach.submissions import submission_field
from outreach.vacancies import questions

WEIGHTS = [("0", "Not needed"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5 (essential)")]
MONEY_RE = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


def text(label, required=None, max_length=5000, min_length=0):
    validators = [InputRequired(required)] if required else [Optional()]
    validators.append(Length(min=min_length, max=max_length,
                             message=f"{label} must be between {min_length} and {max_length} characters"
                             if min_length else f"{label} must be {max_length} characters or fewer"))
    return validators


def parse_pence(value: str) -> int:
    """'£12.71', '12.7', '25,000' or '25000.00' to pence; ValidationError otherwise."""
    cleaned = (value or "").strip().replace(" ", "")
    if not MONEY_RE.match(cleaned):
        raise ValidationError("Enter the pay as an amount in pounds, like 12.71 or 25000")
    try:
        return int(Decimal(cleaned.lstrip("£").replace(",", "")) * 100)
    except InvalidOperation:
        raise ValidationError("Enter the pay as an amount in pounds, like 12.71 or 25000") from None


def parse_number(value: str, message: str) -> float:
    try:
        return float((value or "").strip())
    except ValueError:
        raise ValidationError(message) from None


class WeightField(SelectField):
    """A 0-5 importance choice whose error says what to do."""

    def pre_validate(self, form):
        if self.data not in {value for value, _ in WEIGHTS}:
            raise ValidationError("Choose how important this value is, from 0 to 5")


class VacancyForm(BaseForm):
    submission = submission_field()  # a double click on Save makes one draft
    kind = RadioField("Is this a job or an apprenticeship?", choices=[(k, KIND_LABELS[k]) for k in VACANCY_KINDS],
                      validators=[InputRequired("Choose whether this is a job or an apprenticeship")])
    role_query = StringField("Search for the role", validators=[Optional(), Length(max=100)],
                             description="Type the job title people would know, like carer or senior support "
                                         "worker, then choose the closest role. Spelling mistakes are fine.")
    role_slug = RadioField("Which role is it?", validate_choice=False,  # the service checks it, with a clear message
                           validators=[InputRequired("Choose the role: search for it, then pick one from the list")])
    title = StringField("Job title", validators=text("The job title", "Enter the job title", 120, 5),
                        description="For example: Care assistant, nights")
    description = TextAreaField("What the job involves", validators=text(
        "The description", "Describe the job", 5000, 30))
    postcode = StringField("Postcode where the job is based", validators=[
        InputRequired("Enter the postcode where the job is based"), postcode_validator(allow_partial=False)],
        render_kw={"autocomplete": "postal-code"})
    min_age = RadioField("Minimum age", coerce=int, choices=[(16, "16"), (18, "18")],
                         validators=[InputRequired("Choose the minimum age")])
    hours_per_week = StringField("Hours a week", validators=[InputRequired("Enter the hours a week")],
                                 render_kw={"inputmode": "decimal"}, description="For example, 37.5")
    shift_pattern = StringField("Shift pattern", validators=text(
        "The shift pattern", "Describe the shift pattern", 300),
        description="For example: 4 days on, 4 off, 7am to 7pm, with every other weekend")
    shift_slots = SelectMultipleField("When the shifts are", choices=slot_choices(), validators=[Optional()],
                                      description="Tick every part of the week a shift may fall in. Leave all "
                                                  "unticked if the hours are flexible.")
    pay_type = RadioField("Pay is", choices=list(PAY_TYPES.items()),
                          validators=[InputRequired("Choose whether the pay is per hour or per year")])
    pay_amount = StringField("Pay in pounds", validators=[InputRequired("Enter the pay")],
                             render_kw={"inputmode": "decimal"}, description="For example, 12.71 an hour or 25000 a "
                                                                             "year")
    pay_age_band = SelectField("Who this pay rate is for", choices=[
        (k, v) for k, v in PAY_AGE_BANDS.items() if k != "apprentice"], default="21_plus",
        description="The pay must be at least the legal minimum for this group. Apprenticeships must pay at "
                    "least the apprentice rate.")
    apprenticeship_standard = StringField("Apprenticeship standard", validators=text("The standard", None, 120),
                                          description="For example, Adult Care Worker")
    apprenticeship_level = SelectField("Level", choices=[("", "Choose a level")] + [
        (str(level), f"Level {level}") for level in APPRENTICESHIP_LEVELS], validators=[Optional()])
    apprenticeship_months = StringField("How long it lasts, in months", validators=[Optional()],
                                        render_kw={"inputmode": "numeric"}, description="For example, 12")
    training_provider = StringField("Training provider", validators=text("The training provider", None, 120),
                                    description="The college or company that provides the training")
    driving_licence_required = BooleanField("A driving licence is needed for this job",
                                            description="Only tick this if the job cannot be done without "
                                                        "driving, for example home visits in a rural area.")
    closing_date = StringField("Closing date", validators=[InputRequired("Enter the closing date")],
                               render_kw={"type": "date"}, description="For example, 2026-12-24")
    motivation_questions = SelectMultipleField(
        "Questions applicants answer", choices=[(q.key, q.text) for q in questions.bank()],
        validators=[Optional()], description="Choose 2 or 3. Applicants answer them in a few sentences, alongside "
                                             "their values questionnaire result.")

    def __init__(self, *args, role_titles: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.role_slug.choices = list(role_titles.items())

    def validate_hours_per_week(self, field):
        field.number = parse_number(field.data, "Enter the hours a week as a number, like 37.5")

    def validate_pay_amount(self, field):
        field.pence = parse_pence(field.data)

    def validate_apprenticeship_months(self, field):
        if field.data:
            try:
                field.number = int(field.data.strip())
            except ValueError:
                raise ValidationError("Enter the number of months as a whole number, like 12") from None

    def validate_closing_date(self, field):
        try:
            field.day = date.fromisoformat((field.data or "").strip())
        except ValueError:
            raise ValidationError("Enter a real date, like 2026-12-24") from None

    def value_fields(self):
        return [(v, self[f"value_{v['key']}"]) for v in content.values()]

    def desired_values(self) -> dict[str, int]:
        return {v["key"]: int(self[f"value_{v['key']}"].data or 0) for v in content.values()}


for _value in content.values():
    setattr(VacancyForm, f"value_{_value['key']}", WeightField(_value["name"], choices=WEIGHTS, default="0",
                                                               validators=[Optional()]))


class ReviewForm(BaseForm):
    decision = RadioField("Decision", choices=[("approve", "Approve and publish"),
                                               ("send_back", "Send back for changes")],
                          validators=[InputRequired("Choose approve or send back")])
    note = TextAreaField("What needs to change (shown to the provider)", validators=[
        Length(max=500, message="Keep the note under 500 characters")])


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""
