from tests.access import RECRUITERS, only

SCHOOL = ("school",)

ROUTES = {
    "schools.school_requests": ("GET", "/schools/talks", only(SCHOOL)),
    "schools.new_request": ("GET", "/schools/talks/new", only(SCHOOL)),
    "schools.cancel_request": ("POST", "/schools/talks/nope/cancel", only(SCHOOL, ok=404)),
    "schools.ambassador_settings": ("GET", "/providers/ambassador", only(RECRUITERS)),
    "schools.provider_requests": ("GET", "/providers/talk-requests", only(RECRUITERS)),
    "schools.accept_request": ("POST", "/providers/talk-requests/nope/accept", only(RECRUITERS, ok=404)),
    "schools.mark_delivered": ("POST", "/providers/talk-requests/nope/delivered", only(RECRUITERS, ok=302)),
}
