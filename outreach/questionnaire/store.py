"""Where the app finds the question bank and its archive; the values and report wording come
from the content snapshot (outreach.content), like every other content file.

Paths come from the app config (``QUESTIONNAIRE_BANK_PATH``, ``QUESTIONNAIRE_ARCHIVE_DIR``),
defaulting to content/, so tests can point the app at a copy in a temporary folder and change it
mid-way. The bank's value keys are checked against the values.yaml of the app's ``CONTENT_DIR``.

Parsing the YAML takes a few tens of milliseconds, so the current bank is re-read only
when the file's size or modification time changes; banks by version are cached for good
(an archived version never changes, and BankStore refuses one that did).
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from flask import current_app

from outreach import content
from outreach.content.questionnaire import DEFAULT_BANK_PATH
from outreach.content.schema import CONTENT_DIR
from outreach.content.questionnaire import Bank
from outreach.questionnaire import bank as banks

_lock = threading.Lock()
_stores: dict[tuple, banks.BankStore] = {}
_current: dict[tuple, tuple[tuple, str]] = {}  # store key -> (file stat, version archived)


def _paths() -> tuple[Path, Path, Path]:
    config = current_app.config
    return (Path(config.get("QUESTIONNAIRE_BANK_PATH") or DEFAULT_BANK_PATH),
            Path(config.get("QUESTIONNAIRE_ARCHIVE_DIR") or banks.DEFAULT_ARCHIVE_DIR),
            Path(config.get("CONTENT_DIR") or CONTENT_DIR) / "values.yaml")


def store() -> banks.BankStore:
    current_path, archive_dir, values_path = _paths()
    key = (current_path, archive_dir, values_path)
    with _lock:
        if key not in _stores:
            _stores[key] = banks.BankStore(archive_dir=archive_dir, current_path=current_path,
                                           values_path=values_path)
        return _stores[key]


def _stat(path: Path) -> tuple:
    info = path.stat()
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def current_bank(archive: bool = True) -> Bank:
    """The bank new attempts use. With ``archive`` (the default for anything stored), the
    file is archived first so a response saved against it can always be scored again."""
    bank_store = store()
    key = (bank_store.current_path, bank_store.archive_dir, bank_store.values_path, archive)
    stat = _stat(bank_store.current_path)
    cached = _current.get(key)
    if cached and cached[0] == stat:
        return bank_store.get(cached[1])
    bank = bank_store.current(archive=archive)
    _current[key] = (stat, bank.version)
    return bank


def bank_for(version: str) -> Bank:
    """The bank a response was taken on (BankError if it cannot be found)."""
    return store().get(version)


def wording() -> tuple[tuple[dict, ...], Mapping]:
    """(value definitions in canonical order, report wording), from the content snapshot."""
    snapshot = content.current()
    return snapshot.values, snapshot.report


def value_names() -> dict[str, dict]:
    return {v["key"]: v for v in content.values()}
