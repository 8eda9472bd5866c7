"""Numbers the way a candidate says them: exact enough to check, rounded to say aloud."""

from __future__ import annotations

import math

_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
TINY = 1e-9
"""Below this a number is only 'under 0.000000001' (no long runs of zeros, no exponents)."""


def round_sig(value: float, digits: int = 2) -> float:
    """`value` rounded to `digits` significant figures: 1,157 -> 1,200; 34.7 -> 35."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def plain(value: float) -> str:
    """A number with about three significant figures: '1,157', '11.6', '0.0116', '3.47M'."""
    if value == 0:
        return "0"
    if value >= 1e6:
        return big(value)
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 0.001:
        return f"{value:.3g}"
    if value < TINY:
        return "under 0.000000001"
    return _small(value, 3)


def _small(value: float, digits: int) -> str:
    """A tiny number in plain decimals, never in exponent form: '0.000116'."""
    places = digits - 1 - math.floor(math.log10(value))
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def about(value: float) -> str:
    """Two significant figures, as said aloud: '1,200', '35', '0.012', '3.5 million'."""
    rounded = round_sig(value, 2)
    if rounded <= 0:
        return "0"
    if rounded >= 1e6:
        return big(rounded, 2)
    if rounded >= 100:
        return f"{rounded:,.0f}"
    if rounded >= 0.001:
        return f"{rounded:.2g}"
    if rounded < TINY:
        return "under 0.000000001"
    return _small(rounded, 2)


def big(value: float, digits: int = 3) -> str:
    """Millions and up in words: '100 million', '3.47 billion'."""
    for threshold, word in _WORDS:
        if value >= threshold * 0.9995:
            scaled = value / threshold
            text = f"{scaled:,.0f}" if scaled >= 100 else f"{scaled:.{digits}g}"
            return f"{text} {word}"
    return f"{value:,.0f}"


_SIZES = (
    (1e12, "YB"),
    (1e9, "ZB"),
    (1e6, "EB"),
    (1e3, "PB"),
    (1.0, "TB"),
    (1e-3, "GB"),
    (1e-6, "MB"),
    (1e-9, "KB"),
)


def data_size(tb: float) -> str:
    """A size given in TB: '730 TB', '365 GB', '73 PB', '12 MB', '37 bytes'."""
    if tb == 0:
        return "0 bytes"
    for scale, unit in _SIZES:
        if tb >= scale:
            value = tb / scale
            return f"{value:,.0f} {unit}" if value >= 1000 else f"{plain(value)} {unit}"
    bytes_ = tb * 1e12
    if bytes_ < 1:
        return "under 1 byte"
    count = plain(bytes_)
    return "1 byte" if count == "1" else f"{count} bytes"


def bandwidth(mbps: float) -> str:
    """Megabits a second: '55,556 Mbit/s (55.6 Gbit/s)', '8 Mbit/s'."""
    if mbps >= 1000:
        gbps = mbps / 1000
        gb = f"{plain(gbps / 1000)} Tbit/s" if gbps >= 1000 else f"{plain(gbps)} Gbit/s"
        return f"{plain(mbps)} Mbit/s ({gb})"
    return f"{plain(mbps)} Mbit/s"


def kilobytes(kb: float) -> str:
    """An object size: '2,000 KB (2 MB)', '1 KB', '0.5 KB'."""
    if kb >= 1000:
        mb = kb / 1000
        return (
            f"{plain(kb)} KB ({plain(mb / 1000)} GB)"
            if mb >= 1000
            else f"{plain(kb)} KB ({plain(mb)} MB)"
        )
    return f"{plain(kb)} KB"
