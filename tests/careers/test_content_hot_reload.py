"""One content snapshot for every reader: an edited role reaches every role picker without a restart."""
from __future__ import annotations

import re
import time

from outreach import content, matching_adapter
from tests.factories import sign_in, use_content_copy
from tests.referrals.factories import make_link, provider_team
from tests.tasters.factories import make_provider

RENAMED = "Care worker (renamed)"
NEW_ROLE = "care-companion"


def _add_role(folder) -> None:
    """A new role: a copy of the care worker's explainer under a new slug, in the care-worker family."""
    text = (folder / "roles" / "care-worker.md").read_text(encoding="utf-8")
    text = text.replace("slug: care-worker", f"slug: {NEW_ROLE}").replace("title: Care worker", "title: Care companion")
    synonyms = "synonyms:\n  - companion carer\n  - befriender\n  - companion for older people\n  - sitting service\n"
    text = re.sub(r"synonyms:\n.*?(?=pay:)", synonyms, text, count=1, flags=re.S)
    (folder / "roles" / f"{NEW_ROLE}.md").write_text(text, encoding="utf-8")
    families = folder / "role_families.yaml"
    listed = families.read_text(encoding="utf-8").replace("- care-worker", f"- care-worker\n    - {NEW_ROLE}", 1)
    families.write_text(listed, encoding="utf-8")


def _pages(client, link_code: str) -> dict[str, str]:
    """Every page that lists the roles."""
    return {
        "taster form": client.get("/tasters/manage/new").get_data(as_text=True),
        "vacancy form": client.get("/vacancies/manage/new").get_data(as_text=True),
        "referral picker": client.get(f"/r/{link_code}").get_data(as_text=True),
        "careers list": client.get("/careers/").get_data(as_text=True),
        "roles API": client.get("/api/v1/roles").get_data(as_text=True),
    }


def _engine_and_api(app, client) -> tuple[str, str | None, str]:
    """What the matching adapter makes of the new slug, and what the API says "companion carer" and
    "carer" mean."""
    with app.app_context():
        adapter_role = matching_adapter.role_for(NEW_ROLE)
    companion = client.get("/api/v1/roles/normalise?title=companion+carer").get_json()["role"]
    carer = client.get("/api/v1/roles/normalise?title=carer").get_json()["role"]
    return adapter_role, companion and companion["slug"], carer["title"]


def test_a_role_edit_reaches_every_role_picker_without_a_restart(app, client, tmp_path, monkeypatch):
    folder = use_content_copy(app, tmp_path, monkeypatch)  # as if started with CONTENT_DIR; no recheck delay
    with app.app_context():
        organisation, recruiter = make_provider()
        recruiter_email = recruiter.email
        _, owner, _, _ = provider_team(name="Purbeck Care", postcode="BH20 4DY", prefix="r")
        code = make_link(owner).code
    sign_in(client, recruiter_email)

    assert _engine_and_api(app, client) == (matching_adapter.FALLBACK_ROLE, None, "Care worker")
    for name, page in _pages(client, code).items():
        assert "Care worker" in page and RENAMED not in page and "Care companion" not in page, name

    _add_role(folder)
    role_file = folder / "roles" / "care-worker.md"
    role_file.write_text(role_file.read_text(encoding="utf-8").replace("title: Care worker", f"title: {RENAMED}"),
                         encoding="utf-8")
    time.sleep(0.01)

    assert _engine_and_api(app, client) == (NEW_ROLE, NEW_ROLE, RENAMED)
    for name, page in _pages(client, code).items():
        assert RENAMED in page, f"{name} still shows the old title"
        assert "Care companion" in page, f"{name} does not offer the new role"
    with app.app_context():
        assert content.role_title("care-worker") == RENAMED
        assert content.role_titles()[NEW_ROLE] == "Care companion"
