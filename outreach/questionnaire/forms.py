"""Forms for the questionnaire pages and sharing. Services check the answers themselves."""
from __future__ import annotations

from wtforms import BooleanField, HiddenField, RadioField, StringField

from outreach.forms import BaseForm


class AnswerForm(BaseForm):
    """One question. The answer's choices differ per person and page, so the service
    (not WTForms) checks that it is one of them, and says so beside the field."""

    response = HiddenField()
    item = HiddenField()
    version = HiddenField()
    answer = RadioField("Your answer", choices=[], validate_choice=False)
    action = StringField()  # the button pressed: next, back or later

    def raw_answer(self) -> str | None:
        value = self.answer.data
        return value if isinstance(value, str) and value != "None" else None


class StartForm(BaseForm):
    pass


class FinishForm(BaseForm):
    response = HiddenField()


class ShareForm(BaseForm):
    organisation = HiddenField()
    include_raw_answers = BooleanField("Also let them see my answer to each question")


class RevokeShareForm(BaseForm):
    pass
