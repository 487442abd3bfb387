"""Supernova fluences, burst event counts, SNOwGLoBES files and snewpy interoperability."""

import json
from dataclasses import replace

import numpy as np
import pytest
from scipy import integrate

from cevns.cli.main import main
from cevns.constants import ATOMIC_MASS_UNIT_KG
from cevns.detectors.experiments import experiment, experiment_from_dict
from cevns.errors import DataFileError
from cevns.io.snowglobes import read_snowglobes_fluence, write_snowglobes_fluence
from cevns.io.xscns import read_xscns, xscns_table
from cevns.nuclear.formfactors import form_factor_model
from cevns.nuclei import isotope
from cevns.physics import PhysicsModel
from cevns.rates.engine import RateCalculator
from cevns.rates.exposure import Exposure
from cevns.rates.inelastic import InelasticRate
from cevns.sources.facilities import facility
from cevns.sources.supernova import (
    KPC_M,
    PinchedSpectrum,
    supernova_from_dict,
    supernova_model,
    supernova_models,
)
from cevns.xsec.coherent import coherent_cross_section
from cevns.xsec.inelastic.allowed import AllowedCrossSection

# --- the pinched spectrum ------------------------------------------------------------------------


@pytest.mark.parametrize("mean,alpha", [(12.0, 2.0), (15.0, 4.31), (18.0, 1.5)])
def test_pinched_spectrum_moments_by_quadrature(mean, alpha):
    """Unit integral, mean ⟨E⟩, ⟨E²⟩ = ⟨E⟩²(α+2)/(α+1) (Tamborra et al. 2012) and the closed-form
    inverse moments, all against scipy's adaptive quadrature of the pdf."""
    s = PinchedSpectrum(mean, alpha)

    def quad(f, lo=0.0):
        return integrate.quad(f, lo, s.max_energy, limit=200, epsabs=0, epsrel=1e-11)[0]

    assert quad(s.pdf) == pytest.approx(1.0, abs=1e-9)
    assert quad(lambda E: E * s.pdf(E)) == pytest.approx(mean, rel=1e-8)
    assert quad(lambda E: E * E * s.pdf(E)) == pytest.approx(s.mean_energy_squared(), rel=1e-8)
    assert s.mean_energy_squared() == pytest.approx(mean**2 * (alpha + 2) / (alpha + 1))
    for e_min in (0.3, 5.0, 40.0):
        expect = [quad(lambda E, k=k: s.pdf(E) * E**-k, e_min) for k in range(3)]
        assert s.moments(e_min) == pytest.approx(expect, rel=1e-8)
    E, w = s.nodes()
    assert np.sum(w * E**3) == pytest.approx(quad(lambda E: E**3 * s.pdf(E)), rel=1e-8)


def test_alpha_two_is_maxwell_boltzmann():
    """α = 2: pdf = (27 / 2⟨E⟩³) E² exp(-3E/⟨E⟩), the Maxwell-Boltzmann form (exact)."""
    mean = 11.0
    E = np.array([0.5, 5.0, 11.0, 30.0, 80.0])
    expect = 27.0 / (2.0 * mean**3) * E**2 * np.exp(-3.0 * E / mean)
    assert PinchedSpectrum(mean, 2.0).pdf(E) == pytest.approx(expect, rel=1e-12)


def test_pinched_spectrum_cut_holds_1e_10_of_the_spectrum():
    s = PinchedSpectrum(15.0, 3.0)
    tail = integrate.quad(lambda E: 256 / 15.0**4 / 6 * E**3 * np.exp(-4 * E / 15.0), s.max_energy,
                          np.inf)[0]  # fmt: skip
    assert tail == pytest.approx(1e-10, rel=2e-3)  # the cut is placed to 0.1 %


@pytest.mark.parametrize("mean,alpha", [(-1.0, 3.0), (10.0, 1.0), (10.0, np.nan)])
def test_pinched_spectrum_rejects_bad_parameters(mean, alpha):
    with pytest.raises(ValueError, match="mean energy|alpha"):
        PinchedSpectrum(mean, alpha)


# --- fluences and presets ------------------------------------------------------------------------


def test_fluence_by_hand():
    """Φ = ε/(4π d² ⟨E⟩): 5e52 erg at 12 MeV from 10 kpc, worked with 1 erg = 624150.9 MeV
    and 1 pc = 3.0857e18 cm: 2.6006e57 neutrinos over 1.1965e46 cm² = 2.1735e11 cm⁻²."""
    flux = supernova_model("standard").fluence(10.0)
    assert flux.time_integrated
    assert flux.component("nue").rate == pytest.approx(2.1735e11, rel=1e-4)
    assert flux.component("nutau").rate == pytest.approx(2.1735e11 * 12 / 18, rel=1e-4)
    far = supernova_model("standard").fluence(20.0)
    assert far.component("nue").rate == pytest.approx(flux.component("nue").rate / 4)


