"""Fixed-window rate limits shared across gunicorn workers and hosts.

Counters live in Redis when REDIS_URL is set, otherwise in the database
(an atomic upsert, so concurrent workers never lose a count).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import text

from outreach import clock
from outreach.extensions import db


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("Too many attempts")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    name: str
    max_count: int
    window_seconds: int


def _window(window_seconds: int) -> tuple[int, int]:
    now = int(clock.now().timestamp())
    start = now - now % window_seconds
    return start, start + window_seconds - now


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    import redis

    client = current_app.extensions.get("careways_redis")
    if client is None:
        client = redis.Redis.from_url(url)
        current_app.extensions["careways_redis"] = client
    return client


def hit(limit: Limit, subject: str) -> int:
    """Count one event for subject in the current window and return the new count."""
    start, _ = _window(limit.window_seconds)
    key = f"{limit.name}:{subject}"[:200]
    client = _redis()
    if client is not None:
        redis_key = f"careways:rl:{key}:{start}"
        with client.pipeline() as pipe:
            pipe.incr(redis_key)
            pipe.expire(redis_key, limit.window_seconds + 5)
            count, _ = pipe.execute()
        return int(count)
    # Committed at once, so the count survives whatever the request does next. (A second
    # connection would deadlock against the request's own IMMEDIATE transaction on SQLite.)
    row = db.session.execute(
            text(
                "INSERT INTO rate_limit_counters (key, window_start, count) VALUES (:k, :w, 1) "
                "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1 "
                "RETURNING count"
            ),
            {"k": key, "w": start},
        ).one()
    db.session.commit()
    return int(row[0])


def current(limit: Limit, subject: str) -> int:
    start, _ = _window(limit.window_seconds)
    key = f"{limit.name}:{subject}"[:200]
    client = _redis()
    if client is not None:
        value = client.get(f"careways:rl:{key}:{start}")
        return int(value or 0)
    value = db.session.execute(
        text("SELECT count FROM rate_limit_counters WHERE key = :k AND window_start = :w"),
        {"k": key, "w": start},
    ).scalar()
    return int(value or 0)


def check(limit: Limit, subject: str) -> None:
    """Raise RateLimited if subject has already used up the window."""
    if current(limit, subject) >= limit.max_count:
        raise RateLimited(_window(limit.window_seconds)[1])


def consume(limit: Limit, subject: str) -> None:
    """Count an event, raising RateLimited once the limit is passed."""
    if hit(limit, subject) > limit.max_count:
        raise RateLimited(_window(limit.window_seconds)[1])


def reset(limit: Limit, subject: str) -> None:
    start, _ = _window(limit.window_seconds)
    key = f"{limit.name}:{subject}"[:200]
    client = _redis()
    if client is not None:
        client.delete(f"careways:rl:{key}:{start}")
        return
    db.session.execute(text("DELETE FROM rate_limit_counters WHERE key = :k"), {"k": key})
    db.session.commit()


def purge_old(older_than_seconds: int = 86400) -> int:
    cutoff = int(clock.now().timestamp()) - older_than_seconds
    result = db.session.execute(text("DELETE FROM rate_limit_counters WHERE window_start < :c"), {"c": cutoff})
    db.session.commit()
    return result.rowcount or 0


def by_address(name: str, max_count: int, window_seconds: int):
    """Decorate a view so each client address may call it max_count times per window (then 429)."""
    from functools import wraps

    from flask import jsonify, render_template, request

    limit = Limit(name, max_count, window_seconds)

    def decorate(view):
        @wraps(view)
        def limited(*args, **kwargs):
            try:
                consume(limit, request.remote_addr or "unknown")
            except RateLimited as error:
                headers = {"Retry-After": str(error.retry_after)}
                if request.path.startswith("/api/"):
                    return jsonify({"error": "Too many requests. Try again later."}), 429, headers
                return render_template("errors/429.html", minutes=max(1, error.retry_after // 60)), 429, headers
            return view(*args, **kwargs)

        return limited

    return decorate
