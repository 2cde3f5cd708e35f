"""The explorer in a real browser: Debian's headless chromium driven by Playwright.

The test starts ``btr-sim explore`` on a free loopback port in a subprocess, changes a main
knob and a parameter of the advanced panel, resets and steps the model, checks that the charts
and the event feed change, plays and pauses, saves the settings and checks that ``btr-sim
check`` accepts the file and ``btr-sim run --seed`` reproduces the months the page showed;
then it shows two scenarios side by side, each run in its own colour, and checks that nothing
covers the event feed. A second test opens the page with ``--lang zh``: every text shown is
Chinese but for the configuration's keys and names, and a change, Reset and Step still work.
Both are skipped, with the reason, only where no browser can be had (``.ci/run`` installs
chromium).
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from btr_sim.cli import main
from btr_sim.core.model import BTRModel
from btr_sim.explorer import feed
from btr_sim.explorer.server import FONT_URL
from btr_sim.i18n import ENV_VAR, translator
from btr_sim.loading import apply_overrides, load_scenario

#: Chromium flags for a sandbox-less, offline, quiet headless run.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEED = 11
SCENARIO = "name: browser_test\nmonths: 60\n"


def _chromium() -> str:
    """Debian's chromium, or a skip that says how to get it."""
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if path is None:
        pytest.skip(
            "browser test skipped: no chromium on this machine "
            "(install Debian's: apt-get install chromium chromium-driver; .ci/run does)"
        )
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(
            "browser test skipped: Playwright is missing (make venv installs the `browser` "
            "dependency group)"
        )
    pytest.importorskip("solara", reason="browser test skipped: the viz extra is missing")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def _serving(tmp_path: Path, *options: str) -> Iterator[dict]:
    """``btr-sim explore`` serving a 60-month scenario on a free port; stopped afterwards."""
    scenario = tmp_path / "browser_test.yaml"
    scenario.write_text(SCENARIO)
    saved = tmp_path / "saved"
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "btr_sim",
            "explore",
            str(scenario),
            "--port",
            "0",
            "--no-browser",
            "--seed",
            str(SEED),
            "--save-dir",
            str(saved),
            *options,
        ],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    try:
        url = None
        while url is None:
            try:
                line = lines.get(timeout=30)
            except queue.Empty:
                pytest.fail(f"the explorer printed no address in 30 s; see {log.name}")
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            url = match.group(0) if match else None
        yield {"url": url, "scenario": scenario, "saved": saved, "tmp": tmp_path}
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    assert process.returncode is not None


@pytest.fixture
def explorer(tmp_path: Path, monkeypatch) -> Iterator[dict]:
    """The explorer in English (whatever language this machine's environment asks for)."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    with _serving(tmp_path) as served:
        yield served


@pytest.fixture
def explorer_zh(tmp_path: Path, monkeypatch) -> Iterator[dict]:
    """The explorer started with ``--lang zh``."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    with _serving(tmp_path, "--lang", "zh") as served:
        yield served


def _shot(page, selector: str) -> bytes:
    return page.locator(selector).screenshot()


def _step(page, months: int, start: int) -> None:
    from playwright.sync_api import expect

    for month in range(start + 1, start + months + 1):
        page.get_by_role("button", name="Step").click()
        expect(page.locator(".btr-month")).to_have_text(f"Month {month} of 60")


def _press_until(page, control: str, label: str, attempts: int = 3) -> None:
    """Move a slider one step right and wait for its label to say so.

    The page re-renders a knob after each change; a key pressed while that happens can be
    lost, so a press whose effect has not shown after a few seconds is repeated (bounded).
    """
    from playwright.sync_api import expect

    for _ in range(attempts):
        page.locator(f"{control} [role=slider]").press("ArrowRight")
        try:
            expect(page.locator(control)).to_contain_text(label, timeout=4_000)
            return
        except AssertionError:
            continue
    expect(page.locator(control)).to_contain_text(label)


