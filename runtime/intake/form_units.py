"""One form per unit: what a Sở sends each department, district and commune.

Each unit fills its own form and sends it back; the office collects the files in one folder
(:mod:`cqdt.runtime.intake.collect`). A unit's form holds only its tier's sheet with its own
row (code and name locked), the questions its tier is asked, the instructions, a contact and
signature sheet, and records in the hidden ``_cqdt`` sheet which unit it is for, so the
collector knows who sent a file whatever it is called.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cqdt.compiler.model.nodes import Framework
from cqdt.runtime.atomic import write_bytes_atomic
from cqdt.runtime.intake.form import FormSpec, form_workbook
from cqdt.runtime.intake.registry import Unit, UnitRegistry
from cqdt.runtime.intake.workbook import workbook_bytes

__all__ = ["unit_form_name", "write_unit_forms"]

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def unit_form_name(unit: Unit, codes_repeat: bool = False) -> str:
    """``P01.xlsx`` (``commune-P01.xlsx`` when a code is used in two tiers)."""
    code = _UNSAFE.sub("_", unit.code).strip("._") or "unit"
    return f"{_UNSAFE.sub('_', unit.tier)}-{code}.xlsx" if codes_repeat else f"{code}.xlsx"


def write_unit_forms(
    fw: Framework,
    registry: UnitRegistry,
    folder: str | os.PathLike[str],
    *,
    framework_sha256: str = "",
    answers: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
    marks: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write the form of every registered unit of a tier ``fw`` has into ``folder``.

    ``answers`` prefills units' answers (carried over from last year) and ``marks`` flags
    questions in the header (new, changed). Returns the paths written, in registry order.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    units = [u for u in registry.units if u.tier in fw.tier_ids]
    codes = [u.code for u in units]
    repeat = len(set(codes)) != len(codes)
    written = []
    for unit in units:
        spec = FormSpec(unit=unit, answers=answers or {}, marks=marks or {})
        path = folder / unit_form_name(unit, repeat)
        write_bytes_atomic(path, workbook_bytes(form_workbook(fw, None, framework_sha256, spec)))
        written.append(path)
    return written
