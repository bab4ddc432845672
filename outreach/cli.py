"""Command-line tools: ``flask --app wsgi demo load | users create-admin | jobs ... | serve``."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from outreach.extensions import db

demo = AppGroup("demo", help="Demo data for development.")
users = AppGroup("users", help="Manage accounts.")
jobs = AppGroup("jobs", help="Scheduled jobs.")


@demo.command("load")
@click.option("--force", is_flag=True, help="Load even in production (never do this for real).")
def demo_load(force):
    """Load demo providers, a school, one account of every type, tasters, vacancies and applications
    (idempotent)."""
    if current_app.config["ENV_NAME"] == "production" and not force:
        raise click.ClickException("Refusing to load demo accounts in production")
    from outreach.demo_data import accounts as demo_data
    from outreach.demo_data.applications import load_demo_vacancies
    from outreach.demo_data.tasters import load_demo_tasters

    first_new_email = demo_data.next_outbox_id()
    created = demo_data.load()
    tasters = load_demo_tasters()
    added = load_demo_vacancies()
    demo_data.mark_history_emails_sent(first_new_email)
    click.echo(f"Demo data ready ({created['organisations']} organisations, {created['accounts']} accounts, "
               f"{tasters['tasters']} tasters and {tasters['sessions']} taster sessions added; "
               f"{added['vacancies']} vacancies, {added['applicants']} demo applicants and "
               f"{added['applications']} applications added).")


@users.command("create-admin")
@click.argument("email")
@click.option("--first-name", default="Admin")
@click.password_option()
def create_admin(email, first_name, password):
    """Create a platform admin account (there is no default admin)."""
    from outreach.accounts import service

    if service.find_user(email):
        raise click.ClickException("That email already has an account")
    from outreach.passwords import password_problem

    problem = password_problem(password, email=email)
    if problem:
        raise click.ClickException(problem)
    service.create_user(account_type="admin", email=email, password=password, first_name=first_name, verified=True)
    db.session.commit()
    click.echo(f"Created admin {email}")


@jobs.command("list")
def jobs_list():
    """Show each job, its schedule and its last run."""
    from outreach.jobs.registry import JOBS
    from outreach.jobs.runner import last_runs

    runs = last_runs()
    for job in JOBS.values():
        run = runs.get(job.name)
        last = (f"last run {run.started_at:%Y-%m-%d %H:%M:%S} UTC, {run.processed} processed, "
                f"{run.failures} failures" if run else "never run")
        click.echo(f"{job.name:<26} {job.schedule_text:<36} {last}\n    {job.description}")


@jobs.command("run-once")
@click.argument("name", default="all")
def jobs_run_once(name):
    """Run one job (or all) once now and exit; for cron or manual use."""
    from outreach.jobs.registry import JOBS
    from outreach.jobs.runner import run_job

    names = list(JOBS) if name == "all" else [name]
    for job_name in names:
        if job_name not in JOBS:
            raise click.ClickException(f"No job called {job_name}. Try: {', '.join(JOBS)}")
        result = run_job(job_name)
        click.echo(f"{job_name}: {result.processed} processed, {result.emails_queued} emails queued, "
                   f"{result.failures} failures")


@jobs.command("run")
@click.option("--quiet", is_flag=True, help="No start-up line (flask serve prints its own).")
def jobs_run(quiet):
    """Run the scheduler in this process until stopped (one per deployment)."""
    from outreach.jobs.runner import run_scheduler

    if not quiet:
        click.echo("Scheduler running. Press Ctrl-C to stop.")
    run_scheduler(current_app._get_current_object())


@click.command("serve")
@click.option("--workers", default=2, show_default=True)
def serve(workers):
    """Serve the site with gunicorn and run the scheduler beside it, stopping both on Ctrl-C."""
    port = os.environ.get("PORT", "8000")
    host = os.environ.get("HOST", "127.0.0.1")
    address = f"http://{host}:{port}"
    bin_dir = os.path.dirname(sys.executable)
    web = subprocess.Popen([os.path.join(bin_dir, "gunicorn"), "wsgi:app", "--bind", f"{host}:{port}",
                            "--workers", str(workers), "--access-logfile", "-", "--graceful-timeout", "5",
                            "--log-level", "warning", "--logger-class", "outreach.serving.DevelopmentAccessLogger"])
    scheduler = subprocess.Popen([os.path.join(bin_dir, "flask"), "--app", "wsgi", "jobs", "run", "--quiet"])
    children = [web, scheduler]

    stopping = False

    def stop(signum=None, frame=None):
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        if _wait_until_answering(address + "/healthz", web):
            click.echo(_ready_banner(address), nl=False)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        deadline = time.time() + 10
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                child.kill()
    codes = [child.returncode for child in children]
    click.echo("CareWays stopped.")
    sys.exit(0 if stopping else max(abs(c or 0) for c in codes) or 1)


def _wait_until_answering(url: str, web: subprocess.Popen, seconds: float = 30) -> bool:
    import urllib.request

    deadline = time.time() + seconds
    while time.time() < deadline and web.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _ready_banner(address: str) -> str:
    """What a newcomer needs first: where to look and how to sign in."""
    from sqlalchemy import select

    from outreach.demo_data import accounts as demo_data
    from outreach.models.accounts import User

    has_demo = db.session.execute(
        select(User.id).where(User.email == demo_data.DEMO_ACCOUNTS_EXAMPLE)
    ).first() is not None
    db.session.remove()
    rule = "=" * 72
    lines = ["", rule, f"  CareWays is running: open {address}"]
    if has_demo:
        lines += [f"  Demo accounts all use the password: {demo_data.DEMO_PASSWORD}",
                  "  For example pupil@careways.example, applicant@careways.example,",
                  "  recruiter@fordington.example or admin@careways.example (README lists them all)."]
    lines += ["  Emails are printed here in boxes. Ctrl-C stops the site and the scheduler.", rule, ""]
    return "\n".join(lines) + "\n"


def register(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(users)
    app.cli.add_command(jobs)
    app.cli.add_command(serve)
