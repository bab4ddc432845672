"""The one place where the web app's models meet the matching engine's dataclasses.

The engine (``matching/``) knows nothing of Flask or the database. This module turns rows into
``matching.ApplicantProfile`` and ``matching.Opportunity``, calls the engine, and hands back the
engine's own results. Nothing else in ``outreach`` imports ``matching`` for ranking.

Conventions decided here (and only here):

- **Desired values.** Providers rate each value's importance 0-5 (``Opportunity.desired_values``).
  The engine wants a desired *level* (0-100) as well as a weight. A value rated w > 0 is hoped for
  at level ``55 + 5w`` (1 -> 60, 5 "essential" -> 80) with weight w; a value rated 0 is not asked for.
- **Values scores.** The questionnaire leaves a value unscored (None) when no answered scenario
  measured it; the engine needs all eight, so a gap is filled with the mean of the person's other
  scores (neutral for them). No scores at all means "not answered" (the engine's neutral 0.5).
- **Strengths.** The person's report strengths (``matching.values.strengths`` of the measured
  scores) go to the engine, so a match reason never calls one of them "less strong".
- **Roles.** The engine's role taxonomy is the content snapshot's (``outreach.content.taxonomy()``),
  so an edited role or synonym reaches matching when the content reloads. A taster posted with
  "no particular role" is treated as a taste of ``care-worker`` work, the broad entry role; an
  unknown slug is treated the same way.
- **Schedules.** A vacancy's schedule is the shift slots the provider ticked (none = flexible). A
  taster's is the (weekday, part of day) of its upcoming open sessions, in UK time.
- **Location.** People are placed at their postcode *sector* centroid (``outreach.geo``).
- **Under-18s, as providers see them.** A provider never learns where an under-18 lives, so
  ``score_candidates`` scores them with the engine's ``without_location`` option: no distance
  component, no travel filter, the other weights renormalised. Nothing it returns about them
  (total, components, reasons, ranked or not) moves when either side moves.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

import numpy as np

import matching
from matching import values as matching_values
from matching.score import COMPONENTS, check_pairs, component_scores, explain, totals
from outreach import clock, content, geo

FALLBACK_ROLE = "care-worker"
ADULT_AGE = 18
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_PARTS = matching.DAY_PARTS
COMPONENT_LABELS = {"role": "Role", "values": "Values", "distance": "Distance", "availability": "Availability",
                    "text": "Interests"}


# ---- small conversions --------------------------------------------------------------------------

def desired_level(weight: int) -> float:
    return 55.0 + 5.0 * weight if weight > 0 else 0.0


def value_weights(desired_values: Mapping[str, int] | None) -> matching.ValueWeights:
    weights = {k: float(v) for k, v in (desired_values or {}).items() if k in matching.VALUE_KEYS and v}
    return matching.ValueWeights(desired={k: desired_level(int(w)) for k, w in weights.items()}, weights=weights)


def values_tuple(scores: Mapping[str, float | None] | None) -> tuple[float, ...] | None:
    """The engine's 8-tuple from questionnaire scores, gaps filled with the person's own mean."""
    if not scores:
        return None
    measured = [float(scores[k]) for k in matching.VALUE_KEYS if scores.get(k) is not None]
    if not measured:
        return None
    fill = sum(measured) / len(measured)
    return tuple(min(100.0, max(0.0, float(scores[k]) if scores.get(k) is not None else fill))
                 for k in matching.VALUE_KEYS)


def person_strengths(scores: Mapping[str, float | None] | None) -> tuple[str, ...]:
    """The strengths the person's questionnaire report names (the engine's one definition), from the
    measured scores only, so the match reasons agree with the report."""
    return matching_values.strengths(scores or {})


def slots(raw: Iterable | None) -> frozenset[tuple[int, str]]:
    """Stored [[day, part], ...] to engine slots, silently dropping anything malformed."""
    found = set()
    for item in raw or ():
        try:
            day, part = int(item[0]), str(item[1])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= day <= 6 and part in DAY_PARTS:
            found.add((day, part))
    return frozenset(found)


def slot_key(day: int, part: str) -> str:
    return f"{day}-{part}"


def slot_choices() -> list[tuple[str, str]]:
    return [(slot_key(d, p), f"{DAY_NAMES[d]} {p}") for d in range(7) for p in DAY_PARTS]


def slot_rows(ticked_keys: Iterable[str] | None) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """The week as a grid for a form: (day name, [(key, part, ticked), ...]) for each day."""
    ticked = set(ticked_keys or ())
    return [(DAY_NAMES[day], [(slot_key(day, part), part, slot_key(day, part) in ticked) for part in DAY_PARTS])
            for day in range(7)]


def parse_slot_keys(keys: Iterable[str]) -> list[list]:
    parsed = []
    for key in keys or ():
        day, _, part = str(key).partition("-")
        if day.isdigit() and 0 <= int(day) <= 6 and part in DAY_PARTS:
            parsed.append([int(day), part])
    return sorted(parsed, key=lambda s: (s[0], DAY_PARTS.index(s[1])))


NIGHT_FROM, NIGHT_UNTIL = 22, 6  # UK hours: a session starting 10pm to 6am is a night shift


def slot_of(moment: datetime) -> tuple[int, str]:
    """(weekday, part of day) of a session start in UK time. A night runs past midnight, so a start
    before 6am belongs to the previous day's night (1am on Tuesday is "Monday night")."""
    local = clock.to_uk(moment)
    hour = local.hour
    if hour < NIGHT_UNTIL:
        return (local.weekday() - 1) % 7, "night"
    if hour >= NIGHT_FROM:
        return local.weekday(), "night"
    return local.weekday(), "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"


