"""The public jobs search page, /jobs."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from outreach import content
from outreach.careers.search import role_for_title
from outreach.paging import paginate
from outreach.permissions import access
from outreach.vacancies import search
from outreach.vacancies.search_forms import JobSearchForm
from outreach.web import page_number

bp = Blueprint("job_search", __name__)


@bp.route("/jobs")
@access("anyone")
def search_page():
    formdata = request.args or None
    if not request.args and current_user.is_authenticated and getattr(current_user, "postcode_sector", None):
        formdata = MultiDict({"postcode": current_user.postcode_sector})  # start from where they live
    form = JobSearchForm(formdata=formdata)
    valid = form.validate()
    library = content.current()
    role = role_for_title(library, form.what.data) if valid and form.what.data else None
    found = wider = None
    if valid:
        place = getattr(form.postcode, "place", None) if form.postcode.data else None
        criteria = search.Criteria(
            role_slugs=library.related_roles(role.slug) if role else None,
            title_words=form.what.data if form.what.data and role is None else None,
            place=place, radius_km=form.radius_km(),
            kinds=(form.kind.data,) if form.kind.data in ("job", "apprenticeship") else search.VACANCY_KINDS,
            hours=form.hours.data if form.hours.data in ("part", "full") else "",
            min_hourly_pence=getattr(form.min_pay, "pence", None),
            sort="newest" if form.sort.data == "newest" or place is None else "distance",
        )
        found = paginate(search.find(criteria), page_number(), search.PER_PAGE)
        wider = search.wider_radius(criteria.radius_km) if place is not None else None
    params = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("vacancies/search.html", form=form, found=found, role=role, wider=wider, params=params,
                           place=getattr(form.postcode, "place", None) if valid and form.postcode.data else None)
