"""The price book: AWS us-east-1 list prices, each with its unit, source page and date.

The data lives in prices.yaml beside this file. In the browser (Pyodide, standard library
only) there is no YAML parser, so the wheel build ships a prices.json twin with the same
structure; `load_price_book` prefers it and falls back to PyYAML (a development
dependency) when only the YAML is there. Either way `price_book_from_mapping` validates
every entry: a positive number, a unit, an https:// source and an ISO date.
"""

from __future__ import annotations

import datetime
import functools
import importlib.resources
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable

_PACKAGE = "widgets.cost_ladder"

_NAMES = (
    "ec2_m5_large",
    "ec2_t3_medium",
    "ebs_gp3",
    "rds_m5_large",
    "rds_storage",
    "elasticache_m5_large",
    "alb_hour",
    "alb_lcu",
    "cloudfront_egress",
    "cloudfront_requests",
    "internet_egress",
    "inter_az",
    "inter_region",
    "sqs_requests",
)
"""Every price the book must hold, in file order."""


@dataclass(frozen=True)
class Price:
    """One flat list price: `value` USD buys `per` units (e.g. $0.40 per 1,000,000 requests)."""

    key: str
    what: str
    value: float
    unit: str
    source: str
    date: str
    per: float = 1.0

    @property
    def rate(self) -> float:
        """USD for one unit (one hour, one GB, one request)."""
        return self.value / self.per


@dataclass(frozen=True)
class Tier:
    """A price band: `value` USD per unit for the quantity up to `up_to` (None: no limit)."""

    up_to: float | None
    value: float


@dataclass(frozen=True)
class TieredPrice:
    """A volume-tiered list price, such as data transfer out: cheaper per GB as volume grows."""

    key: str
    what: str
    tiers: tuple[Tier, ...]
    unit: str
    source: str
    date: str

    def cost(self, quantity: float) -> float:
        """Each unit is charged at the rate of the band it falls into."""
        total = 0.0
        floor = 0.0
        for tier in self.tiers:
            ceiling = math.inf if tier.up_to is None else tier.up_to
            amount = min(quantity, ceiling) - floor
            if amount <= 0:
                break
            total += amount * tier.value
            floor = ceiling
        return total


@dataclass(frozen=True)
class PriceBook:
    """Every price the cost model uses, for one provider and region."""

    provider: str
    region: str
    currency: str
    ec2_m5_large: Price
    ec2_t3_medium: Price
    ebs_gp3: Price
    rds_m5_large: Price
    rds_storage: Price
    elasticache_m5_large: Price
    alb_hour: Price
    alb_lcu: Price
    cloudfront_egress: TieredPrice
    cloudfront_requests: Price
    internet_egress: TieredPrice
    inter_az: Price
    inter_region: Price
    sqs_requests: Price

    def entries(self) -> tuple[Price | TieredPrice, ...]:
        """All prices, in the order of the price file."""
        return tuple(getattr(self, key) for key in _NAMES)


def load_price_book() -> PriceBook:
    """The price book shipped with the package (prices.json if present, else prices.yaml).

    Memoised with a one-entry lru_cache: the file never changes while the page is open, and
    re-reading (and, without the JSON twin, re-parsing YAML) on every slider move would cost
    more than the whole model.
    """
    return _load_cached()


@functools.lru_cache(maxsize=1)
def _load_cached() -> PriceBook:
    return price_book_from_mapping(read_price_data(importlib.resources.files(_PACKAGE)))


