"""Parameter points of fits and scans: a mapping name -> value (names and units from the
package's one parameter table, :data:`cevns.physics.PARAMETERS`); :func:`physics_point` builds
the :class:`~cevns.physics.PhysicsModel` and form factor it describes (``rn`` sets the form
factor's neutron radius, everything else the model through
:func:`cevns.physics.apply_parameters`)."""

from __future__ import annotations

from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..physics import PARAMETERS, Parameter, PhysicsModel, apply_parameters, check_parameter

__all__ = ["PARAMETERS", "Parameter", "physics_point", "check_parameter"]


def physics_point(
    values: dict, base: PhysicsModel | None = None, form_factor="helm"
) -> tuple[PhysicsModel, FormFactorModel]:
    """The physics model and form factor for parameter ``values`` (name -> value, names and
    units from :data:`cevns.physics.PARAMETERS`) on top of ``base`` and ``form_factor``."""
    model = base or PhysicsModel()
    ff = form_factor if isinstance(form_factor, FormFactorModel) else form_factor_model(form_factor)
    values = dict(values)
    if "rn" in values:
        ff = FormFactorModel(ff.shape, neutron_rms_fm=float(values.pop("rn")))
    return apply_parameters(model, values), ff
