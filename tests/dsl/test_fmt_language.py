"""``cqdt fmt`` keeps the keyword language the authors chose."""

from pathlib import Path

from cqdt.compiler.load import check_source, format_source
from cqdt.compiler.model.printer import print_framework

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = ROOT / "frameworks" / "2018_backan.cqdt"


def test_a_vietnamese_file_stays_vietnamese():
    english = FRAMEWORK.read_text(encoding="utf-8")
    model = check_source(english, "2018.cqdt").framework
    vietnamese = print_framework(model, keywords="vi")
    assert "bộ tiêu chí backan_cqdt_2018" in vietnamese

    formatted, diagnostics = format_source(vietnamese, "vi.cqdt")
    assert not [d for d in diagnostics if d.is_error]
    assert formatted == vietnamese  # already canonical, and still Vietnamese
    assert "hạng mục readiness" in formatted and "category readiness" not in formatted
    assert check_source(formatted, "vi.cqdt").framework == model


def test_an_english_file_stays_english():
    english = FRAMEWORK.read_text(encoding="utf-8")
    formatted, _ = format_source(english, "2018.cqdt")
    assert formatted == english
