"""Legal minimum pay, from the dated table in content/pay_rates.yaml, and the warning shown to a
provider whose advertised pay is below it. We warn and never block: the provider may know
something we do not (for example, pay that rises with age), but most low figures are typos.

Annual pay is turned into an hourly figure with the stated hours: pay / (hours a week x 52).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

RATES_FILE = Path(__file__).resolve().parents[2] / "content" / "pay_rates.yaml"
WEEKS_PER_YEAR = 52
BAND_COLUMNS = {
    "21_plus": ("national_living_wage_21_plus", "the National Living Wage for people aged 21 and over"),
    "18_20": ("age_18_to_20", "the minimum wage for people aged 18 to 20"),
    "under_18": ("under_18", "the minimum wage for people aged 16 and 17"),
    "apprentice": ("apprentice", "the apprentice rate"),
}


@dataclass(frozen=True)
class Rates:
    effective_from: date
    pence: dict[str, int]  # band -> minimum pence an hour
    source: str
    source_url: str


@lru_cache(maxsize=1)
def table(path: str = str(RATES_FILE)) -> tuple[Rates, ...]:
    """Every row of the dated table, newest first; a malformed file fails loudly at first use."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rows = []
    for row in raw["rates"]:
        effective = row["effective_from"]
        if not isinstance(effective, date):
            raise ValueError(f"pay_rates.yaml: effective_from {effective!r} is not a date")
        pence = {band: int(Decimal(str(row[column])) * 100) for band, (column, _) in BAND_COLUMNS.items()}
        if not row.get("source") or not row.get("source_url"):
            raise ValueError(f"pay_rates.yaml: the {effective} row needs a source and source_url")
        rows.append(Rates(effective, pence, row["source"], row["source_url"]))
    return tuple(sorted(rows, key=lambda r: r.effective_from, reverse=True))


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


def warning(pay_type: str, pay_pence: int, hours_per_week: float, band: str, on: date) -> str | None:
    """A plain-English warning if the pay is below the legal minimum for the band, else None."""
    hourly = hourly_pence(pay_type, pay_pence, hours_per_week)
    if hourly is None or band not in BAND_COLUMNS:
        return None
    rates = rates_on(on)
    minimum = rates.pence[band]
    if hourly >= minimum:
        return None
    worked_out = ("" if pay_type == "hourly"
                  else f" (about {pounds(hourly)} an hour for {hours_per_week:g} hours a week)")
    return (f"The pay{worked_out} is below {BAND_COLUMNS[band][1]}, which is {pounds(minimum)} an hour from "
            f"{rates.effective_from.strftime('%-d %B %Y')} ({rates.source}). Please check the figure. You can "
            "still save it.")
