"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (stdlib only).

Chromium reads commands on file descriptor 3 and writes replies and events on 4, each a JSON
message ended by a NUL byte. That is enough to open a page, run JavaScript in it, click a link
and wait for the next page, which ``--dump-dom`` (one page, no interaction) cannot do.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time

import pytest


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    pytest.skip("Chromium is missing: apt-get install -y chromium")


def _onto_3_and_4(commands: int, replies: int) -> None:
    """In the child: the pipe ends on fds 3 (read by Chromium) and 4 (written by it). Both are
    first moved above 10 so that neither dup2 overwrites the other's source."""
    high_commands = fcntl.fcntl(commands, fcntl.F_DUPFD, 10)
    high_replies = fcntl.fcntl(replies, fcntl.F_DUPFD, 10)
    os.dup2(high_commands, 3)
    os.dup2(high_replies, 4)


class Browser:
    """One headless Chromium with one page; ``evaluate`` runs JavaScript and returns its value."""

    def __init__(self, profile_dir, timeout: float = 60.0):
        commands_read, commands_write = os.pipe()
        replies_read, replies_write = os.pipe()
        self.timeout = timeout
        self.process = subprocess.Popen(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile_dir}",
                "about:blank",
            ],
            close_fds=False,  # the child's fds 3 and 4 are set up below, after any closing
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: _onto_3_and_4(commands_read, replies_write),
        )
        os.close(commands_read)
        os.close(replies_write)
        self._out, self._in = commands_write, replies_read
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []
        self.requests: list[str] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Network.enable", session=True)

    def _send(self, message: dict) -> None:
        os.write(self._out, json.dumps(message).encode() + b"\0")

    def _receive(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no reply from Chromium")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message = json.loads(raw)
        if message.get("method") == "Network.requestWillBeSent":
            self.requests.append(message["params"]["request"]["url"])
        return message

    def call(self, method: str, session: bool = False, **params):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        while True:
            reply = self._receive()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._receive()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def evaluate(self, expression: str):
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def navigate(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")

    def click_and_wait(self, selector: str) -> None:
        """Click the element ``selector`` names and wait for the page it opens to load."""
        self.events.clear()
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        self.wait_for("Page.loadEventFired")

    def back(self) -> None:
        self.events.clear()
        self.evaluate("history.back()")
        self.wait_for("Page.loadEventFired")

    def close(self) -> None:
        try:
            self._send({"id": 0, "method": "Browser.close"})
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._out)
        os.close(self._in)
