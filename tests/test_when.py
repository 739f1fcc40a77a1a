from datetime import date

import pytest

from evidence_vault.errors import InvalidInputError
from evidence_vault.i18n import localize
from evidence_vault.when import parse_user_date, parse_user_datetime, said_as_typed


@pytest.mark.parametrize("text, iso", [
    ("2024-03-16 10:05", "2024-03-16T10:05:00"),
    ("2024-03-16T10:05:09", "2024-03-16T10:05:09"),
    ("2024/3/16 10:05", "2024-03-16T10:05:00"),
    ("2024.03.16 10:05", "2024-03-16T10:05:00"),
    ("2024年3月16日 10:05", "2024-03-16T10:05:00"),
    ("2024年3月16日 下午3:05", "2024-03-16T15:05:00"),
    ("２０２４－０３－１６ １０：０５", "2024-03-16T10:05:00"),
    ("2024-03-16", "2024-03-16"),
])
def test_user_datetimes(text, iso):
    assert parse_user_datetime(text) == iso


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30 10:00", "16/03/2024",
                                  "", "2024-03-16 25:00", "2月30日", "昨天 25:00", "上周八",
                                  "下午", "3月", "sometime"])
def test_bad_user_datetimes(text):
    with pytest.raises(InvalidInputError):
        parse_user_datetime(text)


def test_date_only():
    assert parse_user_date("2024/3/21") == "2024-03-21"


# Wednesday 20 May 2026: the "today" the forms people write are resolved against.
TODAY = date(2026, 5, 20)


@pytest.mark.parametrize("text, iso", [
    ("3月5日", "2026-03-05"),                      # the last 5 March, this year
    ("12月31日", "2025-12-31"),                    # not yet this year: last year's
    ("三月五号", "2026-03-05"),
    ("昨天 14:30", "2026-05-19T14:30:00"),
    ("昨天14:30", "2026-05-19T14:30:00"),
    ("前天", "2026-05-18"),
    ("大前天", "2026-05-17"),
    ("3天前", "2026-05-17"),
    ("上周五", "2026-05-15"),                      # last week's Friday
    ("上星期一 9:00", "2026-05-11T09:00:00"),
    ("周五", "2026-05-15"),                        # the last Friday
    ("星期三", "2026-05-20"),                      # today is one
    ("20240305", "2024-03-05"),
    ("20240305 1430", "2024-03-05T14:30:00"),
    ("2024/3/5", "2024-03-05"),
    ("今天下午3点", "2026-05-20T15:00:00"),
    ("今天下午3点半", "2026-05-20T15:30:00"),
    ("昨晚8点20分", "2026-05-19T20:20:00"),
    ("中午12点", "2026-05-20T12:00:00"),
    ("下午3:05", "2026-05-20T15:05:00"),
    ("去年3月5日", "2025-03-05"),
    ("yesterday", "2026-05-19"),
    ("today 9:05", "2026-05-20T09:05:00"),
    ("２０２４０３０５", "2024-03-05"),
])
def test_the_forms_people_write_resolved_against_today(text, iso):
    assert parse_user_datetime(text, today=TODAY) == iso


@pytest.mark.parametrize("text, after, iso", [
    ("3月5日", date(2026, 3, 1), "2026-03-05"),
    ("3月5日", date(2026, 5, 20), "2027-03-05"),   # due after the promise: next year's
    ("周五", date(2026, 5, 20), "2026-05-22"),     # the first Friday from the promise on
    ("明天", date(2026, 3, 1), "2026-05-21"),      # a relative day is today's, whatever after
])
def test_a_due_date_is_the_first_one_after_the_promise(text, after, iso):
    assert parse_user_date(text, today=TODAY, after=after) == iso


def test_which_forms_are_said_back():
    assert said_as_typed("2024-03-16 10:05") and said_as_typed("2024-03-16")
    assert not said_as_typed("昨天 14:30") and not said_as_typed("20240305")
    assert not said_as_typed("2024/3/5")


def test_a_bad_time_says_how_to_write_it_in_the_users_language():
    from evidence_vault import i18n

    with pytest.raises(InvalidInputError) as e:
        parse_user_datetime("sometime", what="--at time")
    assert "3月5日, 昨天 14:30 or 上周五" in str(e.value)  # English for --json and the log
    try:
        i18n.use("zh")
        assert localize(e.value).startswith("无法识别")
    finally:
        i18n.use("en")
