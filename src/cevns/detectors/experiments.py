"""Experiments: a source, a detector and the distance between them.

Presets live in ``data/experiments.toml`` (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Table I
and Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Table IV); users add
their own in a TOML file of the same form (:func:`load_experiments`), e.g.::

    [MyLAr]
    source = "SNS"            # a source preset (facility, beam dump), beam parameters, or
                              # { table = "flux.csv", reference_distance_m = 20 }
    material = "Ar"
    mass_kg = 1000
    distance_m = 25
    threshold_keV = 20        # keVnr
    quenching = { model = "lindhard" }  # or k = 0.162, or k = "scholz-2016" (measured)
    time_window_ns = [0, 6000]
    detector_length_m = 1.0   # optional: extents that average sterile oscillations
    source_length_m = 0.5

The Sun is ``source = { solar = "B16-GS98" }`` (a standard solar model of
:mod:`cevns.sources.solar`); its distance defaults to 1 au.

A supernova burst is ``source = { supernova = "standard" }`` (a preset of
``data/supernova.toml``) with ``distance_kpc`` in place of ``distance_m``; its events are
counted per burst (``per="burst"``). Adding ``cooling_time_s`` (and ``ordering``) makes it
time-resolved (:func:`~cevns.sources.supernova_time.cooling_supernova`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from .._files import read_text_file
from .._toml import (
    find_preset,
    load_toml_file,
    packaged_presets,
    toml_number,
    toml_numbers,
    toml_text,
    toml_texts,
)
from ..errors import CevnsInputError, DataFileError
from ..sources.facilities import source_from_dict
from ..sources.flux import Flux, check_distance_m
from ..sources.presets import source_preset
from ..sources.solar import ASTRONOMICAL_UNIT_M, SolarNeutrinos
from ..sources.supernova import KPC_M, supernova_model
from ..sources.tabulated import TabulatedSource
from .detector import Detector
from .efficiency import LogisticEfficiency, TabulatedEfficiency
from .quenching import (
    MEASURED_LINDHARD_K,
    LindhardQuenching,
    PolynomialQuenching,
    TabulatedQuenching,
)
from .resolution import GaussianResolution, PhotoelectronResolution

__all__ = ["Experiment", "experiment", "experiments", "load_experiments", "LAR_DETECTORS"]

LAR_DETECTORS = ("CENNS10", "CENNS750", "CCM", "PIP2-BD")
"""The four liquid-argon detectors of Carey & Pandey (arXiv:2412.18055) Table I."""

_KEYS = {
    "description", "source", "material", "mass_kg", "distance_m", "threshold_keV",
    "threshold_keVee", "quenching", "resolution", "efficiency", "time_window_ns", "references",
    "source_length_m", "detector_length_m", "distance_kpc", "observed_range",
}  # fmt: skip


@dataclass(frozen=True)
class Experiment:
    """A named detector at ``distance_m`` from a ``source``, with an optional arrival-time
    window ``time_window_ns`` (ns after the pulse centre). ``source_length_m`` and
    ``detector_length_m`` are the extents along the line of sight over which neutrinos are
    made and detected (they average oscillations; zero means point-like)."""

    name: str
    source: object
    detector: Detector
    distance_m: float
    time_window_ns: tuple[float, float] | None = None
    description: str = field(default="", compare=False)
    references: tuple[str, ...] = field(default=(), compare=False)
    source_length_m: float = 0.0
    detector_length_m: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "distance_m", check_distance_m(self.distance_m))
        for name in ("source_length_m", "detector_length_m"):
            value = getattr(self, name)
            if not (np.isfinite(value) and 0 <= value < 2 * self.distance_m):
                raise CevnsInputError(
                    f"{name} must be >= 0 m and below twice the distance, got {value}"
                )
        if self.time_window_ns is not None:
            t0, t1 = self.time_window_ns
            if not (np.isfinite(t0) and np.isfinite(t1) and t1 > t0):
                raise CevnsInputError(
                    f"time window must be [start, stop] ns, got {self.time_window_ns}"
                )

    def flux(self) -> Flux:
        """The neutrino flux at the detector."""
        return self.source.flux(self.distance_m)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "source": self.source.to_dict(),
            "detector": self.detector.to_dict(),
            "distance_m": self.distance_m,
            "time_window_ns": list(self.time_window_ns) if self.time_window_ns else None,
            "source_length_m": self.source_length_m,
            "detector_length_m": self.detector_length_m,
            "references": list(self.references),
        }


def _read_table_file(name: str, base: Path | None, columns: tuple[str, str]):
    candidates = []
    if base is not None:
        candidates.append(base / name)
    candidates.append(Path(name))
    for path in candidates:
        if path.is_file():
            text = read_text_file(path, "efficiency file")
            break
    else:
        packaged = resources.files("cevns").joinpath("data", name)
        if not packaged.is_file():
            raise CevnsInputError(
                f"efficiency file {name!r} not found (looked in "
                f"{', '.join(str(c) for c in candidates)} and the package data)"
            )
        path, text = Path(name), packaged.read_text()
    rows = list(csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#")))
    missing = [c for c in columns if not rows or c not in rows[0]]
    if missing:
        raise DataFileError(path, f"no column {missing[0]!r}; a CSV with columns {columns}")
    values = []
    for number, row in enumerate(rows, start=2):
        try:
            values.append((float(row[columns[0]]), float(row[columns[1]])))
        except (TypeError, ValueError):
            raise DataFileError(path, f"not numbers: {row}", number) from None
    return tuple(e for e, _ in values), tuple(v for _, v in values)


def _table(spec, where: str, what: str, example: str) -> dict:
    if not isinstance(spec, dict):
        raise CevnsInputError(f"{where}: {what} must be a table such as {example}, got {spec!r}")
    return spec


def _quenching(spec: dict, where: str):
    spec = _table(spec, where, "quenching", '{ model = "lindhard" }')
    model = spec.get("model")
    where = f"{where} quenching"
    if model == "lindhard":
        if isinstance(spec.get("k"), str):  # a named measurement
            if spec["k"] not in MEASURED_LINDHARD_K:
                raise CevnsInputError(
                    f"{where}: unknown k {spec['k']!r}; give a number or one of "
                    f"{', '.join(MEASURED_LINDHARD_K)}"
                )
            return LindhardQuenching.measured(spec["k"])
        return LindhardQuenching(toml_number(spec, "k", where, None))
    if model == "constant":
        return PolynomialQuenching((toml_number(spec, "value", where),))
    if model == "polynomial":
        return PolynomialQuenching(
            toml_numbers(spec, "coefficients", where), toml_text(spec, "kind", where, "factor")
        )
    if model == "tabulated":
        return TabulatedQuenching(
            toml_numbers(spec, "recoil_keV", where), toml_numbers(spec, "values", where)
        )
    raise CevnsInputError(
        f"{where}: unknown model {model!r}; use lindhard, constant, polynomial or tabulated"
    )


def _efficiency(spec: dict, where: str, base: Path | None):
    spec = _table(spec, where, "efficiency", '{ model = "logistic", a = 1, b = 1, c = 5 }')
    model = spec.get("model")
    where = f"{where} efficiency"
    variable = toml_text(spec, "variable", where, "recoil")
    if model == "logistic":
        steps = spec.get("steps", [])
        if not isinstance(steps, list) or not all(
            isinstance(step, list) and len(step) == 2 for step in steps
        ):
            raise CevnsInputError(
                f"{where}: steps must be a list of [position, height] pairs, got {steps!r}"
            )
        steps = tuple(toml_numbers({"step": step}, "step", where, count=2) for step in steps)
        return LogisticEfficiency(
            toml_number(spec, "a", where),
            toml_number(spec, "b", where),
            toml_number(spec, "c", where),
            toml_number(spec, "d", where, 0.0),
            variable,
            steps,
        )
    if model == "tabulated":
        if "file" in spec:
            columns = (
                toml_text(spec, "energy_column", where, "energy_keV"),
                toml_text(spec, "value_column", where, "value"),
            )
            energies, values = _read_table_file(toml_text(spec, "file", where), base, columns)
        else:
            energies = toml_numbers(spec, "energy_keV", where)
            values = toml_numbers(spec, "values", where)
        return TabulatedEfficiency(energies, values, variable)
    raise CevnsInputError(f"{where}: unknown model {model!r}; use logistic or tabulated")


def _resolution(spec: dict, where: str):
    """A Gaussian resolution {a, b, c} (keVee) or photoelectron counting
    {photoelectrons_per_keVee, gamma_shape_per_keVee (optional)}."""
    spec = _table(spec, where, "resolution", "{ a = 0.1, b = 0, c = 0 }")
    where = f"{where} resolution"
    if "photoelectrons_per_keVee" in spec:
        unknown = set(spec) - {"photoelectrons_per_keVee", "gamma_shape_per_keVee"}
        if unknown:
            raise CevnsInputError(
                f"{where}: unknown photoelectron resolution keys {sorted(unknown)}; accepted: "
                "photoelectrons_per_keVee, gamma_shape_per_keVee"
            )
        return PhotoelectronResolution(
            toml_number(spec, "photoelectrons_per_keVee", where),
            toml_number(spec, "gamma_shape_per_keVee", where, None),
        )
    unknown = set(spec) - {"a", "b", "c"}
    if unknown:
        raise CevnsInputError(
            f"{where}: unknown keys {sorted(unknown)}; accepted: a, b, c (Gaussian, "
            "keVee) or photoelectrons_per_keVee, gamma_shape_per_keVee"
        )
    return GaussianResolution(**{key: toml_number(spec, key, where) for key in spec})


def _source(src, where: str, base: Path | None):
    if isinstance(src, str):
        return source_preset(src)
    src = _table(src, where, "source", '"SNS" or { supernova = "standard" }')
    if "solar" in src:
        if set(src) != {"solar"}:
            raise CevnsInputError(f'{where}: the Sun is {{ solar = "B16-GS98" }}')
        return SolarNeutrinos(toml_text(src, "solar", where))
    if "supernova" in src:
        extra = set(src) - {"supernova", "cooling_time_s", "ordering"}
        if extra:
            raise CevnsInputError(
                f"{where}: a supernova source is {{ supernova = <preset name> }}, optionally "
                "time-resolved with cooling_time_s (and ordering = normal/inverted)"
            )
        name = toml_text(src, "supernova", where)
        if "cooling_time_s" in src or "ordering" in src:
            from ..sources.supernova_time import cooling_supernova

            return cooling_supernova(
                name,
                toml_number(src, "cooling_time_s", where, 3.0),
                ordering=toml_text(src, "ordering", where, None),
            )
        return supernova_model(name)
    if "table" in src:
        if set(src) - {"table", "reference_distance_m", "name"}:
            raise CevnsInputError(
                f"{where}: a tabulated source takes 'table', 'reference_distance_m' and "
                "optionally 'name'"
            )
        path = Path(toml_text(src, "table", where))
        if base is not None and not path.is_absolute():
            path = base / path
        return TabulatedSource(
            path, toml_number(src, "reference_distance_m", where), toml_text(src, "name", where, "")
        )
    return source_from_dict(f"{where} source", src)


def experiment_from_dict(name: str, spec: dict, base: Path | None = None) -> Experiment:
    """Build an :class:`Experiment` from a TOML table (see the module docstring)."""
    where = f"experiment {name!r}"
    if not isinstance(spec, dict):
        raise CevnsInputError(f"{where}: expected a table of keys, got {spec!r}")
    unknown = set(spec) - _KEYS
    if unknown:
        raise CevnsInputError(f"{where}: unknown keys {sorted(unknown)}; accepted: {sorted(_KEYS)}")
    spec = dict(spec)
    if "distance_kpc" in spec:
        if "distance_m" in spec:
            raise CevnsInputError(f"{where}: give distance_m or distance_kpc, not both")
        spec["distance_m"] = toml_number(spec, "distance_kpc", where) * KPC_M
    if isinstance(spec.get("source"), dict) and "solar" in spec["source"]:
        spec.setdefault("distance_m", ASTRONOMICAL_UNIT_M)  # the Sun: 1 au unless given
    missing = {"source", "material", "mass_kg", "distance_m"} - set(spec)
    if missing:
        raise CevnsInputError(f"{where}: missing keys {sorted(missing)}")
    source = _source(spec["source"], where, base)
    try:
        detector = Detector(
            material=toml_text(spec, "material", where),
            mass_kg=toml_number(spec, "mass_kg", where),
            threshold_keV=toml_number(spec, "threshold_keV", where, 0.0),
            threshold_keVee=toml_number(spec, "threshold_keVee", where, 0.0),
            quenching=_quenching(spec["quenching"], where) if "quenching" in spec else None,
            resolution=_resolution(spec["resolution"], where) if "resolution" in spec else None,
            efficiency=(
                _efficiency(spec["efficiency"], where, base) if "efficiency" in spec else None
            ),
            observed_range=toml_numbers(spec, "observed_range", where, count=2, default=None),
        )
        return Experiment(
            name=name,
            source=source,
            detector=detector,
            distance_m=toml_number(spec, "distance_m", where),
            time_window_ns=toml_numbers(spec, "time_window_ns", where, count=2, default=None),
            description=toml_text(spec, "description", where, ""),
            references=toml_texts(spec, "references", where),
            source_length_m=toml_number(spec, "source_length_m", where, 0.0),
            detector_length_m=toml_number(spec, "detector_length_m", where, 0.0),
        )
    except CevnsInputError as err:
        message = str(err)
        if message.startswith(where) or isinstance(err, DataFileError):
            raise
        raise CevnsInputError(f"{where}: {message}") from None


def experiments() -> list[str]:
    """Names of the experiment presets."""
    return list(packaged_presets("experiments.toml"))


def experiment(name: str | Experiment, user_file: str | Path | None = None) -> Experiment:
    """An experiment by preset name (case-insensitive), or from ``user_file`` if given."""
    if isinstance(name, Experiment):
        return name
    if user_file is not None:
        user = load_experiments(user_file)
        try:
            return find_preset(user, name, "experiment")[1]
        except ValueError:
            pass  # not in the user's file: look among the presets
    key, spec = find_preset(packaged_presets("experiments.toml"), name, "experiment")
    return experiment_from_dict(key, spec)


def load_experiments(path: str | Path) -> dict[str, Experiment]:
    """All experiments defined in a user TOML file (one table per experiment)."""
    path = Path(path)
    data = load_toml_file(path)
    if not data:
        raise DataFileError(path, "no experiment tables found")
    try:
        return {name: experiment_from_dict(name, spec, path.parent) for name, spec in data.items()}
    except DataFileError as err:
        if err.path == path:
            raise
        raise DataFileError(path, f"a file it names: {err}") from None
    except CevnsInputError as err:
        raise DataFileError(path, str(err)) from None
