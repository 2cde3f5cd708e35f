"""Speed of the explorer (issue 16): simulated months per second while playing, and how soon
``btr-sim explore`` prints its address.

Usage::

    .venv/bin/python benchmarks/explorer_speed.py                 # every figure (about 1 minute)
    .venv/bin/python benchmarks/explorer_speed.py --seconds 5     # shorter measurements
    .venv/bin/python benchmarks/explorer_speed.py --no-browser    # items 1 and 3 only
    .venv/bin/python benchmarks/explorer_speed.py --lang zh       # the page in Chinese

Figures, at the default world (100 posts, 10,000 citizens, 240 months), seed 0:

1. seconds from starting ``btr-sim explore --port 0 --no-browser`` to the address on its
   standard output, beside the seconds a process takes to import the command line
   (``btr_sim.cli``, which ``explore`` cannot start without), each the median of three;
2. in Debian's headless chromium driven by Playwright (the page as a user sees it, served by
   ``btr-sim explore``): simulated months per second from pressing *▶* to the browser showing
   the last month, at the speed ``max``, for one run and side by side; and the rate kept at the
   default speed (12 months per second) over ``--seconds``;
3. without a browser: the same page rendered in this process by Solara (the same components,
   snapshots and player, without the websocket and the browser's drawing), played at ``max``
   and at 12 months per second: months per second, frames per second, and the median time to
   take and draw a frame.

The machine may be shared: the load average is printed before and after. The issue's target
is at least 10 simulated months per second on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BTR_SIM = [sys.executable, "-m", "btr_sim"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
MONTH = re.compile(r"(\d+)\D+(\d+)")  # "Month 3 of 240", "第 3 月 / 共 240 月"
HORIZON = 240  # months of the default scenario


def load() -> str:
    """The load average (1, 5, 15 minutes)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# -- 1. the address ----------------------------------------------------------------------------


