"""An installed wheel, not only this checkout, must work: schema/ ships inside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv

import pytest
from conftest import REPO, png_bytes

pytestmark = pytest.mark.slow


def test_wheel_installs_and_runs_in_a_fresh_virtualenv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(REPO)], check=True, cwd=tmp_path)
    [wheel] = list(dist.glob("evidence_vault-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=tmp_path)

    where = subprocess.run(
        [str(py), "-c", "from evidence_vault import resources; print(resources.schema_dir())"],
        check=True, capture_output=True, text=True, cwd=tmp_path).stdout.strip()
    assert "site-packages" in where and str(REPO) not in where

    vault_bin = env_dir / "bin" / "vault"
    shot = tmp_path / "Screenshot_20240315-142307.png"
    shot.write_bytes(png_bytes())
    env = {**os.environ, "EVIDENCE_VAULT": str(tmp_path / "v")}
    run = lambda *a: subprocess.run([str(vault_bin), *a], capture_output=True, text=True,  # noqa: E731
                                    env=env, cwd=tmp_path)
    init = run("init", "--json")
    assert init.returncode == 0, init.stderr
    added = run("add", str(shot), "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["items"][0]["captured_at"] == "2024-03-15T14:23:07"
    assert run("verify").returncode == 0

    # the compiled catalogues ship in the wheel: Chinese help from the installed package
    # (the interpreter is the venv's, the package its site-packages copy, not this checkout)
    mo = subprocess.run(
        [str(py), "-c", "import evidence_vault.i18n as i; print(i.LOCALE_DIR)"],
        check=True, capture_output=True, text=True, cwd=tmp_path).stdout.strip()
    assert "site-packages" in mo
    zh = subprocess.run([str(vault_bin), "--help"], capture_output=True, text=True,
                        env={**env, "LANG": "zh_CN.UTF-8", "LC_ALL": "", "LANGUAGE": ""},
                        cwd=tmp_path)
    assert zh.returncode == 0, zh.stderr
    assert "用法：vault" in zh.stdout and "收集证据：" in zh.stdout
    add_help = run("--lang", "zh-Hant", "add", "--help")
    assert "把檔案和資料夾" in add_help.stdout, add_help.stdout
