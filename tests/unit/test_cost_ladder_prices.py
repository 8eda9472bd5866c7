"""The cost ladder's price book: every price sourced, dated and positive; bad data fails clearly."""

from __future__ import annotations

import copy
import datetime
import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from widgets.cost_ladder.prices import (
    Price,
    PriceBook,
    TieredPrice,
    load_price_book,
    price_book_from_mapping,
    read_price_data,
)

PACKAGE = Path(__file__).resolve().parents[2] / "widgets" / "cost_ladder"


def _raw() -> dict[str, Any]:
    return yaml.safe_load((PACKAGE / "prices.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def raw() -> dict[str, Any]:
    return _raw()


def test_shipped_price_file_validates_and_is_aws_us_east_1(raw: dict[str, Any]) -> None:
    """The committed prices.yaml builds a book for one cloud and region: AWS us-east-1."""
    book = price_book_from_mapping(raw)
    assert (book.provider, book.region, book.currency) == ("AWS", "us-east-1", "USD")
    assert len(book.entries()) == len(raw["prices"])


def test_every_price_has_an_aws_https_source_and_an_iso_date(raw: dict[str, Any]) -> None:
    """Each figure names the AWS pricing page it comes from and the date it was taken."""
    for entry in price_book_from_mapping(raw).entries():
        assert entry.source.startswith("https://aws.amazon.com/"), entry.key
        assert datetime.date.fromisoformat(entry.date) <= datetime.date(2030, 1, 1), entry.key
        assert entry.unit and entry.what, entry.key


def test_price_file_says_these_are_list_prices_to_recheck() -> None:
    """The file's top comment is honest about where figures come from and that they age."""
    text = (PACKAGE / "prices.yaml").read_text(encoding="utf-8")
    header = text.split("provider:", 1)[0].lower()
    assert "list price" in header
    assert "re-check" in header
    assert "us-east-1" in header


def test_no_prices_json_is_committed() -> None:
    """prices.json is a build product of the wheel, never a source file."""
    assert not (PACKAGE / "prices.json").exists()


def test_well_known_list_prices_are_as_expected(raw: dict[str, Any]) -> None:
    """The headline figures match the widely known AWS list prices (within 10%)."""
    book = price_book_from_mapping(raw)
    expected = {
        "ec2_m5_large": 0.096,
        "alb_hour": 0.0225,
        "alb_lcu": 0.008,
        "inter_az": 0.01,
        "sqs_requests": 0.40,
    }
    for key, value in expected.items():
        price = getattr(book, key)
        assert isinstance(price, Price)
        assert price.value == pytest.approx(value, rel=0.1), key
    assert book.cloudfront_egress.tiers[0].value == pytest.approx(0.085)
    assert book.sqs_requests.rate == pytest.approx(0.40 / 1_000_000)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["ec2_m5_large"].pop("source"), "price 'ec2_m5_large': source"),
        (
            lambda p: p["rds_m5_large"].update(source="http://aws.amazon.com/rds/"),
            "price 'rds_m5_large': source must be an https:// URL",
        ),
        (lambda p: p["ebs_gp3"].pop("date"), "price 'ebs_gp3': date must be an ISO date"),
        (
            lambda p: p["alb_hour"].update(date="last spring"),
            "price 'alb_hour': date must be an ISO date",
        ),
        (lambda p: p["alb_lcu"].update(value=-0.008), "price 'alb_lcu': value must be a positive"),
        (lambda p: p["inter_az"].update(value=0), "price 'inter_az': value must be a positive"),
        (lambda p: p["inter_az"].update(value=True), "price 'inter_az': value must be a number"),
        (lambda p: p["inter_az"].update(value="0.01"), "price 'inter_az': value must be a number"),
        (lambda p: p["sqs_requests"].update(per=0), "price 'sqs_requests': per must be"),
        (lambda p: p["sqs_requests"].pop("unit"), "price 'sqs_requests': 'unit'"),
        (
            lambda p: p["cloudfront_egress"]["tiers"][2].update(value=-1),
            "price 'cloudfront_egress': tier 3: value",
        ),
        (
            lambda p: p["cloudfront_egress"]["tiers"][1].update(up_to=5),
            "price 'cloudfront_egress': tier 2: up_to must grow",
        ),
        (
            lambda p: p["internet_egress"]["tiers"][-1].update(up_to=10**9),
            "price 'internet_egress': tier 4: the last tier needs up_to: null",
        ),
        (
            lambda p: p["internet_egress"]["tiers"][0].update(up_to=None),
            "price 'internet_egress': tier 1: only the last tier",
        ),
        (lambda p: p["internet_egress"].update(tiers=[]), "price 'internet_egress': needs a"),
        (lambda p: p.pop("elasticache_m5_large"), "missing price(s) elasticache_m5_large"),
        (lambda p: p.update(gpu_hour={"value": 1}), "unknown price(s) gpu_hour"),
        (lambda p: p.update(ebs_gp3="0.08"), "price 'ebs_gp3': expected a mapping"),
    ],
)
def test_broken_entry_fails_with_a_message_naming_it(change: Any, message: str) -> None:
    """A bad or missing field raises ValueError that says which price and what is wrong."""
    data = copy.deepcopy(_raw())
    change(data["prices"])
    with pytest.raises(ValueError) as caught:
        price_book_from_mapping(data)
    assert message in str(caught.value)


