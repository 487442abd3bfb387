"""The COHERENT analyses, one module per public data release: binned likelihood ingredients
(observed counts, background template, signal model on the rate engine). The detectors and
their variations are stated with their sources, or taken from the experiment presets; the raw
data come from the releases (:mod:`cevns.inference.releases`)."""

from __future__ import annotations

from ..releases import load_release
from .analysis import Analysis, SignalModel
from .csi_2017 import CSI_2017, csi_2017, release_clock_offset_ns
from .csi_2021 import CSI_2021, csi_2021
from .lar_2020 import LAR_2020, lar_2020

__all__ = [
    "Analysis",
    "CSI_2017",
    "CSI_2021",
    "LAR_2020",
    "SignalModel",
    "csi_2017",
    "csi_2021",
    "lar_2020",
    "load_analysis",
    "release_clock_offset_ns",
]

_BUILDERS = {
    "coherent-csi-2017": csi_2017,
    "coherent-csi-2021": csi_2021,
    "coherent-lar-2020": lar_2020,
}


def load_analysis(name: str, data_dir=None) -> Analysis:
    """The analysis of data set ``name`` built from its release in ``data_dir`` (default
    $CEVNS_DATA_DIR)."""
    release = load_release(name, data_dir)
    return _BUILDERS[name](release)
