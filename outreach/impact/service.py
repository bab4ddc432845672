"""Build the impact dashboard's sections (a chart and a table each) and their CSV downloads."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from outreach.extensions import db
from outreach.impact import figures as f
from outreach.impact import groups as g
from outreach.impact import reference, referral_figures
from outreach.models.organisations import PROVIDER_TYPES, Organisation
from outreach.models.schools import TalkRequest
from outreach.models.signups import GuardianConsent, SignUp
from outreach.spreadsheet import safe_cell

AREA = re.compile(r"^[A-Z]{1,2}([0-9][0-9A-Z]?)?$")


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: list
    chart: list | None = None  # [(label, value)] drawn as horizontal bars
    chart_label: str = ""  # what the bars show, when not every column


def parse_filters(args, *, organisation=None, school=None, allow_provider=False) -> f.Filters:
    """The dashboard's filters from the query string; each one not understood is in ``filters.errors``."""
    filters = f.Filters(organisation=organisation, school=school)
    _parse_dates(args, filters)
    _parse_area(args, filters)
    _parse_local_authority(args, filters)
    _parse_provider_type(args, filters)
    if allow_provider and args.get("provider"):
        _parse_provider(args, filters)
    if filters.errors:  # never report on half-understood filters
        filters.start = filters.end = None
        filters.area = filters.provider_type = ""
        filters.local_authority = None
    return filters


def _parse_dates(args, filters: f.Filters) -> None:
    for name in ("start", "end"):
        text = (args.get(name) or "").strip()
        if text:
            try:
                setattr(filters, name, date.fromisoformat(text))
            except ValueError:
                filters.errors[name] = "Enter a real date, for example 2026-04-01"
    if filters.start and filters.end and filters.end < filters.start:
        filters.errors["end"] = "The end date must be on or after the start date"


def _parse_area(args, filters: f.Filters) -> None:
    area = re.sub(r"\s+", "", (args.get("area") or "").upper())[:4]
    if area and not AREA.match(area):
        filters.errors["area"] = "Enter a postcode district like DT1 or its letters like DT"
    else:
        filters.area = area


def _parse_local_authority(args, filters: f.Filters) -> None:
    la = args.get("la") or ""
    if la:
        filters.local_authority = reference.area(la)
        if filters.local_authority is None:
            filters.errors["la"] = "Choose a local authority area from the list"


def _parse_provider_type(args, filters: f.Filters) -> None:
    kind = args.get("provider_type") or ""
    if kind and kind not in PROVIDER_TYPES:
        filters.errors["provider_type"] = "Choose a type of provider from the list"
    else:
        filters.provider_type = kind


def _parse_provider(args, filters: f.Filters) -> None:
    filters.organisation = db.session.execute(select(Organisation).where(
        Organisation.public_id == args.get("provider"), Organisation.kind == "provider")).scalar_one_or_none()
    if filters.organisation is None:
        filters.errors["provider"] = "Choose a provider from the list"


def _pct(part, whole):
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _hires(n: int) -> str:
    return f"{n} hire" if n == 1 else f"{n} hires"


def _retention_note(kept: int, answered: int, reached: int, months: int) -> str:
    if not reached:
        return f"no hire has reached {months} months yet"
    if not answered:
        return f"not answered yet for the {_hires(reached)} {months} months in"
    note = f"{_pct(kept, answered)} of the {_hires(answered)} asked about at {months} months"
    waiting = reached - answered
    return note + (f" ({waiting} more not answered yet)" if waiting > 0 else "")


