"""Measure title normalisation on a labelled TSV: ``python -m matching evaluate FILE.tsv``.

The file has a header line ``title<TAB>expected`` and one title per line; ``expected`` is a role
slug, or empty when the title belongs to no care role (then abstaining is the right answer).

Every title lands in exactly one bucket:

- **right**: the expected role, or no role when none was expected;
- **wrong**: a role, but not the expected one (including a role for a non-care title);
- **abstained**: no role although one was expected (the app then shows a picker, which is
  better than a wrong guess, so the two failures are reported apart).

accuracy@1 = right / all, and the three rates add up to 1.
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .roles import NORMALISE_THRESHOLD, RoleTaxonomy


@dataclass(frozen=True, slots=True)
class Miss:
    title: str
    expected: str | None
    got: str | None
    confidence: float


@dataclass(slots=True)
class Evaluation:
    total: int = 0
    right: int = 0
    wrong: list[Miss] = field(default_factory=list)
    abstained: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def wrong_rate(self) -> float:
        return len(self.wrong) / self.total if self.total else 0.0

    @property
    def abstention_rate(self) -> float:
        return len(self.abstained) / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        def misses(items: list[Miss]) -> list[dict[str, Any]]:
            return [{"title": m.title, "expected": m.expected, "got": m.got,
                     "confidence": round(m.confidence, 3)} for m in items]
        return {"titles": self.total, "accuracy_at_1": round(self.accuracy, 4),
                "wrong_rate": round(self.wrong_rate, 4), "abstention_rate": round(self.abstention_rate, 4),
                "wrong": misses(self.wrong), "abstained": misses(self.abstained)}


def read_labelled(path: str | Path) -> list[tuple[str, str | None]]:
    """(title, expected slug or None) rows of a ``title<TAB>expected`` file."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:2]] != ["title", "expected"]:
            raise ValueError(f"{path}: the first line must be the header 'title<TAB>expected'")
        rows = []
        for number, row in enumerate(reader, start=2):
            if not row or not row[0].strip():
                continue
            if len(row) > 2:
                raise ValueError(f"{path}:{number}: more than two columns")
            expected = row[1].strip() if len(row) > 1 else ""
            rows.append((row[0], expected or None))
    return rows


def evaluate(rows: Sequence[tuple[str, str | None]], taxonomy: RoleTaxonomy,
             threshold: float = NORMALISE_THRESHOLD) -> Evaluation:
    unknown = sorted({e for _, e in rows if e is not None and e not in taxonomy})
    if unknown:
        raise ValueError(f"expected roles not in the taxonomy: {', '.join(unknown)}")
    guesses = taxonomy.guess_many([title for title, _ in rows], threshold)
    result = Evaluation(total=len(rows))
    for (title, expected), guess in zip(rows, guesses, strict=True):
        if guess.slug == expected:
            result.right += 1
        elif guess.slug is None:
            result.abstained.append(Miss(title, expected, None, guess.confidence))
        else:
            result.wrong.append(Miss(title, expected, guess.slug, guess.confidence))
    return result


def report(result: Evaluation, name: str = "") -> str:
    lines = [f"{name or 'titles'}: {result.total} titles",
             f"accuracy@1      {result.accuracy:.3f}",
             f"wrong answers   {result.wrong_rate:.3f} ({len(result.wrong)})",
             f"abstentions     {result.abstention_rate:.3f} ({len(result.abstained)})"]
    if result.wrong or result.abstained:
        lines.append("confusions (title: expected -> got, confidence):")
        for miss in sorted(result.wrong + result.abstained, key=lambda m: (m.expected or "", m.title)):
            lines.append(f"  {miss.title!r}: {miss.expected or 'no role'} -> {miss.got or 'abstained'}"
                         f" ({miss.confidence:.2f})")
    return "\n".join(lines)
