from wtforms import BooleanField, HiddenField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from outreach.forms import BaseForm, email_field
from outreach.submissions import submission_field

ABOUT = {
    "placement": "A taster or placement",
    "person": "Someone I met through CareWays",
    "provider": "A care provider",
    "website": "Something on this website",
    "other": "Something else",
}


class ConcernForm(BaseForm):
    about = RadioField("What is your concern about?", choices=list(ABOUT.items()),
                       validators=[InputRequired("Choose what your concern is about")])
    details = TextAreaField("Tell us what happened", validators=[
        InputRequired("Tell us what happened"), Length(max=4000, message="Keep this under 4,000 characters")],
        description="Say what happened, when and where, and who was involved, if you know.")
    contact_ok = BooleanField("You can contact me about this")
    contact = email_field("Email address to contact you on")
    page = HiddenField()
    submission = submission_field()

    def validate(self, extra_validators=None):
        if not self.contact_ok.data:
            self.contact.validators = [Optional()]
        return super().validate(extra_validators)
