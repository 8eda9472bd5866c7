"""The interview chapter's worked estimate comes from the estimator widget's model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets import get_spec
from widgets.estimator.model import Workload, estimate
from widgets.estimator.text import about, data_size

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "interview.md"
SPEC = get_spec("estimator")


def workload(**changes: float) -> Workload:
    """The widget's defaults (the chapter's photo app), with some values changed."""
    values = {**SPEC.defaults(), **changes}
    return Workload(
        dau=float(values["dau"]),
        requests_per_user=float(values["requests_per_user"]),
        peak_factor=float(values["peak_factor"]),
        write_pct=float(values["write_pct"]),
        object_kb=float(values["object_kb"]),
        retention_years=float(values["retention_years"]),
        replicas=int(values["replicas"]),
    )


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def test_block_asks_for_the_peak_at_the_defaults(text: str) -> None:
    """The widget sits at its defaults, the worked example, and asks for the peak load."""
    block = re.search(r"```widget widget: estimator (.*?)```", text)
    assert block is not None
    assert block.group(1).startswith("predict: output: peak_rps")
    assert "10 million daily users make 10 requests each a day" in block.group(1)
    assert "3 times the average" in block.group(1)
    assert SPEC.defaults()["dau"] == 10_000_000 and SPEC.defaults()["peak_factor"] == 3


def test_worked_table_is_the_model_rounded(text: str) -> None:
    """Every Result cell of the table is the model's output at the stated settings."""
    photos = estimate(workload())
    meta = estimate(workload(object_kb=1))
    assert f"| about {about(photos.avg_rps)} requests/s on average |" in text
    assert f"| about {about(photos.peak_rps)} requests/s |" in text
    assert (
        f"| about {about(photos.write_rps)} writes/s on average, "
        f"{about(photos.peak_write_rps)}/s at peak |"
    ) in text
    reads_m = (photos.requests_per_day - photos.writes_per_day) / 1e6
    assert f"| {reads_m:.0f}M : {photos.writes_per_day / 1e6:.0f}M | about 100:1 |" in text
    assert (
        f"| about {data_size(meta.tb_per_day)} a day, {data_size(meta.storage_tb)} a year |"
    ) in text
    assert (
        f"| about {data_size(photos.tb_per_day)} a day, {data_size(photos.storage_tb)} a year |"
    ) in text
    gbps = photos.peak_bandwidth_mbps / 1000
    assert (
        f"| {photos.peak_rps:,.0f}/s \u00d7 2 MB \u00d7 8 bits | about {about(gbps)} Gbit/s,"
        in text
    )


def test_try_lines_and_later_steps_quote_the_model(text: str) -> None:
    """Three copies, the 'would not shard yet' numbers and the 100-times estimate."""
    three = SPEC.run({"replicas": 3}).output("storage_tb").text
    assert f"set copies to 3 and the year of photos becomes {three}" in text
    photos = estimate(workload())
    assert f"writes ({about(photos.peak_write_rps)}/s)" in text
    assert f"About {about(photos.peak_rps)} requests/s at peak, nearly all reads" in text
    assert estimate(workload(object_kb=1)).storage_tb * 1000 < 400
    assert f"{about(photos.peak_write_rps)} writes/s and under 400 GB a year" in text
    big = estimate(workload(dau=1e9))
    big_meta = estimate(workload(dau=1e9, object_kb=1))
    days_to_5_tb = 5 / big_meta.tb_per_day
    assert (
        f"at 1 billion DAU the estimator gives about {about(big.peak_rps)} requests/s and "
        f"{about(big.peak_write_rps)} writes/s at peak, and metadata grows about "
        f"{data_size(big_meta.tb_per_day)} a day, passing the 5 TB sharding heuristic within "
        f"about {days_to_5_tb:.0f} days"
    ) in text


def test_check_yourself_video_app_is_the_model(text: str) -> None:
    """The video-app question's answer is the estimator at those settings."""
    settings = {
        "dau": 2e6,
        "requests_per_user": 20,
        "write_pct": 0.5,
        "object_kb": 50_000,
        "retention_years": 3,
        "replicas": 3,
    }
    e = estimate(workload(**settings))
    assert (
        f"about {about(e.avg_rps)} requests/s on average and about {about(e.peak_rps)} at peak"
    ) in text
    assert f"about {about(e.write_rps)} uploads/s, {e.writes_per_day:,.0f} a day" in text
    assert f"= {data_size(e.tb_per_day)} a day" in text
    assert f"≈ {SPEC.run(settings).output('storage_tb').text}" in text
