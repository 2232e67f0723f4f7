"""User templates (``--templates DIR``) run in the sandbox in every format, with bounds.

Each hostile or broken template must end as a diagnostic naming the template and line (exit 1,
no traceback), in bounded time and memory; the DOCX fields run in the same sandbox as the
HTML/Markdown templates; the PDF loads nothing outside the templates folder.
"""

from __future__ import annotations

import http.server
import io
import os
import threading
import zipfile
from pathlib import Path

import pytest

from cqdt.cli import main
from cqdt.runtime.publish import sandbox

DATA = Path(__file__).parents[1] / "hostile" / "data" / "publication"
BUILTIN_DOCX = Path(__file__).parents[2] / "templates" / "annex.docx"


def _score(capsys, templates: Path, outdir: Path, *formats: str) -> tuple[int, str]:
    args = ["--lang", "en", "-q", "score", str(DATA / "small.cqdt"), str(DATA / "A.csv")]
    args += ["--units", str(DATA / "units.csv"), "--templates", str(templates), "-o", str(outdir)]
    if formats:
        args += ["--formats", ",".join(formats)]
    code = main(args)
    return code, capsys.readouterr().err


def _folder(tmp_path: Path, source: str | bytes, name: str = "annex.md.j2") -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    data = source.encode("utf-8") if isinstance(source, str) else source
    (folder / name).write_bytes(data)
    return folder


CASES = [
    ("mro", "ok\n{{ ''.__class__.__mro__ }}", "E923", 2),
    ("cycler", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "E923", 1),
    ("include_abs", "a\nb\n{% include '/etc/passwd' %}", "E921", 3),
    ("undefined", "\n{{ nope }}", "E922", 2),
    ("syntax", "x\n{% for %}", "E920", 2),
    ("binary", b"ok\n\xff\xfebad", "E924", 2),
    ("range_big", "{% for i in range(10**9) %}x{% endfor %}", "E925", 1),
    ("recursion", "{% macro f(n) %}{{ f(n+1) }}{% endmacro %}\n{{ f(0) }}", "E925", None),
    ("strmul", "\n\n{{ 'x' * 10**10 }}", "E925", 3),
    ("power", "{{ 2 ** (10 ** 9) }}", "E925", 1),
    ("ljust", "{{ 'x'.ljust(10**10) }}", "E925", 1),
    ("center", "{{ 'x'|center(10**10) }}", "E925", 1),
    ("runtime", "{{ 1 / 0 }}", "E926", 1),
]


