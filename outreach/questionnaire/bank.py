"""The values questionnaire: score and explain answers, and keep every bank version.

The bank files are read and checked by outreach.content.questionnaire.

Why scenarios: CareWays matches on eight care values (content/values.yaml). Self-rated
Likert scales carry response style (some people agree with everything, some never use
the ends of a scale) straight into adverse impact (matching guide, section 5.3), so values
are measured mainly with keyed scenario items (situational judgement tests, SJTs): the
applicant picks what they would do, and an expert key says what each option shows.
A few self-rating statements are kept, at low weight, because they are quick and familiar.

Scoring method (``score``)
--------------------------
* Each scenario option carries 0-3 points per value (the key in the YAML). The keyed best
  option scores every value at least as high as any other option, so choosing the best
  option everywhere gives 100 on every value the answered scenarios measure.
* For each value v, over the *answered* scenarios only (partial credit, no penalty for
  skipping):  scenario_max_v = sum of the highest points any option gives v,
  earned_v = sum of the points the chosen options give v.
* A statement answer 1..5 gives 0..4 points (reverse-keyed statements are flipped, so
  1 gives 4). Self-report is capped: each statement for v is worth at most
  ``STATEMENT_SHARE / (1 - STATEMENT_SHARE) * scenario_max_v / n_v`` points, where n_v
  is the number of v's statements in the bank. So all of v's statements together are at
  most 20% of v's maximum, whatever subset was answered: they nudge a score, never make it.
* score_v = round_half_up(100 * earned_v / (scenario_max_v + statement_max_v)).
  If no answered scenario measures v, score_v is None: a value is never reported from
  self-report alone, or from nothing.

Versioning: a bank's version is the first 12 hex digits of the SHA-256 of the file's
bytes, so any edit (even a comment) is a new version. Store the version with each
response; ``archive_bank`` copies the current file to ``archive/<id>-<version>.yaml``
(idempotent) and ``BankStore.get(version)`` loads it back, so old responses display and
score exactly as they did. Archived files are still checked against the current
content/values.yaml keys, so renaming a value key needs a migration of archived files too.
"""
from __future__ import annotations

import os
import random
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from matching.values import MANY_MEASURED, strengths
from outreach import content
from outreach.content.questionnaire import (
    DEFAULT_BANK_PATH,
    DEFAULT_VALUES_PATH,
    LIKERT_MAX,
    LIKERT_MIN,
    VERSION_LENGTH,
    Bank,
    BankError,
    Scenario,
    Statement,
    bank_version,
    load_bank,
)
from outreach.content.schema import CONTENT_DIR

DEFAULT_ARCHIVE_DIR = CONTENT_DIR / "questionnaires" / "archive"
STATEMENT_SHARE = 0.2  # all statements for a value: at most 20% of that value's maximum

_VERSION_RE = re.compile(rf"^[0-9a-f]{{{VERSION_LENGTH}}}$")


class InvalidAnswer(ValueError):
    """An answer names an unknown item or option, or is off the scale: treat as tampering."""


def items(bank: Bank, practice: bool = False) -> list[Scenario | Statement]:
    """Items in display order: scenarios, then statements. Practice = practice scenarios only."""
    if practice:
        return [s for s in bank.scenarios if s.practice]
    return [*bank.scenarios, *bank.statements]


def coverage(bank: Bank, practice: bool = False) -> dict[str, dict[str, int]]:
    """Per value: how many scenarios measure it (best option scores it) and its max points."""
    chosen = [s for s in bank.scenarios if s.practice or not practice]
    return {v: {"scenarios": sum(1 for s in chosen if s.best.scores.get(v, 0) > 0),
                "max_points": sum(s.max_points(v) for s in chosen)}
            for v in bank.value_keys}


def shuffled_option_order(bank: Bank, seed: int | str) -> dict[str, list[str]]:
    """Display order of each scenario's options; store it with the response.

    Each scenario gets its own generator seeded with "<seed>:<item_id>", so a scenario's
    order does not change when other scenarios are added or removed.
    """
    order = {}
    for scenario in bank.scenarios:
        ids = [o.id for o in scenario.options]
        random.Random(f"{seed}:{scenario.item_id}").shuffle(ids)
        order[scenario.item_id] = ids
    return order


