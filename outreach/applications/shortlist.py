"""A recruiter's shortlist for one vacancy or taster: the engine's ranking, never its decision.

Two sections: the people who applied (or, for a taster, signed up) and discoverable adults near
by. Everyone who applied is listed, including people the engine would not have proposed (they
come after the ranked ones, with the engine's reason). Filters, sorting and pagination work on
the engine's arrays, so the page costs the same few queries for 10 candidates or 5,000, and
explanations (and per-person objects) are made only for the rows on the page.

Under-18s: first name and age band only, and nothing shown depends on where they live. The
engine scores them without location (no distance component, no travel filter, the other weights
renormalised), a distance filter never drops them, and they are listed after the adults in every
order, so neither a figure nor a position moves when the post (or they) move. Each view of a page
listing them is audited.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import func, select

import matching
from matching import values as matching_values
from matching.availability import describe_availability, to_mask
from outreach import audit, clock, content, matching_adapter
from outreach.applications import candidates as loading
from outreach.applications.candidates import ENGINE, EXTRA, USER_ID, Person
from outreach.applications.people import age_band, shown_name
from outreach.applications.presenting import availability_summary, button_parts, next_step
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.applications import STAGE_LABELS, Application, ApplicationNote, ApplicationStageChange
from outreach.models.opportunities import TASTER_KINDS, Opportunity
from outreach.models.signups import SIGNUP_STATUS_LABELS
from outreach.paging import Page, paginate

PER_PAGE = 25
DISCOVERABLE_RANKED = 200
SORTS = {"score": "Best match", "distance": "Nearest", "values": "Values fit", "availability": "Availability",
         "newest": "Newest first", "oldest": "Oldest first"}
AVAILABILITY_STEPS = (0, 25, 50, 75, 100)
VALUES_STEPS = (0, 25, 50, 60, 70, 80, 90)
CHUNK = 900  # ids per IN (...) list, well inside every database's limit


@dataclass
class Filters:
    max_km: float | None = None
    min_availability: int = 0
    min_values: int = 0
    stage: str = ""
    sort: str = "score"

    def as_args(self) -> dict:
        args = {"sort": self.sort, "min_availability": self.min_availability, "min_values": self.min_values}
        if self.max_km is not None:
            args["max_km"] = f"{self.max_km:g}"
        if self.stage:
            args["stage"] = self.stage
        return args


@dataclass
class Row:
    person: Person
    name: str
    age_band: str
    minor: bool
    ranked: bool
    total: float | None
    components: dict[str, int]  # percentages
    distance_km: float | None  # None for under-18s and virtual tasters
    # under-18s: total and components leave distance out (the engine's ``without_location``)
    reasons: list[str]
    not_ranked_because: list[str]
    top_values: list[str]
    values_fit: int
    availability: int
    questionnaire_done: bool = True
    questionnaire_invited: bool = False  # the provider asked them to do it (once per application)
    did_taster: bool = False
    notes: int = 0
    last_change: datetime | None = None
    free: str = ""  # when they are free, summarised ("weekday mornings, weekends")
    availability_reason: str = ""  # the engine's reason about the post's times (shown as the percentage)

    @property
    def card_reasons(self) -> list[str]:
        """The engine's reasons less the availability one, which the card sums up once already."""
        return [reason for reason in self.reasons if reason != self.availability_reason]

    @property
    def next_step(self) -> tuple[str, str, str] | None:
        """(stage, visible text before the hidden name, after it) for the card's one-tap button."""
        step = next_step(self.person.stage) if self.person.application_public_id else None
        return (step[0], *button_parts(step[1])) if step else None

    @property
    def stage_label(self) -> str | None:
        if self.person.signup_status:
            return SIGNUP_STATUS_LABELS.get(self.person.signup_status, self.person.signup_status)
        return STAGE_LABELS.get(self.person.stage) if self.person.stage else None


@dataclass
class Section:
    page: Page
    total: int  # after filters
    ranked: int


@dataclass
class Shortlist:
    opportunity: Opportunity
    is_taster: bool
    filters: Filters
    applied: Section
    nearby: Section
    minors_listed: int = 0
    stage_counts: dict[str, int] = field(default_factory=dict)


def top_values(scores: dict | None, count: int = 2) -> list[str]:
    if not scores:
        return []
    names = content.value_names()
    return [names[k] for k in matching_values.strengths({k: v for k, v in scores.items() if k in names})[:count]]


def _percent(value) -> int | None:
    """A component as a whole percentage; None stays None (nothing to compare, left out of the fit)."""
    return None if value is None else int(round(float(value) * 100))


def _below(value: float | None, minimum: float) -> bool:
    """A filter's minimum fails only a component that was compared (no schedule or no values wishes pass)."""
    return value is not None and value * 100 < minimum - 1e-3