@pytest.mark.parametrize(
    ("source", "code", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_bad_template_is_a_diagnostic_with_its_line(tmp_path, capsys, source, code, line):
    folder = _folder(tmp_path, source)
    outdir = tmp_path / "out"
    status, err = _score(capsys, folder, outdir)
    assert status == 1, err
    assert "Traceback" not in err
    assert f"error[{code}]" in err, err
    where = str(folder / "annex.md.j2") + (f":{line}:" if line else ":")
    assert where in err, err
    assert "hint" in err or "=" in err
    assert not outdir.exists()


def test_the_diagnostic_is_in_vietnamese_by_default(tmp_path, capsys):
    folder = _folder(tmp_path, "{{ nope }}")
    args = ["-q", "score", str(DATA / "small.cqdt"), str(DATA / "A.csv"), "--templates"]
    code = main([*args, str(folder), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "E922" in err
    assert "Mẫu dùng một tên không có trong báo cáo" in err


def test_a_symlinked_include_is_refused(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    folder = _folder(tmp_path, "{% include 'leak.txt' %}")
    os.symlink(secret, folder / "leak.txt")
    status, err = _score(capsys, folder, tmp_path / "out")
    assert status == 1 and "E921" in err and "outside the templates folder" in err
    assert "Traceback" not in err


def test_a_symlinked_template_inside_the_folder_is_fine(tmp_path, capsys):
    folder = _folder(tmp_path, "{{ report.title }}\n", name="real.j2")
    os.symlink(folder / "real.j2", folder / "annex.md.j2")
    status, err = _score(capsys, folder, tmp_path / "out")
    assert status == 0, err


def test_nested_loops_stop_at_the_time_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 1.0)
    source = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    folder = _folder(tmp_path, source)
    status, err = _score(capsys, folder, tmp_path / "out")
    assert status == 1 and "E925" in err and "more than 1 seconds" in err
    assert "Traceback" not in err


def test_the_output_size_is_capped(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 100_000)
    source = "{% for i in range(99999) %}{% for j in range(99) %}xy{% endfor %}{% endfor %}"
    status, err = _score(capsys, _folder(tmp_path, source), tmp_path / "out")
    assert status == 1 and "E925" in err and "100,000 characters" in err


def _docx_template(tmp_path: Path, field: str) -> Path:
    source = zipfile.ZipFile(BUILTIN_DOCX)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                para = f"<w:p><w:r><w:t>CUSTOM-MARKER {field}</w:t></w:r></w:p>"
                xml = xml.replace("<w:body>", "<w:body>" + para, 1)
                data = xml.encode("utf-8")
            target.writestr(info, data)
    return _folder(tmp_path, out.getvalue(), name="annex.docx")


def test_the_docx_template_override_is_used(tmp_path, capsys):
    folder = _docx_template(tmp_path, "{{ issuer_caps }}")
    status, err = _score(capsys, folder, tmp_path / "out", "docx")
    assert status == 0, err
    xml = zipfile.ZipFile(tmp_path / "out" / "annex.docx").read("word/document.xml").decode()
    assert "CUSTOM-MARKER" in xml


def test_docx_fields_run_in_the_sandbox(tmp_path, capsys):
    pwned = tmp_path / "PWNED"
    field = "{{ cycler.__init__.__globals__.os.system('touch " + str(pwned) + "') }}"
    folder = _docx_template(tmp_path, field)
    status, err = _score(capsys, folder, tmp_path / "out", "docx")
    assert not pwned.exists()
    assert status == 1 and "E923" in err and "annex.docx" in err
    assert "Traceback" not in err


def test_docx_subclasses_are_refused(tmp_path, capsys):
    folder = _docx_template(tmp_path, "{{ ''.__class__.__mro__[1].__subclasses__()|length }}")
    status, err = _score(capsys, folder, tmp_path / "out", "docx")
    assert status == 1 and "E923" in err


# -- PDF --------------------------------------------------------------------------------------


@pytest.fixture
def http_server():
    """A server on 127.0.0.1 (loopback only) that records the paths requested of it."""
    requested: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requested
    server.shutdown()
    server.server_close()
    thread.join()


def _pdf_attachments(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize(
    "html",
    [
        '<html><head><link rel="attachment" href="file://{secret}"></head><body>a</body></html>',
        '<html><head><link rel="attachment" href="{relative}"></head><body>a</body></html>',
        '<html><body><img src="file://{secret}"><p>a</p></body></html>',
    ],
    ids=["absolute-file", "relative-escape", "image"],
)
def test_the_pdf_reads_no_file_outside_the_templates(tmp_path, capsys, html):
    pytest.importorskip("weasyprint")
    secret = tmp_path / "secret" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-LINE", encoding="utf-8")
    folder = tmp_path / "tpl"
    relative = os.path.relpath(secret, folder)
    folder = _folder(tmp_path, html.format(secret=secret, relative=relative), "annex.html.j2")
    outdir = tmp_path / "out"
    status, err = _score(capsys, folder, outdir, "pdf")
    assert status == 1 and "E927" in err and "passwd" in err, err
    assert "Traceback" not in err
    assert not outdir.exists()


def test_the_pdf_makes_no_http_request(tmp_path, capsys, http_server):
    pytest.importorskip("weasyprint")
    url, requested = http_server
    html = f'<html><head><link rel="stylesheet" href="{url}/ssrf.css"></head><body>a</body></html>'
    folder = _folder(tmp_path, html, "annex.html.j2")
    (folder / "annex.css").write_text(f'@import url("{url}/import.css");', encoding="utf-8")
    status, err = _score(capsys, folder, tmp_path / "out", "pdf")
    assert status == 1 and "E927" in err and "ssrf.css" in err, err
    assert requested == []


def test_the_pdf_may_use_an_image_of_the_templates_folder(tmp_path, capsys):
    pytest.importorskip("weasyprint")
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
    folder = _folder(tmp_path, svg, "logo.svg")
    html = '<html><body><img src="logo.svg"><p>annex</p></body></html>'
    (folder / "annex.html.j2").write_text(html, encoding="utf-8")
    status, err = _score(capsys, folder, tmp_path / "out", "pdf")
    assert status == 0, err
