"""Experiments: a source, a detector and the distance between them.

Presets live in ``data/experiments.toml`` (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Table I
and Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Table IV); users add
their own in a TOML file of the same form (:func:`load_experiments`), e.g.::

    [MyLAr]
    source = "SNS"            # a facility preset, an inline table of beam parameters, or
                              # { table = "flux.csv", reference_distance_m = 20 }
    material = "Ar"
    mass_kg = 1000
    distance_m = 25
    threshold_keV = 20        # keVnr
    quenching = { model = "lindhard" }
    time_window_ns = [0, 6000]
    detector_length_m = 1.0   # optional: extents that average sterile oscillations
    source_length_m = 0.5

A supernova burst is ``source = { supernova = "standard" }`` (a preset of
``data/supernova.toml``) with ``distance_kpc`` in place of ``distance_m``; its events are
counted per burst (``per="burst"``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from .._files import read_text_file
from .._toml import find_preset, load_toml_file, packaged_presets
from ..sources.facilities import facility, source_from_dict
from ..sources.flux import Flux, check_distance_m
from ..sources.supernova import KPC_M, supernova_model
from ..sources.tabulated import TabulatedSource
from .detector import Detector
from .efficiency import LogisticEfficiency, TabulatedEfficiency
from .quenching import LindhardQuenching, PolynomialQuenching, TabulatedQuenching
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
                raise ValueError(f"{name} must be >= 0 m and below twice the distance, got {value}")
        if self.time_window_ns is not None:
            t0, t1 = self.time_window_ns
            if not (np.isfinite(t0) and np.isfinite(t1) and t1 > t0):
                raise ValueError(f"time window must be [start, stop] ns, got {self.time_window_ns}")

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
    packaged = resources.files("cevns").joinpath("data", name)
    for path in candidates:
        if path.is_file():
            text = read_text_file(path, "efficiency file")
            break
    else:
        if not packaged.is_file():
            raise ValueError(f"efficiency file {name!r} not found")
        text = packaged.read_text()
    rows = list(csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#")))
    try:
        return tuple(float(r[columns[0]]) for r in rows), tuple(float(r[columns[1]]) for r in rows)
    except KeyError as err:
        raise ValueError(f"efficiency file {name!r} has no column {err.args[0]!r}") from None


def _table(spec, where: str, what: str, example: str) -> dict:
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: {what} must be a table such as {example}, got {spec!r}")
    return spec


def _quenching(spec: dict, where: str):
    spec = _table(spec, where, "quenching", '{ model = "lindhard" }')
    model = spec.get("model")
    try:
        if model == "lindhard":
            return LindhardQuenching(spec.get("k"))
        if model == "constant":
            return PolynomialQuenching((float(spec["value"]),))
        if model == "polynomial":
            return PolynomialQuenching(tuple(spec["coefficients"]), spec.get("kind", "factor"))
        if model == "tabulated":
            return TabulatedQuenching(tuple(spec["recoil_keV"]), tuple(spec["values"]))
    except KeyError as err:
        raise ValueError(f"{where}: {model} quenching needs the key {err.args[0]!r}") from None
    raise ValueError(
        f"{where}: unknown quenching model {model!r}; use lindhard, constant, polynomial "
        "or tabulated"
    )


def _efficiency(spec: dict, where: str, base: Path | None):
    spec = _table(spec, where, "efficiency", '{ model = "logistic", a = 1, b = 1, c = 5 }')
    model = spec.get("model")
    variable = spec.get("variable", "recoil")
    try:
        if model == "logistic":
            steps = tuple(tuple(s) for s in spec.get("steps", ()))
            return LogisticEfficiency(
                spec["a"], spec["b"], spec["c"], spec.get("d", 0.0), variable, steps
            )
        if model == "tabulated":
            if "file" in spec:
                cols = (spec.get("energy_column", "energy_keV"), spec.get("value_column", "value"))
                energies, values = _read_table_file(spec["file"], base, cols)
            else:
                energies, values = tuple(spec["energy_keV"]), tuple(spec["values"])
            return TabulatedEfficiency(energies, values, variable)
    except KeyError as err:
        raise ValueError(f"{where}: {model} efficiency needs the key {err.args[0]!r}") from None
    raise ValueError(f"{where}: unknown efficiency model {model!r}; use logistic or tabulated")


def _resolution(spec: dict, where: str):
    """A Gaussian resolution {a, b, c} (keVee) or photoelectron counting
    {photoelectrons_per_keVee, gamma_shape_per_keVee (optional)}."""
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: resolution must be a table of keys, got {spec!r}")
    if "photoelectrons_per_keVee" in spec:
        unknown = set(spec) - {"photoelectrons_per_keVee", "gamma_shape_per_keVee"}
        if unknown:
            raise ValueError(
                f"{where}: unknown photoelectron resolution keys {sorted(unknown)}; accepted: "
                "photoelectrons_per_keVee, gamma_shape_per_keVee"
            )
        return PhotoelectronResolution(
            float(spec["photoelectrons_per_keVee"]), spec.get("gamma_shape_per_keVee")
        )
    unknown = set(spec) - {"a", "b", "c"}
    if unknown:
        raise ValueError(
            f"{where}: unknown resolution keys {sorted(unknown)}; accepted: a, b, c (Gaussian, "
            "keVee) or photoelectrons_per_keVee, gamma_shape_per_keVee"
        )
    return GaussianResolution(**spec)


def _source(src, where: str, base: Path | None):
    if not isinstance(src, dict):
        return facility(src)
    if "supernova" in src:
        if set(src) != {"supernova"}:
            raise ValueError(f"{where}: a supernova source is {{ supernova = <preset name> }}")
        return supernova_model(src["supernova"])
    if "table" in src:
        if (
            set(src) - {"table", "reference_distance_m", "name"}
            or "reference_distance_m" not in src
        ):
            raise ValueError(
                f"{where}: a tabulated source needs 'table' and "
                "'reference_distance_m' (and optionally 'name')"
            )
        path = Path(src["table"])
        if base is not None and not path.is_absolute():
            path = base / path
        return TabulatedSource(path, float(src["reference_distance_m"]), src.get("name", ""))
    return source_from_dict(f"{where} source", src)


def experiment_from_dict(name: str, spec: dict, base: Path | None = None) -> Experiment:
    """Build an :class:`Experiment` from a TOML table (see the module docstring)."""
    where = f"experiment {name!r}"
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: expected a table of keys, got {spec!r}")
    unknown = set(spec) - _KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}; accepted: {sorted(_KEYS)}")
    spec = dict(spec)
    if "distance_kpc" in spec:
        if "distance_m" in spec:
            raise ValueError(f"{where}: give distance_m or distance_kpc, not both")
        spec["distance_m"] = float(spec.pop("distance_kpc")) * KPC_M
    missing = {"source", "material", "mass_kg", "distance_m"} - set(spec)
    if missing:
        raise ValueError(f"{where}: missing keys {sorted(missing)}")
    source = _source(spec["source"], where, base)
    try:
        detector = Detector(
            material=spec["material"],
            mass_kg=float(spec["mass_kg"]),
            threshold_keV=float(spec.get("threshold_keV", 0.0)),
            threshold_keVee=float(spec.get("threshold_keVee", 0.0)),
            quenching=_quenching(spec["quenching"], where) if "quenching" in spec else None,
            resolution=_resolution(spec["resolution"], where) if "resolution" in spec else None,
            efficiency=(
                _efficiency(spec["efficiency"], where, base) if "efficiency" in spec else None
            ),
            observed_range=spec.get("observed_range"),
        )
        window = spec.get("time_window_ns")
        return Experiment(
            name=name,
            source=source,
            detector=detector,
            distance_m=float(spec["distance_m"]),
            time_window_ns=tuple(float(t) for t in window) if window else None,
            description=spec.get("description", ""),
            references=tuple(spec.get("references", ())),
            source_length_m=float(spec.get("source_length_m", 0.0)),
            detector_length_m=float(spec.get("detector_length_m", 0.0)),
        )
    except (TypeError, ValueError) as err:
        message = str(err)
        raise ValueError(message if message.startswith(where) else f"{where}: {message}") from None


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
        raise ValueError(f"{path}: no experiment tables found")
    return {name: experiment_from_dict(name, spec, path.parent) for name, spec in data.items()}