def funnel_table(filters: f.Filters, with_views: bool) -> Table:
    tasters, apps, kept = f.taster_funnel(filters), f.application_funnel(filters), f.hire_retention(filters)
    # Each step names its cohort: a conversion is only a share of the step before when both count
    # the same people (taster sign-ups and what became of them; applications and what became of
    # them). Quiz takers are not a subset of page views, nor applicants of taster visitors.
    steps = []
    if with_views:
        views = f.page_views(filters)
        steps += [("Role-page views", views["role_views"], "views"), ("Quiz completions", views["quiz"], "quiz")]
    steps += [("Taster sign-ups", tasters["sign_ups"], "tasters"),
              ("Guardian consents (under-18s)", tasters["consents"], "consents"),
              ("Attended a taster", tasters["attended"], "tasters"),
              ("Would consider a care job", tasters["would_consider"], "tasters"),
              ("Applications", apps["applications"], "applications"),
              ("Interviews", apps["interviews"], "applications"),
              ("Offers", apps["offers"], "applications"), ("Hires", apps["hires"], "applications"),
              ("Hires still employed at 3 months", kept["employed_3m"], "retention"),
              ("Hires still employed at 6 months", kept["employed_6m"], "retention")]
    rows, previous, previous_cohort = [], None, None
    for label, value, cohort in steps:
        if cohort == "consents":
            conversion = _pct(value, tasters["needing_consent"]) + " of under-18 sign-ups"
        elif label.endswith("3 months"):
            conversion = _retention_note(value, kept["answered_3m"], kept["reached_3m"], 3)
        elif label.endswith("6 months"):
            conversion = _retention_note(value, kept["answered_6m"], kept["reached_6m"], 6)
        elif previous is not None and cohort == previous_cohort:
            conversion = _pct(value, previous)
        elif previous is not None:
            conversion = "Not a share of the step before: counts different people"
        else:
            conversion = ""
        if cohort not in ("consents", "retention"):
            previous, previous_cohort = value, cohort
        rows.append([label, value, conversion])
    return Table("funnel", "From careers page to hire", ["Step", "Number", "Conversion from the step before"],
                 rows, chart=[(r[0], r[1]) for r in rows])


def retention_table(filters: f.Filters) -> Table:
    kept = f.hire_retention(filters)
    rows = [["Hired", kept["hired"], ""]]
    for months in (3, 6):
        key = f"{months}m"
        rows += [[f"Hired at least {months} months ago", kept[f"reached_{key}"], _pct(kept[f"reached_{key}"],
                                                                                      kept["hired"])],
                 [f"Recruiter answered at {months} months", kept[f"answered_{key}"],
                  _pct(kept[f"answered_{key}"], kept[f"reached_{key}"])],
                 [f"Still employed at {months} months", kept[f"employed_{key}"],
                  _pct(kept[f"employed_{key}"], kept[f"answered_{key}"])]]
    return Table("retention", "Still in the job after hiring",
                 ["Measure", "Hires", "Share of the row it follows from"], rows if kept["hired"] else [],
                 chart=[(r[0], r[1]) for r in rows] if kept["hired"] else None)


BREAKDOWN_STEPS = (("role_views", "Role-page views"), ("quiz", "Quiz completions"), ("sign_ups", "Taster sign-ups"),
                   ("attended", "Attended a taster"), ("applications", "Applications"), ("hires", "Hires"))


def _breakdown_rows(groups: dict, steps) -> list:
    return [[label, *(values.get(key, 0) for key, _ in steps)] for label, values in groups]


def period_table(filters: f.Filters, with_views: bool) -> Table:
    steps = BREAKDOWN_STEPS if with_views else BREAKDOWN_STEPS[2:]
    months = f.breakdown(filters, "month", with_views)
    rows = _breakdown_rows([(date.fromisoformat(k + "-01").strftime("%B %Y"), months[k]) for k in sorted(months)],
                           steps)
    return Table("by_month", "Month by month", ["Month"] + [name for _, name in steps], rows,
                 chart=[(row[0], row[-2]) for row in rows] if rows else None, chart_label="The bars show applications")


def area_table(filters: f.Filters, with_views: bool) -> Table:
    """The funnel by local authority area; districts outside every listed area are added up."""
    steps = BREAKDOWN_STEPS if with_views else BREAKDOWN_STEPS[2:]
    by_district = f.breakdown(filters, "district", with_views)
    owner = {d: a.name for a in reference.areas() for d in a.districts}
    totals: dict = {}
    for district, values in by_district.items():
        name = owner.get(district) or ("Postcode not given" if not district else "Other areas")
        bucket = totals.setdefault(name, {})
        for key, value in values.items():
            bucket[key] = bucket.get(key, 0) + value
    order = sorted(totals, key=lambda n: (n in ("Other areas", "Postcode not given"), n))
    rows = _breakdown_rows([(name, totals[name]) for name in order], steps)
    return Table("by_area", "By local authority area", ["Area"] + [name for _, name in steps], rows,
                 chart=[(row[0], row[-2]) for row in rows] if rows else None, chart_label="The bars show applications")


