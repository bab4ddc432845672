from __future__ import annotations

from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional, ValidationError

from outreach.forms import BaseForm, email_field, parse_date_parts, postcode_validator
from outreach.passwords import MAX_LENGTH, MIN_LENGTH
from outreach.submissions import submission_field

PASSWORD_HINT = f"At least {MIN_LENGTH} characters. Three or four random words make a strong password."


def new_password_field(label="Create a password"):
    return PasswordField(
        label,
        validators=[InputRequired("Enter a password"),
                    Length(max=MAX_LENGTH, message=f"Use {MAX_LENGTH} characters or fewer")],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )


class SignUpForm(BaseForm):
    submission = submission_field()
    account_type = RadioField(
        "Which describes you?",
        choices=[("pupil", "I am at school or college and aged 14 to 17"),
                 ("applicant", "I am 16 or over and looking for a job, apprenticeship or taster")],
        validators=[InputRequired("Choose the account that describes you")],
    )
    first_name = StringField("First name", validators=[InputRequired("Enter your first name"),
                             Length(max=60, message="First name must be 60 characters or fewer")],
                             render_kw={"autocomplete": "given-name"})
    last_name = StringField("Last name (optional for pupils)", validators=[Optional(), Length(max=60,
                            message="Last name must be 60 characters or fewer")],
                            render_kw={"autocomplete": "family-name"})
    email = email_field()
    password = new_password_field()
    dob_day = StringField("Day", render_kw={"inputmode": "numeric", "autocomplete": "bday-day", "size": 2})
    dob_month = StringField("Month", render_kw={"inputmode": "numeric", "autocomplete": "bday-month", "size": 2})
    dob_year = StringField("Year", render_kw={"inputmode": "numeric", "autocomplete": "bday-year", "size": 4})
    postcode = StringField(
        "Postcode",
        validators=[InputRequired("Enter your postcode so we can find places near you"), postcode_validator()],
        description="We keep only the first part and one more character (like DT1 1), never your address.",
        render_kw={"autocomplete": "postal-code", "spellcheck": "false"},
    )

    def validate_dob_day(self, field):
        try:
            self.date_of_birth = parse_date_parts(self.dob_day.data, self.dob_month.data, self.dob_year.data)
        except ValueError as error:
            self.date_of_birth = None
            raise ValidationError(str(error)) from None

    def validate_last_name(self, field):
        if self.account_type.data == "applicant" and not field.data:
            raise ValidationError("Enter your last name")


class SignInForm(BaseForm):
    email = email_field()
    password = PasswordField("Password", validators=[InputRequired("Enter your password"),
                             Length(max=MAX_LENGTH, message="That password is too long")],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(BaseForm):
    email = email_field()


class SignInLinkForm(BaseForm):
    email = email_field()


class UseSignInLinkForm(BaseForm):
    pass


class ResetPasswordForm(BaseForm):
    password = new_password_field("New password")
    confirm = PasswordField("Type the new password again",
                            validators=[InputRequired("Type the new password again"),
                                        EqualTo("password", "The two passwords do not match")],
                            render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(BaseForm):
    current_password = PasswordField("Current password", validators=[InputRequired("Enter your current password")],
                                     render_kw={"autocomplete": "current-password"})
    password = new_password_field("New password")
    confirm = PasswordField("Type the new password again",
                            validators=[InputRequired("Type the new password again"),
                                        EqualTo("password", "The two passwords do not match")],
                            render_kw={"autocomplete": "new-password"})


class ResendVerificationForm(BaseForm):
    pass


class SignOutForm(BaseForm):
    pass