def test_presets_carry_sources_and_snowglobes_example_values():
    """The SNOwGLoBES example lines (fluxes/pinched_info_example.dat) are as in that file."""
    for name in supernova_models():
        assert supernova_model(name).references
    ex1 = supernova_model("snowglobes-example-1")
    assert (ex1.nue.alpha, ex1.nuebar.alpha, ex1.nux.alpha) == (2, 3, 4)
    assert (ex1.nue.mean_energy, ex1.nuebar.mean_energy, ex1.nux.mean_energy) == (12, 15, 18)
    assert supernova_model("standard").total_energy_erg() == pytest.approx(3e53)


def test_supernova_from_dict_errors():
    good = {"mean_energy_MeV": 12.0, "alpha": 2.0, "energy_erg": 5e52}
    with pytest.raises(ValueError, match="nux needs"):
        supernova_from_dict("x", {"nue": good, "nuebar": good})
    with pytest.raises(ValueError, match="alpha"):
        supernova_from_dict("x", {"nue": good, "nuebar": good, "nux": {**good, "alpha": 0.5}})
    with pytest.raises(ValueError, match="presets: standard"):
        supernova_model("nope")


def test_burst_exposure_units():
    sn = experiment("SN-Ar-1t")
    calc = RateCalculator.for_experiment(sn)
    with pytest.raises(ValueError, match="per burst"):
        calc.counts("day")
    with pytest.raises(ValueError, match="time-integrated"):
        Exposure(1.0, "burst").seconds(facility("SNS"))
    assert calc.counts("burst").exposure == Exposure(1.0, "burst")


# --- burst event counts against a second method --------------------------------------------------


def test_cevns_burst_count_matches_direct_double_integral():
    """Events in 1 t of xenon above 1 keV: the rate engine against scipy's dblquad of
    Φ pdf(E) dσ/dT over E and T, isotope by isotope (second method)."""
    exp = experiment("SN-Xe-1t")
    exp = replace(exp, detector=replace(exp.detector, threshold_keV=1.0))
    engine = RateCalculator.for_experiment(exp).counts("burst").per_flavor
    flux = exp.flux()
    ff, model = form_factor_model("helm"), PhysicsModel()
    mat = exp.detector.material
    for flavor in ("nue", "numu"):
        comp = flux.component(flavor)
        total = 0.0
        for iso, n in zip(mat.isotopes, exp.detector.nuclei(), strict=True):
            xs = coherent_cross_section(iso, ff, model)
            T0 = 1e-3
            e_min = 0.5 * (T0 + np.sqrt(T0 * T0 + 2 * xs.mass * T0))  # T_max(e_min) = 1 keV
            value = integrate.dblquad(
                lambda T, E, xs=xs: comp.spectrum.pdf(E) * xs.dsigma_dT(E, T, flavor),
                e_min,
                comp.spectrum.max_energy,
                T0,
                lambda E, xs=xs: 2 * E * E / (xs.mass + 2 * E),
                epsrel=1e-7,
            )[0]
            total += n * comp.rate * value
        assert engine[flavor] == pytest.approx(total, rel=2e-4)


def test_cc_burst_count_matches_direct_integral():
    """ν_e CC on 40Ar in 40 kt: the inelastic engine against scipy's quad of Φ pdf σ(E)."""
    exp = experiment("DUNE-SN")
    counts = InelasticRate.for_experiment("nue-40Ar-cc", exp).counts("burst")
    comp = exp.flux().component("nue")
    xs = AllowedCrossSection("nue-40Ar-cc")
    points = list(xs.thresholds[xs.thresholds < 100])
    value = integrate.quad(
        lambda E: comp.spectrum.pdf(E) * xs(np.array([E]))[0],
        xs.threshold,
        comp.spectrum.max_energy,
        points=points,
        limit=400,
        epsrel=1e-8,
    )[0]
    targets = exp.detector.mass_kg * 0.996035 / (39.9623831 * ATOMIC_MASS_UNIT_KG)
    assert counts.total == pytest.approx(targets * comp.rate * value, rel=1e-3)


