"""Form submissions already acted on, so a double submit creates one thing (see outreach/submissions.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from outreach.extensions import db
from outreach.models.types import UTCDateTime


class FormSubmission(db.Model):
    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)  # sha256 of form name and nonce
    outcome: Mapped[str | None] = mapped_column(String(64))  # what the first press made, e.g. a public id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
