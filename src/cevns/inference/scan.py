"""Parameter scans on grids: profiled χ² at every point, on this machine or with Dask.

The grid is cut into chunks; each chunk's signal templates are built and its nuisances
profiled together (:meth:`~.likelihood.BinnedPoissonLikelihood.profile_many`). Locally the
chunks run one after the other; with ``scheduler`` they run as Dask tasks on a
``dask.distributed`` cluster (a :class:`~distributed.LocalCluster` when ``scheduler="local"``,
or the scheduler at a given address). Both paths run the same function on the same chunks,
so their results are identical. A progress bar (tqdm) follows the chunks.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import numpy as np

from ..errors import CevnsInputError
from ..plotting import figures
from ..results import Result
from .fit import DCHI2_2D, JointFit

__all__ = ["GridScan", "scan_grid"]


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


def _evaluate(fit: JointFit, points: list[dict]) -> np.ndarray:
    """Profiled χ² at ``points`` (one chunk); the templates are not kept."""
    out = fit.profiled_chi2(points)
    fit.clear_cache()
    return out


def _chunks(points: list, size: int) -> list[list]:
    return [points[i : i + size] for i in range(0, len(points), size)]


MAX_GRID_POINTS = 1_000_000
"""Most points of one scan grid (a 1000 x 1000 grid; about a day of fits on one core)."""


def scan_grid(
    fit: JointFit,
    axes: dict,
    fixed: dict | None = None,
    reference: float | None = None,
    scheduler=None,
    chunk_size: int = 250,
    progress: bool | None = True,
) -> GridScan:
    """Profiled χ² of ``fit`` on the grid spanned by ``axes`` (name -> values), other
    parameters at ``fixed``. ``fit`` is a :class:`~cevns.inference.fit.JointFit` or anything
    with its scan protocol (``check_point``, ``profiled_chi2``, ``clear_cache``,
    ``datasets``: e.g. :class:`~cevns.inference.darkmatter.DarkMatterSearch`).
    ``scheduler``: None (this process), ``"local"`` (a Dask LocalCluster with one
    single-threaded worker per core, started and closed here), a scheduler address, or a
    running ``distributed.Client``."""
    values = {k: np.asarray(v, dtype=float).ravel() for k, v in axes.items()}
    if any(v.size == 0 for v in values.values()):
        raise CevnsInputError("every scan axis needs at least one value")
    size = int(np.prod([v.size for v in values.values()]))
    if size > MAX_GRID_POINTS:
        raise CevnsInputError(
            f"a scan grid of {size:,} points is more than {MAX_GRID_POINTS:,}; use fewer points "
            "or scan a smaller range"
        )
    fixed = dict(fixed or {})
    points = [
        {**fixed, **dict(zip(values, combo, strict=True))}
        for combo in itertools.product(*values.values())
    ]
    # Refuse a bad name or combination (say, a coupling without its mass) before any bar or
    # worker.
    fit.check_point(points[0])
    chunks = _chunks(points, chunk_size)
    if scheduler is None:
        from tqdm.auto import tqdm

        parts = [_evaluate(fit, c) for c in tqdm(chunks, desc="scan", disable=_hidden(progress))]
    else:
        parts = _run_dask(fit, chunks, scheduler, progress)
    chi2 = np.concatenate(parts).reshape([v.size for v in values.values()])
    ref = float(np.min(chi2)) if reference is None else float(reference)
    return GridScan(values, chi2, ref, fixed, fit.datasets)


_SCHEDULER_ADDRESS = re.compile(r"^([a-z]+://)?[\w.\-\[\]:]+:\d+$")


def _hidden(progress: bool | None) -> bool | None:
    """tqdm's ``disable`` for ``progress``: None (a terminal only) stays None."""
    return None if progress is None else not progress


def _run_dask(fit: JointFit, chunks: list, scheduler, progress: bool | None) -> list:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as err:  # pragma: no cover - depends on the installation
        raise ImportError(
            "distributed scans need dask.distributed: pip install 'cevns[dask]'"
        ) from err
    cluster = None
    if hasattr(scheduler, "submit"):  # an existing distributed.Client: use it, leave it open
        return _gather(scheduler, fit, chunks, progress, as_completed)
    if not (scheduler == "local" or _SCHEDULER_ADDRESS.match(str(scheduler))):
        raise CevnsInputError(
            f"Dask scheduler {scheduler!r}: give 'local', a scheduler address such as "
            "tcp://host:8786, or a distributed.Client"
        )
    if scheduler == "local":
        import os

        cluster = LocalCluster(
            n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        return _gather(client, fit, chunks, progress, as_completed)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _gather(client, fit: JointFit, chunks: list, progress: bool | None, as_completed) -> list:
    shared = client.scatter(fit, broadcast=True)
    futures = [client.submit(_evaluate, shared, c, pure=False) for c in chunks]
    order = {f.key: i for i, f in enumerate(futures)}
    parts: list = [None] * len(futures)
    from tqdm.auto import tqdm

    bar = tqdm(total=len(futures), desc="scan (dask)", disable=_hidden(progress))
    for future in as_completed(futures):
        parts[order[future.key]] = future.result()
        bar.update()
    bar.close()
    return parts