def age_of(date_of_birth: date | None, today: date | None = None) -> int | None:
    if date_of_birth is None:
        return None
    return clock.age_on(date_of_birth, today or clock.today_uk())


def role_for(slug: str | None) -> str:
    return slug if slug in content.taxonomy().index_of else FALLBACK_ROLE


# ---- models to engine dataclasses ---------------------------------------------------------------

def engine_opportunity(opportunity, details=None, sessions: Sequence | None = None,
                       now: datetime | None = None) -> matching.Opportunity | None:
    """An ``Opportunity`` row (plus its ``VacancyDetails`` or taster sessions) for the engine.

    None if the row cannot be placed (an in-person post without coordinates).
    """
    virtual = opportunity.kind == "virtual"
    if not virtual and (opportunity.latitude is None or opportunity.longitude is None):
        return None
    if details is not None:
        schedule = slots(details.shift_slots)
        licence = bool(details.driving_licence_required)
    else:
        now = now or clock.now()
        schedule = frozenset(slot_of(s.starts_at) for s in (sessions or ())
                             if s.status == "open" and s.starts_at > now)
        licence = False
    return matching.Opportunity(
        id=opportunity.id, kind=opportunity.kind, role=role_for(opportunity.role_slug), title=opportunity.title,
        description=opportunity.description, lat=None if virtual else opportunity.latitude,
        lon=None if virtual else opportunity.longitude, schedule=schedule, min_age=int(opportunity.min_age or 0),
        licence_required=licence, values=value_weights(opportunity.desired_values),
    )


def engine_applicant(person_id, *, date_of_birth: date | None, postcode_sector: str | None, profile=None,
                     scores: Mapping | None = None, today: date | None = None) -> matching.ApplicantProfile | None:
    """A person for the engine. ``profile`` is an ``ApplicantProfile`` row or anything with its
    attributes (a Core row works); None means they have not filled in their profile yet."""
    age = age_of(date_of_birth, today)
    if age is None or age <= 0:
        return None
    where = geo.coordinates_of(postcode_sector) if postcode_sector else None
    return matching.ApplicantProfile(
        id=person_id, age=age,
        desired_roles=tuple(r for r in (getattr(profile, "desired_roles", None) or ()) if isinstance(r, str))[:5],
        interests=getattr(profile, "interests", "") or "", experience=getattr(profile, "experience", "") or "",
        lat=where[0] if where else None, lon=where[1] if where else None,
        max_travel_km=getattr(profile, "max_travel_km", None),
        availability=slots(getattr(profile, "availability", None)),
        driving_licence=bool(getattr(profile, "driving_licence", False)),
        values=values_tuple(scores),
        strengths=person_strengths(scores),
    )


# ---- reuse across requests --------------------------------------------------------------------

class _Recent:
    """A small least-recently-used map, safe to share between a worker's threads."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get_or_make(self, key, make: Callable):
        try:
            value = self.items[key]
        except KeyError:
            value = make()
            with self.lock:
                self.items[key] = value
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
            return value
        try:
            self.items.move_to_end(key)
        except KeyError:  # another thread evicted it meanwhile: still a good value
            pass
        return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)


_PEOPLE = _Recent(20_000)  # engine profiles (about 1 KB each), keyed by everything they are built from
_INDEXES = _Recent(8)  # ApplicantIndex (a few MB for 5,000 people) per recently shown candidate list


def cached_applicant(values: tuple, today: date) -> matching.ApplicantProfile | None:
    """``engine_applicant`` from a row's raw values, reused while none of them changes.

    ``values`` is (person id, date of birth, postcode sector, desired roles JSON, interests,
    experience, max travel km, availability JSON, driving licence, values scores JSON), JSON as
    text. The key is every input plus today's date (ages change), so a stale profile is never
    returned: a changed row simply makes a new key. Validating and building 5,000 engine profiles
    (and decoding their JSON) would otherwise cost more than ranking them.
    """
    def make():
        (person_id, date_of_birth, sector, roles_json, interests, experience, max_travel_km, availability_json,
         driving_licence, scores_json) = values
        profile = SimpleNamespace(desired_roles=json.loads(roles_json) if roles_json else [],
                                  interests=interests or "", experience=experience or "",
                                  max_travel_km=max_travel_km, driving_licence=bool(driving_licence),
                                  availability=json.loads(availability_json) if availability_json else [])
        return engine_applicant(person_id, date_of_birth=date_of_birth, postcode_sector=sector, profile=profile,
                                scores=json.loads(scores_json) if scores_json else None, today=today)

    return _PEOPLE.get_or_make((values, today), make)


def applicant_index(applicants: Sequence[matching.ApplicantProfile]) -> matching.ApplicantIndex:
    """The engine's arrays for these people, reused while the list holds the very same profiles."""
    people = tuple(applicants)
    taxonomy = content.taxonomy()
    key = (id(taxonomy), *map(id, people))
    index = _INDEXES.get_or_make(key, lambda: matching.ApplicantIndex.build(people, taxonomy))
    if (index.taxonomy is not taxonomy or len(index.items) != len(people)
            or any(a is not b for a, b in zip(index.items, people, strict=True))):
        index = matching.ApplicantIndex.build(people, taxonomy)  # an id was reused by a new object: never trust it
        _INDEXES.put(key, index)
    return index


