"""Every code block of the README runs as written.

Python blocks run in a fresh interpreter; bash blocks run their ``cevns`` command lines
(``pip install`` and ``python -m pytest`` are skipped: the test environment is the
installed package, and the suite is what runs this); TOML blocks are loaded as a
physics-model, dark-sector model or experiments file. All run in a temporary folder that holds
a link to ``tests/data``, so outputs land there. A block preceded by
``<!-- readme-test: skip (reason) -->`` is skipped with that reason, and one preceded by
``<!-- readme-test: slow -->`` runs only with ``pytest -m slow``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(
    r"(?:<!-- readme-test: (?P<tag>[^>]*?) -->\s*\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S
)


def _blocks() -> list:
    text = (ROOT / "README.md").read_text()
    params = []
    for i, m in enumerate(_BLOCK.finditer(text)):
        tag, lang, body = (m.group("tag") or "").strip(), m.group("lang"), m.group("body")
        line = text[: m.start("body")].count("\n") + 1
        marks = []
        if tag.startswith("skip"):
            marks.append(pytest.mark.skip(reason=tag[4:].strip(" ()") or "marked in README"))
        elif tag == "slow":
            marks.append(pytest.mark.slow)
        elif tag:
            raise ValueError(f"README line {line}: unknown readme-test tag {tag!r}")
        params.append(
            pytest.param(lang, body, id=f"block{i}-line{line}-{lang or 'text'}", marks=marks)
        )
    return params


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "data").symlink_to(ROOT / "tests" / "data")
    return tmp_path


def _run(cmd: list[str], cwd: Path) -> None:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(cmd)} failed:\n{result.stderr[-3000:]}"


def _commands(body: str) -> list[str]:
    """Command lines of a shell block: continuation lines joined, comments dropped."""
    joined = body.replace("\\\n", " ")
    lines = []
    for raw in joined.splitlines():
        for part in raw.split("&&"):
            cmd = shlex.split(part, comments=True)
            if cmd:
                lines.append(cmd)
    return lines


@pytest.mark.parametrize(("lang", "body"), _blocks())
def test_readme_block_runs(lang, body, workdir):
    if lang == "python":
        _run([sys.executable, "-c", body], workdir)
    elif lang in ("bash", "sh", "console"):
        ran = 0
        for cmd in _commands(body):
            if cmd[:2] == ["pip", "install"] or cmd[:3] == ["python", "-m", "pytest"]:
                continue  # the environment is installed; the test suite is what runs this
            assert cmd[0] in ("cevns", "python"), f"unexpected command in README: {cmd}"
            if cmd[0] == "python":
                cmd = [sys.executable, *cmd[1:]]
            _run(cmd, workdir)
            ran += 1
        assert ran or "pip install" in body or "pytest" in body
    elif lang == "toml":
        path = workdir / "block.toml"
        path.write_text(body)
        from cevns.darksector import DARK_MODEL_KEYS, load_dark_model
        from cevns.detectors import load_experiments
        from cevns.physics import load_model

        keys = {line.split("=")[0].strip() for line in body.splitlines() if "=" in line}
        if body.lstrip().startswith("["):
            assert load_experiments(path)
        elif keys and keys <= set(DARK_MODEL_KEYS):
            assert load_dark_model(path)
        else:
            load_model(path)
    else:
        pytest.fail(f"code block without a runnable language ({lang!r}): tag it or mark it skip")
