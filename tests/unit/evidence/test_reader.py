"""The reader gives the figures a generated export is known to have, in every format and FOCUS version."""

from __future__ import annotations

import gzip
import shutil
from datetime import date
from pathlib import Path

import pytest

from finops_desktop.evidence.errors import EvidenceError
from finops_desktop.evidence.figures import figures_by_group
from finops_desktop.evidence.query import QuerySettings, UnitSource
from finops_desktop.evidence.reader import BillingReader
from finops_desktop.evidence.synthetic import SyntheticExport, UnitSpend
from tests.helpers.billing import BY_ACCOUNT, BY_TAG, FOCUS_SAMPLE, TWO_UNITS_CSV, two_units


def _figures(paths: list[Path], settings: QuerySettings = BY_ACCOUNT) -> dict[object, object]:
    summary = BillingReader(paths, settings).read()
    return figures_by_group(summary.rows, {})


def _assert_expected(export: SyntheticExport, figures: dict[object, object], name: str, *,
                     by_tag: bool = False) -> None:
    expected = export.expected(name, by_tag=by_tag)
    found = figures[name]
    assert found.monthly_spend == pytest.approx(expected.monthly_spend)  # type: ignore[attr-defined]
    indicators = found.indicators  # type: ignore[attr-defined]
    for key in ("allocation_coverage", "commitment_coverage", "commitment_utilisation", "effective_savings_rate"):
        wanted = getattr(expected, key)
        assert indicators[key] == (None if wanted is None else pytest.approx(wanted)), key


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2", "1.3"])
@pytest.mark.parametrize("fmt", ["csv", "csv.gz", "parquet"])
def test_known_figures_in_every_format_and_version(tmp_path: Path, fmt: str, version: str) -> None:
    export = two_units(version=version, rows_per_charge=3)
    path = export.write(tmp_path / f"export.{fmt}", fmt)
    summary = BillingReader([path], BY_ACCOUNT).read()
    figures = figures_by_group(summary.rows, {})
    _assert_expected(export, figures, "Retail")
    _assert_expected(export, figures, "Payments")
    assert summary.record.files[0].focus_version == version
    assert summary.record.billing_periods == (date(2026, 9, 1), date(2026, 10, 1))
    assert summary.record.row_count == sum(1 for _ in export.rows())


def test_monthly_spend_is_the_mean_over_periods_of_different_lengths(tmp_path: Path) -> None:
    export = SyntheticExport((UnitSpend("Only", on_demand=10, committed=0, unused=0, spot_list=0, storage=0),),
                             periods=(date(2026, 2, 1), date(2026, 3, 1)))
    figures = _figures([export.write(tmp_path / "feb-mar.csv")])
    assert figures["Only"].monthly_spend == pytest.approx(10 * (28 + 31) / 2)  # type: ignore[attr-defined]


def test_a_purchase_is_not_spend_even_when_it_carries_effective_cost(tmp_path: Path) -> None:
    export = two_units(purchase_effective_cost=True)
    figures = _figures([export.write(tmp_path / "export.csv")])
    _assert_expected(export, figures, "Retail")


def test_by_tag_the_untagged_storage_matches_no_value(tmp_path: Path) -> None:
    export = two_units()
    figures = _figures([export.write(tmp_path / "export.csv")], BY_TAG)
    _assert_expected(export, figures, "Retail", by_tag=True)
    assert figures[None].monthly_spend == pytest.approx(export.untagged_monthly_spend())  # type: ignore[attr-defined]


def test_focus_1_3_allocated_tags_are_used_where_present(tmp_path: Path) -> None:
    export = two_units(version="1.3")
    figures = _figures([export.write(tmp_path / "export.parquet", "parquet")], BY_TAG)
    _assert_expected(export, figures, "Retail", by_tag=True)
    assert None not in figures  # the split storage is tagged through AllocatedTags


def test_several_files_and_a_folder_add_up(tmp_path: Path) -> None:
    september = two_units(periods=(date(2026, 9, 1),))
    october = two_units(periods=(date(2026, 10, 1),), version="1.3")
    folder = tmp_path / "exports"
    (folder / "2026-10").mkdir(parents=True)
    september.write(folder / "sep.csv.gz", "csv.gz")
    october.write(folder / "2026-10" / "oct.parquet", "parquet")
    (folder / "README.txt").write_text("not data")
    both = two_units()
    summary = BillingReader([folder], BY_ACCOUNT).read()
    figures = figures_by_group(summary.rows, {})
    _assert_expected(both, figures, "Retail")
    assert [f.name for f in summary.record.files] == ["oct.parquet", "sep.csv.gz"]
    assert summary.record.focus_versions == ("1.0", "1.3")
    # The same files named one by one give the same sums.
    named = BillingReader([folder / "sep.csv.gz", folder / "2026-10" / "oct.parquet"], BY_ACCOUNT).read()
    assert sorted(named.rows, key=repr) == sorted(summary.rows, key=repr)


def test_the_record_carries_size_and_sha256(tmp_path: Path) -> None:
    import hashlib

    path = two_units().write(tmp_path / "export.csv")
    record = BillingReader([path], BY_ACCOUNT).read().record.files[0]
    assert record.size == path.stat().st_size
    assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record.format == "csv"


