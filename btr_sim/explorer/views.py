"""The explorer's views: status, live charts, posts and the event feed (Solara components).

Each view draws from the page's current :class:`~btr_sim.explorer.frames.Frame` (a copy of
the runs taken at a month boundary), never from the running model. :func:`Views` alone
subscribes to the frame and hands it to the others, so a new frame redraws the views in one
pass and nothing else of the page (the sidebar with its knobs stays as it is). Every view
shows all runs on screen, each in its colour, so side-by-side mode needs nothing beyond the
second run. CSS classes (``btr-...``) name the parts of the page
for the browser test and for users' own styling. Every text is in the page's language (the
:class:`~btr_sim.i18n.Translator` each view is given).
"""

from __future__ import annotations

import html

import solara

from btr_sim.explorer import charts, feed, posts
from btr_sim.explorer.colours import EVENT_COLOURS, run_colour
from btr_sim.explorer.frames import Frame
from btr_sim.explorer.saving import changed_settings
from btr_sim.explorer.server import FONT_URL
from btr_sim.explorer.session import ExplorerModel
from btr_sim.explorer.wording import join, parameter_name, value_name
from btr_sim.i18n import N_, Translator

__all__ = ["CSS", "ChartView", "EventFeed", "PostsView", "StatusCard", "Views", "month_of"]

_EVENT_CSS = "\n".join(
    f".btr-feed li[data-event={kind}] {{ border-left-color: {colour}; }}"
    for kind, colour in EVENT_COLOURS.items()
)

#: Chinese text: the machine's CJK fonts first; the project's font, from the server, only for
#: CJK characters no font before it has (so it is fetched only where none is installed).
_CJK_CSS = f"""
@font-face {{ font-family: "btr-cjk"; src: url("{FONT_URL}") format("opentype");
  unicode-range: U+2E80-2FDF, U+3000-303F, U+3100-31FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF,
  U+FE30-FE4F, U+FF00-FFEF; font-display: swap; }}
.v-application, .v-application *:not(.v-icon):not(.mdi) {{
  font-family: Roboto, sans-serif, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "btr-cjk" !important; }}
"""

#: The page's layout and the styles of the feed's entries.
CSS = (
    _CJK_CSS
    + f"""
.btr-charts {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr));
  gap: 8px; margin: 8px 0; }}
.btr-chart img {{ width: 100%; max-width: 414px; height: auto; }}
.btr-lower {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
  gap: 8px; align-items: start; margin-bottom: 16px; }}
.btr-scroll {{ max-height: 420px; overflow-y: auto; }}
.btr-feed {{ margin: 0; padding-left: 0; list-style: none; font-size: 13px; }}
.btr-feed li {{ padding: 2px 4px; border-left: 4px solid #dddddd; margin-bottom: 2px; }}
{_EVENT_CSS}
.btr-status table {{ border-collapse: collapse; font-size: 13px; }}
.btr-status td, .btr-status th {{ padding: 2px 8px; text-align: right; }}
.btr-status th:first-child, .btr-status td:first-child {{ text-align: left; }}
.btr-run-name {{ border-left: 6px solid; padding-left: 6px; }}
"""
)

_STATUS_COLUMNS = (
    N_("run"),
    N_("credibility"),
    N_("change"),
    N_("voluntary"),
    N_("ordered"),
    N_("dismissed"),
    N_("reinstated"),
    N_("incidents"),
)
_COUNTED = (
    "voluntary_resignations",
    "ordered_resignations",
    "dismissals",
    "reinstatements",
    "incidents",
)


def run_name(label: str, role: str, tag: str = "span") -> str:
    """A run's label marked with its colour, as HTML."""
    return (
        f'<{tag} class="btr-run-name" data-role="{role}" '
        f'style="border-left-color:{run_colour(role)}">{html.escape(label)}</{tag}>'
    )


def month_of(shown: Frame, tr: Translator) -> str:
    """``Month 3 of 60``: the month the runs have reached, of the horizon."""
    return tr("Month {month} of {months}").format(month=shown.month, months=shown.months)


