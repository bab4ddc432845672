from tests.access import APPROVED_ONLY, RECRUITERS, SETUP, only

SCHOOL = ("school",)

ROUTES = {
    "schools.school_requests": ("GET", "/schools/talks", only(SCHOOL)),
    "schools.new_request": ("GET", "/schools/talks/new", only(SCHOOL)),
    "schools.cancel_request": ("POST", "/schools/talks/nope/cancel", only(SCHOOL, ok=404)),
    "schools.widen_request": ("POST", "/schools/talks/nope/widen", only(SCHOOL, ok=404)),
    "schools.ambassador_settings": ("GET", "/providers/ambassador", only(RECRUITERS)),
    "schools.provider_requests": ("GET", "/providers/talk-requests", only(RECRUITERS)),
    "schools.accept_request": ("POST", "/providers/talk-requests/nope/accept", only(RECRUITERS, ok=404)),
    "schools.mark_delivered": ("POST", "/providers/talk-requests/nope/delivered", only(RECRUITERS, ok=302)),
}

# Talk requests email providers and schools: approved organisations only. A provider may set up
# its ambassador profile while pending (schools only see approved providers).
ORG_STATUS = {
    "schools.school_requests": APPROVED_ONLY,
    "schools.new_request": APPROVED_ONLY,
    "schools.cancel_request": APPROVED_ONLY,
    "schools.widen_request": APPROVED_ONLY,
    "schools.ambassador_settings": SETUP,
    "schools.provider_requests": APPROVED_ONLY,
    "schools.accept_request": APPROVED_ONLY,
    "schools.mark_delivered": APPROVED_ONLY,
}