def test_supernova_experiment_from_toml_table():
    exp = experiment_from_dict(
        "mine",
        {"source": {"supernova": "snowglobes-example-2"}, "material": "Ar", "mass_kg": 1e3,
         "distance_kpc": 1.0},
    )  # fmt: skip
    assert exp.distance_m == pytest.approx(KPC_M)
    with pytest.raises(ValueError, match="not both"):
        experiment_from_dict(
            "x", {"source": "SNS", "material": "Ar", "mass_kg": 1, "distance_m": 1,
                  "distance_kpc": 1},
        )  # fmt: skip


# --- SNOwGLoBES fluence files and snewpy ---------------------------------------------------------


def test_snowglobes_fluence_round_trip(tmp_path):
    """Written on the SNOwGLoBES grid (0.2 MeV bins) and read back, the fluence keeps its
    integral and its event count to the grid's trapezoid accuracy."""
    sn = supernova_model("standard")
    path = write_snowglobes_fluence(sn.fluence(10.0), tmp_path / "pinched.dat")
    rows = np.loadtxt(path)
    assert rows.shape == (501, 7)
    assert rows[-1, 0] == pytest.approx(0.1)
    src = read_snowglobes_fluence(path)
    back = src.fluence(10.0)
    for flavor in sn.flavors:
        assert back.component(flavor).rate == pytest.approx(
            sn.fluence(10.0).component(flavor).rate, rel=2e-4
        )
    exp = replace(experiment("SN-Ar-1t"), source=src)
    assert RateCalculator.for_experiment(exp).counts("burst").total == pytest.approx(
        RateCalculator.for_experiment("SN-Ar-1t").counts("burst").total, rel=1e-3
    )


def test_snowglobes_fluence_file_errors(tmp_path):
    bad = tmp_path / "bad.dat"
    bad.write_text("0 1 2\n1 2 3\n")
    with pytest.raises(DataFileError, match="7 columns"):
        read_snowglobes_fluence(bad)
    with pytest.raises(ValueError, match="time-integrated"):
        write_snowglobes_fluence(facility("SNS").flux(20.0), tmp_path / "x.dat")


def _snowglobes_rows(kind: str) -> list[str]:
    """Valid rows of a fluence file (E in GeV) or an xscns file (log10 E/GeV)."""
    first = [0.001, 0.002, 0.003] if kind == "fluence" else [-3.0, -2.5, -2.0]
    return [" ".join(str(v) for v in (e, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0)) for e in first]


@pytest.mark.parametrize("kind", ["fluence", "xscns"])
@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda rows: "", "0 rows"),
        (lambda rows: "\n".join(rows[:1]), "1 rows of 7 numbers"),
        (lambda rows: "\n".join([*rows, "0.1 1 2"]), "not a"),
        (lambda rows: "\n".join([*rows[:2], rows[2].replace("3.0", "nan", 1)]), "3 .* finite"),
        (lambda rows: "\n".join([*rows[:2], rows[2].replace("1.0", "-1.0", 1)]), "3 .* negative"),
        (lambda rows: "\n".join([rows[1], rows[0], rows[2]]), "must increase"),
        (lambda rows: "\n".join([*rows, "these are words"]), "not a"),
        (lambda rows: b"\xff\xfe\x00binary", "not a"),
    ],
)  # fmt: skip
def test_damaged_snowglobes_files_name_the_file(tmp_path, kind, damage, message):
    """Fluence and xscns files: every damage is a DataFileError naming the file (negative
    fluences used to be clipped to zero silently)."""
    path = tmp_path / f"damaged.{kind}"
    content = damage(_snowglobes_rows(kind))
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    reader = read_snowglobes_fluence if kind == "fluence" else read_xscns
    with pytest.raises(DataFileError, match=message) as info:
        reader(path)
    assert info.value.path == path


def test_pinched_fluence_matches_snewpy():
    """snewpy's own PinchedModel (an independent implementation of the same spectrum), fed
    constant parameters for 1 s, gives our fluence."""
    pytest.importorskip("snewpy")
    from astropy.table import Table
    from snewpy.models.base import PinchedModel

    from cevns.io.snowglobes import from_snewpy

    sn = supernova_model("snowglobes-example-2")
    cols = {"TIME": [0.0, 1.0]}
    for key, p in (("NU_E", sn.nue), ("NU_E_BAR", sn.nuebar), ("NU_X", sn.nux)):
        cols[f"L_{key}"] = [p.energy_erg] * 2
        cols[f"E_{key}"] = [p.mean_energy] * 2
        cols[f"ALPHA_{key}"] = [p.alpha] * 2
    src = from_snewpy(PinchedModel(Table(cols), metadata={}), distance_kpc=10.0)
    ours, theirs = sn.fluence(5.0), src.fluence(5.0)
    E = np.array([3.0, 12.0, 30.0, 70.0])
    for flavor in sn.flavors:
        assert theirs.component(flavor).rate == pytest.approx(ours.component(flavor).rate, rel=1e-6)
        assert theirs.differential(flavor, E) == pytest.approx(
            ours.differential(flavor, E), rel=1e-6
        )


