"""Physical constants and unit conversions.

Energies are in MeV, nuclear lengths in fm, cross sections in cm^2 and times in ns unless a
name says otherwise. Each constant names its source:

* PDG 2024: S. Navas et al. (Particle Data Group), Phys. Rev. D 110, 030001 (2024).
* CODATA 2018: E. Tiesinga et al., Rev. Mod. Phys. 93, 025010 (2021).
* SI 2019: exact values fixed by the 2019 redefinition of the SI base units.
"""

from __future__ import annotations

# --- conversions ------------------------------------------------------------------------
HBARC_MEV_FM = 197.3269804
"""hbar*c in MeV fm (CODATA 2018, exact digits as tabulated by PDG 2024)."""

HBARC2_MEV2_CM2 = 0.3893793721e-21
"""(hbar*c)^2 in MeV^2 cm^2 (PDG 2024: 0.3893793721 GeV^2 mbarn)."""

ELEMENTARY_CHARGE_C = 1.602176634e-19
"""Elementary charge in coulomb (SI 2019, exact)."""

MEV_TO_J = ELEMENTARY_CHARGE_C * 1e6
"""One MeV in joule (SI 2019, exact)."""

AVOGADRO = 6.02214076e23
"""Avogadro constant in 1/mol (SI 2019, exact)."""

ATOMIC_MASS_UNIT_MEV = 931.49410242
"""Unified atomic mass unit in MeV (CODATA 2018)."""

ATOMIC_MASS_UNIT_KG = 1.66053906660e-27
"""Unified atomic mass unit in kg (CODATA 2018)."""

SECONDS_PER_DAY = 86400.0
SECONDS_PER_YEAR = 365.25 * SECONDS_PER_DAY
"""Julian year in seconds (IAU convention)."""

CM_PER_M = 100.0

PARSEC_M = 3.0856775814913673e16
"""One parsec in m (IAU 2015 Resolution B2: 648000/pi astronomical units, exact)."""

ERG_TO_MEV = 1e-7 / MEV_TO_J
"""One erg (1e-7 J) in MeV (SI 2019, exact): 6.2415091e5 MeV."""

KEV = 1e-3
"""One keV in MeV."""

# --- couplings ----------------------------------------------------------------------------
FERMI_CONSTANT_MEV2 = 1.1663788e-11
"""Fermi constant G_F/(hbar c)^3 in MeV^-2 (PDG 2024: 1.1663788(6) x 10^-5 GeV^-2)."""

FINE_STRUCTURE = 1.0 / 137.035999084
"""Fine-structure constant at zero momentum transfer (CODATA 2018)."""

V_UD = 0.97367
"""``|V_ud|`` (PDG 2024 CKM review: 0.97367(32), from superallowed 0+ -> 0+ beta decays)."""

AXIAL_COUPLING = 1.2754
"""Nucleon axial coupling ``|g_A/g_V|`` (PDG 2024 neutron listing: lambda = -1.2754(13))."""

STRANGE_AXIAL_CHARGE = -0.0403
"""Strange-quark axial charge Δs = g_A^s of the nucleon, MS-bar at 2 GeV: -0.0403(44)(78)
(lattice QCD, χQCD: Y.-B. Gong et al., Phys. Rev. D 95, 114509 (2017),
arXiv:1511.03671). It is the isoscalar axial coupling of the Z to the nucleon."""

STRANGE_AXIAL_CHARGE_UNCERTAINTY = 0.0090
"""Uncertainty of :data:`STRANGE_AXIAL_CHARGE`, its two errors in quadrature."""

STRANGE_ELECTRIC_MS_RADIUS_FM2 = -0.0048
"""Strange electric mean-square radius of the nucleon, <r²_E>^s = -0.0048(6) fm² (lattice QCD
at the physical point: C. Alexandrou et al. (ETMC), Phys. Rev. D 101, 031501 (2020),
arXiv:1909.10744)."""

FT_CONSTANT_S = 6144.48
"""K/g_V^2 in s for allowed beta decay, B(F) + (g_A/g_V)^2 B(GT) = K/(g_V^2 ft): twice the
corrected superallowed Ft = 3072.24(57) s of J. C. Hardy and I. S. Towner, Phys. Rev. C 102,
045501 (2020)."""

SIN2_THETA_W_LOW_Q = 0.23857
"""Weak mixing angle sin²θ̂_W(0) in the MS-bar scheme at zero momentum transfer, 0.23857(5):
the Standard-Model value of the PDG electroweak review (J. Erler and A. Freitas), as quoted
from 2018 on (e.g. M. Cadeddu and F. Dordei, Phys. Rev. D 99 (2019) 033010,
arXiv:1808.10202), and the value of Carey & Pandey (arXiv:2412.18055) Eq. 5 and Pandey (Prog.
Part. Nucl. Phys. 2024, arXiv:2309.07840) Eq. 16. The later evaluation of Erler &
Ferro-Hernández gives 0.23868(5)(2) (:data:`SIN2_THETA_W_THOMSON_2018`). The PDG 2024 text could
not be read here to confirm which of the two it prints. The difference, 1.1e-4, moves σ(40Ar)
by 0.07 %."""

