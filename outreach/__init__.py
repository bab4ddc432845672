"""CareWays: careers outreach and recruitment matching for UK adult social care."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None) -> Flask:
    """Build the app. ``config`` is a config object or class; by default read from the environment."""
    from outreach.config import config_from_env

    if config is None:
        config = config_from_env()
    elif isinstance(config, type):
        config = config()

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(Path(__file__).parent / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config)
    from outreach.untrusted_text import CleanConverter, CleanRequest

    app.request_class = CleanRequest
    app.url_map.converters["default"] = app.url_map.converters["string"] = CleanConverter

    register_extensions(app)
    register_blueprints(app)
    register_templates(app)

    from outreach import cli, error_pages, security

    error_pages.register(app)
    security.register(app)
    from outreach import content

    content.init_app(app)
    cli.register(app)
    return app


def register_extensions(app: Flask) -> None:
    from outreach.database import configure_engine, sqlite_engine_options
    from outreach.extensions import csrf, db, login_manager, migrate

    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.update(sqlite_engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    import outreach.models  # noqa: F401 - register every table

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        from outreach.accounts import sessions

        return sessions.load(token)


def register_blueprints(app: Flask) -> None:
    from outreach.accounts.views import bp as accounts
    from outreach.admin.views import bp as admin
    from outreach.api.views import bp as api
    from outreach.applications.views import bp as applications
    from outreach.careers.views import bp as careers
    from outreach.impact.views import bp as impact
    from outreach.jobs.views import bp as jobs
    from outreach.jobs.views import provider_bp as provider_jobs
    from outreach.mail.views import bp as mail
    from outreach.main.views import bp as main
    from outreach.organisations.views import bp as organisations
    from outreach.privacy.views import bp as privacy
    from outreach.questionnaire.views import bp as questionnaire
    from outreach.referrals.views import bp as referrals
    from outreach.safeguarding.views import bp as safeguarding
    from outreach.schools.views import bp as schools
    from outreach.tasters.views import bp as tasters
    from outreach.title_learning.views import bp as titles
    from outreach.vacancies.search_views import bp as job_search
    from outreach.vacancies.views import bp as vacancies

    for blueprint in (main, accounts, organisations, admin, jobs, careers, schools, safeguarding, privacy,
                      questionnaire, tasters, api, referrals, mail, provider_jobs, vacancies, job_search, applications,
                      impact, titles):
        app.register_blueprint(blueprint)


def register_templates(app: Flask) -> None:
    from flask_login import current_user

    from outreach import clock
    from outreach.permissions import roles_of

    @app.context_processor
    def globals_for_templates():
        return {"site_name": app.config["SITE_NAME"], "roles": roles_of(current_user)}

    from outreach.questionnaire.timing import current_minutes

    app.add_template_global(current_minutes, "questionnaire_minutes")

    @app.template_filter("uk_datetime")
    def uk_datetime(value):
        if value is None:
            return ""
        return clock.to_uk(value).strftime("%-d %b %Y, %H:%M")

    @app.template_filter("sentence")
    def sentence(value):
        """A stored code such as ``pending_consent`` as sentence-case words: "Pending consent"."""
        text = str(value or "").replace("_", " ").strip()
        return text[:1].upper() + text[1:]

    @app.template_filter("uk_date")
    def uk_date(value):
        if value is None:
            return ""
        if hasattr(value, "hour"):
            value = clock.to_uk(value)
        return value.strftime("%-d %B %Y")
