"""Careers pages for young people: roles, pathways, pages, glossary, quiz, search, and the roles API."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

from outreach import content, geo
from outreach.careers import illustrations, pathways, quiz
from outreach.careers.search import search as search_roles
from outreach.careers.service import NEARBY_KM, nearby_for_roles
from outreach.impact.counters import count_quiz_completion, count_role_view
from outreach.permissions import access

bp = Blueprint("careers", __name__)


@bp.app_template_global("illustration")
def illustration(name: str, alt: str = "", decorative: bool = False):
    """Inline SVG of one of our scenes, for any template: {{ illustration("home", decorative=True) }}."""
    return illustrations.render(name, alt, decorative)

SETTING_LABELS = {
    "care-home": "Care homes", "nursing-home": "Nursing homes", "home-care": "In people's homes",
    "supported-living": "Supported living", "day-service": "Day services", "community": "In the community",
    "hospital-discharge": "After a hospital stay",
}
START_LABELS = {"16": "Start at 16", "18": "Start at 18", "degree": "With a degree"}


def _place_from_query():
    """The visitor's postcode from ?postcode=, resolved, or (None, error message)."""
    typed = (request.args.get("postcode") or "").strip()[:10]
    if not typed:
        return None, None, typed
    try:
        return geo.resolve(typed), None, typed
    except geo.PostcodeError as error:
        return None, str(error), typed


@bp.route("/careers/")
@access("anyone")
def index():
    library = content.current()
    setting = request.args.get("setting") if request.args.get("setting") in SETTING_LABELS else ""
    start = request.args.get("start") if request.args.get("start") in START_LABELS else ""
    roles = list(library.roles.values())
    if setting:
        roles = [r for r in roles if setting in r.settings]
    if start:
        wanted = int(start) if start.isdigit() else start
        roles = [r for r in roles if wanted in r.start_at]
    return render_template("careers/index.html", roles=roles, setting=setting, start=start,
                           settings=SETTING_LABELS, starts=START_LABELS, total=len(library.roles),
                           pages=library.pages)


@bp.route("/careers/<slug>")
@access("anyone")
def role(slug):
    library = content.current()
    role = library.role(slug)
    if role is None:
        abort(404)
    place, postcode_error, typed = _place_from_query()
    nearby = nearby_for_roles(library.related_roles(role.slug), place) if place else None
    count_role_view(role.slug, place)
    return render_template("careers/role.html", role=role, library=library, place=place, typed=typed,
                           postcode_error=postcode_error, nearby=nearby, nearby_km=NEARBY_KM, settings=SETTING_LABELS,
                           next_roles=[library.role(s) for s in role.next_roles if library.role(s)],
                           came_from=[r for r in library.roles.values() if role.slug in r.next_roles])


@bp.route("/careers/pathways")
@access("anyone")
def pathway_explorer():
    library = content.current()
    routes = [[library.role(s) for s in route] for route in pathways.example_routes(library.roles)]
    return render_template("careers/pathways.html", library=library, stages=pathways.stages(library.roles),
                           routes=routes)


@bp.route("/careers/pages/<slug>")
@access("anyone")
def page(slug):
    library = content.current()
    page = library.pages.get(slug)
    if page is None:
        abort(404)
    return render_template("careers/page.html", page=page, printable=slug == "lesson-resources")


@bp.route("/careers/glossary")
@access("anyone")
def glossary():
    return render_template("careers/glossary.html", entries=content.current().glossary)


@bp.route("/careers/quiz")
@access("anyone")
def quiz_start():
    """One question at a time, as cards; the answers so far travel in the form, so nothing is saved."""
    library = content.current()
    where = quiz.step(library.quiz, request.args)
    if where.done:
        return redirect(url_for("careers.quiz_result", a=quiz.encode(library.quiz, where.answers),
                                postcode=_postcode_arg()))
    return _quiz_card(library.quiz, where)


def _postcode_arg() -> str | None:
    return (request.args.get("postcode") or "").strip()[:10] or None


def _quiz_card(quiz_content: dict, where, notice: str | None = None):
    questions = quiz_content["questions"]
    question = questions[where.number - 1]
    earlier = {k: v for k, v in where.answers.items() if k != question["id"]}
    back = (url_for("careers.quiz_start", q=where.number - 1, postcode=_postcode_arg(), **where.answers)
            if where.number > 1 else None)
    return render_template("careers/quiz.html", quiz=quiz_content, question=question, number=where.number,
                           total=len(questions), answers=where.answers, earlier=earlier, error=where.error,
                           back=back, postcode=_postcode_arg() or "", notice=notice)


@bp.route("/careers/quiz/result")
@access("anyone")
def quiz_result():
    library = content.current()
    code = request.args.get("a")
    if code is None:
        # Answers sent one field per question (an old link or a shortcut): check them, then a short code.
        answers = quiz.valid_answers(library.quiz, request.args)
        missing = [n for n, q in enumerate(library.quiz["questions"], 1) if q["id"] not in answers]
        if missing:
            return _quiz_card(library.quiz, quiz.Step(missing[0], answers, error=True))
        return redirect(url_for("careers.quiz_result", a=quiz.encode(library.quiz, answers),
                                postcode=_postcode_arg()))
    answers = quiz.decode(library.quiz, code)
    if answers is None:
        return _quiz_card(library.quiz, quiz.Step(1, {}),
                          notice="That result link is not complete. Answer the questions to see your result.")
    suggestions = [(library.role(s.slug), s) for s in quiz.suggest(library.quiz, answers) if library.role(s.slug)]
    place, postcode_error, typed = _place_from_query()
    count_quiz_completion(suggestions[0][0].slug if suggestions else None, place)
    related = tuple(dict.fromkeys(slug for role, _ in suggestions for slug in library.related_roles(role.slug)))
    nearby = nearby_for_roles(related or None, place) if place else None
    share_url = url_for("careers.quiz_result", a=code, _external=True)
    return render_template("careers/quiz_result.html", suggestions=suggestions, code=code, share_url=share_url,
                           place=place, typed=typed, postcode_error=postcode_error, nearby=nearby,
                           nearby_km=NEARBY_KM)


@bp.route("/careers/search")
@access("anyone")
def search():
    query = (request.args.get("q") or "").strip()[:100]
    library = content.current()
    hits = search_roles(library, query) if query else []
    return render_template("careers/search.html", query=query, hits=hits)


@bp.route("/api/v1/roles")
@access("anyone")
def api_roles():
    library = content.current()
    fields = ("title", "slug", "summary", "synonyms", "pay", "min_age", "start_at", "entry_routes",
              "qualifications", "next_roles", "values", "settings")
    roles = [
        {**{f: role.meta.get(f) for f in fields}, "url": url_for("careers.role", slug=role.slug, _external=True)}
        for role in library.roles.values()
    ]
    response = jsonify({"count": len(roles), "roles": roles})
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
