"""The results folder's contract: its entries, their columns and types, the manifest's keys.

``docs/results-format.md`` describes the folder for people; this module declares it for code,
and ``tests/test_results_format.py`` checks that the two agree. The store
(:mod:`btr_sim.experiments.store`) writes by these names and schemas, the reader
(:mod:`btr_sim.results.reader`) reads and checks by them, and nothing else spells them out.
"""

# No ``from __future__ import annotations`` here: the Manifest's ``Required`` keys are found by
# evaluating its annotations when the class is made.
from collections.abc import Mapping, Sequence
from typing import Any, Required, TypedDict

import pyarrow as pa

from btr_sim.core.events import EVENT_COLUMNS, EventLog
from btr_sim.core.metrics import SERIES

__all__ = [
    "ANALYSIS",
    "COMPARE_CSV",
    "COMPARE_MD",
    "DAMAGED",
    "DESIGN_KINDS",
    "DESIGN_PREFIX",
    "EFFECTS_CSV",
    "EVENTS",
    "FAILED",
    "FAILURES",
    "FIGURES",
    "FORMAT_VERSION",
    "ID_COLUMNS",
    "LOCK",
    "MANIFEST",
    "MANIFEST_KEYS",
    "MANIFEST_REQUIRED",
    "MONTH",
    "OK",
    "OUTCOME_TYPE",
    "OUTPUTS",
    "PARTS",
    "POLICY",
    "REPORT_HTML",
    "REPORT_MD",
    "RUNS",
    "RUN_COLUMNS",
    "SCENARIOS",
    "SERIES_FILE",
    "STATUSES",
    "STATUS_COLUMNS",
    "TABLES",
    "TIMING_CSV",
    "TRUST_SERIES",
    "WARMUP_CHECK_CSV",
    "WARMUP_CHECK_MD",
    "WORLD",
    "WRITE_OPTIONS",
    "Manifest",
    "design_column",
    "events_schema",
    "factor_of",
    "is_design_column",
    "runs_schema",
    "series_schema",
]

#: Version of the folder layout, stored in the manifest as ``format``.
FORMAT_VERSION = 1

# -- the folder's entries ------------------------------------------------------------------------

MANIFEST = "manifest.json"
RUNS = "runs.parquet"
SERIES_FILE = "series.parquet"
EVENTS = "events.parquet"
#: Folder of scenario files, one per design point: ``scenarios/<scenario>.yaml``.
SCENARIOS = "scenarios"
#: Folder the sensitivity and robustness analyses write into.
ANALYSIS = "analysis"
FAILURES = "failures.log"
#: Folder of the part files of runs stored since the last consolidation (transient).
PARTS = "parts"
LOCK = ".lock"
#: Folder damaged files are moved into, never deleted: ``damaged/<time>/<file>``.
DAMAGED = "damaged"

#: How every table and part file is written: with page checksums, which the reader verifies,
#: so that a file whose bytes changed is found damaged rather than read as garbage.
WRITE_OPTIONS = {"write_page_checksum": True}

# -- what the analysing commands write into the folder -------------------------------------------

#: ``btr-sim compare`` (and ``report``): every outcome per scenario, with its differences.
COMPARE_CSV = "compare.csv"
#: ``btr-sim compare`` (and ``report``): main effects and interactions of a crossed design.
EFFECTS_CSV = "effects.csv"
#: ``btr-sim compare``: the comparison as Markdown.
COMPARE_MD = "compare.md"
#: ``btr-sim plot`` (unless ``--out``) and ``report``: the figures, as PNG and SVG.
FIGURES = "figures"
#: ``btr-sim report``: the report, and with ``--html`` the page with the figures embedded.
REPORT_MD = "report.md"
REPORT_HTML = "report.html"
#: ``btr-sim compare``: how fast each credibility effect builds up (with monthly series).
TIMING_CSV = "timing.csv"

#: ``btr-sim warmup-check``: the convergence table, as CSV and Markdown.
WARMUP_CHECK_CSV = "warmup_check.csv"
WARMUP_CHECK_MD = "warmup_check.md"

#: Every entry an analysing command may write, in the order the page lists them.
OUTPUTS = (
    COMPARE_CSV,
    EFFECTS_CSV,
    TIMING_CSV,
    COMPARE_MD,
    FIGURES,
    REPORT_MD,
    REPORT_HTML,
    WARMUP_CHECK_CSV,
    WARMUP_CHECK_MD,
)

#: The table of each kind of record (the manifest's ``record`` lists the kinds stored).
TABLES = {"summary": RUNS, "series": SERIES_FILE, "events": EVENTS}

# -- columns -------------------------------------------------------------------------------------

#: The monthly series of the two levels of trust, named on the page: ``credibility`` is the
#: local level's (trust in the post's government), the meaning it had when trust had one level;
#: ``central_credibility`` trust in the centre; ``hierarchical_trust_share`` the share of
#: citizens trusting the centre more than the local government. Folders written before trust
#: had two levels hold ``credibility`` only, and the analysis draws the local level alone.
TRUST_SERIES: tuple[str, ...] = ("credibility", "central_credibility", "hierarchical_trust_share")

