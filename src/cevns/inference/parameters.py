"""Named fit parameters: how a value turns into a physics model and form factor.

A parameter point is a mapping name -> value; :func:`physics_point` builds the
:class:`~cevns.physics.PhysicsModel` and :class:`~cevns.formfactors.FormFactorModel` it
describes. Names and units:

========================  ===================================================  =============
name                      meaning                                              unit
========================  ===================================================  =============
``sin2w``                 weak mixing angle at q = 0                           --
``rn``                    neutron rms radius of every target nucleus           fm
``mu_nu``                 magnetic moment, equal for all flavors               1e-10 μ_B
``mu_nu_e``, ``mu_nu_mu`` magnetic moment of ν_e (ν_μ and anti-ν_μ)            1e-10 μ_B
``eps_<ab>_<q>``          vector NSI ε^{qV}_{ab}, e.g. ``eps_ee_u``, ``eps_emu_d``  --
``g_zprime``              universal light vector mediator coupling g          --
``m_zprime``              its mass                                             MeV
========================  ===================================================  =============
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..formfactors import FormFactorModel, form_factor_model
from ..physics import PhysicsModel, VectorMediator

__all__ = ["PARAMETERS", "Parameter", "physics_point", "check_parameter"]


@dataclass(frozen=True)
class Parameter:
    """A fit parameter: its ``label`` for plots, ``unit``, the Standard-Model (null) value
    ``null`` and a default scan range."""

    name: str
    label: str
    unit: str
    null: float
    default_range: tuple[float, float]


PARAMETERS = {
    p.name: p
    for p in (
        Parameter("sin2w", r"$\sin^2\theta_W$", "", 0.23857, (0.12, 0.36)),
        Parameter("rn", r"$R_n$", "fm", float("nan"), (2.0, 8.0)),
        Parameter("mu_nu", r"$\mu_\nu$", "1e-10 mu_B", 0.0, (0.0, 100.0)),
        Parameter("mu_nu_e", r"$\mu_{\nu_e}$", "1e-10 mu_B", 0.0, (0.0, 150.0)),
        Parameter("mu_nu_mu", r"$\mu_{\nu_\mu}$", "1e-10 mu_B", 0.0, (0.0, 100.0)),
        Parameter("g_zprime", r"$g_{Z'}$", "", 0.0, (1e-6, 1e-3)),
        Parameter("m_zprime", r"$M_{Z'}$", "MeV", float("nan"), (1.0, 1000.0)),
    )
}
_NSI = re.compile(r"^eps_(e|mu|tau)(e|mu|tau)_(u|d)$")
_MU_FLAVORS = {"mu_nu": "all", "mu_nu_e": "e", "mu_nu_mu": "mu"}


def check_parameter(name: str) -> Parameter:
    """The :class:`Parameter` called ``name`` (NSI names are generated)."""
    if name in PARAMETERS:
        return PARAMETERS[name]
    match = _NSI.match(name)
    if match:
        a, b, q = match.groups()
        return Parameter(name, rf"$\varepsilon^{{{q}V}}_{{{a}{b}}}$", "", 0.0, (-1.0, 1.0))
    nsi = "eps_<ab>_<q> (e.g. eps_ee_u)"
    raise ValueError(f"unknown parameter {name!r}; known: {', '.join(PARAMETERS)}, {nsi}")


def physics_point(
    values: dict, base: PhysicsModel | None = None, form_factor="helm"
) -> tuple[PhysicsModel, FormFactorModel]:
    """The physics model and form factor for parameter ``values`` (name -> value) on top of
    ``base`` and ``form_factor``."""
    model = base or PhysicsModel()
    ff = form_factor if isinstance(form_factor, FormFactorModel) else form_factor_model(form_factor)
    changes: dict = {}
    moments: dict = {}
    nsi: dict = dict(model.nsi.to_dict())
    for name, value in values.items():
        check_parameter(name)
        value = float(value)
        if name == "sin2w":
            changes["sin2_theta_w"] = value
        elif name == "rn":
            ff = FormFactorModel(ff.shape, neutron_rms_fm=value)
        elif name in _MU_FLAVORS:
            moments[_MU_FLAVORS[name]] = value * 1e-10
        elif name.startswith("eps_"):
            nsi[name[4:]] = value
        elif name == "g_zprime":
            if "m_zprime" not in values:
                raise ValueError("g_zprime needs m_zprime (the mediator mass in MeV)")
            mediator = VectorMediator(float(values["m_zprime"]), value)
            changes["vector_mediators"] = (*model.vector_mediators, mediator)
    if moments:
        changes["magnetic_moment"] = moments
    if nsi != model.nsi.to_dict():
        changes["nsi"] = nsi
    return (model.replace(**changes) if changes else model), ff
