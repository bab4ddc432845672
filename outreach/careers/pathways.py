"""The career pathway explorer: progression links drawn as an accessible list and an SVG.

Roles are placed in columns by their shortest distance from the entry roles
(buddy/volunteer), so the diagram reads left to right from "try it" to "lead it".
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

ENTRY = "buddy-volunteer"
GOALS = ("registered-manager", "social-care-nurse", "social-worker")
COLUMN_WIDTH = 230
ROW_HEIGHT = 64
BOX_WIDTH = 190
BOX_HEIGHT = 44
MARGIN = 20


@dataclass(frozen=True)
class Node:
    slug: str
    title: str
    x: int
    y: int


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node


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


def layout(roles: dict) -> tuple[list[Node], list[Edge], int, int]:
    depth = levels(roles)
    columns: dict[int, list[str]] = {}
    for slug in sorted(roles, key=lambda s: roles[s].title):
        columns.setdefault(depth[slug], []).append(slug)
    nodes = {}
    for column, slugs in columns.items():
        for row, slug in enumerate(slugs):
            nodes[slug] = Node(slug, roles[slug].title, MARGIN + column * COLUMN_WIDTH, MARGIN + row * ROW_HEIGHT)
    edges = [Edge(nodes[s], nodes[t]) for s in roles for t in roles[s].next_roles if t in nodes]
    width = MARGIN * 2 + (max(columns) + 1) * COLUMN_WIDTH
    height = MARGIN * 2 + max(len(v) for v in columns.values()) * ROW_HEIGHT
    return list(nodes.values()), edges, width, height


def example_routes(roles: dict) -> list[list[str]]:
    starts = (ENTRY, "care-worker")
    routes = []
    for goal in GOALS:
        for start in starts:
            path = shortest_path(roles, start, goal)
            if path and path not in routes:
                routes.append(path)
    return routes
