#!/bin/sh
# Install the Debian/Ubuntu packages evidence-vault needs, or say exactly how.
#
#   libmagic1                      file types from content (python-magic)          required
#   python3-venv                   the virtualenv `make` builds                     required
#   tesseract-ocr(-chi-sim/-tra)   the second OCR engine (--engine tesseract)      optional
#   fonts-noto-cjk                 Chinese text in the dossier PDF and samples     optional
#   poppler-utils                  pdftotext/pdffonts/pdftoppm for PDF checks      optional
#
# As root, missing packages are installed with apt-get; with password-less sudo,
# through sudo; otherwise the command to run is printed. Without a required
# package this script fails; without an optional one, the features and tests
# that need it are skipped and say why.
set -eu

REQUIRED="libmagic1"
OPTIONAL="tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra fonts-noto-cjk poppler-utils"
PYTHON="${PYTHON:-python3}"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: not a Debian/Ubuntu system; install libmagic (required), tesseract with"
    echo "  chi_sim and chi_tra, a Noto CJK font and poppler yourself."
    exit 0
fi

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing_required=""
missing_optional=""
for p in $REQUIRED; do installed "$p" || missing_required="$missing_required $p"; done
for p in $OPTIONAL; do installed "$p" || missing_optional="$missing_optional $p"; done
# venv needs ensurepip, which Debian ships separately (python3-venv / python3.X-venv).
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if apt-cache show "python$ver-venv" >/dev/null 2>&1; then
        missing_required="$missing_required python$ver-venv"
    else
        missing_required="$missing_required python3-venv"
    fi
fi

missing="$missing_required$missing_optional"
if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "system-deps: these packages are missing:$missing"
    echo "system-deps: run this, then run make again:"
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing"
    if [ -n "$missing_required" ]; then
        exit 1
    fi
    echo "system-deps: continuing without the optional ones (their features and tests skip)."
    exit 0
fi

echo "system-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
