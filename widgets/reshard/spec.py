"""The `reshard` widget's declaration: inputs, outputs, steps and the modules readers see."""

from __future__ import annotations

from live_widgets.core import NumberParam, OutputSpec, Step, WidgetSpec
from widgets.reshard.counting import WARM_STEPS
from widgets.reshard.limits import DEFAULT_KEYS, MAX_KEYS, MAX_SHARDS, MAX_VNODES, MIN_KEYS
from widgets.reshard.view import view

SPEC = WidgetSpec(
    name="reshard",
    title="Resharding: modulo vs consistent hashing",
    summary=(
        "Hash K keys onto N shards, change to M shards, and see what fraction of keys "
        "moves and how evenly they spread under modulo hashing, a consistent-hashing ring "
        "with virtual nodes, rendezvous hashing and jump consistent hash."
    ),
    params=(
        NumberParam(
            name="keys",
            label="Keys (K)",
            default=DEFAULT_KEYS,
            minimum=MIN_KEYS,
            maximum=MAX_KEYS,
            integer=True,
            unit="keys",
            help="How many keys (user:0 ... user:K-1) to place.",
            scale="log",
        ),
        NumberParam(
            name="from_shards",
            label="From shards (N)",
            default=4,
            minimum=1,
            maximum=MAX_SHARDS,
            integer=True,
            unit="shards",
            help="Shard count before the change.",
        ),
        NumberParam(
            name="to_shards",
            label="To shards (M)",
            default=5,
            minimum=1,
            maximum=MAX_SHARDS,
            integer=True,
            unit="shards",
            help="Shard count after the change.",
        ),
        NumberParam(
            name="vnodes",
            label="Virtual nodes per shard (V)",
            default=100,
            minimum=1,
            maximum=MAX_VNODES,
            integer=True,
            unit="per shard",
            help="Points each shard owns on the consistent-hashing ring.",
            scale="log",
        ),
    ),
    outputs=(
        OutputSpec("moved_modulo", "Moved: modulo", "Fraction of keys whose shard changes."),
        OutputSpec("moved_consistent", "Moved: ring", "Consistent hashing with virtual nodes."),
        OutputSpec("moved_rendezvous", "Moved: rendezvous", "Highest random weight hashing."),
        OutputSpec("moved_jump", "Moved: jump", "Jump consistent hash."),
        OutputSpec(
            "imbalance_modulo", "Busiest shard: modulo", "Keys on the busiest shard / mean."
        ),
        OutputSpec(
            "imbalance_consistent", "Busiest shard: ring", "Keys on the busiest shard / mean."
        ),
        OutputSpec("theory_modulo", "Theory: modulo", "1 \u2212 gcd(N, M) / max(N, M)."),
        OutputSpec(
            "theory_consistent",
            "Theory: ring, rendezvous, jump",
            "|M \u2212 N| / max(N, M), on average.",
        ),
        OutputSpec("imbalance_rendezvous", "Busiest shard: rendezvous"),
        OutputSpec("imbalance_jump", "Busiest shard: jump"),
        OutputSpec("min_load_modulo", "Emptiest shard: modulo", "Keys on the emptiest / mean."),
        OutputSpec("min_load_consistent", "Emptiest shard: ring", "Keys on the emptiest / mean."),
        OutputSpec("measured_keys", "Keys measured", "All K, or a sample for large K."),
        OutputSpec("rendezvous_keys", "Keys measured: rendezvous"),
    ),
    view=view,
    model_modules=(
        "widgets.reshard.model",
        "widgets.reshard.placement",
        "widgets.reshard.hashing",
        "widgets.reshard.counting",
        "widgets.reshard.ring_index",
    ),
    warm=(*WARM_STEPS, lambda: _run_largest(127), lambda: _run_largest(126)),
    steps=(
        Step(
            key="add_shard",
            label="Add a shard",
            assign=(("from_shards", "to_shards"),),
            delta=(("to_shards", 1),),
        ),
        Step(
            key="remove_shard",
            label="Remove a shard",
            assign=(("from_shards", "to_shards"),),
            delta=(("to_shards", -1),),
        ),
    ),
)


def _run_largest(to_shards: int) -> None:
    """A warm-up step: run the widget once with the largest rings (128 shards to
    `to_shards`, 1,000 virtual nodes, the largest key sample). Pyodide's WebAssembly is
    compiled lazily and optimised as it runs, so the first recomputes of that size were
    slower (100-180 ms in Chromium) than the later ones; two runs make the reader's
    first large change as quick as the rest."""
    SPEC.run(
        {"keys": MAX_KEYS, "from_shards": MAX_SHARDS, "to_shards": to_shards, "vnodes": MAX_VNODES}
    )
