"""Forms for posting, finding and signing up for tasters, consent and feedback."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from outreach import clock, content, geo
from outreach.forms import BaseForm, postcode_validator
from outreach.models.opportunities import KIND_LABELS, TASTER_KINDS
from outreach.models.organisations import PROVIDER_TYPES
from outreach.opportunities import observed
from outreach.submissions import submission_field
from outreach.tasters import after
from outreach.tasters.posting import MAX_REPEAT_WEEKS
from outreach.tasters.search import MAX_RADIUS_KM, km_to

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")


class WholeNumberField(IntegerField):
    """An integer field whose parse error is a message a person can act on; the typed text is kept."""

    def __init__(self, *args, invalid_message: str = "Enter a whole number, like 4", **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_message) from None


def text(label, required=None, max_length=5000, min_length=0, description=None):
    validators = [InputRequired(required)] if required else [Optional()]
    validators.append(Length(min=min_length, max=max_length,
                             message=f"{label} must be between {min_length} and {max_length} characters"
                             if min_length else f"{label} must be {max_length} characters or fewer"))
    return validators


class TasterForm(BaseForm):
    submission = submission_field()
    kind = RadioField("Kind of taster", choices=[(k, KIND_LABELS[k]) for k in TASTER_KINDS],
                      validators=[InputRequired("Choose the kind of taster")])
    title = StringField("Title", validators=text("Title", "Enter a title", 120, 5),
                        description="For example: Buddy shift with our activities team")
    description = TextAreaField("What the taster is about", validators=text("The description", "Describe the taster",
                                                                             4000, 20))
    setting = SelectField("Type of service", choices=[("", "Choose a type of service")] + list(PROVIDER_TYPES.items()),
                          validators=[Optional()])
    role_slug = SelectField("Role it gives a taste of (optional)", validators=[Optional()])
    postcode = StringField("Postcode of the venue", validators=[Optional(), postcode_validator(allow_partial=False)],
                           description="Not needed for virtual sessions.", render_kw={"autocomplete": "postal-code"})
    min_age = RadioField("Minimum age on the day", coerce=int, choices=[(14, "14"), (16, "16"), (18, "18")],
                         validators=[InputRequired("Choose the minimum age")])
    dbs_required = BooleanField("Visitors need a DBS check",
                                description="Only possible for people aged 16 or over, so choose a minimum age of "
                                            "16 or 18 if you tick this.")
    what_to_wear = TextAreaField("What to wear and bring", validators=text("What to wear", None, 1000))
    accessibility = TextAreaField("Accessibility of the venue", validators=text("Accessibility", None, 1000),
                                  description="Step-free access, parking, toilets, quiet spaces, nearest bus stop.")
    will_do = TextAreaField("What the visitor will do", validators=text("What the visitor will do",
                            "Say what the visitor will do", 2000))
    will_not_do = TextAreaField("What the visitor will not do", validators=text("What the visitor will not do",
                                "Say what the visitor will not do", 2000),
                                description="Under-18s never give personal care and are never left alone with a "
                                            "resident.")
    safeguarding_contact_name = StringField("Safeguarding contact's name", validators=text(
        "The name", "Name your safeguarding contact", 120))
    safeguarding_contact = StringField("Safeguarding contact's email or phone number", validators=text(
        "The contact", "Give an email address or phone number for your safeguarding contact", 254))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role_slug.choices = [("", "No particular role")] + list(content.role_titles().items())

    def validate_postcode(self, field):
        if self.kind.data != "virtual" and not field.data:
            raise ValidationError("Enter the postcode where the taster takes place")

    def validate_safeguarding_contact(self, field):
        value = (field.data or "").strip()
        if "@" in value:
            try:
                Email()(self, field)
            except ValidationError:
                raise ValidationError("Enter an email address like name@example.com, or a phone number") from None
        elif not PHONE_RE.match(value):
            raise ValidationError("Enter an email address, or a phone number like 01305 123456")

    def value_fields(self):
        return [(v, self[f"value_{v['key']}"]) for v in content.values()]

    def desired_values(self) -> dict[str, int]:
        return {v["key"]: int(self[f"value_{v['key']}"].data or 0) for v in content.values()}


WEIGHTS = [("0", "Not needed"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5 (essential)")]
for _value in content.values():
    setattr(TasterForm, f"value_{_value['key']}", SelectField(_value["name"], choices=WEIGHTS, default="0",
                                                              validators=[Optional()]))


class RiskAssessmentForm(BaseForm):
    activities = TextAreaField("What the visitor will do, step by step", validators=text(
        "The activities", "Describe what the visitor will do", 3000))

    def hazard_rows(self):
        return [(self[f"hazard_{i}"], self[f"control_{i}"]) for i in range(HAZARD_ROWS)]

    def hazards(self) -> list[dict]:
        return [{"hazard": h.data or "", "control": c.data or ""} for h, c in self.hazard_rows()]


HAZARD_ROWS = 5
for _i in range(HAZARD_ROWS):
    setattr(RiskAssessmentForm, f"hazard_{_i}", StringField(f"Hazard {_i + 1}", validators=[Length(max=300)]))
    setattr(RiskAssessmentForm, f"control_{_i}", StringField(f"How you control hazard {_i + 1}",
                                                             validators=[Length(max=500)]))
# Declared after the hazard rows so that the error summary lists problems in the order of the page.
RiskAssessmentForm.findings = TextAreaField("Findings for parents and guardians", validators=text(
    "The findings", "Write the findings that parents and guardians will read", 3000),
    description="In plain words: the main risks, how you keep the visitor safe, and who supervises them.")


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationError("Enter a real date, like 2026-12-24") from None


def parse_clock(value: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", (value or "").strip())
    if not match:
        raise ValidationError("Enter a time using the 24-hour clock, like 09:30 or 14:00")
    return time(int(match.group(1)), int(match.group(2)))


def uk_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=clock.UK).astimezone(timezone.utc)


class SessionForm(BaseForm):
    date = StringField("Date", validators=[InputRequired("Enter the date")], render_kw={"type": "date"},
                       description="For example, 2026-12-24")
    starts = StringField("Start time", validators=[InputRequired("Enter the start time")],
                         render_kw={"type": "time"}, description="24-hour clock, for example 09:30")
    ends = StringField("End time", validators=[InputRequired("Enter the end time")], render_kw={"type": "time"},
                       description="24-hour clock, for example 13:00")
    places = WholeNumberField("Places", invalid_message="Enter the number of places as a whole number, like 4",
                              validators=[InputRequired("Enter the number of places"),
                                          NumberRange(1, 50, "Offer between 1 and 50 places")],
                              render_kw={"inputmode": "numeric"})
    supervisor_name = StringField("Supervising member of staff", validators=text(
        "The supervisor's name", "Name the member of staff who will supervise", 120))

    def validate_date(self, field):
        parse_day(field.data)

    def validate_starts(self, field):
        parse_clock(field.data)

    def validate_ends(self, field):
        parse_clock(field.data)

    def times(self) -> tuple[datetime, datetime]:
        day = parse_day(self.date.data)
        return uk_to_utc(day, parse_clock(self.starts.data)), uk_to_utc(day, parse_clock(self.ends.data))

    def fill(self, session) -> None:
        start, end = clock.to_uk(session.starts_at), clock.to_uk(session.ends_at)
        self.date.data, self.starts.data, self.ends.data = start.date().isoformat(), start.strftime("%H:%M"), \
            end.strftime("%H:%M")
        self.places.data, self.supervisor_name.data = session.places, session.supervisor_name


class AddSessionForm(SessionForm):
    """Adding one session, or the same time every week for a few weeks (one transaction)."""

    submission = submission_field()
    repeat_weeks = WholeNumberField(
        "Repeat every week for (optional)", invalid_message="Enter the number of weeks as a whole number, like 6",
        validators=[Optional(), NumberRange(1, MAX_REPEAT_WEEKS,
                                            f"Repeat for between 1 and {MAX_REPEAT_WEEKS} weeks")],
        description=f"Number of weeks, up to {MAX_REPEAT_WEEKS}. For example, 6 adds this session and the same "
                    "day and times for the next 5 weeks. Leave empty for one session.",
        render_kw={"inputmode": "numeric"})

    def all_times(self) -> list[tuple[datetime, datetime]]:
        """The first session's times and each following week's, on the same UK clock times."""
        day = parse_day(self.date.data)
        starts, ends = parse_clock(self.starts.data), parse_clock(self.ends.data)
        weeks = self.repeat_weeks.data or 1
        return [(uk_to_utc(day + timedelta(weeks=week), starts), uk_to_utc(day + timedelta(weeks=week), ends))
                for week in range(weeks)]


class SignUpForm(BaseForm):
    submission = submission_field()
    guardian_name = StringField("Parent or guardian's full name", validators=[Length(max=120)],
                                render_kw={"autocomplete": "off"})
    guardian_email = StringField("Parent or guardian's email address", validators=[
        Optional(), Length(max=254), Email("Enter an email address like name@example.com",
                                           check_deliverability=False)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "email"},
        description="We email them a link to give or refuse consent, with the details and the risk assessment.")
    copy_school = BooleanField("Copy my school's careers contact")
    school = SelectField("Your school", validators=[Optional()])
    access_needs = TextAreaField("Anything the provider needs to know for your visit (optional)", validators=[
        Length(max=500, message="Keep this under 500 characters")],
        description="For example, access needs or a health condition. Do not include contact details.")
    join_waitlist = BooleanField("Join the waiting list if the session is full")


class GuardianEmailForm(BaseForm):
    guardian_email = StringField("Your parent or guardian's email address", validators=[
        InputRequired("Enter your parent or guardian's email address"), Length(max=254),
        Email("Enter an email address like name@example.com", check_deliverability=False)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "email"},
        description="We send them a new link to give or refuse consent. The link in the old email stops working.")


class CancelForm(BaseForm):
    reason = RadioField("Why are you cancelling?", validators=[InputRequired("Choose a reason")])

    def __init__(self, *args, reasons: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = list(reasons.items())


class ConsentForm(BaseForm):
    decision = RadioField("Do you give consent?", choices=[
        ("consented", "Yes, I give consent for this placement"), ("declined", "No, I do not give consent")],
        validators=[InputRequired("Choose whether you give consent")])
    read_details = BooleanField("I have read the details and the risk assessment findings")

    def validate_read_details(self, field):
        if self.decision.data == "consented" and not field.data:
            raise ValidationError("Confirm you have read the details and the risk assessment findings")


class AttendanceForm(BaseForm):
    attended = RadioField("Did they come?", choices=[("yes", "Attended"), ("no", "Did not attend")],
                          validators=[InputRequired("Choose whether they attended")])


class ValuesRatingForm(BaseForm):
    def rows(self):
        return [(v, self[f"value_{v['key']}"]) for v in content.values()]

    def ratings(self) -> dict[str, int]:
        return {v["key"]: int(self[f"value_{v['key']}"].data) for v in content.values()}


for _value in content.values():
    setattr(ValuesRatingForm, f"value_{_value['key']}", RadioField(
        _value["name"], choices=[(str(k), label) for k, label in observed.OBSERVED_SCALE.items()],
        validators=[InputRequired(f"Choose an answer for {_value['name'].lower()}")]))


class VisitorFeedbackForm(BaseForm):
    submission = submission_field()
    consider_care = RadioField("Would you consider a job in care?", coerce=int,
                               choices=list(after.CONSIDER_SCALE.items()),
                               validators=[InputRequired("Choose how likely you are to consider a job in care")])
    enjoyed = TextAreaField("What did you enjoy? (optional)", validators=[
        Length(max=1000, message="Keep this under 1000 characters")])


class ProviderFeedbackForm(BaseForm):
    submission = submission_field()
    rating = RadioField("How did the visit go?", coerce=int, choices=list(after.VISIT_SCALE.items()),
                        validators=[InputRequired("Choose how the visit went")])
    comment = TextAreaField("Notes for your records and CareWays (optional, never sent to the visitor)",
                            validators=[Length(max=1000, message="Keep this under 1000 characters")])


class ReviewForm(BaseForm):
    decision = RadioField("Decision", choices=[("approve", "Approve and publish"),
                                               ("send_back", "Send back for changes")],
                          validators=[InputRequired("Choose approve or send back")])
    note = TextAreaField("What needs to change (shown to the provider)", validators=[
        Length(max=500, message="Keep the note under 500 characters")])


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""


class SearchForm(BaseForm):
    class Meta:
        csrf = False

    postcode = StringField("Your postcode", validators=[Optional(), postcode_validator(allow_partial=True)],
                           description="A full postcode or just the first part, like DT1 1 or DT1.",
                           render_kw={"autocomplete": "postal-code"})
    radius = StringField("Within", default="25", render_kw={"inputmode": "decimal"})
    unit = SelectField("Unit", choices=[("km", "km"), ("miles", "miles")], default="km")
    kind = SelectField("Kind", choices=[("", "Any kind")] + [(k, KIND_LABELS[k]) for k in TASTER_KINDS],
                       default="", validators=[Optional()])
    date_from = StringField("From", render_kw={"type": "date"}, description="For example, 2026-12-01")
    date_to = StringField("To", render_kw={"type": "date"}, description="For example, 2026-12-31")
    age = WholeNumberField("Your age", invalid_message="Enter your age as a whole number, like 15",
                           validators=[Optional(), NumberRange(14, 120, "Enter an age from 14 to 120")],
                           render_kw={"inputmode": "numeric"})
    suitable = BooleanField("Only show tasters suitable for my age")

    def validate_radius(self, field):
        try:
            value = float((field.data or "25").strip())
        except ValueError:
            raise ValidationError("Enter the distance as a number, like 25") from None
        maximum = round(km_to(self.unit.data, MAX_RADIUS_KM))
        if not 1 <= value <= maximum:
            raise ValidationError(f"Enter a distance from 1 to {maximum} {self.unit.data}")
        field.value = value

    def validate_date_from(self, field):
        if field.data:
            field.day = parse_day(field.data)

    def validate_date_to(self, field):
        if field.data:
            field.day = parse_day(field.data)
            start = getattr(self.date_from, "day", None)
            if start and field.day < start:
                raise ValidationError("The end date must be on or after the start date")


def geo_place(form: SearchForm) -> geo.Place | None:
    return getattr(form.postcode, "place", None) if form.postcode.data else None

