"""Tests for the values questionnaire bank (content/questionnaires/values.yaml + bank.py).

Pure Python: no Flask app, no database, no network. File-changing tests work on copies
in tmp_path, never on the real content files.
"""
from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.content.questionnaire import (
    DEFAULT_BANK_PATH,
    DEFAULT_REPORT_PATH,
    BankError,
    Scenario,
    Statement,
    bank_version,
    load_bank,
    load_report,
    load_values,
)
from outreach.questionnaire.bank import (
    STATEMENT_SHARE,
    BankStore,
    InvalidAnswer,
    archive_bank,
    coverage,
    items,
    score,
    shuffled_option_order,
    strengths_report,
    validate_answer,
)

BANK = load_bank()
VALUES = load_values()
VALUE_KEYS = [v["key"] for v in VALUES]
ALL_BEST = {s.item_id: s.best.id for s in BANK.scenarios}
ALL_WORST = {s.item_id: s.worst.id for s in BANK.scenarios}
VERDICT_WORDS = re.compile(r"\b(pass|passed|passes|fail|failed|fails|failure)\b", re.I)

REQUIRED_THEMES = [
    "personal care and dignity", "a resident refusing medication", "refusing food",
    "dementia: distressed and wanting to go home", "a colleague cutting corners",
    "a family member's complaint", "lone working in someone's home",
    "a safeguarding concern", "respecting a risky choice", "a short-staffed shift",
    "listening beyond the words", "handover between shifts", "new to the job and unsure",
    "confidentiality", "cultural and religious needs", "end of life",
    "a person with a learning disability choosing activities", "feedback from a senior",
    "social media",
]


# ---------------------------------------------------------------- the real content

def test_real_bank_validates_and_has_a_version():
    assert BANK.id == "values"
    assert re.fullmatch(r"[0-9a-f]{12}", BANK.version)
    assert BANK.value_keys == tuple(VALUE_KEYS)


def test_enough_scenarios_each_with_four_options():
    assert len(BANK.scenarios) >= 24
    assert all(len(s.options) == 4 for s in BANK.scenarios)


def test_required_situations_are_covered():
    themes = {s.theme for s in BANK.scenarios}
    assert not [t for t in REQUIRED_THEMES if t not in themes]


def test_every_value_measured_by_at_least_three_scenarios_and_balanced():
    cov = coverage(BANK)
    for value in VALUE_KEYS:
        assert cov[value]["scenarios"] >= 3, value
    maxima = [c["max_points"] for c in cov.values()]
    assert max(maxima) - min(maxima) <= 3, cov  # similar maximum for every value


def test_best_and_worst_keying():
    for s in BANK.scenarios:
        best = [o for o in s.options if o.best]
        worst = [o for o in s.options if o.worst]
        assert len(best) == 1 and len(worst) == 1 and best[0] is not worst[0], s.id
        others = [o for o in s.options if o is not best[0]]
        assert all(best[0].total > o.total for o in others), s.id
        assert all(worst[0].total < o.total for o in s.options if o is not worst[0]), s.id
        assert best[0].total > 0, s.id
        for o in s.options:  # the best option dominates value by value
            assert all(p <= best[0].scores.get(k, 0) for k, p in o.scores.items()), (s.id, o.id)


def test_best_option_is_not_given_away_by_its_length():
    """Test-wise applicants pick the longest option; keep that cue near chance (1 in 4)."""
    longest = 0
    for s in BANK.scenarios:
        words = {o.id: len(o.text.split()) for o in s.options}
        best = s.best.id
        longest += all(words[best] > n for oid, n in words.items() if oid != best)
    assert longest <= len(BANK.scenarios) * 0.4


def test_scenario_text_stays_short_enough_for_young_readers():
    for s in BANK.scenarios:
        assert len(s.situation.split()) <= 60, s.id
        assert all(len(o.text.split()) <= 35 for o in s.options), s.id


def test_practice_subset():
    practice = items(BANK, practice=True)
    assert 8 <= len(practice) <= 10
    assert all(isinstance(i, Scenario) and i.practice for i in practice)
    assert all(c["scenarios"] >= 1 for c in coverage(BANK, practice=True).values())


def test_statements_few_with_reverse_keying():
    assert 1 <= len(BANK.statements) <= 8
    assert sum(s.reverse for s in BANK.statements) >= 2
    assert all(s.value in VALUE_KEYS for s in BANK.statements)


def test_items_order_and_unique_ids():
    full = items(BANK)
    assert full[: len(BANK.scenarios)] == list(BANK.scenarios)
    assert all(isinstance(i, Statement) for i in full[len(BANK.scenarios):])
    ids = [i.item_id for i in full]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------- validation errors

