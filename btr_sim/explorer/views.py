"""The explorer's views: status, live charts, posts and the event feed (Solara components).

Each takes the :class:`~btr_sim.explorer.session.ExplorerModel` on screen and redraws when Mesa's
``ModelController`` signals a step (Mesa's ``update_counter``). Every view shows all runs on
screen, so side-by-side mode needs nothing beyond the second run. CSS classes (``btr-...``) name
the parts of the page for the browser test and for users' own styling.
"""

from __future__ import annotations

import html

import solara
from mesa.visualization.utils import update_counter

from btr_sim.explorer import charts, feed, posts
from btr_sim.explorer.charts import REMOVAL_KINDS
from btr_sim.explorer.saving import changed_settings
from btr_sim.explorer.session import ExplorerModel

__all__ = [
    "CSS",
    "ActivityChart",
    "CredibilityChart",
    "EventFeed",
    "PostsView",
    "RemovalsChart",
    "StatusCard",
]

#: The page's layout and the styles of the feed's entries.
CSS = """
.btr-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr));
  gap: 8px; margin: 8px 0; }
.btr-chart img { width: 100%; max-width: 414px; height: auto; }
.btr-lower { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
  gap: 8px; align-items: start; }
.btr-scroll { max-height: 420px; overflow-y: auto; }
.btr-feed { margin: 0; padding-left: 0; list-style: none; font-size: 13px; }
.btr-feed li { padding: 2px 4px; border-left: 3px solid #bbb; margin-bottom: 2px; }
.btr-feed li.removal { border-left-color: #1f77b4; }
.btr-feed li.return { border-left-color: #6a3d9a; }
.btr-feed li.impunity { border-left-color: #d62728; }
.btr-feed li.hidden { border-left-color: #e6550d; }
.btr-status table { border-collapse: collapse; font-size: 13px; }
.btr-status td, .btr-status th { padding: 2px 8px; text-align: right; }
.btr-status th:first-child, .btr-status td:first-child { text-align: left; }
"""


@solara.component
def StatusCard(model: ExplorerModel) -> None:
    """Where the runs stand: the month, what the settings change, and key figures per run."""
    update_counter.get()
    changes = changed_settings(model.config, model.base)
    if changes:
        listed = ", ".join(f"{path} = {value}" for path, value in changes)
        said = f"Your settings change {model.base.name}: {listed}."
    else:
        said = f"Your settings: {model.base.name} as loaded."
    header = "".join(f"<th>{h}</th>" for h in _STATUS_COLUMNS)
    rows = []
    for run in model.runs:
        s = charts.series(run)
        now, start = s["credibility"].iloc[-1], s["credibility"].iloc[0]
        counts = "".join(
            f"<td>{int(s[name].sum())}</td>"
            for name in (*REMOVAL_KINDS, "reinstatements", "incidents")
        )
        rows.append(
            f'<tr data-role="{run.role}"><td>{html.escape(run.label)}</td>'
            f'<td class="btr-credibility">{now:.4f}</td><td>{now - start:+.4f}</td>{counts}</tr>'
        )
    with (
        solara.Card(classes=["btr-status"]),
        solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap", "gap": "32px"}),
    ):
        with solara.Column(gap="2px", style={"max-width": "420px"}):
            solara.Text(
                f"Month {model.month} of {model.config.months}",
                classes=["btr-month"],
                style={"font-size": "20px", "font-weight": "500"},
            )
            solara.Text(f"seed {model.seed}", classes=["btr-seed"])
            solara.Text(said, classes=["btr-changes"], style={"font-size": "13px"})
            if model.notice:
                solara.Warning(model.notice, dense=True)
        solara.HTML(tag="div", unsafe_innerHTML=f"<table><tr>{header}</tr>{''.join(rows)}</table>")


_STATUS_COLUMNS = (
    "run",
    "credibility",
    "change",
    "voluntary",
    "ordered",
    "dismissed",
    "reinstated",
    "incidents",
)


def _chart(model: ExplorerModel, spec: charts.ChartSpec) -> None:
    """One live chart of the runs on screen; its figure is built once per model."""
    runs = model.runs
    chart = solara.use_memo(lambda: charts.LiveChart(spec, runs), [id(model), len(runs)])
    figure = chart.update(runs)
    with solara.Column(classes=["btr-chart", f"btr-chart-{spec.name}"]):
        solara.FigureMatplotlib(
            figure, format="png", dependencies=[id(model), model.month, len(runs)]
        )


@solara.component
def CredibilityChart(model: ExplorerModel) -> None:
    """Government credibility month by month."""
    update_counter.get()
    _chart(model, charts.CREDIBILITY)


@solara.component
def RemovalsChart(model: ExplorerModel) -> None:
    """Resignations by kind, cumulative."""
    update_counter.get()
    _chart(model, charts.REMOVALS)


@solara.component
def ActivityChart(model: ExplorerModel) -> None:
    """Incidents and reinstatements, cumulative."""
    update_counter.get()
    _chart(model, charts.ACTIVITY)


@solara.component
def PostsView(model: ExplorerModel) -> None:
    """The grid of posts of each run, coloured by cadre or by local trust."""
    update_counter.get()
    colour_by, set_colour_by = solara.use_state("cadre")
    with solara.Card("Posts", classes=["btr-posts"]):
        solara.ToggleButtonsSingle(
            value=colour_by, on_value=set_colour_by, values=["cadre", "trust"]
        )
        columns = model.config.world.posts_per_supervisor
        current_cells: list[posts.PostCell] = []
        with solara.Row(style={"flex-wrap": "nowrap", "gap": "16px"}):
            for run in model.runs:
                cells = posts.post_cells(run.model)
                if run.role == "current":
                    current_cells = cells
                with solara.Column(gap="0px", style={"flex": "1", "max-width": "260px"}):
                    solara.Text(run.label, style={"font-size": "12px"})
                    solara.HTML(
                        tag="div",
                        unsafe_innerHTML=posts.grid_html(cells, columns, colour_by),
                        attributes={"data-role": run.role},
                    )
        counted = current_cells if colour_by == "cadre" else None
        solara.HTML(tag="div", unsafe_innerHTML=posts.legend_html(colour_by, counted))
        solara.Text(
            "One row per supervisor; hover over a post for its cadre and trust.",
            style={"font-size": "12px", "color": "#666"},
        )


@solara.component
def EventFeed(model: ExplorerModel, n: int = 30) -> None:
    """The latest events of each run, in words, newest first."""
    update_counter.get()
    with (
        solara.Card("Latest events", classes=["btr-feed-card"]),
        solara.Row(style={"align-items": "flex-start"}),
    ):
        for run in model.runs:
            entries = feed.latest(run.model.events.to_frame(), run.model.config, n)
            if entries:
                items = "".join(
                    f'<li class="{feed.TONE.get(e.event, "")}">{html.escape(e)}</li>'
                    for e in entries
                )
            else:
                items = "<li>No events yet: press Step or ▶.</li>"
            with solara.Column(style={"flex": "1"}):
                if len(model.runs) > 1:
                    solara.Text(run.label, style={"font-weight": "bold", "font-size": "12px"})
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=(f'<ul class="btr-feed" data-role="{run.role}">{items}</ul>'),
                    classes=["btr-scroll"],
                )
