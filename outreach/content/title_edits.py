"""Write a job title an admin approved into the content files, keeping each file as a person wrote it.

A role file's ``synonyms`` list gets one more line; ``titles_without_a_role.yaml`` gets one more
entry. The edited file must still pass the content checks and build a taxonomy; if it does not,
the original text is put back and the admin is told why.
"""
from __future__ import annotations

import re
from pathlib import Path

from outreach.domain import DomainError

NO_ROLE_FILE = "titles_without_a_role.yaml"
_SAFE_TITLE = re.compile(r"^[\w '’&/.-]+$")


class RoleFileError(DomainError):
    """The content file could not take the title (unknown role, or the edit would break the content)."""


def _quoted(title: str) -> str:
    return '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _checked(title: str) -> str:
    title = " ".join(title.split()).lower()
    if not title or len(title) > 120 or not _SAFE_TITLE.match(title):
        raise RoleFileError("This title has characters a role file cannot hold; dismiss it instead.")
    return title


def with_synonym(text: str, title: str) -> str:
    """The role file's text with ``title`` added to its front matter's ``synonyms``."""
    head, sep, body = text.partition("\n---")
    if not head.startswith("---") or not sep:
        raise RoleFileError("The role file has no front matter.")
    lines = head.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"^synonyms:\s*$", line)), None)
    if start is None:
        flow = next((i for i, line in enumerate(lines) if re.match(r"^synonyms:\s*\[", line)), None)
        if flow is not None:
            inside = lines[flow].rstrip()[:-1].rstrip()
            lines[flow] = inside + ("" if inside.endswith("[") else ",") + f" {_quoted(title)}]"
        else:
            lines.insert(len(lines), f"synonyms:\n  - {_quoted(title)}")
        return "\n".join(lines) + sep + body
    end = start + 1
    while end < len(lines) and re.match(r"^\s+-\s", lines[end]):
        end += 1
    lines.insert(end, f"  - {_quoted(title)}")
    return "\n".join(lines) + sep + body


def _known(existing: list, title: str) -> bool:
    return title in {" ".join(str(item).split()).lower() for item in existing or []}


def add_synonym(content: Path, role, title: str, check) -> bool:
    """Add ``title`` to the role's synonyms (``role`` as loaded today); False if it is already there.
    ``check(content)`` must raise on broken content; the file is restored if it does."""
    title = _checked(title)
    path = content / "roles" / f"{getattr(role, 'slug', '')}.md"
    if role is None or not re.fullmatch(r"[a-z0-9-]+", role.slug) or not path.is_file():
        raise RoleFileError("That role no longer exists.")
    original = path.read_text(encoding="utf-8")
    if _known(role.meta.get("synonyms"), title) or title == role.title.lower():
        return False
    _write_checked(path, original, with_synonym(original, title), content, check)
    return True


def add_no_role_title(content: Path, title: str, known: tuple[str, ...], check) -> bool:
    """Add ``title`` to the titles that belong to no role (``known`` today); False if it is there."""
    title = _checked(title)
    path = content / NO_ROLE_FILE
    original = path.read_text(encoding="utf-8") if path.is_file() else "titles:\n"
    if _known(list(known), title):
        return False
    text = original.rstrip("\n")
    text = re.sub(r"^titles:\s*\[\s*\]\s*$", "titles:", text, flags=re.MULTILINE)
    _write_checked(path, original, f"{text}\n  - {_quoted(title)}\n", content, check)
    return True


def _write_checked(path: Path, original: str, edited: str, content: Path, check) -> None:
    path.write_text(edited, encoding="utf-8")
    try:
        check(content)
    except Exception as error:  # any failure: the file goes back exactly as it was
        path.write_text(original, encoding="utf-8")
        raise RoleFileError(f"The content would not load with this title ({error}); nothing was changed.") from error
