"""The output formats of a run, in one place: name, file, renderer, default, extra, template.

Every consumer reads this table: the command line (help and validation of ``--formats``), the
Python API (``Results.write``), publishing and ``--verify``, and the docs. Before it existed the
list lived in five places and drifted (the one publishing used forgot that ``annex.docx`` in
``--templates DIR`` overrides the built-in Word template).

``formats`` means the same everywhere: the **extra** formats wanted, *added* to the defaults
(``json``, ``xlsx``, ``html``, ``md``) — ``--formats docx`` and ``formats=["docx"]`` both write
the four defaults and ``annex.docx`` (README: "Add ``--formats docx,pdf``").

>>> [f.name for f in FORMATS if f.default]
['json', 'xlsx', 'html', 'md']
>>> wanted_formats(["docx"])
('json', 'xlsx', 'html', 'md', 'docx')
>>> FILE_NAMES["pdf"], by_name("docx").template, by_name("pdf").extra
('annex.pdf', 'annex.docx', 'pdf')

Some formats are a folder of files (``cards``: a report card per unit, ``site``: the results
site): their ``file_name`` is the folder's, their renderer returns ``{relative path: bytes}``
and :func:`cqdt.runtime.publish.outputs.render_outputs` puts each file under the folder
(``cards/province-P01.html``); the folder is published with the rest, all or nothing.

>>> by_name("cards").folder, FILE_NAMES["site"], sorted(set(TOP_NAMES) - set(FILE_NAMES.values()))
(True, 'site', [])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cqdt.diagnostics import CqdtError, diagnostic
from cqdt.runtime.publish.report_messages import CATALOGUE  # noqa: F401 - registers E901

__all__ = [
    "ANNEX_FORMATS",
    "DEFAULT_FORMATS",
    "EXTRA_FORMATS",
    "FILE_NAMES",
    "FORMATS",
    "OWN_ENTRIES",
    "OutputFormat",
    "RenderInputs",
    "TOP_NAMES",
    "by_name",
    "normalise_formats",
    "wanted_formats",
    "write_annexes",
]


@dataclass(frozen=True)
class RenderInputs:
    """What a renderer needs: the framework, the results, provenance, decision, templates.

    ``report`` builds the annex model once and caches it, so html, md, docx and pdf of one run
    share it.
    """

    fw: Any
    results: Any
    provenance: Any
    decision: Any
    templates: str | Path | None
    _cache: dict
    history: Any = None  # earlier editions for the site (cqdt.runtime.history.History)

    def report(self):
        if "report" not in self._cache:
            from cqdt.runtime.publish.decision import DecisionInfo, load_decision
            from cqdt.runtime.publish.report import build_report

            info = self.decision
            if info is not None and not isinstance(info, DecisionInfo):
                info = load_decision(Path(info))
            self._cache["report"] = build_report(self.fw, self.results, self.provenance, info)
        return self._cache["report"]

    def cards(self):
        """Every unit's report card, built once for the cards and the site."""
        if "cards" not in self._cache:
            from cqdt.runtime.publish.report_card import build_cards

            self._cache["cards"] = build_cards(self.fw, self.results, self.provenance)
        return self._cache["cards"]


@dataclass(frozen=True)
class OutputFormat:
    """One output: ``template`` is the file in ``--templates DIR`` that overrides the built-in
    one (None: not templated); ``extra`` is the pip extra its renderer needs (None: none)."""

    name: str
    file_name: str
    default: bool
    extra: str | None
    template: str | None
    render: Callable[[RenderInputs], bytes | dict[str, bytes]]
    #: For an annex format: its renderer of the report model (report, templates) → bytes.
    annex: Callable[[Any, Any], bytes] | None = None
    folder: bool = False  # ``file_name`` is a folder; ``render`` returns {path inside: bytes}

    def published_in(self, outdir: Path) -> bool:
        """Whether ``outdir`` holds this format's output (``--verify`` compares those)."""
        if not self.folder:
            return (outdir / self.file_name).is_file()
        suffix = _FOLDER_SUFFIX.get(self.name, "")
        folder = outdir / self.file_name
        return folder.is_dir() and any(p.name.endswith(suffix) for p in folder.rglob("*"))


def _json(job: RenderInputs) -> bytes:
    from cqdt.runtime.publish.write_json import results_json_bytes

    return results_json_bytes(job.fw, job.results, job.provenance)


def _xlsx(job: RenderInputs) -> bytes:
    from cqdt.runtime.publish.write_xlsx import results_xlsx_bytes

    return results_xlsx_bytes(job.fw, job.results, job.provenance)


def _annex_html(report, templates) -> bytes:
    from cqdt.runtime.publish.render import render_html

    return render_html(report, templates_dir=templates).encode("utf-8")


def _annex_md(report, templates) -> bytes:
    from cqdt.runtime.publish.render import render_markdown

    return render_markdown(report, templates_dir=templates).encode("utf-8")


def _annex_docx(report, templates) -> bytes:
    from cqdt.runtime.publish.render import render_docx

    return render_docx(report, templates_dir=templates)


def _annex_pdf(report, templates) -> bytes:
    from cqdt.runtime.publish.render import render_pdf

    return render_pdf(report, templates_dir=templates)


