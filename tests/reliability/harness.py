"""The reliability trials as a small library: pytest runs short versions of them
(tests/reliability/test_*.py) and benchmarks/reliability.py the long ones.

Every trial drives the real `vault` command in real processes (`python -m
evidence_vault --vault V …`, this checkout first on PYTHONPATH, its own TMPDIR)
and judges the vault afterwards only through the commands a user has: `verify
--json`, `list --json`, `show`, `timeline`, `search`, `verify-export`, plus a look
at the files a dead process may leave behind. A check returns a list of
problems, each one line; an empty list means the vault came through.

A kill trial is: copy a prepared vault, start the command, SIGKILL its whole
process group (the command and any OCR workers, as a power cut or the OOM
killer would) after a delay drawn from the trial's seed and spread over the
command's measured duration, run "the next command" (the same command again;
for `note`, nothing), then check. Every trial has its own integer seed; the
seed fixes the delay (as a fraction of the measured window) and the files made
for the trial, so `benchmarks/reliability.py --commands C --replay SEED`
repeats it (the machine's timing, of course, is not replayed).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
# Small screenshots that rapidocr reads in about a second each.
OCR_SAMPLES = ["Screenshot_20240316-091240.png", "IMG_6021.PNG", "Screenshot_20240620-204430.png"]

TRACEBACK = "Traceback (most recent call last)"
LOCK_WORDS = re.compile(r"database is locked|database table is locked|\bbusy\b", re.IGNORECASE)

# What a dead process may leave behind, by where it is left.
VAULT_LEFTOVERS = ("tmp/put-*", ".head-*")
TMP_LEFTOVERS = ("vault-export-*", "dossier-pdf-*")
OUT_LEFTOVERS = (".{name}.partial-*", ".{name}.old-*")


class Skip(Exception):  # noqa: N818 - it is a verdict, not an error
    """A trial that cannot run here; the message says why."""


# -- running the command ---------------------------------------------------------------------------


@dataclass
class Result:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    killed: bool = False
    timed_out: bool = False

    def json(self) -> dict:
        return json.loads(self.stdout)

    def last_line(self) -> str:
        lines = [ln for ln in self.stderr.splitlines() if ln.strip()]
        return lines[-1].strip() if lines else "(no message)"

    def describe(self) -> str:
        return f"`vault {' '.join(self.args[:2])}` exit {self.returncode}: {self.last_line()}"


def env_for(tmpdir: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a trial's processes: this checkout's code, its own TMPDIR."""
    env = dict(os.environ if base is None else base)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env["TMPDIR"] = str(tmpdir)
    env["NO_COLOR"] = "1"
    env.pop("EVIDENCE_VAULT", None)  # always --vault, so nothing else is touched
    env.setdefault("EVIDENCE_VAULT_ENGINE", "none")
    tmpdir.mkdir(parents=True, exist_ok=True)
    return env


class Runner:
    """Runs `python -m evidence_vault --vault VAULT …` as a real subprocess."""

    def __init__(self, vault: Path, tmpdir: Path, logs: Path | None = None) -> None:
        self.vault = vault
        self.env = env_for(tmpdir)
        self.logs = logs or tmpdir.parent / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self._n = 0
        self._lock = threading.Lock()

    def for_vault(self, vault: Path) -> Runner:
        other = Runner(vault, Path(self.env["TMPDIR"]), self.logs)
        other.env = dict(self.env)
        return other

    def run(self, *args: str, kill_after: float | None = None, timeout: float = 600) -> Result:
        """Run the command; with `kill_after`, SIGKILL its process group at that time.

        Output goes to files, not pipes, so a command that prints a lot never blocks
        on a full pipe while we wait to kill it.
        """
        with self._lock:
            self._n += 1
            n = self._n
        out_p, err_p = self.logs / f"{n}.out", self.logs / f"{n}.err"
        cmd = [sys.executable, "-m", "evidence_vault", "--vault", str(self.vault), *args]
        started = time.monotonic()
        killed = timed_out = False
        with open(out_p, "wb") as out, open(err_p, "wb") as err:
            p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env=self.env, start_new_session=True)
            try:
                p.wait(timeout=kill_after if kill_after is not None else timeout)
            except subprocess.TimeoutExpired:
                killed = kill_after is not None
                timed_out = not killed
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            # The group may hold workers that outlived their parent; none must linger.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
        seconds = time.monotonic() - started
        return Result(list(args), p.returncode, out_p.read_text("utf-8", "replace"),
                      err_p.read_text("utf-8", "replace"), seconds, killed, timed_out)

    def ok(self, *args: str) -> Result:
        """Run a command that must succeed (building fixtures); raise with its message if not."""
        r = self.run(*args)
        if r.returncode != 0:
            raise RuntimeError(f"setup failed: {r.describe()}\n{r.stderr[-2000:]}")
        return r


