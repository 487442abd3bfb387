"""Property-based test of the command line: random command lines built from the parser's own
option table, with random values and random (often malformed) files.

Each command runs in a forked child of the test process under a 60 s alarm and an address
space of at most 2 GiB above what the loaded package already maps. It must end with

- exit status 0, and with ``--json`` a strict JSON document (RFC 8259: no NaN or Infinity)
  on stdout with no negative event count; or
- exit status 2 and one line on stderr naming the command (argparse's own usage errors add
  their usage line);

and never with a traceback, an internal error (status 3), the alarm or the memory limit.
A fixed set of examples runs in the default suite; ``pytest -m slow`` runs 2,000 more.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cevns
from cevns.cli.main import build_parser, main
from cevns.inference.releases import DATASETS
from cevns.physics import PARAMETERS
from cevns.sources.supernova import supernova_models
from cevns.xsec.inelastic.reactions import reactions

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

DATA = Path(__file__).resolve().parents[1] / "data"
TIME_LIMIT_S = 60
MEMORY_LIMIT_BYTES = 2 * 1024**3
FILES = Path(os.environ.get("TMPDIR", "/tmp")) / f"cevns-fuzz-{os.getpid()}"

BAD_NUMBERS = ["0", "-1", "1e-300", "1e300", "nan", "inf", "-inf", "abc", ""]
GOOD_NUMBERS = ["0.5", "1", "2.5", "10", "20", "30"]
NUCLEI = ["Ar", "40Ar", "CsI", "Xe", "Ge", "NaI", "133Cs", "16O", "4He"]
BAD_NUCLEI = ["999Ar", "Zz", "", "1H", "0n"]
GOOD_PARAMETERS = [
    "sin2w=0.24", "mu_nu=1e-10", "mu_nu_e=1e-10", "charge_radius_mu=1e-32", "millicharge_e=1e-9",
    "eps_ee_u=0.1", "eps_mumu_d=-0.05", "g_zprime=1e-4", "m_zprime=10", "g_scalar=1e-5",
    "m_scalar=5", "dm41=1", "ue4_sq=0.05",
]  # fmt: skip
BAD_PARAMETERS = ["rn=4.1", "sin2w=0", "sin2w=nan", "mu_nu=-1", "m_zprime=-5", "nope=1",
                  "sin2w", "sin2w=x", "dm41=1e300", "g_zprime=1e300"]  # fmt: skip
GOOD_GRIDS = ["sin2w=0.2:0.3:3", "rn=4:5:3", "mu_nu=0:50:3", "eps_ee_u=-0.5:0.5:3"]
BAD_GRIDS = ["sin2w=1:0:3", "sin2w=0:1:0", "sin2w=a:b:c", "sin2w=0:1:2:3", "sin2w=0:1",
             "sin2w=nan:1:3", "nope=0:1:3", "rn=0:1e300:3", "sin2w=0:1:100000000"]  # fmt: skip

# (valid values, invalid values) by option; options not named here take numbers
POOLS = {
    "target": (NUCLEI, BAD_NUCLEI),
    "material": (NUCLEI, BAD_NUCLEI),
    "nucleus": (["16O", "40Ar", "4He", "48Ca"], ["Ar", "999Ar", "0n", "Xx12", "1H"]),
    "experiment": (cevns.experiments() + ["Mine"], ["nope", ""]),
    "experiments": (cevns.experiments() + ["Mine"], ["nope"]),
    "facility": (cevns.facilities(), ["nope"]),
    "datasets": (list(DATASETS), ["nope"]),
    "data_dir": ([str(DATA)], [str(FILES / "junk-release"), str(FILES / "none")]),
    "form_factor": (list(cevns.FORM_FACTOR_MODELS), ["nope"]),
    "skyrme": (["SLy4", "SkM*"], ["nope", str(FILES / "skyrme.toml"), str(FILES / "binary.bin")]),
    "reaction": (list(reactions()), ["nope"]),
    "name": (["nue-40Ar-cc", "40Ar", "Xe", "CsI", *reactions()], ["nope", "x-cc", "Ar40"]),
    "flavor": (["nue", "numu", "nuebar"], ["nope"]),
    # a Dask cluster per example would dominate the run: only refused schedulers here
    "dask": (["nope"], ["synchronous", "tcp//x"]),
    "bins": (["1", "10", "40"], ["0", "-1", "1000000000", "x"]),
    "sample": (["5", "20"], ["0", "-1", "1000000000"]),
    "random_state": (["0", "1"], ["-1", "x"]),
    "energy": (["10", "30", "52.8", "300", "0.1"], ["0", "-1", "nan", "1e300", "1000.1"]),
    "recoil_keV": (["1", "10", "50"], ["-1", "nan", "1e300"]),
    "recoil_min_keV": (["0", "5"], ["-1", "nan"]),
    "threshold_keV": (["0", "5", "20"], ["-1", "nan", "1e300"]),
    "distance": (["20", "19.3", "100"], ["0", "-1", "1e-300", "1e300", "nan"]),
    "distance_kpc": (["10", "1"], ["0", "-1", "1e-300", "nan"]),
    "q_fm": (["0", "0.5", "1", "2"], ["-1", "nan", "1e6"]),
    "zprime": (["10,1e-4", "1,1e-5"], ["-20,1e-4", "0,0", "nan,1", "1e9,1", "abc", "10"]),
    "range": (["0:1:3", "-5:5:11"], ["1:0:3", "0:1:0", "a:b:c", "0:1", "nan:1:3"]),
    "years": (["1", "3"], BAD_NUMBERS),
    "flux_uncertainty": (["0", "0.1"], BAD_NUMBERS),
    "steady_state_scale": (["0.5", "1"], BAD_NUMBERS),
    "brn_fraction": (["0", "0.1"], BAD_NUMBERS),
    "yield": (["0.0085"], BAD_NUMBERS),
    "power_MW": (["1.4"], BAD_NUMBERS),
    "proton_energy_GeV": (["1", "3"], BAD_NUMBERS),
    "mass_kg": (["100", "610"], [*BAD_NUMBERS, "1e308"]),
    "model": (supernova_models(), ["nope"]),
    "omega": (["0:10", "-5:5", "10:14"], ["5:1", "x", "0:400", "nan:1", "1:2:3"]),
    "J": (["0", "1", "2"], ["-1", "21", "x", "0.5"]),
}


# options that most runs need (the data folder of fits; the beam of a KDAR rate; a short
# energy grid for a continuum RPA, whose default of 561 energies takes several seconds)
USUALLY_GIVEN = {"data_dir", "yield", "power_MW", "proton_energy_GeV", "distance", "omega"}


def _pick(draw, good: list[str], bad: list[str]) -> str:
    """A value: one of ``bad`` one time in five, else one of ``good``."""
    return draw(st.sampled_from(bad if draw(st.integers(0, 4)) == 0 else good))


def _files() -> dict[str, list[str]]:
    """Files the commands are given: valid ones, malformed ones and binary ones."""
    FILES.mkdir(exist_ok=True)
    write = {
        "experiments.toml": (
            '[Mine]\nsource = "SNS"\nmaterial = "Ar"\nmass_kg = 24\ndistance_m = 27.5\n'
            'threshold_keV = 20\nquenching = { model = "lindhard" }\n'
            "time_window_ns = [0, 6000]\n"
        ),
        "bad-types.toml": (
            '[Mine]\nsource = ["SNS"]\nmaterial = 1\nmass_kg = "x"\ndistance_m = [1, 2]\n'
            'time_window_ns = [0, 1, 2]\nresolution = { z = 1 }\nquenching = "lindhard"\n'
        ),
        "malformed.toml": "[Mine\nsource = \n",
        "empty.txt": "",
        "flux.csv": "energy_MeV,nue,numu\n1,1e5,2e5\n20,3e6,1e6\n52,1e4,1e3\n",
        "flux-bad.csv": "energy_MeV,nue,nue\n1,-1,2\n",
        "reaction.react": "# toy\n0 1000180400\n2.0 1.5 1\n4.38 4.0 0\n",
        "reaction-bad.react": "0 1002000400\nx 1 1\n",
        "skyrme.toml": "t0 = -2488.91\nt1 = 486.82\n",
        "model.toml": "running = true\n[parameters]\nsin2w = 0.24\nmu_nu = 1e-10\n",
        "model-bad.toml": 'sin2w = 0.24\n[[vector_mediators]]\nmass_MeV = "x"\n',
    }
    for name, text in write.items():
        (FILES / name).write_text(text)
    (FILES / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (FILES / "junk-release").mkdir(exist_ok=True)
    (FILES / "junk-release" / "datanobkgsub.txt").write_text("1 2 3\nnan -1 x\n")
    inputs = [str(FILES / name) for name in [*write, "binary.bin"]] + [str(FILES / "none.txt")]
    outputs = [str(FILES / n) for n in ("out.csv", "out.png", "out.json", "out.dat")] + [
        str(FILES / "no-such-folder" / "out.csv"),
        str(FILES),
    ]
    return {"inputs": inputs, "outputs": outputs}


def _values(dest: str, command: str, draw, files) -> list[str]:
    """Values for one option (two for ``--window``), drawn from pools that fit its name."""
    inputs, outputs = files["inputs"], files["outputs"]
    if dest == "param" and command == "fit":
        return [draw(st.sampled_from([*PARAMETERS, "nope"]))]
    if dest in ("param", "fixed"):
        return [_pick(draw, GOOD_PARAMETERS, BAD_PARAMETERS)]
    if dest == "axis":
        return [_pick(draw, GOOD_GRIDS, BAD_GRIDS)]
    if dest == "output_dir":  # a folder of Parquet parts
        return [_pick(draw, [str(FILES / "scan-out")], [str(FILES / "out.csv"), *outputs])]
    if dest == "workers":
        return [_pick(draw, ["1", "2"], ["0", "-1", "x", "1e300"])]
    if dest == "window":
        return [_pick(draw, ["-500", "0"], BAD_NUMBERS), _pick(draw, ["6000"], BAD_NUMBERS)]
    if dest == "model" and command in ("xsec", "rate", "compare"):
        return [_pick(draw, [str(FILES / "model.toml")], inputs)]
    if dest in ("experiments_file", "file"):
        return [_pick(draw, [str(FILES / "experiments.toml")], inputs)]
    if dest == "marley":
        return [_pick(draw, [str(FILES / "reaction.react")], inputs)]
    if dest in ("output", "csv", "fluence_output"):
        return [_pick(draw, [str(FILES / "out.csv")], outputs)]
    if dest == "plot":
        return [_pick(draw, [str(FILES / "out.png")], outputs)]
    good, bad = POOLS.get(dest, (GOOD_NUMBERS, BAD_NUMBERS))
    return [_pick(draw, list(good), list(bad))]


def _commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@st.composite
def command_lines(draw, files, hartree_fock: bool = True):
    """A command line: a command, its positional arguments (now and then one left out) and
    each of its options with probability 1/4."""
    commands = _commands()
    if not hartree_fock:
        commands.pop("strength")  # a continuum RPA takes seconds: only in the slow examples
    name = draw(st.sampled_from(sorted(commands)))
    argv = [name]
    for action in commands[name]._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        positional = not action.option_strings
        required = (
            action.required
            or (positional and action.nargs not in ("?", "*"))
            or action.dest in USUALLY_GIVEN
        )
        if required:
            if draw(st.integers(0, 19)) == 0:
                continue
        elif draw(st.integers(0, 3)):
            continue
        option = action.option_strings[0] if action.option_strings else None
        if action.nargs == 0:
            argv.append(option)
            continue
        repeats = (
            draw(st.integers(1, 2))
            if action.nargs == "+" or isinstance(action, argparse._AppendAction)
            else 1
        )
        for _ in range(repeats):
            if action.choices is not None and draw(st.integers(0, 4)):
                values = [str(draw(st.sampled_from(list(action.choices))))]
            else:
                values = _values(action.dest, name, draw, files)
            if not hartree_fock:
                values = [v for v in values if not v.startswith("hf-")] or ["helm"]
            if option:
                argv.append(option)
            argv.extend(values)
    return argv


def _run_in_child(argv: list[str]) -> tuple[int, str, str]:
    """``cevns argv`` in a forked child with the time and memory limits: (status, stdout,
    stderr); status -1 on the alarm, -2 when the child died otherwise."""
    out_path, err_path = FILES / "stdout", FILES / "stderr"
    pid = os.fork()
    if pid == 0:  # child
        status = 99
        try:
            out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(out, 1)
            os.dup2(err, 2)
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            os.chdir(FILES)  # default outputs (events.csv, ...) land there, not in the repo
            mapped = _mapped_bytes()
            resource.setrlimit(resource.RLIMIT_AS, (mapped + MEMORY_LIMIT_BYTES,) * 2)
            signal.alarm(TIME_LIMIT_S)
            try:
                status = main(argv)
            except SystemExit as stop:  # argparse
                status = stop.code if isinstance(stop.code, int) else 2
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
    _, wait_status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(wait_status):
        status = -1 if os.WTERMSIG(wait_status) == signal.SIGALRM else -2
    else:
        status = os.WEXITSTATUS(wait_status)
    return status, out_path.read_text(errors="replace"), err_path.read_text(errors="replace")


def _mapped_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * resource.getpagesize()


def _strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"non-strict JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


def _negative_counts(value, key: str = "") -> list:
    if isinstance(value, dict):
        return [bad for k, v in value.items() for bad in _negative_counts(v, str(k))]
    if isinstance(value, list):
        return [bad for v in value for bad in _negative_counts(v, key)]
    counted = re.search(r"count|events", key)
    return [(key, value)] if counted and isinstance(value, float | int) and value < 0 else []


def check_command_line(argv: list[str]) -> None:
    status, out, err = _run_in_child(argv)
    shown = "cevns " + " ".join(argv)
    assert status != -1, f"{shown}: ran over {TIME_LIMIT_S} s"
    assert status != -2, f"{shown}: the process died (memory limit?): {err[-400:]}"
    assert "Traceback" not in err, f"{shown}:\n{err[-2000:]}"
    assert status in (0, 2), f"{shown}: exit {status}: {err[-600:]}"
    if status == 2:
        lines = err.strip().splitlines()
        assert lines and re.match(r"cevns( \S+)?: error: ", lines[-1]), f"{shown}: {err!r}"
        if not err.startswith("usage:") and "--progress" not in argv:
            assert len(lines) == 1, f"{shown}: more than one line:\n{err}"
    elif "--json" in argv and "--progress" not in argv:
        assert err == "", f"{shown}: stderr with --json: {err[-400:]}"
    if status == 0 and "--json" in argv:
        document = _strict_json(out)
        assert not _negative_counts(document), f"{shown}: {_negative_counts(document)}"


@pytest.fixture(scope="module")
def files():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401  loaded once here, not in every child

    yield _files()
    shutil.rmtree(FILES, ignore_errors=True)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
@given(data=st.data())
def test_random_command_lines(files, data):
    check_command_line(data.draw(command_lines(files, hartree_fock=False)))


@pytest.mark.slow
@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
@given(data=st.data())
def test_many_random_command_lines(files, data):
    check_command_line(data.draw(command_lines(files)))