def _annex(render_report: Callable[[Any, Any], bytes]) -> Callable[[RenderInputs], bytes]:
    """An annex format renders the report model, built once per run."""
    return lambda job: render_report(job.report(), job.templates)


def _cards(job: RenderInputs) -> dict[str, bytes]:
    from cqdt.runtime.publish.report_card import render_card_html

    return {f"{c.stem}.html": render_card_html(c, job.templates).encode() for c in job.cards()}


def _cards_pdf(job: RenderInputs) -> dict[str, bytes]:
    from cqdt.runtime.publish.report_card import render_card_pdf

    return {f"{c.stem}.pdf": render_card_pdf(c, job.templates) for c in job.cards()}


def _site(job: RenderInputs) -> dict[str, bytes]:
    from cqdt.runtime.publish.site import render_site

    return render_site(job)


#: What marks a folder format's own files inside a folder two formats share.
_FOLDER_SUFFIX = {"cards": ".html", "cards-pdf": ".pdf"}

#: Every output, in the order files are rendered, written and listed.
FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("json", "results.json", True, None, None, _json),
    OutputFormat("xlsx", "results.xlsx", True, None, None, _xlsx),
    OutputFormat(
        "html", "annex.html", True, None, "annex.html.j2", _annex(_annex_html), _annex_html
    ),
    OutputFormat("md", "annex.md", True, None, "annex.md.j2", _annex(_annex_md), _annex_md),
    OutputFormat(
        "docx", "annex.docx", False, "docx", "annex.docx", _annex(_annex_docx), _annex_docx
    ),
    OutputFormat("pdf", "annex.pdf", False, "pdf", "annex.html.j2", _annex(_annex_pdf), _annex_pdf),
    OutputFormat("cards", "cards", False, None, "card.html.j2", _cards, folder=True),
    OutputFormat("cards-pdf", "cards", False, "pdf", "card.html.j2", _cards_pdf, folder=True),
    OutputFormat("site", "site", False, None, "site/base.html.j2", _site, folder=True),
)
#: The annex formats (rendered from the report model) and their file names.
ANNEX_FORMATS: dict[str, str] = {f.name: f.file_name for f in FORMATS if f.annex is not None}
DEFAULT_FORMATS: tuple[str, ...] = tuple(f.name for f in FORMATS if f.default)
EXTRA_FORMATS: tuple[str, ...] = tuple(f.name for f in FORMATS if not f.default)
FILE_NAMES: dict[str, str] = {f.name: f.file_name for f in FORMATS}
#: The names a publication may hold at its top level (a folder format's folder once).
TOP_NAMES: tuple[str, ...] = tuple(dict.fromkeys(FILE_NAMES.values()))
#: ``TOP_NAMES`` as the output folder's guard reads them: a folder's name ends in ``/``.
OWN_ENTRIES: tuple[str, ...] = tuple(
    dict.fromkeys(f.file_name + ("/" if f.folder else "") for f in FORMATS)
)
_ALIASES = {"markdown": "md", "htm": "html", "report-cards": "cards", "card": "cards"}


def by_name(name: str) -> OutputFormat:
    """The format called ``name`` (after :func:`normalise_formats`)."""
    return next(f for f in FORMATS if f.name == name)


def normalise_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """Names as given (``"docx,pdf"``, ``".md"``, ``"Markdown"``) → known names in table order.

    An unknown name is E901 (exit 1), naming every known format.
    """
    out: list[str] = []
    for raw in formats:
        for name in str(raw).split(","):
            name = name.strip().lower().lstrip(".")
            name = _ALIASES.get(name, name)
            if not name:
                continue
            if name not in FILE_NAMES:
                known = ", ".join(FILE_NAMES)
                raise CqdtError([diagnostic("E901", name=name, known=known)])
            if name not in out:
                out.append(name)
    return tuple(f.name for f in FORMATS if f.name in out)


def wanted_formats(extra: Iterable[str] | None = ()) -> tuple[str, ...]:
    """The defaults plus the ``extra`` formats asked for: what ``formats`` means everywhere."""
    return normalise_formats([*DEFAULT_FORMATS, *(extra or ())])


def write_annexes(
    report: Any,
    outdir: str | Path,
    formats: Sequence[str],
    templates_dir: str | Path | None = None,
) -> list[Path]:
    """Render the annex ``formats`` of ``report`` and write them into ``outdir``.

    Everything is rendered in memory first, then each file is written atomically (temporary
    file + ``os.replace``), so a failure never leaves a half-written annex.
    """
    from cqdt.runtime.atomic import write_bytes_atomic

    unknown = [f for f in formats if f not in ANNEX_FORMATS]
    if unknown:
        raise ValueError(
            f"unknown annex format(s): {', '.join(unknown)}; known: {', '.join(ANNEX_FORMATS)}"
        )
    ordered = list(dict.fromkeys(formats))
    rendered = {name: by_name(name).annex(report, templates_dir) for name in ordered}
    written = []
    for name in ordered:
        path = Path(outdir) / ANNEX_FORMATS[name]
        write_bytes_atomic(path, rendered[name])
        written.append(path)
    return written
