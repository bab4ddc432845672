"""Taster pages: finding (public_views), signing up (visitor_views), posting and running
tasters (manage_views) and approving first-time posts (admin_views)."""
from outreach.tasters import admin_views, manage_views, public_views, visitor_views  # noqa: F401
from outreach.tasters.blueprint import bp  # noqa: F401
