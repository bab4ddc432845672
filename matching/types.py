"""The engine's inputs and outputs: plain, frozen, validated dataclasses.

The web app converts its models into these in one adapter module, so the engine never sees a
database row. The classes deliberately have **no field for sex, ethnicity, religion, disability
or any other protected characteristic**: what the engine is never given it cannot use. Age is
present only because minimum ages are a legal and safeguarding gate; it is used as an
eligibility filter and nowhere in a score.

Inputs are normalised on construction (lists become tuples, availability becomes a frozenset,
value profiles become 8-tuples in ``VALUE_KEYS`` order) so that instances are hashable, cheap to
turn into numpy arrays, and bad adapter data fails loudly here rather than deep inside a
vectorised loop.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Union

# The eight values, in the order used everywhere (content/values.yaml; a test keeps them equal).
VALUE_KEYS: tuple[str, ...] = (
    "dignity_respect",
    "compassion_empathy",
    "person_centred",
    "communication",
    "teamwork",
    "reliability",
    "courage",
    "learning",
)

# A built-in copy of values.yaml's ``short`` names, so reasons can be written without reading
# files at import time; tests/matching checks that this copy agrees with the YAML.
VALUE_SHORT_NAMES: dict[str, str] = {
    "dignity_respect": "dignity and respect",
    "compassion_empathy": "compassion",
    "person_centred": "choice and independence",
    "communication": "listening",
    "teamwork": "teamwork",
    "reliability": "reliability",
    "courage": "speaking up",
    "learning": "learning",
}

OPPORTUNITY_KINDS: tuple[str, ...] = (
    "buddy", "volunteer", "shadowing", "insight", "virtual", "apprenticeship", "job",
)
NO_VALUES: tuple[float, ...] = (0.0,) * len(VALUE_KEYS)
DAY_NAMES: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The parts of a day a shift or a person's free time falls in: the one list the engine, the forms and
# the taster schedules share. "night" is a night shift (from about 10pm), counted on the day it starts.
DAY_PARTS: tuple[str, ...] = ("morning", "afternoon", "evening", "night")

Slot = tuple[int, str]  # (day 0 = Monday .. 6 = Sunday, one of DAY_PARTS)
Identifier = Union[int, str]
ValueProfile = Union[Mapping[str, float], Iterable[float]]


def _value_tuple(values: ValueProfile, what: str, *, fill: float | None) -> tuple[float, ...]:
    """Accept a dict keyed by VALUE_KEYS or a sequence in that order; return an 8-tuple."""
    if isinstance(values, Mapping):
        unknown = set(values) - set(VALUE_KEYS)
        if unknown:
            raise ValueError(f"{what}: unknown value keys {sorted(unknown)}")
        if fill is None and len(values) != len(VALUE_KEYS):
            raise ValueError(f"{what}: needs all of {list(VALUE_KEYS)}")
        numbers = tuple(float(values.get(key, fill if fill is not None else 0.0)) for key in VALUE_KEYS)
    else:
        numbers = tuple(float(v) for v in values)
        if len(numbers) != len(VALUE_KEYS):
            raise ValueError(f"{what}: expected {len(VALUE_KEYS)} numbers in VALUE_KEYS order")
    return numbers


def _check_range(numbers: Iterable[float], low: float, high: float, what: str) -> None:
    for number in numbers:
        if not (math.isfinite(number) and low <= number <= high):
            raise ValueError(f"{what}: {number!r} is outside {low}..{high}")


def _slots(raw: Iterable[Slot], what: str) -> frozenset[Slot]:
    slots = set()
    for day, part in raw:
        if not (isinstance(day, int) and 0 <= day <= 6) or part not in DAY_PARTS:
            raise ValueError(f"{what}: bad slot {(day, part)!r}; use (0-6, {'/'.join(DAY_PARTS)})")
        slots.add((day, part))
    return frozenset(slots)


def _location(lat: float | None, lon: float | None, what: str) -> tuple[float | None, float | None]:
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise ValueError(f"{what}: give both latitude and longitude, or neither")
    lat, lon = float(lat), float(lon)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{what}: ({lat}, {lon}) is not a latitude/longitude")
    return lat, lon


@dataclass(frozen=True, slots=True)
class ApplicantProfile:
    """What the engine knows about a person looking for a taster, apprenticeship or job.

    ``lat``/``lon`` are the postcode *sector* centroid (never a full address); ``None`` means the
    person has given no location, so only virtual opportunities can be checked for travel.
    ``max_travel_km`` ``None`` means the default for their situation (see ``geo.travel_limit_km``).
    ``values`` is the questionnaire result, 0-100 per value (``None`` = not answered yet).
    ``strengths`` are the values the person's questionnaire report names as strengths
    (``values.strengths`` of the measured scores); empty means work them out from ``values``.
    """

    id: Identifier
    age: int
    desired_roles: tuple[str, ...] = ()
    interests: str = ""
    experience: str = ""
    lat: float | None = None
    lon: float | None = None
    max_travel_km: float | None = None
    availability: frozenset[Slot] = frozenset()
    driving_licence: bool = False
    values: tuple[float, ...] | None = None
    strengths: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.desired_roles, str):
            raise ValueError("desired_roles is a list of typed titles, not one string")
        if not isinstance(self.age, int) or isinstance(self.age, bool) or not 0 < self.age < 130:
            raise ValueError(f"age must be a whole number of years, got {self.age!r}")
        if self.max_travel_km is not None and not (0 <= float(self.max_travel_km) < 20_000):
            raise ValueError(f"max_travel_km {self.max_travel_km!r} must be a distance in km")
        lat, lon = _location(self.lat, self.lon, "applicant location")
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "desired_roles",
                           tuple(str(r).strip() for r in self.desired_roles if str(r).strip()))
        object.__setattr__(self, "interests", self.interests or "")
        object.__setattr__(self, "experience", self.experience or "")
        object.__setattr__(self, "availability", _slots(self.availability, "availability"))
        object.__setattr__(self, "driving_licence", bool(self.driving_licence))
        if self.values is not None:
            numbers = _value_tuple(self.values, "applicant values", fill=None)
            _check_range(numbers, 0, 100, "applicant values")
            object.__setattr__(self, "values", numbers)
        strengths = tuple(self.strengths or ())
        if any(key not in VALUE_KEYS for key in strengths):
            raise ValueError(f"strengths {strengths!r} must be value keys")
        object.__setattr__(self, "strengths", strengths)


@dataclass(frozen=True, slots=True, init=False)
class ValueWeights:
    """A provider's wishes on the eight values.

    ``desired`` is the level (0-100) they hope for on a value; ``weights`` is how much it matters,
    on the provider form's 0-5 scale (0 = does not matter, 5 = essential). Only the ratios of the
    weights matter, so 0..1 works too. Both accept a dict keyed by ``VALUE_KEYS`` (missing keys
    are 0) or 8 numbers in that order; with ``weights`` omitted every value given a desired level
    gets weight 1. Being *above* a desired level is never penalised (see ``values.values_fit``).
    """

    desired: tuple[float, ...]
    weights: tuple[float, ...]  # always 8 numbers once built: omitted weights are worked out

    def __init__(self, desired: ValueProfile = NO_VALUES, weights: ValueProfile | None = None) -> None:
        desired = _value_tuple(desired, "desired values", fill=0.0)
        _check_range(desired, 0, 100, "desired values")
        if weights is None:
            weights = tuple(1.0 if level > 0 else 0.0 for level in desired)
        else:
            weights = _value_tuple(weights, "value weights", fill=0.0)
        _check_range(weights, 0, 100, "value weights")
        object.__setattr__(self, "desired", desired)
        object.__setattr__(self, "weights", weights)

    def as_dicts(self) -> tuple[dict[str, float], dict[str, float]]:
        return dict(zip(VALUE_KEYS, self.desired, strict=True)), dict(zip(VALUE_KEYS, self.weights, strict=True))


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A taster, volunteering place, apprenticeship or job offered by a provider.

    ``role`` is a canonical role slug from content/roles. ``kind`` "virtual" has no ``lat``/``lon``
    (distance does not apply and is not a filter); every other kind must have them, so an
    in-person place can never slip past the travel filter for want of a postcode. An empty
    ``schedule`` means "flexible, any time". ``places`` is the capacity used by ``allocate``.
    """

    id: Identifier
    kind: str
    role: str
    title: str = ""
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    schedule: frozenset[Slot] = frozenset()
    min_age: int = 0
    licence_required: bool = False
    values: ValueWeights = field(default_factory=ValueWeights)
    places: int = 1

    def __post_init__(self) -> None:
        if self.kind not in OPPORTUNITY_KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {OPPORTUNITY_KINDS}")
        if not self.role:
            raise ValueError("an opportunity needs a canonical role slug")
        if not isinstance(self.min_age, int) or not 0 <= self.min_age < 130:
            raise ValueError(f"min_age must be whole years, got {self.min_age!r}")
        if not isinstance(self.places, int) or self.places < 0:
            raise ValueError(f"places must be a whole number >= 0, got {self.places!r}")
        lat, lon = _location(self.lat, self.lon, "opportunity location")
        if (lat is None) != (self.kind == "virtual"):
            raise ValueError("a virtual opportunity has no location, and every other kind needs one")
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "title", self.title or "")
        object.__setattr__(self, "description", self.description or "")
        object.__setattr__(self, "schedule", _slots(self.schedule, "schedule"))
        object.__setattr__(self, "licence_required", bool(self.licence_required))
        if not isinstance(self.values, ValueWeights):
            raise ValueError("values must be a ValueWeights(desired=..., weights=...)")

    @property
    def is_virtual(self) -> bool:
        return self.lat is None


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """A free-typed title resolved to a canonical role: slug, score 0-100, and the label it hit."""

    slug: str
    score: int
    label: str


