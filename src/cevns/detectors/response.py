"""The detector response: from a nuclear recoil to the bins of what is reconstructed.

A recoil of T keVnr gives E_ee = quenching.observed(T) keVee; the resolution smears E_ee into
the reconstructed quantity (keVee, or photoelectrons); efficiencies weight events by recoil
energy and by the reconstructed quantity, and the thresholds cut them. Every spectrum in
observed energy, every count of a detector with an observed-energy response and every
template of the inference goes through :func:`response_matrix`, evaluated by the rate engine
at its recoil quadrature nodes.
"""

from __future__ import annotations

import numpy as np

from ..errors import CevnsInputError
from ..nuclei import Isotope

__all__ = ["response_matrix"]


def response_matrix(detector, recoil_keV, iso: Isotope, observed_edges) -> np.ndarray:
    """P(reconstructed in each bin of ``observed_edges`` | recoil T) x recoil efficiency x
    reconstructed-quantity efficiency, for recoils ``recoil_keV`` (keVnr) of ``iso`` in
    ``detector`` (a :class:`~cevns.detectors.Detector` with quenching): shape (bins, recoils).
    Without a resolution a recoil lands in the bin of its quenched energy."""
    if detector.quenching is None:
        raise CevnsInputError("an observed-energy response needs a detector with quenching")
    T = np.asarray(recoil_keV, dtype=float)
    edges = np.asarray(observed_edges, dtype=float)
    E = np.asarray(detector.quenching.observed(T, iso), dtype=float)
    if detector.resolution is None:
        idx = np.searchsorted(edges, E, side="right") - 1
        keep = (idx >= 0) & (idx < edges.size - 1)
        R = np.zeros((edges.size - 1, T.size))
        R[idx[keep], np.flatnonzero(keep)] = detector.observed_efficiency(E)[keep]
    else:
        R = detector.resolution.bin_probabilities(E, edges, detector.observed_efficiency)
    return R * detector.recoil_efficiency(T)
