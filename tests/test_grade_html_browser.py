"""The HTML report in a real browser (headless Chromium; CI installs Debian's
``chromium`` and ``chromium-driver``; skipped where they are absent).

- screenshots of the seed's page and of a batch index are not blank;
- no step that was read shows raw LaTeX (``\\frac``) in the rendered page;
- no request leaves the page: Chromium runs behind a trap proxy that records
  every request; the browser's own background traffic (its update and time
  services, present on a blank page too) is told apart from the page's; a
  control page with an external image shows that the trap sees page requests;
- the index sorts when a column header is clicked (its script runs under the CSP).
"""

import json
import shutil
import socket
import struct
import subprocess
import threading
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest

from symcheck.grade import grade_file, grade_text
from symcheck.grade.html import write_html

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_c92ebc24de319a39.txt"
# hosts Chromium itself talks to whatever the page (updates, time, accounts): not the page's requests
BROWSER_OWN = ("google", "google.com", "googleapis.com", "gstatic.com", "gvt1.com", "gvt2.com", "googleusercontent.com",
               "chrome.com")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
         "--mute-audio"]


def _chromium(tmp_path, *args, timeout=90):
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    out = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                         timeout=timeout, stdin=subprocess.DEVNULL)
    return out.stdout.decode("utf-8", "replace")


# --- a trap proxy: every request the browser makes arrives here -------------------
class Trap:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                self.requests.append(conn.recv(4096).decode("latin-1").split("\r\n")[0])
            except OSError:
                self.requests.append("(unreadable request)")
            finally:
                conn.close()

    def hosts(self):
        """The hosts of the requests seen, less the browser's own services."""
        out = set()
        for line in self.requests:
            parts = line.split()
            target = parts[1] if len(parts) > 1 else line
            host = target.split("://")[-1].split("/")[0].split(":")[0].lower()
            if not any(host == d or host.endswith("." + d) for d in BROWSER_OWN):
                out.add(host or line)
        return out

    def close(self):
        self.sock.close()


def _requests_of(tmp_path, url):
    trap = Trap()
    try:
        _chromium(tmp_path, f"--proxy-server=http://127.0.0.1:{trap.port}", "--proxy-bypass-list=<-loopback>",
                  "--virtual-time-budget=3000", "--dump-dom", url)
        time.sleep(0.2)
        return trap.hosts()
    finally:
        trap.close()


# --- a small PNG reader (8-bit RGB/RGBA, not interlaced: what Chromium writes) -------
def _png_pixels(path: Path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and not interlace
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def _ink(path: Path) -> float:
    """Share of pixels that are not the background colour."""
    w, h, bpp, rows = _png_pixels(path)
    bg = rows[0][:3]
    total = ink = 0
    for row in rows[::4]:
        for x in range(0, w * bpp, bpp * 4):
            total += 1
            ink += row[x:x + 3] != bg
    return ink / total


# --- the pages -------------------------------------------------------------------
@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    reports = [grade_file(p) for p in sorted((ROOT / "examples" / "submissions").glob("*.*"))]
    if SEED.is_file():
        seed = grade_file(SEED)
        write_html([seed], (), out / "seed.html")
        reports.append(seed)
    write_html(reports, [("broken.md", "the file is empty")], out / "batch")
    return out


def _seed_page(pages):
    if not (pages / "seed.html").is_file():
        pytest.skip("../shared is not present")
    return pages / "seed.html"


@pytest.mark.parametrize("which,size", [
    pytest.param("seed", "1200,1600", id="seed-report"),
    pytest.param("index", "1100,600", id="batch-index"),
])
def test_screenshots_are_not_blank(pages, tmp_path, which, size):
    page = _seed_page(pages) if which == "seed" else pages / "batch" / "index.html"
    shot = tmp_path / f"{which}.png"
    _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={size}", page.as_uri())
    assert shot.is_file()
    assert _ink(shot) > 0.01


def test_blank_page_screenshot_is_blank(tmp_path):  # the check above can fail
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    shot = tmp_path / "blank.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=400,300", blank.as_uri())
    assert _ink(shot) == 0


