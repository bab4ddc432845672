from tests.access import everyone, only

ROUTES = {
    "safeguarding.report": ("GET", "/report-a-concern", everyone(200)),
    "safeguarding.thanks": ("GET", "/report-a-concern/thanks", everyone(200)),
    "safeguarding.concerns": ("GET", "/admin/concerns", only(("admin",))),
    "safeguarding.mark_handled": ("POST", "/admin/concerns/nope/handled", only(("admin",), ok=404)),
}
