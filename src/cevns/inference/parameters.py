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

from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..physics import PARAMETERS, Parameter, PhysicsModel, VectorMediator, check_parameter

__all__ = ["PARAMETERS", "Parameter", "physics_point", "check_parameter"]

_MU_FLAVORS = {"mu_nu": "all", "mu_nu_e": "e", "mu_nu_mu": "mu"}


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
