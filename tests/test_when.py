import pytest

from evidence_vault.errors import InvalidInputError
from evidence_vault.when import parse_user_date, parse_user_datetime


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


@pytest.mark.parametrize("text", ["yesterday", "2024-13-01", "2024-02-30 10:00", "16/03/2024",
                                  "", "2024-03-16 25:00"])
def test_bad_user_datetimes(text):
    with pytest.raises(InvalidInputError):
        parse_user_datetime(text)


def test_date_only():
    assert parse_user_date("2024/3/21") == "2024-03-21"