# -- making evidence -------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def make_files(folder: Path, n: int, rng: random.Random, prefix: str = "f",
               size: tuple[int, int] = (64, 2048)) -> dict[str, Path]:
    """`n` small distinct files in `folder`: every fifth a real PNG (so the capture-time
    code runs), the rest random bytes. Returns {sha256: path}."""
    import io

    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    for i in range(n):
        if i % 5 == 4:
            im = Image.new("RGB", (rng.randint(8, 32), rng.randint(8, 32)),
                           tuple(rng.randrange(256) for _ in range(3)))
            info = PngInfo()
            info.add_text("Comment", f"{prefix}{i}")  # distinct bytes even for equal pixels
            buf = io.BytesIO()
            im.save(buf, "PNG", pnginfo=info)
            data, name = buf.getvalue(), f"{prefix}{i:03d}.png"
        else:
            data = f"{prefix}{i}:".encode() + rng.randbytes(rng.randint(*size))
            name = f"{prefix}{i:03d}.bin"
        p = folder / name
        p.write_bytes(data)
        made[hashlib.sha256(data).hexdigest()] = p
    return made


def copy_samples(folder: Path, names: Iterable[str]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for name in names:
        p = folder / name
        shutil.copyfile(SAMPLES / name, p)
        made[sha256_file(p)] = p
    return made


# -- checks: each returns a list of problems -------------------------------------------------------


def check_streams(results: Iterable[Result]) -> list[str]:
    """No traceback and no lock error in anything a command printed."""
    problems = []
    for r in results:
        if TRACEBACK in r.stderr or TRACEBACK in r.stdout:
            tail = [ln for ln in r.stderr.splitlines() if ln.strip()]
            problems.append(f"traceback from `vault {r.args[0]}`: {tail[-1] if tail else '?'}")
        if LOCK_WORDS.search(r.stderr):
            problems.append(f"lock error from `vault {r.args[0]}`: {r.last_line()}")
        if r.timed_out:
            problems.append(f"`vault {r.args[0]}` did not finish within its timeout")
    return problems


def verify_problems(runner: Runner) -> tuple[list[str], Result]:
    """`vault verify --json` must exit 0 and say ok. A stored original no item owns
    yet is "in flight" and allowed, as long as verify itself does not call it a problem."""
    r = runner.run("verify", "--json")
    try:
        report = r.json()
    except ValueError:
        return [f"verify printed no JSON: {r.describe()}"], r
    problems = [f"verify: {p.get('ref') or '-'}: {p.get('what')}" for p in report.get("problems", [])]
    if not report.get("ok") and not problems:
        problems.append("verify: not ok, and names no problem")
    if report.get("ok") and r.returncode != 0:
        problems.append(f"verify says ok but exits {r.returncode}")
    return problems, r


def check_present_once(runner: Runner, expected: Iterable[str]) -> list[str]:
    """Every expected SHA-256 is one item, exactly once."""
    r = runner.run("list", "--json")
    if r.returncode != 0:
        return [f"list failed: {r.describe()}"]
    counts = Counter(it["sha256"] for it in r.json()["items"])
    problems = []
    missing = [s for s in expected if counts[s] == 0]
    doubled = [s for s, c in counts.items() if c > 1]
    if missing:
        problems.append(f"{len(missing)} file(s) missing from the vault (first {missing[0][:12]})")
    if doubled:
        problems.append(f"{len(doubled)} file(s) stored more than once (first {doubled[0][:12]})")
    return problems


def leftovers(vault: Path | None, tmpdir: Path | None, out: Path | None = None) -> list[str]:
    """Temporary files a dead process left: in the vault, in TMPDIR, beside --out."""
    found: list[str] = []
    if vault is not None:
        found += [f"{p.relative_to(vault)} in the vault" for pattern in VAULT_LEFTOVERS
                  for p in vault.glob(pattern)]
    if tmpdir is not None:
        found += [f"{p.name} in TMPDIR" for pattern in TMP_LEFTOVERS for p in tmpdir.glob(pattern)]
    if out is not None:
        found += [f"{p.name} beside --out" for pattern in OUT_LEFTOVERS
                  for p in out.parent.glob(pattern.format(name=out.name))]
    return [f"leftover {f}" for f in sorted(found)]


def ocr_problems(runner: Runner, refs: Iterable[str], engine: str = "rapidocr") -> list[str]:
    """Each item was read by `engine` and its text kept."""
    problems = []
    for ref in refs:
        r = runner.run("show", ref, "--json")
        if r.returncode != 0:
            problems.append(f"show {ref} failed: {r.describe()}")
            continue
        ocr = r.json().get("ocr") or {}
        if ocr.get("engine") != engine or not (ocr.get("text") or "").strip():
            problems.append(f"{ref} has no {engine} reading")
    return problems


def reason_of(problem: str) -> str:
    """A problem with its particulars (refs, hashes, numbers, paths) taken out, to count alike ones."""
    s = re.sub(r"'/[^']*'|(?<![\w.])/[^\s:;,)']+", "PATH", problem)
    s = re.sub(r"\b[0-9a-f]{8,64}\b…?", "…", s)
    s = re.sub(r"\b[ENP]\d+\b", "E#", s)
    s = re.sub(r"(put|head|partial|old|export|pdf)-[\w.]+", r"\1-*", s)
    s = re.sub(r"(?<![\w.])\d+\b", "N", s)
    return s


# -- kill trials -----------------------------------------------------------------------------------


@dataclass
class Size:
    """How big a run is: the pytest run is short, benchmarks/reliability.py long."""

    add_files: int = 40
    vault_files: int = 10
    ocr_images: int = 1

    @classmethod
    def named(cls, name: str) -> Size:
        return {"short": cls(), "long": cls(add_files=200, vault_files=40, ocr_images=3)}[name]


@dataclass
class Trial:
    """One trial's folder and what the scenario put in it."""

    dir: Path
    vault: Path
    tmpdir: Path
    runner: Runner
    expected: dict[str, Path] = field(default_factory=dict)
    out: Path | None = None
    args: list[str] = field(default_factory=list)
    next_args: list[str] | None = None
    data: dict = field(default_factory=dict)


@dataclass
class TrialResult:
    command: str
    seed: int
    fraction: float
    delay: float
    killed: bool
    problems: list[str]
    replay: str = ""  # the options that repeat this trial with benchmarks/reliability.py

    @property
    def healed(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        when = f"killed at {self.delay:.2f} s" if self.killed else f"finished before {self.delay:.2f} s"
        return (f"{self.command} seed {self.seed} ({when}): " + "; ".join(self.problems)
                + f"  [replay: python benchmarks/reliability.py {self.replay}]")


class Scenario:
    """A command to kill: how to build the vault it runs on, its arguments, what to check after.

    `setup` builds a template once per run (seeded by the run's seed); `prepare` copies it
    for one trial and makes that trial's inputs from the trial's own random generator.
    """

    name = ""
    next_is_same = True  # the next command is the same one again
    vault_leftovers = True  # the next command must have cleaned the vault's temporary files

    def __init__(self, workdir: Path, size: Size, seed: int) -> None:
        self.workdir = workdir
        self.size = size
        self.seed = seed
        self.template = workdir / f"template-{self.name}"

    def setup(self) -> None:
        """Build the template (a vault and anything beside it); raise Skip if impossible."""
        runner = self.runner_for(self.template)
        runner.ok("init", "--json")

    def runner_for(self, root: Path) -> Runner:
        return Runner(root / "vault", root / "tmp", root / "logs")

    def prepare(self, root: Path, rng: random.Random) -> Trial:
        shutil.copytree(self.template, root, symlinks=True,
                        ignore=lambda d, names: ["logs", "tmp"] if Path(d) == self.template else [])
        t = Trial(dir=root, vault=root / "vault", tmpdir=root / "tmp", runner=self.runner_for(root))
        self.inputs(t, rng)
        if t.next_args is None and self.next_is_same:
            t.next_args = list(t.args)
        return t

    def inputs(self, t: Trial, rng: random.Random) -> None:
        raise NotImplementedError

    def post(self, t: Trial, first: Result, after: Result | None) -> list[str]:
        """Checks of this command beyond the common ones."""
        return []


class AddScenario(Scenario):
    name = "add"
    engine = "none"

    def inputs(self, t: Trial, rng: random.Random) -> None:
        t.expected = make_files(t.dir / "in", self.size.add_files, rng)
        t.args = ["add", str(t.dir / "in"), "--case", "c", "--engine", self.engine, "--json"]


class AddOcrScenario(AddScenario):
    name = "add-ocr"
    engine = "rapidocr"

    def inputs(self, t: Trial, rng: random.Random) -> None:
        names = OCR_SAMPLES[: self.size.ocr_images]
        t.expected = copy_samples(t.dir / "in", names)
        t.args = ["add", str(t.dir / "in"), "--case", "c", "--engine", self.engine, "--json"]

    def post(self, t: Trial, first: Result, after: Result | None) -> list[str]:
        items = t.runner.run("list", "--json")
        refs = [it["ref"] for it in items.json()["items"]] if items.returncode == 0 else []
        return ocr_problems(t.runner, refs)


class WithFilesScenario(Scenario):
    """A vault holding a case `c` of a few small files and one note."""

    def setup(self) -> None:
        runner = self.runner_for(self.template)
        files = make_files(self.template / "in", self.size.vault_files, random.Random(self.seed))
        runner.ok("add", str(self.template / "in"), "--case", "c", "--engine", "none", "--json")
        runner.ok("note", "--case", "c", "--channel", "phone", "--at", "2024-03-16 10:05",
                  "--with", "客服 工号A1023", "--promise", "3个工作日内退款", "--due", "2024-03-21",
                  "客服确认订单异常，承诺退款")
        (self.template / "expected.json").write_text(json.dumps(sorted(files)))

    def inputs(self, t: Trial, rng: random.Random) -> None:
        t.expected = {s: Path() for s in json.loads((t.dir / "expected.json").read_text())}


class NoteScenario(WithFilesScenario):
    name = "note"
    next_is_same = False
    # Nothing runs after a killed note, so nothing has had the chance to clean up.
    vault_leftovers = False

    def inputs(self, t: Trial, rng: random.Random) -> None:
        super().inputs(t, rng)
        marker = f"trial-{rng.randrange(10**9)}"
        t.data["marker"] = marker
        t.args = ["note", "--case", "c", "--channel", "chat", "--at", "2024-03-18 09:30",
                  "--with", "在线客服", "--promise", "48小时内回复", "--due", "2024-03-20",
                  f"{marker} 客服说会加急处理", "--json"]

    def post(self, t: Trial, first: Result, after: Result | None) -> list[str]:
        r = t.runner.run("timeline", "--case", "c", "--json")
        if r.returncode != 0:
            return [f"timeline failed: {r.describe()}"]
        n = sum(1 for e in r.json()["events"] if e["kind"] == "note" and t.data["marker"] in e["text"])
        if n > 1:
            return [f"the note is in the timeline {n} times"]
        if n == 0 and first.returncode == 0:
            return ["the note was reported recorded but is not in the timeline"]
        return []


class ExportScenario(WithFilesScenario):
    name = "export"

    def setup(self) -> None:
        super().setup()
        runner = self.runner_for(self.template)
        runner.ok("export", "--case", "c", "--out", str(self.template / "dossier"), "--json")

    def inputs(self, t: Trial, rng: random.Random) -> None:
        super().inputs(t, rng)
        t.out = t.dir / "dossier"
        t.args = ["export", "--case", "c", "--out", str(t.out), "--json"]
        if rng.random() < 0.5:
            # Half the trials replace the earlier dossier: a kill in the middle of the swap.
            t.args.insert(-1, "--force")
        else:
            shutil.rmtree(t.out)
        t.next_args = ["export", "--case", "c", "--out", str(t.out), "--force", "--json"]

    def post(self, t: Trial, first: Result, after: Result | None) -> list[str]:
        r = t.runner.run("verify-export", str(t.out), "--json")
        return [] if r.returncode == 0 else [f"the dossier does not check: {r.describe()}"]


class ReocrScenario(Scenario):
    name = "reocr"

    def setup(self) -> None:
        runner = self.runner_for(self.template)
        files = copy_samples(self.template / "in", OCR_SAMPLES[: self.size.ocr_images])
        runner.ok("add", str(self.template / "in"), "--case", "c", "--engine", "none", "--json")
        (self.template / "expected.json").write_text(json.dumps(sorted(files)))

    def inputs(self, t: Trial, rng: random.Random) -> None:
        t.expected = {s: Path() for s in json.loads((t.dir / "expected.json").read_text())}
        t.args = ["reocr", "--all", "--engine", "rapidocr", "--json"]

    def post(self, t: Trial, first: Result, after: Result | None) -> list[str]:
        refs = [f"E{i + 1}" for i in range(len(t.expected))]
        return ocr_problems(t.runner, refs)


class ReindexScenario(WithFilesScenario):
    name = "reindex"
    queries = ("f003", "退款", "f004")

    def setup(self) -> None:
        super().setup()
        runner = self.runner_for(self.template)
        totals = {q: runner.ok("search", q, "--json").json()["total"] for q in self.queries}
        (self.template / "search.json").write_text(json.dumps(totals))

    def inputs(self, t: Trial, rng: random.Random) -> None:
        super().inputs(t, rng)
        t.args = ["reindex"]

    def post(self, t: Trial, first: Result, after: Result | None) -> list[str]:
        problems = []
        for q, total in json.loads((t.dir / "search.json").read_text()).items():
            r = t.runner.run("search", q, "--json")
            got = r.json()["total"] if r.returncode == 0 else None
            if got != total:
                problems.append(f"search {q!r} finds {got}, {total} before the kill")
        return problems


def backup_missing(runner: Runner) -> str | None:
    """Why `vault backup` cannot be tried here, or None when it can."""
    r = runner.run("backup", "--help")
    if r.returncode == 0:
        return None
    return f"`vault backup --help` fails (exit {r.returncode}: {r.last_line()}); no backup command here"


class BackupScenario(WithFilesScenario):
    name = "backup"

    def setup(self) -> None:
        self.template.mkdir(parents=True, exist_ok=True)
        reason = backup_missing(self.runner_for(self.template))
        if reason:
            raise Skip(reason)
        super().setup()

    def inputs(self, t: Trial, rng: random.Random) -> None:
        super().inputs(t, rng)
        t.out = t.dir / "backup"
        t.args = ["backup", str(t.out), "--json"]

    def post(self, t: Trial, first: Result, after: Result | None) -> list[str]:
        copy = t.runner.for_vault(t.out)
        problems = [f"the backup's {p}" for p in verify_problems(copy)[0]]
        problems += [f"the backup: {p}" for p in check_present_once(copy, t.expected)]
        return problems


SCENARIOS: dict[str, type[Scenario]] = {s.name: s for s in (
    AddScenario, AddOcrScenario, NoteScenario, ExportScenario, ReocrScenario, ReindexScenario,
    BackupScenario)}


def trial_seed(base: int, command: str, index: int) -> int:
    return zlib.crc32(f"{base}:{command}:{index}".encode())


@dataclass
class Window:
    """When to kill: between the start-up of a command and its normal end, both measured."""

    start: float
    end: float


def measure(scenario: Scenario) -> Window:
    """Run the command once without a kill on a copy of the template: how long it takes, and
    how long a command that only opens the vault takes (before that, a kill hits the imports)."""
    root = scenario.workdir / f"measure-{scenario.name}"
    shutil.rmtree(root, ignore_errors=True)
    t = scenario.prepare(root, random.Random(scenario.seed))
    started = t.runner.run("list", "--json")
    full = t.runner.run(*t.args)
    if full.returncode != 0:
        raise RuntimeError(f"{scenario.name} fails without a kill: {full.describe()}")
    seconds = full.seconds
    if seconds < 1.5:
        # A first run pays for cold caches; a short command is measured again, warm.
        shutil.rmtree(root, ignore_errors=True)
        t = scenario.prepare(root, random.Random(scenario.seed))
        seconds = min(seconds, t.runner.run(*t.args).seconds)
    shutil.rmtree(root, ignore_errors=True)
    start = min(started.seconds, seconds) * 0.8
    return Window(start, max(seconds, start + 0.05))


def run_trial(scenario: Scenario, window: Window, seed: int, keep: bool = False) -> TrialResult:
    rng = random.Random(seed)
    fraction = rng.random()
    delay = window.start + fraction * (window.end - window.start)
    root = scenario.workdir / f"{scenario.name}-{seed}"
    shutil.rmtree(root, ignore_errors=True)
    t = scenario.prepare(root, rng)
    first = t.runner.run(*t.args, kill_after=delay)
    results = [first]
    problems: list[str] = []
    after = None
    if t.next_args is not None:
        after = t.runner.run(*t.next_args)
        results.append(after)
        if after.returncode != 0:
            problems.append(f"the next command fails: {after.describe()}")
    elif not first.killed and first.returncode != 0:
        problems.append(f"the command fails without a kill: {first.describe()}")
    vproblems, vresult = verify_problems(t.runner)
    results.append(vresult)
    problems = check_streams(results) + problems + vproblems
    problems += check_present_once(t.runner, t.expected)
    problems += scenario.post(t, first, after)
    problems += leftovers(t.vault if scenario.vault_leftovers else None, t.tmpdir, t.out)
    if not keep and not problems:
        shutil.rmtree(root, ignore_errors=True)
    replay = (f"--commands {scenario.name} --seed {scenario.seed} --replay {seed}"
              + (" --short" if scenario.size == Size.named("short") else ""))
    return TrialResult(scenario.name, seed, fraction, delay, first.killed, problems, replay)


@dataclass
class CommandReport:
    command: str
    results: list[TrialResult] = field(default_factory=list)
    skipped: str | None = None
    window: Window | None = None

    @property
    def failures(self) -> list[TrialResult]:
        return [r for r in self.results if not r.healed]

    def reasons(self) -> Counter:
        c: Counter = Counter()
        for r in self.failures:
            for reason in dict.fromkeys(reason_of(p) for p in r.problems):
                c[reason] += 1
        return c


def run_trials(command: str, trials: int, workdir: Path, seed: int = 0, size: str | Size = "short",
               replay: Iterable[int] = (), keep: bool = False,
               progress: Callable[[TrialResult], None] | None = None) -> CommandReport:
    """`trials` seeded kill trials of one command (or exactly the trial seeds in `replay`)."""
    size = Size.named(size) if isinstance(size, str) else size
    scenario = SCENARIOS[command](workdir / command, size, seed)
    report = CommandReport(command)
    try:
        scenario.setup()
    except Skip as e:
        report.skipped = str(e)
        return report
    report.window = measure(scenario)
    seeds = list(replay) or [trial_seed(seed, command, i) for i in range(trials)]
    for s in seeds:
        result = run_trial(scenario, report.window, s, keep=keep)
        report.results.append(result)
        if progress:
            progress(result)
    if not keep:
        shutil.rmtree(workdir / command, ignore_errors=True)
    return report


def markdown_table(reports: Iterable[CommandReport]) -> str:
    lines = ["| command | trials | killed | healed | failed (reasons) |", "|---|---|---|---|---|"]
    for r in reports:
        if r.skipped:
            lines.append(f"| {r.command} | 0 | – | – | skipped: {r.skipped} |")
            continue
        reasons = "; ".join(f"{n}× {reason}" for reason, n in r.reasons().most_common())
        killed = sum(t.killed for t in r.results)
        lines.append(f"| {r.command} | {len(r.results)} | {killed} | "
                     f"{len(r.results) - len(r.failures)} | {len(r.failures)}"
                     + (f" ({reasons})" if reasons else "") + " |")
    return "\n".join(lines)


# -- concurrency -----------------------------------------------------------------------------------


@dataclass
class ConcurrencyReport:
    verify_runs: int = 0
    false_alarms: list[str] = field(default_factory=list)  # one line per verify that was not ok
    search_runs: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def concurrency(workdir: Path, seed: int = 0, files_per_writer: int = 15, shared_files: int = 10,
                chunk: int = 5, notes: int = 5, min_verifies: int = 0, max_rounds: int = 10
                ) -> ConcurrencyReport:
    """Four writers (three `add`s of distinct and shared files, one `note` writer), a
    searcher and a verifier at once, in rounds until the verifier has run `min_verifies`
    times during writes. Then everything must be there exactly once, no command may have
    met a lock, and every verify run during the writes must have said ok."""
    rng = random.Random(seed)
    runner = Runner(workdir / "vault", workdir / "tmp", workdir / "logs")
    runner.ok("init", "--json")
    report = ConcurrencyReport()
    expected: dict[str, Path] = {}
    markers: list[str] = []
    results: list[Result] = []
    results_lock = threading.Lock()
    started = time.monotonic()

    def keep(r: Result) -> Result:
        with results_lock:
            results.append(r)
        return r

    def writer(cmds: list[list[str]]) -> None:
        for args in cmds:
            r = keep(runner.run(*args))
            if r.returncode != 0:
                with results_lock:
                    report.problems.append(f"writer failed: {r.describe()}")

    def searcher(writing: threading.Event) -> None:
        while writing.is_set():
            r = keep(runner.run("search", "退款", "--json"))
            report.search_runs += 1
            if r.returncode != 0:
                report.problems.append(f"search failed: {r.describe()}")

    def verifier(writing: threading.Event) -> None:
        while writing.is_set():
            r = keep(runner.run("verify", "--json"))
            if not writing.is_set():
                break  # it ended after the writes: not a run "during" them
            report.verify_runs += 1
            try:
                rep = r.json()
                ok = rep.get("ok") is True and r.returncode == 0
                what = "; ".join(f"{p.get('ref')}: {p.get('what')}" for p in rep.get("problems", []))
            except ValueError:
                ok, what = False, r.describe()
            if not ok:
                report.false_alarms.append(what or r.describe())

    for rnd in range(max_rounds):
        shared = make_files(workdir / f"r{rnd}" / "shared", shared_files, rng, prefix=f"s{rnd}-")
        jobs: list[list[list[str]]] = []
        for w in "abc":
            own = make_files(workdir / f"r{rnd}" / w, files_per_writer, rng, prefix=f"{w}{rnd}-")
            expected.update(own)
            paths = [str(p) for p in own.values()] + [str(p) for p in shared.values()]
            rng.shuffle(paths)
            jobs.append([["add", *paths[i:i + chunk], "--case", "race", "--engine", "none", "--json"]
                         for i in range(0, len(paths), chunk)])
        expected.update(shared)
        note_jobs = []
        for i in range(notes):
            marker = f"conc-{rnd}-{i}-{rng.randrange(10**6)}"
            markers.append(marker)
            note_jobs.append(["note", "--case", "race", "--channel", "phone",
                              "--at", f"2024-03-{10 + i % 18:02d} 1{i % 10}:0{rnd % 10}",
                              f"{marker} 客服承诺退款", "--json"])
        jobs.append(note_jobs)
        writing = threading.Event()
        writing.set()
        writers = [threading.Thread(target=writer, args=(j,)) for j in jobs]
        others = [threading.Thread(target=searcher, args=(writing,)),
                  threading.Thread(target=verifier, args=(writing,))]
        for th in others + writers:
            th.start()
        for th in writers:
            th.join()
        writing.clear()
        for th in others:
            th.join()
        if report.verify_runs >= min_verifies:
            break
    report.seconds = time.monotonic() - started

    report.problems += check_streams(results)
    report.problems += check_present_once(runner, expected)
    r = runner.run("timeline", "--case", "race", "--json")
    texts = [e["text"] for e in r.json()["events"] if e["kind"] == "note"] if r.returncode == 0 else []
    for m in markers:
        n = sum(m in t for t in texts)
        if n != 1:
            report.problems.append(f"note {m} is in the timeline {n} times")
    final, _ = verify_problems(runner)
    report.problems += [f"after the writes, {p}" for p in final]
    return report


# -- full disk and read-only media -----------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `where`; Skip if this machine does not let us mount one."""
    where.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise Skip(f"cannot mount a tmpfs here ({r.stderr.strip() or 'mount failed'})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@contextlib.contextmanager
def read_only_view(source: Path, where: Path) -> Iterator[Path]:
    """`source` bind-mounted read-only at `where`; Skip if not permitted here."""
    where.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "--bind", str(source), str(where)], capture_output=True, text=True)
    if r.returncode != 0:
        raise Skip(f"cannot bind-mount here ({r.stderr.strip() or 'mount failed'})")
    try:
        r = subprocess.run(["mount", "-o", "remount,ro,bind", str(where)], capture_output=True, text=True)
        if r.returncode != 0:
            raise Skip(f"cannot remount read-only here ({r.stderr.strip() or 'mount failed'})")
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def one_line_failure(r: Result, what: str) -> list[str]:
    """The command must fail as the user should see it: exit 1, no traceback, and each
    message one `Error: …` line (a batch may print one per file it could not keep)."""
    problems = check_streams([r])
    if r.returncode != 1:
        problems.append(f"{what}: exit {r.returncode}, expected 1 ({r.last_line()})")
    lines = [ln.strip() for ln in r.stderr.splitlines() if ln.strip()]
    if not any(ln.startswith("Error:") for ln in lines):
        problems.append(f"{what}: no `Error: …` line ({r.last_line()[:100]})")
    stray = [ln for ln in lines if not ln.startswith(("Error:", "warning:", "hint:"))]
    if stray and TRACEBACK not in r.stderr:
        problems.append(f"{what}: a message that is not one line: {stray[0][:100]!r}")
    return problems


def full_disk(workdir: Path, seed: int = 0, files: int = 24, file_size: int = 64 * 1024,
              disk: str = "12m") -> list[str]:
    """A vault on a small tmpfs holding a case of a few files. Fill the disk with `vault add`
    until ENOSPC; then `note` and `export --out` onto the full disk; then free the space
    and do it all again. Failing is right on a full disk, but as one line with exit 1, and
    what was recorded before stays, with `verify` clean."""
    rng = random.Random(seed)
    problems: list[str] = []
    first = make_files(workdir / "first", 3, rng, prefix="first")
    source = make_files(workdir / "in", files, rng, size=(file_size, file_size))
    with tmpfs(workdir / "disk", disk) as mnt:
        runner = Runner(mnt / "vault", workdir / "tmp", workdir / "logs")
        runner.ok("add", str(workdir / "first"), "--case", "c", "--engine", "none", "--json")
        # Leave about a third of the input's size free: the add runs out of space midway.
        st = os.statvfs(mnt)
        free = st.f_bavail * st.f_frsize
        filler = mnt / "filler"
        with open(filler, "wb") as f:
            f.write(b"\0" * max(0, free - files * file_size // 3))
        note = ["note", "--case", "c", "--channel", "phone", "--at", "2024-03-16 10:05",
                "满盘时记录的通话", "--json"]
        out = mnt / "dossier"

        add = runner.run("add", str(workdir / "in"), "--case", "c", "--engine", "none", "--json")
        if add.returncode == 0:
            problems.append("add on a full disk: exit 0 (the disk never filled; make the input bigger)")
        else:
            problems += one_line_failure(add, "add on a full disk")
        problems += [f"on a full disk, {p}" for p in check_present_once(runner, first)]
        listed = runner.run("list", "--json")
        stray = {it["sha256"] for it in listed.json()["items"]} if listed.returncode == 0 else set()
        if stray - set(source) - set(first):
            problems.append("on a full disk, the vault lists items that were never added")
        problems += [f"on a full disk, {p}" for p in verify_problems(runner)[0]]
        # add keeps some room for the database; take the rest, so the disk is really full
        brim = mnt / "filler-2"
        with open(brim, "wb") as f, contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        problems += one_line_failure(runner.run(*note), "note on a full disk")
        problems += one_line_failure(runner.run("export", "--case", "c", "--out", str(out), "--json"),
                                     "export onto a full disk")
        problems += [f"after export on a full disk, {p}" for p in leftovers(None, None, out)]
        problems += [f"after note and export on a full disk, {p}" for p in verify_problems(runner)[0]]

        filler.unlink()
        brim.unlink()
        again = runner.run("add", str(workdir / "in"), "--case", "c", "--engine", "none", "--json")
        if again.returncode != 0:
            problems.append(f"add after freeing space: {again.describe()}")
        problems += [f"after freeing space, {p}" for p in check_present_once(runner, {**first, **source})]
        n = runner.run(*note)
        if n.returncode != 0:
            problems.append(f"note after freeing space: {n.describe()}")
        exp = runner.run("export", "--case", "c", "--out", str(out), "--force", "--json")
        if exp.returncode != 0:
            problems.append(f"export after freeing space: {exp.describe()}")
        else:
            ve = runner.run("verify-export", str(out), "--json")
            if ve.returncode != 0:
                problems.append(f"the dossier made after freeing space does not check: {ve.describe()}")
        problems += check_streams([again, n, exp])
        problems += [f"after freeing space, {p}" for p in verify_problems(runner)[0]]
        problems += [f"after freeing space, {p}" for p in leftovers(runner.vault, workdir / "tmp", out)]
    return problems


def read_only(workdir: Path, seed: int = 0) -> list[str]:
    """A vault seen through a read-only bind mount: reading commands work, writing ones
    fail with one line."""
    rng = random.Random(seed)
    problems: list[str] = []
    writable = Runner(workdir / "vault", workdir / "tmp", workdir / "logs")
    make_files(workdir / "in", 6, rng)
    writable.ok("add", str(workdir / "in"), "--case", "c", "--engine", "none", "--json")
    writable.ok("note", "--case", "c", "--channel", "phone", "--at", "2024-03-16 10:05",
                "--promise", "3个工作日内退款", "--due", "2024-03-21", "客服承诺退款", "--json")
    with read_only_view(workdir / "vault", workdir / "ro") as ro:
        runner = writable.for_vault(ro)
        reading = [["list", "--json"], ["show", "E1", "--json"], ["search", "退款", "--json"],
                   ["verify", "--json"], ["timeline", "--case", "c", "--json"],
                   ["due", "--json"], ["log", "--json"],
                   ["export", "--case", "c", "--out", str(workdir / "dossier"), "--json"]]
        for args in reading:
            r = runner.run(*args)
            problems += check_streams([r])
            if r.returncode != 0:
                problems.append(f"read-only vault: {r.describe()}")
            elif args[0] == "verify" and not r.json().get("ok"):
                problems.append(f"read-only vault: verify not ok: {r.stdout[:200]}")
        (workdir / "more").mkdir()
        (workdir / "more" / "x.bin").write_bytes(rng.randbytes(100))
        writing = [["add", str(workdir / "more" / "x.bin"), "--engine", "none"],
                   ["note", "--case", "c", "--channel", "sms", "--at", "2024-03-17 10:00", "短信"]]
        for args in writing:
            r = runner.run(*args)
            problems += [f"read-only vault: {p}" for p in one_line_failure(r, args[0])]
            if len([ln for ln in r.stderr.splitlines() if ln.strip()]) > 1:
                problems.append(f"read-only vault: {args[0]} prints more than one line")
    return problems
