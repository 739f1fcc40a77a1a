"""The generator of the sample screenshots, photos and PDFs in samples/, each with its expected fields.

Run it through samples/make_samples.py (extras listed in samples/README.md).

Design
- Everything is drawn from data, never traced from a real screenshot. A `Screen` (screens.py) is a
  canvas that remembers every string it drew; a layout function (layouts/) draws one kind of page
  and declares each field it made visible with `Screen.field(...)`. Before a sample is written,
  every field's `text` (the form a reader sees, such as "¥1,280.00") must be found among the drawn
  strings (truth.py), so the truth can only name what is really on the page.
- Platform names are not declared by hand: after drawing, the drawn text is scanned for the names
  in PLATFORMS, so a visible "京东" can never be missing from the truth.
- Deterministic: each sample has its own `random.Random` seeded from SEED and its key (render.py),
  so adding a sample does not change the others. PNG, JPEG, HEIC and PDF bytes repeat from run
  to run.
- The claimed capture time is one datetime per sample, from which the file name, EXIF or PNG text
  chunk is built (files.py), so the name and the truth's `captured_at` cannot disagree. Year-less
  and relative times on a page (昨天 14:23, 3月15日, 03-17 10:12) resolve against it and say so
  ("resolved": "capture").
- Promise due dates (values.py): N个工作日 counts N working days after the message day with
  chinese_calendar (weekends, public holidays and make-up working days); N小时 adds hours; N天
  adds calendar days; 明天/tomorrow is the next day.

Modules: screens (canvas, fonts, phone chrome), layouts/ (one module per family of app page),
degradation (re-sent and photographed copies), identifiers and values (what pages write),
files (names, metadata, image formats), truth, render (one sample), catalogue/ (every sample as
data), run (the whole run).
"""
