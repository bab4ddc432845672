"""Every figure on the impact dashboard, aggregated in SQL (one grouped query per section).

``Filters`` narrows by date range (UK dates, inclusive), local authority area (a list of postcode
districts from content/areas.yaml), area (a postcode district such as "DT1", or its area
letters such as "DT"), provider type and, for admins or a provider's own
view, one provider. Figures about people are only ever counts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, DateTime, Integer, and_, case, cast, exists, func, literal, select

from outreach import clock
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.applications import Application, ApplicationInvitation, ApplicationStageChange
from outreach.models.impact import PageViewTotal
from outreach.models.opportunities import Opportunity, TasterSession
from outreach.models.organisations import Organisation
from outreach.models.referrals import Lead
from outreach.models.signups import GuardianConsent, SignUp, TasterFeedback

POSITIVE = 4  # "would consider a care job": 4 or 5 on the 1..5 scale
APP_RANK = {"applied": 0, "shortlisted": 1, "invited_to_interview": 2, "interviewed": 3, "offered": 4, "hired": 5}
# Bands line up with the sector's published figures (under 25, 55 or over): see content/workforce_baseline.yaml.
AGE_BANDS = (("16-24", 16, 25), ("25-34", 25, 35), ("35-44", 35, 45), ("45-54", 45, 55), ("55-64", 55, 65),
             ("65+", 65, 200))
UNKNOWN = "Not known"


@dataclass
class Filters:
    start: date | None = None
    end: date | None = None
    area: str = ""
    local_authority: "Area | None" = None  # noqa: F821 (outreach.content.reference.Area)
    provider_type: str = ""
    organisation: Organisation | None = None  # one provider
    school: Organisation | None = None  # one school
    errors: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # one request's query results

    def bounds(self):
        start = datetime.combine(self.start, time(0), clock.UK) if self.start else None
        end = datetime.combine(self.end + timedelta(days=1), time(0), clock.UK) if self.end else None
        return (clock.as_utc(start) if start else None), (clock.as_utc(end) if end else None)


# ---------------------------------------------------------------- helpers


def _in_range(column, filters: Filters):
    start, end = filters.bounds()
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column < end)
    return conditions


def area_condition(column, filters: Filters):
    """Place filters on a postcode-district column.

    A local authority matches its listed districts. A typed district ("DT1") matches exactly;
    area letters ("DT") match DT1, DT11 but not e.g. "D". Both together must both hold."""
    conditions = []
    if filters.local_authority is not None:
        conditions.append(column.in_(filters.local_authority.districts))
    area = filters.area
    if not area:
        return conditions
    if area[-1].isdigit() or len(area) > 2:
        return conditions + [column == area]
    return conditions + [column.like(f"{area}%"), func.substr(column, len(area) + 1, 1).between("0", "9")]


def _org_conditions(filters: Filters):
    conditions = area_condition(Organisation.postcode_district, filters)
    if filters.provider_type:
        conditions.append(Organisation.provider_type == filters.provider_type)
    if filters.organisation is not None:
        conditions.append(Organisation.id == filters.organisation.id)
    return conditions


def _rank(column, ranks: dict):
    return case(*[(column == stage, value) for stage, value in ranks.items()], else_=0)


def _greater(a, b):
    return case((a > b, a), else_=b)


def _days_between(later, earlier):
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _num(value) -> int:
    return int(value or 0)


def age_in_years(at):
    """Whole years between a person's date of birth and the timestamp column ``at`` (such as when
    they applied, so their band never shifts as the years pass), in SQL; NULL without a birth date."""
    if db.engine.dialect.name == "postgresql":
        return cast(func.date_part("year", func.age(cast(at, Date), User.date_of_birth)), Integer)
    years = cast(func.strftime("%Y", at), Integer) - cast(func.strftime("%Y", User.date_of_birth), Integer)
    return years - case((func.strftime("%m-%d", at) < func.strftime("%m-%d", User.date_of_birth), 1), else_=0)


def age_band(years: int | None) -> str:
    for label, low, high in AGE_BANDS:
        if years is not None and low <= years < high:
            return label
    return UNKNOWN


# ---------------------------------------------------------------- page views


def page_view_cube(filters: Filters) -> list[tuple[str, str, str, int]]:
    """(month "YYYY-MM", district, kind, views): one grouped scan of the daily totals across roles,
    from which the funnel's totals and the month and area breakdowns are all added up."""
    if "views" not in filters.cache:
        month = _month(PageViewTotal.day, timestamp=False)
        query = (select(month, PageViewTotal.district, PageViewTotal.kind, func.sum(PageViewTotal.count))
                 .group_by(month, PageViewTotal.district, PageViewTotal.kind))
        if filters.start:
            query = query.where(PageViewTotal.day >= filters.start)
        if filters.end:
            query = query.where(PageViewTotal.day <= filters.end)
        query = query.where(*area_condition(PageViewTotal.district, filters))
        filters.cache["views"] = [(_month_key(m), d or "", k, _num(n)) for m, d, k, n in db.session.execute(query)]
    return filters.cache["views"]


