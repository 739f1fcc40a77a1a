"""evidence-vault: a local, tamper-evident archive of evidence for consumer disputes."""

__version__ = "0.1.0"
