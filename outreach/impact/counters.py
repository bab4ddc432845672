"""Cookie-free counters: a careers page view or a finished quiz only adds one to a daily number.

Nothing about the visitor is stored: no cookie, IP address, account or time of day; only the
role, the UK date and, if they typed one, the postcode district. The increment is one atomic
INSERT ... ON CONFLICT DO UPDATE, so concurrent visits never lose a count.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter

from flask import current_app
from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from outreach import clock
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.impact import PageViewCount, PageViewTotal

log = logging.getLogger(__name__)


FLUSH_EVERY_SECONDS = 10
FLUSH_AT = 200
_buffer: Counter = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()
_exit_hooked = False


def bump(kind: str, role_slug: str, district: str | None = None) -> None:
    """Add one to today's counter. Never breaks the page it is called from.

    Each worker adds up counts in memory and writes them in one go every few seconds (or
    every FLUSH_AT views), so a busy careers page does not take a database write lock per
    visit. A crashed worker loses at most those few seconds of counts.
    """
    global _last_flush, _exit_hooked
    key = (kind, (role_slug or "")[:60], clock.today_uk(), (district or "")[:4])
    if not current_app.config.get("BUFFER_VIEW_COUNTS", True):
        _write({key: 1})
        return
    with _lock:
        _buffer[key] += 1
        due = sum(_buffer.values()) >= FLUSH_AT or time.monotonic() - _last_flush >= FLUSH_EVERY_SECONDS
        items = {}
        if due:
            items = dict(_buffer)
            _buffer.clear()
            _last_flush = time.monotonic()
        if not _exit_hooked:
            app = current_app._get_current_object()
            atexit.register(lambda: _flush_with(app))
            _exit_hooked = True
    if items:
        _write(items)


def flush() -> None:
    """Write whatever this process has counted so far."""
    global _last_flush
    with _lock:
        items = dict(_buffer)
        _buffer.clear()
        _last_flush = time.monotonic()
    if items:
        _write(items)


def _flush_with(app) -> None:
    with app.app_context():
        flush()


def _upsert(model, keys: dict, n: int, dialect):
    statement = dialect.insert(model).values(**keys, count=n)
    return statement.on_conflict_do_update(index_elements=list(keys), set_={"count": model.count + n})


def _write(items: dict) -> None:
    try:
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        totals: Counter = Counter()
        for (kind, role_slug, day, district), n in items.items():
            db.session.execute(_upsert(PageViewCount, {"kind": kind, "role_slug": role_slug, "day": day,
                                                       "district": district}, n, dialect))
            totals[(kind, day, district)] += n
        for (kind, day, district), n in totals.items():
            db.session.execute(_upsert(PageViewTotal, {"kind": kind, "day": day, "district": district}, n, dialect))
        db.session.commit()
    except Exception:  # a counter must never turn a careers page into an error
        db.session.rollback()
        log.exception("could not write %d view counts", len(items))


@transaction
def rebuild_totals() -> int:
    """Recompute the across-roles totals from the per-role counts (after a bulk load or a repair)."""
    db.session.execute(delete(PageViewTotal))
    summed = select(PageViewCount.kind, PageViewCount.day, PageViewCount.district, func.sum(PageViewCount.count)) \
        .group_by(PageViewCount.kind, PageViewCount.day, PageViewCount.district)
    db.session.execute(insert(PageViewTotal).from_select(["kind", "day", "district", "count"], summed))
    rows = db.session.execute(select(func.count()).select_from(PageViewTotal)).scalar()
    return rows


def count_role_view(role_slug: str, place=None) -> None:
    bump("role_view", role_slug, getattr(place, "district", None))


def count_quiz_completion(top_role_slug: str | None, place=None) -> None:
    bump("quiz", top_role_slug or "", getattr(place, "district", None))