def test_explorer_in_the_browser(browser, explorer):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1500, "height": 1800})
    page.set_default_timeout(20_000)
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    # The address comes before the server's modules have loaded: the first load may wait.
    page.goto(explorer["url"], timeout=90_000)
    expect(page.locator(".btr-month")).to_have_text("Month 0 of 60", timeout=90_000)
    # Everything the page needs comes from the local server (solara-assets): no CDN.
    outside = [u for u in requests if not u.startswith((explorer["url"], "data:", "blob:"))]
    assert outside == [] and failed == [], (outside, failed)
    assert not [u for u in requests if FONT_URL in u]  # no Chinese text: no Chinese font
    charts = [".btr-chart-credibility", ".btr-chart-removals", ".btr-chart-activity"]
    expect(page.locator(".btr-chart img")).to_have_count(3)
    before = {c: _shot(page, c) for c in charts}
    feed_before = page.locator(".btr-feed").inner_text()
    assert "No events yet" in feed_before

    # Change controls: a formal procedure and more transparency. They wait for Reset.
    page.locator(".btr-control-procedure .v-select__slot").click()
    page.get_by_role("option", name="formal", exact=True).click()
    expect(page.locator(".btr-pending")).to_contain_text("Procedure")  # the page has settled
    for k in range(1, 9):  # 0.20 -> 0.60 in steps of 0.05
        _press_until(page, ".btr-control-transparency", f"Transparency: {0.2 + 0.05 * k:.2f}")
    expect(page.locator(".btr-pending")).to_contain_text("Procedure")
    # A parameter only the advanced panel offers, generated from the configuration's schema.
    page.get_by_role("button", name="Procedure (legal layer) (7)").click()
    weight = page.locator(".btr-param-procedure-pressure_weight input")
    weight.fill("0.9")
    weight.press("Enter")
    expect(page.locator(".btr-pending")).to_contain_text("procedure.pressure_weight")
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(".btr-pending")).to_have_count(0)
    expect(page.locator(".btr-changes")).to_contain_text("procedure.rule = formal")
    expect(page.locator(".btr-changes")).to_contain_text("transparency = 0.6")
    expect(page.locator(".btr-changes")).to_contain_text("procedure.pressure_weight = 0.9")

    # Step: the charts and the feed change.
    months = 8
    _step(page, months, start=0)
    for chart in charts:
        assert _shot(page, chart) != before[chart], f"{chart} did not change"
    entries = page.locator(".btr-feed li").all_inner_texts()
    assert entries and all(e.startswith("month ") for e in entries), entries
    page.screenshot(path=str(explorer["tmp"] / "explorer.png"))

    # Save: the file is valid and reproduces the months shown, to the digit.
    page.get_by_label("Scenario name").fill("browser_saved")
    page.locator(".btr-save").click()
    expect(page.locator(".btr-save-message")).to_contain_text("Saved")
    path = explorer["saved"] / "browser_saved.yaml"
    assert path.exists()
    assert "pressure_weight: 0.9" in path.read_text()
    assert main(["check", str(path)]) == 0
    out = explorer["tmp"] / "run"
    assert main(["run", str(path), "--seed", str(SEED), "--out", str(out), "--quiet"]) == 0
    ran = pd.read_parquet(out / "series.parquet").set_index("month")
    shown = page.locator("tr[data-role=current] .btr-credibility").inner_text()
    assert f"{ran.loc[months, 'credibility']:.4f}" == shown
    replay = BTRModel(load_scenario(path), seed=SEED)
    for _ in range(months):
        replay.step()
    assert feed.latest(replay.events.to_frame(), replay.config) == entries

    # Play a little, then pause: the page goes on from month 8 and stops where the run stopped.
    page.get_by_role("button", name="▶").click()
    expect(page.locator(".btr-month")).not_to_have_text(f"Month {months} of 60")
    page.get_by_role("button", name="❚❚").click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled()
    assert int(page.locator(".btr-month").inner_text().split()[1]) > months

    # Side by side: the file as opened beside the changed settings, with the same seed.
    page.locator(".btr-control-side_by_side label").click()
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(".btr-status tr[data-role]")).to_have_count(2)
    _step(page, 3, start=0)
    expect(page.locator(".btr-posts-grid")).to_have_count(2)
    expect(page.locator(".btr-feed")).to_have_count(2)
    baseline = BTRModel(load_scenario(explorer["scenario"]), seed=SEED)
    for _ in range(3):
        baseline.step()
    shown_baseline = page.locator("tr[data-role=baseline] .btr-credibility").inner_text()
    assert f"{baseline.citizens.credibility():.4f}" == shown_baseline
    # Each run has its own colour, the same wherever it is named; the posts' legend counts both.
    colours = {
        role: set(
            page.locator(f".btr-run-name[data-role={role}]").evaluate_all(
                "names => names.map(n => getComputedStyle(n).borderLeftColor)"
            )
        )
        for role in ("baseline", "current")
    }
    assert all(len(c) == 1 for c in colours.values()), colours
    assert colours["baseline"] != colours["current"], colours
    assert page.locator(".btr-run-name[data-role=current]").count() >= 3  # table, posts, feed
    in_office = page.locator(".btr-posts-legend tr[data-category=in_office] td[data-role-index]")
    expect(in_office).to_have_count(2)
    for k, role in enumerate(("baseline", "current")):
        cells = page.locator(f"[data-role={role}] .btr-post[data-category=in_office]").count()
        assert in_office.nth(k).inner_text() == str(cells)
    # Nothing lies over the event feed (Solara's banner, fixed at the bottom right of the
    # window, covered it once): scrolled to the bottom of the window, every point of it is its.
    page.set_viewport_size({"width": 1280, "height": 800})
    covered = page.locator(".btr-feed-card").evaluate(
        """card => {
            card.scrollIntoView({block: "end"});
            const r = card.getBoundingClientRect();
            const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, window.innerHeight);
            const covered = [];
            for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) {
                const x = r.left + 2 + (r.width - 4) * i / 8;
                const y = top + 2 + (bottom - top - 4) * j / 8;
                const e = document.elementFromPoint(x, y);
                if (!e || !e.closest(".btr-feed-card"))
                    covered.push([x, y, e && e.outerHTML.slice(0, 80)]);
            }
            return covered;
        }"""
    )
    assert covered == [], covered
    page.screenshot(path=str(explorer["tmp"] / "side_by_side.png"), full_page=True)
    page.close()


