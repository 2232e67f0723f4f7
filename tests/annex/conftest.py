"""Annex tests run in Vietnamese unless a test chooses English, whatever CQDT_LANG says."""

import pytest

from cqdt.i18n import set_language


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language(None)
