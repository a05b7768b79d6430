"""Browser tests: Debian's Chromium driven by Playwright, axe-core from the bundled package.

Run in their own pytest process (`make test-e2e`): Playwright's sync API and pytest-asyncio
cannot share an event loop.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import require_service

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

PHONE = {"width": 320, "height": 720}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_service(
        "Chromium", bool(shutil.which(CHROMIUM)), "apt-get install chromium fonts-noto-cjk"
    )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English browser on purpose: the site must still open in Japanese by default.
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture(scope="session")
def axe():
    return Axe()


def serious_violations(axe, page) -> list[str]:
    """axe-core's serious and critical findings, as readable lines for the failure message."""
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def screenshot_dir(tmp_path_factory):
    path = os.environ.get("SCREENSHOT_DIR")
    return path or str(tmp_path_factory.mktemp("shots"))
