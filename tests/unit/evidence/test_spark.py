"""The Databricks (Spark SQL) form of the query runs on a real Spark engine and gives the reader's figures.

Spark talks to its JVM over the loopback interface, so this module allows sockets to 127.0.0.1
and nothing else. Outside CI the test skips when pyspark or Java is missing; in CI
(``CI`` set) it fails instead, since CI installs both.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from finops_desktop.evidence.figures import figures_by_group
from finops_desktop.evidence.query import QuerySettings, transpiled
from finops_desktop.evidence.reader import BillingReader
from finops_desktop.evidence.summary_csv import read_summary
from tests.helpers.billing import BY_ACCOUNT, BY_TAG, two_units

pytestmark = pytest.mark.slow


def _loopback(host: object) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback only: Spark's Python side talks to its JVM on 127.0.0.1."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):  # type: ignore[index]
            raise AssertionError(f"the test tried to reach {address}; only the loopback interface is allowed")
        real_connect(self, address)  # type: ignore[arg-type]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if not _loopback(host):
            raise AssertionError(f"the test tried to look up {host}; only the loopback interface is allowed")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    in_ci = bool(os.environ.get("CI"))
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        if in_ci:
            pytest.fail("pyspark is not installed; CI installs it (pip install -e '.[test]')")
        pytest.skip("pyspark is not installed (CI installs it)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if in_ci:
            pytest.fail("no Java runtime; .ci/run installs default-jre-headless")
        pytest.skip("no Java runtime (CI installs one)")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (SparkSession.builder.master("local[1]").appName("finops-evidence-test")
               .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    yield session
    session.stop()


@pytest.mark.parametrize("settings", [BY_ACCOUNT, BY_TAG], ids=["column", "tag"])
def test_the_spark_sql_form_gives_the_same_figures(spark: object, tmp_path: Path, settings: QuerySettings) -> None:
    import csv

    export = two_units(rows_per_charge=2).write(tmp_path / "export.parquet", "parquet")
    spark.read.parquet(str(export)).createOrReplaceTempView("focus_export")  # type: ignore[attr-defined]
    query = transpiled(QuerySettings(settings.units, settings.allocation_tags, table="focus_export"), "databricks")
    result = spark.sql(query)  # type: ignore[attr-defined]
    summary = tmp_path / "summary.csv"
    with open(summary, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(result.columns)
        for row in result.collect():
            writer.writerow(["" if v is None else v for v in row])

    from_files = figures_by_group(BillingReader([export], settings).read().rows, {})
    from_spark = figures_by_group(read_summary(summary).rows, {})
    assert from_spark.keys() == from_files.keys()
    for value, figures in from_files.items():
        assert from_spark[value].monthly_spend == pytest.approx(figures.monthly_spend)
        assert from_spark[value].indicators == pytest.approx(figures.indicators)