@dataclass(frozen=True, slots=True)
class RoleGuess:
    """The full answer for one title: the role (or None when unsure), how sure, and the runner-up.

    ``confidence`` and ``runner_up_confidence`` are 0..1 (the role scores / 100). When the engine
    abstains, ``slug`` is None but ``best`` and ``confidence`` still say what it would have
    guessed, so a picker can offer it first.
    """

    slug: str | None
    confidence: float
    label: str | None
    best: str | None
    runner_up: str | None
    runner_up_confidence: float
    prepared: str

    def as_match(self) -> RoleMatch | None:
        if self.slug is None:
            return None
        return RoleMatch(self.slug, int(round(self.confidence * 100)), self.label or "")


@dataclass(frozen=True, slots=True)
class Components:
    """Each component of a score, 0..1 (1 = best), or None where there was nothing to compare
    (no values wishes, flexible times, or distance when scoring without location): such a
    component is left out of the total rather than given full marks. Role and text always compare."""

    role: float
    values: float | None
    distance: float | None
    availability: float | None
    text: float

    def as_dict(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class MatchScore:
    """One (applicant, opportunity) pair, scored and explained.

    ``eligible`` is False when a hard filter failed (``ineligible_reasons`` says which); then
    ``total`` is 0. ``role_match`` is False when role fit is under the floor: such pairs are scored
    but never offered as matches. ``contributions`` are ``weight x component x 100`` and sum to
    ``total``, so every point can be accounted for.
    """

    applicant_id: Identifier
    opportunity_id: Identifier
    eligible: bool
    role_match: bool
    total: float
    components: Components
    contributions: dict[str, float]
    distance_km: float | None
    travel_limit_km: float | None
    reasons: tuple[str, ...]
    ineligible_reasons: tuple[str, ...] = ()

    @property
    def is_match(self) -> bool:
        return self.eligible and self.role_match
