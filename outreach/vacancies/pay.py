"""Legal minimum pay, from the dated table in content/pay_rates.yaml, and the one rule that uses it.

The figures are the statutory National Minimum Wage and National Living Wage hourly rates (each
row of the table names its GOV.UK source and the date it took effect; the 2024-2026 rows agree
with the checked facts sheet, section 2b). When the rates change, usually each 1 April, add a row.

The rule (enforced by ``outreach.vacancies.service`` when a vacancy is saved, published or
approved):

- **Apprenticeships** must pay at least the apprentice rate. That rate is the legal floor for
  every apprentice aged under 19 and for every apprentice in their first year whatever their age,
  and everyone applying to an advert is starting, so it is the floor for any applicant.
- **Jobs** must pay at least the minimum for the group the recruiter says the pay is for
  (``pay_age_band``; by default everyone, so the National Living Wage for 21 and over). That group
  must fit the vacancy's minimum age: a job for people aged 18 or over cannot use the rate for 16
  and 17 year olds.
- Pay below the minimum is refused with one message beside the pay field. It is checked again on
  publishing and approval, because a draft saved in March can fall below the new rates in April.
- **Applicants.** A youth rate is legal for the young, but an advert paying the 18-20 rate is
  below the legal minimum for a 30-year-old, and a vacancy published before 1 April can fall below
  the new rates until it is edited. ``below_for_person`` says when an advert's pay is below a
  person's own minimum on a day; matching leaves such vacancies out of that person's matches.

Annual pay is turned into an hourly figure with the stated hours: pay / (hours a week x 52).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from outreach import content
from outreach.content.reference import BAND_COLUMNS, Rates

WEEKS_PER_YEAR = 52


def table() -> tuple[Rates, ...]:
    """Every row of the dated table (content/pay_rates.yaml, checked by outreach.content), newest first."""
    return content.current().pay_rates


def rates_on(day: date) -> Rates:
    for row in table():
        if row.effective_from <= day:
            return row
    return table()[-1]


def hourly_pence(pay_type: str, pay_pence: int, hours_per_week: float) -> int | None:
    if pay_type == "hourly":
        return pay_pence
    if not hours_per_week or hours_per_week <= 0:
        return None
    return round(pay_pence / (hours_per_week * WEEKS_PER_YEAR))


def pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}"


@dataclass(frozen=True)
class Shortfall:
    """Pay below the legal minimum: what was offered, the minimum, and for whom."""

    pay_type: str
    pay_pence: int
    hours_per_week: float
    hourly: int  # the pay worked out per hour, in pence
    minimum: int  # the legal minimum per hour, in pence
    band: str
    rates: Rates

    @property
    def least_to_offer(self) -> str:
        """The smallest figure that would be legal, in the pay's own terms."""
        if self.pay_type == "hourly":
            return f"{pounds(self.minimum)} an hour"
        yearly = math.ceil(self.minimum * self.hours_per_week * WEEKS_PER_YEAR / 100)
        return f"£{yearly:,} a year"

    @property
    def message(self) -> str:
        """One plain sentence or two, for beside the pay field; no brackets inside brackets."""
        offered = (f"{pounds(self.pay_pence)} an hour" if self.pay_type == "hourly" else
                   f"£{self.pay_pence / 100:,.0f} a year for {self.hours_per_week:g} hours a week works out at "
                   f"{pounds(self.hourly)} an hour, which")
        return (f"{offered} is below the legal minimum of {pounds(self.minimum)} an hour for "
                f"{BAND_COLUMNS[self.band][1]} from {self.rates.effective_from.strftime('%-d %B %Y')}. "
                f"Pay at least {self.least_to_offer}.")


def shortfall(pay_type: str, pay_pence: int, hours_per_week: float, band: str, on: date) -> Shortfall | None:
    """How the pay falls short of the legal minimum for the band on that day, or None if it does not."""
    hourly = hourly_pence(pay_type, pay_pence, hours_per_week)
    if hourly is None or band not in BAND_COLUMNS:
        return None
    rates = rates_on(on)
    minimum = rates.pence[band]
    if hourly >= minimum:
        return None
    return Shortfall(pay_type, pay_pence, hours_per_week, hourly, minimum, band, rates)


def band_for_age(age: int) -> str:
    return "21_plus" if age >= 21 else "18_20" if age >= 18 else "under_18"


def band_fits_min_age(band: str, min_age: int) -> bool:
    """A job's pay group must include people the job is open to: no 16-17 rate for an 18+ job."""
    return not (band == "under_18" and min_age >= 18)


def below_for_person(kind: str, pay_type: str, pay_pence: int, hours_per_week: float, age: int,
                     on: date) -> bool:
    """True when an advert's pay is below this person's own legal minimum on that day."""
    band = "apprentice" if kind == "apprenticeship" else band_for_age(age)
    return shortfall(pay_type, pay_pence, hours_per_week, band, on) is not None