# ---- ranking ---------------------------------------------------------------------------------

def opportunity_index(opportunities: Sequence[matching.Opportunity]) -> matching.OpportunityIndex:
    """Arrays for a collection of opportunities, built once to rank many people against it."""
    return matching.OpportunityIndex.build(list(opportunities), content.taxonomy())


def rank_for_applicant(applicant: matching.ApplicantProfile,
                       opportunities: Sequence[matching.Opportunity] | matching.OpportunityIndex,
                       k: int) -> list[matching.MatchScore]:
    """Someone's best matches among the opportunities (the engine filters age, licence, travel, role)."""
    if not len(opportunities):
        return []
    if not isinstance(opportunities, matching.OpportunityIndex):
        opportunities = opportunity_index(opportunities)
    return matching.rank_opportunities(applicant, opportunities, k=k)


def rank_people(opportunity: matching.Opportunity, applicants: Sequence[matching.ApplicantProfile],
                k: int) -> list[matching.MatchScore]:
    """The engine's advisory shortlist of people for one opportunity (only matches are returned)."""
    if not applicants:
        return []
    return matching.rank_applicants(opportunity, applicant_index(applicants), k=k)


@dataclass
class ScoredCandidates:
    """Every candidate for one opportunity scored in one vectorised pass.

    Unlike ``rank_applicants`` (which drops pairs failing a hard filter or the role floor, and
    writes explanations for everything it returns), this keeps *every* person who applied, because
    the engine ranks but never rejects: people it would not have proposed are still listed, with
    the engine's reason. Explanations (about 35 microseconds each) are written only for the rows a
    page shows, via ``explain(position)``, which is what keeps a 5,000-candidate shortlist fast.
    """

    applicants: matching.ApplicantIndex
    opportunity: matching.OpportunityIndex
    eligible: np.ndarray  # bool (N,)
    role_ok: np.ndarray  # bool (N,)
    components: np.ndarray  # float32 (N, 5) in COMPONENTS order; distance NaN where without_location
    totals: np.ndarray  # float32 (N,), NaN where the engine would not propose the person
    distance_km: np.ndarray  # float32 (N,), NaN when virtual, unknown or without_location
    without_location: np.ndarray  # bool (N,): under-18s, scored as if distance did not exist

    @property
    def matched(self) -> np.ndarray:
        return self.eligible & self.role_ok

    def component(self, name: str) -> np.ndarray:
        return self.components[:, COMPONENTS.index(name)]

    def explain(self, position: int) -> matching.MatchScore:
        return explain(self.applicants, self.opportunity, position, 0, self.components[position],
                       float(self.distance_km[position]), eligible=bool(self.eligible[position]),
                       role_ok=bool(self.role_ok[position]),
                       without_location=bool(self.without_location[position]))


def score_candidates(opportunity: matching.Opportunity,
                     applicants: Sequence[matching.ApplicantProfile]) -> ScoredCandidates:
    """Every candidate scored for a provider's eyes: under-18s without location (see the conventions)."""
    a = applicant_index(applicants)
    o = matching.OpportunityIndex.build([opportunity], a.taxonomy)
    rows = np.arange(len(a), dtype=np.int64)
    cols = np.zeros_like(rows)
    blind = a.age[rows] < ADULT_AGE
    eligible, role_fit, role_ok, distance = check_pairs(a, o, rows, cols, without_location=blind)
    components = component_scores(a, o, rows, cols, role_fit, distance, without_location=blind)
    scored = totals(components).astype(np.float32)
    scored[~(eligible & role_ok)] = np.nan
    return ScoredCandidates(a, o, eligible, role_ok, components, scored, distance.astype(np.float32), blind)
