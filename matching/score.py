"""Hard filters, the five components, the weighted total and its explanation.

Everything here works on *pairs*: arrays ``rows`` (applicant positions) and ``cols``
(opportunity positions) of equal length. Ranking one applicant, shortlisting for one
opportunity, the full batch matrix and the single-pair ``score()`` all run this same code, so
a pair gets the same number whichever way it is asked for.

Order of work: the hard filters (age, licence, travel) and the role floor are checked first;
components are computed only for pairs that pass; explanations are written only for the top k.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .availability import describe_availability, overlap
from .geo import describe_distance, distance_score, haversine_km
from .index import ApplicantIndex, OpportunityIndex
from .roles import RoleTaxonomy
from .text import shared_to_similarity, shared_words, text_similarity
from .types import ApplicantProfile, Components, MatchScore, Opportunity
from .values import describe_values, values_fit

# The weights of the five components (sum 1); total = 100 x sum(weight x component).
WEIGHTS: dict[str, float] = {
    "role": 0.30,  # how well the opportunity's role matches a role the person typed
    "values": 0.25,  # asymmetric weighted shortfall against the provider's desired values
    "distance": 0.20,  # exp(-km / 8)
    "availability": 0.15,  # share of the sessions the person is free for
    "text": 0.10,  # shared keywords between interests/experience and title/description
}
COMPONENTS = tuple(WEIGHTS)
# A component with nothing to compare is NaN and left out of the total; the weights of the
# components that remain keep their proportions (``weights_for``). Values are missing when the
# opportunity states no values wishes, availability when its times are flexible, and distance when
# scoring "without location" (a person whose location a provider must never learn, such as an
# under-18, with no travel filter either).
WEIGHTS_WITHOUT_LOCATION: dict[str, float] = {
    name: weight / (1.0 - WEIGHTS["distance"]) for name, weight in WEIGHTS.items() if name != "distance"}
ROLE_FLOOR = 0.80  # role fit below this is "not a role match": never offered, however near
ROLE_OPEN = 0.5  # role fit for someone who typed no role at all ("open to anything")
_WEIGHT_VECTOR = np.array([WEIGHTS[c] for c in COMPONENTS], dtype=np.float32)
_DISTANCE = COMPONENTS.index("distance")
_MAY_BE_MISSING = tuple(COMPONENTS.index(name) for name in ("values", "distance", "availability"))


def weights_for(compared: Iterable[str]) -> dict[str, float]:
    """The weights of the compared components, scaled to sum 1 (their proportions kept)."""
    names = set(compared)
    kept = {name: WEIGHTS[name] for name in COMPONENTS if name in names}
    whole = sum(kept.values())
    return {name: weight / whole for name, weight in kept.items()} if whole else {}


def check_pairs(a: ApplicantIndex, o: OpportunityIndex, rows: np.ndarray, cols: np.ndarray,
                without_location: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hard filters and the role floor for each pair.

    Returns ``(eligible, role_fit, role_ok, distance_km)``; distance is NaN for virtual
    opportunities. An in-person opportunity is ineligible for someone with no location,
    because their travel limit cannot be checked. Pairs marked ``without_location`` (bool per
    pair) skip the travel filter and get a NaN distance, so nothing returned depends on where
    either side is.
    """
    eligible = a.age[rows] >= o.min_age[cols]
    eligible &= a.licence[rows] | ~o.licence_required[cols]
    distance = haversine_km(a.phi[rows], a.lam[rows], a.cos_phi[rows],
                            o.phi[cols], o.lam[cols], o.cos_phi[cols])
    virtual = o.virtual[cols]
    distance[virtual] = np.nan
    if without_location is not None:
        distance[without_location] = np.nan
        virtual = virtual | without_location
    eligible &= virtual | (distance <= a.travel_limit[rows])
    open_to_any = a.open_to_any_role[rows]
    role_fit = np.where(open_to_any, np.float32(ROLE_OPEN), a.role_fit[rows, o.role[cols]])
    role_ok = open_to_any | (role_fit >= ROLE_FLOOR)
    return eligible, role_fit.astype(np.float32), role_ok, distance


