"""Forms for the matching profile, applying, the shortlist's filters, the pipeline and hires' checks."""
from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from outreach.applications import shortlist
from outreach.applications.applying import MAX_ANSWER
from outreach.applications.notes import MAX_NOTE
from outreach.applications.pipeline import MAX_REASON
from outreach.applications.profiles import MAX_TRAVEL_KM
from outreach.forms import BaseForm, postcode_validator
from outreach.matching_adapter import slot_choices
from outreach.models.applications import RECRUITER_STAGES, STAGE_LABELS
from outreach.submissions import submission_field


class ProfileForm(BaseForm):
    role_1 = StringField("Role you would like", validators=[Optional(), Length(max=80)],
                         description="Type it in your own words, like carer or support worker. Leave the roles empty "
                                     "if you are open to anything.")
    role_2 = StringField("Another role (optional)", validators=[Optional(), Length(max=80)])
    role_3 = StringField("Another role (optional)", validators=[Optional(), Length(max=80)])
    interests = TextAreaField("Your interests (optional)", validators=[
        Length(max=1000, message="Keep this under 1000 characters")],
        description="Hobbies and things you enjoy, like cooking, music or sport.")
    experience = TextAreaField("Your experience (optional)", validators=[
        Length(max=1500, message="Keep this under 1500 characters")],
        description="Anything that counts: looking after family, volunteering, clubs, jobs. Do not include "
                    "health details.")
    postcode = StringField("Your postcode", validators=[Optional(), postcode_validator(allow_partial=True)],
                           description="We keep only the first part and the next digit (like DT1 1), never your "
                                       "address.", render_kw={"autocomplete": "postal-code"})
    max_travel_km = StringField("Furthest you can travel, in km (optional)", validators=[Optional()],
                                render_kw={"inputmode": "decimal"},
                                description="Leave empty for our default: 8 km, or 20 km if you drive and are 17 or "
                                            "over.")
    availability = SelectMultipleField("When you are free", choices=slot_choices(), validators=[Optional()],
                                       description="Tick every time you could work or visit. Leave all unticked if "
                                                   "you would rather not say.")
    driving_licence = BooleanField("I have a full driving licence")
    discoverable = BooleanField("Let care providers near me find me and invite me to apply",
                                description="They see your first name, roughly how far away you are, when you are "
                                            "free, the roles you typed and your values scores. Never your email, "
                                            "phone number or address. Only for people aged 18 or over. You can "
                                            "turn this off at any time.")
    personalised_matches = BooleanField("Show me tasters picked for me",
                                        description="We use your postcode, when you are free and your values "
                                                    "questionnaire to suggest tasters. Only you see the suggestions.")

    def validate_max_travel_km(self, field):
        field.number = None
        if field.data:
            try:
                field.number = float(field.data.strip())
            except ValueError:
                raise ValidationError("Enter a distance in km, like 10, or leave it empty") from None
            if not 1 <= field.number <= MAX_TRAVEL_KM:
                raise ValidationError(f"Enter a distance from 1 to {MAX_TRAVEL_KM} km, or leave it empty")


def apply_form(questions, minor: bool = False):
    """An application form with one answer box per chosen question; under-18s name a parent or guardian."""

    class ApplyForm(BaseForm):
        submission = submission_field()
        share_raw_answers = BooleanField(
            "Let the provider see my answer to each questionnaire question",
            description="If you leave this unticked, they see your values scores and strengths only.")

        def guardian(self):
            from outreach.applications.applying import Guardian

            if not minor:
                return None
            return Guardian(self.guardian_name.data or "", self.guardian_email.data or "")

        def answer_fields(self):
            return [(q, self[f"answer_{q.key}"]) for q in questions]

        def answers(self) -> dict[str, str]:
            return {q.key: self[f"answer_{q.key}"].data or "" for q in questions}

    for question in questions:
        setattr(ApplyForm, f"answer_{question.key}", TextAreaField(
            question.text, description=question.hint, validators=[
                InputRequired("Answer this question in a sentence or two"),
                Length(max=MAX_ANSWER, message=f"Keep your answer under {MAX_ANSWER} characters")]))
    if minor:
        ApplyForm.guardian_name = StringField(
            "Your parent or guardian's full name", validators=[
                InputRequired("Enter your parent or guardian's full name"),
                Length(max=120, message="Keep the name under 120 characters")],
            render_kw={"autocomplete": "off"})
        ApplyForm.guardian_email = StringField(
            "Your parent or guardian's email address", validators=[
                InputRequired("Enter your parent or guardian's email address"),
                Length(max=254, message="Keep the email address under 254 characters")],
            description="We tell them you have applied, and again if the provider needs their consent. The "
                        "provider never sees it.", render_kw={"autocomplete": "off",
                                                              "spellcheck": "false"})
    return ApplyForm


