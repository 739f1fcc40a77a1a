"""Shared fixtures. Every test gets its own vault through the environment,
never through globals (STYLE 11)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_vault.cli import cli
from evidence_vault.vault import Vault

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"


@pytest.fixture(autouse=True)
def _isolated_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    vault_dir = tmp_path / "vault"
    monkeypatch.setenv("EVIDENCE_VAULT", str(vault_dir))
    monkeypatch.setenv("NO_COLOR", "1")
    # Core tests store and index files; the tests that prove OCR choose an engine.
    monkeypatch.setenv("EVIDENCE_VAULT_ENGINE", "none")
    # English unless a test says otherwise, whatever the machine's locale or the
    # developer's own `vault config lang`.
    monkeypatch.setenv("EVIDENCE_VAULT_CONFIG", str(tmp_path / "user-config.json"))
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return vault_dir


@pytest.fixture
def vault_dir(_isolated_vault: Path) -> Path:
    return _isolated_vault


@pytest.fixture
def vault(vault_dir: Path):
    v = Vault.open(vault_dir)
    yield v
    v.close()


@pytest.fixture
def files(tmp_path: Path):
    """Make small evidence files: files("a.png", b"...")."""
    root = tmp_path / "in"
    root.mkdir()

    def make(name: str, data: bytes | None = None) -> Path:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if data is not None else os.urandom(64) + name.encode())
        return p

    make.root = root  # type: ignore[attr-defined]
    return make


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, ok: bool | None = True):
        result = self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        if ok is True:
            assert result.exit_code == 0, (result.output, result.stderr)
        return result

    def json(self, *args: str) -> dict:
        result = self(*args, "--json")
        return json.loads(result.stdout)


@pytest.fixture
def run() -> Run:
    return Run()


def png_bytes(size=(8, 8), color=(200, 30, 30), **save) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG", **save)
    return buf.getvalue()


def jpeg_with_exif(when: str = "2024:03:15 14:23:07", color=(10, 120, 200)) -> bytes:
    import io

    from PIL import Image

    im = Image.new("RGB", (16, 16), color)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = when
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def have_cjk_font() -> bool:
    """Is a CJK font installed for the dossier (fonts-noto-cjk)? Tests that render
    Chinese pages skip without one."""
    from evidence_vault.dossier import fonts
    from evidence_vault.errors import VaultError

    try:
        fonts.find_cjk_font("zh")
    except VaultError:
        return False
    return True
