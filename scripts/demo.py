"""`make demo`: the main job on samples/, in a throwaway vault, shown as a user sees it.

Each step prints the command it runs, then what `vault` printed, so the demo
doubles as a tour of the CLI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
VAULT = [sys.executable, "-m", "evidence_vault"]


def step(title: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    print(f"\n\033[1m== {title}\033[0m" if sys.stdout.isatty() else f"\n== {title}")
    print("$ vault " + " ".join(a if " " not in a else f'"{a}"' for a in args))
    done = subprocess.run([*VAULT, *args], text=True, capture_output=True)
    out = done.stdout.rstrip()
    lines = out.splitlines()
    if len(lines) > 40:
        out = "\n".join(lines[:30] + [f"… ({len(lines) - 35} more lines)"] + lines[-5:])
    if out:
        print(out)
    if done.stderr.strip():
        print(done.stderr.rstrip(), file=sys.stderr)
    if check and done.returncode != 0:
        sys.exit(f"demo: `vault {args[0]}` failed with exit code {done.returncode}")
    return done


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="vault-demo-"))
    os.environ["EVIDENCE_VAULT"] = str(tmp / "vault")
    print(f"A throwaway vault in {tmp / 'vault'} (deleted at the end).")
    try:
        step("Create the vault", "init")
        step("Open a case", "case", "new", "jd-refund", "--title", "京东订单退款纠纷",
             "--against", "某某旗舰店", "--platform", "京东")
        evidence = sorted(p for p in SAMPLES.glob("*")
                          if p.is_file() and p.suffix.lower() not in (".json", ".md", ".py"))
        # the screenshots as a user has them: one folder, without the truth files beside them
        phone = tmp / "Screenshots"
        phone.mkdir()
        for p in evidence:
            shutil.copy2(p, phone / p.name)
        if evidence:
            step(f"Add a folder of {len(evidence)} screenshots, photos and PDFs, reading each one",
                 "add", str(phone), "--case", "jd-refund", check=False)
        else:
            print("\n(samples/ has no evidence files yet; adding a note only)")
        step("Record a phone call and the promise made in it", "note", "--case", "jd-refund",
             "--channel", "phone", "--with", "客服 工号A1023", "--at", "2024-03-16 10:05",
             "--promise", "3个工作日内退款", "--due", "2024-03-21", "客服确认订单异常，承诺退款")
        if evidence:
            step("Add the same folder again: nothing is stored twice", "add", str(phone),
                 check=False)
        step("The case", "case", "show", "jd-refund")
        if evidence:
            first = next((i for i, p in enumerate(evidence, 1) if "com.tencent.mm" in p.name), 1)
            step("One item: what was read from it", "show", f"E{first}")
            step("Search: two characters", "search", "退款", "--limit", "5")
            step("Search: part of an order number", "search", "751676")
            step("Search: traditional finds simplified", "search", "訂單", "--limit", "3")
        step("The case in time order", "timeline", "--case", "jd-refund")
        out = tmp / "dossier-jd-refund"
        step("The dossier for a regulator, mediator, lawyer or court", "export", "--case",
             "jd-refund", "--out", str(out), "--redact")
        if out.is_dir():
            print("\n$ ls " + str(out))
            print("  ".join(sorted(p.name + ("/" if p.is_dir() else "") for p in out.iterdir())))
            step("Check the dossier byte for byte", "verify-export", str(out))
        step("The last entries of the custody log", "log", "--limit", "5")
        step("Check every original and record", "verify")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\nDone. Your own vault lives in your user data folder, or where --vault or "
          "$EVIDENCE_VAULT says.")


if __name__ == "__main__":
    main()
