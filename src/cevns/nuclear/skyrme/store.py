"""Hartree-Fock results kept on disk, so a nucleus is solved once per machine.

Results go to ``$CEVNS_CACHE_DIR`` (default ``$XDG_CACHE_HOME/cevns`` or ``~/.cache/cevns``)
as ``.npz`` files named by the nucleus, the Skyrme set and a hash of its parameters and the
solver settings; a file that cannot be read is recomputed and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from .hf import HartreeFockResult, Level, solve
from .parameters import skyrme_parameters

__all__ = ["hartree_fock", "cache_dir"]

_FORMAT = 4  # bump when the solver's output changes


def cache_dir() -> Path:
    """Where HF results are stored."""
    if os.environ.get("CEVNS_CACHE_DIR"):
        return Path(os.environ["CEVNS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cevns"


def _path(Z: int, N: int, parameters, mesh_fm: float) -> Path:
    key = json.dumps([_FORMAT, parameters.to_dict(), mesh_fm], sort_keys=True, default=str)
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return cache_dir() / f"hf_Z{Z}_N{N}_{parameters.name}_{digest}.npz"


def hartree_fock(
    Z: int, N: int, skyrme="SLy4", mesh_fm: float = 0.1, progress=None
) -> HartreeFockResult:
    """The HF ground state of (Z, N) with ``skyrme``, from the disk cache when present
    (``progress`` as in :func:`~.hf.solve`, called only when solving)."""
    parameters = skyrme_parameters(skyrme)
    path = _path(int(Z), int(N), parameters, mesh_fm)
    if path.is_file():
        try:
            return _load(path, parameters)
        except (OSError, ValueError, KeyError):
            pass  # unreadable: recompute below
    result = solve(Z, N, parameters, mesh_fm=mesh_fm, progress=progress)
    try:
        _save(path, result)
    except OSError:
        pass  # a read-only cache only costs speed
    return result


def _save(path: Path, r: HartreeFockResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "Z": r.Z,
        "N": r.N,
        "levels": [[lv.kind, lv.n, lv.l, lv.j, lv.energy_MeV, lv.occupation] for lv in r.levels],
        "total_energy_MeV": r.total_energy_MeV,
        "energy_terms_MeV": r.energy_terms_MeV,
        "iterations": r.iterations,
        "residual_MeV": r.residual_MeV,
        "mesh_fm": r.mesh_fm,
        "box_fm": r.box_fm,
    }
    tmp = path.with_suffix(".tmp.npz")
    np.savez(
        tmp,
        r=r.r_fm,
        rho_p=r.rho_p,
        rho_n=r.rho_n,
        tau_p=r.tau_p,
        tau_n=r.tau_n,
        J_p=r.J_p,
        J_n=r.J_n,
        meta=json.dumps(meta),
    )
    tmp.replace(path)


def _load(path: Path, parameters) -> HartreeFockResult:
    with np.load(path) as f:
        meta = json.loads(str(f["meta"]))
        arrays = {k: f[k] for k in ("r", "rho_p", "rho_n", "tau_p", "tau_n", "J_p", "J_n")}
    return HartreeFockResult(
        meta["Z"],
        meta["N"],
        parameters,
        arrays["r"],
        arrays["rho_p"],
        arrays["rho_n"],
        arrays["tau_p"],
        arrays["tau_n"],
        arrays["J_p"],
        arrays["J_n"],
        tuple(Level(*lv) for lv in meta["levels"]),
        meta["total_energy_MeV"],
        meta["energy_terms_MeV"],
        meta["iterations"],
        meta["residual_MeV"],
        meta["mesh_fm"],
        meta["box_fm"],
    )