def _row(person: Person, minor: bool, score: matching.MatchScore, ranked: bool, *, virtual: bool,
         schedule_mask: int, first_name_only: bool = False) -> Row:
    components = {name: _percent(v) for name, v in score.components.as_dict().items()
                  if not (minor and name == "distance")}
    reasons, blocked = list(score.reasons), list(score.ineligible_reasons)
    slots = matching_adapter.slots(person.availability)
    if not ranked and score.eligible and not score.role_match:
        blocked.append("the roles they typed in their profile are not close to this role")
    return Row(person=person, name=shown_name(person.first_name, person.last_name, minor or first_name_only),
               age_band=age_band(matching_adapter.age_of(person.date_of_birth)), minor=minor, ranked=ranked,
               total=score.total if ranked else None, components=components,
               distance_km=None if (minor or virtual) else score.distance_km, reasons=reasons,
               not_ranked_because=blocked, top_values=top_values(person.scores),
               values_fit=components["values"], availability=components["availability"],
               questionnaire_done=bool(person.scores), free=availability_summary(slots),
               availability_reason=describe_availability(to_mask(slots), schedule_mask))


def _engine_rows(rows: list[tuple], today) -> tuple[list[tuple], list]:
    """The rows the engine can take (everyone with a date of birth), and their engine profiles."""
    pairs = [(row, matching_adapter.cached_applicant(row[:ENGINE], today)) for row in rows]
    pairs = [(row, engine) for row, engine in pairs if engine is not None]
    return [row for row, _ in pairs], [engine for _, engine in pairs]


def _order(filters: Filters, rows: list[tuple], scored: matching_adapter.ScoredCandidates, minors: np.ndarray,
           virtual: bool, kind: str) -> np.ndarray:
    """Positions of the applied section after filters, in the chosen order (ranked people first).

    Rows arrive oldest first, so a row's position doubles as its age for sorting and ties.
    Under-18s come after every adult (the last, most significant key), in the same order among
    themselves, so where they sit never depends on anyone's distance.
    """
    keep = np.ones(len(rows), dtype=bool)
    distance = np.where(minors, np.nan, scored.distance_km)
    if filters.max_km is not None and not virtual:
        keep &= minors | (distance <= filters.max_km)
    for name, minimum in (("availability", filters.min_availability), ("values", filters.min_values)):
        component = scored.component(name)  # NaN: nothing to compare, so the minimum cannot fail it
        keep &= np.isnan(component) | (component * 100 >= minimum - 1e-3)
    if filters.stage and kind == "applied":
        keep &= np.array([row[EXTRA + 2] == filters.stage for row in rows], dtype=bool)
    positions = np.flatnonzero(keep)
    unranked_last = ~scored.matched[positions]
    minors_last = minors[positions]
    if filters.sort == "distance":
        key = distance[positions]
        order = np.lexsort((positions, np.where(np.isnan(key), np.inf, key), minors_last))
    elif filters.sort in ("values", "availability"):
        key = np.nan_to_num(scored.component(filters.sort)[positions], nan=0.0)
        order = np.lexsort((positions, -key, unranked_last, minors_last))
    elif filters.sort == "newest":
        order = np.lexsort((-positions, minors_last))
    elif filters.sort == "oldest":
        order = np.lexsort((positions, minors_last))
    else:
        totals = np.where(np.isnan(scored.totals[positions]), -1.0, scored.totals[positions])
        order = np.lexsort((positions, -totals, unranked_last, minors_last))
    return positions[order]


def _applied_section(rows, kind, engine_opportunity, filters, page, today, virtual, per_page):
    rows, engine_people = _engine_rows(rows, today)
    if not rows:
        return Section(paginate([], page, per_page or PER_PAGE), 0, 0), []
    scored = matching_adapter.score_candidates(engine_opportunity, engine_people)
    minors = scored.without_location
    ordered = _order(filters, rows, scored, minors, virtual, kind)
    shown = paginate(list(ordered), page, per_page or max(1, len(ordered)))
    schedule = to_mask(engine_opportunity.schedule)
    shown.items = [_row(loading.person(rows[p], kind), bool(minors[p]), scored.explain(int(p)),
                        bool(scored.matched[p]), virtual=virtual, schedule_mask=schedule) for p in shown.items]
    return Section(shown, len(ordered), int(scored.matched.sum())), shown.items


