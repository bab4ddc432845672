"""Pages of a list already in memory (search results ranked in Python), shaped like Flask-SQLAlchemy's
pagination so the same pager template serves both."""
from __future__ import annotations

import math
from dataclasses import dataclass

PER_PAGE = 10


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate(items: list, page: int, per_page: int = PER_PAGE) -> Page:
    """The ``page``-th slice of ``items`` (pages below 1 read as 1)."""
    page = max(1, page)
    return Page(items[(page - 1) * per_page: page * per_page], page, per_page, len(items))
