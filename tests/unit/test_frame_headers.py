"""normalize: exported headers to field names, times to zoned datetimes, never a guessed zone."""

from datetime import UTC, datetime

import pandas as pd
import polars as pl
import pytest

from salescare.errors import NaiveDatetimeError, ValidationError, WrongTypeError
from salescare.frame import normalize, sla_frame
from salescare.models import Customer

SIMPLIFIED = pd.DataFrame(
    {
        "问题编号": ["FW20240515001", "FW20240515002"],
        "提交时间": ["2024-05-15 09:15", "2024-05-15T10:00:00+08:00"],
        "问题等级": ["一级", "二级"],
        "备注": ["x", "y"],
    }
)


def test_chinese_headers_become_field_names_and_unknown_ones_stay():
    out = normalize(SIMPLIFIED, tz="Asia/Shanghai")
    assert list(out.columns) == ["number", "submitted_at", "level", "备注"]


def test_traditional_and_english_spellings_resolve_alike():
    traditional = SIMPLIFIED.rename(columns={"提交时间": "提交時間"})
    english = SIMPLIFIED.rename(columns={"提交时间": "Submitted At"})
    for frame in (traditional, english):
        assert "submitted_at" in normalize(frame, tz="Asia/Shanghai").columns


def test_text_times_are_read_in_the_zone_given_and_offsets_are_kept():
    out = normalize(SIMPLIFIED, tz="Asia/Shanghai")["submitted_at"]
    assert out.iloc[0].isoformat() == "2024-05-15T09:15:00+08:00"
    assert out.iloc[1].tz_convert("UTC").isoformat() == "2024-05-15T02:00:00+00:00"


def test_naive_times_without_a_zone_are_refused_with_the_fix():
    with pytest.raises(NaiveDatetimeError, match=r"submitted_at\[0\].*tz="):
        normalize(SIMPLIFIED)
    midnight = datetime(2024, 5, 15)  # noqa: DTZ001 - a naive export is the point
    naive = pd.DataFrame({"number": ["FW20240515001"], "submitted_at": [midnight]})
    with pytest.raises(NaiveDatetimeError, match="tz="):
        normalize(naive)
    localised = normalize(naive, tz="Asia/Shanghai")["submitted_at"].iloc[0]
    assert localised.isoformat() == "2024-05-15T00:00:00+08:00"


def test_polars_eager_and_lazy():
    polars = pl.from_pandas(SIMPLIFIED)
    assert normalize(polars, tz="Asia/Shanghai")["submitted_at"].dtype == pl.Datetime(
        "us", "Asia/Shanghai"
    )
    lazy = pl.DataFrame(
        {"问题编号": ["FW20240515001"], "提交时间": [datetime(2024, 5, 15, 9)]}  # noqa: DTZ001
    ).lazy()
    out = normalize(lazy, tz="Asia/Shanghai")
    assert isinstance(out, pl.LazyFrame)
    assert out.collect()["submitted_at"][0] == datetime(2024, 5, 15, 1, tzinfo=UTC)
    with pytest.raises(WrongTypeError, match="lazy"):
        normalize(pl.from_pandas(SIMPLIFIED).lazy(), tz="Asia/Shanghai")


def test_bad_cells_two_columns_for_one_field_and_bad_zones_are_refused():
    bad = SIMPLIFIED.assign(提交时间=["2024-05-15 09:15", "yesterday"])
    with pytest.raises(ValidationError, match=r"submitted_at\[1\]: 'yesterday' is not a date"):
        normalize(bad, tz="Asia/Shanghai")
    twice = pd.DataFrame({"number": ["a"], "问题编号": ["b"]})
    with pytest.raises(ValidationError, match="already names"):
        normalize(twice)
    with pytest.raises(ValidationError, match="not a time zone"):
        normalize(SIMPLIFIED, tz="Mars/Olympus")


def test_other_records_use_their_own_fields():
    customers = pd.DataFrame({"客户编号": ["HZ-IT-2024-001"], "年采购额（元）": [320000]})
    assert list(normalize(customers, record=Customer).columns) == ["number", "annual_purchases"]


def test_a_normalised_export_measures_like_the_typed_table():
    now = datetime(2024, 5, 15, 3, tzinfo=UTC)  # 11:00 in Shanghai
    out = sla_frame(normalize(SIMPLIFIED, tz="Asia/Shanghai"), now=now)
    assert out["triage_status"].tolist() == ["breached", "breached"]
    assert out["response_status"].tolist() == ["breached", "running"]


def test_a_stop_before_its_start_names_the_row_and_both_columns():
    now = datetime(2024, 5, 16, tzinfo=UTC)
    table = normalize(SIMPLIFIED, tz="Asia/Shanghai").set_index(pd.Index(["a", "b"]))
    table["triaged_at"] = table["submitted_at"] - pd.Timedelta(minutes=5)
    with pytest.raises(ValidationError, match=r"triaged_at\.a: .* is before submitted_at .*2 rows"):
        sla_frame(table, now=now)
