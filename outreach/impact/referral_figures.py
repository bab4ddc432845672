"""The impact dashboard's referral figures: leads, how far they got, points and how referring is spread
among staff. Narrowed by the same ``Filters`` as every other figure (``figures.py``)."""
from __future__ import annotations

from sqlalchemy import case, func, literal, select

from outreach.extensions import db
from outreach.impact.figures import Filters, _greater, _in_range, _num, _org_conditions, _rank
from outreach.models.organisations import Organisation
from outreach.models.referrals import Lead, LeadStageChange, PointsEntry

LEAD_RANK = {"new": 0, "contacted": 1, "applied": 2, "interviewed": 3, "hired": 4, "employed_3m": 5,
             "employed_6m": 6, "left": 4}
REFERRAL_BUCKETS = (("1 friend", 1), ("2 or 3 friends", 3), ("4 to 9 friends", 9), ("10 or more friends", None))


def referrals(filters: Filters) -> dict:
    if "referrals" not in filters.cache:
        filters.cache["referrals"] = _referrals(filters)
    return filters.cache["referrals"]


def _referrals(filters: Filters) -> dict:
    history = (select(LeadStageChange.lead_id.label("lead_id"),
                      func.max(_rank(LeadStageChange.to_stage, LEAD_RANK)).label("best"))
               .group_by(LeadStageChange.lead_id).subquery())
    furthest = _greater(_rank(Lead.stage, LEAD_RANK), func.coalesce(history.c.best, 0))
    stages = ("contacted", "applied", "interviewed", "hired", "employed_3m", "employed_6m")
    query = (select(func.count(Lead.id), func.count(func.distinct(Lead.referrer_id)),
                    func.sum(case((Lead.new_to_care.is_(True), 1), else_=0)),
                    *[func.sum(case((furthest >= LEAD_RANK[s], 1), else_=0)) for s in stages])
             .select_from(Lead).join(Organisation, Organisation.id == Lead.organisation_id)
             .outerjoin(history, history.c.lead_id == Lead.id)
             .where(*_in_range(Lead.created_at, filters), *_org_conditions(filters)))
    row = db.session.execute(query).one()
    points = db.session.execute(
        select(func.sum(PointsEntry.points)).join(Organisation, Organisation.id == PointsEntry.organisation_id)
        .where(*_in_range(PointsEntry.created_at, filters), *_org_conditions(filters))).scalar()
    per_staff = (select(Lead.referrer_id.label("referrer"), func.count(Lead.id).label("n"))
                 .join(Organisation, Organisation.id == Lead.organisation_id)
                 .where(Lead.referrer_id.is_not(None), *_in_range(Lead.created_at, filters), *_org_conditions(filters))
                 .group_by(Lead.referrer_id).subquery())
    bucket = case(*[(per_staff.c.n <= high, literal(label)) for label, high in REFERRAL_BUCKETS[:-1]],
                  else_=literal(REFERRAL_BUCKETS[-1][0]))
    spread = dict(db.session.execute(select(bucket, func.count()).select_from(per_staff).group_by(bucket)).all())
    leads, referrers = _num(row[0]), _num(row[1])
    return {"leads": leads, "referrers": referrers, "new_to_care": _num(row[2]),
            "reached": dict(zip(("new",) + stages, (leads, *(_num(v) for v in row[3:])), strict=False)),
            "points": _num(points),
            "leads_per_referrer": round(leads / referrers, 1) if referrers else None,
            "spread": [(label, _num(spread.get(label))) for label, _high in REFERRAL_BUCKETS]}