class Explorer:
    """``btr-sim explore`` in a subprocess; ``seconds`` it took to print the address."""

    def __init__(self, *args: str) -> None:
        start = time.perf_counter()
        self.process = subprocess.Popen(
            [*BTR_SIM, "explore", "--port", "0", "--no-browser", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if found:
                self.url = found.group(0)
                break
        else:
            raise RuntimeError("btr-sim explore printed no address")
        self.seconds = time.perf_counter() - start

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def import_seconds() -> float:
    """Seconds a Python process takes to import the command line (``btr_sim.cli``)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import btr_sim.cli"], check=True, cwd=ROOT)
    return time.perf_counter() - start


# -- 2. in the browser -------------------------------------------------------------------------


def month_on(page) -> int:
    """The month the page shows."""
    return int(MONTH.search(page.locator(".btr-month").inner_text()).group(1))


def play_rate(page, speed: str, seconds: float, tr) -> float:
    """Months per second the page shows while playing at ``speed``, from a fresh run.

    From pressing *▶* to the last month shown within ``seconds``, or to the end of the run
    if it comes first: a month counts once the browser shows it.
    """
    from playwright.sync_api import expect

    page.get_by_role("button", name=tr("Reset")).click()
    expect(page.locator(".btr-month")).to_have_text(month_text(0, tr))
    page.locator(".btr-speed .v-select__slot").click()
    page.get_by_role("option", name=tr(speed) if speed == "max" else speed, exact=True).click()
    start = time.perf_counter()
    page.locator(".btr-play").click()
    month, when = 0, start
    while time.perf_counter() - start < seconds and month < HORIZON:
        page.wait_for_timeout(20)
        shown = month_on(page)
        if shown != month:
            month, when = shown, time.perf_counter()
    if page.locator(".btr-play").is_enabled():
        page.locator(".btr-play").click()  # pause
    return month / (when - start) if month else 0.0


def month_text(month: int, tr) -> str:
    """What the page says at ``month`` of the default run."""
    return tr("Month {month} of {months}").format(month=month, months=HORIZON)


def browser_figures(seconds: float, tr) -> dict[str, float]:
    """Item 2: months per second in chromium (one run and side by side)."""
    from playwright.sync_api import expect, sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    figures = {}
    explorer = Explorer("--lang", tr.lang)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1200})
            page.set_default_timeout(60_000)
            page.goto(explorer.url)
            expect(page.locator(".btr-month")).to_have_text(month_text(0, tr))
            figures["one run at max"] = play_rate(page, "max", 4 * seconds, tr)
            figures["one run at 12 (the default)"] = play_rate(page, "12", seconds, tr)
            page.locator(".btr-control-side_by_side label").click()
            figures["side by side at max"] = play_rate(page, "max", 4 * seconds, tr)
            expect(page.locator(".btr-status tr[data-role]")).to_have_count(2)
            browser.close()
    finally:
        explorer.stop()
    return figures


# -- 3. without a browser ----------------------------------------------------------------------


def headless_figures(
    seconds: float, side_by_side: bool, speed: float | None, tr
) -> dict[str, float]:
    """Item 3: the page rendered in this process, played at ``speed`` (None: ``max``).

    Returns the months per second from pressing *▶* to the last frame (within ``seconds``
    or at the end of the run), the frames per second, and the median milliseconds to take
    and draw a frame.
    """
    import ipyvuetify
    import solara

    from btr_sim.explorer import app, launch, player

    shown: list[tuple[int, float, float]] = []  # month, when, seconds to draw
    original = player.Player.__init__

    def at_speed(self, model, publish, asked, **kw):  # note each frame, play at ``speed``
        def noted(frame):
            start = time.perf_counter()
            publish(frame)
            shown.append((frame.month, time.perf_counter(), time.perf_counter() - start))

        original(self, model, noted, lambda: speed, **kw)

    def buttons() -> dict[str, object]:
        return {str(b.children[-1]): b for b in rc.find(ipyvuetify.Btn).widgets}

    player.Player.__init__ = at_speed
    os.environ[f"{launch.ENV_PREFIX}LANG"] = tr.lang
    launch.current.cache_clear()
    try:
        _, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
        if side_by_side:
            rc.find(ipyvuetify.Checkbox).widgets[0].v_model = True
            buttons()[tr("Reset")].click()
        start = time.perf_counter()
        buttons()["▶"].click()
        while time.perf_counter() - start < seconds and not (shown and shown[-1][0] >= HORIZON):
            time.sleep(0.02)
        if "❚❚" in buttons():
            buttons()["❚❚"].click()
        time.sleep(0.5)  # the player's last frame
        rc.close()
    finally:
        player.Player.__init__ = original
    last, when, _ = max(shown)
    draws = sorted(d for _, _, d in shown)
    return {
        "months/s": last / (when - start),
        "frames/s": len(shown) / (when - start),
        "ms/frame": 1000 * draws[len(draws) // 2],
    }


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measurement")
    parser.add_argument("--no-browser", action="store_true", help="skip item 2")
    parser.add_argument("--lang", default="en", help="the page's language (en, zh)")
    args = parser.parse_args(argv)
    from btr_sim.i18n import translator

    tr = translator(args.lang)
    print(f"explorer speed, {os.cpu_count()} cores, page in {tr.lang}, load average {load()}")

    print("\n1. time to the address (median of 3)")
    floor = statistics.median(import_seconds() for _ in range(3))
    waits = []
    for _ in range(3):
        explorer = Explorer()
        explorer.stop()
        waits.append(explorer.seconds)
    print(f"   btr-sim explore prints its address after {statistics.median(waits):5.2f} s")
    print(f"   importing the command line takes         {floor:5.2f} s (what explore starts with)")

    if not args.no_browser:
        print(f"\n2. playing in headless chromium ({args.seconds:g} s each)")
        try:
            for name, rate in browser_figures(args.seconds, tr).items():
                print(f"   {name:30s} {rate:7.1f} months per second")
        except Exception as exc:  # a missing browser is reported, not fatal
            print(f"   skipped: {type(exc).__name__}: {exc}")

    print("\n3. playing without a browser, the page rendered in process")
    for side_by_side in (False, True):
        for speed in (None, 12.0):
            name = f"{'side by side' if side_by_side else 'one run'} at {speed or 'max'}"
            seconds = args.seconds if speed else 4 * args.seconds
            f = headless_figures(seconds, side_by_side, speed, tr)
            print(
                f"   {name:30s} {f['months/s']:7.1f} months per second, "
                f"{f['frames/s']:4.1f} frames per second, {f['ms/frame']:4.0f} ms to draw a frame"
            )
    print(f"\nload average after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
