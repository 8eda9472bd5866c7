"""Which limits the traffic crosses, and so which architecture stage it forces.

No DAU brackets: each stage has one or more limits (assumptions.py). A crossed limit
forces at least its stage; the system is at the highest stage any crossed limit forces.
Every value grows with DAU, so the stage never goes down as users grow. Stages are
cumulative: a stage keeps everything below it, so a stage can come along because a later
one needs it even when its own limits are not crossed; the reasons say so.

    stage           forced when
    load-balanced   peak req/s > one box's capacity, or one box's downtime (99.5% uptime)
                    would fail more requests a month than the availability budget
    replicas-cache  peak database queries/s > one database's queries/s
    cdn-queue       static egress a month > the CDN threshold, or peak slow jobs/s > the
                    rate that can run inside requests
    sharded         peak write queries/s > one primary's write limit, or stored data > the
                    data one primary should hold
    multi-region    peak req/s > what one region may carry (blast-radius limit)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from live_widgets.core.format import compact, per_second, percent
from widgets.cost_ladder.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from widgets.cost_ladder.traffic import Traffic


@dataclass(frozen=True)
class Stage:
    """One rung of the ladder."""

    id: str
    number: int
    title: str
    short: str
    adds: str


STAGES: tuple[Stage, ...] = (
    Stage("single-server", 1, "Single server", "Single", "one box runs web server, app and DB"),
    Stage(
        "load-balanced",
        2,
        "Load balancer + app servers",
        "LB",
        "a load balancer, several stateless app servers and a separate (Multi-AZ) database",
    ),
    Stage(
        "replicas-cache",
        3,
        "Read replicas + cache",
        "Cache",
        "read replicas for reads and a cache in front of the database",
    ),
    Stage("cdn-queue", 4, "CDN + queue", "CDN", "a CDN for static files and a queue with workers"),
    Stage("sharded", 5, "Sharded database", "Shards", "the data split over several primaries"),
    Stage(
        "multi-region",
        6,
        "Multi-region + services",
        "Regions",
        "several regions and the monolith split into services",
    ),
)

STAGE_IDS: tuple[str, ...] = tuple(stage.id for stage in STAGES)


def stage_index(stage_id: str) -> int:
    """Position of a stage id on the ladder (0 = single-server)."""
    return STAGE_IDS.index(stage_id)


def _data(gb: float) -> str:
    """An amount of data for people: 750 GB, 6.1 TB, 61 PB."""
    if gb >= 1e6:
        return f"{compact(gb / 1e6)} PB"
    if gb >= 1e3:
        return f"{compact(gb / 1e3)} TB"
    return f"{compact(gb)} GB"


def _writes(rate: float) -> str:
    """'1 write/s', '4.2k writes/s'."""
    return per_second(compact(rate), "write")


def _slow_jobs(rate: float) -> str:
    """'1 slow job/s', '20 slow jobs/s'."""
    return per_second(compact(rate), "slow job")


@dataclass(frozen=True)
class Check:
    """One limit compared with the traffic: crossed when value > limit.

    `template` names both numbers, e.g. "peak {value} req/s {verdict} one box's {limit} req/s";
    `verdicts` are the words for crossed and for not crossed.
    """

    stage: str
    value: float
    limit: float
    template: str
    verdicts: tuple[str, str] = ("exceeds", "is within")
    number: Callable[[float], str] = compact

    @property
    def crossed(self) -> bool:
        return self.value > self.limit

    @property
    def text(self) -> str:
        """The clause with numbers, e.g. "peak 340 req/s exceeds one box's 50 req/s"."""
        verdict = self.verdicts[0] if self.crossed else self.verdicts[1]
        return self.template.format(
            value=self.number(self.value), limit=self.number(self.limit), verdict=verdict
        )


@dataclass(frozen=True)
class Rule:
    """How one limit is worded: the stage it forces and a sentence template."""

    stage: str
    template: str
    verdicts: tuple[str, str] = ("exceeds", "is within")
    number: Callable[[float], str] = compact


RULES: tuple[Rule, ...] = (
    Rule("load-balanced", "peak {value} req/s {verdict} one box's {limit} req/s"),
    Rule(
        "load-balanced",
        "one box at {uptime} uptime would fail about {value} requests a month, "
        "{verdict} the budget of {limit}",
        ("over", "within"),
    ),
    Rule("replicas-cache", "peak {value} queries/s {verdict} one database's {limit} queries/s"),
    Rule(
        "cdn-queue",
        "static files add up to {value} a month, {verdict} the {limit} that justifies a CDN",
        ("over", "under"),
        _data,
    ),
    Rule(
        "cdn-queue",
        "peak {value} {verdict} the {limit} that can run inside requests",
        number=_slow_jobs,
    ),
    Rule("sharded", "peak {value} {verdict} one primary's {limit}", number=_writes),
    Rule("sharded", "{value} of data {verdict} the {limit} one primary should hold", number=_data),
    Rule("multi-region", "peak {value} req/s {verdict} the {limit} req/s one region may carry"),
)
"""The limits in ladder order; `measure` gives their (value, limit) pairs in the same order."""


def measure(t: Traffic, a: Assumptions = DEFAULT_ASSUMPTIONS) -> tuple[tuple[float, float], ...]:
    """(value, limit) for each rule in RULES: the traffic against the stated assumption."""
    return (
        (t.peak_rps, a.single_box_rps),
        (t.requests_per_month * (1.0 - a.single_box_uptime), a.failed_requests_budget),
        (t.peak_db_qps, a.db_node_qps),
        (t.static_egress_gb, a.cdn_min_egress_gb),
        (t.peak_jobs_per_s, a.max_inline_jobs_per_s),
        (t.peak_write_qps, a.primary_write_limit),
        (t.stored_gb, a.primary_data_limit_gb),
        (t.peak_rps, a.region_max_peak_rps),
    )


_RULE_STAGES = tuple(stage_index(rule.stage) for rule in RULES)


def checks(t: Traffic, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> tuple[Check, ...]:
    """Every limit, in ladder order, with the traffic's value against it."""
    uptime = percent(assumptions.single_box_uptime)
    return tuple(
        Check(
            rule.stage,
            value,
            limit,
            rule.template.replace("{uptime}", uptime),
            rule.verdicts,
            rule.number,
        )
        for rule, (value, limit) in zip(RULES, measure(t, assumptions), strict=True)
    )


