"""Isotope table and materials against independent numbers."""

import numpy as np
import pytest

import cevns
from cevns import constants as c
from cevns.nuclei import electron_binding_energy


def test_pion_line_from_masses():
    # 29.79 MeV prompt nu_mu (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Sec. II.A),
    # two-body decay of pi+ at rest
    E = c.pion_dar_numu_energy()
    assert E == pytest.approx(29.79, abs=0.005)
    # energy conservation: E_nu + sqrt(E_nu^2 + m_mu^2) = m_pi
    assert E + np.hypot(E, c.MUON_MASS) == pytest.approx(c.CHARGED_PION_MASS, rel=1e-12)


def test_isotope_lookup_forms():
    assert cevns.isotope("Ar40") is cevns.isotope("40Ar") is cevns.isotope("ar-40")
    with pytest.raises(ValueError, match="table holds"):
        cevns.isotope("41Ar")


@pytest.mark.parametrize(
    "name, radius",
    [("40Ar", 3.4274), ("133Cs", 4.8041), ("127I", 4.7500), ("208Pb", 5.5012), ("12C", 2.4702)],
)
def test_charge_radii_angeli_marinova(name, radius):
    # Angeli & Marinova, ADNDT 99 (2013) 69
    assert cevns.isotope(name).charge_radius_fm == pytest.approx(radius, abs=1e-4)


def test_abundances_sum_to_one():
    by_element = {}
    for iso in cevns.isotopes():
        by_element.setdefault(iso.symbol, 0.0)
        by_element[iso.symbol] += iso.abundance
    for symbol, total in by_element.items():
        assert total == pytest.approx(1.0, abs=2e-5), symbol


def test_nuclear_mass_40Ar():
    # AME2020 atomic mass 39.96238312 u minus 18 electrons plus their binding (~0.014 MeV)
    iso = cevns.isotope("40Ar")
    expected = 39.96238312 * 931.49410242 - 18 * 0.51099895 + 0.0143
    assert iso.mass == pytest.approx(expected, abs=2e-3)
    # the fit of Lunney et al. gives 14.4 eV for hydrogen, whose exact value is 13.6 eV
    assert electron_binding_energy(1) * 1e6 == pytest.approx(13.6, rel=0.07)


def test_point_proton_radius_208Pb():
    # point-proton radius of 208Pb from its charge radius: 5.45 fm (PREX-II, arXiv:2102.10767)
    assert cevns.isotope("208Pb").point_proton_radius_fm == pytest.approx(5.45, abs=0.01)


@pytest.mark.parametrize(
    "name, molar_mass_g",
    # IUPAC standard atomic weights (2021): Ar 39.95, Cs 132.905, I 126.904, Ge 72.630, Xe 131.293
    [
        ("Ar", 39.948),
        ("CsI", 132.905 + 126.904),
        ("Ge", 72.630),
        ("Xe", 131.293),
        ("H2O", 18.015),
        ("C3F8", 3 * 12.011 + 8 * 18.998),
    ],
)
def test_material_molar_masses(name, molar_mass_g):
    mat = cevns.material(name)
    assert mat.formula_mass_u == pytest.approx(molar_mass_g, rel=2e-4)
    per_kg = mat.nuclei_per_kg().sum()
    assert per_kg == pytest.approx(
        1000 / molar_mass_g * c.AVOGADRO * mat.nuclei_per_formula_unit, rel=2e-4
    )


def test_material_composition():
    csi = cevns.material("CsI")
    assert [i.name for i in csi.isotopes] == ["133Cs", "127I"]
    assert cevns.material("argon").name == "Ar"
    assert cevns.material("D2O").isotopes[0].name == "2H"
    assert [i.name for i in cevns.material("40Ar").isotopes] == ["40Ar"]
    with pytest.raises(ValueError, match="unknown material"):
        cevns.material("Unobtainium")
