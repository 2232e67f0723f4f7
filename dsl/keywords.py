"""The keyword table: every keyword of the language in English and in Vietnamese.

One table serves the grammar (``dsl/cqdt.lark`` spells the same terminals; a test keeps the two
in step), the printer (``print_framework(fw, keywords="vi")``), the reserved-word check and the
reference (``docs/language.md``). A Vietnamese keyword may have several words; any run of spaces
or tabs between them is accepted.

>>> KEYWORDS["INDICATOR"]
('indicator', 'tiêu chí')
"""

from __future__ import annotations

#: Terminal name → (English spelling, Vietnamese spelling).
KEYWORDS: dict[str, tuple[str, str]] = {
    "FRAMEWORK": ("framework", "bộ tiêu chí"),
    "YEAR": ("year", "năm"),
    "PERIOD": ("period", "thời gian"),
    "VERSION": ("version", "phiên bản"),
    "BASIS": ("basis", "căn cứ"),
    "ISSUER": ("issuer", "cơ quan ban hành"),
    "DESCRIPTION": ("description", "mô tả"),
    "REFERENCE": ("reference", "dẫn chiếu"),
    "DECIMALS": ("decimals", "số chữ số thập phân"),
    "TIERS": ("tiers", "các khối"),
    "INPUT": ("input", "số liệu"),
    "VALUE": ("value", "giá trị"),
    "CATEGORY": ("category", "hạng mục"),
    "GROUP": ("group", "nhóm"),
    "INDICATOR": ("indicator", "tiêu chí"),
    "ITEM": ("item", "nội dung"),
    "POINTS": ("points", "điểm"),
    "MAX": ("max", "tối đa"),
    "FOR": ("for", "áp dụng cho"),
    "NOT_SCORED": ("not scored", "không tính điểm"),
    "NOT_APPLICABLE": ("not applicable", "không áp dụng"),
    "BONUS_POINTS": ("bonus points", "điểm cộng"),
    "POINTS_SCALE": ("points scale", "thang điểm"),
    "PENALTY_POINTS": ("penalty points", "điểm trừ"),
    "WEIGHT": ("weight", "trọng số"),
    "AGGREGATE": ("aggregate", "tổng hợp"),
    "SUM": ("sum", "cộng"),
    "MEAN": ("mean", "trung bình"),
    "WEIGHTED": ("weighted", "bình quân gia quyền"),
    "LEVELS": ("levels", "xếp loại"),
    "LEVEL": ("level", "mức"),
    "WHEN": ("when", "khi"),
    "OTHERWISE": ("otherwise", "còn lại"),
    "SCORE": ("score", "điểm số"),
    "EACH_GROUP": ("each group", "mọi nhóm"),
    "TOTAL": ("total", "tổng điểm"),
    "RANKING": ("ranking", "xếp hạng"),
    "BY": ("by", "theo"),
    "THEN_BY": ("then by", "rồi theo"),
    "TIES": ("ties", "đồng hạng"),
    "COMPETITION": ("competition", "cách quãng"),
    "DENSE": ("dense", "liền nhau"),
    "DESCENDING": ("descending", "giảm dần"),
    "ASCENDING": ("ascending", "tăng dần"),
    "UNCLASSIFIED": ("unclassified", "không xếp loại"),
    "RANKED": ("ranked", "có xếp hạng"),
    "LAST": ("last", "xếp cuối"),
    "UNRANKED": ("unranked", "không xếp hạng"),
    "NUMBER_TYPE": ("number", "số thực"),
    "COUNT_TYPE": ("count", "số lượng"),
    "PERCENT_TYPE": ("percent", "tỷ lệ"),
    "YESNO_TYPE": ("yesno", "có/không"),
    "CHOICE_TYPE": ("choice", "lựa chọn"),
    "TEXT_TYPE": ("text", "văn bản"),
    "UNIT": ("unit", "đơn vị tính"),
    "RANGE": ("range", "khoảng"),
    "AT_MOST": ("at most", "không quá"),
    "MISSING": ("missing", "nếu thiếu"),
    "ZERO": ("zero", "tính 0"),
    "ERROR": ("error", "báo lỗi"),
    "IS_MISSING": ("is missing", "thiếu số liệu"),
    "EMPTY": ("empty", "để trống"),
    "IF": ("if", "nếu"),
    "THEN": ("then", "thì"),
    "ELSE": ("else", "ngược lại"),
    "AND": ("and", "và"),
    "OR": ("or", "hoặc"),
    "NOT": ("not", "không phải"),
    "YES": ("yes", "có"),
    "NO": ("no", "không"),
    "CAP": ("cap", "giới hạn"),
    "LADDER": ("ladder", "bậc thang"),
    "CASE": ("case", "tùy theo"),
    "INDEX": ("index", "chỉ số"),
    "OF": ("of", "gồm"),
    "GROWTH": ("growth", "mức tăng"),
    "ON": ("on", "của"),
    "FROM": ("from", "so với"),
}


#: Terminal name of each spelling (Vietnamese terminals end in ``_VI``).
def terminal_word(terminal: str) -> str:
    """The keyword a terminal spells, in English: ``INDICATOR_VI`` → ``indicator``."""
    base = terminal.removesuffix("_VI")
    return KEYWORDS[base][0] if base in KEYWORDS else terminal


#: English words that cannot be ids: a name equal to one of them would read as the keyword.
RESERVED_WORDS: frozenset[str] = frozenset(
    word for en, vi in KEYWORDS.values() for word in (en, vi) if " " not in word and word.isascii()
)


def spelling(terminal: str, keywords: str = "en") -> str:
    """How the printer writes a keyword: ``spelling("TIERS", "vi")`` → ``các khối``."""
    en, vi = KEYWORDS[terminal]
    return vi if keywords == "vi" else en
