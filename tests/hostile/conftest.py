"""Tests here may run the command in-process with ``--lang``: each starts from the default."""

import pytest

from cqdt.i18n import set_language


@pytest.fixture(autouse=True)
def _default_language():
    set_language(None)
    yield
    set_language(None)
