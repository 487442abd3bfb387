"""Readers for the public COHERENT data releases.

The raw files are not shipped with the package: give the folder holding a release (or the folder
holding several, named as below) with ``data_dir`` or the ``CEVNS_DATA_DIR`` environment
variable. Every file is checked as it is read: a missing, truncated or misshapen file raises
:class:`DataFileError` naming the file and what was expected.

Data sets (names used by :func:`load_release` and the command line):

* ``coherent-csi-2017``: CsI[Na] first observation, arXiv:1708.01294; release arXiv:1804.09459
  (Zenodo 10.5281/zenodo.1228631).
* ``coherent-csi-2021``: CsI[Na] full data set, arXiv:2110.07730 (ancillary files).
* ``coherent-lar-2020``: CENNS-10 liquid argon, Analysis A, arXiv:2003.10630; release
  arXiv:2006.12659 (Zenodo 10.5281/zenodo.3903810).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .._files import read_text_file
from ..errors import CevnsInputError, DataFileError

__all__ = [
    "DATASETS",
    "DataFileError",
    "Release",
    "load_release",
    "find_release_dir",
    "DATA_DIR_VARIABLE",
]

DATA_DIR_VARIABLE = "CEVNS_DATA_DIR"

# folder names under which each release is looked for (the first is the canonical one)
_FOLDERS = {
    "coherent-csi-2017": ("coherent-csi-2017",),
    "coherent-csi-2021": ("coherent-csi-2021",),
    "coherent-lar-2020": ("coherent-lar-2020", "coherent-lar-cenns10-2020"),
}
DATASETS = tuple(_FOLDERS)


@dataclass(frozen=True)
class Release:
    """The tables of one data release, as read from ``path``: name -> array."""

    name: str
    path: Path
    tables: dict = field(default_factory=dict)

    def __getitem__(self, key: str) -> np.ndarray:
        return self.tables[key]


def find_release_dir(name: str, data_dir: str | Path | None = None) -> Path:
    """The folder holding release ``name``: ``data_dir`` itself if it holds the release's files,
    else its sub-folder named after the release; ``data_dir`` defaults to $CEVNS_DATA_DIR."""
    if name not in _FOLDERS:
        raise CevnsInputError(f"unknown data set {name!r}; known: {', '.join(DATASETS)}")
    if data_dir is None:
        data_dir = os.environ.get(DATA_DIR_VARIABLE)
        if not data_dir:
            raise CevnsInputError(
                f"no data folder for {name}: pass data_dir (--data-dir on the command line) or "
                f"set {DATA_DIR_VARIABLE} to the folder holding the COHERENT data releases"
            )
    base = Path(data_dir).expanduser()
    probe = _READERS[name][0]
    if (base / probe).is_file():
        return base
    for folder in _FOLDERS[name]:
        if (base / folder / probe).is_file():
            return base / folder
    tried = ", ".join(str(base / f) for f in ("", *_FOLDERS[name]))
    raise DataFileError(base / probe, f"not found; data set {name} was looked for in {tried}")


def _read_table(
    path: Path,
    columns: int,
    rows: int | None = None,
    min_rows: int = 1,
    delimiter=None,
    non_negative: tuple[int, ...] = (-1,),
) -> np.ndarray:
    """Numeric table with ``columns`` columns and ``rows`` rows (or at least ``min_rows``);
    '#' comments and a non-numeric header line are skipped. The columns ``non_negative``
    (counts, probabilities, PE, times of events; the last column by default) must be >= 0."""
    if not path.is_file():
        raise DataFileError(path, "missing data file")
    lines, line_numbers = [], []
    for number, raw in enumerate(read_text_file(path, "data file").splitlines(), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        fields = text.replace(",", " ").split() if delimiter is None else text.split(delimiter)
        try:
            lines.append([float(f) for f in fields])
            line_numbers.append(number)
        except ValueError:
            if lines:  # text after numbers: not a header
                raise DataFileError(
                    path, f"non-numeric line {raw!r}; expected {columns} numbers per line", number
                ) from None
    if not lines:
        raise DataFileError(path, f"holds no numbers; expected {columns} columns")
    bad = [i for i, row in enumerate(lines) if len(row) != columns]
    if bad:
        raise DataFileError(
            path, f"{len(lines[bad[0]])} numbers; expected {columns}", line_numbers[bad[0]]
        )
    table = np.array(lines)
    if rows is not None and table.shape[0] != rows:
        raise DataFileError(
            path,
            f"{table.shape[0]} data lines; expected {rows} (file truncated, or another "
            "version of the release?)",
        )
    if table.shape[0] < min_rows:
        raise DataFileError(path, f"{table.shape[0]} data lines; expected at least {min_rows}")
    if not np.all(np.isfinite(table)):
        bad_row = int(np.argwhere(~np.isfinite(table))[0, 0])
        raise DataFileError(path, "not a finite number", line_numbers[bad_row])
    for column in non_negative:
        negative = np.flatnonzero(table[:, column] < 0)
        if negative.size:
            raise DataFileError(
                path,
                f"column {column % columns + 1} is {table[negative[0], column]:g}; it holds "
                "counts or probabilities and must be >= 0",
                line_numbers[negative[0]],
            )
    return table


def _grid(path: Path, table: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Values (last column) of a table listing bin centres in C order, reshaped to ``shape``;
    the centres must form that grid."""
    values = table[:, -1].reshape(shape)
    for axis in range(len(shape)):
        centres = table[:, axis].reshape(shape)
        if np.unique(centres).size != shape[axis]:
            raise DataFileError(path, f"column {axis + 1} does not form {shape[axis]} bins")
    return values