def read_price_data(folder: Traversable) -> Mapping[str, object]:
    """The parsed price data in `folder`: prices.json when present, else prices.yaml."""
    json_file = folder / "prices.json"
    if json_file.is_file():
        data = json.loads(json_file.read_text(encoding="utf-8"))
    else:
        import yaml  # development dependency: never needed where prices.json exists

        data = yaml.safe_load((folder / "prices.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, Mapping):
        raise ValueError("price book: expected a mapping at the top level")
    return data


def price_book_from_mapping(data: Mapping[str, object]) -> PriceBook:
    """Validate parsed price data and build the book; ValueError names the first bad entry."""
    if not isinstance(data, Mapping):
        raise ValueError("price book: expected a mapping at the top level")
    prices = data.get("prices")
    if not isinstance(prices, Mapping):
        raise ValueError("price book: missing the 'prices' mapping")
    unknown = sorted(str(key) for key in prices if key not in _NAMES)
    if unknown:
        raise ValueError(f"price book: unknown price(s) {', '.join(unknown)}")
    missing = [key for key in _NAMES if key not in prices]
    if missing:
        raise ValueError(f"price book: missing price(s) {', '.join(missing)}")

    def flat(key: str) -> Price:
        return _flat(key, _entry(prices, key))

    def tiered(key: str) -> TieredPrice:
        return _tiered(key, _entry(prices, key))

    return PriceBook(
        provider=_text(data, "provider", "price book"),
        region=_text(data, "region", "price book"),
        currency=_text(data, "currency", "price book"),
        ec2_m5_large=flat("ec2_m5_large"),
        ec2_t3_medium=flat("ec2_t3_medium"),
        ebs_gp3=flat("ebs_gp3"),
        rds_m5_large=flat("rds_m5_large"),
        rds_storage=flat("rds_storage"),
        elasticache_m5_large=flat("elasticache_m5_large"),
        alb_hour=flat("alb_hour"),
        alb_lcu=flat("alb_lcu"),
        cloudfront_egress=tiered("cloudfront_egress"),
        cloudfront_requests=flat("cloudfront_requests"),
        internet_egress=tiered("internet_egress"),
        inter_az=flat("inter_az"),
        inter_region=flat("inter_region"),
        sqs_requests=flat("sqs_requests"),
    )


def _entry(prices: Mapping[object, object], key: str) -> Mapping[str, object]:
    entry = prices[key]
    if not isinstance(entry, Mapping):
        raise ValueError(f"price '{key}': expected a mapping of fields")
    return entry


def _flat(key: str, entry: Mapping[str, object]) -> Price:
    per = entry.get("per", 1)
    return Price(
        key=key,
        what=_text(entry, "what", f"price '{key}'"),
        value=_positive(entry.get("value"), f"price '{key}': value"),
        unit=_text(entry, "unit", f"price '{key}'"),
        source=_source(key, entry),
        date=_date(key, entry),
        per=_positive(per, f"price '{key}': per"),
    )


def _tiered(key: str, entry: Mapping[str, object]) -> TieredPrice:
    raw = entry.get("tiers")
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise ValueError(f"price '{key}': needs a non-empty list of tiers")
    tiers: list[Tier] = []
    previous = 0.0
    for index, item in enumerate(raw):
        where = f"price '{key}': tier {index + 1}"
        if not isinstance(item, Mapping):
            raise ValueError(f"{where}: expected a mapping with up_to and value")
        value = _positive(item.get("value"), f"{where}: value")
        up_to = item.get("up_to")
        last = index == len(raw) - 1
        if up_to is None:
            if not last:
                raise ValueError(f"{where}: only the last tier may have no upper bound")
            tiers.append(Tier(None, value))
            continue
        bound = _positive(up_to, f"{where}: up_to")
        if bound <= previous:
            raise ValueError(f"{where}: up_to must grow from tier to tier")
        if last:
            raise ValueError(f"{where}: the last tier needs up_to: null (no upper bound)")
        tiers.append(Tier(bound, value))
        previous = bound
    return TieredPrice(
        key=key,
        what=_text(entry, "what", f"price '{key}'"),
        tiers=tuple(tiers),
        unit=_text(entry, "unit", f"price '{key}'"),
        source=_source(key, entry),
        date=_date(key, entry),
    )


def _positive(raw: object, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError(f"{where} must be a number, got {raw!r}")
    value = float(raw)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{where} must be a positive number, got {raw!r}")
    return value


def _text(entry: Mapping[str, object], field: str, where: str) -> str:
    raw = entry.get(field)
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(f"{where}: '{field}' must be a non-empty text")
    return raw.strip()


def _source(key: str, entry: Mapping[str, object]) -> str:
    raw = entry.get("source")
    if not isinstance(raw, str) or not raw.startswith("https://") or len(raw) <= len("https://"):
        raise ValueError(f"price '{key}': source must be an https:// URL, got {raw!r}")
    return raw


def _date(key: str, entry: Mapping[str, object]) -> str:
    raw = entry.get("date")
    if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw.isoformat()  # YAML reads an unquoted 2026-01-01 as a date
    if isinstance(raw, str):
        try:
            return datetime.date.fromisoformat(raw).isoformat()
        except ValueError:
            pass
    raise ValueError(f"price '{key}': date must be an ISO date (YYYY-MM-DD), got {raw!r}")
