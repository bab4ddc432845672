"""WSGI entry point: ``gunicorn wsgi:app``."""
from outreach import create_app
from outreach.serving import hide_server_banner

hide_server_banner()
app = create_app()