#: ASCII words the Chinese page may show: the scenario's and the program's names.
_VERBATIM = {"browser_test", "btr_sim"}


def test_explorer_in_chinese_in_the_browser(browser, explorer_zh):
    from playwright.sync_api import expect

    zh = translator("zh")
    page = browser.new_page(viewport={"width": 1500, "height": 1800})
    page.set_default_timeout(20_000)
    page.goto(explorer_zh["url"], timeout=90_000)
    expect(page.locator(".btr-month")).to_have_text("第 0 月 / 共 60 月", timeout=90_000)
    expect(page.get_by_role("button", name=zh("Reset"))).to_be_visible()
    expect(page.locator(".btr-advanced")).to_contain_text(zh("All parameters"))
    expect(page.locator(".btr-feed")).to_contain_text(zh("No events yet: press Step or ▶."))
    expect(page.locator(".btr-posts-legend")).to_contain_text(zh("in office"))
    # The words shown: Chinese, but for names (the scenario's, the program's, the folder's).
    shown = page.locator("body").inner_text().replace(str(explorer_zh["saved"]), " ")
    english = set(re.findall(r"[A-Za-z][\w.\-]*", shown, flags=re.ASCII)) - _VERBATIM
    assert not english, sorted(english)
    # ...set in a font that has them: the project's, served with the page, where the machine
    # has no CJK font of its own (this one has none: without it, the page shows boxes).
    loaded = page.evaluate("document.fonts.load('16px btr-cjk', '政').then(f => f.length)")
    assert loaded == 1

    # A choice shows the configuration's values in Chinese and sets the value itself.
    page.locator(".btr-control-procedure .v-select__slot").click()
    formal = zh.pgettext("value", "formal")
    page.get_by_role("option", name=formal, exact=True).click()
    expect(page.locator(".btr-pending")).to_contain_text(zh("Procedure"))
    page.get_by_role("button", name=zh("Reset")).click()
    expect(page.locator(".btr-pending")).to_have_count(0)
    term = zh.pgettext("parameter", "procedure.rule")
    expect(page.locator(".btr-changes")).to_contain_text(f"{term} = {formal}")

    # Step: the month, the feed in Chinese, as the feed tells the same run in Chinese.
    months = 6
    for month in range(1, months + 1):
        page.get_by_role("button", name=zh("Step")).click()
        expect(page.locator(".btr-month")).to_have_text(f"第 {month} 月 / 共 60 月")
    entries = page.locator(".btr-feed li").all_inner_texts()
    formal_run = apply_overrides(
        load_scenario(explorer_zh["scenario"]), {"procedure.rule": "formal"}
    )
    replay = BTRModel(formal_run, seed=SEED)
    for _ in range(months):
        replay.step()
    told = feed.latest(replay.events.to_frame(), replay.config, tr=zh)
    assert told and entries == told
    assert all(e.startswith("第 ") for e in entries), entries
    page.screenshot(path=str(explorer_zh["tmp"] / "explorer_zh.png"), full_page=True)
    page.close()
