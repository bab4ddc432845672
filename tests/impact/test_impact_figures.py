"""A known set of events; every funnel figure, the fairness ratios and the under-5 suppression rule."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from outreach import clock
from outreach.extensions import db
from outreach.impact import counters, groups, service
from outreach.impact.figures import Filters, hire_sources
from outreach.impact.figures import hire_retention as f_retention
from outreach.models.accounts import User
from outreach.models.applications import Application, ApplicationStageChange
from outreach.models.impact import EqualOpportunities
from outreach.models.opportunities import Opportunity, TasterSession
from outreach.models.signups import GuardianConsent, SignUp, TasterFeedback
from tests.factories import PASSWORD, birthday_for_age, make_member, make_organisation, make_user, sign_in
from tests.pages import parse, text, texts


def person(n, age, sex=None):
    user = User(email=f"p{n}-{age}@example.com", password_hash="x", account_type="applicant", first_name="P",
                date_of_birth=birthday_for_age(age))
    db.session.add(user)
    db.session.flush()
    if sex:
        db.session.add(EqualOpportunities(user_id=user.id, sex=sex, ethnicity="prefer_not_to_say"))
    return user


def build(org):
    job = Opportunity(organisation_id=org.id, kind="job", title="Care worker", description="d", status="published")
    taster = Opportunity(organisation_id=org.id, kind="shadowing", title="Shadow", description="d",
                         status="published")
    db.session.add_all([job, taster])
    db.session.flush()
    start = clock.now() - timedelta(days=3)
    session = TasterSession(opportunity_id=taster.id, starts_at=start, ends_at=start + timedelta(hours=2), places=5,
                            places_taken=3, supervisor_name="Sam")
    db.session.add(session)
    db.session.flush()
    plan = [(20, "female", s) for s in ["hired", "offered", "interviewed", "interviewed", "shortlisted",
                                        "shortlisted", "shortlisted", "rejected", "applied", "applied"]]
    plan += [(40, "male", s) for s in ["shortlisted"] * 3 + ["applied"] * 3]
    plan += [(70, None, "shortlisted"), (70, None, "applied")]
    people = []
    for n, (age, sex, stage) in enumerate(plan):
        user = person(n, age, sex)
        people.append(user)
        app = Application(opportunity_id=job.id, user_id=user.id, stage=stage)
        db.session.add(app)
        db.session.flush()
        if stage == "rejected":  # was shortlisted first: the history counts
            db.session.add(ApplicationStageChange(application_id=app.id, from_stage="applied", to_stage="shortlisted"))
    for i, user in enumerate(people[:3]):
        signup = SignUp(session_id=session.id, user_id=user.id, status="confirmed", needs_consent=i == 0,
                        attended=i < 2)
        db.session.add(signup)
        db.session.flush()
        if i == 0:
            db.session.add(GuardianConsent(signup_id=signup.id, decision="consented"))
            db.session.add(TasterFeedback(signup_id=signup.id, author="visitor", consider_care=5))
    db.session.commit()


def test_every_figure_and_suppression(ctx):
    clock.freeze(datetime(2026, 3, 16, 12, 0, tzinfo=timezone.utc))  # mid-month: one "month by month" row
    org = make_organisation()
    build(org)
    counters.count_role_view("care-worker")
    counters.count_role_view("care-worker")
    counters.count_quiz_completion("care-worker")
    tables = {t.key: t for t in service.dashboard(Filters(), "admin")}
    funnel = {row[0]: row[1] for row in tables["funnel"].rows}
    assert funnel == {
        "Role-page views": 2, "Quiz completions": 1, "Taster sign-ups": 3, "Guardian consents (under-18s)": 1,
        "Attended a taster": 2, "Would consider a care job": 1, "Applications": 18, "Interviews": 4, "Offers": 2,
        "Hires": 1, "Hires still employed at 3 months": 0, "Hires still employed at 6 months": 0}
    conversions = {row[0]: row[2] for row in tables["funnel"].rows}
    assert conversions["Quiz completions"] == "Not a share of the step before: counts different people"
    assert conversions["Applications"] == "Not a share of the step before: counts different people"
    assert conversions["Guardian consents (under-18s)"] == "100% of under-18 sign-ups"
    assert conversions["Attended a taster"] == "67%"
    assert conversions["Offers"] == "50%"
    assert conversions["Hires still employed at 3 months"] == "no hire has reached 3 months yet"

    month = "March 2026"
    assert tables["by_month"].rows == [[month, 2, 1, 3, 2, 18, 1]]
    assert tables["by_month"].headers[1:] == ["Role-page views", "Quiz completions", "Taster sign-ups",
                                              "Attended a taster", "Applications", "Hires"]
    assert tables["by_area"].rows == [["Dorset Council", 0, 0, 3, 2, 18, 1], ["Postcode not given", 2, 1, 0, 0, 0, 0]]
    provider_view = {t.key: t for t in service.dashboard(Filters(organisation=org), "provider")}
    assert provider_view["by_month"].rows == [[month, 3, 2, 18, 1]]  # no page views for a provider

    age = {row["group"]: row for row in groups.fairness(Filters(), "age")}
    assert age["16-24"]["applied"] == 10 and [s["count"] for s in age["16-24"]["stages"]] == [8, 4, 2, 1]
    assert age["16-24"]["stages"][0]["ratio"] == 1.0 and not age["16-24"]["stages"][0]["flagged"]
    assert age["35-44"]["stages"][0]["rate"] == 0.5
    assert age["35-44"]["stages"][0]["ratio"] < 0.8 and age["35-44"]["stages"][0]["flagged"]
    assert age["65+"]["suppressed"] and age["65+"]["stages"][0]["ratio"] is None
    fair_rows = {row[0]: row for row in tables["fairness_age"].rows}
    assert fair_rows["65+"][1:] == ["fewer than 5"] * 5
    assert "below 0.8" in fair_rows["35-44"][2]

    sex = {row["group"]: row for row in groups.mix(Filters(), "sex")}
    assert sex["Female"]["applicants"] == 10 and sex["Male"]["applicants"] == 6
    assert sex["Did not answer"]["applicants"] is None  # 2 people: suppressed
    assert sex["Female"]["hires"] is None  # 1 hire: suppressed
    csv_text = service.to_csv(tables["mix_sex"])
    assert "Did not answer,fewer than 5" in csv_text

    # Filters: another area or provider type sees nothing from this provider.
    assert service.funnel_table(Filters(area="LE"), True).rows[6][1] == 0
    assert service.funnel_table(Filters(area="DT"), True).rows[6][1] == 18
    assert service.funnel_table(Filters(provider_type="home_care"), True).rows[6][1] == 0
    future = Filters(start=clock.today_uk() + timedelta(days=1))
    assert service.funnel_table(future, True).rows[6][1] == 0


def test_pages_csv_and_scoping(ctx, client):
    org = make_organisation()
    other = make_organisation("Other Care", postcode="LE11 3TU")
    build(org)
    recruiter = make_member(other, role="recruiter")
    sign_in(client, recruiter.email)
    doc = parse(client.get("/impact/provider"))
    assert doc.select("svg") and doc.select("table > caption")  # each chart has its table, with a caption
    csv_page = client.get("/impact/provider?download=funnel")
    assert csv_page.mimetype == "text/csv" and "Applications,0" in csv_page.get_data(as_text=True)
    bad = client.get("/impact/provider?start=31-02-2026&area=!!")
    assert bad.status_code == 200 and b"Enter a real date" in bad.data and b"Enter a postcode district" in bad.data


def test_admin_filters_and_equal_opportunities_form(app, ctx, client):
    org = make_organisation()
    build(org)
    admin = make_user("admin")
    sign_in(client, admin.email)
    page = client.get(f"/impact/?provider={org.public_id}&area=DT1&provider_type=care_home")
    assert page.status_code == 200 and b"Applications" in page.data
    assert client.get("/impact/?provider=nope").status_code == 200
    db.session.rollback()
    client.post("/account/sign-out")
    applicant = make_user("applicant")
    sign_in(client, applicant.email, PASSWORD)
    assert b"never used in matching" in client.get("/profile/equal-opportunities").data
    bad = client.post("/profile/equal-opportunities", data={"sex": "female"})
    assert bad.status_code == 400 and b"Choose an answer" in bad.data and b'value="female" checked' in bad.data
    assert client.post("/profile/equal-opportunities",
                       data={"sex": "prefer_not_to_say", "ethnicity": "white"}).status_code == 302
    db.session.rollback()
    assert db.session.query(EqualOpportunities).filter_by(user_id=applicant.id).one().ethnicity == "white"
    db.session.rollback()
    client.post("/profile/equal-opportunities", data={"action": "delete"})
    db.session.rollback()
    assert db.session.query(EqualOpportunities).filter_by(user_id=applicant.id).count() == 0


def test_careers_pages_count_without_cookies(ctx, client):
    from outreach import content
    from outreach.models.impact import PageViewCount

    slug = next(iter(content.current().roles))
    first = client.get(f"/careers/{slug}")
    client.get(f"/careers/{slug}?postcode=DT1")
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    db.session.rollback()
    rows = {(r.kind, r.role_slug, r.district): r.count for r in db.session.query(PageViewCount)}
    assert rows == {("role_view", slug, ""): 1, ("role_view", slug, "DT1"): 1}
    client.get(f"/careers/{slug}")
    db.session.rollback()
    assert db.session.query(PageViewCount).filter_by(district="").one().count == 2


def test_totals_across_roles_follow_the_per_role_counts(ctx):
    from outreach.impact import counters
    from outreach.models.impact import PageViewTotal

    for slug, district in (("care-worker", "DT1"), ("nurse", "DT1"), ("nurse", ""), ("care-worker", "DT1")):
        counters.count_role_view(slug, type("Place", (), {"district": district})())
    counters.count_quiz_completion("nurse")
    totals = {(r.kind, r.district): r.count for r in db.session.query(PageViewTotal)}
    assert totals == {("role_view", "DT1"): 3, ("role_view", ""): 1, ("quiz", ""): 1}
    assert counters.rebuild_totals() == 3  # a rebuild from the per-role rows gives the same
    assert {(r.kind, r.district): r.count for r in db.session.query(PageViewTotal)} == totals


def test_quiz_result_counts_one_completion(ctx, client):
    from outreach import content
    from outreach.careers import quiz
    from outreach.models.impact import PageViewCount

    questions = content.current().quiz
    code = quiz.encode(questions, {q["id"]: q["options"][0]["id"] for q in questions["questions"]})
    assert client.get(f"/careers/quiz/result?a={code}").status_code == 200
    assert client.get("/careers/quiz/result?a=broken").status_code == 200  # not a valid result: not counted
    db.session.rollback()
    assert sum(r.count for r in db.session.query(PageViewCount).filter_by(kind="quiz")) == 1


def test_school_gatsby_evidence_timings_and_sources(ctx, client):
    from outreach.models.schools import TalkRequest

    org = make_organisation()
    build(org)
    school = make_organisation("Hill School", kind="school")
    other_school = make_organisation("Vale School", kind="school")
    today = clock.today_uk()
    for school_org, kind, years, reached in [(school, "talk", [9, 10], 60), (school, "visit", [10], 8),
                                             (other_school, "talk", [11], 30)]:
        db.session.add(TalkRequest(school_id=school_org.id, kind=kind, year_groups=years, first_choice=today,
                                   pupils_expected=reached, topics="Care", status="delivered",
                                   pupils_reached=reached, delivered_at=clock.now()))
    db.session.add(TalkRequest(school_id=school.id, kind="talk", year_groups=[9], first_choice=today,
                               pupils_expected=20, topics="Care", status="open"))  # not delivered: not counted
    # Two pupils attend a taster in March 2026; only one guardian named the school.
    taster = Opportunity(organisation_id=org.id, kind="shadowing", title="Pupil taster", description="d",
                         status="published")
    db.session.add(taster)
    db.session.flush()
    start = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
    session = TasterSession(opportunity_id=taster.id, starts_at=start, ends_at=start + timedelta(hours=2), places=4,
                            places_taken=2, supervisor_name="Sam")
    db.session.add(session)
    db.session.flush()
    for n, named_school in enumerate((school, None)):
        pupil = User(email=f"pupil{n}@example.com", password_hash="x", account_type="pupil", first_name="Pip",
                     date_of_birth=date(2011, 10, 1))  # Year 9 in March 2026
        db.session.add(pupil)
        db.session.flush()
        signup = SignUp(session_id=session.id, user_id=pupil.id, status="confirmed", needs_consent=True,
                        attended=True)
        db.session.add(signup)
        db.session.flush()
        db.session.add(GuardianConsent(signup_id=signup.id, decision="consented",
                                       school_id=named_school.id if named_school else None))
    db.session.commit()
    tables = {t.key: t for t in service.school_tables(Filters(school=school))}
    assert tables["gatsby"].rows == [["Year 9", 1, 0, 1, 60], ["Year 10", 1, 1, 0, 68]]
    assert tables["schools"].rows == [["Hill School", 2, 68, 1]]
    member = make_member(school, role="owner")
    sign_in(client, member.email)
    download = client.get("/impact/school?download=gatsby")
    assert download.mimetype == "text/csv" and "Year 10,1,1,0,68" in download.get_data(as_text=True)
    assert "Vale" not in client.get("/impact/school").get_data(as_text=True)

    timing = {row[0]: row[1:] for row in service.timing_tables(Filters())[0].rows}
    assert timing["From first attended taster to applying"][1] == 2  # the two who attended applied after
    assert timing["From applying to being hired"][1] == 1
    assert dict(hire_sources(Filters())) == {"Taster": 1, "Referral": 0, "Matching suggestion": 0, "Direct": 0}


def test_view_counts_are_buffered_per_worker_and_flushed(app, client):
    from sqlalchemy import func, select

    from outreach.impact import counters
    from outreach.models.impact import PageViewCount

    app.config["BUFFER_VIEW_COUNTS"] = True
    for _ in range(3):
        assert client.get("/careers/care-worker").status_code == 200
    with app.app_context():
        counters.flush()
        total = db.session.execute(select(func.sum(PageViewCount.count)).where(
            PageViewCount.kind == "role_view", PageViewCount.role_slug == "care-worker")).scalar()
    assert total == 3


def test_compared_with_the_sector_and_its_suppression(ctx):
    build(make_organisation())
    compared = {row["label"]: row for dim in ("age", "sex", "ethnicity") for row in groups.compare(Filters(), dim)}
    under_25 = compared["Aged under 25"]
    assert under_25["applicants"] == 10 and round(under_25["applicants_share"], 3) == round(10 / 18, 3)
    assert under_25["hires"] is None and under_25["hires_share"] is None  # 1 hire: suppressed
    assert under_25["sector"] == 8
    assert compared["Aged 55 or over"]["applicants"] is None  # 2 people aged 70: suppressed
    men = compared["Men"]  # 2 did not answer: left out of the share
    assert men["applicants"] == 6 and men["applicants_known"] == 16 and men["applicants_share"] == 6 / 16
    # Everyone preferred not to say their ethnic group: nothing known, nothing shown.
    assert compared["Black, Asian, mixed or other ethnic groups"]["applicants_share"] is None
    table = service.baseline_table(Filters())
    rows = {row[0]: row for row in table.rows}
    assert rows["Aged under 25"][1:4] == ["56%", "fewer than 5", "8%"]
    assert rows["Men"][1] == "38%" and rows["Men"][3] == "22%" and rows["Men"][4] == "2024/25"
    assert all(row[6].startswith("https://") and row[5] for row in table.rows)  # every figure has its source


def test_local_authority_filter(ctx, client):
    org = make_organisation()  # Dorchester, DT1
    build(org)
    assert org.postcode_district.startswith("DT")
    applications = lambda args: service.funnel_table(service.parse_filters(args), True).rows[6][1]  # noqa: E731
    assert applications({"la": "dorset"}) == 18
    assert applications({"la": "leicester"}) == 0
    assert applications({"la": "dorset", "area": "LE"}) == 0  # both must hold
    bad = service.parse_filters({"la": "atlantis"})
    assert bad.errors == {"la": "Choose a local authority area from the list"} and bad.local_authority is None
    admin = make_user("admin")
    sign_in(client, admin.email)
    page = client.get("/impact/?la=atlantis")
    assert page.status_code == 200 and b"Choose a local authority area from the list" in page.data
    doc = parse(client.get("/impact/?la=dorset"))
    assert texts(doc, 'select[name="la"] option[selected]') == ["Dorset Council"]
    assert doc.select_one('select[name="la"] option[selected]')["value"] == "dorset"
    assert "Compared with the adult social care workforce in England" in text(doc)
    assert doc.select_one('a[href="https://www.parliamenttoday.com/free/viewnews.html?id=168530"]')


def test_area_and_baseline_files_are_checked(tmp_path):
    from outreach.content.reference import load_areas, load_baseline
    from outreach.impact import reference

    areas = {a.slug: a for a in reference.areas()}
    for district, slug in (("DT1", "dorset"), ("BH20", "dorset"), ("ST16", "staffordshire"),
                           ("LE11", "leicestershire"), ("LE1", "leicester"), ("ST4", "stoke-on-trent")):
        assert district in areas[slug].districts  # the demo organisations' districts
    bad_area = tmp_path / "areas.yaml"
    bad_area.write_text("areas:\n  - {slug: a, name: A, districts: [DT1, ZZ99]}\n")
    with pytest.raises(ValueError, match="ZZ99"):
        load_areas(bad_area)
    bad_area.write_text("areas:\n  - {slug: a, name: A, districts: [DT1]}\n  - {slug: b, name: B, districts: [DT1]}\n")
    with pytest.raises(ValueError, match="both A and B"):
        load_areas(bad_area)
    bad_baseline = tmp_path / "baseline.yaml"
    row = ("baseline:\n  - {dimension: age, label: Young, groups: [%s], share: 8, period: '2024/25', "
           "published: 2025-10-15, source: %s, source_url: 'https://example.org'}\n")
    bad_baseline.write_text(row % ('"16-24"', "''"))
    with pytest.raises(ValueError, match="source is required"):
        load_baseline(bad_baseline)
    bad_baseline.write_text(row % ('"35-49"', "Somebody"))
    with pytest.raises(ValueError, match="35-49"):
        load_baseline(bad_baseline)
    bad_baseline.write_text(row % ('"16-24"', "Somebody"))
    assert load_baseline(bad_baseline)[0].share == 8


def test_school_year_groups():
    from outreach.impact.figures import school_year

    assert school_year(date(2011, 10, 1), date(2026, 3, 2)) == 9
    assert school_year(date(2011, 8, 31), date(2026, 3, 2)) == 10  # oldest in the year above
    assert school_year(date(2011, 9, 1), date(2026, 3, 2)) == 9  # 1 September birthdays are the oldest in Year 9
    assert school_year(date(2011, 10, 1), date(2026, 9, 1)) == 10  # a new school year
    assert school_year(date(2020, 1, 1), date(2026, 3, 2)) is None  # primary age: not a Gatsby year here


def test_age_band_is_the_age_when_the_person_applied(ctx):
    from outreach.impact.figures import cube_by

    org = make_organisation()
    job = Opportunity(organisation_id=org.id, kind="job", title="Care worker", description="d", status="published")
    db.session.add(job)
    db.session.flush()
    two_years_ago = clock.now() - timedelta(days=2 * 365 + 30)
    for n, (age, applied_at) in enumerate([(26, two_years_ago), (26, clock.now()), (24, clock.now())]):
        user = person(100 + n, age)
        db.session.add(Application(opportunity_id=job.id, user_id=user.id, stage="applied", created_at=applied_at))
    applied = datetime(2026, 6, 15, 11, 0, tzinfo=timezone.utc)
    for n, born in enumerate((date(2001, 6, 15), date(2001, 6, 16))):  # 25 that day / 25 the next day
        user = User(email=f"edge{n}@example.com", password_hash="x", account_type="applicant", first_name="E",
                    date_of_birth=born)
        db.session.add(user)
        db.session.flush()
        db.session.add(Application(opportunity_id=job.id, user_id=user.id, stage="applied", created_at=applied))
    db.session.commit()
    bands = {row[0]: row[1] for row in cube_by(Filters(), 0)}
    assert bands == {"16-24": 3, "25-34": 2}  # 26 today, but 24 when they applied two years ago


def test_referral_figures(ctx):
    from outreach.impact.referral_figures import referrals
    from outreach.models.referrals import PointsEntry
    from tests.referrals.factories import make_lead, provider_team

    org, owner, _recruiter, staff = provider_team()
    other, other_owner, _r, _s = provider_team("Vale Care", postcode="LE11 3TU", prefix="b")
    hired_at = clock.now() - timedelta(days=100)
    leads = [make_lead(org, staff, name="Ann A", email="a@example.com"),
             make_lead(org, staff, name="Ben B", email="b@example.com", stage="hired", hired_at=hired_at),
             make_lead(org, staff, name="Cat C", email="c@example.com", stage="employed_3m", hired_at=hired_at),
             make_lead(org, owner, name="Dev D", email="d@example.com", stage="applied"),
             make_lead(other, other_owner, name="Eve E", email="e@example.com", stage="hired", hired_at=hired_at)]
    for lead in leads[:2]:
        lead.new_to_care = True
    db.session.add_all([PointsEntry(organisation_id=org.id, user_id=staff.id, lead_id=leads[1].id, points=100,
                                    reason="stage:hired"),
                        PointsEntry(organisation_id=org.id, user_id=staff.id, lead_id=leads[0].id, points=50,
                                    reason="share")])
    db.session.commit()
    mine = referrals(Filters(organisation=org))
    assert mine["leads"] == 4 and mine["referrers"] == 2 and mine["new_to_care"] == 2 and mine["points"] == 150
    assert mine["reached"] == {"new": 4, "contacted": 3, "applied": 3, "interviewed": 2, "hired": 2,
                               "employed_3m": 1, "employed_6m": 0}
    assert mine["leads_per_referrer"] == 2.0
    assert dict(mine["spread"]) == {"1 friend": 1, "2 or 3 friends": 1, "4 to 9 friends": 0, "10 or more friends": 0}
    table = {row[0]: row[1:] for row in service.referral_table(Filters(organisation=org)).rows}
    assert table["Hired"] == [2, "50%"] and table["New to care"] == [2, "50%"]
    assert referrals(Filters())["leads"] == 5 and referrals(Filters(area="LE"))["leads"] == 1
    spread = service.referral_spread_table(Filters(organisation=org))
    assert spread.rows[0] == ["1 friend", 1, "50%"] and all("@" not in str(cell) for r in spread.rows for cell in r)


def test_hires_still_employed_at_3_and_6_months_and_referral_sources(ctx):
    from outreach.models.applications import EmploymentCheck
    from outreach.models.referrals import Lead
    from tests.referrals.factories import make_lead

    now = datetime(2026, 9, 15, 12, 0, tzinfo=timezone.utc)
    clock.freeze(now)
    org = make_organisation()
    job = Opportunity(organisation_id=org.id, kind="job", title="Care worker", description="d", status="published")
    db.session.add(job)
    db.session.flush()
    plan = [(210, {"3m": True, "6m": True}), (210, {"3m": True, "6m": False}), (120, {"3m": True}),
            (120, {"3m": False}), (120, {}), (30, {})]  # days since hired, answers given
    apps = []
    for n, (days, answers) in enumerate(plan):
        hired_at = now - timedelta(days=days)
        app = Application(opportunity_id=job.id, user_id=person(200 + n, 30).id, stage="hired",
                          created_at=hired_at - timedelta(days=20), hired_at=hired_at)
        db.session.add(app)
        db.session.flush()
        apps.append(app)
        for milestone, still in answers.items():
            db.session.add(EmploymentCheck(application_id=app.id, milestone=milestone, still_employed=still,
                                           answered_at=now))
    db.session.commit()
    kept = f_retention(Filters())
    assert kept == {"hired": 6, "reached_3m": 5, "reached_6m": 2, "answered_3m": 4, "answered_6m": 2,
                    "employed_3m": 3, "employed_6m": 1}
    rows = {row[0]: row[1:] for row in service.funnel_table(Filters(), False).rows}
    assert rows["Hires still employed at 3 months"] == [
        3, "75% of the 4 hires asked about at 3 months (1 more not answered yet)"]
    assert rows["Hires still employed at 6 months"] == [1, "50% of the 2 hires asked about at 6 months"]
    assert service._retention_note(1, 1, 1, 3) == "100% of the 1 hire asked about at 3 months"
    assert service._retention_note(0, 0, 1, 6) == "not answered yet for the 1 hire 6 months in"
    table = {row[0]: row[1:] for row in service.retention_table(Filters()).rows}
    assert table["Still employed at 3 months"] == [3, "75%"] and table["Hired at least 6 months ago"] == [2, "33%"]
    assert f_retention(Filters(area="LE"))["hired"] == 0
    timing = {row[0]: row[1:] for row in service.timing_tables(Filters())[0].rows}
    assert timing["From applying to being hired"] == [20.0, 6]  # from when each was first hired

    # One hire came through a friend's recommendation; another friend was hired off the site.
    linked = make_lead(org, name="Bo B", email="bo@example.com", stage="hired", hired_at=now)
    linked.application_id = apps[1].id
    make_lead(org, name="Cy C", email="cy@example.com", stage="hired", hired_at=now)
    db.session.commit()
    sources = dict(hire_sources(Filters()))
    assert sources == {"Taster": 0, "Referral": 2, "Matching suggestion": 0, "Direct": 5}
    assert db.session.query(Lead).count() == 2