#: The columns that name a run, first in every table.
ID_COLUMNS: tuple[pa.Field, ...] = (
    pa.field("run_id", pa.string()),
    pa.field("scenario", pa.string()),
    pa.field("replication", pa.int64()),
    pa.field("seed", pa.int64()),
)

#: How a run ended: ``status`` (one of :data:`STATUSES`) and the error of a failed run.
STATUS_COLUMNS: tuple[pa.Field, ...] = (
    pa.field("status", pa.string()),
    pa.field("error", pa.string()),
)
OK, FAILED = "ok", "failed"
STATUSES = (OK, FAILED)

#: The columns every ``runs.parquet`` begins with.
RUN_COLUMNS = tuple(f.name for f in ID_COLUMNS + STATUS_COLUMNS)

#: The month column of ``series.parquet`` (0 is the initial state).
MONTH = pa.field("month", pa.int64())

#: The type of every outcome column of ``runs.parquet`` and every series of ``series.parquet``.
OUTCOME_TYPE = pa.float64()

#: Prefix of the design columns of ``runs.parquet``: ``design.<factor>``.
DESIGN_PREFIX = "design."

#: The factors an experiment with ``uncertainties:`` adds to its design: the world's index and
#: the policy (the design point of the file's own design).
WORLD = "world"
POLICY = "policy"

#: What the manifest's ``design.kind`` may be.
DESIGN_KINDS = ("list", "factorial", "grid", "lhs")


def design_column(factor: str) -> str:
    """The ``runs.parquet`` column of a design factor: ``design.<factor>``."""
    return DESIGN_PREFIX + factor


def is_design_column(column: object) -> bool:
    """Whether a column of ``runs.parquet`` (or a table derived from it) is a design factor."""
    return isinstance(column, str) and column.startswith(DESIGN_PREFIX)


def factor_of(column: str) -> str:
    """The design factor a ``design.<factor>`` column holds."""
    return column.removeprefix(DESIGN_PREFIX)


# -- table schemas -------------------------------------------------------------------------------


def runs_schema(factors: Mapping[str, Sequence[Any]], outcomes: Sequence[str]) -> pa.Schema:
    """Columns of ``runs.parquet``: ids, status, design factors, every summary outcome.

    Parameters
    ----------
    factors
        The design factors and their levels, in design order; a factor's column takes the
        type of its levels (text when they mix types).
    outcomes
        The outcome names, in order.
    """
    design = [
        pa.field(design_column(name), _level_type(levels)) for name, levels in factors.items()
    ]
    outcome = [pa.field(name, OUTCOME_TYPE) for name in outcomes]
    return pa.schema([*ID_COLUMNS, *STATUS_COLUMNS, *design, *outcome])


def series_schema() -> pa.Schema:
    """Columns of ``series.parquet``: ids, month, every monthly series (as floats)."""
    return pa.schema([*ID_COLUMNS, MONTH, *(pa.field(name, OUTCOME_TYPE) for name in SERIES)])


def events_schema() -> pa.Schema:
    """Columns of ``events.parquet``: ids, then the event log's columns with its types."""
    dtypes = EventLog().to_frame().dtypes
    kinds = {"i": pa.int64(), "f": pa.float64(), "b": pa.bool_()}
    logged = [pa.field(c, kinds.get(dtypes[c].kind, pa.string())) for c in EVENT_COLUMNS]
    return pa.schema([*ID_COLUMNS, *logged])


def _level_type(levels: Sequence[Any]) -> pa.DataType:
    try:
        kind = pa.array(levels).type
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.string()
    return kind if kind in (pa.bool_(), pa.int64(), pa.float64(), pa.string()) else pa.string()


# -- the manifest --------------------------------------------------------------------------------


class Manifest(TypedDict, total=False):
    """``manifest.json``: the resolved experiment, its provenance and its counts.

    The keys in the order the store writes them; what each means is in
    ``docs/results-format.md``. A reader requires only :data:`MANIFEST_REQUIRED`.
    """

    format: int
    experiment: Required[str]
    description: str
    hash: str
    source: str
    spec: dict[str, Any]
    design: Required[dict[str, Any]]
    reference: str | None
    scenarios: Required[dict[str, dict[str, Any]]]
    replications: int
    master_seed: int
    months: int | None
    seeds: list[int]
    record: list[str]
    versions: dict[str, str]
    git_revision: str | None
    git_revisions: list[str]
    platform: str
    started: str | None
    finished: str | None
    runs_total: int
    runs_done: int
    runs_failed: int
    rows: dict[str, int]


#: Every key of the manifest, in the order the store writes them.
MANIFEST_KEYS = tuple(Manifest.__annotations__)

#: The keys without which a folder cannot be read.
MANIFEST_REQUIRED = tuple(sorted(Manifest.__required_keys__, key=MANIFEST_KEYS.index))
