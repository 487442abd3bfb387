"""Figures (matplotlib). No physics here: functions take result objects or arrays."""

from __future__ import annotations

import numpy as np

from ..physics import check_parameter

__all__ = [
    "plot_counts_vs_time",
    "plot_alp_sensitivity",
    "plot_dark_matter_timing",
    "plot_dark_matter_limit",
    "plot_recoil_spectrum",
    "plot_binned_spectrum",
    "plot_joint_spectrum",
    "plot_recoil_spectra",
    "plot_cross_section",
    "plot_flux",
    "plot_timing",
    "plot_profile",
    "plot_scan",
    "plot_sensitivities",
    "plot_nucleus",
    "plot_strength_function",
    "plot_budget",
    "plot_dark_matter_recoils",
    "save",
]

FLAVOR_LABELS = {
    "nue": r"$\nu_e$",
    "numu": r"$\nu_\mu$",
    "nutau": r"$\nu_\tau$",
    "nuebar": r"$\bar\nu_e$",
    "numubar": r"$\bar\nu_\mu$",
    "nutaubar": r"$\bar\nu_\tau$",
}


def _axes(ax):
    if ax is None:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.4, 4.4), constrained_layout=True)
    return ax


def save(ax, path) -> None:
    """Write the figure holding ``ax`` to ``path`` (format from the extension)."""
    ax.figure.savefig(path, dpi=150)


def plot_recoil_spectrum(spectrum, ax=None, flavors: bool = True, logy: bool = True):
    """dN/dT versus recoil energy, total and per flavor."""
    ax = _axes(ax)
    T = spectrum.recoil_keV
    ax.plot(T, spectrum.total, color="k", label="total")
    if flavors:
        for f, v in spectrum.per_flavor.items():
            ax.plot(T, v, ls="--", label=FLAVOR_LABELS.get(f, f))
    ax.set_xlabel("nuclear recoil energy T [keVnr]")
    ax.set_ylabel(f"dN/dT [events / keV / {spectrum.exposure.label}]")
    if logy:
        ax.set_yscale("log")
    title = spectrum.metadata.get("experiment") or spectrum.metadata.get("material", "")
    ax.set_title(title)
    ax.legend()
    return ax


def plot_recoil_spectra(spectra: dict, ax=None, logy: bool = True):
    """Several total recoil spectra on one axis (e.g. the Carey & Pandey (arXiv:2412.18055)
    detectors, its Fig. 3)."""
    ax = _axes(ax)
    unit = ""
    for name, spec in spectra.items():
        ax.plot(spec.recoil_keV, spec.total, label=name)
        unit = f"events / keV / {spec.exposure.label}"
    ax.set_xlabel("nuclear recoil energy T [keVnr]")
    ax.set_ylabel(f"dN/dT [{unit}]")
    if logy:
        ax.set_yscale("log")
    ax.legend()
    return ax


def _binned_axis_label(binned) -> str:
    if binned.variable == "recoil":
        return "recoil energy [keVnr]"
    if binned.edges_unit == "PE":
        return "photoelectrons"
    return f"observed energy [{binned.edges_unit}]"


def plot_binned_spectrum(binned, ax=None, flavors: bool = True):
    """Histogram of counts per bin, total and per flavor."""
    ax = _axes(ax)
    e = binned.edges
    ax.stairs(binned.total, e, color="k", label="total")
    if flavors:
        for f, v in binned.per_flavor.items():
            ax.stairs(v, e, ls="--", label=FLAVOR_LABELS.get(f, f))
    ax.set_xlabel(_binned_axis_label(binned))
    ax.set_ylabel(f"events / bin / {binned.exposure.label}")
    ax.legend()
    return ax


def plot_joint_spectrum(joint, ax=None):
    """Counts in the recoil-energy x arrival-time plane."""
    ax = _axes(ax)
    mesh = ax.pcolormesh(
        joint.time_edges_ns / 1000.0, joint.recoil_edges_keV, joint.total, shading="flat"
    )
    ax.figure.colorbar(mesh, ax=ax, label=f"events / bin / {joint.exposure.label}")
    ax.set_xlabel(r"arrival time [$\mu$s]")
    ax.set_ylabel("nuclear recoil energy T [keVnr]")
    return ax


def plot_directional_spectrum(spectrum, ax=None):
    """Counts in the cos(recoil angle) x recoil-energy plane."""
    ax = _axes(ax)
    mesh = ax.pcolormesh(
        spectrum.cos_edges, spectrum.recoil_edges_keV, spectrum.total, shading="flat"
    )
    ax.figure.colorbar(mesh, ax=ax, label=f"events / bin / {spectrum.exposure.label}")
    ax.set_xlabel(r"cos $\theta_r$ (recoil direction to neutrino direction)")
    ax.set_ylabel("recoil energy T [keV]")
    return ax


