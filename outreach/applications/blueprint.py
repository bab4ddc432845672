"""The applications blueprint; routes live in applicant_views.py and provider_views.py."""
from flask import Blueprint

bp = Blueprint("applications", __name__)