def _math_cells(dom: str):
    from html.parser import HTMLParser

    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self.depth, self.how = [], 0, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "tr" and "data-rendered" in a:
                self.how = a["data-rendered"]
            if tag == "td" and a.get("class") == "math":
                self.cells.append([self.how, ""])
                self.depth = 1

        def handle_endtag(self, tag):
            if tag == "td":
                self.depth = 0

        def handle_data(self, data):
            if self.depth:
                self.cells[-1][1] += data

    p = P()
    p.feed(dom)
    return p.cells


def test_seed_page_shows_no_raw_latex_for_steps_that_were_read(pages, tmp_path):
    dom = _chromium(tmp_path, "--dump-dom", _seed_page(pages).as_uri())
    cells = _math_cells(dom)
    read = [text for how, text in cells if how == "mathml"]
    assert len(read) > 50 and "<math" in dom
    assert not [t for t in read if "\\frac" in t or "\\" in t]
    assert all(text.strip() for how, text in cells if how == "source")


def test_trap_sees_a_page_that_makes_a_request(tmp_path):  # control: the trap works
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><html><body><img src="http://leak.invalid/x.png"></body></html>',
                     encoding="utf-8")
    assert "leak.invalid" in _requests_of(tmp_path, leaky.as_uri())


@pytest.mark.parametrize("which", [pytest.param("seed", id="seed-report"), pytest.param("index", id="batch-index"),
                                   pytest.param("hostile", id="hostile-submission")])
def test_no_request_leaves_the_page(pages, tmp_path, which):
    if which == "seed":
        page = _seed_page(pages)
    elif which == "index":
        page = pages / "batch" / "index.html"
    else:
        text = ("# P\n\n$$x = \\text{<img src=\"http://leak.invalid/a.png\">} = 1$$\n\n"
                "<img src=\"http://leak.invalid/b.png\">\n\n$$\\href{http://leak.invalid/c}{x} = 1$$\n")
        page = tmp_path / "hostile.html"
        write_html([grade_text(text)], (), page)
        assert "leak.invalid" in page.read_text(encoding="utf-8")  # the text is there, inert
    assert _requests_of(tmp_path, page.as_uri()) == set()


def test_csp_blocks_what_escaping_would_miss(tmp_path):
    from symcheck.grade.html import submission_page

    page = submission_page(grade_text("# P\n\n$$1 + 1 = 2$$\n"))
    page = page.replace("</h1>", '</h1><img src="http://leak.invalid/csp.png">', 1)  # as if escaping had failed
    path = tmp_path / "csp.html"
    path.write_text(page, encoding="utf-8")
    assert _requests_of(tmp_path, path.as_uri()) == set()


# --- sorting, through WebDriver (Debian's chromium-driver) ---------------------------
def _wd(port, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]
    except urllib.error.HTTPError as exc:  # WebDriver explains its errors in the body
        raise AssertionError(f"{method} {path}: {exc.read()[:600]!r}") from None


@pytest.mark.skipif(DRIVER is None, reason="chromedriver is not installed (CI installs chromium-driver)")
def test_index_sorts_by_any_column(pages, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([DRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                if _wd(port, "GET", "/status").get("ready"):
                    break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": CHROMIUM, "args": FLAGS + [f"--user-data-dir={tmp_path / 'wd'}"]}}}}
        sid = _wd(port, "POST", "/session", caps)["sessionId"]
        try:
            _wd(port, "POST", f"/session/{sid}/url", {"url": (pages / "batch" / "index.html").as_uri()})

            def column(col, clicks):
                script = ("var col = arguments[0], th = document.querySelectorAll('table.index th')[col];"
                          "for (var i = 0; i < arguments[1]; i++) th.click();"
                          "return Array.prototype.map.call(document.querySelectorAll('table.index tbody tr'),"
                          " function (r) { return r.cells[col].getAttribute('data-sort'); });")
                return _wd(port, "POST", f"/session/{sid}/execute/sync", {"script": script, "args": [col, clicks]})

            before = column(3, 0)
            up = [float(x) for x in column(3, 1)]      # incorrect, ascending
            down = [float(x) for x in column(3, 1)]    # clicked again: descending
            names = column(0, 1)                       # file names, ascending
            assert up == sorted(up) and down == sorted(down, reverse=True) and len(up) == len(before) > 3
            assert names == sorted(names, key=str) or names == sorted(names, key=lambda n: n.lower())
            assert [float(x) for x in before] != up or before == sorted(before)
        finally:
            _wd(port, "DELETE", f"/session/{sid}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