@solara.component
def StatusCard(model: ExplorerModel, shown: Frame, tr: Translator) -> None:
    """Where the runs stand: the month, what the settings change, and key figures per run."""
    changes = changed_settings(model.config, model.base)
    if changes:
        listed = join(
            (
                tr("{parameter} = {value}").format(
                    parameter=parameter_name(path, tr), value=value_name(value, tr)
                )
                for path, value in changes
            ),
            tr,
        )
        said = tr("Your settings change {name}: {changes}.").format(
            name=model.base.name, changes=listed
        )
    else:
        said = tr("Your settings: {name} as loaded.").format(name=model.base.name)
    header = "".join(f"<th>{html.escape(tr(h))}</th>" for h in _STATUS_COLUMNS)
    rows = []
    for run in shown.runs:
        credibility = run.series["credibility"]
        now, start = credibility[-1], credibility[0]
        counts = "".join(f"<td>{run.total(name)}</td>" for name in _COUNTED)
        rows.append(
            f'<tr data-role="{run.role}"><td>{run_name(run.label, run.role)}</td>'
            f'<td class="btr-credibility">{now:.4f}</td><td>{now - start:+.4f}</td>{counts}</tr>'
        )
    with (
        solara.Card(classes=["btr-status"]),
        solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap", "gap": "32px"}),
    ):
        with solara.Column(gap="2px", style={"max-width": "420px"}):
            solara.Text(
                month_of(shown, tr),
                classes=["btr-month"],
                style={"font-size": "20px", "font-weight": "500"},
            )
            solara.Text(tr("seed {seed}").format(seed=shown.seed), classes=["btr-seed"])
            solara.Text(said, classes=["btr-changes"], style={"font-size": "13px"})
            if model.notice:
                solara.Warning(model.notice, dense=True)
        solara.HTML(tag="div", unsafe_innerHTML=f"<table><tr>{header}</tr>{''.join(rows)}</table>")


@solara.component
def ChartView(spec: charts.ChartSpec, shown: Frame, tr: Translator) -> None:
    """One live chart of the runs on screen; its figure is built once per set of runs."""
    runs = tuple((run.label, run.role) for run in shown.runs)
    chart = solara.use_memo(lambda: charts.LiveChart(spec, runs, tr), [spec.name, runs, tr])
    png = solara.use_memo(lambda: chart.update(shown), [chart, shown])
    with solara.Column(classes=["btr-chart", f"btr-chart-{spec.name}"]):
        solara.Image(png, format="png")


@solara.component
def PostsView(model: ExplorerModel, shown: Frame, tr: Translator) -> None:
    """The grid of posts of each run, coloured by cadre or by local trust."""
    colour_by, set_colour_by = solara.use_state("cadre")
    columns = model.config.world.posts_per_supervisor
    with solara.Card(tr("Posts"), classes=["btr-posts"]):
        with solara.ToggleButtonsSingle(value=colour_by, on_value=set_colour_by):
            solara.Button(tr("cadre"), value="cadre", text=True)
            solara.Button(tr("trust"), value="trust", text=True)
        with solara.Row(style={"flex-wrap": "nowrap", "gap": "16px"}):
            for run in shown.runs:
                with solara.Column(gap="0px", style={"flex": "1", "max-width": "260px"}):
                    solara.HTML(
                        tag="div",
                        unsafe_innerHTML=run_name(run.label, run.role),
                        style={"font-size": "12px"},
                    )
                    solara.HTML(
                        tag="div",
                        unsafe_innerHTML=posts.grid_html(run.cells, columns, colour_by, tr),
                        attributes={"data-role": run.role},
                    )
        counted = [(run.label, run_colour(run.role), run.cells) for run in shown.runs]
        solara.HTML(tag="div", unsafe_innerHTML=posts.legend_html(colour_by, counted, tr))
        solara.Text(
            tr("One row per supervisor; hover over a post for its cadre and trust."),
            style={"font-size": "12px", "color": "#666"},
        )


@solara.component
def EventFeed(shown: Frame, tr: Translator, n: int = 30) -> None:
    """The latest events of each run, in words, newest first."""
    with (
        solara.Card(tr("Latest events"), classes=["btr-feed-card"]),
        solara.Row(style={"align-items": "flex-start"}),
    ):
        for run in shown.runs:
            entries = feed.latest(run.events, run.scenario, n, tr)
            if entries:
                items = "".join(
                    f'<li data-event="{e.event}">{html.escape(e)}</li>' for e in entries
                )
            else:
                items = f"<li>{html.escape(tr('No events yet: press Step or ▶.'))}</li>"
            with solara.Column(style={"flex": "1"}):
                if len(shown.runs) > 1:
                    solara.HTML(
                        tag="div",
                        unsafe_innerHTML=run_name(run.label, run.role),
                        style={"font-weight": "bold", "font-size": "12px"},
                    )
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=(f'<ul class="btr-feed" data-role="{run.role}">{items}</ul>'),
                    classes=["btr-scroll"],
                )


@solara.component
def Views(model: ExplorerModel, frame: solara.Reactive[Frame], tr: Translator) -> None:
    """Status, charts, posts and feed of the frame on screen."""
    shown = frame.value
    StatusCard(model, shown, tr)
    with solara.Div(classes=["btr-charts"]):
        for spec in charts.CHARTS:
            ChartView(spec, shown, tr)
    with solara.Div(classes=["btr-lower"]):
        PostsView(model, shown, tr)
        EventFeed(shown, tr)
