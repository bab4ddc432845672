"""The career pathway explorer: progression links drawn as a map of stages and an accessible list.

Roles are placed in stages by their shortest distance from the entry role
(buddy/volunteer), so the map reads from "try it" to "lead it": left to right on
a wide screen, top to bottom on a phone. Each box names where the role leads, so
no line has to cross another box (the old SVG's 50-odd crossing lines did).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

ENTRY = "buddy-volunteer"
GOALS = ("registered-manager", "social-care-nurse", "social-worker")


STAGE_NAMES = (
    ("Try it out", "Volunteer or do a buddy shift while you are still at school."),
    ("Your first job", "Paid jobs and apprenticeships you can start from 16 or 18."),
    ("Grow and specialise", "Take on more, or choose a kind of care you love."),
    ("Lead or qualify", "Run a service, or become a registered nurse."),
)


@dataclass(frozen=True)
class StageRole:
    slug: str
    title: str
    leads_to: tuple[tuple[str, str], ...]  # (slug, title) of the roles it leads to


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    blurb: str
    roles: tuple[StageRole, ...]


def stages(roles: dict) -> list[Stage]:
    """Every role once, in the stage of its shortest route from the entry role, sorted by title."""
    depth = levels(roles)
    result = []
    for number in sorted(set(depth.values())):
        name, blurb = STAGE_NAMES[min(number, len(STAGE_NAMES) - 1)]
        members = sorted((s for s in roles if depth[s] == number), key=lambda s: roles[s].title)
        result.append(Stage(number + 1, name, blurb, tuple(
            StageRole(s, roles[s].title, tuple((t, roles[t].title) for t in roles[s].next_roles if t in roles))
            for s in members)))
    return result


def levels(roles: dict) -> dict[str, int]:
    """Shortest number of steps from the entry role; roles not reachable go in the first column."""
    depth = {ENTRY: 0}
    queue = deque([ENTRY])
    while queue:
        slug = queue.popleft()
        for nxt in roles[slug].next_roles if slug in roles else []:
            if nxt in roles and nxt not in depth:
                depth[nxt] = depth[slug] + 1
                queue.append(nxt)
    return {slug: depth.get(slug, 0) for slug in roles}


def shortest_path(roles: dict, start: str, goal: str) -> list[str]:
    previous = {start: None}
    queue = deque([start])
    while queue:
        slug = queue.popleft()
        if slug == goal:
            path = []
            while slug is not None:
                path.append(slug)
                slug = previous[slug]
            return path[::-1]
        for nxt in roles[slug].next_roles:
            if nxt in roles and nxt not in previous:
                previous[nxt] = slug
                queue.append(nxt)
    return []


def example_routes(roles: dict) -> list[list[str]]:
    starts = (ENTRY, "care-worker")
    routes = []
    for goal in GOALS:
        for start in starts:
            path = shortest_path(roles, start, goal)
            if path and path not in routes:
                routes.append(path)
    return routes