def pair_text_similarity(a: ApplicantIndex, o: OpportunityIndex, rows: np.ndarray,
                         cols: np.ndarray) -> np.ndarray:
    """Keyword overlap for the pairs: one ``cdist`` row when one side is fixed (ranking,
    shortlisting), else ``cpdist`` on exactly the pairs (the batch scores only feasible pairs)."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.float32)
    if np.all(rows == rows[0]):
        one_row: np.ndarray = text_similarity([a.signature[rows[0]]], list(o.signature[cols]))[0]
        return one_row
    if np.all(cols == cols[0]):
        return text_similarity(list(a.signature[rows]), [o.signature[cols[0]]])[:, 0]
    distance = process.cpdist(a.signature[rows], o.signature[cols], scorer=Indel.distance,
                              processor=None, dtype=np.int32, workers=-1)
    return shared_to_similarity(distance, a.signature_length[rows], o.signature_length[cols])


def component_scores(a: ApplicantIndex, o: OpportunityIndex, rows: np.ndarray, cols: np.ndarray,
                     role_fit: np.ndarray, distance: np.ndarray,
                     without_location: np.ndarray | None = None) -> np.ndarray:
    """(P, 5) float32 components in ``COMPONENTS`` order, each 0..1 (distance NaN where
    ``without_location``: there is no such component for those pairs)."""
    out = np.empty((len(rows), len(COMPONENTS)), dtype=np.float32)
    out[:, 0] = role_fit
    out[:, 1] = values_fit(a.values, rows, o.desired, o.weights, o.norms, cols)
    out[:, 2] = distance_score(distance)
    out[:, 3] = overlap(a.availability[rows], o.schedule[cols])
    out[:, 4] = pair_text_similarity(a, o, rows, cols)
    if without_location is not None:
        out[without_location, _DISTANCE] = np.nan
    return out


def totals(components: np.ndarray) -> np.ndarray:
    """100 x the weighted mean of each pair's compared components (NaN components left out).

    Column by column: masks over the (P, 5) array cost three times as much on a large batch."""
    compared: np.ndarray | None = None
    for column in _MAY_BE_MISSING:
        gone = np.isnan(components[:, column])
        if gone.any():
            if compared is None:
                compared = np.ones(len(components), dtype=np.float32)
            compared -= _WEIGHT_VECTOR[column] * gone
    if compared is None:
        plain: np.ndarray = (components @ _WEIGHT_VECTOR) * np.float32(100)
        return plain
    weighted = np.zeros(len(components), dtype=np.float32)
    for column, weight in enumerate(_WEIGHT_VECTOR):
        values = components[:, column]
        weighted += weight * np.where(np.isnan(values), np.float32(0), values)
    mean: np.ndarray = weighted * (np.float32(100) / compared)
    return mean


def score_pairs(a: ApplicantIndex, o: OpportunityIndex, rows: np.ndarray,
                cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Filter, then score the survivors: ``(rows, cols, components, totals, distance)`` of matches."""
    eligible, role_fit, role_ok, distance = check_pairs(a, o, rows, cols)
    keep = np.flatnonzero(eligible & role_ok)
    rows, cols, role_fit, distance = rows[keep], cols[keep], role_fit[keep], distance[keep]
    components = component_scores(a, o, rows, cols, role_fit, distance)
    return rows, cols, components, totals(components), distance


# ---- explanations ------------------------------------------------------------------------------

def _role_reason(a: ApplicantIndex, row: int, role: int, role_ok: bool) -> str:
    title = a.taxonomy.roles[role].title
    typed = a.items[row].desired_roles
    if a.open_to_any_role[row]:
        return f"{title} (no preferred role given)"
    if not role_ok:
        return f"{title} is not close to the roles typed"
    scores = a.typed_role_scores[a.typed_start[row]:a.typed_start[row + 1], role]
    return f'{title}, matching "{typed[int(np.argmax(scores))].strip()}"'


