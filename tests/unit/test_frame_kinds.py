"""Every frame kind in, the same kind out, with the same answers as pandas (and the scalar path).

Dask runs on a real ``distributed.LocalCluster`` with two workers, partitioned, so a kernel
that collected the frame or leaned on one process would show here.
"""

from decimal import Decimal

import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from salescare.errors import ValidationError, WrongTypeError
from salescare.frame import (
    GRADE_COLUMNS,
    HEALTH_COLUMNS,
    grade_frame,
    health_frame,
    kpi_frame,
    sla_frame,
)

ROWS = pd.DataFrame(
    {
        "annual_purchases": [500000, 499999.99, 200000, 199999.99, 50000, 49999.99, 0, None],
        "potential": [1, 5, 3, 4, 2, 3, 5, 3],
        "relationship": [4.5, 4, 3.5, 4.5, 2, 5, 3.95, 4],
        "service": [3.8, 4, 3.5, 2, 5, 5, 4.05, None],
    }
)


def as_text(frame, columns):
    """Result columns as lists of text (None for missing), whatever the kind."""
    if isinstance(frame, pd.DataFrame):
        return {c: [None if pd.isna(v) else str(v) for v in frame[c]] for c in columns}
    return {c: [None if v is None else str(v) for v in frame[c].to_list()] for c in columns}


def expected(columns, function):
    return as_text(function(ROWS, missing="unknown"), columns)


KINDS = {
    "polars": pl.from_pandas,
    "pyarrow": lambda df: pa.Table.from_pandas(df, preserve_index=False),
    "polars-lazy": lambda df: pl.from_pandas(df).lazy(),
    "duckdb": lambda df: duckdb.from_arrow(pa.Table.from_pandas(df, preserve_index=False)),
}


def collect(result):
    if isinstance(result, pl.LazyFrame):
        return result.collect()
    if isinstance(result, duckdb.DuckDBPyRelation):
        return pl.from_arrow(result.arrow().read_all())
    if isinstance(result, pa.Table):
        return pl.from_arrow(result)
    return result


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(
    ("function", "columns"), [(grade_frame, GRADE_COLUMNS), (health_frame, HEALTH_COLUMNS)]
)
def test_each_kind_answers_as_pandas_does_and_comes_back_as_itself(kind, function, columns):
    native = KINDS[kind](ROWS)
    result = function(native, missing="unknown")
    assert type(result) is type(native) or (
        kind == "duckdb" and isinstance(result, duckdb.DuckDBPyRelation)
    )
    assert as_text(collect(result), columns) == expected(columns, function)


def test_keep_puts_the_input_columns_first():
    out = grade_frame(pl.from_pandas(ROWS), keep=True, missing="unknown")
    assert out.columns == [*ROWS.columns, *GRADE_COLUMNS]
    assert out["grade"].dtype == pl.Categorical
    pandas_out = grade_frame(ROWS, keep=True, missing="unknown")
    assert list(pandas_out.columns) == [*ROWS.columns, *GRADE_COLUMNS]


def test_dask_runs_per_partition_on_a_local_cluster():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        many = pd.concat([ROWS] * 50, ignore_index=True)
        ddf = dd.from_pandas(many, npartitions=4)
        result = grade_frame(ddf, missing="unknown")
        assert isinstance(result, dd.DataFrame)
        assert result.npartitions == 4
        computed = result.compute()
        assert as_text(computed, GRADE_COLUMNS) == as_text(
            grade_frame(many, missing="unknown"), GRADE_COLUMNS
        )
        assert computed.index.equals(many.index)


def test_decimal_and_text_columns_are_read_exactly_in_every_kind():
    exact = pd.DataFrame(
        {"annual_purchases": [Decimal("499999.99"), Decimal(500000)], "potential": [3, 3]}
    )
    for native in (exact, pl.from_pandas(exact), pa.Table.from_pandas(exact)):
        out = collect(grade_frame(native))
        assert as_text(out, ["value_tier"]) == {"value_tier": ["B", "A"]}


def test_errors_name_the_row_in_every_kind():
    bad = pd.DataFrame({"annual_purchases": [1.0, -5.0], "potential": [3, 3]})
    for native in (bad, pl.from_pandas(bad), pa.Table.from_pandas(bad)):
        with pytest.raises(ValidationError, match=r"annual_purchases\[1\]: -5.0 is negative"):
            collect(grade_frame(native))


