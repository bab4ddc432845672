from __future__ import annotations

from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from outreach.forms import BaseForm
from outreach.models.schools import TALK_KINDS
from outreach.models.schools import YEAR_GROUPS as YEARS
from outreach.submissions import submission_field

YEAR_GROUPS = [(str(y), f"Year {y}") for y in YEARS]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TalkRequestForm(BaseForm):
    submission = submission_field()
    kind = RadioField("What would you like?", choices=list(TALK_KINDS.items()),
                      validators=[InputRequired("Choose what you would like")],
                      description="A virtual talk has no distance limit: any care ambassador can take it.")
    year_groups = CheckboxesField("Which year groups?", choices=YEAR_GROUPS,
                                  validators=[InputRequired("Choose at least one year group")])
    first_choice = DateField("First choice of date", validators=[InputRequired("Enter a date, for example 14/03/2027")],
                             render_kw={"type": "date"})
    second_choice = DateField("Second choice of date (optional)", validators=[Optional()], render_kw={"type": "date"})
    pupils_expected = IntegerField("About how many pupils?", validators=[
        InputRequired("Enter about how many pupils will take part"),
        NumberRange(1, 500, "Enter a number from 1 to 500")], render_kw={"inputmode": "numeric"})
    topics = TextAreaField("What would you like them to cover?", validators=[
        InputRequired("Tell the provider what you would like covered"),
        Length(max=1000, message="Keep this under 1,000 characters")],
        description="For example: what a care worker does, apprenticeships, values, a day in a care home.")
    notes = TextAreaField("Anything else? (optional)",
                          validators=[Length(max=1000, message="Keep this under 1,000 characters")],
                          description="Access, timings, parking. Do not include pupils' names or details.")

    def validate_second_choice(self, field):
        if field.data and self.first_choice.data and field.data == self.first_choice.data:
            from wtforms.validators import ValidationError

            raise ValidationError("Choose a different second date, or leave it empty")


class AmbassadorForm(BaseForm):
    active = BooleanField("Yes, we will give talks and host visits as care ambassadors")
    radius_km = IntegerField("How far will you travel, in kilometres?", validators=[
        InputRequired("Enter how far you will travel"), NumberRange(1, 100, "Enter a distance from 1 to 100 km")],
        render_kw={"inputmode": "numeric"})
    topics = TextAreaField("What can you talk about? (optional)", validators=[Length(max=1000,
                           message="Keep this under 1,000 characters")])


class DeliveredForm(BaseForm):
    pupils_reached = IntegerField("How many pupils took part?", validators=[
        InputRequired("Enter how many pupils took part"), NumberRange(0, 1000, "Enter a number from 0 to 1,000")],
        render_kw={"inputmode": "numeric"})


class ActionForm(BaseForm):
    pass
