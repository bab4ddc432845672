"""The questionnaire bank for the app: the current one from the content snapshot (outreach.content,
so a bank edit is picked up by the same reload rule as every other content file), and every
earlier version from the archive.

The archive folder comes from the app config (``QUESTIONNAIRE_ARCHIVE_DIR``, by default
content/questionnaires/archive), so tests can point the app at a copy of content/ (``CONTENT_DIR``)
and an empty archive. Banks by version are cached for good (an archived version never changes,
and BankStore refuses one that did).
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from flask import current_app

from outreach import content
from outreach.content.questionnaire import Bank
from outreach.content.schema import CONTENT_DIR
from outreach.questionnaire import bank as banks

_lock = threading.Lock()
_stores: dict[tuple, banks.BankStore] = {}


def _paths() -> tuple[Path, Path, Path]:
    config = current_app.config
    folder = Path(config.get("CONTENT_DIR") or CONTENT_DIR)
    return (folder / "questionnaires" / "values.yaml",
            Path(config.get("QUESTIONNAIRE_ARCHIVE_DIR") or banks.DEFAULT_ARCHIVE_DIR),
            folder / "values.yaml")


def store() -> banks.BankStore:
    current_path, archive_dir, values_path = _paths()
    key = (current_path, archive_dir, values_path)
    with _lock:
        if key not in _stores:
            _stores[key] = banks.BankStore(archive_dir=archive_dir, current_path=current_path,
                                           values_path=values_path)
        return _stores[key]


def current_bank(archive: bool = True) -> Bank:
    """The bank new attempts use (the content snapshot's). With ``archive`` (the default for anything
    stored), it is archived first so a response saved against it can always be scored again."""
    return store().adopt(content.current().bank, archive=archive)


def bank_for(version: str) -> Bank:
    """The bank a response was taken on (BankError if it cannot be found)."""
    return store().get(version)


def wording() -> tuple[tuple[dict, ...], Mapping]:
    """(value definitions in canonical order, report wording), from the content snapshot."""
    snapshot = content.current()
    return snapshot.values, snapshot.report


def value_names() -> dict[str, dict]:
    return {v["key"]: v for v in content.values()}
