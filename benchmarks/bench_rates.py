"""Speed of the rate engine, against a straightforward scipy.integrate.quad implementation.

Run by hand:  python benchmarks/bench_rates.py  [--json results.json]

Cases: a 100-bin CsI recoil spectrum at the SNS (2 isotopes, 3 flavors, the 29.8 MeV line
exact); the same with the precision Standard Model (radiative couplings, axial term, nucleon
form factors) against tree level; one total count; σ(E) on 1000 energies; and the Carey &
Pandey (arXiv:2412.18055) study end to end. New physics: the same spectrum with every effect
switched on at once, with a new model on each call, and a 100 x 100 grid of light vector
mediator (mass, coupling) points giving total COHERENT CsI counts, each point exact.
"cold" builds a new calculator (or cross-section table) each time; "warm" reuses one,
as a parameter scan does. The quad reference integrates the same double integral
(recoil bin x neutrino energy) with nested adaptive quadrature.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import timeit

import numpy as np
from scipy.integrate import quad

import cevns
from cevns import PhysicsModel, RateCalculator
from cevns.constants import KEV, SECONDS_PER_DAY
from cevns.physics import ScalarMediator, SterileNeutrino, VectorMediator
from cevns.rates.studies import lar_detectors_study
from cevns.sources import facility
from cevns.xsec import coherent_cross_section, min_neutrino_energy
from cevns.xsec.coherent import _cached, _form_factors


def best_time(func, number: int, repeat: int = 5) -> float:
    """Best mean time per call (s) over ``repeat`` runs of ``number`` calls."""
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number


def csi_calculator() -> RateCalculator:
    exp = cevns.Experiment("CsI", facility("SNS"), cevns.Detector("CsI", 14.57), 19.3)
    return RateCalculator.for_experiment(exp)


def quad_binned(calc: RateCalculator, edges_keV: np.ndarray) -> np.ndarray:
    """Counts per day in recoil bins by nested scipy quad (outer T, inner E_nu)."""

    def dn_dT(T):  # events / s / MeV
        total = 0.0
        for iso, n in zip(calc.detector.material.isotopes, calc.detector.nuclei(), strict=True):
            xs = coherent_cross_section(iso, calc.form_factor, calc.model)
            e_min = float(min_neutrino_energy(T, xs.mass))
            for comp in calc.flux.components:
                if comp.spectrum.lines:
                    for e in comp.spectrum.lines:
                        total += n * comp.rate * float(xs.dsigma_dT(e, T, comp.flavor))
                elif e_min < comp.spectrum.max_energy:
                    pdf = comp.spectrum.pdf
                    total += (
                        n
                        * comp.rate
                        * quad(
                            lambda E, xs=xs, pdf=pdf, f=comp.flavor: (
                                pdf(E) * float(xs.dsigma_dT(E, T, f))
                            ),
                            e_min,
                            comp.spectrum.max_energy,
                            epsrel=1e-10,
                        )[0]
                    )
        return total

    kinks = [
        float(cevns.max_recoil_energy(e, i.mass)) / KEV
        for i in calc.detector.material.isotopes
        for e in (29.792, 52.829)
    ]
    out = []
    for lo, hi in zip(edges_keV[:-1], edges_keV[1:], strict=True):
        pts = [k for k in kinks if lo < k < hi]
        out.append(
            quad(lambda t: dn_dT(t * KEV), lo, hi, points=pts or None, epsrel=1e-9)[0]
            * KEV
            * SECONDS_PER_DAY
        )
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    results = {}
    edges = np.linspace(0.0, 60.0, 101)

    calc = csi_calculator()
    calc.binned(edges)
    results["csi_100_bins_warm_ms"] = best_time(lambda: calc.binned(edges), 2000) * 1e3
    results["csi_100_bins_cold_ms"] = best_time(lambda: csi_calculator().binned(edges), 300) * 1e3
    results["csi_total_count_warm_ms"] = best_time(calc.counts, 2000) * 1e3

    # precision Standard Model (radiative couplings, axial term, nucleon form factors folded
    # into Helm) against tree level (vector only, Helm), same warm 100-bin spectrum
    exp = cevns.Experiment("CsI", facility("SNS"), cevns.Detector("CsI", 14.57), 19.3)
    tree = RateCalculator.for_experiment(exp, model=PhysicsModel(radiative=False, axial=False))
    precision = RateCalculator.for_experiment(
        exp, form_factor=cevns.FormFactorModel("helm", nucleon_size=True), model=PhysicsModel()
    )
    tree.binned(edges)
    precision.binned(edges)
    results["csi_100_bins_tree_level_warm_ms"] = best_time(lambda: tree.binned(edges), 2000) * 1e3
    results["csi_100_bins_precision_warm_ms"] = (
        best_time(lambda: precision.binned(edges), 2000) * 1e3
    )
    results["precision_over_tree_level_warm"] = (
        results["csi_100_bins_precision_warm_ms"] / results["csi_100_bins_tree_level_warm_ms"]
    )
    results["csi_total_count_cold_ms"] = best_time(lambda: csi_calculator().counts(), 300) * 1e3

    E = np.linspace(1.0, 60.0, 1000)
    xs = coherent_cross_section("40Ar")
    xs.total(E)
    results["sigma_1000_energies_warm_ms"] = best_time(lambda: xs.total(E), 2000) * 1e3

    def sigma_cold():
        _cached.cache_clear()
        _form_factors.cache_clear()
        return coherent_cross_section("40Ar").total(E)

    results["sigma_1000_energies_cold_ms"] = best_time(sigma_cold, 100) * 1e3
    results["lar_detectors_study_ms"] = best_time(lambda: lar_detectors_study(), 20) * 1e3

    # new physics: every effect at once, on a warm calculator (a scan changes the model)
    bsm_edges = np.linspace(1.0, 60.0, 101)
    all_effects = PhysicsModel(
        radiative=False,
        running=True,
        magnetic_moment={"mu": 1e-10},
        charge_radius_cm2={"e": 1e-33},
        millicharge={"e": 1e-10},
        nsi={"ee_u": 0.05, "emu_d": 0.02},
        vector_mediators=[VectorMediator(20.0, 1e-5, "B-L")],
        scalar_mediators=[ScalarMediator(20.0, 1e-6)],
        sterile=SterileNeutrino(1.0, 0.01, 0.01),
    )
    calc.binned(bsm_edges, model=all_effects)
    results["csi_100_bins_all_effects_warm_ms"] = (
        best_time(lambda: calc.binned(bsm_edges, model=all_effects), 500) * 1e3
    )
    moments = iter(np.geomspace(1e-11, 1e-9, 10**6))
    results["csi_100_bins_new_magnetic_moment_each_call_ms"] = (
        best_time(
            lambda: calc.binned(
                bsm_edges, model=PhysicsModel(magnetic_moment={"mu": next(moments)})
            ),
            500,
        )
        * 1e3
    )
    dm2 = iter(np.geomspace(0.1, 10.0, 10**5))
    results["csi_100_bins_new_sterile_each_call_ms"] = (
        best_time(
            lambda: calc.binned(
                bsm_edges, model=PhysicsModel(sterile=SterileNeutrino(next(dm2), 0.01, 0.01))
            ),
            50,
        )
        * 1e3
    )
    coherent = RateCalculator.for_experiment("COHERENT-CsI")
    masses, couplings = np.geomspace(0.1, 1000.0, 100), np.geomspace(1e-6, 1e-3, 100)
    coherent.vector_mediator_grid(masses, couplings)
    results["zprime_grid_100x100_csi_warm_ms"] = (
        best_time(lambda: coherent.vector_mediator_grid(masses, couplings), 50) * 1e3
    )
    results["zprime_grid_100x100_csi_cold_ms"] = (
        best_time(
            lambda: RateCalculator.for_experiment("COHERENT-CsI").vector_mediator_grid(
                masses, couplings
            ),
            20,
        )
        * 1e3
    )
    probe = PhysicsModel(vector_mediators=[VectorMediator(masses[37], couplings[81])])
    results["zprime_grid_point_vs_counts_relative_difference"] = abs(
        coherent.vector_mediator_grid(masses, couplings).counts[37, 81]
        / coherent.counts(model=probe).total
        - 1
    )
    results["zprime_one_point_via_counts_ms"] = (
        best_time(lambda: coherent.counts(model=probe), 200) * 1e3
    )

    fast = calc.binned(edges).total
    t0 = time.perf_counter()
    slow = quad_binned(calc, edges)
    results["quad_100_bins_ms"] = (time.perf_counter() - t0) * 1e3
    mask = slow > 0
    results["quad_max_relative_difference"] = float(np.max(np.abs(fast[mask] / slow[mask] - 1)))
    results["speedup_warm_vs_quad"] = results["quad_100_bins_ms"] / results["csi_100_bins_warm_ms"]
    results["speedup_cold_vs_quad"] = results["quad_100_bins_ms"] / results["csi_100_bins_cold_ms"]
    results["machine"] = (
        f"{platform.processor() or platform.machine()}, {platform.system()}, "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )

    width = max(len(k) for k in results)
    for key, value in results.items():
        text = f"{value:.4g}" if isinstance(value, float) else value
        print(f"{key:<{width}}  {text}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
