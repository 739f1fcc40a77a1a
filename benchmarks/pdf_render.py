"""dossier.pdf benchmark: a case of N phone-screenshot exhibits typeset by dossier/pdf.py.

Draws one 1080×2400 chat screenshot, then gives each exhibit its own copy (its
number stamped on it, so no two images are the same bytes and the PDF cannot
share them), cut as the exporter cuts it (dossier/export.py: slices at most 1.3×
as tall as wide, JPEG quality 85). Each exhibit also gets ~600 characters of
OCR text, four fields, a timeline event and a custody row. Then renders the
dossier in a child process and prints its wall time, the child's peak RSS, the
page count, and the PDF's size against the images it holds.

Goals for the whole `vault export` of 200 exhibits: ≤ 30 s and ≤ 500 MB.

Usage: python benchmarks/pdf_render.py [--exhibits 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

from evidence_vault.dossier.fonts import CjkFont, find_cjk_font
from evidence_vault.dossier.model import CustodyRow, Dossier, Event, Exhibit, FieldLine

WIDTH, HEIGHT = 1080, 2400
SLICE_RATIO = 1.30
OCR = ("订单编号 295914147223954356 实付款 ¥1,280.00 支付时间 2024-03-15 14:23:07 "
       "客服：您好，很抱歉给您带来不便，您的退款申请已经提交，预计3个工作日内原路退回。"
       "如有疑问请联系在线客服，工号A1023。交易单号 4200001234202403151234567890 ")


def draw_base(font: CjkFont):
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGB", (WIDTH, HEIGHT), (237, 237, 237))
    d = ImageDraw.Draw(im)
    face = ImageFont.truetype(str(font.path), 40, index=font.index)
    small = ImageFont.truetype(str(font.path), 30, index=font.index)
    d.rectangle([0, 0, WIDTH, 150], fill=(40, 40, 40))
    d.text((40, 60), "客服 工号A1023", fill="white", font=face)
    y = 200
    for i in range(24):
        mine = i % 3 == 2
        text = "好的，谢谢，请尽快处理" if mine else f"您的退款将在3个工作日内到账（第{i}条）"
        box_w = 40 * len(text) + 60
        x0 = WIDTH - box_w - 40 if mine else 40
        d.rounded_rectangle([x0, y, x0 + box_w, y + 70], 12,
                            fill=(149, 236, 105) if mine else (255, 255, 255))
        d.text((x0 + 30, y + 12), text, fill=(20, 20, 20), font=face)
        d.text((WIDTH // 2 - 60, y + 74), f"14:{i:02d}", fill=(150, 150, 150), font=small)
        y += 90
    return im


def make_inputs(n: int, work: Path, font: CjkFont) -> tuple[Dossier, int]:
    from PIL import ImageDraw, ImageFont

    base = draw_base(font)
    stamp_font = ImageFont.truetype(str(font.path), 36, index=font.index)
    limit = int(WIDTH * SLICE_RATIO)
    count = -(-HEIGHT // limit)
    step = -(-HEIGHT // count)
    exhibits, timeline, custody = [], [], []
    image_bytes = 0
    for number in range(1, n + 1):
        paths = []
        for k, top in enumerate(range(0, HEIGHT, step), 1):
            p = work / f"E{number:03d}-{k}.jpg"
            part = base.crop((0, top, WIDTH, min(HEIGHT, top + step)))
            ImageDraw.Draw(part).text((WIDTH - 260, 10), f"#{number:04d}", fill=(200, 0, 0), font=stamp_font)
            part.save(p, "JPEG", quality=85, optimize=True)
            image_bytes += p.stat().st_size
            paths.append(p)
        sha = f"{number:064x}"
        ex = Exhibit(
            number=number, ref=f"E{number}", kind="image",
            name=f"微信聊天记录截图（客服承诺退款，第{number}页）", form="电子数据",
            source="申请人手机（小米 13）微信截屏，2024-03-15 14:23 截取", formed_at="2024-03-15 14:23",
            purpose="证明被申请人客服承诺3个工作日内退款", group=f"第{(number - 1) // 50 + 1}组事实",
            filename=f"Screenshot_2024-03-15-14-23-{number:02d}_com.tencent.mm.jpg",
            original=f"originals/E{number:03d}-Screenshot.jpg", sha256=sha, size=612345,
            mime="image/jpeg", added_at="2026-11-22T10:00:01+08:00",
            captured_at="2024-03-15T14:23:07", captured_at_source="filename",
            fields=[FieldLine("订单编号", "295914147223954356"), FieldLine("实付款", "¥1,280.00"),
                    FieldLine("客服工号", "A1023"), FieldLine("承诺", "3个工作日内退款")],
            text=OCR * 4, images=paths)
        exhibits.append(ex)
        timeline.append(Event(f"2024-03-{number % 28 + 1:02d}T14:23:07", "item", ex.ref, ex.name))
        custody.append(CustodyRow(number, ex.filename, sha, ex.size, ex.added_at, ex.captured_at,
                                  ex.captured_at_source))
    dossier = Dossier(
        lang="zh", title="某网络借贷平台违规收费纠纷", slug="loan-fees",
        parties=[("申请人", "张三"), ("被申请人", "某某科技有限公司")], money=[("实付", "¥1,280.00")],
        counts=[("证据", f"{n} 份")], made_at="2026-11-22T10:00:00+08:00", vault_id="bench",
        log_head="#999 " + "ab" * 32, exhibits=exhibits, timeline=timeline, custody=custody,
        statement=["本卷宗中的电子数据由申请人自行保存。" * 6] * 4,
        check_commands=["sha256sum -c SHA256SUMS"])
    return dossier, image_bytes


def tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants, from /proc (Linux); 0 elsewhere."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) if "VmRSS:" in status else 0
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def _child(dossier: Dossier, out: Path, font: CjkFont, queue) -> None:
    import os
    import threading

    from evidence_vault.dossier.pdf import render

    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], tree_rss_kb(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    result = render(dossier, out, font)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    typesetters = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    queue.put((wall, result.pages, own, typesetters, peak[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exhibits", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="write the PDF here and keep it")
    args = parser.parse_args()
    font = find_cjk_font("zh")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        dossier, image_bytes = make_inputs(args.exhibits, work, font)
        setup = time.perf_counter() - t0
        out = args.keep or work / "dossier.pdf"
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        child = ctx.Process(target=_child, args=(dossier, out, font, queue))
        child.start()
        wall, pages, own_kb, typesetters_kb, tree_kb = queue.get()
        child.join()
        if child.exitcode != 0:
            sys.exit(f"render failed with exit code {child.exitcode}")
        pdf_bytes = out.stat().st_size
    images = sum(len(e.images) for e in dossier.exhibits)
    rows = [
        ("exhibits", f"{args.exhibits}"),
        ("images (1080×1200 JPEG slices)", f"{images}"),
        ("pages", f"{pages}"),
        ("render wall time", f"{wall:.2f} s"),
        ("peak RSS, the process calling render()", f"{own_kb / 1024:.0f} MB"),
        ("peak RSS, largest typesetting child", f"{typesetters_kb / 1024:.0f} MB" if typesetters_kb
         else "none (typeset in process)"),
        ("peak RSS, all of them at once (sampled)", f"{tree_kb / 1024:.0f} MB" if tree_kb else "n/a"),
        ("images' total size", f"{image_bytes / 1e6:.1f} MB"),
        ("PDF size", f"{pdf_bytes / 1e6:.1f} MB ({pdf_bytes / image_bytes:.2f}× the images)"),
        ("(setup: drawing the inputs)", f"{setup:.1f} s"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 32}")
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