def ineligible_reasons(applicant: ApplicantProfile, opportunity: Opportunity,
                       distance_km: float | None, travel_limit: float, *,
                       without_location: bool = False) -> list[str]:
    reasons = []
    if applicant.age < opportunity.min_age:
        reasons.append(f"minimum age is {opportunity.min_age}")
    if opportunity.licence_required and not applicant.driving_licence:
        reasons.append("needs a driving licence")
    if not opportunity.is_virtual and not without_location:
        if applicant.lat is None:
            reasons.append("no home location given, so travel distance cannot be checked")
        elif distance_km is not None and not distance_km <= travel_limit:
            reasons.append(f"{distance_km:.1f} km away, beyond the {travel_limit:g} km travel limit")
    return reasons


def explain(a: ApplicantIndex, o: OpportunityIndex, row: int, col: int, components: np.ndarray,
            distance_km: float, *, eligible: bool = True, role_ok: bool = True,
            without_location: bool = False) -> MatchScore:
    """The full, human-readable record for one pair (built only for the top k).

    ``without_location``: no distance, travel limit or distance reason, and the total and
    contributions use ``WEIGHTS_WITHOUT_LOCATION``.
    """
    applicant, opportunity = a.items[row], o.items[col]
    exact_distance = None if without_location or np.isnan(distance_km) else float(distance_km)
    distance = None if exact_distance is None else round(exact_distance, 2)
    limit = float(a.travel_limit[row])
    values = [None if np.isnan(c) else round(float(c), 4) for c in components]
    reasons = [_role_reason(a, row, int(o.role[col]), role_ok)]
    if not without_location:
        reasons.append(describe_distance(distance))
    reasons.append(describe_availability(int(a.availability[row]), int(o.schedule[col])))
    reasons += describe_values(applicant.values, opportunity.values.desired, opportunity.values.weights,
                               applicant.strengths or None)
    words = shared_words(f"{applicant.interests} {applicant.experience}",
                         f"{opportunity.title} {opportunity.description}")
    if words:
        reasons.append("both mention " + ", ".join(words))
    blocked = [] if eligible else ineligible_reasons(applicant, opportunity, exact_distance, limit,
                                                     without_location=without_location)
    counted = eligible and role_ok
    compared = {name: v for name, v in zip(COMPONENTS, values, strict=True) if v is not None}
    weights = weights_for(compared)
    contributions = {name: round(100 * weights[name] * v, 2) if counted else 0.0 for name, v in compared.items()}
    return MatchScore(
        applicant_id=applicant.id, opportunity_id=opportunity.id, eligible=bool(eligible),
        role_match=bool(role_ok), total=round(sum(contributions.values()), 2) if counted else 0.0,
        components=Components(role=values[0] or 0.0, values=values[1], distance=values[2], availability=values[3],
                              text=values[4] or 0.0),
        contributions=contributions, distance_km=distance,
        travel_limit_km=None if opportunity.is_virtual or without_location else limit, reasons=tuple(reasons),
        ineligible_reasons=tuple(blocked),
    )


def score(applicant: ApplicantProfile, opportunity: Opportunity,
          taxonomy: RoleTaxonomy | None = None, *, without_location: bool = False) -> MatchScore:
    """Score and explain one pair, eligible or not (ineligible pairs total 0, with reasons).

    ``without_location`` scores the pair as if distance did not exist (see ``WEIGHTS_WITHOUT_LOCATION``).
    """
    a = ApplicantIndex.build([applicant], taxonomy)
    o = OpportunityIndex.build([opportunity], a.taxonomy)
    zero = np.zeros(1, dtype=np.int64)
    blind = np.array([without_location])
    eligible, role_fit, role_ok, distance = check_pairs(a, o, zero, zero, without_location=blind)
    components = component_scores(a, o, zero, zero, role_fit, distance, without_location=blind)
    return explain(a, o, 0, 0, components[0], float(distance[0]),
                   eligible=bool(eligible[0]), role_ok=bool(role_ok[0]), without_location=without_location)