def test_broken_top_level_fails_clearly() -> None:
    """A file without the prices mapping or the region is rejected with a clear message."""
    with pytest.raises(ValueError, match="missing the 'prices' mapping"):
        price_book_from_mapping({"provider": "AWS"})
    data = _raw()
    del data["region"]
    with pytest.raises(ValueError, match="'region' must be a non-empty text"):
        price_book_from_mapping(data)


def test_unquoted_yaml_dates_are_accepted_as_iso_dates(raw: dict[str, Any]) -> None:
    """YAML turns an unquoted 2026-01-01 into a date object; the loader still accepts it."""
    raw["prices"]["ebs_gp3"]["date"] = datetime.date(2026, 1, 1)
    assert price_book_from_mapping(raw).ebs_gp3.date == "2026-01-01"


def test_json_twin_is_preferred_and_builds_the_same_book(tmp_path: Path) -> None:
    """In the browser the JSON twin (as the wheel build writes it) gives the identical book."""
    (tmp_path / "prices.yaml").write_text("this: is not read\n", encoding="utf-8")
    twin = json.dumps(_raw(), default=str)
    (tmp_path / "prices.json").write_text(twin, encoding="utf-8")
    from_json = price_book_from_mapping(read_price_data(tmp_path))
    assert from_json == price_book_from_mapping(_raw())


def test_yaml_is_read_when_there_is_no_json_twin(tmp_path: Path) -> None:
    """During development (no prices.json) the YAML file is parsed directly."""
    (tmp_path / "prices.yaml").write_text(
        (PACKAGE / "prices.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert isinstance(price_book_from_mapping(read_price_data(tmp_path)), PriceBook)


def test_package_loader_returns_the_validated_shipped_book(raw: dict[str, Any]) -> None:
    """load_price_book reads the package's own file and validates it."""
    assert load_price_book() == price_book_from_mapping(raw)


@functools.lru_cache(maxsize=1)
def _shipped_book() -> PriceBook:
    return price_book_from_mapping(_raw())


def test_tiered_price_charges_each_band_at_its_own_rate() -> None:
    """10 TB at $0.09, the next 40 TB at $0.085, the next 100 TB at $0.07, the rest at $0.05."""
    egress = _shipped_book().internet_egress
    assert egress.cost(0) == 0
    assert egress.cost(5_000) == pytest.approx(5_000 * 0.09)
    assert egress.cost(10_000) == pytest.approx(900)
    assert egress.cost(60_000) == pytest.approx(900 + 40_000 * 0.085 + 10_000 * 0.07)
    expected = 900 + 3_400 + 7_000 + 50_000 * 0.05
    assert egress.cost(200_000) == pytest.approx(expected)


@given(
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
)
def test_tiered_cost_grows_with_volume_and_falls_per_unit(a: float, b: float) -> None:
    """More GB never costs less in total, and never more per GB."""
    egress: TieredPrice = _shipped_book().internet_egress
    low, high = sorted((a, b))
    assert egress.cost(high) >= egress.cost(low)
    if low >= 1e-6:  # below that, float underflow makes the per-GB price meaningless
        assert egress.cost(high) / high <= egress.cost(low) / low * (1 + 1e-12)
