from __future__ import annotations

import re

from wtforms import RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from outreach.accounts.forms import new_password_field
from outreach.forms import BaseForm, email_field, postcode_validator
from outreach.models.organisations import PROVIDER_ROLES, PROVIDER_TYPES
from outreach.submissions import submission_field

CQC_LOCATION_RE = re.compile(r"^1-\d{6,11}$")


class RegisterOrganisationForm(BaseForm):
    submission = submission_field()
    name = StringField("Organisation name", validators=[InputRequired("Enter the organisation's name"),
                       Length(min=2, max=120, message="Name must be between 2 and 120 characters")],
                       render_kw={"autocomplete": "organization"})
    provider_type = RadioField("Type of care service", choices=list(PROVIDER_TYPES.items()),
                               validators=[InputRequired("Choose the type of care service")])
    cqc_location_id = StringField(
        "CQC location ID (optional)",
        validators=[Optional(), Length(max=20, message="That is too long for a CQC location ID")],
        description="Find it on your CQC inspection report. It looks like 1-123456789.",
        render_kw={"spellcheck": "false"},
    )
    postcode = StringField("Postcode of the main site", validators=[InputRequired("Enter the postcode"),
                           postcode_validator(allow_partial=False)], render_kw={"autocomplete": "postal-code"})
    first_name = StringField("Your first name", validators=[InputRequired("Enter your first name"),
                             Length(max=60, message="First name must be 60 characters or fewer")],
                             render_kw={"autocomplete": "given-name"})
    last_name = StringField("Your last name", validators=[InputRequired("Enter your last name"),
                            Length(max=60, message="Last name must be 60 characters or fewer")],
                            render_kw={"autocomplete": "family-name"})
    email = email_field("Your work email address")
    password = new_password_field()

    def __init__(self, *args, kind: str = "provider", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "school":
            del self.provider_type
            del self.cqc_location_id
            self.name.label.text = "School or college name"
            self.postcode.label.text = "School postcode"

    def validate_cqc_location_id(self, field):
        if field.data:
            field.data = field.data.strip().upper().replace(" ", "")
            if not CQC_LOCATION_RE.match(field.data):
                raise ValidationError("A CQC location ID looks like 1-123456789 (1, a dash, then 6 to 11 numbers)")


class InviteForm(BaseForm):
    submission = submission_field()
    email = email_field("Colleague's work email address")
    role = RadioField("Their role", choices=list(PROVIDER_ROLES.items()),
                      validators=[InputRequired("Choose their role")])


class AcceptInviteForm(BaseForm):
    first_name = StringField("First name", validators=[InputRequired("Enter your first name"),
                             Length(max=60, message="First name must be 60 characters or fewer")])
    last_name = StringField("Last name", validators=[InputRequired("Enter your last name"),
                            Length(max=60, message="Last name must be 60 characters or fewer")])
    password = new_password_field()


class RevokeInviteForm(BaseForm):
    pass


class RoleForm(BaseForm):
    role = RadioField("Their new role", choices=list(PROVIDER_ROLES.items()),
                      validators=[InputRequired("Choose their new role")])


class DecisionForm(BaseForm):
    decision = SelectField("Decision", choices=[("approved", "Approve"), ("rejected", "Reject"),
                                                ("suspended", "Suspend")])
    reason = StringField("Reason (shown to the organisation)", validators=[Length(max=500,
                         message="Keep the reason under 500 characters")])

    def validate_reason(self, field):
        if self.decision.data in ("rejected", "suspended") and not field.data:
            raise ValidationError("Give a reason so the organisation knows what to change")