def test_a_missing_column_names_the_spellings_accepted():
    with pytest.raises(ValidationError) as info:
        grade_frame(pl.DataFrame({"potential": [3]}))
    message = str(info.value)
    assert "has no column 'annual_purchases'" in message
    assert "年采购额" in message or "annual_purchases" in message


@pytest.mark.parametrize("thing", [[1, 2], {"a": [1]}, np.zeros(3), "table.csv", None])
def test_an_unsupported_object_says_which_kinds_are_read(thing):
    with pytest.raises(WrongTypeError, match=r"pandas DataFrame.*Dask DataFrame"):
        grade_frame(thing)


def ticket_table(count=60):
    """Tickets of every level, some resolved late, some open, some paused."""
    start = pd.Timestamp("2024-05-30 09:00", tz="UTC")
    rows = []
    for i in range(count):
        submitted = start + pd.Timedelta(hours=7 * i)
        rows.append(
            {
                "number": f"FW20240530{i:03d}",
                "level": ["L1", "L2", "L3", None][i % 4],
                "engineer": ["A0045", "A0046", "A0047"][i % 3],
                "submitted_at": submitted,
                "triaged_at": submitted + pd.Timedelta(minutes=5 + 7 * (i % 5)),
                "first_response_at": submitted + pd.Timedelta(minutes=20 * (i % 7)),
                "resolved_at": submitted + pd.Timedelta(hours=i % 11) if i % 5 else pd.NaT,
                "satisfaction": [5, 4, 2, None][i % 4],
            }
        )
    tickets = pd.DataFrame(rows)
    tickets["satisfaction"] = tickets["satisfaction"].astype("Int64")
    pauses = pd.DataFrame(
        {
            "ticket": [f"FW20240530{i:03d}" for i in range(0, count, 6)],
            "start": [start + pd.Timedelta(hours=7 * i, minutes=30) for i in range(0, count, 6)],
            "end": [start + pd.Timedelta(hours=7 * i + 2) for i in range(0, count, 6)],
        }
    )
    return tickets, pauses


NOW = pd.Timestamp("2024-06-18 12:00", tz="UTC").to_pydatetime()


def test_sla_and_kpis_on_dask_partitions_and_duckdb_equal_pandas():
    distributed = pytest.importorskip("distributed")
    tickets, pauses = ticket_table()
    expected_sla = sla_frame(tickets, now=NOW, pauses=pauses)
    expected_kpi = kpi_frame(tickets, by=["engineer"], pauses=pauses, as_of=NOW)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        ddf = dd.from_pandas(tickets, npartitions=3)
        sla = sla_frame(ddf, now=NOW, pauses=pauses)
        assert isinstance(sla, dd.DataFrame)
        assert sla.npartitions == 3
        pd.testing.assert_frame_equal(sla.compute(), expected_sla)
        kpis = kpi_frame(ddf, by=["engineer"], pauses=pauses, as_of=NOW).compute()
        pd.testing.assert_frame_equal(kpis.reset_index(drop=True), expected_kpi, check_dtype=False)
    relation = duckdb.from_arrow(pa.Table.from_pandas(tickets, preserve_index=False))
    from_duckdb = sla_frame(relation, now=NOW, pauses=pauses).arrow().read_all().to_pandas()
    assert from_duckdb["worst_status"].astype(str).tolist() == (
        expected_sla["worst_status"].astype(str).tolist()
    )
    kpis = kpi_frame(relation, by=["engineer"], pauses=pauses, as_of=NOW)
    assert kpis.arrow().read_all().to_pandas()["on_time_of"].tolist() == (
        expected_kpi["on_time_of"].tolist()
    )


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_time_columns_of_any_unit_read_the_same(unit):
    tickets, pauses = ticket_table(12)
    expected = sla_frame(tickets, now=NOW, pauses=pauses)
    times = [c for c in tickets.columns if c.endswith("_at")]
    coarse = tickets.assign(
        **{c: tickets[c].dt.floor("s").astype(f"datetime64[{unit}, UTC]") for c in times}
    )
    assert (coarse[times[0]].dtype.unit) == unit
    from_pandas = sla_frame(coarse, now=NOW, pauses=pauses)
    from_polars = sla_frame(pl.from_pandas(coarse), now=NOW, pauses=pauses)
    assert from_pandas["worst_status"].astype(str).tolist() == (
        expected["worst_status"].astype(str).tolist()
    )
    assert from_polars["resolution_due"].to_list() == [
        None if pd.isna(v) else v.to_pydatetime() for v in expected["resolution_due"]
    ]
