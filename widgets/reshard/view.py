"""Turns the reader's inputs into the widget's outputs, pictures, summary and notes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from live_widgets.core.format import counted, percent
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.reshard.buckets_svg import render_buckets
from widgets.reshard.limits import RING_SAMPLE_DOTS
from widgets.reshard.loads_svg import render_loads
from widgets.reshard.model import (
    Comparison,
    KeyDot,
    Scenario,
    compare,
    measured_keys,
    sample_dots,
    standard_error,
)
from widgets.reshard.ring_svg import RingCounts, render_rings, ring_counts


def ratio(value: float) -> str:
    """A ratio for people: 1.0312 -> '1.03 times mean', written with a multiplication sign."""
    return f"{value:.2f}\u00d7 mean"


def scenario_from(params: Params) -> Scenario:
    return Scenario(
        keys=int(params["keys"]),
        before=int(params["from_shards"]),
        after=int(params["to_shards"]),
        vnodes=int(params["vnodes"]),
    )


def _outputs(c: Comparison) -> tuple[OutputValue, ...]:
    def moved(name: str, fraction: float) -> OutputValue:
        return OutputValue(name, fraction, percent(fraction))

    def spread(name: str, value: float) -> OutputValue:
        return OutputValue(name, value, ratio(value))

    return (
        moved("moved_modulo", c.modulo.moved_fraction),
        moved("moved_consistent", c.ring.moved_fraction),
        moved("moved_rendezvous", c.rendezvous.moved_fraction),
        moved("moved_jump", c.jump.moved_fraction),
        spread("imbalance_modulo", c.modulo.imbalance),
        spread("imbalance_consistent", c.ring.imbalance),
        moved("theory_modulo", c.modulo.theory),
        moved("theory_consistent", c.ring.theory),
        spread("imbalance_rendezvous", c.rendezvous.imbalance),
        spread("imbalance_jump", c.jump.imbalance),
        spread("min_load_modulo", c.modulo.min_ratio),
        spread("min_load_consistent", c.ring.min_ratio),
        OutputValue("measured_keys", c.modulo.measured, f"{c.modulo.measured:,} keys"),
        OutputValue("rendezvous_keys", c.rendezvous.measured, f"{c.rendezvous.measured:,} keys"),
    )


def _summary(c: Comparison) -> str:
    s = c.scenario
    spread = (
        f"the busiest shard holds {c.modulo.imbalance:.2f} times the mean under modulo and "
        f"{c.ring.imbalance:.2f} times on the ring with {counted(s.vnodes, 'virtual node')} "
        "per shard."
    )
    if s.before == s.after:
        return (
            f"With {counted(s.before, 'shard')} before and after, nothing changes, so no key "
            f"moves; {spread}"
        )
    return (
        f"From {s.before} to {counted(s.after, 'shard')}, modulo hashing moves "
        f"{percent(c.modulo.moved_fraction)} of keys (theory {percent(c.modulo.theory)}); "
        f"the ring moves {percent(c.ring.moved_fraction)}, rendezvous "
        f"{percent(c.rendezvous.moved_fraction)} and jump {percent(c.jump.moved_fraction)} "
        f"(theory {percent(c.ring.theory)}). Afterwards {spread}"
    )


def _notes(c: Comparison, ticks_capped: bool, ticks_drawn: int) -> tuple[str, ...]:
    s = c.scenario
    notes = [
        "Keys are user:0 to user:K\u22121. Each is hashed with MD5: the UTF-8 key read as a "
        "big-endian 128-bit integer, the same on every machine and browser (Python's own "
        "hash() changes on every run). Modulo uses the whole number; the ring, rendezvous "
        "and jump use its top 64 bits. Virtual node v of shard s sits at the top 64 bits of "
        'MD5("shard-s#v"); rendezvous scores are splitmix64(key XOR a per-shard seed).',
        f"Theory: modulo moves 1 \u2212 gcd(N, M)/max(N, M) = {percent(c.modulo.theory)}; the "
        f"ring, rendezvous and jump move |M \u2212 N|/max(N, M) = {percent(c.ring.theory)} on "
        "average. Imbalance is the busiest shard's keys divided by the mean.",
    ]
    if c.sampled:
        error = standard_error(c.modulo.moved_fraction, c.modulo.measured)
        notes.append(
            f"Large K: the fractions and loads are estimated from a sample of "
            f"{c.modulo.measured:,} of the {s.keys:,} keys (user:0 to "
            f"user:{c.modulo.measured - 1:,}); MD5 scatters names, so this is a fair sample. "
            f"Moved fractions are within about ±{percent(2 * error, 2)}; the bars are scaled "
            "up to all keys, and the imbalance is measured on the sample, so with many "
            "shards it reads a little high."
        )
    if c.rendezvous.sampled and max(s.before, s.after) > 1:
        error = standard_error(c.rendezvous.moved_fraction, c.rendezvous.measured)
        notes.append(
            f"Rendezvous scores every key against every shard, so it is measured on the "
            f"first {c.rendezvous.measured:,} keys: its moved fraction is an estimate "
            f"(about ±{percent(2 * error, 1)}), and its bars, scaled up from that sample, "
            "look less even than the real spread."
        )
    if max(s.before, s.after) > 8:
        notes.append(
            "With more than 8 shards the 8 colours repeat, each time with another dot shape, "
            "and the ring's marks sit further in or out of the circle; point at a key to "
            "read its shard. Above 32 shards each bar panel is drawn as one outline."
        )
    if ticks_capped:
        notes.append(
            f"Each ring draws the first {ticks_drawn} of each shard's {s.vnodes:,} points "
            "so the picture stays readable; the numbers use all of them."
        )
    return tuple(notes)


@dataclass(frozen=True)
class KeyPictures:
    """The two pictures of the sample keys, and what their text says about them."""

    dots: tuple[KeyDot, ...]
    counts: RingCounts
    buckets_svg: str
    rings_svg: str


@lru_cache(maxsize=8)
def key_pictures(before: int, after: int, vnodes: int, sample: int) -> KeyPictures:
    """The first `sample` keys drawn in boxes and on the rings. They depend on the shards,
    the virtual nodes and the sample only, not on how many keys there are: dragging the
    keys control redraws the bar chart and reuses these (about a third of a recompute)."""
    scenario = Scenario(keys=sample, before=before, after=after, vnodes=vnodes)
    dots = sample_dots(scenario, sample)
    return KeyPictures(
        dots=dots,
        counts=ring_counts(scenario, dots),
        buckets_svg=render_buckets(scenario, dots),
        rings_svg=render_rings(scenario, dots),
    )


def view(params: Params) -> View:
    c = compare(scenario_from(params))
    s = c.scenario
    pictures = key_pictures(
        s.before, s.after, s.vnodes, min(RING_SAMPLE_DOTS, measured_keys(s.keys))
    )
    counts = pictures.counts
    sample = f"the same {counts.dots} sample keys (user:0 to user:{counts.dots - 1})"
    modulo_alt = (
        f"Modulo hashing before ({counted(s.before, 'shard')}) and after "
        f"({counted(s.after, 'shard')}), each shard a box holding {sample}. "
        f"{counts.modulo_moved} of the {counts.dots} keys change shard; they are ringed in "
        "both rows of boxes."
    )
    ring_alt = (
        f"The consistent-hashing ring before ({counted(s.before, 'shard')}) and after "
        f"({counted(s.after, 'shard')}), {counted(s.vnodes, 'point')} per shard, with "
        f"{sample} at the same places on both rings. {counts.ring_moved} of the "
        f"{counts.dots} keys change shard (ringed on both); modulo would move "
        f"{counts.modulo_moved}."
    )
    loads_alt = (
        f"Keys per shard before ({s.before}) and after ({s.after}). Busiest shard after the "
        f"change: modulo {ratio(c.modulo.imbalance)}, ring {ratio(c.ring.imbalance)}, "
        f"rendezvous {ratio(c.rendezvous.imbalance)}, jump {ratio(c.jump.imbalance)}. "
        f"Emptiest: modulo {ratio(c.modulo.min_ratio)}, ring {ratio(c.ring.min_ratio)}."
    )
    figures = (
        Figure(
            key="modulo",
            title="Modulo: which keys move",
            svg=pictures.buckets_svg,
            alt=modulo_alt,
        ),
        Figure(
            key="ring",
            title="The ring: which keys move",
            svg=pictures.rings_svg,
            alt=ring_alt,
        ),
        Figure(
            key="loads",
            title="Keys per shard",
            svg=render_loads(c),
            alt=loads_alt,
        ),
    )
    return View(
        outputs=_outputs(c),
        figures=figures,
        summary=_summary(c),
        notes=_notes(c, counts.capped, counts.ticks_drawn),
    )