def timing_tables(filters: f.Filters) -> list[Table]:
    t = f.timings(filters)
    show = lambda v: "no data yet" if v is None else v  # noqa: E731
    timing = Table("timings", "How long it takes", ["Measure", "Average days", "Based on"], [
        ["From first attended taster to applying", show(t["taster_to_application"]), t["taster_to_application_n"]],
        ["From applying to being hired", show(t["application_to_hire"]), t["application_to_hire_n"]]])
    sources = f.hire_sources(filters)
    total = sum(v for _, v in sources)
    source = Table("sources", "Where hires came from", ["Source", "Hires", "Share"],
                   [[k, v, _pct(v, total)] for k, v in sources], chart=sources)
    return [timing, source]


def referral_table(filters: f.Filters) -> Table:
    r = referral_figures.referrals(filters)
    labels = {"new": "Recommended", "contacted": "Contacted", "applied": "Applied", "interviewed": "Interviewed",
              "hired": "Hired", "employed_3m": "Still employed at 3 months",
              "employed_6m": "Still employed at 6 months"}
    rows = [[labels[k], v, _pct(v, r["leads"])] for k, v in r["reached"].items()]
    rows += [["Staff who recommended someone", r["referrers"], ""],
             ["Friends per staff member who recommended", r["leads_per_referrer"] or 0, ""],
             ["Points awarded", r["points"], ""], ["New to care", r["new_to_care"], _pct(r["new_to_care"], r["leads"])]]
    return Table("referrals", "Recommend a friend", ["Measure", "Number", "Share of friends recommended"], rows,
                 chart=[(row[0], row[1]) for row in rows[:7]])


def referral_spread_table(filters: f.Filters) -> Table:
    """How many friends each staff member recommended, as a spread: counts of staff, never names."""
    spread = referral_figures.referrals(filters)["spread"]
    total = sum(n for _, n in spread)
    return Table("referrers", "Friends recommended per staff member",
                 ["Staff who recommended", "Staff members", "Share of staff who recommended"],
                 [[label, n, _pct(n, total)] for label, n in spread] if total else [], chart=spread if total else None)


def _cell(value, fmt="{}"):
    return g.SUPPRESSED if value is None else fmt.format(value)


def fairness_tables(filters: f.Filters) -> list[Table]:
    tables = []
    for dimension, title in (("age", "age band"), ("sex", "sex"), ("ethnicity", "ethnic group")):
        rows = []
        for row in g.fairness(filters, dimension):
            if row["suppressed"]:
                rows.append([row["group"], g.SUPPRESSED] + [g.SUPPRESSED] * len(g.STAGES))
                continue
            cells = [row["group"], row["applied"]]
            for stage in row["stages"]:
                if stage["rate"] is None:
                    cells.append(f"{stage['count']} (rate not shown: fewer than 5 at the stage before)")
                    continue
                text = f"{stage['count']} ({100 * stage['rate']:.0f}%"
                text += f", impact ratio {stage['ratio']:.2f}" if stage["ratio"] is not None else ""
                text += ", below 0.8: look closer)" if stage["flagged"] else ")"
                cells.append(text)
            rows.append(cells)
        tables.append(Table(f"fairness_{dimension}", f"Shortlisting fairness by {title}",
                            ["Group", "Applied"] + [name for _, name in g.STAGES], rows))
        mix_rows = [[m["group"], _cell(m["applicants"]),
                     _cell(None if m["applicant_share"] is None else 100 * m["applicant_share"], "{:.0f}%"),
                     _cell(m["hires"]), _cell(None if m["hire_share"] is None else 100 * m["hire_share"], "{:.0f}%")]
                    for m in g.mix(filters, dimension)]
        tables.append(Table(f"mix_{dimension}", f"Applicants and hires by {title}",
                            ["Group", "Applicants", "Share of applicants", "Hires", "Share of hires"], mix_rows))
    tables.append(baseline_table(filters))
    return tables


def _share(value):
    return g.SUPPRESSED if value is None else f"{100 * value:.0f}%"


def baseline_table(filters: f.Filters) -> Table:
    """Applicants and hires against the adult social care workforce, with each figure's source."""
    rows = []
    for dimension in ("age", "sex", "ethnicity"):
        for row in g.compare(filters, dimension):
            figure = row["figure"]
            rows.append([row["label"], _share(row["applicants_share"]), _share(row["hires_share"]),
                         f"{figure.share:.0f}%", figure.period,
                         f"{figure.source}, published {figure.published:%-d %B %Y}", figure.source_url])
    return Table("baseline", "Compared with the adult social care workforce in England",
                 ["Group", "Share of applicants", "Share of hires", "Sector", "Sector figure is for",
                  "Source of the sector figure", "Source address"], rows)


