"""What a command asks the pipeline to do, as frozen values, and what it hands back.

Every entry point (the command line, the Python API) describes its request as one of these jobs
and gives it to the driver, instead of threading a dozen parameters through several layers: the
same request then runs the same pipeline, whoever makes it. The driver returns data (results,
warnings, written paths); printing is the caller's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    import polars as pl

    from cqdt.diagnostics import Diagnostic
    from cqdt.runtime.intake.registry import UnitRegistry
    from cqdt.runtime.publish.provenance import Provenance

__all__ = [
    "DiffJob",
    "ExplainJob",
    "HistoryJob",
    "ScoreJob",
    "ScoreOutcome",
    "Scored",
    "TemplateJob",
]


@dataclass(frozen=True)
class ScoreJob:
    """``cqdt score`` / ``Results.write``: score ``data`` and publish into ``outdir`` or check
    the outputs published in ``verify``.

    ``framework`` is a path or an already loaded framework (anything with ``model``, ``path``,
    ``sha256``); ``data`` are paths (or one inputs frame); ``units`` a path or a registry.
    ``formats`` are the formats wanted **in addition to** the defaults (json, xlsx, html, md):
    see :mod:`cqdt.runtime.publish.formats`. ``templates`` is a folder of template overrides.
    The language of messages is the process's (``--lang``, ``CQDT_LANG``).
    """

    framework: Path | Any
    data: tuple[Path | pl.DataFrame, ...]
    units: Path | UnitRegistry | None = None
    outdir: Path | None = None
    formats: tuple[str, ...] = ()
    templates: Path | None = None
    decision: Any = None
    force: bool = False
    verify: Path | None = None
    history: tuple[Path, ...] = ()  # earlier results.json (and .cqdt) for the site's history


@dataclass(frozen=True)
class HistoryJob:
    """``cqdt history``: several editions' results.json (``.cqdt`` files among them are their
    frameworks, to follow renamed indicators) written as history.html and history.xlsx."""

    results: tuple[Path, ...]
    outdir: Path
    units: Path | None = None
    templates: Path | None = None
    force: bool = False


@dataclass(frozen=True)
class ExplainJob:
    """``cqdt explain``: one unit's trace."""

    framework: Path
    data: Path
    unit: str
    units: Path | None = None


@dataclass(frozen=True)
class TemplateJob:
    """``cqdt template``: the data-entry workbook of a framework."""

    framework: Path
    output: Path
    units: Path | None = None
    force: bool = False
    #: Write one form per registered unit into ``output`` (a folder) instead of one workbook.
    per_unit: bool = False
    #: Last year's forms (a folder or a workbook) whose answers to unchanged questions to carry.
    carry_from: Path | None = None


@dataclass(frozen=True)
class DiffJob:
    """``cqdt diff``: two framework versions and, with ``data``, whom the change affects."""

    old: Path
    new: Path
    data: Path | None = None
    units: Path | None = None
    fmt: str = "text"
    color: bool = False


@dataclass(frozen=True)
class Scored:
    """A scored run: the results frame, its provenance, and the warnings of reading."""

    framework: Any
    frame: pl.DataFrame
    provenance: Provenance
    warnings: tuple[Diagnostic, ...] = ()
    #: Who sent a form and who did not, for a run over a folder of returned forms.
    collection: Any = None


@dataclass(frozen=True)
class ScoreOutcome:
    """What a score job did: ``written`` (publish) or ``verified`` (file names checked)."""

    scored: Scored
    written: tuple[Path, ...] = ()
    verified: tuple[str, ...] = ()
