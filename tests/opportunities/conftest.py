import pytest

from outreach import clock
from tests.tasters.factories import MONDAY_10AM


@pytest.fixture(autouse=True)
def monday_morning(app):
    """Every test here starts at 10:00 on a Monday (UK), outside quiet hours."""
    clock.freeze(MONDAY_10AM)
    yield
    clock.freeze(None)
