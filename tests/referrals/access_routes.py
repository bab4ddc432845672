"""Who may use each recommend-a-friend, unsubscribe and provider jobs page."""
from tests.access import APPROVED_ONLY, PROVIDERS, RECRUITERS, everyone, only, override

ROUTES = {
    "referrals.landing": ("GET", "/r/{referral_code_a}", everyone(200)),
    "referrals.thanks": ("GET", "/r/{referral_code_a}/thanks", everyone(200)),
    "referrals.respond": ("GET", "/referrals/respond/{lead_answer_token}", everyone(200)),
    "referrals.responded": ("GET", "/referrals/respond/{lead_answer_token}/done", everyone(302)),
    "referrals.mine": ("GET", "/referrals/", only(PROVIDERS)),
    "referrals.qr": ("GET", "/referrals/{referral_code_a}/qr.svg", override(only(PROVIDERS), recruiter_b=404)),
    "referrals.make_link": ("POST", "/referrals/links", only(PROVIDERS, ok=302)),
    "referrals.leaderboard": ("POST", "/referrals/leaderboard", only(PROVIDERS, ok=302)),
    "referrals.recommend": ("GET", "/referrals/recommend", only(PROVIDERS)),
    "referrals.lead_list": ("GET", "/referrals/leads", only(RECRUITERS)),
    "referrals.lead_detail": ("GET", "/referrals/leads/{lead_a}", override(only(RECRUITERS), recruiter_b=404)),
    "referrals.still_employed": ("POST", "/referrals/leads/{lead_a}/still-employed",
                                 override(only(RECRUITERS, ok=400), recruiter_b=404)),
    "referrals.settings": ("GET", "/referrals/settings", only(RECRUITERS)),
    "mail.unsubscribe_page": ("GET", "/unsubscribe/not-a-real-token", everyone(400)),
    "provider_jobs.provider_status": ("GET", "/organisation/jobs", only(("owner_a",))),
}


def make_objects(ids):
    from tests.referrals.factories import make_lead, make_link

    staff = ids["user:staff_a"]
    link = make_link(staff)
    lead = make_lead(staff.organisation, staff, link=link)
    from outreach.referrals.leads import response_token

    waiting = make_lead(staff.organisation, staff, email="waiting@example.com", confirmed=False, source="staff_entry")
    return {"referral_code_a": link.code, "lead_a": lead.public_id, "lead_answer_token": response_token(waiting)}


# Recommend-a-friend (links, QR codes, staff entry, leads) and the email log: approved providers only.
ORG_STATUS = {endpoint: APPROVED_ONLY for endpoint in (
    "referrals.mine", "referrals.qr", "referrals.make_link", "referrals.leaderboard", "referrals.recommend",
    "referrals.lead_list", "referrals.lead_detail", "referrals.still_employed", "referrals.settings",
    "provider_jobs.provider_status",
)}
