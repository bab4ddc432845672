"""The shortlist as a CSV file, in the order and with the filters the recruiter chose.

Cells that a spreadsheet would treat as a formula are escaped by outreach.spreadsheet.safe_cell.
Under-18s appear by first name and age band only, after the adults, with a score made without
distance (no distance figure or percentage), as on the page.
"""
from __future__ import annotations

import csv
import io

from outreach import audit
from outreach.applications import shortlist as shortlists
from outreach.domain import transaction
from outreach.spreadsheet import safe_cell

HEADER = ("Rank", "Name", "Age band", "Stage", "Applied or signed up", "Match score", "Role %", "Values %",
          "Distance %", "Availability %", "Interests %", "Distance (km)", "Did a taster with you",
          "Strongest values", "Reasons", "Not ranked because", "Scored without distance (under 18)",
          "Values questionnaire")


@transaction
def shortlist_csv(organisation, viewer, opportunity, details, filters: shortlists.Filters) -> str:
    everything = shortlists.build(organisation, viewer, opportunity, details, filters, page=1, nearby_page=1,
                                  audit_view=False, per_page=None)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for rank, row in enumerate(everything.applied.page.items, start=1):
        c = row.components
        writer.writerow([safe_cell(v) for v in (
            rank if row.ranked else "", row.name, row.age_band, row.stage_label,
            row.person.applied_at.date().isoformat() if row.person.applied_at else "",
            f"{row.total:.1f}" if row.total is not None else "", c.get("role", ""),
            c.get("values", "") if row.questionnaire_done else "",
            c.get("distance", "") if not row.minor else "", c.get("availability", ""), c.get("text", ""),
            f"{row.distance_km:.1f}" if row.distance_km is not None else "", "Yes" if row.did_taster else "No",
            ", ".join(row.top_values), "; ".join(row.reasons), "; ".join(row.not_ranked_because),
            "Yes" if row.minor else "", "Done" if row.questionnaire_done else "Not done")])
    audit.record("shortlist.exported", actor=viewer, subject=opportunity, rows=len(everything.applied.page.items),
                 minors=sum(1 for r in everything.applied.page.items if r.minor) or None)
    return out.getvalue()
