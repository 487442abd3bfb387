"""Exposures: how much beam (or how many supernova bursts) a count is for.

An :class:`Exposure` is an ``amount`` of a ``unit``: "second", "day" (24 h of beam at nominal
power), "year" (the source's beam hours per year, or a Julian year of beam when it gives
none), "GWh" (integrated beam energy, the unit COHERENT quotes), "POT" (protons on target),
"EOT" (electrons on target, for an electron beam dump) or "burst" (one supernova: a
time-integrated fluence). Every counting method of the engine takes one, or its text form:
``"day"``, ``"3 year"``, ``"7.48 GWh"``, ``"1.76e23 POT"``, ``"1e22 EOT"``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import SECONDS_PER_DAY, SECONDS_PER_YEAR
from ..errors import CevnsInputError

__all__ = ["Exposure", "EXPOSURE_UNITS"]

EXPOSURE_UNITS = ("second", "day", "year", "GWh", "POT", "EOT", "burst")


@dataclass(frozen=True)
class Exposure:
    """``amount`` (> 0) of ``unit`` (one of :data:`EXPOSURE_UNITS`)."""

    amount: float = 1.0
    unit: str = "day"

    def __post_init__(self):
        if self.unit not in EXPOSURE_UNITS:
            raise CevnsInputError(
                f"unknown exposure unit {self.unit!r}; use one of {', '.join(EXPOSURE_UNITS)}"
            )
        amount = float(self.amount)
        if not (np.isfinite(amount) and amount > 0):
            raise CevnsInputError(
                f"an exposure must be a positive number of {self.unit}, got {amount}"
            )
        object.__setattr__(self, "amount", amount)

    @classmethod
    def parse(cls, value: Exposure | str) -> Exposure:
        """An exposure from itself or from text: "day", "3 year", "7.48 GWh", "1e23 POT"."""
        if isinstance(value, Exposure):
            return value
        if not isinstance(value, str):
            raise CevnsInputError(
                f"an exposure is an Exposure or text like 'day' or '7.48 GWh', got {value!r}"
            )
        parts = value.split()
        if len(parts) == 1:
            return cls(1.0, parts[0])
        if len(parts) == 2:
            try:
                amount = float(parts[0])
            except ValueError:
                raise CevnsInputError(f"exposure {value!r}: {parts[0]!r} is not a number") from None
            return cls(amount, parts[1])
        raise CevnsInputError(f"exposure {value!r}: expected '<unit>' or '<amount> <unit>'")

    @property
    def label(self) -> str:
        """Short text: "day" for one unit, else "<amount> <unit>"."""
        return self.unit if self.amount == 1.0 else f"{self.amount:g} {self.unit}"

    def seconds(self, source, time_integrated: bool = False) -> float:
        """Seconds of nominal beam of ``source`` that make up this exposure (1 per burst for a
        ``time_integrated`` flux, a supernova fluence)."""
        if time_integrated != (self.unit == "burst"):
            if time_integrated:
                raise CevnsInputError(
                    "this flux is a time-integrated fluence (a supernova burst): count events "
                    "per burst (exposure 'burst'; CLI: --per burst)"
                )
            raise CevnsInputError(
                "a 'burst' exposure counts a time-integrated fluence (a supernova source); this "
                "source gives a flux per second: use second, day, year, GWh, POT or EOT"
            )
        if self.unit in ("GWh", "POT"):
            if not hasattr(source, "protons_per_second"):
                raise CevnsInputError(
                    f"an exposure in {self.unit} needs a beam source (a facility preset)"
                )
            pot = self.amount if self.unit == "POT" else self.amount * source.protons_per_GWh()
            return pot / source.protons_per_second
        if self.unit == "EOT":
            if not hasattr(source, "electrons_per_second"):
                raise CevnsInputError("an exposure in EOT needs an electron beam dump source")
            return self.amount / source.electrons_per_second
        if self.unit == "year":
            hours = getattr(source, "beam_hours_per_year", None)
            return self.amount * (hours * 3600.0 if hours else SECONDS_PER_YEAR)
        per_unit = {"second": 1.0, "day": SECONDS_PER_DAY, "burst": 1.0}[self.unit]
        return self.amount * per_unit

    def to_dict(self) -> dict:
        return {"amount": self.amount, "unit": self.unit}
