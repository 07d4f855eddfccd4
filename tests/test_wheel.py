"""The wheel, installed as the container and systemd recipes install it (``pip install .``, not ``-e``),
works from an empty folder: the defaults, the catalog, the sample sources and the sample site travel
inside the package.

The fresh environment gets the wheel alone; its dependencies come from the test environment through
a ``.pth`` line, so the test needs no registry and still runs the installed package, not the tree.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    (found,) = out.glob("newstrack-*.whl")
    return found


def test_wheel_holds_one_top_level_package_and_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"newstrack"}
    for needed in (
        "newstrack/config/default.toml",
        "newstrack/config/metrics.toml",
        "newstrack/seeds/sources.toml",
        "newstrack/seeds/site/manifest.json",
        "newstrack/seeds/site/_headers.json",
        "newstrack/store/migrations/env.py",
        "newstrack/cli.py",
    ):
        assert needed in names, needed
    assert any(n.startswith("newstrack/store/migrations/versions/0001") for n in names)


def test_installed_wheel_runs_demo_and_status_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True
    ).stdout.strip()
    # the dependencies, not newstrack: an editable install leaves no newstrack folder in site-packages
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", "utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    where = subprocess.run(
        [str(python), "-c", "import newstrack.crawler.config as c; print(c.__file__); print(c.DEFAULT_SETTINGS)"],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    ).stdout.split()
    assert all(p.startswith(purelib) for p in where), where

    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSTRACK_")}
    command = str(venv / "bin" / "newstrack")
    demo = subprocess.run([command, "demo", "--keep"], cwd=empty, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert demo.returncode == 0, demo.stderr[-2000:]
    assert "run 1 finished" in demo.stdout
    assert "会泽县" in demo.stdout
    status = subprocess.run(
        [command, "status", "--db", "sqlite:///newstrack-demo.db"], cwd=empty, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert status.returncode == 0, status.stderr[-2000:]
    assert "finished" in status.stdout
    exported = subprocess.run(
        [command, "export", "observations", "--db", "sqlite:///newstrack-demo.db"], cwd=empty, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert any(r["region"] == "会泽县" and r["metric"] == "lifted_out" for r in rows)


def test_every_subpackage_of_the_mapped_folders_is_packaged() -> None:
    """A folder with an ``__init__.py`` that ``pyproject.toml`` does not list would be missing from
    the wheel (the source tree's tests would not notice)."""
    import tomllib

    setup = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(setup["packages"])
    for package, folder in setup["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            assert ".".join((package, *relative)) in listed, f"{init.parent} is not in [tool.setuptools] packages"
