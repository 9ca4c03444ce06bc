"""Open an HTML report in headless Chromium and report what a reader's browser would see.

Talks the DevTools protocol over a pipe (--remote-debugging-pipe: commands on fd 3,
replies on fd 4, each message JSON ending in a NUL byte), so it needs no package beyond
the standard library and Debian's `chromium`. It collects console errors, uncaught
exceptions, failed loads, images that did not load (<img> with no natural size, <svg>
with no size), counts what the page holds, prints the page to an A4 PDF, and saves a
full-page screenshot.

Run by hand:  python tests/chromium_check.py out/annual-report-cardiff.html
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--remote-debugging-pipe",
]

_PAGE_FACTS = """
(() => {
  const images = [...document.images];
  const svgs = [...document.querySelectorAll('svg')];
  return {
    title: document.title,
    images: images.length,
    broken_images: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80)),
    svgs: svgs.length,
    empty_svgs: svgs.filter(s => { const r = s.getBoundingClientRect(); return r.width < 2 || r.height < 2; }).length,
    svgs_without_title: svgs.filter(s => !s.querySelector('title')).length,
    tables: document.querySelectorAll('table').length,
    band_cells: document.querySelectorAll('.state').length,
    external: [...document.querySelectorAll('[src],link[href]')].map(e => e.getAttribute('src') || e.getAttribute('href')),
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  };
})()
"""


@dataclass
class PageCheck:
    """What Chromium saw: problems (empty when the page is fine) and facts about it."""

    problems: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    screenshot: Path | None = None
    pdf: Path | None = None
    pdf_pages: int = 0


class DevTools:
    """The smallest DevTools-protocol client: send a command, wait for its reply."""

    def __init__(
        self, browser: subprocess.Popen[bytes], to_browser: int, from_browser: int
    ) -> None:
        self.browser = browser
        self.to_browser = to_browser
        self.from_browser = from_browser
        self.next_id = 0
        self.buffer = b""
        self.events: list[dict[str, Any]] = []

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = 60,
    ) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if ready:
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"Chromium closed the pipe (exit {self.browser.poll()})")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)


def _above_four(fd: int) -> int:
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


def _launch(profile: Path) -> tuple[subprocess.Popen[bytes], int, int]:
    commands_read, commands_write = os.pipe()
    replies_read, replies_write = os.pipe()
    # Move the child's ends above 4 so wiring them onto 3 and 4 cannot clobber either.
    commands_read, replies_write = _above_four(commands_read), _above_four(replies_write)

    def wire_fds() -> None:  # in the child: fd 3 = commands from us, fd 4 = replies to us
        os.dup2(commands_read, 3)
        os.dup2(replies_write, 4)

    browser = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(3, 4),  # kept open after wire_fds has put the pipes there
        preexec_fn=wire_fds,
    )
    os.close(commands_read)
    os.close(replies_write)
    return browser, commands_write, replies_read


def check_page(html: Path, screenshot: Path, *, width: int = 900) -> PageCheck:
    """Load `html` in headless Chromium; save a full-page screenshot and an A4 PDF beside it."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run 'make test' (it installs Debian's chromium)"
        )
    result = PageCheck()
    profile = Path(tempfile.mkdtemp(prefix="pm-chromium-"))
    browser, to_browser, from_browser = _launch(profile)
    try:
        tools = DevTools(browser, to_browser, from_browser)
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            tools.send(f"{domain}.enable", session=session)
        tools.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 1200, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        tools.send("Page.navigate", {"url": html.resolve().as_uri()}, session=session)
        tools.wait_for("Page.loadEventFired")
        facts = tools.send(
            "Runtime.evaluate", {"expression": _PAGE_FACTS, "returnByValue": True}, session=session
        )["result"]["value"]
        result.facts = facts
        result.problems += _problems(tools.events, facts)
        shot = tools.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True},
            session=session,
        )
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        result.screenshot = screenshot
        pdf = tools.send(
            "Page.printToPDF",
            {
                "paperWidth": 8.27,
                "paperHeight": 11.69,
                "preferCSSPageSize": True,
                "printBackground": True,
            },
            session=session,
            timeout=120,
        )
        pdf_bytes = base64.b64decode(pdf["data"])
        result.pdf = screenshot.with_suffix(".pdf")
        result.pdf.write_bytes(pdf_bytes)
        result.pdf_pages = pdf_bytes.count(b"/Type /Page") - pdf_bytes.count(b"/Type /Pages")
        result.problems += _problems(tools.events[len(tools.events) :], {})
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=20)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait()
        os.close(to_browser)
        os.close(from_browser)
        shutil.rmtree(profile, ignore_errors=True)
    return result


def _problems(events: list[dict[str, Any]], facts: dict[str, Any]) -> list[str]:
    problems = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in (
            "error",
            "assert",
            "warning",
        ):
            text = " ".join(
                str(a.get("value", a.get("description", ""))) for a in params.get("args", [])
            )
            problems.append(f"console {params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"uncaught exception: {params['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            entry = params["entry"]
            problems.append(
                f"log {entry['level']}: {entry.get('text')} {entry.get('url', '')}".strip()
            )
        elif method == "Network.loadingFailed":
            problems.append(f"failed to load: {params.get('errorText')} ({params.get('type')})")
    if facts:
        if facts["broken_images"]:
            problems.append(f"images that did not load: {facts['broken_images']}")
        if facts["empty_svgs"]:
            problems.append(f"{facts['empty_svgs']} chart(s) drawn with no size")
        external = [url for url in facts["external"] if url and not url.startswith(("data:", "#"))]
        if external:
            problems.append(f"external assets (the report must be self-contained): {external[:5]}")
    return problems


def main(argv: list[str]) -> int:
    html = Path(argv[1])
    screenshot = Path(argv[2]) if len(argv) > 2 else Path("out/browser-check") / f"{html.stem}.png"
    check = check_page(html, screenshot)
    print(json.dumps({k: v for k, v in check.facts.items() if k != "external"}, indent=1))
    print(f"screenshot: {check.screenshot}\nA4 PDF: {check.pdf} ({check.pdf_pages} pages)")
    for problem in check.problems:
        print(f"problem: {problem}")
    return 1 if check.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