def validate_answer(bank: Bank, item_id: str, answer: object) -> None:
    """Raise InvalidAnswer unless ``answer`` is a real option (scenario) or 1-5 (statement)."""
    item = bank.item(item_id) if isinstance(item_id, str) else None
    if item is None:
        raise InvalidAnswer(f"unknown item {item_id!r} in bank {bank.version}")
    if isinstance(item, Scenario):
        if not isinstance(answer, str) or item.option(answer) is None:
            raise InvalidAnswer(f"item '{item_id}': unknown option {answer!r}")
    elif type(answer) is not int or not LIKERT_MIN <= answer <= LIKERT_MAX:
        raise InvalidAnswer(f"item '{item_id}': answer must be a whole number "
                            f"{LIKERT_MIN}-{LIKERT_MAX}, got {answer!r}")


def score(bank: Bank, answers: Mapping[str, str | int]) -> dict[str, int | None]:
    """Scores 0-100 per value (None if unmeasured); the method is in the module docstring."""
    for item_id, answer in answers.items():
        validate_answer(bank, item_id, answer)
    scen_max = dict.fromkeys(bank.value_keys, 0)
    earned = dict.fromkeys(bank.value_keys, 0.0)
    for scenario in bank.scenarios:
        if scenario.item_id in answers:
            chosen = scenario.option(answers[scenario.item_id])
            for v in bank.value_keys:
                scen_max[v] += scenario.max_points(v)
                earned[v] += chosen.scores.get(v, 0)
    stmt_max = dict.fromkeys(bank.value_keys, 0.0)
    n_statements = {v: sum(1 for s in bank.statements if s.value == v) for v in bank.value_keys}
    ratio = STATEMENT_SHARE / (1 - STATEMENT_SHARE)
    for st in bank.statements:
        if st.item_id in answers and scen_max[st.value] > 0:
            worth = ratio * scen_max[st.value] / n_statements[st.value]
            stmt_max[st.value] += worth
            earned[st.value] += worth * st.points(answers[st.item_id]) / (LIKERT_MAX - LIKERT_MIN)
    # int(x + 0.5): round half up, so 62.5 -> 63 (Python's round() would give 62)
    return {v: int(100 * earned[v] / (scen_max[v] + stmt_max[v]) + 0.5) if scen_max[v] else None
            for v in bank.value_keys}


def strengths_report(bank: Bank, scores: Mapping[str, int | None],
                     value_meta: list[dict] | Mapping[str, dict],
                     report: dict | None = None) -> dict:
    """Top strengths (2-3) and where to grow (1-2), in encouraging words; no verdicts.

    Ties go to the order of content/values.yaml, so the same scores always give the same
    report. With six or more measured values: 3 strengths and 2 to grow; with fewer
    (e.g. the practice version answered in part): 2 strengths and 1 to grow, as available.
    """
    wording = report if report is not None else content.report()
    meta = value_meta if isinstance(value_meta, Mapping) else {m["key"]: m for m in value_meta}
    rank = {v: i for i, v in enumerate(bank.value_keys)}
    measured = [(v, s) for v, s in scores.items() if s is not None and v in rank]
    best = strengths(dict(measured), bank.value_keys)  # the engine's definition, so match reasons agree
    n_strengths = len(best)
    n_grow = min(len(measured) - n_strengths, 2 if len(measured) >= MANY_MEASURED else 1)
    rest = sorted(((v, s) for v, s in measured if v not in best), key=lambda vs: (vs[1], rank[vs[0]]))

    def entry(value: str, value_score: int, kind: str) -> dict:
        text = wording["values"][value]
        tip = {"tip": text["tip"]} if kind == "grow" else {}
        return {"key": value, "name": meta.get(value, {}).get("name", value),
                "score": value_score, "text": text[kind], **tip}

    return {
        "bank_version": bank.version,
        "strengths_heading": wording["strengths_heading"],
        "grow_heading": wording["grow_heading"],
        "strengths": [entry(v, scores[v], "strength") for v in best],
        "grow": [entry(v, s, "grow") for v, s in rest[:n_grow]],
        "note": wording["note"],
    }


