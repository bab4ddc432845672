"""Availability overlap as 28-bit masks (7 days x morning/afternoon/evening/night, ``DAY_PARTS``).

Why bit masks: a whole collection's availability is one uint32 array, and the overlap of every
pair is an AND plus ``np.bitwise_count``, with no Python loop over pairs.

The component is the share of the opportunity's sessions the applicant is free for. An
opportunity with no schedule is "flexible": there is nothing to compare, so the component is NaN
and left out of the total (it would otherwise give sparse posts full marks); an applicant who has
not said when they are free gets a neutral 0.5. Availability is never a hard filter: people's weeks change, and
ruling people out on it would fall hardest on those with caring responsibilities.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .types import DAY_NAMES, DAY_PARTS, Slot

AVAILABILITY_UNKNOWN = np.float32(0.5)
_PLURAL_PART = {"morning": "mornings", "afternoon": "afternoons", "evening": "evenings", "night": "nights"}
assert set(_PLURAL_PART) == set(DAY_PARTS) and len(DAY_PARTS) * 7 <= 32  # the masks are uint32


def slot_bit(day: int, part: str) -> int:
    return 1 << (day * len(DAY_PARTS) + DAY_PARTS.index(part))


def to_mask(slots: Iterable[Slot]) -> int:
    mask = 0
    for day, part in slots:
        mask |= slot_bit(day, part)
    return mask


def from_mask(mask: int) -> list[Slot]:
    return [(day, part) for day in range(7) for part in DAY_PARTS if mask & slot_bit(day, part)]


def overlap(applicant_masks: np.ndarray, schedule_masks: np.ndarray) -> np.ndarray:
    """Share 0..1 of each schedule's slots the applicant is free for (broadcastable uint32)."""
    wanted = np.bitwise_count(schedule_masks).astype(np.float32)
    shared = np.bitwise_count(applicant_masks & schedule_masks).astype(np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = shared / wanted
    share = np.where(applicant_masks == 0, AVAILABILITY_UNKNOWN, share)
    return np.where(wanted > 0, share, np.float32(np.nan)).astype(np.float32)


def describe_slots(slots: Iterable[Slot]) -> str:
    """"Saturday mornings", "Monday and Friday evenings", "Tuesday mornings and Tuesday evenings"."""
    by_part: dict[str, list[int]] = {}
    for day, part in sorted(slots, key=lambda s: (DAY_PARTS.index(s[1]), s[0])):
        by_part.setdefault(part, []).append(day)
    phrases = []
    for part, days in by_part.items():
        names = [DAY_NAMES[d] for d in days]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        phrases.append(f"{joined} {_PLURAL_PART[part]}")
    return "; ".join(phrases)


def describe_availability(applicant_mask: int, schedule_mask: int) -> str:
    if schedule_mask == 0:
        return "flexible times, so availability is left out of the score"
    if applicant_mask == 0:
        return "availability not given yet"
    shared = from_mask(applicant_mask & schedule_mask)
    if not shared:
        return f"not free at the session times ({describe_slots(from_mask(schedule_mask))})"
    return f"free on {describe_slots(shared)}"
