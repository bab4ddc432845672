"""Roles whose values fit someone's questionnaire scores.

Each role explainer (outreach.content) lists the values it most relies on in its
front matter (``values: [person_centred, communication, ...]``). A role's fit is the
mean of the person's scores on those values (unmeasured values are left out); roles
are ranked by fit, then by title, so the same scores always give the same list.
"""
from __future__ import annotations

from dataclasses import dataclass

from outreach import content


@dataclass(frozen=True)
class RoleValues:
    slug: str
    title: str
    summary: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class RoleFit:
    role: RoleValues
    fit: int
    matched: tuple[str, ...]  # the role's values the person scored well on, best first


def load_roles() -> tuple[RoleValues, ...]:
    """Every role with the values it relies on, from the current content snapshot."""
    return tuple(RoleValues(role.slug, role.title, role.summary, tuple(map(str, role.meta["values"])))
                 for role in content.roles())


def fitting_roles(scores: dict[str, int | None], limit: int = 4,
                  roles: tuple[RoleValues, ...] | None = None) -> list[RoleFit]:
    """The ``limit`` roles whose values best match the scores (none if nothing is measured)."""
    fits = []
    for role in roles if roles is not None else load_roles():
        measured = [(v, scores[v]) for v in role.values if scores.get(v) is not None]
        if not measured:
            continue
        fit = int(sum(s for _, s in measured) / len(measured) + 0.5)
        order = {v: i for i, v in enumerate(role.values)}
        strong = sorted((vs for vs in measured if vs[1] >= 60), key=lambda vs: (-vs[1], order[vs[0]]))
        fits.append(RoleFit(role, fit, tuple(v for v, _ in strong[:2])))
    fits.sort(key=lambda f: (-f.fit, f.role.title))
    return fits[:limit]