@dataclass(frozen=True)
class StepUp:
    """One step up the ladder and the limits that forced it (none: it came along)."""

    stage: Stage
    forced_by: tuple[Check, ...]
    own_checks: tuple[Check, ...]

    def sentence(self) -> str:
        """A plain sentence naming the numbers behind this step."""
        if self.forced_by:
            reasons = "; ".join(check.text for check in self.forced_by)
            return f"{self.stage.title}: {reasons}."
        reasons = "; ".join(check.text for check in self.own_checks)
        return (
            f"{self.stage.title}: not forced by its own limits ({reasons}); it comes along "
            "because a later stage builds on it."
        )


@dataclass(frozen=True)
class Decision:
    """The stage the limits force, every check, and the reasons for each step."""

    stage: Stage
    checks: tuple[Check, ...]
    steps: tuple[StepUp, ...]

    @property
    def index(self) -> int:
        return self.stage.number - 1


def decide(t: Traffic, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> Decision:
    """The highest stage any crossed limit forces, with the reasons for every step to it."""
    found = checks(t, assumptions)
    index = stage_of(t, assumptions)
    steps = tuple(
        StepUp(
            stage=stage,
            forced_by=tuple(c for c in found if c.stage == stage.id and c.crossed),
            own_checks=tuple(c for c in found if c.stage == stage.id),
        )
        for stage in STAGES[1 : index + 1]
    )
    return Decision(stage=STAGES[index], checks=found, steps=steps)


def stage_of(t: Traffic, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> int:
    """Just the stage index (0 = single-server), for sweeps over many DAU values."""
    pairs = zip(_RULE_STAGES, measure(t, assumptions), strict=True)
    return max((stage for stage, (value, limit) in pairs if value > limit), default=0)
