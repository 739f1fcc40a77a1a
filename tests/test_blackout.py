"""Which pixels a black box covers (dossier/blackout.py): only the personal characters, from
their own boxes where the line has them, from the line's width where it has not; and the
exact character boxes a PDF's text layer gives."""

from __future__ import annotations

from conftest import REPO
from PIL import Image

from evidence_vault.dossier.blackout import draw, find_boxes
from evidence_vault.models import OcrLine

LABEL, NUMBER = "身份证号码：", "330106199207093592"


def _line_with_chars() -> OcrLine:
    """The label's characters 30 px wide, the digits 15 px, from x=100."""
    boxes, x = [], 100.0
    for ch in LABEL + NUMBER:
        w = 15.0 if ch.isdigit() else 30.0
        boxes.append((x, 50.0, x + w, 80.0))
        x += w
    return OcrLine(LABEL + NUMBER, (100.0, 50.0, x, 80.0), 0.99, chars=tuple(boxes))


def test_only_the_number_is_covered_when_the_line_has_character_boxes():
    line = _line_with_chars()
    found = find_boxes(Image.new("RGB", (800, 200), "white"), [line])
    [box] = found.boxes
    first, last = line.chars[len(LABEL)], line.chars[-1]
    label_end = line.chars[len(LABEL) - 1]
    assert box[0] <= first[0] and box[2] >= last[2]            # every digit
    assert box[0] >= (label_end[0] + label_end[2]) / 2           # the label's 码： stays readable
    assert box[1] < 50 and box[3] > 80 and found.kinds == {"id_card": 1}


def test_without_character_boxes_the_number_is_placed_by_its_share_with_a_margin():
    chars = _line_with_chars()
    line = OcrLine(chars.text, chars.box, 0.99)                   # a stored reading's line
    [box] = find_boxes(Image.new("RGB", (800, 200), "white"), [line]).boxes
    assert box[0] <= chars.chars[len(LABEL)][0] and box[2] >= chars.chars[-1][2]
    assert box[0] > 100 + 30                                    # 身 is never covered


def test_a_label_in_one_box_names_the_value_in_the_next():
    """OCR gives 收款人户名 and 李建国 as two boxes of one row: the name is still found."""
    label = OcrLine("收款人户名", (100, 50, 250, 80), 0.99)
    value = OcrLine("李建国", (400, 50, 490, 80), 0.99)
    im = Image.new("RGB", (800, 200), "white")
    found = find_boxes(im, [value, label])
    assert found.kinds == {"name": 1}
    [box] = found.boxes
    assert box[0] > 250 and box[2] >= 490
    draw(im, found.boxes)
    assert im.getpixel((445, 65)) == (0, 0, 0) and im.getpixel((150, 65)) == (255, 255, 255)


def test_the_text_layer_gives_every_character_its_box():
    import pypdfium2 as pdfium

    from evidence_vault.readers.pdf import page_text

    doc = pdfium.PdfDocument(str(REPO / "samples" / "电子回单_招商银行_20240315.pdf"))
    try:
        lines = page_text(doc[0], 0)
    finally:
        doc.close()
    assert lines and all(ln.chars is not None and len(ln.chars) == len(ln.text) for ln in lines)
    [card] = [ln for ln in lines if ln.text.startswith("6225")]
    assert card.text == "6225 8834 6163 8434"
    digits = [b for b in card.chars if b is not None]
    assert len(digits) == 16 and all(a[2] <= b[0] + 0.5 for a, b in zip(digits, digits[1:], strict=False))
    assert all(card.box[0] <= b[0] and b[2] <= card.box[2] + 0.01 for b in digits)