class FilterForm(BaseForm):
    class Meta:
        csrf = False

    max_km = StringField("Within (km)", validators=[Optional()], render_kw={"inputmode": "decimal"})
    min_availability = SelectField("Free for at least", coerce=int, default=0, validators=[Optional()],
                                   choices=[(v, f"{v}% of the shifts" if v else "Any") for v in
                                            shortlist.AVAILABILITY_STEPS])
    min_values = SelectField("Values fit at least", coerce=int, default=0, validators=[Optional()],
                             choices=[(v, f"{v}%" if v else "Any") for v in shortlist.VALUES_STEPS])
    stage = SelectField("Stage", default="", validators=[Optional()],
                        choices=[("", "Any stage")] + list(STAGE_LABELS.items()))
    sort = SelectField("Sort by", default="score", validators=[Optional()], choices=list(shortlist.SORTS.items()))

    def validate_max_km(self, field):
        field.number = None
        if field.data:
            try:
                field.number = float(field.data.strip())
            except ValueError:
                raise ValidationError("Enter a distance in km, like 10") from None
            if not 0 < field.number <= 500:
                raise ValidationError("Enter a distance from 1 to 500 km")

    def filters(self) -> shortlist.Filters:
        valid = self.validate()
        return shortlist.Filters(
            max_km=getattr(self.max_km, "number", None) if valid else None,
            min_availability=self.min_availability.data if valid and self.min_availability.data else 0,
            min_values=self.min_values.data if valid and self.min_values.data else 0,
            stage=self.stage.data if valid and self.stage.data in STAGE_LABELS else "",
            sort=self.sort.data if valid and self.sort.data in shortlist.SORTS else "score")


class StageForm(BaseForm):
    to_stage = SelectField("Move to", validators=[InputRequired("Choose a stage to move them to")],
                           choices=[("", "Choose a stage")] + [(s, STAGE_LABELS[s]) for s in RECRUITER_STAGES])
    reason = TextAreaField("Reason (optional, seen only by your team)", validators=[
        Length(max=MAX_REASON, message=f"Keep the reason under {MAX_REASON} characters")])


class NoteForm(BaseForm):
    submission = submission_field()
    body = TextAreaField("Add a note (seen only by your team)", validators=[
        InputRequired("Write the note first"),
        Length(max=MAX_NOTE, message=f"Keep the note under {MAX_NOTE} characters")])


class EditNoteForm(BaseForm):
    body = TextAreaField("Your note (seen only by your team)", validators=[
        InputRequired("Write the note, or delete it instead"),
        Length(max=MAX_NOTE, message=f"Keep the note under {MAX_NOTE} characters")])


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""


class InviteForm(BaseForm):
    """The shortlist's "invite the people I ticked" button (the ticked boxes are read by the view)."""

    submission = submission_field()


class StillEmployedForm(BaseForm):
    """Yes or no for one hire on the hires page (the view names the person in the question)."""

    still_employed = RadioField("Are they still working with you?", validate_choice=False,
                                choices=[("yes", "Yes"), ("no", "No, they have left")],
                                validators=[InputRequired("Choose yes or no")])

    def validate_still_employed(self, field):
        if field.data not in ("yes", "no"):
            raise ValidationError("Choose yes or no")