def test_a_gzip_file_without_its_suffix_is_recognised(tmp_path: Path) -> None:
    source = two_units().write(tmp_path / "export.csv")
    unnamed = tmp_path / "download"
    with open(source, "rb") as raw, gzip.open(unnamed, "wb") as packed:
        shutil.copyfileobj(raw, packed)
    assert BillingReader([unnamed], BY_ACCOUNT).read().record.files[0].format == "csv.gz"


def test_the_real_sample_is_read(tmp_path: Path) -> None:
    summary = BillingReader([FOCUS_SAMPLE], QuerySettings(UnitSource("tag", "business_unit"))).read()
    assert summary.record.row_count == 1000
    assert summary.record.currency == "USD"
    assert summary.record.billing_periods == (date(2024, 9, 1), date(2024, 10, 1))
    assert summary.record.files[0].focus_version == "1.0"
    values = {row.bu_value for row in summary.rows}
    assert None in values and "ViennaAI" in values
    tagged = sum(row.sums.row_count for row in summary.rows if row.bu_value is not None)
    assert tagged == 660  # the rows whose Tags carry a business_unit key


def test_a_column_named_in_another_case_is_that_column(tmp_path: Path) -> None:
    path = two_units().write(tmp_path / "export.csv")
    settings = QuerySettings(UnitSource("column", "subaccountname"))
    assert {r.bu_value for r in BillingReader([path], settings).read().rows} == {"Retail", "Payments"}


def test_progress_reaches_every_row(tmp_path: Path) -> None:
    export = two_units()
    reader = BillingReader([export.write(tmp_path / "export.parquet", "parquet")], BY_ACCOUNT)
    reader.read()
    progress = reader.progress()
    assert progress.rows_read == sum(1 for _ in export.rows())
    assert progress.fraction == pytest.approx(1.0)


def test_cancel_before_reading_keeps_nothing(tmp_path: Path) -> None:
    from finops_desktop.evidence.reader import ImportCancelled

    reader = BillingReader([two_units().write(tmp_path / "export.csv")], BY_ACCOUNT)
    reader.cancel()
    with pytest.raises(ImportCancelled):
        reader.read()


# Bad input: one clear message ---------------------------------------------------------


def _message(paths: list[Path], settings: QuerySettings = BY_ACCOUNT) -> str:
    with pytest.raises(EvidenceError) as caught:
        BillingReader(paths, settings).read()
    return str(caught.value)


def test_not_focus_names_the_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "invoice.csv"
    path.write_text("Date,Amount,ProviderName\n2026-09-01,12.5,AWS\n")
    message = _message([path])
    assert "invoice.csv is not a FOCUS cost and usage file" in message
    assert "EffectiveCost" in message and "BillingCurrency" in message and "ProviderName" not in message


def test_a_header_only_export_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(",".join(two_units().columns()) + "\n")
    assert "holds no rows" in _message([path])


def test_a_zero_byte_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "nothing.parquet"
    path.write_bytes(b"")
    assert _message([path]) == "nothing.parquet is empty: it holds no billing data"


def test_a_truncated_parquet_file(tmp_path: Path) -> None:
    path = two_units().write(tmp_path / "export.parquet", "parquet")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "export.parquet is not a readable Parquet file; it may be truncated" in _message([path])


def test_mixed_currencies_are_refused(tmp_path: Path) -> None:
    usd = two_units().write(tmp_path / "usd.csv")
    eur = two_units(currency="EUR").write(tmp_path / "eur.csv")
    assert "mixes currencies (EUR, USD)" in _message([usd, eur])


def test_a_cost_that_is_not_a_number(tmp_path: Path) -> None:
    path = two_units().write(tmp_path / "export.csv")
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[5].split(",")
    cells[header.index("EffectiveCost")] = "twelve"
    lines[5] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    assert _message([path]) == "export.csv: the column EffectiveCost holds 'twelve', which is not a number"


def test_a_tag_column_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(FOCUS_SAMPLE.read_text().replace('"{""application"": ""BrightLensMatrix""',
                                                     '"application=BrightLensMatrix ""', 1))
    message = _message([path], QuerySettings(UnitSource("tag", "business_unit")))
    assert message.startswith("export.csv: the column Tags holds 'application=BrightLensMatrix")
    assert message.endswith("which is not JSON")


def test_a_folder_without_data_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here")
    assert "holds no billing data files" in _message([tmp_path])


def test_a_missing_file(tmp_path: Path) -> None:
    assert "no such file or folder" in _message([tmp_path / "absent.csv"])


def test_a_business_unit_column_the_data_lacks(tmp_path: Path) -> None:
    path = two_units().write(tmp_path / "export.csv")
    message = _message([path], QuerySettings(UnitSource("column", "SubAcountNme")))
    assert "has no column 'SubAcountNme'" in message and "did you mean 'SubAccountName'" in message


def test_a_column_name_that_is_not_one() -> None:
    with pytest.raises(EvidenceError, match="is not a column name"):
        UnitSource("column", "Sub Account; DROP TABLE")


def test_the_kept_synthetic_export_is_what_the_generator_writes(tmp_path: Path) -> None:
    assert two_units().write(tmp_path / "again.csv").read_bytes() == TWO_UNITS_CSV.read_bytes()