def _coefficient_sets(path: Path, count: int) -> np.ndarray:
    return _read_table(path, 4, min_rows=count, non_negative=())[:count]


def _csi2017(d: Path) -> dict:
    t = {}
    for key, fname in (
        ("coincidence", "data_coincidence_beamOn.txt"),
        ("anticoincidence", "data_anticoincidence_beamOn.txt"),
    ):
        table = _read_table(d / fname, 3, rows=600)
        t[key] = _grid(d / fname, table, (25, 24))
        t["pe_centres"] = np.unique(table[:, 0])
        t["time_centres_us"] = np.unique(table[:, 1])
    prompt = _read_table(d / "promptPDF.txt", 2, rows=50)
    t["brn_pe_per_GWh"] = prompt
    for key, fname in (
        ("arrival_prompt_neutrinos", "arrivalTimePDF_promptNeutrinos.txt"),
        ("arrival_delayed_neutrinos", "arrivalTimePDF_delayedNeutrinos.txt"),
        ("arrival_prompt_neutrons", "arrivalTimePDF_promptNeutrons.txt"),
    ):
        t[key] = _read_table(d / fname, 2, rows=24)
    return t


def _csi2021(d: Path) -> dict:
    t = {}
    # event lists: 5142 coincidence and 4890 anti-coincidence events in the release files
    for key, fname, events in (
        ("coincidence", "dataBeamOnC.txt", 5142),
        ("anticoincidence", "dataBeamOnAC.txt", 4890),
    ):
        t[key] = _read_table(d / fname, 2, rows=events, non_negative=(0, 1))
    for key in ("brn", "nin"):
        t[f"{key}_pe"] = _read_table(d / f"{key}PE.txt", 2, rows=250)
        t[f"{key}_time"] = _read_table(d / f"{key}Trec.txt", 2, rows=650)
    t["efficiency"] = _coefficient_sets(d / "effCoefficients.txt", 3)
    t["quenching"] = _coefficient_sets(d / "scintRespCoefficients.txt", 5)
    return t


_LAR_SHAPE = (12, 8, 10)
_LAR_PDFS = {
    "data": "datanobkgsub.txt",
    "cevns": "cevnspdf.txt",
    "brn": "brnpdf.txt",
    "delayed_brn": "delbrnpdf.txt",
    "steady_state": "bkgpdf.txt",
    "cevns_f90_plus": "SystErrors/cevnspdf+1sigF90.txt",
    "cevns_f90_minus": "SystErrors/cevnspdf-1sigF90.txt",
    "cevns_timing": "SystErrors/cevnspdfCEvNSTimingMeanSyst.txt",
    "brn_energy_plus": "SystErrors/brnpdf+1sigEnergy.txt",
    "brn_energy_minus": "SystErrors/brnpdf-1sigEnergy.txt",
    "brn_timing_plus": "SystErrors/brnpdf+1sigBRNTimingMean.txt",
    "brn_timing_minus": "SystErrors/brnpdf-1sigBRNTimingMean.txt",
    "brn_timing_width": "SystErrors/brnpdfBRNTimingWidthSyst.txt",
}


def _lar2020(d: Path) -> dict:
    t = {}
    for key, fname in _LAR_PDFS.items():
        table = _read_table(d / fname, 4, rows=int(np.prod(_LAR_SHAPE)))
        t[key] = _grid(d / fname, table, _LAR_SHAPE)
        if key == "data":
            t["axes_centres"] = tuple(np.unique(table[:, i]) for i in range(3))
    t["efficiency"] = _read_table(
        d / "CENNS10AnlAEfficiency.txt", 3, rows=80, non_negative=(0, 1, 2)
    )
    return t


# first file of each is the one probed to find the folder
_READERS = {
    "coherent-csi-2017": ("data_coincidence_beamOn.txt", _csi2017),
    "coherent-csi-2021": ("dataBeamOnC.txt", _csi2021),
    "coherent-lar-2020": ("datanobkgsub.txt", _lar2020),
}


def load_release(name: str, data_dir: str | Path | None = None) -> Release:
    """Read and check release ``name`` (one of :data:`DATASETS`) from ``data_dir`` (default:
    $CEVNS_DATA_DIR)."""
    folder = find_release_dir(name, data_dir)
    return Release(name, folder, _READERS[name][1](folder))
