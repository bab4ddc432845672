"""The README is a newcomer's map: every file or folder it names exists in a fresh clone."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Backticked things that look like repository paths: `outreach/config.py`, `content/roles/*.md`, `bin/run`.
PATH_LIKE = re.compile(r"`(\.{0,2}/?[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-*]*)+)`")
# Folders the README names inside a feature description ("`accounts/`, `admin/`"): relative to outreach/.
FEATURE_ROOTS = (ROOT, ROOT / "outreach")
# What the README says our own commands create (the database, scan tools, browser-test evidence):
# not in a clone, so each must be ignored by git.
CREATED_BY_COMMANDS = {"instance/careways.db", ".scan-venvs/", "test-artifacts/"}


def named_paths(text: str) -> list[str]:
    paths = []
    for match in PATH_LIKE.finditer(text):
        path = match.group(1)
        if path.startswith("/") and not path.startswith("./"):
            continue  # a URL on the site, such as `/careers/`
        paths.append(path)
    return paths


def exists(path: str) -> bool:
    if path.startswith("../"):
        return False  # beside a clone there is nothing of ours outside it
    path = path.removeprefix("./")
    return any(list(root.glob(path)) if "*" in path else (root / path).exists() for root in FEATURE_ROOTS)


def test_every_path_the_readme_names_exists_in_the_repository():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = named_paths(text)
    assert len(paths) > 20  # the pattern really finds the README's paths
    missing = [path for path in paths if path not in CREATED_BY_COMMANDS and not exists(path)]
    assert not missing, f"README names files that a fresh clone does not have: {missing}"


def test_the_check_notices_a_missing_file():
    assert not exists("../shared/DESIGN.md")
    assert not exists("outreach/no_such_module.py")
    assert exists("content/roles/*.md") and exists("bin/run") and exists("accounts/")


def test_what_the_commands_create_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for path in CREATED_BY_COMMANDS:
        assert any(path == rule or path.startswith(rule.rstrip("/") + "/") or path.rstrip("/") == rule.rstrip("/")
                   for rule in ignored), path
