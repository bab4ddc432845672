"""Find tasters, read one, see a provider's tasters, and the guardian's consent link."""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from outreach import clock, ratelimit
from outreach.extensions import db
from outreach.models.opportunities import TASTER_KINDS
from outreach.models.organisations import Organisation
from outreach.paging import paginate
from outreach.permissions import access
from outreach.tasters import consent as consents
from outreach.tasters import notify, places, search
from outreach.tasters.blueprint import bp
from outreach.tasters.errors import ConsentExpired, ConsentLinkInvalid, TasterError
from outreach.tasters.forms import CancelForm, ConsentForm, SearchForm, geo_place
from outreach.tasters.signups import age_on_day
from outreach.web import page_number


def own_age():
    """The signed-in visitor's age today, if we know it."""
    if current_user.is_authenticated and current_user.date_of_birth is not None:
        return current_user.age()
    return None


@bp.route("/tasters/")
@access("anyone")
def search_page():
    formdata = request.args or None
    if not request.args and current_user.is_authenticated and current_user.postcode_sector:
        formdata = MultiDict({"postcode": current_user.postcode_sector})  # start from where they live
    form = SearchForm(formdata=formdata)
    valid = form.validate()
    place = geo_place(form) if valid else None
    kind = form.kind.data if form.kind.data in TASTER_KINDS else ""
    unit = form.unit.data if form.unit.data in ("km", "miles") else "km"
    radius_value = getattr(form.radius, "value", search.DEFAULT_RADIUS_KM)
    age = own_age() if form.suitable.data and own_age() is not None else (form.age.data if valid else None)
    results = found = virtual = None
    wider = None
    if valid:
        criteria = search.Criteria(
            place=place, radius_km=search.to_km(unit, radius_value), kinds=(kind,) if kind else TASTER_KINDS,
            date_from=getattr(form.date_from, "day", None), date_to=getattr(form.date_to, "day", None), age=age)
        results = search.find(criteria)
        if kind == "virtual":
            found = paginate(results.virtual, page_number())
            virtual = []
        else:
            found = paginate(results.in_person, page_number()) if place else None
            virtual = results.virtual[:5]
        if found is not None:
            found.items = search.with_sessions(found.items, criteria)
        wider = search.wider_radius(radius_value, unit)
    # Page links repeat the search's own fields only: the query string never chooses url_for's options.
    params = {field.name: request.args[field.name] for field in form if request.args.get(field.name)}
    return render_template("tasters/search.html", form=form, found=found, virtual=virtual, place=place, kind=kind,
                           unit=unit, radius_value=radius_value, wider=wider, params=params, age=age,
                           km_to=search.km_to, can_filter_own_age=own_age() is not None,
                           virtual_total=len(results.virtual) if results else 0)


@bp.route("/tasters/<public_id>")
@access("anyone")
def detail(public_id):
    opportunity = search.public_taster(public_id)
    preview = False
    if opportunity is None:
        opportunity = _preview(public_id)
        preview = True
    now = clock.now()
    sessions = [s for s in opportunity.sessions if s.status == "open" and s.starts_at > now]
    ages = {}
    if current_user.is_authenticated and current_user.account_type in ("pupil", "applicant"):
        ages = {s.id: age_on_day(current_user, s) for s in sessions}
    return render_template("tasters/detail.html", opportunity=opportunity, sessions=sessions, preview=preview,
                           ages=ages, rules=notify.UNDER_18_RULES, risk=opportunity.risk_assessment)


def _preview(public_id):
    """Members of the provider (and admins) may look at a taster that is not public yet."""
    from outreach.models.opportunities import Opportunity

    if not current_user.is_authenticated:
        abort(404)
    opportunity = db.session.execute(
        select(Opportunity).where(Opportunity.public_id == public_id, Opportunity.kind.in_(TASTER_KINDS))
    ).scalar_one_or_none()
    if opportunity is None:
        abort(404)
    if current_user.account_type == "admin" or (
            current_user.organisation is not None and current_user.organisation.id == opportunity.organisation_id):
        return opportunity
    abort(404)


@bp.route("/tasters/providers/<public_id>")
@access("anyone")
def provider_page(public_id):
    organisation = db.session.execute(
        select(Organisation).where(Organisation.public_id == public_id, Organisation.kind == "provider",
                                   Organisation.status == "approved")
    ).scalar_one_or_none()
    if organisation is None:
        abort(404)
    from outreach.tasters import posting
    from outreach.vacancies import service as vacancies

    tasters = [o for o in posting.for_organisation(organisation) if o.status == "published"]
    return render_template("tasters/provider.html", organisation=organisation, tasters=tasters,
                           upcoming=posting.upcoming_sessions,
                           vacancies=vacancies.live_for_organisation(organisation, page_number()))


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _link_problem(message: str, status: int = 400):
    return _no_store((render_template("tasters/consent_problem.html", message=message), status))


@bp.route("/tasters/consent/<token>", methods=["GET", "POST"])
@access("anyone")
@ratelimit.by_address("consent-link", 60, 3600)
def consent(token):
    try:
        record = consents.for_token(token)
    except ConsentLinkInvalid as error:
        return _link_problem(error.message)
    signup = record.signup
    form = ConsentForm()
    if consents.is_expired(record) and signup.status in ("pending_consent", "expired"):
        return _link_problem(consents._EXPIRED.format(name=signup.user.first_name), 410)
    if request.method == "POST" and form.validate():
        try:
            consents.decide(token, form.decision.data)
        except ConsentLinkInvalid as error:
            return _link_problem(error.message)
        except ConsentExpired as error:
            return _link_problem(error.message, 410)
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash("Thank you. We have recorded your answer." if form.decision.data == "consented"
                  else "Thank you. We have told them you did not give consent, and the place has been released.",
                  "success")
        return _no_store(redirect(url_for("tasters.consent", token=token)))
    session = signup.session
    return _no_store(render_template(
        "tasters/consent.html", form=form, consent=record, signup=signup, session=session,
        opportunity=session.opportunity, risk=session.opportunity.risk_assessment, rules=notify.UNDER_18_RULES,
        token=token, cancel_form=CancelForm(reasons=notify.GUARDIAN_REASONS, prefix="cancel"),
        age_band=notify.age_band(notify.visitor_age(signup)), rank=places.waitlist_rank(signup),
        reason=notify.reason_text(signup.cancel_reason) if signup.cancel_reason else None,
    ))


@bp.route("/tasters/consent/<token>/cancel", methods=["POST"])
@access("anyone")
@ratelimit.by_address("consent-link", 60, 3600)
def consent_cancel(token):
    try:
        consents.for_token(token)
    except ConsentLinkInvalid as error:
        return _link_problem(error.message)
    form = CancelForm(reasons=notify.GUARDIAN_REASONS, prefix="cancel")
    if not form.validate():
        flash("Choose a reason to cancel the place.", "error")
    else:
        try:
            consents.guardian_cancel(token, form.reason.data)
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash("The place is cancelled. We have told them and the provider.", "success")
    return _no_store(redirect(url_for("tasters.consent", token=token)))