# --- SNOwGLoBES cross-section tables -------------------------------------------------------------


def test_coherent_xscns_matches_snowglobes_argon_table(tmp_path):
    """SNOwGLoBES xscns/xs_coh_nc_Ar40.dat (commit 7201b99) rows at log10(E/GeV) = -2.30103,
    -2.00019, -1.94549 hold σ/E = 0.8942, 1.77023, 2.0 (1e-38 cm²/GeV). With the mixing angle
    that table uses (sin²θ_W ≈ 0.2312) our written and re-read table agrees to 0.2 %."""
    table = xscns_table("40Ar", model=PhysicsModel(sin2_theta_w=0.2312, radiative=False))
    back = read_xscns(table.write(tmp_path / "xs_coh_Ar40.dat"))
    log_E = np.array([-2.30103, -2.00019, -1.94549])
    E = 10 ** (log_E + 3)
    published = np.array([0.8942, 1.77023, 2.0]) * 1e-38 * E * 1e-3
    for flavor in ("nue", "numubar"):
        assert back(E, flavor) == pytest.approx(published, rel=2e-3)
    # with the package's low-Q sin²θ_W = 0.23857 argon's tree-level weak charge is 2.6 % larger
    default = xscns_table("40Ar", model=PhysicsModel(radiative=False))(E, "nue")
    q_ratio = (22 - (1 - 4 * 0.23857) * 18) / (22 - (1 - 4 * 0.2312) * 18)
    assert default / back(E, "nue") == pytest.approx(q_ratio**2, rel=2e-3)


def test_xscns_round_trip_and_inelastic_columns(tmp_path):
    table = xscns_table("nue-40Ar-cc")
    back = read_xscns(table.write(tmp_path / "xs_nue_Ar40.dat"))
    E = np.array([10.0, 30.0, 55.0])
    exact = AllowedCrossSection("nue-40Ar-cc")(E)
    assert back(E, "nue") == pytest.approx(exact, rel=2e-3)
    assert np.all(back(E, "nuebar") == 0) and np.all(back(E, "numu") == 0)
    assert back(np.array([200.0]), "nue")[0] == 0.0  # zero outside the table, as snewpy
    nc = xscns_table("nu-12C-nc")
    assert nc(40.0, "numubar") > 0 and nc(40.0, "nue") > 0


def test_xscns_refuses_compounds():
    with pytest.raises(ValueError, match="compound"):
        xscns_table("CsI")


def test_element_table_is_abundance_average():
    xe = xscns_table("Xe", energies_MeV=[10.0, 20.0])
    ff, model = form_factor_model("helm"), PhysicsModel()
    from cevns.nuclei import material

    mat = material("Xe")
    w = np.asarray(mat.counts) / np.sum(mat.counts)
    direct = sum(
        wi * coherent_cross_section(iso, ff, model).total(np.array([10.0, 20.0]), "nue")
        for iso, wi in zip(mat.isotopes, w, strict=True)
    )
    assert xe.cross_sections["nue"] == pytest.approx(direct)
    assert isotope("132Xe") in mat.isotopes


# --- command line --------------------------------------------------------------------------------


def test_cli_supernova_json(capsys):
    assert main(["supernova", "--json", "--threshold-keV", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    processes = {(r["detector"], r["process"]) for r in out["counts"]}
    assert ("DUNE-SN", "nue-40Ar-cc") in processes and ("SN-Xe-1t", "CEvNS") in processes
    assert out["fluence_per_cm2"]["nue"] == pytest.approx(2.1735e11, rel=1e-4)


def test_cli_rate_defaults_to_burst_and_xscns(capsys, tmp_path):
    assert main(["rate", "SN-Ar-1t", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exposure"]["unit"] == "burst"
    assert main(["rate", "CENNS10", "--per", "burst"]) == 2
    assert "time-integrated" in capsys.readouterr().err
    target = tmp_path / "xs.dat"
    assert main(["xscns", "40Ar", "--output", str(target)]) == 0
    assert np.loadtxt(target).shape == (1001, 7)
    assert main(["supernova", "nope"]) == 2
    assert "presets" in capsys.readouterr().err
