"""One error root for everything a user can get wrong.

The library raises subclasses of VaultError with messages a user can act on;
the CLI turns them into `Error: …` and exit code 1 in one place. Bugs may
still crash with a traceback; bad input never does.
"""


class VaultError(Exception):
    """Base of every error the vault reports to a user."""


class NotFoundError(VaultError):
    """A ref, case or note that does not exist."""


class AmbiguousRefError(VaultError):
    """A SHA-256 prefix that matches more than one item."""


class InvalidInputError(VaultError):
    """A value the user typed that the vault cannot take (slug, date, ref…)."""


class FileRejectedError(VaultError):
    """A path given to `add` that cannot become evidence (empty, unreadable…)."""


class VaultLockedError(VaultError):
    """Another process holds the vault for longer than the busy timeout."""


class ReadOnlyVaultError(VaultError):
    """A command that changes the vault, run on a vault that cannot be written
    (read-only media, a write-protected folder)."""


class DiskFullError(VaultError):
    """The disk holding the vault has no room left for a change."""


class NotAVaultError(VaultError):
    """A vault.db that is some other program's SQLite database."""


class ReadError(VaultError):
    """A stored file a reader cannot decode (a corrupt image, an encrypted PDF);
    the message is one line a user can read. The file is kept all the same."""
