"""The report page in headless Chromium: it renders with its charts and asks nothing of the network.

Skips where Chromium is absent (Debian: ``apt-get install chromium``; CI installs it). Three
checks: the DOM after rendering has the four charts and no reference outside the file; the
network log shows no request made by the page (Chromium's own background requests, marked
"not an origin", are set apart, and every host name resolves to nothing); and the screenshot
has the charts' colours where they are drawn. A control page that does load from outside must
show up in the same network log, so the check cannot pass by seeing nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_report import external_references

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# CI installs Chromium (.ci/run), so there a missing browser fails the tests instead of skipping them.
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="headless Chromium not installed (apt-get install chromium)")
WIDTH, HEIGHT = 1280, 4000
KEEP = "VNPARTY_NLP_REPORT_SCREENSHOT"


def chromium(page: Path, tmp: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run headless Chromium on ``page``; returns the run and the URLs the page itself requested."""
    netlog = tmp / "netlog.json"
    profile = tmp / "profile"
    assert CHROMIUM is not None, "CI runs this test: install Chromium first (apt-get install -y chromium)"
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND", f"--log-net-log={netlog}",
         f"--window-size={WIDTH},{HEIGHT}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120)
    log = json.loads(netlog.read_text(encoding="utf-8"))
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    requested = []
    for event in log["events"]:
        params = event.get("params") or {}
        if names.get(event["type"]) != "URL_REQUEST_START_JOB":
            continue
        url, initiator = str(params.get("url", "")), str(params.get("initiator", ""))
        if not url or initiator == "not an origin" or url.startswith(("file:", "data:", "about:", "chrome:")):
            continue  # the browser's own background requests, or the page file itself
        requested.append(url)
    return result, requested


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report"
    result = subprocess.run([sys.executable, "-m", "vnparty_nlp", "report", "seeds/", "--out", str(out)],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out / "index.html"


def test_the_control_page_shows_that_outside_requests_are_seen(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text('<html><body><img src="http://example.invalid/x.png"><p>hi</p></body></html>')
    result, requested = chromium(control, tmp_path, "--dump-dom")
    assert "<p>hi</p>" in result.stdout
    assert requested == ["http://example.invalid/x.png"]


def test_the_page_renders_its_charts_and_requests_nothing(report_page: Path, tmp_path: Path) -> None:
    result, requested = chromium(report_page, tmp_path, "--dump-dom")
    assert requested == []
    dom = result.stdout
    assert dom.count('<svg class="chart"') == 4, result.stderr[-2000:]
    # every bar, cell and legend swatch of the file is in the rendered DOM (12 bars, 70 cells, 4 swatches)
    assert dom.count("<rect") == report_page.read_text(encoding="utf-8").count("<rect") > 40
    assert external_references(dom) == []
    assert dom.rstrip().endswith("</html>") and ">Method</h2>" in dom  # the whole page was there


def test_the_screenshot_shows_the_charts(report_page: Path, tmp_path: Path) -> None:
    image_module = pytest.importorskip("PIL.Image", reason="needs Pillow (installed with matplotlib)")
    shot = tmp_path / "shot.png"
    _, requested = chromium(report_page, tmp_path, f"--screenshot={shot}")
    assert requested == []
    image = image_module.open(shot).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    top = image.crop((0, 0, WIDTH, 1000))
    colours = top.getcolors(maxcolors=1 << 20) or []
    count = {rgb: n for n, rgb in colours}
    # the year chart's bars, in the theme colours (Okabe-Ito: blue, orange, green, purple)
    for rgb in ((0x00, 0x72, 0xB2), (0xE6, 0x9F, 0x00), (0x00, 0x9E, 0x73), (0xCC, 0x79, 0xA7)):
        assert count.get(rgb, 0) > 500, rgb
    # the heatmaps' blues somewhere below
    rest = image.crop((0, 600, WIDTH, HEIGHT)).getcolors(maxcolors=1 << 22) or []
    blues = sum(n for n, (r, g, b) in rest if b > 140 and r < 120 and g < 160)
    assert blues > 2000
    if os.environ.get(KEEP):  # to look at it: VNPARTY_NLP_REPORT_SCREENSHOT=/tmp/shot.png pytest ...
        shutil.copy(shot, os.environ[KEEP])