def _minimal() -> dict:
    def scenario(sid: str) -> dict:
        return {"id": sid, "theme": "t", "situation": "s", "question": "q", "options": [
            {"id": "a", "text": "A", "scores": {"dignity_respect": 3, "courage": 1}, "best": True},
            {"id": "b", "text": "B", "scores": {"dignity_respect": 2}},
            {"id": "c", "text": "C", "scores": {"dignity_respect": 1}},
            {"id": "d", "text": "D", "scores": {}, "worst": True},
        ]}
    return {"id": "values", "title": "T", "intro": "I",
            "scenarios": [scenario("one"), scenario("two")],
            "statements": [{"id": "st-x", "text": "X", "value": "courage", "reverse": True}]}


def _write(tmp_path: Path, data: dict, name: str = "values.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _opts(d):
    return d["scenarios"][1]["options"]


BROKEN = {
    "three options": (lambda d: _opts(d).pop(2), "exactly 4 options"),
    "no best": (lambda d: _opts(d)[0].pop("best"), "one best"),
    "two worst": (lambda d: _opts(d)[2].update(worst=True), "one worst"),
    "best is worst": (lambda d: (_opts(d)[3].pop("worst"), _opts(d)[0].update(worst=True)),
                      "both best and worst"),
    "unknown value": (lambda d: _opts(d)[1]["scores"].update(kindness=1), "unknown value key"),
    "points too high": (lambda d: _opts(d)[0]["scores"].update(courage=4), "must be 0-3"),
    "best not highest": (lambda d: _opts(d)[1]["scores"].update(teamwork=3), "highest total"),
    "worst not lowest": (lambda d: _opts(d)[3]["scores"].update(teamwork=3), "lowest total"),
    "best not dominant": (lambda d: _opts(d)[1].update(scores={"courage": 2}), "more than the best"),
    "duplicate option": (lambda d: _opts(d)[2].update(id="b"), "duplicate option"),
    "typo field": (lambda d: _opts(d)[1].update(bset=True), "unknown field"),
    "duplicate scenario": (lambda d: d["scenarios"][1].update(id="one"), "duplicate id"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_banks_are_rejected_naming_the_scenario(tmp_path, case):
    data = _minimal()
    assert load_bank(_write(tmp_path, data)).scenarios  # the unbroken one loads
    mutate, message = BROKEN[case]
    mutate(data)
    with pytest.raises(BankError, match=message) as err:
        load_bank(_write(tmp_path, data))
    assert "two" in str(err.value) or "#2" in str(err.value)


def test_broken_statements_are_rejected(tmp_path):
    data = _minimal()
    data["statements"][0]["value"] = "patience"
    with pytest.raises(BankError, match="st-x.*unknown value key"):
        load_bank(_write(tmp_path, data))
    data = _minimal()
    data["statements"][0]["id"] = "one"
    with pytest.raises(BankError, match="duplicate id"):
        load_bank(_write(tmp_path, data))


def test_unreadable_or_invalid_yaml(tmp_path):
    with pytest.raises(BankError, match="cannot read"):
        load_bank(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenarios: [unclosed", encoding="utf-8")
    with pytest.raises(BankError, match="not valid YAML"):
        load_bank(bad)


# ---------------------------------------------------------------- versions and archive

def test_version_changes_when_bytes_change(tmp_path):
    path = tmp_path / "values.yaml"
    shutil.copy(DEFAULT_BANK_PATH, path)
    before = load_bank(path)
    assert before.version == BANK.version == bank_version(DEFAULT_BANK_PATH.read_bytes())
    path.write_bytes(path.read_bytes() + b"\n# a comment is still a new version\n")
    assert load_bank(path).version != before.version


def test_archived_versions_still_load_and_score_the_same(tmp_path):
    current, archive = tmp_path / "values.yaml", tmp_path / "archive"
    shutil.copy(DEFAULT_BANK_PATH, current)
    store = BankStore(archive_dir=archive, current_path=current)
    old = store.current()
    answers = {"dignity-washing": "d", "lone-working": "b", "st-reliable": 2}
    old_scores, old_order = score(old, answers), shuffled_option_order(old, "r1")

    target = archive_bank(current, archive)
    assert archive_bank(current, archive) == target  # idempotent
    assert [p.name for p in archive.iterdir()] == [f"values-{old.version}.yaml"]

    data = yaml.safe_load(current.read_text(encoding="utf-8"))  # re-key one option
    data["scenarios"][0]["options"][3]["scores"] = {"dignity_respect": 1}
    data["scenarios"][0]["options"][3]["text"] = "Changed wording."
    _write(tmp_path, data)
    new = BankStore(archive_dir=archive, current_path=current).current()
    assert new.version != old.version
    assert score(new, answers) != old_scores

    fresh = BankStore(archive_dir=archive, current_path=current)
    assert fresh.versions() == sorted([old.version, new.version])
    reloaded = fresh.get(old.version)
    assert score(reloaded, answers) == old_scores
    assert shuffled_option_order(reloaded, "r1") == old_order
    assert reloaded.item("dignity-washing").option("d").text != "Changed wording."


def test_store_rejects_unknown_bad_or_altered_versions(tmp_path):
    current, archive = tmp_path / "values.yaml", tmp_path / "archive"
    shutil.copy(DEFAULT_BANK_PATH, current)
    target = archive_bank(current, archive)
    store = BankStore(archive_dir=archive, current_path=current)
    for bad in ("../../etc/pa", "ABCDEF123456", "", None):
        with pytest.raises(BankError, match="not a bank version"):
            store.get(bad)
    with pytest.raises(BankError, match="not archived"):
        store.get("0" * 12)
    target.write_bytes(target.read_bytes() + b"# edited\n")
    with pytest.raises(BankError):
        BankStore(archive_dir=archive, current_path=current).get(BANK.version)
    with pytest.raises(BankError, match="changed after archiving"):
        archive_bank(current, archive)


def test_broken_file_is_never_archived(tmp_path):
    data = _minimal()
    data["scenarios"][0]["options"].pop()
    with pytest.raises(BankError):
        archive_bank(_write(tmp_path, data), tmp_path / "archive")
    assert not (tmp_path / "archive").exists()


# ---------------------------------------------------------------- scoring

def test_all_best_is_100_and_all_worst_is_0():
    assert score(BANK, ALL_BEST) == dict.fromkeys(VALUE_KEYS, 100)
    assert score(BANK, ALL_WORST) == dict.fromkeys(VALUE_KEYS, 0)
    assert score(BANK, {}) == dict.fromkeys(VALUE_KEYS, None)


def test_scores_are_normalised_by_the_answered_items_only():
    s = BANK.item("dignity-washing")  # best: dignity 3, compassion 1, person-centred 1
    result = score(BANK, {"dignity-washing": s.best.id})
    assert result["dignity_respect"] == result["compassion_empathy"] == 100
    assert result["courage"] is None and result["learning"] is None
    partial = score(BANK, {"dignity-washing": "d", "confidentiality-neighbour": "c"})
    # dignity: (2 + 3) earned of (3 + 3) possible on the two answered scenarios
    assert partial["dignity_respect"] == round(100 * 5 / 6)
    assert partial["communication"] == 100  # measured only by the second one


def _tiny_bank(tmp_path: Path, reverse: bool):
    data = _minimal()
    data["scenarios"] = data["scenarios"][:1]
    data["statements"][0]["reverse"] = reverse
    return load_bank(_write(tmp_path, data))


@pytest.mark.parametrize("reverse", [False, True])
def test_statement_weight_and_reverse_keying(tmp_path, reverse):
    bank = _tiny_bank(tmp_path, reverse)  # courage: 1 point from the scenario, 1 statement
    worth = STATEMENT_SHARE / (1 - STATEMENT_SHARE) * 1  # = 0.25 points
    for likert in range(1, 6):
        points = (5 - likert) if reverse else (likert - 1)
        expected = int(100 * (1 + worth * points / 4) / (1 + worth) + 0.5)
        assert score(bank, {"one": "a", "st-x": likert})["courage"] == expected
    agree, disagree = (score(bank, {"one": "a", "st-x": x})["courage"] for x in (5, 1))
    assert (agree < disagree) if reverse else (agree > disagree)
    assert score(bank, {"st-x": 5})["courage"] is None  # never from self-report alone


def test_statements_weigh_at_most_twenty_percent_on_the_real_bank():
    all_worst_statements = {s.item_id: (5 if s.reverse else 1) for s in BANK.statements}
    result = score(BANK, {**ALL_BEST, **all_worst_statements})
    for statement in BANK.statements:
        assert 80 <= result[statement.value] < 100, statement.value


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_answers_score_between_0_and_100(data):
    answers = {}
    for item in items(BANK):
        if data.draw(st.booleans()):
            if isinstance(item, Scenario):
                answers[item.item_id] = data.draw(st.sampled_from([o.id for o in item.options]))
            else:
                answers[item.item_id] = data.draw(st.integers(1, 5))
    result = score(BANK, answers)
    assert list(result) == VALUE_KEYS
    assert all(v is None or 0 <= v <= 100 for v in result.values())
    report = strengths_report(BANK, result, VALUES)
    assert not VERDICT_WORDS.search(yaml.safe_dump(report))


# ---------------------------------------------------------------- tampering

@pytest.mark.parametrize("item_id, answer", [
    ("no-such-item", "a"), ("dignity-washing", "e"), ("dignity-washing", 1),
    ("dignity-washing", None), ("st-reliable", 0), ("st-reliable", 6),
    ("st-reliable", "3"), ("st-reliable", True), ("st-reliable", 2.5), ("st-reliable", "a"),
    (None, "a"),
])
def test_tampered_answers_are_rejected(item_id, answer):
    with pytest.raises(InvalidAnswer):
        validate_answer(BANK, item_id, answer)
    with pytest.raises(InvalidAnswer):
        score(BANK, {**ALL_BEST, item_id: answer})


def test_valid_answers_pass_validation():
    for item_id, option_id in ALL_BEST.items():
        validate_answer(BANK, item_id, option_id)
    for likert in range(1, 6):
        validate_answer(BANK, "st-reliable", likert)


# ---------------------------------------------------------------- shuffling

def test_shuffles_are_deterministic_and_differ_between_seeds():
    a, again, b = (shuffled_option_order(BANK, seed) for seed in (1234, 1234, 99))
    assert a == again and a != b
    assert shuffled_option_order(BANK, "resp-7") == shuffled_option_order(BANK, "resp-7")
    assert set(a) == {s.item_id for s in BANK.scenarios}
    for s in BANK.scenarios:
        assert sorted(a[s.item_id]) == sorted(o.id for o in s.options)


def test_a_scenarios_order_does_not_depend_on_the_others(tmp_path):
    data = yaml.safe_load(DEFAULT_BANK_PATH.read_text(encoding="utf-8"))
    data["scenarios"] = data["scenarios"][5:]
    smaller = load_bank(_write(tmp_path, data))
    full, part = shuffled_option_order(BANK, 7), shuffled_option_order(smaller, 7)
    assert all(full[k] == v for k, v in part.items())


# ---------------------------------------------------------------- report

def test_report_wording_covers_every_value_and_has_no_verdicts():
    report = load_report(DEFAULT_REPORT_PATH, tuple(VALUE_KEYS))
    assert set(report["values"]) == set(VALUE_KEYS)
    assert not VERDICT_WORDS.search(yaml.safe_dump(report))  # the wording, not the comments
    assert not VERDICT_WORDS.search(BANK.intro)


@pytest.mark.parametrize("answers", [ALL_BEST, ALL_WORST, {}, {"dignity-washing": "c"},
                                     {"dignity-washing": "c", "training-offer": "d",
                                      "keeping-a-shift": "c"}])
def test_report_shape(answers):
    result = score(BANK, answers)
    report = strengths_report(BANK, result, VALUES)
    measured = [v for v, s in result.items() if s is not None]
    strengths, grow = report["strengths"], report["grow"]
    assert len(strengths) == min(len(measured), 3 if len(measured) >= 6 else 2)
    assert len(grow) <= 2 and not {e["key"] for e in strengths} & {e["key"] for e in grow}
    if len(measured) >= 6:
        assert 2 <= len(strengths) <= 3 and 1 <= len(grow) <= 2
    assert all(e["tip"] for e in grow)
    assert all(e["name"] == next(v["name"] for v in VALUES if v["key"] == e["key"])
               for e in strengths + grow)
    if strengths and grow:
        assert min(e["score"] for e in strengths) >= max(e["score"] for e in grow)
    assert not VERDICT_WORDS.search(yaml.safe_dump(report))


def test_report_picks_the_right_values():
    result = dict.fromkeys(VALUE_KEYS, 50)
    result.update(courage=90, learning=85, teamwork=80, reliability=10, communication=20)
    report = strengths_report(BANK, result, {v["key"]: v for v in VALUES})
    assert [e["key"] for e in report["strengths"]] == ["courage", "learning", "teamwork"]
    assert [e["key"] for e in report["grow"]] == ["reliability", "communication"]
    assert report["bank_version"] == BANK.version


def test_report_wording_must_cover_every_value(tmp_path):
    wording = copy.deepcopy(load_report())
    del wording["values"]["courage"]["tip"]
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(wording), encoding="utf-8")
    with pytest.raises(BankError, match="courage"):
        load_report(path, tuple(VALUE_KEYS))
