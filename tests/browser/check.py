#!/usr/bin/env python3
"""The pages of `holdspace run --serve` in a real browser (headless Chromium), as a facilitator
and the room would use them: the remote at phone size moves the session when Next is tapped, the
room page shows the timer counting down, text from the session and the roster stays text, and a
screenshot of each page at 360x640 and 1920x1080 is kept in target/browser/ for a person to look
at.

Standard library only: Chromium is driven over its DevTools protocol with a small WebSocket
client written here. Run by .ci/run after `cargo test`; `cargo test` itself needs no browser.

    python3 tests/browser/check.py [path/to/holdspace]
"""

import base64
import json
import os
import queue
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "target", "browser")
SIZES = [(360, 640, True), (1920, 1080, False)]

SESSION = """\
[session]
title = "Check-in <b>together</b>"
planned = "10m"

[[step]]
kind = "quote"
title = "Opening <script>alert('title')</script>"
text = "Alone we can do so little; together we can do so much. <img src=x onerror=alert('quote')>"
attribution = "Helen Keller & friends"
duration = "2m"
notes = "Read it slowly. <iframe src=javascript:alert('notes')>"

[[step]]
kind = "pair-share"
prompt = "What are you carrying into this room today?"
turn = "1m"
rounds = 2

[[step]]
kind = "closing"
questions = ["What will you take with you?"]
duration = "2m"
"""

PEOPLE = ["Ana", "Ben", "Chidi <img src=x onerror=alert('name')>", "Dara", "Eun-ji", "Farah"]


