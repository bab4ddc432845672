"""Benchmark on seeded, synthetic but realistic data (``python -m matching bench [--json]``).

Why synthetic and seeded: real profiles must not leave the database, and a fixed seed makes
runs comparable. Realistic means people and places cluster in towns across Great Britain (so
only a few per cent of pairs are within travel distance, as in real life), typed roles carry
typos and filler, texts are drawn from a care-sector vocabulary, and some profiles are
incomplete (no values answered, no availability, no role typed, virtual opportunities).

Timings are wall-clock on whatever machine runs this; shared VMs vary by up to ~2x run to run,
so medians are reported. ``raw_cdist_10000x2000_s`` is rapidfuzz ``cdist`` alone over the same
keyword signatures with the same scorer as the text component, i.e. the floor for a dense
approach; ``batch_over_raw`` compares the full engine (filters + five components) to it.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .allocate import blocking_pairs, build_preferences, deferred_acceptance
from .index import ApplicantIndex, OpportunityIndex
from .rank import rank_applicants, rank_opportunities, score_matrix
from .roles import RoleTaxonomy, default_taxonomy
from .types import DAY_PARTS, OPPORTUNITY_KINDS, VALUE_KEYS, ApplicantProfile, Opportunity, ValueWeights

SEED = 20250101
T = TypeVar("T")
Towns = tuple[np.ndarray, np.ndarray, np.ndarray]  # latitudes, longitudes, how likely each town is
_HOBBIES = """cooking baking gardening football netball music singing guitar piano drawing painting
reading chess crafts knitting dancing swimming walking hiking photography volunteering animals
dogs horses gaming films theatre drama history languages science maths biology psychology
first-aid scouts guides cadets church mosque temple library charity fundraising""".split()
_EXPERIENCE = """looked after my grandmother helped at a lunch club volunteered in a charity shop
babysitting younger siblings worked in a cafe retail experience customer service duke of
edinburgh award work experience at a care home helped at a food bank supported a disabled
friend paper round hospital volunteer st john ambulance cadet youth club leader""".split()
_DESCRIPTION = """residents older people dementia wellbeing activities meals cooking kitchen
personal care medication community support independence dignity respect compassion team shifts
training induction care certificate safeguarding garden music reminiscence outings
companionship laundry cleaning housekeeping nursing clinical learning disabilities autism
mental health recovery reablement rehabilitation home visits driving rota evenings weekends
families listening communication reliable kind patient friendly supportive""".split()


def _typo(rng: np.random.Generator, text: str) -> str:
    if len(text) < 5 or rng.random() < 0.5:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = rng.integers(3)
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def _towns(rng: np.random.Generator, count: int = 60) -> Towns:
    lat = rng.uniform(50.4, 57.2, count)
    lon = rng.uniform(-4.5, 1.3, count)
    weight = 1 / np.arange(1, count + 1)
    return lat, lon, weight / weight.sum()


def _place(rng: np.random.Generator, towns: Towns, virtual_share: float = 0.0) -> tuple[float | None, float | None]:
    if rng.random() < virtual_share:
        return None, None
    lat, lon, weight = towns
    town = rng.choice(len(lat), p=weight)
    return float(lat[town] + rng.normal(0, 0.05)), float(lon[town] + rng.normal(0, 0.08))


def _slots(rng: np.random.Generator, share: float) -> frozenset[tuple[int, str]]:
    return frozenset((d, p) for d in range(7) for p in DAY_PARTS if rng.random() < share)


def _words(rng: np.random.Generator, pool: list[str], low: int, high: int) -> str:
    return " ".join(rng.choice(pool, size=int(rng.integers(low, high))))


def make_applicants(n: int, taxonomy: RoleTaxonomy, seed: int = SEED) -> list[ApplicantProfile]:
    rng = np.random.default_rng(seed)
    towns = _towns(np.random.default_rng(seed - 1))
    typed_pool = [label for role in taxonomy.roles for label in (role.title, *role.synonyms)]
    people = []
    for i in range(n):
        age = int(rng.choice([14, 15, 16, 17, 18, 19, 22, 25, 30, 40, 50, 60]))
        lat, lon = _place(rng, towns)
        count = int(rng.choice([0, 1, 1, 2, 3]))
        roles = [_typo(rng, str(rng.choice(typed_pool))) for _ in range(count)]
        people.append(ApplicantProfile(
            id=i, age=age, desired_roles=tuple(roles),
            interests="I like " + _words(rng, _HOBBIES, 3, 10),
            experience=_words(rng, _EXPERIENCE, 4, 20),
            lat=lat, lon=lon,
            max_travel_km=float(rng.uniform(3, 30)) if rng.random() < 0.2 else None,
            availability=_slots(rng, 0.3) if rng.random() < 0.9 else frozenset(),
            driving_licence=bool(age >= 17 and rng.random() < 0.4),
            values=tuple(np.clip(rng.normal(70, 15, len(VALUE_KEYS)), 0, 100)) if rng.random() < 0.9 else None,
        ))
    return people


def make_opportunities(m: int, taxonomy: RoleTaxonomy, seed: int = SEED + 1) -> list[Opportunity]:
    rng = np.random.default_rng(seed)
    towns = _towns(np.random.default_rng(SEED - 1))
    result = []
    for j in range(m):
        kind = str(rng.choice(OPPORTUNITY_KINDS))
        role = taxonomy.roles[int(rng.integers(len(taxonomy)))]
        lat, lon = _place(rng, towns, virtual_share=1.0 if kind == "virtual" else 0.0)
        asked = rng.choice(len(VALUE_KEYS), size=3, replace=False)
        result.append(Opportunity(
            id=j, kind=kind, role=role.slug, title=f"{role.title} {kind}",
            description=_words(rng, _DESCRIPTION, 20, 50),
            lat=lat, lon=lon,
            schedule=_slots(rng, 0.12) if rng.random() < 0.8 else frozenset(),
            min_age=int(rng.choice([14, 16, 16, 18, 18])),
            licence_required=bool(rng.random() < 0.1),
            values=ValueWeights(desired={VALUE_KEYS[v]: float(rng.uniform(55, 90)) for v in asked},
                                weights={VALUE_KEYS[v]: float(rng.integers(1, 6)) for v in asked}),
            places=int(rng.integers(1, 8)),
        ))
    return result


def _timed(call: Callable[[], T]) -> tuple[float, T]:
    begin = time.perf_counter()
    result = call()
    return time.perf_counter() - begin, result


def _median_ms(calls: Iterable[Callable[[], object]]) -> float:
    return statistics.median(_timed(call)[0] * 1000 for call in calls)


def run(taxonomy: RoleTaxonomy | None = None, scale: float = 1.0) -> dict[str, Any]:
    """Run every measurement and return one flat dict (what ``bench --json`` prints).

    ``scale`` shrinks every collection (for a quick smoke test); the keys keep their names, and
    the ``scale`` key says the sizes were not the ones named.
    """
    taxonomy = taxonomy or default_taxonomy()

    def size(count: int) -> int:
        return max(2, int(count * scale))

    out: dict[str, Any] = {"seed": SEED, "scale": scale, "roles": len(taxonomy)}
    applicants = make_applicants(size(20_000), taxonomy)
    opportunities = make_opportunities(size(5_000), taxonomy)

    begin = time.perf_counter()
    opportunity_index = OpportunityIndex.build(opportunities, taxonomy)
    out["index_opportunities_5000_s"] = round(time.perf_counter() - begin, 3)
    begin = time.perf_counter()
    applicant_index = ApplicantIndex.build(applicants, taxonomy)
    out["index_applicants_20000_s"] = round(time.perf_counter() - begin, 3)

    out["rank_one_vs_5000_ms"] = round(_median_ms(
        partial(rank_opportunities, a, opportunity_index, 10) for a in applicants[:60]), 3)
    out["shortlist_one_vs_20000_ms"] = round(_median_ms(
        partial(rank_applicants, o, applicant_index, 20) for o in opportunities[:30]), 3)

    batch_a = ApplicantIndex.build(applicants[:size(10_000)], taxonomy)
    batch_o = OpportunityIndex.build(opportunities[:size(2_000)], taxonomy)
    queries, choices = list(batch_a.signature), list(batch_o.signature)
    batch, raw = [], []
    for _ in range(5):  # interleaved, so a noisy neighbour slows both alike
        raw.append(_timed(lambda: process.cdist(queries, choices, scorer=Indel.distance,
                                                processor=None, dtype=np.int32, workers=-1))[0])
        seconds, matrix = _timed(lambda: score_matrix(batch_a, batch_o))
        batch.append(seconds)
    out["batch_10000x2000_s"] = statistics.median(batch)
    out["batch_feasible_share"] = round(float(np.isfinite(matrix).mean()), 4)
    out["raw_cdist_10000x2000_s"] = statistics.median(raw)
    out["batch_over_raw"] = round(out["batch_10000x2000_s"] / out["raw_cdist_10000x2000_s"], 3)

    scores = score_matrix(ApplicantIndex.build(applicants[:size(5_000)], taxonomy),
                          OpportunityIndex.build(opportunities[:size(500)], taxonomy))
    capacities = [o.places for o in opportunities[:size(500)]]

    def allocation() -> np.ndarray:
        return deferred_acceptance(build_preferences(scores, None, 10, seed=0), capacities)

    runs = [_timed(allocation) for _ in range(3)]
    out["allocate_5000x500_s"] = statistics.median(seconds for seconds, _ in runs)
    assigned = runs[-1][1]
    preferences = build_preferences(scores, None, 10, seed=0)
    begin = time.perf_counter()
    out["allocate_blocking_pairs"] = len(blocking_pairs(preferences, capacities, assigned))
    out["stability_check_5000x500_s"] = round(time.perf_counter() - begin, 4)
    with_options = np.diff(preferences.start) > 0
    out["allocate_placed_share_of_those_with_options"] = round(
        float((assigned[with_options] >= 0).mean()) if with_options.any() else 0.0, 4)
    for key in ("batch_10000x2000_s", "raw_cdist_10000x2000_s", "allocate_5000x500_s"):
        out[key] = round(out[key], 4)
    return out


def table(results: dict[str, Any]) -> str:
    width = max(len(k) for k in results)
    return "\n".join(f"{key.ljust(width)}  {value}" for key, value in results.items())
