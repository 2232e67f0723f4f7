"""A level table on a total across categories (Bình Phước, QĐ 1538: "tốt 85–100, khá 70–84,
trung bình 50–69, yếu: below 50"), written as the levels of an index over the categories."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.load import check_source, load_framework_text
from cqdt.compiler.model.printer import print_framework
from cqdt.runtime.score.run import score

BINH_PHUOC = """
framework binh_phuoc "Xếp loại theo tổng điểm" {
  tiers { district "UBND cấp huyện" }
  input a "Tỷ lệ A" percent missing error
  input b "Tỷ lệ B" percent missing error
  category sẵn_sàng_x "Sẵn sàng" max 40 {
    group g1 "G1" max 40 {
      indicator i1 "I1" max 40 {
        points = round(a * max, 2)
      }
    }
  }
  category kết_quả_x "Kết quả" max 60 {
    group g2 "G2" max 60 {
      indicator i2 "I2" max 60 {
        points = round(b * max, 2)
      }
    }
  }
  index tong "Tổng điểm" of sẵn_sàng_x, kết_quả_x max 100 {
    levels {
      level tot "Tốt" when score >= 85
      level kha "Khá" when score >= 70
      level trung_binh "Trung bình" when score >= 50
      otherwise yeu "Yếu"
    }
  }
}
""".replace("sẵn_sàng_x", "san_sang").replace("kết_quả_x", "ket_qua")


@pytest.fixture(scope="module")
def fw():
    return load_framework_text(BINH_PHUOC, "binh_phuoc.cqdt")


@pytest.mark.parametrize(
    ("a", "b", "total", "level"),
    [
        (1.0, 0.75, 85.0, "tot"),  # 85–100
        (1.0, 0.74, 84.4, "kha"),  # 70–84
        (0.5, 0.5, 50.0, "trung_binh"),  # 50–69
        (0.5, 0.49, 49.4, "yeu"),  # below 50
    ],
)
def test_the_level_is_decided_on_the_total_across_categories(fw, a, b, total, level):
    frame = pl.DataFrame(
        {"tier": ["district"], "code": ["H1"], "name": ["Huyện 1"], "a": [a], "b": [b]}
    )
    for backend in ("polars", "reference"):
        row = score(fw, frame, backend=backend).to_dicts()[0]
        assert row["tong.points"] == pytest.approx(total)
        assert row["tong.level"] == level, backend


def test_it_prints_back_and_is_checked():
    fw = load_framework_text(BINH_PHUOC, "binh_phuoc.cqdt")
    assert load_framework_text(print_framework(fw), "again.cqdt") == fw
    assert load_framework_text(print_framework(fw, keywords="vi"), "vi.cqdt") == fw
    wrong = BINH_PHUOC.replace("when score >= 70", "when score >= 90")
    codes = [d.code for d in check_source(wrong, "wrong.cqdt").diagnostics]
    assert codes == ["E601"]  # khá above tốt: out of order, as in a category's table
