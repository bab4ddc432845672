"""Application pages: applicants (applicant_views) and recruiters (provider_views)."""
from outreach.applications import applicant_views, provider_views  # noqa: F401 - register routes
from outreach.applications.blueprint import bp  # noqa: F401
