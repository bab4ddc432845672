"""Questionnaire content: the values bank file, its report wording and the eight values, read and checked.

A bank (content/questionnaires/values.yaml) holds keyed scenario items (four options, one best
and one worst, each scoring 0-3 points per value) and a few self-rating statements. ``load_bank``
refuses anything malformed with a BankError naming the file and the item, so a content edit can
never silently change how people are scored. How answers become scores, and how banks are
versioned and archived, is in outreach/questionnaire/bank.py.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from outreach.content.schema import CONTENT_DIR

DEFAULT_BANK_PATH = CONTENT_DIR / "questionnaires" / "values.yaml"
DEFAULT_REPORT_PATH = CONTENT_DIR / "questionnaires" / "report.yaml"
DEFAULT_VALUES_PATH = CONTENT_DIR / "values.yaml"

OPTIONS_PER_SCENARIO = 4
MAX_OPTION_POINTS = 3
LIKERT_MIN, LIKERT_MAX = 1, 5
VERSION_LENGTH = 12

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BANK_FIELDS = {"id", "title", "intro", "scenarios", "statements"}
_SCENARIO_FIELDS = {"id", "theme", "situation", "question", "practice", "options"}
_OPTION_FIELDS = {"id", "text", "scores", "best", "worst"}
_STATEMENT_FIELDS = {"id", "text", "value", "reverse"}


class BankError(ValueError):
    """The bank file (or an archived copy, or report.yaml) is missing or malformed."""


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    scores: Mapping[str, int]
    best: bool = False
    worst: bool = False

    @property
    def total(self) -> int:
        return sum(self.scores.values())


@dataclass(frozen=True)
class Scenario:
    id: str
    theme: str
    situation: str
    question: str
    practice: bool
    options: tuple[Option, ...]
    kind = "scenario"

    @property
    def item_id(self) -> str:
        return self.id

    @property
    def best(self) -> Option:
        return next(o for o in self.options if o.best)

    @property
    def worst(self) -> Option:
        return next(o for o in self.options if o.worst)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def max_points(self, value: str) -> int:
        return max(o.scores.get(value, 0) for o in self.options)


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    value: str
    reverse: bool
    kind = "statement"

    @property
    def item_id(self) -> str:
        return self.id

    def points(self, answer: int) -> int:
        """1..5 on the scale -> 0..4 points, flipped for reverse-keyed statements."""
        raw = answer - LIKERT_MIN
        return (LIKERT_MAX - LIKERT_MIN) - raw if self.reverse else raw


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    intro: str
    version: str
    path: Path
    value_keys: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    statements: tuple[Statement, ...]
    source: bytes = field(default=b"", repr=False, compare=False)  # the exact file bytes, for the archive
    _index: dict = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        index = {s.item_id: s for s in (*self.scenarios, *self.statements)}
        object.__setattr__(self, "_index", index)

    def item(self, item_id: str) -> Scenario | Statement | None:
        return self._index.get(item_id)


def bank_version(data: bytes) -> str:
    """Version = first 12 hex digits of SHA-256 of the exact file bytes."""
    return hashlib.sha256(data).hexdigest()[:VERSION_LENGTH]


def _read_yaml(path: Path) -> tuple[bytes, object]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BankError(f"{path}: cannot read file ({exc.strerror})") from exc
    try:
        return data, yaml.safe_load(data)
    except yaml.YAMLError as exc:
        raise BankError(f"{path}: not valid YAML: {exc}") from exc


def load_values(path: Path | str = DEFAULT_VALUES_PATH) -> list[dict]:
    """The value definitions (key, name, short, description), in their canonical order."""
    _, raw = _read_yaml(Path(path))
    if not isinstance(raw, list) or not all(isinstance(v, dict) and v.get("key") for v in raw):
        raise BankError(f"{path}: expected a list of values, each with a 'key'")
    keys = [v["key"] for v in raw]
    if len(set(keys)) != len(keys):
        raise BankError(f"{path}: duplicate value keys")
    return raw


def _text(raw: dict, name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BankError(f"{where}: '{name}' must be non-empty text")
    return value.strip()


def _flag(raw: dict, name: str, where: str) -> bool:
    value = raw.get(name, False)
    if not isinstance(value, bool):
        raise BankError(f"{where}: '{name}' must be true or false")
    return value


def _check_fields(raw: object, allowed: set, where: str) -> dict:
    if not isinstance(raw, dict):
        raise BankError(f"{where}: expected a mapping")
    unknown = set(raw) - allowed
    if unknown:  # catches typos such as 'bset: true' that would silently drop a key
        raise BankError(f"{where}: unknown field(s) {sorted(map(str, unknown))}")
    return raw


def _item_id(raw: dict, where: str, seen: set) -> str:
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not _ID_RE.match(item_id):
        raise BankError(f"{where}: id {item_id!r} must be lower-case kebab-case")
    if item_id in seen:
        raise BankError(f"{where}: duplicate id '{item_id}'")
    seen.add(item_id)
    return item_id


def _parse_option(raw: object, where: str, value_keys: tuple[str, ...]) -> Option:
    raw = _check_fields(raw, _OPTION_FIELDS, where)
    option_id = raw.get("id")
    if not isinstance(option_id, str) or not option_id:
        raise BankError(f"{where}: option id must be text, got {option_id!r}")
    where = f"{where} option '{option_id}'"
    scores = raw.get("scores") or {}
    if not isinstance(scores, dict):
        raise BankError(f"{where}: 'scores' must be a mapping of value key to points")
    for key, points in scores.items():
        if key not in value_keys:
            raise BankError(f"{where}: unknown value key '{key}'")
        if type(points) is not int or not 0 <= points <= MAX_OPTION_POINTS:
            raise BankError(f"{where}: points for '{key}' must be 0-{MAX_OPTION_POINTS}")
    return Option(option_id, _text(raw, "text", where), dict(scores),
                  _flag(raw, "best", where), _flag(raw, "worst", where))


def _parse_scenario(raw: object, name: str, number: int, seen: set,
                    value_keys: tuple[str, ...]) -> Scenario:
    raw = _check_fields(raw, _SCENARIO_FIELDS, f"{name}: scenario #{number}")
    sid = _item_id(raw, f"{name}: scenario #{number}", seen)
    where = f"{name}: scenario '{sid}'"
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) != OPTIONS_PER_SCENARIO:
        n = len(raw_options) if isinstance(raw_options, list) else 0
        raise BankError(f"{where}: needs exactly {OPTIONS_PER_SCENARIO} options, has {n}")
    options = tuple(_parse_option(o, where, value_keys) for o in raw_options)
    if len({o.id for o in options}) != len(options):
        raise BankError(f"{where}: duplicate option ids")
    _check_key(options, where)
    return Scenario(sid, _text(raw, "theme", where), _text(raw, "situation", where),
                    _text(raw, "question", where), _flag(raw, "practice", where), options)


def _check_key(options: tuple[Option, ...], where: str) -> None:
    """One best and one worst option; the best scores every value at least as high as any other."""
    best = [o for o in options if o.best]
    worst = [o for o in options if o.worst]
    if len(best) != 1 or len(worst) != 1:
        raise BankError(f"{where}: needs exactly one best and one worst option "
                        f"(has {len(best)} best, {len(worst)} worst)")
    best, worst = best[0], worst[0]
    if best is worst:
        raise BankError(f"{where}: option '{best.id}' cannot be both best and worst")
    for other in options:
        if other is not best and other.total >= best.total:
            raise BankError(f"{where}: best option '{best.id}' must have the highest total "
                            f"(option '{other.id}' has {other.total} >= {best.total})")
        if other is not worst and other.total <= worst.total:
            raise BankError(f"{where}: worst option '{worst.id}' must have the lowest total "
                            f"(option '{other.id}' has {other.total} <= {worst.total})")
        for key, points in other.scores.items():
            if points > best.scores.get(key, 0):
                raise BankError(f"{where}: option '{other.id}' scores {key} {points}, more "
                                f"than the best option '{best.id}' does")


def load_bank(path: Path | str = DEFAULT_BANK_PATH,
              values_path: Path | str = DEFAULT_VALUES_PATH) -> Bank:
    """Parse and check a bank file; raise BankError naming the file and item on any problem."""
    path = Path(path)
    value_keys = tuple(v["key"] for v in load_values(values_path))
    data, raw = _read_yaml(path)
    raw = _check_fields(raw, _BANK_FIELDS, str(path))
    name = path.name
    bank_id = raw.get("id")
    if not isinstance(bank_id, str) or not _ID_RE.match(bank_id):
        raise BankError(f"{name}: bank id {bank_id!r} must be lower-case kebab-case")
    raw_scenarios = raw.get("scenarios")
    if not isinstance(raw_scenarios, list) or not raw_scenarios:
        raise BankError(f"{name}: 'scenarios' must be a non-empty list")
    raw_statements = raw.get("statements") or []
    if not isinstance(raw_statements, list):
        raise BankError(f"{name}: 'statements' must be a list")
    seen: set[str] = set()
    scenarios = tuple(_parse_scenario(s, name, i + 1, seen, value_keys)
                      for i, s in enumerate(raw_scenarios))
    statements = []
    for i, st in enumerate(raw_statements):
        where = f"{name}: statement #{i + 1}"
        st = _check_fields(st, _STATEMENT_FIELDS, where)
        sid = _item_id(st, where, seen)
        where = f"{name}: statement '{sid}'"
        if st.get("value") not in value_keys:
            raise BankError(f"{where}: unknown value key {st.get('value')!r}")
        statements.append(Statement(sid, _text(st, "text", where), st["value"],
                                    _flag(st, "reverse", where)))
    return Bank(bank_id, _text(raw, "title", name), _text(raw, "intro", name),
                bank_version(data), path, value_keys, scenarios, tuple(statements), data)


def load_report(path: Path | str = DEFAULT_REPORT_PATH,
                value_keys: tuple[str, ...] | None = None) -> dict:
    """Report wording (content/questionnaires/report.yaml), checked for every value key."""
    _, raw = _read_yaml(Path(path))
    name = Path(path).name
    if not isinstance(raw, dict) or not isinstance(raw.get("values"), dict):
        raise BankError(f"{name}: expected a mapping with a 'values' section")
    for key in ("strengths_heading", "grow_heading", "note"):
        _text(raw, key, name)
    if value_keys is None:
        value_keys = tuple(v["key"] for v in load_values())
    for key in value_keys:
        entry = raw["values"].get(key)
        if not isinstance(entry, dict):
            raise BankError(f"{name}: no wording for value '{key}'")
        for part in ("strength", "grow", "tip"):
            _text(entry, part, f"{name}: value '{key}'")
    return raw
