"""The sample generator (samples/generator/): its made-up numbers pass the checks a reader applies,
its promise due dates follow the Chinese working-day calendar, and its catalogue names exactly
the files in samples/ (a sample added to the catalogue but not regenerated, or left behind after
one was removed, fails here). It draws nothing: drawing needs the CJK fonts and takes 30 s."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import pytest
from stdnum import luhn
from stdnum.cn import ric, uscc

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def generator():
    sys.path.insert(0, str(SAMPLES))
    try:
        import generator
        import generator.catalogue
        import generator.catalogue.copies
        import generator.identifiers
        import generator.render
        import generator.values
    finally:
        sys.path.remove(str(SAMPLES))
    return generator


def test_made_up_numbers_pass_their_checksums(generator):
    ids = generator.identifiers
    for seed in range(300):
        rng = random.Random(seed)
        assert ric.is_valid(ids.id_card(rng, "330106", dt.date(1992, 7, 9)))
        assert luhn.is_valid(ids.luhn_card(rng, "622588", 16))
        assert luhn.is_valid(ids.luhn_card(rng, "621700", 19))
        code = ids.credit_code(rng, "330106")
        assert uscc.is_valid(code) and code[8:17].isdigit()
    assert ids.luhn_ending(random.Random(1), "622202", 19, "5678").endswith("5678")


@pytest.mark.parametrize(("text", "at", "due"), [
    ("3个工作日内退款", "2024-03-15T14:23:00", "2024-03-20"),
    ("1个工作日内回复", "2024-02-03T10:00:00", "2024-02-04"),  # a Sunday make-up working day
    ("2个工作日内退款", "2024-02-09T10:00:00", "2024-02-19"),  # Spring Festival skipped
    ("3个工作日内退款", "2024-09-27T10:00:00", "2024-10-08"),  # National Day, 09-29 worked
    ("48小时内回复", "2024-03-15T14:23:00", "2024-03-17"),
    ("3天内", "2024-03-15T14:23:00", "2024-03-18"),
    ("明天给您回电", "2024-03-15T23:50:00", "2024-03-16"),
])
def test_promise_due_dates(generator, text, at, due):
    assert generator.values.promise_due(text, dt.datetime.fromisoformat(at)).isoformat() == due


def test_catalogue_names_exactly_the_sample_files(generator):
    render = generator.render
    names = set()
    for spec in generator.catalogue.catalogue():
        names.add(render.claim(spec, random.Random(f"{render.SEED}:{spec.key}"))[0])
    for c in generator.catalogue.copies.COPIES():
        spec = render.Spec(c.key, "", "", None, {}, style=c.style, cap=c.cap, ext=c.ext, app=c.app)
        names.add(render.claim(spec, random.Random(f"{render.SEED}:{c.key}"))[0])
    on_disk = {p.name.removesuffix(".json") for p in SAMPLES.glob("*.json")}
    pdfs = {n for n in on_disk if n.endswith(".pdf")}  # written by catalogue/paper.render_pdfs
    assert len(pdfs) == 3
    assert names == on_disk - pdfs
