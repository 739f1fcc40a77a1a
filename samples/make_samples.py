"""Draw the sample phone screenshots, photos and PDFs in samples/, each with its expected fields.

Run:  .venv/bin/python samples/make_samples.py [KEY ...]   (about 30 s; extras in README.md)

The code is the `generator` package beside this file (its docstring explains the design); this
script only checks that the extra packages are there and starts it.
"""

import sys
from pathlib import Path

try:
    import chinese_calendar  # noqa: F401
    import pillow_heif  # noqa: F401
    import reportlab  # noqa: F401
except ImportError as exc:  # pragma: no cover - a message, not a traceback
    sys.exit(f"make_samples.py needs the package that provides {exc.name!r}: "
             ".venv/bin/pip install pillow-heif reportlab chinesecalendar")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generator.run import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