def _nearby_section(organisation, opportunity, engine_opportunity, filters, page, today, virtual):
    centre = ((opportunity.latitude, opportunity.longitude) if opportunity.latitude is not None
              else (organisation.latitude, organisation.longitude))
    rows, engine_people = _engine_rows(loading.discoverable_near(opportunity, centre, today), today)
    by_user = {row[USER_ID]: row for row in rows}
    keep = []
    for score in matching_adapter.rank_people(engine_opportunity, engine_people, DISCOVERABLE_RANKED):
        if filters.max_km is not None and not virtual and (score.distance_km or 0) > filters.max_km:
            continue
        if _below(score.components.availability, filters.min_availability):
            continue
        if _below(score.components.values, filters.min_values):
            continue
        keep.append(score)
    if filters.sort == "distance":
        keep.sort(key=lambda s: (s.distance_km is None, s.distance_km or 0))
    elif filters.sort in ("values", "availability"):
        keep.sort(key=lambda s: -(getattr(s.components, filters.sort) or 0))
    shown = paginate(keep, page, PER_PAGE)
    schedule = to_mask(engine_opportunity.schedule)
    shown.items = [_row(loading.person(by_user[s.applicant_id], "nearby"), False, s, True, virtual=virtual,
                        schedule_mask=schedule, first_name_only=True) for s in shown.items]
    return Section(shown, len(keep), len(engine_people)), shown.items


def _decorate(organisation, rows: list[Row]) -> None:
    """Page-level extras in two queries per 900 rows (one page is one chunk): did a taster with
    you; and applied on, notes and last change."""
    for start in range(0, len(rows), CHUNK):
        _decorate_chunk(organisation, rows[start:start + CHUNK])


def _decorate_chunk(organisation, rows: list[Row]) -> None:
    tasters = loading.did_taster_with(organisation, [r.person.user_id for r in rows])
    application_ids = [r.person.application_id for r in rows if r.person.application_id]
    extras = {}
    if application_ids:
        notes = (select(func.count(ApplicationNote.id)).where(ApplicationNote.application_id == Application.id,
                                                               ApplicationNote.organisation_id == organisation.id)
                 .correlate(Application).scalar_subquery())
        last = (select(func.max(ApplicationStageChange.changed_at))
                .where(ApplicationStageChange.application_id == Application.id)
                .correlate(Application).scalar_subquery())
        extras = {r.id: r for r in db.session.execute(
            select(Application.id, Application.created_at, Application.questionnaire_invited_at, notes.label("notes"),
                   last.label("last"))
            .where(Application.id.in_(application_ids)))}
    for row in rows:
        row.did_taster = row.person.user_id in tasters
        extra = extras.get(row.person.application_id)
        if extra is not None:
            row.person.applied_at = extra.created_at
            row.notes = extra.notes or 0
            row.questionnaire_invited = extra.questionnaire_invited_at is not None
            row.last_change = clock.as_utc(extra.last) if extra.last is not None else None


def _stage_counts(rows: list[tuple], kind: str) -> dict[str, int]:
    labels = STAGE_LABELS if kind == "applied" else SIGNUP_STATUS_LABELS
    counts: dict[str, int] = {}
    for row in rows:
        label = labels.get(row[EXTRA + 2] if kind == "applied" else row[EXTRA], "")
        counts[label] = counts.get(label, 0) + 1
    return counts


@transaction
def build(organisation, viewer, opportunity: Opportunity, details, filters: Filters, page: int = 1,
          nearby_page: int = 1, audit_view: bool = True, per_page: int | None = PER_PAGE) -> Shortlist:
    """The shortlist page; ``per_page=None`` gives every applied row and skips the nearby section (export)."""
    today = clock.today_uk()
    is_taster = opportunity.kind in TASTER_KINDS
    kind = "signed_up" if is_taster else "applied"
    engine_opportunity = matching_adapter.engine_opportunity(opportunity, details, opportunity.sessions
                                                             if is_taster else None)
    virtual = opportunity.kind == "virtual"
    rows = loading.signed_up(opportunity) if is_taster else loading.applied(opportunity)
    empty = Section(paginate([], 1, PER_PAGE), 0, 0)
    if engine_opportunity is None:  # cannot be placed, so cannot be ranked (never happens for a saved post)
        return Shortlist(opportunity, is_taster, filters, empty, empty, 0, _stage_counts(rows, kind))
    applied, applied_rows = _applied_section(rows, kind, engine_opportunity, filters, page, today, virtual, per_page)
    nearby, nearby_rows = empty, []
    if per_page is not None:
        nearby, nearby_rows = _nearby_section(organisation, opportunity, engine_opportunity, filters, nearby_page,
                                              today, virtual)
    _decorate(organisation, applied_rows + nearby_rows)
    minors = sum(1 for r in applied_rows if r.minor)
    if audit_view:
        audit.record("shortlist.viewed", actor=viewer, subject=opportunity, minors=minors or None,
                     page=page, nearby_page=nearby_page)
    return Shortlist(opportunity, is_taster, filters, applied, nearby, minors, _stage_counts(rows, kind))