def page_views(filters: Filters) -> dict:
    totals: dict = {}
    for _month, _district, kind, count in page_view_cube(filters):
        totals[kind] = totals.get(kind, 0) + count
    return {"role_views": _num(totals.get("role_view")), "quiz": _num(totals.get("quiz"))}


# ---------------------------------------------------------------- breakdowns


def _month(column, timestamp: bool = True):
    """The month of a date or timestamp column, in SQL (read it with ``_month_key``). PostgreSQL
    reads timestamps in UK time; SQLite has no time zones, so there a timestamp's month is its UTC
    month (the two differ only in the first hour of a month in summer)."""
    if db.engine.dialect.name == "postgresql":
        if timestamp:
            return func.date_trunc("month", column, clock.UK.key)
        return func.date_trunc("month", cast(column, DateTime))  # as a plain timestamp: no time-zone work per row
    return func.strftime("%Y-%m", column)


def _month_key(value) -> str:
    """'YYYY-MM' from what ``_month`` returned on either database."""
    if isinstance(value, datetime):
        value = value.astimezone(clock.UK) if value.tzinfo else value
    if isinstance(value, (date, datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)


def _step_cube(filters: Filters) -> list[tuple[str, str, str, int]]:
    """(month, district, step, number) for the taster and application steps: two grouped queries,
    cached for the request, from which both breakdowns are added up."""
    if "steps" not in filters.cache:
        rows = []
        month = _month(SignUp.created_at)
        signups = _signup_scope(select(month, Organisation.postcode_district, func.count(SignUp.id),
                                       func.sum(case((SignUp.attended.is_(True), 1), else_=0))).select_from(SignUp),
                                filters).group_by(month, Organisation.postcode_district)
        for key, district, count, attended in db.session.execute(signups):
            rows += [(_month_key(key), district, "sign_ups", _num(count)),
                     (_month_key(key), district, "attended", _num(attended))]
        month = _month(Application.created_at)
        apps = (select(month, Organisation.postcode_district, func.count(Application.id),
                       func.sum(case((Application.stage == "hired", 1), else_=0)))
                .select_from(Application).join(Opportunity, Opportunity.id == Application.opportunity_id)
                .join(Organisation, Organisation.id == Opportunity.organisation_id)
                .where(*_in_range(Application.created_at, filters), *_org_conditions(filters))
                .group_by(month, Organisation.postcode_district))
        for key, district, count, hired in db.session.execute(apps):
            rows += [(_month_key(key), district, "applications", _num(count)),
                     (_month_key(key), district, "hires", _num(hired))]
        filters.cache["steps"] = rows
    return filters.cache["steps"]


def breakdown(filters: Filters, by: str, with_views: bool = True) -> dict[str, dict[str, int]]:
    """The main funnel steps by month ("month", 'YYYY-MM') or postcode district ("district").

    Each step is dated as in the funnel: views by day, taster steps by sign-up, applications and
    hires by when the person applied."""
    out: dict[str, dict[str, int]] = {}
    rows = list(_step_cube(filters))
    if with_views:
        rows += [(m, d, "role_views" if k == "role_view" else "quiz", n) for m, d, k, n in page_view_cube(filters)]
    for month, district, step, number in rows:
        bucket = out.setdefault(month if by == "month" else (district or ""), {})
        bucket[step] = bucket.get(step, 0) + number
    return out


# ---------------------------------------------------------------- tasters


def _signup_scope(query, filters: Filters):
    query = (query.join(TasterSession, TasterSession.id == SignUp.session_id)
             .join(Opportunity, Opportunity.id == TasterSession.opportunity_id)
             .join(Organisation, Organisation.id == Opportunity.organisation_id))
    return query.where(*_in_range(SignUp.created_at, filters), *_org_conditions(filters))


def taster_funnel(filters: Filters) -> dict:
    consented = case((GuardianConsent.decision == "consented", 1), else_=0)
    positive = case((TasterFeedback.consider_care >= POSITIVE, 1), else_=0)
    query = (select(func.count(SignUp.id), func.sum(case((SignUp.needs_consent.is_(True), 1), else_=0)),
                    func.sum(consented), func.sum(case((SignUp.attended.is_(True), 1), else_=0)),
                    func.sum(case((TasterFeedback.id.is_not(None), 1), else_=0)), func.sum(positive))
             .select_from(SignUp)
             .outerjoin(GuardianConsent, GuardianConsent.signup_id == SignUp.id)
             .outerjoin(TasterFeedback,
                        and_(TasterFeedback.signup_id == SignUp.id, TasterFeedback.author == "visitor")))
    row = db.session.execute(_signup_scope(query, filters)).one()
    return {"sign_ups": _num(row[0]), "needing_consent": _num(row[1]), "consents": _num(row[2]),
            "attended": _num(row[3]), "feedback": _num(row[4]), "would_consider": _num(row[5])}


def school_year(date_of_birth: date, on: date) -> int | None:
    """England's school year group (7 to 13) of a pupil born on ``date_of_birth``, on a given day.

    Year N pupils are N + 4 years old on the 31 August before their school year starts."""
    start_year = on.year if on.month >= 9 else on.year - 1
    age = start_year - date_of_birth.year - ((8, 31) < (date_of_birth.month, date_of_birth.day))
    year = age - 4
    return year if 7 <= year <= 13 else None


def school_tasters_by_year(filters: Filters) -> dict[str, int]:
    """Taster placements attended by pupils whose guardian named their school (Gatsby benchmark 6),
    by year group at the time of the taster. Grouped in SQL by birth date and day; the year group
    is worked out from those few rows."""
    day = func.date(TasterSession.starts_at)
    query = (select(User.date_of_birth, day, func.count(SignUp.id))
             .select_from(SignUp).join(GuardianConsent, GuardianConsent.signup_id == SignUp.id)
             .join(Organisation, Organisation.id == GuardianConsent.school_id)
             .join(TasterSession, TasterSession.id == SignUp.session_id)
             .join(User, User.id == SignUp.user_id)
             .where(SignUp.attended.is_(True), *_in_range(TasterSession.starts_at, filters),
                    *area_condition(Organisation.postcode_district, filters))
             .group_by(User.date_of_birth, day))
    if filters.school is not None:
        query = query.where(GuardianConsent.school_id == filters.school.id)
    result: dict[str, int] = {}
    for born, on, count in db.session.execute(query).all():
        on = date.fromisoformat(on) if isinstance(on, str) else on
        year = school_year(born, on) if born else None
        key = str(year) if year else "not recorded"
        result[key] = result.get(key, 0) + int(count)
    return result


# ---------------------------------------------------------------- applications


def _furthest_stage():
    history = (select(ApplicationStageChange.application_id.label("application_id"),
                      func.max(_rank(ApplicationStageChange.to_stage, APP_RANK)).label("best"))
               .group_by(ApplicationStageChange.application_id).subquery())
    return history, _greater(_rank(Application.stage, APP_RANK), func.coalesce(history.c.best, 0))


def _application_scope(query, filters: Filters, history):
    query = (query.select_from(Application)
             .join(Opportunity, Opportunity.id == Application.opportunity_id)
             .join(Organisation, Organisation.id == Opportunity.organisation_id)
             .outerjoin(history, history.c.application_id == Application.id))
    return query.where(*_in_range(Application.created_at, filters), *_org_conditions(filters))


def application_cube(filters: Filters) -> list[tuple]:
    """One grouped query: (age band, sex, ethnicity, applied, shortlisted, interviewed, offered, hired).

    At most a few hundred rows, which the funnel, fairness and mix tables then add up."""
    if "cube" not in filters.cache:
        from outreach.models.impact import EqualOpportunities

        history, furthest = _furthest_stage()
        columns = [func.count(Application.id)] + [
            func.sum(case((furthest >= APP_RANK[stage], 1), else_=0))
            for stage in ("shortlisted", "interviewed", "offered", "hired")]
        query = select(age_in_years(Application.created_at).label("age"),
                       func.coalesce(EqualOpportunities.sex, "not_answered").label("sex"),
                       func.coalesce(EqualOpportunities.ethnicity, "not_answered").label("ethnicity"), *columns)
        query = (_application_scope(query, filters, history).join(User, User.id == Application.user_id)
                 .outerjoin(EqualOpportunities, EqualOpportunities.user_id == Application.user_id))
        # Grouped by whole years (a few thousand rows at most), then added up into bands here.
        cube: dict = {}
        for years, sex, ethnicity, *counts in db.session.execute(query.group_by("age", "sex", "ethnicity")).all():
            sums = cube.setdefault((age_band(years), sex, ethnicity), [0] * len(counts))
            for i, value in enumerate(counts):
                sums[i] += _num(value)
        filters.cache["cube"] = [(*key, *sums) for key, sums in cube.items()]
    return filters.cache["cube"]


def cube_by(filters: Filters, index: int) -> list[tuple]:
    """Sum the cube by one dimension (0 age band, 1 sex, 2 ethnicity)."""
    totals: dict = {}
    for row in application_cube(filters):
        sums = totals.setdefault(row[index], [0, 0, 0, 0, 0])
        for i, value in enumerate(row[3:]):
            sums[i] += value
    return [(key, *values) for key, values in totals.items()]


def application_funnel(filters: Filters) -> dict:
    rows = cube_by(filters, 0)
    applied, shortlisted, interviewed, offered, hired = (sum(r[i] for r in rows) for i in range(1, 6))
    return {"applications": applied, "shortlisted": shortlisted, "interviews": interviewed, "offers": offered,
            "hires": hired}


def timings(filters: Filters) -> dict:
    """Average days from a person's first attended taster to applying, and from applying to being hired."""
    first_taster = (select(SignUp.user_id.label("user_id"), func.min(TasterSession.starts_at).label("first"))
                    .join(TasterSession, TasterSession.id == SignUp.session_id)
                    .where(SignUp.attended.is_(True)).group_by(SignUp.user_id).subquery())
    history, _ = _furthest_stage()
    query = _application_scope(select(func.avg(_days_between(Application.created_at, first_taster.c.first)),
                                      func.count(Application.id)), filters, history)
    query = query.join(first_taster, first_taster.c.user_id == Application.user_id).where(
        Application.created_at >= first_taster.c.first)
    taster_days, taster_n = db.session.execute(query).one()
    hired_at = func.coalesce(Application.hired_at, Application.stage_changed_at)  # hired_at: when first hired
    query = _application_scope(select(func.avg(_days_between(hired_at, Application.created_at)),
                                      func.count(Application.id)), filters, history)
    hire_days, hire_n = db.session.execute(query.where(Application.stage == "hired")).one()
    return {"taster_to_application": round(float(taster_days), 1) if taster_days is not None else None,
            "taster_to_application_n": _num(taster_n),
            "application_to_hire": round(float(hire_days), 1) if hire_days is not None else None,
            "application_to_hire_n": _num(hire_n)}


def hire_retention(filters: Filters) -> dict:
    """Hires (by when they applied) still employed at 3 and 6 months, from the recruiters' answers.

    ``reached_*`` counts hires at least that long ago; ``answered_*`` those the recruiter has
    answered for; ``employed_*`` those confirmed still there."""
    if "retention" not in filters.cache:
        from outreach.applications.employment_checks import retention_columns

        history, _ = _furthest_stage()
        query = _application_scope(select(*retention_columns(clock.now())), filters, history)
        row = db.session.execute(query.where(Application.stage == "hired")).one()
        filters.cache["retention"] = {key: _num(value) for key, value in row._mapping.items()}
    return filters.cache["retention"]


def hire_sources(filters: Filters) -> list[tuple[str, int]]:
    """Each hire counted once, by the first of: a friend's recommendation, a taster with the same
    provider, an invitation from a matching suggestion, else direct. Referred friends hired
    outside an application on the site count as referrals too."""
    from outreach.applications.employment_checks import referred_hire

    invited = exists().where(ApplicationInvitation.opportunity_id == Application.opportunity_id,
                             ApplicationInvitation.user_id == Application.user_id)
    taster_opp = Opportunity.__table__.alias("taster_opp")
    tasted = exists().where(SignUp.user_id == Application.user_id, SignUp.attended.is_(True),
                            TasterSession.id == SignUp.session_id, taster_opp.c.id == TasterSession.opportunity_id,
                            taster_opp.c.organisation_id == Opportunity.organisation_id)
    source = case((referred_hire(), literal("Referral")), (tasted, literal("Taster")),
                  (invited, literal("Matching suggestion")), else_=literal("Direct"))
    history, _ = _furthest_stage()
    query = _application_scope(select(source.label("src"), func.count(Application.id)), filters, history)
    counts = dict(db.session.execute(query.where(Application.stage == "hired").group_by("src")).all())
    offline = db.session.execute(
        select(func.count(Lead.id)).join(Organisation, Organisation.id == Lead.organisation_id)
        .where(Lead.hired_at.is_not(None), Lead.application_id.is_(None), *_in_range(Lead.hired_at, filters),
               *_org_conditions(filters))).scalar()
    return [("Taster", _num(counts.get("Taster"))), ("Referral", _num(counts.get("Referral")) + _num(offline)),
            ("Matching suggestion", _num(counts.get("Matching suggestion"))), ("Direct", _num(counts.get("Direct")))]