def fail(message):
    print(f"browser check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames, masked, unfragmented."""

    def __init__(self, url):
        match = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        host, port, path = match.group(1), int(match.group(2)), match.group(3)
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            fail(f"DevTools refused the WebSocket: {head!r}")

    def send(self, text):
        data = text.encode()
        header = bytes([0x81])
        if len(data) < 126:
            header += bytes([0x80 | len(data)])
        elif len(data) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            data += chunk
        return data

    def receive(self):
        message = b""
        while True:
            first, second = self._exact(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(length)
            message += payload
            if first & 0x80:
                return message.decode()


class Page:
    """One browser tab, driven by DevTools commands."""

    def __init__(self, ws_url):
        self.ws = WebSocket(ws_url)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            answer = json.loads(self.ws.receive())
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    fail(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def eval(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def size(self, width, height, mobile):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

    def open(self, url):
        self.call("Page.navigate", url=url)
        self.wait("document.readyState === 'complete' && !!document.getElementById('header')", "the page to load")

    def wait(self, expression, what, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.eval(expression):
                return
            time.sleep(0.1)
        fail(f"waited {timeout}s for {what}")

    def tap(self, element_id):
        box = self.eval(f"(() => {{ const r = document.getElementById('{element_id}').getBoundingClientRect();"
                        " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, name):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path = os.path.join(OUT, f"{name}.png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return path

    def screenshots(self, name):
        """The page at each size, as a phone and as a projector show it; it is left at the last."""
        for width, height, mobile in SIZES:
            self.size(width, height, mobile)
            self.screenshot(f"{name}-{width}x{height}")


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "holdspace")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        fail("chromium is not installed (apt-get install chromium)")
    os.makedirs(OUT, exist_ok=True)
    home = tempfile.mkdtemp(prefix="holdspace-browser-")
    runtime = os.path.join(home, "runtime")
    os.makedirs(runtime, mode=0o700)
    env = dict(os.environ, HOME=home, XDG_RUNTIME_DIR=runtime, XDG_STATE_HOME=os.path.join(home, "state"),
               XDG_DATA_HOME=os.path.join(home, "data"), XDG_CONFIG_HOME=os.path.join(home, "config"))
    session = os.path.join(home, "check-in.toml")
    with open(session, "w") as f:
        f.write(SESSION)
    people = os.path.join(home, "people.txt")
    with open(people, "w") as f:
        f.write("\n".join(PEOPLE) + "\n")
    # The session is run in plain lines, its keys read from a pipe: what it tells is what the
    # terminal shows, one line per event.
    run = subprocess.Popen([binary, "run", "--plain", "--serve", "127.0.0.1:0", "--people", people, "--seed", "7",
                            session], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=env, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l.rstrip("\n")) for l in run.stdout], daemon=True).start()
    browser = None
    try:
        links = wait_for_links(runtime)
        profile = os.path.join(home, "chromium")
        browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                    "--no-default-browser-check", "--remote-debugging-port=0",
                                    f"--user-data-dir={profile}", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        page = Page(devtools(profile))
        check(page, links, lines)
    finally:
        if browser:
            browser.terminate()
            browser.wait(10)
        run.terminate()
        run.wait(10)
        shutil.rmtree(home, ignore_errors=True)
    print("browser check: passed; screenshots in target/browser/")


def wait_for_links(runtime):
    deadline = time.time() + 10
    while time.time() < deadline:
        for root, _, files in os.walk(runtime):
            for name in files:
                if name.endswith(".links"):
                    path = os.path.join(root, name)
                    if os.stat(path).st_mode & 0o077:
                        fail(f"{path} can be read by others")
                    with open(path) as f:
                        return dict(line.split(" ", 1) for line in f.read().split("\n") if line)
        time.sleep(0.1)
    fail("the run wrote no links to its runtime folder")


def devtools(profile):
    """The WebSocket of the browser's first tab."""
    deadline = time.time() + 30
    port_file = os.path.join(profile, "DevToolsActivePort")
    while time.time() < deadline:
        if os.path.exists(port_file):
            with open(port_file) as f:
                port = f.read().split("\n")[0].strip()
            if port:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as answer:
                        tabs = [t for t in json.load(answer) if t.get("type") == "page"]
                    if tabs:
                        return tabs[0]["webSocketDebuggerUrl"]
                except OSError:
                    pass
        time.sleep(0.2)
    fail("chromium did not start")


def told(lines, pattern, timeout=10):
    """Waits for the session to tell a line matching `pattern`."""
    deadline = time.time() + timeout
    seen = []
    while time.time() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if re.search(pattern, line):
            return line
    fail(f"the session never told /{pattern}/; it told: {seen}")


def check(page, links, lines):
    # The remote, at phone size: tapping Next moves the session in the terminal.
    page.size(360, 640, True)
    page.open(links["remote"])
    page.wait("document.getElementById('header').textContent === 'Welcome'", "the remote to show the welcome screen")
    page.screenshot("remote-welcome-360x640")
    page.tap("next")
    told(lines, r"Step 1 of 3: Opening")
    page.wait("/^\\d+:\\d\\d$/.test(document.getElementById('digits').textContent)", "the remote to show the time left")
    page.screenshots("remote")

    # The room page: the timer read from the page counts down, and the session's text is text.
    page.size(1920, 1080, False)
    page.open(links["room"])
    page.wait("/^\\d+:\\d\\d$/.test(document.getElementById('digits').textContent)", "the room page's timer")
    first = seconds(page.eval("document.getElementById('digits').textContent"))
    if not 100 <= first <= 120:
        fail(f"the room page shows {first}s left of a 2-minute step")
    time.sleep(2.2)
    later = seconds(page.eval("document.getElementById('digits').textContent"))
    if not 1 <= first - later <= 3:
        fail(f"the room page's timer went from {first}s to {later}s in 2.2s")
    never(page, "document.querySelectorAll('img, iframe, script:not([src]), b').length",
          "text from the session became elements in the room page")
    never(page, "!document.getElementById('passages').textContent.includes('<img src=x')",
          "the quote's markup was not shown as text")
    never(page, "document.body.textContent.includes('Read it slowly')", "the room page shows the facilitator's notes")
    page.screenshots("room")

    # The pairs, then the facilitator's page with its notes and schedule.
    page.open(links["remote"])
    page.wait("document.getElementById('header').textContent.startsWith('1/3')", "the remote on step 1")
    page.tap("next")
    told(lines, r"Step 2 of 3")
    page.open(links["room"])
    page.wait("document.querySelectorAll('.group').length === 3", "the room page to show three pairs")
    never(page, "document.querySelectorAll('img').length", "a roster name became an element in the room page")
    page.screenshots("room-pairs")
    page.open(links["facilitator"])
    page.wait("document.getElementById('schedule').children.length === 4", "the facilitator's schedule")
    page.screenshots("facilitator")

    # Blank from the remote: the room page goes black.
    page.open(links["remote"])
    page.tap("blank-button")
    told(lines, r"Screen blanked")
    page.open(links["room"])
    page.wait("!document.getElementById('blank').hidden", "the room page to blank")
    page.screenshot("room-blank-1920x1080")


def never(page, expression, why):
    """Fails with `why` if `expression` holds in the page."""
    if page.eval(expression):
        fail(why)


def seconds(digits):
    minutes, secs = digits.split(":")
    return int(minutes) * 60 + int(secs)


if __name__ == "__main__":
    main()