SIN2_THETA_W_THOMSON_2018 = 0.23868
"""sin²θ̂_W(0) = 0.23868(5)(2) of J. Erler and R. Ferro-Hernández, JHEP 03 (2018) 196,
arXiv:1712.09146 (α_s(M_Z) = 0.1182, m̂_c(m̂_c) = 1.272 GeV); pass it as
``PhysicsModel(sin2_theta_w=SIN2_THETA_W_THOMSON_2018)``."""

NU_PROTON_VECTOR_COUPLING = 0.0298
"""Radiatively corrected ν-proton vector coupling g_V^{νp} at zero momentum transfer, in the
1/2 convention (tree level 1/2 - 2 sin²θ_W), as quoted from the PDG electroweak review (J. Erler
and A. Freitas, PDG 2024); the ν-hadron couplings there are those of muon neutrinos, the flavor
of the experiments that measured them, so they hold the ν_μ charge radius."""

NU_NEUTRON_VECTOR_COUPLING = -0.5117
"""Radiatively corrected ν-neutron vector coupling g_V^{νn} at zero momentum transfer, 1/2
convention (tree level -1/2), PDG 2024 as :data:`NU_PROTON_VECTOR_COUPLING`."""

# --- particle masses and lifetimes (PDG 2024) ------------------------------------------------
ELECTRON_MASS = 0.51099895000
"""Electron mass in MeV (PDG 2024)."""

MUON_MASS = 105.6583755
"""Muon mass in MeV (PDG 2024)."""

TAU_MASS = 1776.93
"""Tau mass in MeV (PDG 2024: 1776.93(9) MeV)."""

CHARGED_PION_MASS = 139.57039
"""pi+- mass in MeV (PDG 2024)."""

NEUTRAL_PION_MASS = 134.9768
"""π0 mass in MeV (PDG 2024: 134.9768(5) MeV)."""

NEUTRAL_PION_GAMMA_GAMMA = 0.98823
"""Branching ratio π0 -> γγ (PDG 2024: 98.823(34) %)."""

ETA_MASS = 547.862
"""η mass in MeV (PDG 2024: 547.862(17) MeV)."""

ETA_GAMMA_GAMMA = 0.3936
"""Branching ratio η -> γγ (PDG 2024: 39.36(18) %)."""

CHARGED_KAON_MASS = 493.677
"""K+- mass in MeV (PDG 2024)."""

PROTON_MASS = 938.27208816
"""Proton mass in MeV (CODATA 2018, PDG 2024)."""

NEUTRON_MASS = 939.56542052
"""Neutron mass in MeV (CODATA 2018, PDG 2024)."""

PION_LIFETIME_NS = 26.033
"""pi+ mean life in ns (PDG 2024: 2.6033(5) x 10^-8 s)."""

MUON_LIFETIME_NS = 2196.9811
"""mu+ mean life in ns (PDG 2024: 2.1969811(22) x 10^-6 s)."""

# --- nucleon sizes ------------------------------------------------------------------------
PROTON_CHARGE_RADIUS_FM = 0.8409
"""Proton rms charge radius in fm (PDG 2024: 0.8409(4) fm)."""

NEUTRON_MEAN_SQUARE_CHARGE_RADIUS_FM2 = -0.1155
"""Neutron mean-square charge radius in fm^2 (PDG 2024: -0.1155(17) fm^2)."""


def pion_dar_numu_energy() -> float:
    """Energy of the prompt nu_mu line from pi+ -> mu+ nu_mu at rest, in MeV.

    Two-body kinematics: E = (m_pi^2 - m_mu^2) / (2 m_pi) = 29.79 MeV (Pandey, Prog. Part. Nucl.
    Phys. 2024, arXiv:2309.07840, Eq. 2, 4).
    """
    return (CHARGED_PION_MASS**2 - MUON_MASS**2) / (2.0 * CHARGED_PION_MASS)


def kaon_dar_numu_energy() -> float:
    """Energy of the nu_mu line from K+ -> mu+ nu_mu at rest, in MeV (235.5 MeV, two-body
    kinematics; the line JSNS² measured, arXiv:2409.01383)."""
    return (CHARGED_KAON_MASS**2 - MUON_MASS**2) / (2.0 * CHARGED_KAON_MASS)


def michel_endpoint() -> float:
    """Maximum neutrino energy in mu+ decay at rest, m_mu/2 in MeV (Pandey, Prog. Part. Nucl. Phys.
    2024, arXiv:2309.07840, Sec. II.A)."""
    return 0.5 * MUON_MASS


# --- cosmology (for the thermal-relic target of the dark sector) ---------------------------
PLANCK_MASS_MEV = 1.220890e22
"""Planck mass G_N^{-1/2} in MeV (PDG 2024, physical constants: 1.220890(14) x 10^19 GeV)."""

ENTROPY_DENSITY_TODAY_CM3 = 2891.2
"""Entropy density today over Boltzmann's constant, s0/k, in cm^-3 (PDG 2024, astrophysical
constants, for T0 = 2.7255 K)."""

CRITICAL_DENSITY_MEV_CM3 = 1.05368e-2
"""Critical density today over h², ρ_c/h², in MeV cm^-3 (PDG 2024, astrophysical constants:
1.05368(2) x 10^-5 h² GeV cm^-3)."""

DARK_MATTER_DENSITY_H2 = 0.120
"""Cold dark matter density Ω_c h² = 0.120(1) (Planck Collaboration, Astron. Astrophys. 641,
A6 (2020), arXiv:1807.06209, TT,TE,EE+lowE+lensing)."""
