"""The ``cevns kdar`` command: the 235.5 MeV kaon decay-at-rest ν_μ line, its CEvNS cross
sections and rate, and the (simple) Fermi-gas quasi-elastic CC cross sections. No physics here."""

from __future__ import annotations

import argparse

from ..constants import kaon_dar_numu_energy
from ..detectors import Detector
from ..errors import CevnsInputError
from ..nuclear.formfactors import FORM_FACTOR_MODELS, form_factor_model
from ..physics import PhysicsModel
from ..rates.engine import RateCalculator
from ..results import write_json
from ..sources.kdar import KaonDecayAtRest
from ..xsec.material import material_cross_section
from ..xsec.quasielastic import FERMI_GASES, FreeNucleonQE, RelativisticFermiGas

EPILOG = """examples:
  cevns kdar                                   cross sections at 235.5 MeV
  cevns kdar --json
  cevns kdar --yield 0.005 --power-MW 1 --proton-energy-GeV 3 --distance 24 \\
             --material Ar --mass-kg 1000 --threshold-keV 20
(no KDAR yield per proton is packaged: give the one your facility's simulation predicts)"""

_CEVNS_TARGETS = ("C", "Ar", "Xe")


def _cross_sections(form_factor: str) -> dict:
    E = kaon_dar_numu_energy()
    cevns = {  # per nucleus, averaged over the element's isotopes
        name: float(material_cross_section(name, form_factor).total(E, "numu"))
        for name in _CEVNS_TARGETS
    }
    qe = {n: float(RelativisticFermiGas(n).total(E)[0]) for n in FERMI_GASES}
    free = float(FreeNucleonQE("mu").total(E)[0])
    return {
        "energy_MeV": E,
        "cevns_cm2_per_nucleus": cevns,
        "form_factor": form_factor,
        "cc_qe_rfg_cm2_per_nucleus": qe,
        "cc_qe_free_neutron_cm2": free,
    }


def cmd_kdar(args) -> None:
    out = _cross_sections(args.form_factor)
    beam = (args.yield_per_proton, args.power_MW, args.proton_energy_GeV, args.distance)
    if any(v is not None for v in beam):
        if any(v is None for v in beam):
            raise CevnsInputError(
                "a KDAR rate needs --yield, --power-MW, --proton-energy-GeV and --distance"
            )
        source = KaonDecayAtRest(
            "KDAR", args.proton_energy_GeV, args.power_MW, args.yield_per_proton
        )
        det = Detector(args.material, args.mass_kg, threshold_keV=args.threshold_keV)
        calc = RateCalculator(
            source.flux(args.distance),
            det,
            form_factor_model(args.form_factor),
            PhysicsModel(),
            source=source,
        )
        out["cevns_events_per_day"] = calc.counts("day").total
        out["detector"] = det.to_dict()
        out["flux_per_cm2_s"] = source.flux(args.distance).total_rate()
    if args.json:
        print(write_json(out))
        return
    print(f"KDAR nu_mu line: E = {out['energy_MeV']:.3f} MeV (K+ -> mu+ nu_mu at rest)")
    print(f"  CEvNS total cross section per nucleus ({args.form_factor} form factor):")
    for name, value in out["cevns_cm2_per_nucleus"].items():
        print(f"    {name:3s} {value:.4e} cm^2")
    print("  CC quasi-elastic, relativistic Fermi gas (simple model: no FSI, no shells, no 2p2h):")
    for name, value in out["cc_qe_rfg_cm2_per_nucleus"].items():
        print(f"    {name:5s} {value:.4e} cm^2 per nucleus")
    print(f"    free neutron {out['cc_qe_free_neutron_cm2']:.4e} cm^2")
    if "cevns_events_per_day" in out:
        print(
            f"  flux {out['flux_per_cm2_s']:.4g} /cm^2/s at {args.distance:g} m; CEvNS in "
            f"{args.mass_kg:g} kg {args.material} above {args.threshold_keV:g} keV: "
            f"{out['cevns_events_per_day']:.4g} events per day"
        )


def add_command(sub) -> None:
    """Add ``kdar`` to the ``cevns`` sub-command parser."""
    p = sub.add_parser(
        "kdar",
        help="kaon decay-at-rest nu_mu: CEvNS and quasi-elastic CC cross sections and rates",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--form-factor", default="helm", choices=FORM_FACTOR_MODELS)
    p.add_argument("--yield", dest="yield_per_proton", type=float, help="KDAR nu_mu per proton")
    p.add_argument("--power-MW", type=float, help="beam power on target (MW)")
    p.add_argument("--proton-energy-GeV", type=float, help="proton kinetic energy (GeV)")
    p.add_argument("--distance", type=float, metavar="M", help="distance from the target (m)")
    p.add_argument("--material", default="Ar", help="detector material (default Ar)")
    p.add_argument("--mass-kg", type=float, default=1000.0, help="target mass (default 1000 kg)")
    p.add_argument("--threshold-keV", type=float, default=0.0, help="recoil threshold (keV)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_kdar)
