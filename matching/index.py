"""Per-collection arrays, built once and reused for every ranking.

Why: turning 20,000 dataclasses into arrays (and normalising their typed roles, and extracting
their keywords) costs far more than scoring them. Build an ``ApplicantIndex`` or
``OpportunityIndex`` when the collection changes, keep it, and every ranking against it is a few
numpy operations. The ranking functions also accept plain lists and build the index themselves.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .availability import to_mask
from .geo import to_radians, travel_limit_km
from .roles import RoleTaxonomy, default_taxonomy
from .text import keyword_signature, keywords, signature_lengths
from .types import VALUE_KEYS, ApplicantProfile, Opportunity
from .values import target_norms


def _coordinates(items: Sequence[ApplicantProfile] | Sequence[Opportunity]) -> tuple[np.ndarray, np.ndarray]:
    lat = np.array([np.nan if x.lat is None else x.lat for x in items], dtype=np.float32)
    lon = np.array([np.nan if x.lon is None else x.lon for x in items], dtype=np.float32)
    return lat, lon


def _signatures(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    signatures = np.empty(len(texts), dtype=object)
    signatures[:] = [keyword_signature(keywords(t)) for t in texts]
    return signatures, signature_lengths(list(signatures))


def _by_value(rows: list[tuple[float, ...]]) -> np.ndarray:
    """(8, count) float32, one contiguous row per value (see ``values.values_fit``)."""
    return np.ascontiguousarray(np.array(rows, dtype=np.float32).reshape(-1, len(VALUE_KEYS)).T)


def _best_per_person(typed_scores: np.ndarray, start: np.ndarray, roles: int) -> np.ndarray:
    """Max over each person's typed roles (rows start[i]:start[i+1]); 0 for people with none."""
    fit = np.zeros((len(start) - 1, roles), dtype=np.float32)
    has = np.diff(start) > 0
    if has.any():
        fit[has] = np.maximum.reduceat(typed_scores, start[:-1][has], axis=0)
    return fit


@dataclass(frozen=True, eq=False)
class OpportunityIndex:
    items: tuple[Opportunity, ...]
    taxonomy: RoleTaxonomy
    role: np.ndarray  # int32 index into taxonomy.roles
    lat: np.ndarray  # float32 degrees, NaN when virtual
    phi: np.ndarray  # float32 radians
    lam: np.ndarray
    cos_phi: np.ndarray
    virtual: np.ndarray  # bool
    min_age: np.ndarray  # int16
    licence_required: np.ndarray  # bool
    schedule: np.ndarray  # uint32 slot mask
    desired: np.ndarray  # float32 (8, M): one row per value, VALUE_KEYS order
    weights: np.ndarray  # float32 (8, M)
    norms: np.ndarray  # float32 (M,) sum w * desired^2
    signature: np.ndarray  # object array of keyword signatures
    signature_length: np.ndarray  # int32

    @classmethod
    def build(cls, opportunities: Sequence[Opportunity],
              taxonomy: RoleTaxonomy | None = None) -> OpportunityIndex:
        items = tuple(opportunities)
        taxonomy = taxonomy or default_taxonomy()
        unknown = sorted({o.role for o in items} - set(taxonomy.slugs))
        if unknown:
            raise ValueError(f"opportunities use role slugs not in the taxonomy: {unknown}")
        lat, lon = _coordinates(items)
        phi, lam, cos_phi = to_radians(lat, lon)
        desired = _by_value([o.values.desired for o in items])
        weights = _by_value([o.values.weights for o in items])
        signature, length = _signatures([f"{o.title} {o.description}" for o in items])
        return cls(
            items=items, taxonomy=taxonomy,
            role=np.array([taxonomy.index_of[o.role] for o in items], dtype=np.int32),
            lat=lat, phi=phi, lam=lam, cos_phi=cos_phi, virtual=np.isnan(lat),
            min_age=np.array([o.min_age for o in items], dtype=np.int16),
            licence_required=np.array([o.licence_required for o in items], dtype=bool),
            schedule=np.array([to_mask(o.schedule) for o in items], dtype=np.uint32),
            desired=desired, weights=weights, norms=target_norms(desired, weights),
            signature=signature, signature_length=length,
        )

    def __len__(self) -> int:
        return len(self.items)

    @cached_property
    def by_role(self) -> tuple[np.ndarray, np.ndarray]:
        """(order, bounds): positions sorted by role then latitude (virtual last in each role);
        role r's opportunities are ``order[bounds[r]:bounds[r + 1]]``."""
        order = np.lexsort((self.lat, self.role))  # NaN latitudes sort last
        bounds = np.searchsorted(self.role[order], np.arange(len(self.taxonomy) + 1), side="left")
        return order, bounds


@dataclass(frozen=True, eq=False)
class ApplicantIndex:
    items: tuple[ApplicantProfile, ...]
    taxonomy: RoleTaxonomy
    role_fit: np.ndarray  # float32 (N, R): best typed-role score per canonical role, 0..1
    typed_role_scores: np.ndarray  # float32 (T, R): each typed role's score per canonical role
    typed_start: np.ndarray  # int64 (N + 1,): applicant i's typed roles are rows start[i]:start[i+1]
    open_to_any_role: np.ndarray  # bool: typed no role at all
    lat: np.ndarray
    phi: np.ndarray
    lam: np.ndarray
    cos_phi: np.ndarray
    travel_limit: np.ndarray  # float32 km
    age: np.ndarray  # int16
    licence: np.ndarray  # bool
    availability: np.ndarray  # uint32 slot mask
    values: np.ndarray  # float32 (8, N): one row per value, NaN columns when not answered
    signature: np.ndarray
    signature_length: np.ndarray

    @classmethod
    def build(cls, applicants: Sequence[ApplicantProfile],
              taxonomy: RoleTaxonomy | None = None) -> ApplicantIndex:
        items = tuple(applicants)
        taxonomy = taxonomy or default_taxonomy()
        lat, lon = _coordinates(items)
        phi, lam, cos_phi = to_radians(lat, lon)
        signature, length = _signatures([f"{a.interests} {a.experience}" for a in items])
        unanswered = (np.nan,) * len(VALUE_KEYS)
        typed = [t for a in items for t in a.desired_roles]
        typed_scores = taxonomy.role_scores(typed) / np.float32(100)
        counts = np.array([len(a.desired_roles) for a in items], dtype=np.int64)
        typed_start = np.r_[0, np.cumsum(counts)].astype(np.int64)
        return cls(
            items=items, taxonomy=taxonomy,
            role_fit=_best_per_person(typed_scores, typed_start, len(taxonomy)),
            typed_role_scores=typed_scores, typed_start=typed_start,
            open_to_any_role=counts == 0,
            lat=lat, phi=phi, lam=lam, cos_phi=cos_phi,
            travel_limit=np.array([travel_limit_km(a.age, a.driving_licence, a.max_travel_km)
                                   for a in items], dtype=np.float32),
            age=np.array([a.age for a in items], dtype=np.int16),
            licence=np.array([a.driving_licence for a in items], dtype=bool),
            availability=np.array([to_mask(a.availability) for a in items], dtype=np.uint32),
            values=_by_value([a.values or unanswered for a in items]),
            signature=signature, signature_length=length,
        )

    def __len__(self) -> int:
        return len(self.items)
