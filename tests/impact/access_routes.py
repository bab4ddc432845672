from tests.access import APPROVED_ONLY, RECRUITERS, only

ROUTES = {
    "impact.admin": ("GET", "/impact/", only(("admin",))),
    "impact.provider": ("GET", "/impact/provider", only(RECRUITERS)),
    "impact.school": ("GET", "/impact/school", only(("school",))),
    "impact.equal_opportunities": ("GET", "/profile/equal-opportunities", only(("applicant",))),
}

ORG_STATUS = {"impact.provider": APPROVED_ONLY, "impact.school": APPROVED_ONLY}