def plot_comparison(reference, other, labels=("Standard Model", "new physics"), axes=None):
    """Two binned spectra overlaid, with their ratio in a lower panel. Returns the axes."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(
            2,
            1,
            sharex=True,
            figsize=(6.4, 5.6),
            gridspec_kw={"height_ratios": [3, 1]},
            constrained_layout=True,
        )
    top, bottom = axes
    edges = reference.edges
    for spec, label in zip((reference, other), labels, strict=True):
        top.stairs(spec.total, edges, label=label)
    top.set_yscale("log")
    top.set_ylabel(f"events / bin / {reference.exposure.label}")
    top.legend()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(reference.total > 0, other.total / reference.total, np.nan)
    bottom.stairs(ratio, edges, color="k")
    bottom.axhline(1.0, color="0.6", lw=0.8)
    bottom.set_ylabel("ratio")
    bottom.set_xlabel(_binned_axis_label(reference))
    return axes


def plot_cross_section(energy_MeV, sigma_cm2: dict, ax=None, logy: bool = True):
    """σ(E) curves, one per label."""
    ax = _axes(ax)
    for label, s in sigma_cm2.items():
        ax.plot(energy_MeV, s, label=label)
    ax.set_xlabel(r"neutrino energy $E_\nu$ [MeV]")
    ax.set_ylabel(r"$\sigma$ [cm$^2$]")
    if logy:
        ax.set_yscale("log")
    ax.legend()
    return ax


def plot_flux(flux, ax=None, n: int = 400):
    """dΦ/dE per flavor, with lines drawn as arrows labelled by their integral flux."""
    ax = _axes(ax)
    E = np.linspace(0.0, flux.max_energy * 1.02, n)
    for comp in flux.components:
        label = FLAVOR_LABELS.get(comp.flavor, comp.flavor)
        if comp.spectrum.lines:
            for e, phi in flux.lines(comp.flavor):
                ax.axvline(
                    e, ls=":", color="k", label=f"{label}: line at {e:.2f} MeV, {phi:.3g} /cm²/s"
                )
        else:
            ax.plot(E, flux.differential(comp.flavor, E), label=label)
    ax.set_xlabel(r"neutrino energy $E_\nu$ [MeV]")
    ax.set_ylabel(r"d$\Phi$/dE [$\nu$ / cm$^2$ / s / MeV]")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="small")
    return ax


def plot_timing(timing, ax=None, t_max_ns: float = 10000.0, n: int = 2000):
    """Prompt and delayed arrival-time densities."""
    ax = _axes(ax)
    lo = timing.pulse.support()[0]
    t = np.linspace(lo, t_max_ns, n)
    ax.plot(t / 1000.0, timing.pdf("prompt", t) * 1000.0, label=r"prompt ($\nu_\mu$)")
    ax.plot(
        t / 1000.0, timing.pdf("delayed", t) * 1000.0, label=r"delayed ($\nu_e$, $\bar\nu_\mu$)"
    )
    ax.set_xlabel(r"time after the pulse centre [$\mu$s]")
    ax.set_ylabel(r"probability density [1/$\mu$s]")
    ax.legend()
    return ax


def plot_profile(curve, label: str | None = None, ax=None):
    """Profile likelihood Δχ² of one parameter with the 68 % and 90 % CL levels."""
    ax = _axes(ax)
    ax.plot(curve.values, curve.delta_chi2, color="C0")
    for level, text in ((1.0, "68% CL"), (2.706, "90% CL")):
        ax.axhline(level, color="0.5", lw=0.8, ls="--")
        ax.text(curve.values[0], level, f" {text}", va="bottom", fontsize=8, color="0.3")
    ax.set_xlabel(label or curve.parameter)
    ax.set_ylabel(r"$\Delta\chi^2$")
    ax.set_ylim(0, max(6.0, min(float(np.nanmax(curve.delta_chi2)), 12.0)))
    ax.set_title(" + ".join(curve.datasets), fontsize=9)
    return ax


def plot_scan(scan, ax=None):
    """Δχ² of a grid scan: a curve for one axis; 68/90/95 % CL contours for two (log axes
    where the grid is logarithmic)."""
    names = list(scan.axes)
    if len(names) == 1:
        from types import SimpleNamespace

        values = scan.axes[names[0]]
        curve = SimpleNamespace(
            values=values, delta_chi2=scan.delta_chi2, parameter=names[0], datasets=scan.datasets
        )
        return plot_profile(curve, check_parameter(names[0]).label, ax)
    ax = _axes(ax)
    x, y = (scan.axes[n] for n in names)
    # Δχ² of a 68/90/95 % CL region in two parameters (Wilks): -2 ln(1 - CL)
    levels = [-2.0 * np.log(1.0 - cl) for cl in (0.6827, 0.90, 0.95)]
    cs = ax.contour(x, y, scan.delta_chi2.T, levels=levels, colors=["C0", "C1", "C2"])
    ax.clabel(cs, fmt={lv: f"{c}%" for lv, c in zip(levels, (68, 90, 95), strict=True)})
    for axis, values in (("x", x), ("y", y)):
        if values[0] > 0 and np.allclose(np.diff(np.log(values)), np.log(values[1] / values[0])):
            getattr(ax, f"set_{axis}scale")("log")
    ax.set_xlabel(check_parameter(names[0]).label)
    ax.set_ylabel(check_parameter(names[1]).label)
    ax.set_title(" + ".join(scan.datasets), fontsize=9)
    return ax


def plot_sensitivities(results: list, parameter: str, ax=None):
    """Expected sensitivities (:class:`cevns.inference.sensitivity.Sensitivity` results)
    of several experiments: Δχ² profiles for a parameter, or the 90 % CL Z' coupling limit
    versus mass for ``"zprime"``."""
    ax = _axes(ax)
    if parameter == "zprime":
        for r in results:
            ax.plot(r.zprime_masses_MeV, r.zprime_g_90, label=r.experiment)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"$M_{Z'}$ [MeV]")
        ax.set_ylabel(r"$g_{Z'}$ excluded above (90% CL)")
        ax.set_title("universal light vector mediator, Asimov", fontsize=9)
    else:
        for r in results:
            c = r.curves[parameter]
            ax.plot(c.values, c.delta_chi2, label=r.experiment)
        for level in (1.0, 2.706):
            ax.axhline(level, color="0.5", lw=0.8, ls="--")
        p = check_parameter(parameter)
        ax.set_xlabel(p.label + (f" [{p.unit}]" if p.unit else ""))
        ax.set_ylabel(r"$\Delta\chi^2$")
        ax.set_ylim(0, 6)
        ax.set_title("expected (Asimov)", fontsize=9)
    ax.legend(fontsize=8)
    return ax


def plot_nucleus(r_fm, densities: dict, q_fm, form_factors: dict, title: str = "", axes=None):
    """Radial densities (fm⁻³) and |form factors| (log scale) side by side. Returns the axes."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10.0, 4.2), constrained_layout=True)
    left, right = axes
    for label, rho in densities.items():
        left.plot(r_fm, rho, label=label)
    left.set_xlabel("r [fm]")
    left.set_ylabel(r"density [fm$^{-3}$]")
    largest = np.max(list(densities.values()), axis=0)
    left.set_xlim(0.0, float(np.asarray(r_fm)[largest > 1e-5 * largest.max()][-1]))
    left.legend()
    for label, f in form_factors.items():
        right.plot(q_fm, np.abs(f), label=label)
    right.set_yscale("log")
    right.set_xlabel(r"q [fm$^{-1}$]")
    right.set_ylabel("|F(q)|")
    right.legend()
    if title:
        left.figure.suptitle(title)
    return axes


