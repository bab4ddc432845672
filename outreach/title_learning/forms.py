from __future__ import annotations

from wtforms import HiddenField, RadioField
from wtforms.validators import InputRequired, Length

from outreach.forms import BaseForm


class TitleDecisionForm(BaseForm):
    """One group's decision: the group is named by its key and the role recruiters chose."""

    title_key = HiddenField(validators=[InputRequired(), Length(max=120)])
    role_slug = HiddenField(validators=[Length(max=80)])
    decision = RadioField("What should happen to this title?", validators=[InputRequired("Choose what to do")],
                          choices=[("synonym", "Add it as a name for the role"),
                                   ("no_role", "It belongs to no role"), ("dismissed", "Dismiss it")])


class UndoDismissalForm(BaseForm):
    title_key = HiddenField(validators=[InputRequired(), Length(max=120)])
    role_slug = HiddenField(validators=[Length(max=80)])
