import pytest

from cqdt.i18n import set_language


@pytest.fixture(autouse=True)
def _vietnamese_by_default(monkeypatch):
    """Every CLI test starts in the default language, whatever the environment says."""
    monkeypatch.delenv("CQDT_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)
