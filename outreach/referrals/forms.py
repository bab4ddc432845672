from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from outreach.forms import BaseForm
from outreach.models.referrals import LEAD_STAGES
from outreach.referrals import contact, roles
from outreach.submissions import submission_field


def _phone_check(form, field):
    try:
        field.data = contact.normalise_phone(field.data)
    except contact.BadPhone as error:
        raise ValidationError(str(error)) from None


class FriendForm(BaseForm):
    """What a friend tells us on the public form: no more than this."""

    name = StringField("Your name", validators=[InputRequired("Enter your name"),
                       Length(max=120, message="Name must be 120 characters or fewer")],
                       render_kw={"autocomplete": "name"})
    email = StringField("Email address", validators=[Optional(), Length(max=254, message="Email addresses are 254 "
                        "characters or fewer"), Email("Enter an email address like name@example.com",
                                                      check_deliverability=False)],
                        render_kw={"autocomplete": "email", "spellcheck": "false", "inputmode": "email"})
    phone = StringField("Phone number", validators=[Optional(), _phone_check],
                        description="Give an email address, a phone number or both.",
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    role = SelectField("Which role interests you?", validators=[InputRequired("Choose a role, or Not sure yet")])
    consent = BooleanField("I am happy for this provider to contact me about working with them",
                           validators=[InputRequired("Tick the box so the provider may contact you")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = roles.choices()

    def validate_role(self, field):
        if field.data not in dict(roles.choices()) or not field.data:
            raise ValidationError("Choose a role, or Not sure yet")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.email.data and not self.phone.data and not self.phone.errors and not self.email.errors:
            self.email.errors = list(self.email.errors) + [self.missing_contact]
            ok = False
        return ok

    missing_contact = "Enter an email address or a phone number"


class StaffEntryForm(FriendForm):
    submission = submission_field()
    """A staff member enters a friend's details, with the friend's agreement."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name.label.text = "Your friend's name"
        self.email.label.text = "Your friend's email address"
        self.email.description = "We will email your friend to check they are happy to hear from us."
        self.phone.label.text = "Your friend's phone number (optional)"
        self.phone.description = None
        self.role.label.text = "Which role might suit them?"
        self.consent.label.text = "My friend has agreed that I can pass their details to my employer"
        self.consent.validators = [InputRequired("Tick the box to show your friend has agreed")]

    missing_contact = "Enter your friend's email address so they can confirm"

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.email.data and self.missing_contact not in self.email.errors:
            self.email.errors = list(self.email.errors) + [self.missing_contact]
            ok = False
        return ok


class TargetLinkForm(BaseForm):
    target = SelectField("Taster or vacancy", validators=[InputRequired("Choose a taster or vacancy")])


class OptInForm(BaseForm):
    opt_in = RadioField("Show me on the leaderboard", choices=[("yes", "Yes, show my first name and points"),
                        ("no", "No, keep me off it")], validators=[InputRequired("Choose yes or no")])


class StageForm(BaseForm):
    stage = SelectField("Move to stage", choices=list(LEAD_STAGES.items()),
                        validators=[InputRequired("Choose a stage")])
    reason = StringField("Note (optional)", validators=[Optional(), Length(max=300,
                         message="Keep the note under 300 characters")],
                         description="For example: spoke on the phone, booked an interview.")
    new_to_care = BooleanField("New to care (earns the referrer a bonus once hired)")


class StillEmployedForm(BaseForm):
    still_employed = RadioField("Are they still working with you?", choices=[("yes", "Yes"), ("no", "No, they left")],
                                validators=[InputRequired("Choose yes or no")])


def points_field(label: str):
    return IntegerField(label, validators=[InputRequired(f"Enter the points for {label.lower()} (0 for none)"),
                        NumberRange(min=0, max=100000, message="Use a whole number from 0 to 100,000")],
                        render_kw={"inputmode": "numeric"})


class SettingsForm(BaseForm):
    points_new = points_field("A friend comes forward")
    points_applied = points_field("They apply")
    points_interviewed = points_field("They are interviewed")
    points_hired = points_field("They are hired")
    points_employed_3m = points_field("Still with you at 3 months")
    points_employed_6m = points_field("Still with you at 6 months")
    new_to_care_bonus = points_field("Bonus when the friend is new to care")
    monthly_share_cap = IntegerField(
        "Most points a person can earn each month for friends coming forward",
        validators=[Optional(), NumberRange(min=0, max=100000, message="Use a whole number from 0 to 100,000")],
        description="We suggest 50 (ten friends a month). Leave empty for no limit. Points for later stages are "
                    "never capped.",
        render_kw={"inputmode": "numeric"},
    )
    leaderboard_enabled = BooleanField("Show a leaderboard to staff who choose to appear on it")