def plot_strength_function(strength, ax=None, title: str = ""):
    """A :class:`~cevns.nuclear.skyrme.continuum.StrengthFunction`: the RPA and the free
    strength (MeV⁻¹) against the excitation energy. Returns the axes."""
    ax = _axes(ax)
    ax.plot(strength.omega_MeV, strength.strength, label="RPA")
    ax.plot(strength.omega_MeV, strength.free, ls="--", label="free (HF)")
    ax.axhline(0.0, color="0.6", lw=0.5)
    ax.set_xlabel(r"$\omega$ [MeV] (model energy above the target)")
    ax.set_ylabel(r"$dB/d\omega$ [MeV$^{-1}$]")
    ax.set_xlim(float(strength.omega_MeV[0]), float(strength.omega_MeV[-1]))
    ax.legend()
    if title:
        ax.set_title(title)
    return ax


def plot_budget(energy_MeV, rows: dict, total, title: str = "", ax=None):
    """Relative theory uncertainty vs neutrino energy, stacked by source. The sources add in
    quadrature, so each band's height is its share of the variance times the total: the
    stack ends at the total."""
    ax = _axes(ax)
    E = np.asarray(energy_MeV, dtype=float)
    total = np.asarray(total, dtype=float)
    variance = sum(np.asarray(v) ** 2 for v in rows.values())
    safe = np.where(variance > 0, variance, 1.0)
    bottom = np.zeros_like(E)
    for name, value in rows.items():
        share = 100.0 * total * np.asarray(value) ** 2 / safe
        if np.max(share) < 1e-3 * max(np.max(100.0 * total), 1e-300):
            continue
        ax.fill_between(E, bottom, bottom + share, label=name, alpha=0.8)
        bottom = bottom + share
    ax.plot(E, 100.0 * total, color="k", lw=1.5, label="total")
    ax.set_xlabel("neutrino energy E [MeV]")
    ax.set_ylabel("relative uncertainty of σ(E) [%]")
    if title:
        ax.set_title(f"theory uncertainty, {title} (stacked by share of the variance)")
    ax.legend(fontsize="small")
    return ax