def archive_bank(path: Path | str = DEFAULT_BANK_PATH,
                 archive_dir: Path | str = DEFAULT_ARCHIVE_DIR,
                 values_path: Path | str = DEFAULT_VALUES_PATH) -> Path:
    """Copy the bank file to ``<archive_dir>/<id>-<version>.yaml`` unless already there.

    Idempotent; checks the bank first (a broken file is never archived) and writes via a
    temporary file so a crash cannot leave a half-written archive.
    """
    return write_archive(load_bank(path, values_path), archive_dir)


def write_archive(bank: Bank, archive_dir: Path | str) -> Path:
    """Write the bank's exact file bytes to ``<archive_dir>/<id>-<version>.yaml`` unless already there."""
    if bank_version(bank.source) != bank.version:
        raise BankError(f"{bank.path}: the bank's bytes do not match its version")
    archive_dir = Path(archive_dir)
    target = archive_dir / f"{bank.id}-{bank.version}.yaml"
    if target.exists():
        if bank_version(target.read_bytes()) != bank.version:
            raise BankError(f"{target}: archived file was changed after archiving")
        return target
    archive_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=archive_dir, prefix=".tmp-", suffix=".yaml")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(bank.source)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


class BankStore:
    """Banks by version: the current file, or an archived copy, cached once loaded."""

    def __init__(self, archive_dir: Path | str = DEFAULT_ARCHIVE_DIR,
                 current_path: Path | str = DEFAULT_BANK_PATH,
                 values_path: Path | str = DEFAULT_VALUES_PATH, bank_id: str = "values"):
        self.archive_dir = Path(archive_dir)
        self.current_path = Path(current_path)
        self.values_path = Path(values_path)
        self.bank_id = bank_id
        self._cache: dict[str, Bank] = {}
        self._archived: set[str] = set()  # versions this store has archived (adopt)

    def current(self, archive: bool = True) -> Bank:
        """The current file's bank (re-read each call); by default archived first, so any
        response saved against the returned version can always be scored again later."""
        if not archive:
            bank = load_bank(self.current_path, self.values_path)
            return self._cache.setdefault(bank.version, bank)
        target = archive_bank(self.current_path, self.archive_dir, self.values_path)
        return self.get(target.stem.rsplit("-", 1)[1])

    def adopt(self, bank: Bank, archive: bool = True) -> Bank:
        """Take a bank already loaded (the content snapshot's): archived first by default, then kept
        by version, so a response saved against it can always be scored again."""
        if archive and bank.version not in self._archived:
            write_archive(bank, self.archive_dir)
            self._archived.add(bank.version)
        return self._cache.setdefault(bank.version, bank)

    def versions(self) -> list[str]:
        prefix = f"{self.bank_id}-"
        return sorted(p.stem[len(prefix):] for p in self.archive_dir.glob(f"{prefix}*.yaml")
                      if _VERSION_RE.match(p.stem[len(prefix):]))

    def get(self, version: str) -> Bank:
        """The bank with this version; BankError if it was never archived or was altered."""
        if not isinstance(version, str) or not _VERSION_RE.match(version):
            raise BankError(f"not a bank version: {version!r}")
        if version in self._cache:
            return self._cache[version]
        path = self.archive_dir / f"{self.bank_id}-{version}.yaml"
        if not path.exists():
            if self.current_path.exists() and bank_version(self.current_path.read_bytes()) == version:
                path = self.current_path
            else:
                raise BankError(f"bank version {version} is not archived in {self.archive_dir}")
        bank = load_bank(path, self.values_path)
        if bank.version != version:
            raise BankError(f"{path}: contents do not match version {version} (file edited?)")
        return self._cache.setdefault(version, bank)
