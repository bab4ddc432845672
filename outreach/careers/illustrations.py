"""Our own flat illustrations: a small kit of shapes (a worker, an older person, one object) put together
into a scene for each role, the home page and the pathway map.

Scenes are drawn as inline SVG by templates/components/illustration.html, so they need no image files,
obey the strict CSP and scale to any screen. A role names its scene and its alt text in its front matter
(``illustration: {scene: ..., alt: ...}``); the content check rejects a scene that is not listed here.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Scene:
    prop: str               # the object drawn beside the worker: one of PROPS
    background: str         # a soft fill behind everything
    uniform: str            # the worker's top
    skin: str
    hair: str
    resident: bool = True   # an older person in an armchair, being helped
    resident_skin: str = "#f1c7a5"


PROPS = ("teacup", "house", "bag", "heart", "chat", "puzzle", "palette", "pot", "bucket", "cap", "cross",
         "frame", "star", "clipboard", "laptop", "steps")

SCENES: dict[str, Scene] = {
    "care-worker": Scene("teacup", "#f5f0ff", "#4a1a8c", "#8d5524", "#1d1530"),
    "home-care-worker": Scene("house", "#effbf9", "#5b2bb5", "#6b3e26", "#1d1530"),
    "personal-assistant": Scene("bag", "#fff8dc", "#00a396", "#f1c7a5", "#b55239", resident_skin="#8d5524"),
    "buddy-volunteer": Scene("heart", "#fff5f3", "#ff6f59", "#c68642", "#1d1530"),
    "mental-health-support-worker": Scene("chat", "#effbf9", "#1f5fa8", "#e0ac69", "#4b2c20", resident_skin="#c68642"),
    "learning-disability-support-worker": Scene("puzzle", "#fff8dc", "#00a396", "#e0ac69", "#1d1530",
                                                resident_skin="#f1c7a5"),
    "activities-coordinator": Scene("palette", "#fff5f3", "#ff6f59", "#f1c7a5", "#4b2c20", resident_skin="#8d5524"),
    "care-home-chef": Scene("pot", "#fff5f3", "#ffffff", "#f1c7a5", "#7a3e1d", resident=False),
    "care-home-housekeeper": Scene("bucket", "#effbf9", "#00a396", "#c68642", "#1d1530", resident=False),
    "care-apprenticeship": Scene("cap", "#f5f0ff", "#4a1a8c", "#f1c7a5", "#4b2c20", resident=False),
    "nursing-associate": Scene("cross", "#effbf9", "#1f5fa8", "#8d5524", "#1d1530"),
    "social-care-nurse": Scene("cross", "#f5f0ff", "#351066", "#f1c7a5", "#e8b04a", resident_skin="#6b3e26"),
    "occupational-therapist": Scene("frame", "#fff5f3", "#00a396", "#f1c7a5", "#e8b04a", resident_skin="#8d5524"),
    "reablement-worker": Scene("frame", "#effbf9", "#5b2bb5", "#6b3e26", "#1d1530"),
    "senior-care-worker": Scene("star", "#f5f0ff", "#5b2bb5", "#c68642", "#1d1530"),
    "team-leader": Scene("clipboard", "#fff8dc", "#4a1a8c", "#e0ac69", "#7a3e1d", resident_skin="#8d5524"),
    "deputy-manager": Scene("laptop", "#effbf9", "#351066", "#8d5524", "#1d1530"),
    "registered-manager": Scene("clipboard", "#f5f0ff", "#351066", "#f1c7a5", "#b55239", resident_skin="#c68642"),
    "social-worker": Scene("chat", "#fff5f3", "#4a1a8c", "#6b3e26", "#1d1530", resident_skin="#f1c7a5"),
    "home": Scene("heart", "#f5f0ff", "#00a396", "#8d5524", "#1d1530"),
    "quiz": Scene("star", "#fff8dc", "#00a396", "#e0ac69", "#4b2c20", resident=False),
    "pathways": Scene("steps", "#effbf9", "#ff6f59", "#c68642", "#1d1530", resident=False),
}


def render(name: str, alt: str = "", decorative: bool = False) -> Markup:
    """The scene as inline SVG: an image with alt text, or hidden from screen readers if decorative."""
    from flask import render_template

    scene = SCENES[name]
    return Markup(render_template("components/illustration.html", scene=scene, alt=alt,
                                  decorative=decorative or not alt, uid=f"ill-{name}"))