def plot_dark_matter_timing(t_ns, components: dict, title: str = "", ax=None):
    """Arrival-time densities in events per μs (``components``: label -> array over
    ``t_ns``): the prompt χ against the CEvNS prompt and delayed neutrinos."""
    ax = _axes(ax)
    t_us = np.asarray(t_ns, dtype=float) * 1e-3
    styles = {"dark matter (χ)": "C3"}
    for label, density in components.items():
        ax.plot(t_us, density, label=label, color=styles.get(label))
    ax.set_xlabel("arrival time after the pulse centre [μs]")
    ax.set_ylabel("events per μs")
    ax.set_yscale("log")
    top = max(float(np.max(v)) for v in components.values())
    ax.set_ylim(top * 1e-4, top * 2)
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_dark_matter_recoils(edges_keV, dark_matter, cevns, title: str = "", ax=None):
    """Dark-matter and CEvNS counts per recoil bin (step histograms)."""
    ax = _axes(ax)
    edges = np.asarray(edges_keV, dtype=float)
    ax.stairs(np.asarray(cevns, dtype=float), edges, label="CEvNS", color="k")
    ax.stairs(np.asarray(dark_matter, dtype=float), edges, label="dark matter (χ)", color="C3")
    ax.set_xlabel("nuclear recoil energy T [keVnr]")
    ax.set_ylabel("events per bin")
    ax.set_yscale("log")
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_dark_matter_limit(limit, ax=None, relic=None, published=None):
    """A dark-matter limit in (m_χ, Y): our curve, optionally the relic target (``relic``:
    (masses, Y)) and published curves (``published``: label -> (masses, Y))."""
    ax = _axes(ax)
    ax.plot(limit.dm_masses_MeV, limit.limit, color="C3", label=f"{limit.dataset} (90 % CL)")
    if relic is not None:
        ax.plot(*relic, color="k", ls="--", label=f"thermal relic ({limit.dm_spin} χ)")
    for i, (label, (m, y)) in enumerate((published or {}).items()):
        ax.plot(m, y, ls=":", marker="o", ms=3, color=f"C{i}", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("dark matter mass m_χ [MeV]")
    ax.set_ylabel("Y = ε² α_D (m_χ/m_V)⁴")
    ax.set_title(f"m_V = {limit.mass_ratio:g} m_χ, α_D = {limit.alpha_dark:g}", fontsize="medium")
    ax.legend(fontsize="small")
    return ax


def plot_alp_sensitivity(sensitivity, ax=None, label: str | None = None, color: str = "C0"):
    """The reach in (m_a, g_aγγ): the region between the lower and upper edges."""
    ax = _axes(ax)
    m = sensitivity.masses_MeV
    lo, hi = sensitivity.lower, sensitivity.upper
    ok = np.isfinite(lo) & np.isfinite(hi)
    name = label or f"{sensitivity.experiment} (expected 90 % CL)"
    ax.fill_between(m[ok], lo[ok], hi[ok], color=color, alpha=0.25, label=name)
    ax.plot(m[ok], lo[ok], color=color)
    ax.plot(m[ok], hi[ok], color=color)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("ALP mass m_a [MeV]")
    ax.set_ylabel("g_aγγ [GeV⁻¹]")
    ax.legend(fontsize="small")
    return ax


def plot_counts_vs_time(counts, ax=None, label: str | None = None):
    """Events per second in each time bin of a burst (step histogram)."""
    ax = _axes(ax)
    widths = np.diff(counts.edges_s)
    ax.stairs(counts.total / widths, counts.edges_s, label=label or counts.experiment)
    ax.set_xlabel("time after bounce [s]")
    ax.set_ylabel(f"{counts.process} events per second")
    ax.set_yscale("log")
    ax.legend(fontsize="small")
    return ax