def school_tables(filters: f.Filters) -> list[Table]:
    talks = select(TalkRequest.kind, TalkRequest.year_groups, TalkRequest.pupils_reached, Organisation.name) \
        .join(Organisation, Organisation.id == TalkRequest.school_id) \
        .where(TalkRequest.status == "delivered", *f._in_range(TalkRequest.delivered_at, filters),
               *f.area_condition(Organisation.postcode_district, filters))
    if filters.school is not None:
        talks = talks.where(TalkRequest.school_id == filters.school.id)
    delivered = db.session.execute(talks).all()
    by_year: dict = {}
    by_school: dict = {}
    for kind, years, reached, school in delivered:
        for year in (years or ["not recorded"]):
            entry = by_year.setdefault(str(year), [0, 0, 0, 0])
            entry[1 if kind == "visit" else 0] += 1  # every other format is an encounter (benchmark 5)
            entry[3] += reached or 0
        s = by_school.setdefault(school, [0, 0, 0])
        s[0] += 1
        s[1] += reached or 0
    for year, attended in f.school_tasters_by_year(filters).items():
        by_year.setdefault(str(year), [0, 0, 0, 0])[2] += attended
    tasters = select(Organisation.name, func.count(SignUp.id), func.sum(f.case((SignUp.attended.is_(True), 1),
                                                                                else_=0))) \
        .select_from(SignUp).join(GuardianConsent, GuardianConsent.signup_id == SignUp.id) \
        .join(Organisation, Organisation.id == GuardianConsent.school_id) \
        .where(*f._in_range(SignUp.created_at, filters),
               *f.area_condition(Organisation.postcode_district, filters)).group_by(Organisation.name)
    if filters.school is not None:
        tasters = tasters.where(GuardianConsent.school_id == filters.school.id)
    for school, _signed_up, attended in db.session.execute(tasters).all():
        by_school.setdefault(school, [0, 0, 0])[2] += int(attended or 0)
    years = sorted(by_year, key=lambda y: (not y.isdigit(), int(y) if y.isdigit() else 0))
    gatsby = Table("gatsby", "Gatsby benchmarks 5 and 6 by year group",
                   ["Year group", "Encounters with employers (benchmark 5: talks)",
                    "Experiences of workplaces (benchmark 6: visits)", "Pupils reached at those events"],
                   [[f"Year {y}" if y.isdigit() else "Not recorded", *by_year[y]] for y in years],
                   chart=[(f"Year {y}" if y.isdigit() else "Not recorded", sum(by_year[y][:3]))
                          for y in years])
    schools = Table("schools", "Schools: talks, pupils reached and tasters",
                    ["School", "Talks and visits delivered", "Pupils reached", "Taster visits attended"],
                    [[name, *v] for name, v in sorted(by_school.items())],
                    chart=[(name, v[1]) for name, v in sorted(by_school.items())])
    return [gatsby, schools]


def dashboard(filters: f.Filters, audience: str) -> list[Table]:
    if audience == "school":
        return school_tables(filters)
    with_views = audience == "admin"
    tables = [funnel_table(filters, with_views), period_table(filters, with_views), area_table(filters, with_views)]
    tables += [retention_table(filters)] + timing_tables(filters)
    tables += [referral_table(filters), referral_spread_table(filters)]
    tables += fairness_tables(filters)
    if audience == "admin":
        tables += school_tables(filters)
    return tables


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def chart(table: Table, width: int = 640, bar: int = 22):
    """Bar geometry for the server-drawn SVG chart."""
    if not table.chart:
        return None
    top = max((v for _, v in table.chart if isinstance(v, (int, float))), default=0) or 1
    label_w = 260
    bars = [{"label": label, "value": value, "y": i * (bar + 8),
             "w": max(0, int((width - label_w - 60) * (value / top))) if isinstance(value, (int, float)) else 0}
            for i, (label, value) in enumerate(table.chart)]
    return {"bars": bars, "width": width, "height": len(bars) * (bar + 8), "bar": bar, "label_w": label_w}
