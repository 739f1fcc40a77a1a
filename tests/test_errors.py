"""One error root: every error the package raises to its callers is a VaultError,
so the CLI turns each into one `Error: …` line in one place (STYLE rule 2)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import evidence_vault
from evidence_vault.errors import ReadError, VaultError

#: exceptions that never leave their module: each is caught where it is raised
INTERNAL = {
    "evidence_vault.custody.MalformedHead": "read_head's signal; verify reports it as a problem",
}


def _exception_classes():
    for info in pkgutil.walk_packages(evidence_vault.__path__, "evidence_vault."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, BaseException)
                    and obj.__module__ == info.name and not name.startswith("_")):
                yield f"{info.name}.{name}", obj


def test_every_public_error_is_a_vault_error():
    outside = [name for name, cls in _exception_classes()
               if not issubclass(cls, VaultError) and name not in INTERNAL]
    assert not outside, outside


def test_a_reader_error_is_a_vault_error_under_its_old_name():
    from evidence_vault import readers
    from evidence_vault.imaging import ImageTooLarge

    assert readers.ReadError is ReadError and issubclass(ImageTooLarge, VaultError)
