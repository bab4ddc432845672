"""The tasters blueprint; its routes live in the *_views modules imported by views.py."""
from flask import Blueprint

bp = Blueprint("tasters", __name__)
