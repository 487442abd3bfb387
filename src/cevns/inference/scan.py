"""Parameter scans on grids: profiled χ² at every point, on this machine or with Dask.

Before anything runs, the fit prepares what every point shares (``fit.prepare``: the
templates of each mass point, factorised in the couplings, :mod:`.factorised`). The grid is
then cut into chunks of ``chunk_size`` points, whose nuisances are profiled together
(:meth:`~.likelihood.BinnedPoissonLikelihood.profile_many`), and the chunks into tasks.
Locally the tasks run on ``workers`` threads of this process; with ``scheduler`` they run on
a ``dask.distributed`` cluster (a :class:`~distributed.LocalCluster` when
``scheduler="local"``, or the scheduler at an address such as ``tcp://host:8786``), whose
workers get the prepared fit once. Every path evaluates the same chunks with the same code,
so the results are identical bit for bit. Points are made chunk by chunk, so memory does
not grow with the grid beyond its χ² array.

With ``output`` (a folder; needs pyarrow, ``pip install 'cevns[parquet]'``) each finished
task is written at once as a Parquet file ``part-<first>-<last>.parquet`` (columns: the flat
grid ``index``, one per axis, ``chi2``) next to ``_scan.json``, which describes the grid;
the folder is a Parquet data set that pandas, pyarrow or Dask read as one table (they skip
files whose names start with "_"). Run the same
scan into the same folder again and it resumes: finished tasks are read back, not redone.
:func:`load_scan` reads a finished folder into a :class:`GridScan`. A progress bar (tqdm)
counts points, with its ETA.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import CevnsInputError
from ..plotting import figures
from ..results import Result
from .fit import DCHI2_2D

__all__ = ["GridScan", "load_scan", "scan_grid"]


@dataclass(frozen=True)
class GridScan(Result):
    """χ² on a grid: ``axes`` (name -> values, in order), ``chi2`` of shape
    (len(values) per axis), and ``reference`` χ² (the grid minimum unless given)."""

    axes: dict
    chi2: np.ndarray
    reference: float
    fixed: dict = field(default_factory=dict)
    datasets: tuple = ()

    @property
    def delta_chi2(self) -> np.ndarray:
        return self.chi2 - self.reference

    @property
    def best_fit(self) -> dict:
        idx = np.unravel_index(np.argmin(self.chi2), self.chi2.shape)
        return {n: float(v[i]) for (n, v), i in zip(self.axes.items(), idx, strict=True)}

    def allowed(self, cl: int = 90) -> np.ndarray:
        """Boolean mask of the points allowed at ``cl`` % (68, 90 or 95) for the grid's
        number of parameters (Wilks)."""
        from .fit import DCHI2_68, DCHI2_90

        if len(self.axes) == 1:
            level = {68: DCHI2_68, 90: DCHI2_90, 95: 3.8415}[cl]
        else:
            level = DCHI2_2D[cl]
        return self.delta_chi2 <= level

    def limit_curve(self, level: float = 2.705543) -> np.ndarray:
        """For a 2D scan (x, y), the smallest y at each x where Δχ² first exceeds ``level``
        (default 2.71: a 90 % CL limit on y at each fixed x), interpolated between grid
        points (in log y for a positive axis); NaN where no grid point is excluded."""
        if len(self.axes) != 2:
            raise CevnsInputError("a limit curve needs a two-parameter scan")
        y = np.asarray(list(self.axes.values())[1], dtype=float)
        log = bool(np.all(y > 0))
        ty = np.log(y) if log else y
        out = np.full(self.chi2.shape[0], np.nan)
        for i, row in enumerate(self.delta_chi2):
            above = np.nonzero(row > level)[0]
            if above.size == 0:
                continue
            j = above[0]
            if j == 0:
                out[i] = y[0]
                continue
            f = (level - row[j - 1]) / (row[j] - row[j - 1])
            t = ty[j - 1] + f * (ty[j] - ty[j - 1])
            out[i] = np.exp(t) if log else t
        return out

    def profiled(self, *names: str) -> GridScan:
        """The scan on the axes ``names`` only, χ² minimised over the others at each of
        their points (a profile of the grid; the reference is kept)."""
        unknown = [n for n in names if n not in self.axes]
        if unknown or len(set(names)) < len(names):
            raise CevnsInputError(f"axes to keep must be distinct, among {list(self.axes)}")
        order = [list(self.axes).index(n) for n in names]
        others = tuple(i for i in range(len(self.axes)) if i not in order)
        chi2 = np.min(self.chi2, axis=others) if others else self.chi2
        kept = sorted(order)
        chi2 = np.moveaxis(chi2, [kept.index(i) for i in order], range(len(order)))
        axes = {n: self.axes[n] for n in names}
        return GridScan(axes, chi2, self.reference, self.fixed, self.datasets)

    def to_dict(self) -> dict:
        return {
            "axes": {k: list(map(float, v)) for k, v in self.axes.items()},
            "fixed": self.fixed,
            "datasets": list(self.datasets),
            "reference_chi2": self.reference,
            "best_fit": self.best_fit,
            "delta_chi2": self.delta_chi2.tolist(),
        }

    def table(self) -> dict:
        """Long format: one column per axis, chi2, delta_chi2."""
        grids = np.meshgrid(*self.axes.values(), indexing="ij")
        table = {name: g.ravel() for name, g in zip(self.axes, grids, strict=True)}
        table.update(chi2=self.chi2.ravel(), delta_chi2=self.delta_chi2.ravel())
        return table

    def plot(self, ax=None):
        return figures.plot_scan(self, ax)


MAX_AXES = 6
"""Most axes of one scan grid."""

MAX_GRID_POINTS = 10_000_000
"""Most points of one scan grid (its χ² array is 80 MB; about three hours of a joint CsI and
argon NSI scan on two cores)."""

TASK_POINTS = 20_000
"""Points per task at most: a few seconds of work, so that a Dask task outweighs its
overhead, an interrupted scan loses little, and the output parts stay few."""


@dataclass(frozen=True)
class _Grid:
    """The points of a grid, made on demand: ``axes`` (name -> values, in order) on top of
    ``fixed``; point i is the i-th of itertools.product over the axes (C order)."""

    axes: dict
    fixed: dict

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(v.size for v in self.axes.values())

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def points(self, start: int, stop: int) -> list[dict]:
        index = np.unravel_index(np.arange(start, stop), self.shape)
        columns = {n: v[i].tolist() for (n, v), i in zip(self.axes.items(), index, strict=True)}
        names = list(columns)
        return [
            {**self.fixed, **dict(zip(names, row, strict=True))}
            for row in zip(*columns.values(), strict=True)
        ]

    def corners(self) -> list[dict]:
        """Every value of each mass-like axis with the extreme couplings of the others (the
        points whose templates bound all the grid's): what ``fit.prepare`` needs."""
        from ..physics import PARAMETERS, check_parameter

        options = []
        for name, values in self.axes.items():
            known = name in PARAMETERS or name.startswith("eps_")
            coupling = check_parameter(name).coupling if known else None
            if coupling is None:
                options.append(values)
            else:
                x = values ** coupling[0]
                options.append(np.unique(values[[np.argmin(x), np.argmax(x)]]))
        names = list(self.axes)
        grids = np.meshgrid(*options, indexing="ij")
        return [
            {**self.fixed, **dict(zip(names, map(float, row), strict=True))}
            for row in zip(*(g.ravel() for g in grids), strict=True)
        ]


def _chunk_bounds(size: int, chunk_size: int) -> list[tuple[int, int]]:
    return [(i, min(i + chunk_size, size)) for i in range(0, size, chunk_size)]


def _tasks(chunks: list, parallel: int) -> list[list]:
    """Contiguous groups of chunks: at least 4 per parallel worker when the grid allows, at
    most :data:`TASK_POINTS` points each."""
    if not chunks:
        return []
    per_chunk = chunks[0][1] - chunks[0][0]
    most = max(1, TASK_POINTS // per_chunk)
    per_task = max(1, min(most, -(-len(chunks) // (4 * max(parallel, 1)))))
    return [chunks[i : i + per_task] for i in range(0, len(chunks), per_task)]


def _evaluate(fit, grid: _Grid, chunks: list) -> tuple[int, int, np.ndarray]:
    """Profiled χ² of one task's chunks: (first index, end index, χ²)."""
    parts = []
    for start, stop in chunks:
        parts.append(fit.profiled_chi2(grid.points(start, stop)))
    return chunks[0][0], chunks[-1][1], np.concatenate(parts)


def scan_grid(
    fit,
    axes: dict,
    fixed: dict | None = None,
    reference: float | None = None,
    scheduler=None,
    chunk_size: int = 1000,
    progress: bool | None = True,
    output=None,
    workers: int | None = None,
) -> GridScan:
    """Profiled χ² of ``fit`` on the grid spanned by ``axes`` (name -> values), other
    parameters at ``fixed``. ``fit`` is a :class:`~cevns.inference.fit.JointFit` or anything
    with its scan protocol (``check_point``, ``prepare``, ``profiled_chi2``, ``datasets``:
    e.g. :class:`~cevns.inference.darkmatter.DarkMatterSearch`).
    ``scheduler``: None (this process, on ``workers`` threads, default one per core),
    ``"local"`` (a Dask LocalCluster with one single-threaded worker per core, started and
    closed here), a scheduler address, or a running ``distributed.Client``. ``output``: a
    folder for the results as they come, from which an interrupted scan resumes (module
    docstring)."""
    values = {k: np.asarray(v, dtype=float).ravel() for k, v in axes.items()}
    if any(v.size == 0 for v in values.values()):
        raise CevnsInputError("every scan axis needs at least one value")
    grid = _Grid(values, dict(fixed or {}))
    if grid.size > MAX_GRID_POINTS:
        raise CevnsInputError(
            f"a scan grid of {grid.size:,} points is more than {MAX_GRID_POINTS:,}; use fewer "
            "points or scan a smaller range"
        )
    if int(chunk_size) < 1:
        raise CevnsInputError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    # Refuse a bad name or combination (say, a coupling without its mass) before any bar or
    # worker.
    fit.check_point(grid.points(0, 1)[0])
    store = _Store(Path(output), grid, fit.datasets, int(chunk_size)) if output else None
    chi2 = np.full(grid.size, np.nan)
    done = store.load(chi2) if store else np.zeros(grid.size, dtype=bool)
    chunks = [(a, b) for a, b in _chunk_bounds(grid.size, int(chunk_size)) if not done[a:b].all()]
    if chunks:
        fit.prepare(grid.corners())
        if scheduler is None:
            threads = workers or os.cpu_count() or 1
            _run_local(fit, grid, _tasks(chunks, threads), threads, chi2, store, progress)
        else:
            _run_dask(fit, grid, chunks, scheduler, chi2, store, progress)
    chi2 = chi2.reshape(grid.shape)
    ref = float(np.min(chi2)) if reference is None else float(reference)
    return GridScan(values, chi2, ref, grid.fixed, fit.datasets)


def _record(result, chi2: np.ndarray, store, bar) -> None:
    start, stop, values = result
    chi2[start:stop] = values
    if store:
        store.write(start, stop, values)
    bar.update(stop - start)


def _bar(total: int, desc: str, progress: bool | None):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="pt", disable=_hidden(progress))


def _run_local(fit, grid, tasks, threads, chi2, store, progress) -> None:
    bar = _bar(sum(t[-1][1] - t[0][0] for t in tasks), "scan", progress)
    with bar:
        if threads <= 1 or len(tasks) <= 1:
            for task in tasks:
                _record(_evaluate(fit, grid, task), chi2, store, bar)
            return
        pool = ThreadPoolExecutor(threads)
        try:
            for result in pool.map(lambda task: _evaluate(fit, grid, task), tasks):
                _record(result, chi2, store, bar)
        finally:  # interrupted: drop the tasks not started (what is written stays)
            pool.shutdown(wait=True, cancel_futures=True)


_SCHEDULER_ADDRESS = re.compile(r"^([a-z]+://)?[\w.\-\[\]:]+:\d+$")


def _hidden(progress: bool | None) -> bool | None:
    """tqdm's ``disable`` for ``progress``: None (a terminal only) stays None."""
    return None if progress is None else not progress


def _run_dask(fit, grid, chunks, scheduler, chi2, store, progress) -> None:
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - depends on the installation
        raise ImportError(
            "distributed scans need dask.distributed: pip install 'cevns[dask]'"
        ) from err
    if hasattr(scheduler, "submit"):  # an existing distributed.Client: use it, leave it open
        _gather(scheduler, fit, grid, chunks, chi2, store, progress)
        return
    if not (scheduler == "local" or _SCHEDULER_ADDRESS.match(str(scheduler))):
        raise CevnsInputError(
            f"Dask scheduler {scheduler!r}: give 'local', a scheduler address such as "
            "tcp://host:8786, or a distributed.Client"
        )
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        _gather(client, fit, grid, chunks, chi2, store, progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


_MALLOPT = {-1: 256 * 2**20, -3: 32 * 2**20}
"""glibc mallopt settings for scan workers: M_TRIM_THRESHOLD (-1) 256 MiB, M_MMAP_THRESHOLD
(-3) 32 MiB, the largest glibc takes on 64-bit systems."""


def _warm() -> None:
    """Ready a worker before any task arrives: import the scan's code and, on glibc, let the
    heap keep the memory it frees. Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_ =
    65536, which also freezes glibc's mmap threshold at 128 kB: every temporary above that
    is then mapped and unmapped anew, faulting in its pages each time. The profile's Newton
    steps make such temporaries at every step and ran 3.5 times slower that way."""
    import ctypes
    import ctypes.util

    import cevns.inference.fit  # noqa: F401

    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    if libc is not None and hasattr(libc, "mallopt"):
        for parameter, value in _MALLOPT.items():
            libc.mallopt(parameter, value)


def _gather(client, fit, grid, chunks, chi2, store, progress) -> None:
    from distributed import as_completed

    client.run(_warm)
    parallel = sum(client.nthreads().values()) or 1
    shared_fit = client.scatter(fit, broadcast=True)
    shared_grid = client.scatter(grid, broadcast=True)
    tasks = _tasks(chunks, parallel)
    futures = [client.submit(_evaluate, shared_fit, shared_grid, t, pure=False) for t in tasks]
    with _bar(sum(b - a for a, b in chunks), "scan (dask)", progress) as bar:
        for future in as_completed(futures):
            _record(future.result(), chi2, store, bar)


class _Store:
    """A scan's output folder: ``_scan.json`` (the grid) and one Parquet part per task."""

    def __init__(self, folder: Path, grid: _Grid, datasets, chunk_size: int):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise CevnsInputError(
                "writing a scan to a folder needs pyarrow: pip install 'cevns[parquet]'"
            ) from None
        if folder.exists() and not folder.is_dir():
            raise CevnsInputError(f"{folder} is a file: a scan's output is a folder")
        self.folder = folder
        self.grid = grid
        self.manifest = {
            "axes": {k: v.tolist() for k, v in grid.axes.items()},
            "fixed": grid.fixed,
            "datasets": list(datasets),
            "chunk_size": chunk_size,
        }
        path = folder / "_scan.json"
        if path.exists():
            if json.loads(path.read_text()) != json.loads(json.dumps(self.manifest)):
                raise CevnsInputError(
                    f"{folder} holds another scan (grid, data sets or chunk size differ): "
                    "give a new folder"
                )
        else:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(self.manifest, indent=1))

    def load(self, chi2: np.ndarray) -> np.ndarray:
        """Fill ``chi2`` from the finished parts; return which points they hold."""
        import pyarrow.parquet as pq

        done = np.zeros(chi2.size, dtype=bool)
        for part in sorted(self.folder.glob("part-*.parquet")):
            table = pq.read_table(part, columns=["index", "chi2"])
            index = table.column("index").to_numpy()
            chi2[index] = table.column("chi2").to_numpy()
            done[index] = True
        return done

    def write(self, start: int, stop: int, values: np.ndarray) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        index = np.arange(start, stop)
        where = np.unravel_index(index, self.grid.shape)
        columns = {"index": index}
        columns.update({n: v[i] for (n, v), i in zip(self.grid.axes.items(), where, strict=True)})
        columns["chi2"] = values
        name = f"part-{start:010d}-{stop - 1:010d}.parquet"
        temporary = self.folder / f".{name}.tmp"
        pq.write_table(pa.table(columns), temporary)
        temporary.replace(self.folder / name)  # a part is there whole or not at all


def load_scan(folder, reference: float | None = None) -> GridScan:
    """The :class:`GridScan` written to ``folder`` by :func:`scan_grid` with ``output``."""
    folder = Path(folder)
    path = folder / "_scan.json"
    if not path.exists():
        raise CevnsInputError(f"{folder} holds no scan (no _scan.json)")
    manifest = json.loads(path.read_text())
    axes = {k: np.asarray(v, dtype=float) for k, v in manifest["axes"].items()}
    grid = _Grid(axes, manifest["fixed"])
    store = _Store.__new__(_Store)
    store.folder, store.grid = folder, grid
    chi2 = np.full(grid.size, np.nan)
    missing = int((~store.load(chi2)).sum())
    if missing:
        raise CevnsInputError(
            f"{folder}: {missing:,} of {grid.size:,} points are not done; run the scan again "
            "with the same folder to finish it"
        )
    chi2 = chi2.reshape(grid.shape)
    ref = float(np.min(chi2)) if reference is None else float(reference)
    return GridScan(axes, chi2, ref, grid.fixed, tuple(manifest["datasets"]))
