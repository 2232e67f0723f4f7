"""Words of the framework diff and the impact report, in Vietnamese and English.

Each :class:`~cqdt.compiler.diff.model_diff.ChangeKind` has one sentence template; ``{what}`` is the node
("tiêu chí pc_ratio «Tỷ lệ CBCC …»"), ``{old}``/``{new}`` the values already formatted,
``{tier}`` the tier's label. :func:`change_sentence` is the only place a change becomes text,
so the text, Markdown and HTML renderings say exactly the same thing.

>>> from cqdt.compiler.diff.model_diff import Change, ChangeKind
>>> c = Change(ChangeKind.MAX, ("readiness", "infrastructure", "pc_ratio"), "pc_ratio", 8.0, 6.0,
...            tier="province", node_kind="indicator")
>>> change_sentence(c, lambda i: {"province": "Sở, ban, ngành"}.get(i), lang="en")
'Indicator pc_ratio: max points (Sở, ban, ngành) 8 → 6'
"""

from __future__ import annotations

from collections.abc import Callable

from cqdt.compiler.diff.model_diff import Change, ChangeKind, Flag
from cqdt.i18n import Message, language
from cqdt.number_format import format_shortest

__all__ = [
    "CHANGE_MESSAGES",
    "LIST_MESSAGES",
    "WORDS",
    "change_sentence",
    "flag_words",
    "show_value",
    "word",
]

CHANGE_MESSAGES: dict[ChangeKind, Message] = {
    ChangeKind.METADATA: Message(vi="{field}: {old} → {new}", en="{field}: {old} → {new}"),
    ChangeKind.TIER_ADDED: Message(vi="Thêm khối {id} «{new}»", en="New tier {id} «{new}»"),
    ChangeKind.TIER_REMOVED: Message(vi="Bỏ khối {id} «{old}»", en="Tier {id} «{old}» removed"),
    ChangeKind.TIER_RELABELLED: Message(
        vi="Khối {id}: đổi tên gọi «{old}» → «{new}»",
        en="Tier {id}: label «{old}» → «{new}»",
    ),
    ChangeKind.NODE_ADDED: Message(vi="Thêm {what}", en="New {what}"),
    ChangeKind.NODE_REMOVED: Message(vi="Bỏ {what}", en="Removed {what}"),
    ChangeKind.NODE_RENAMED: Message(
        vi="{what}: đổi mã {old} → {new} (nội dung giữ nguyên)",
        en="{what}: id {old} → {new} (same content)",
    ),
    ChangeKind.NODE_MOVED: Message(
        vi="{what}: chuyển từ {old} sang {new}", en="{what}: moved from {old} to {new}"
    ),
    ChangeKind.NODE_RELABELLED: Message(
        vi="{what}: đổi tên gọi «{old}» → «{new}»", en="{what}: label «{old}» → «{new}»"
    ),
    ChangeKind.DESCRIPTION: Message(
        vi="{what}: đổi mô tả «{old}» → «{new}»", en="{what}: description «{old}» → «{new}»"
    ),
    ChangeKind.REFERENCE: Message(
        vi="{what}: đổi căn cứ «{old}» → «{new}»", en="{what}: reference «{old}» → «{new}»"
    ),
    ChangeKind.MAX: Message(
        vi="{what}: điểm tối đa ({tier}) {old} → {new}",
        en="{what}: max points ({tier}) {old} → {new}",
    ),
    ChangeKind.APPLICABILITY: Message(
        vi="{what}: áp dụng cho khối {old} → {new}", en="{what}: applies to {old} → {new}"
    ),
    ChangeKind.WEIGHT: Message(
        vi="{what}: trọng số {old} → {new}", en="{what}: weight {old} → {new}"
    ),
    ChangeKind.AGGREGATION: Message(
        vi="{what}: cách cộng điểm {old} → {new}", en="{what}: aggregation {old} → {new}"
    ),
    ChangeKind.SCORED: Message(
        vi="{what}: tính điểm {old} → {new}", en="{what}: scored {old} → {new}"
    ),
    ChangeKind.ADJUSTMENT: Message(
        vi="{what}: điểm cộng/điểm trừ {old} → {new}",
        en="{what}: bonus/penalty points {old} → {new}",
    ),
    ChangeKind.RULE: Message(vi="{what}: đổi cách tính điểm", en="{what}: rule changed"),
    ChangeKind.INPUT_TYPE: Message(
        vi="{what}: kiểu dữ liệu {old} → {new}", en="{what}: type {old} → {new}"
    ),
    ChangeKind.INPUT_UNIT: Message(
        vi="{what}: đơn vị tính {old} → {new}", en="{what}: unit {old} → {new}"
    ),
    ChangeKind.INPUT_RANGE: Message(
        vi="{what}: khoảng hợp lệ {old} → {new}", en="{what}: valid range {old} → {new}"
    ),
    ChangeKind.INPUT_AT_MOST: Message(
        vi="{what}: không vượt quá {old} → {new}", en="{what}: at most {old} → {new}"
    ),
    ChangeKind.INPUT_CHOICES: Message(
        vi="{what}: các lựa chọn {old} → {new}", en="{what}: options {old} → {new}"
    ),
    ChangeKind.INPUT_MISSING: Message(
        vi="{what}: khi bỏ trống {old} → {new}", en="{what}: when empty {old} → {new}"
    ),
    ChangeKind.INPUT_TIERS: Message(
        vi="{what}: khối phải nhập {old} → {new}", en="{what}: asked of tiers {old} → {new}"
    ),
    ChangeKind.DERIVED_EXPR: Message(vi="{what}: đổi công thức", en="{what}: formula changed"),
    ChangeKind.LEVELS_ADDED: Message(
        vi="{what}: thêm bảng xếp mức {new}", en="{what}: new level table {new}"
    ),
    ChangeKind.LEVELS_REMOVED: Message(
        vi="{what}: bỏ bảng xếp mức {old}", en="{what}: level table removed {old}"
    ),
    ChangeKind.LEVEL_ADDED: Message(vi="Thêm {what}: {new}", en="New {what}: {new}"),
    ChangeKind.LEVEL_REMOVED: Message(vi="Bỏ {what}: {old}", en="Removed {what}: {old}"),
    ChangeKind.LEVEL_CONDITIONS: Message(
        vi="{what}: điều kiện {old} → {new}", en="{what}: condition {old} → {new}"
    ),
    ChangeKind.LEVEL_RELABELLED: Message(
        vi="{what}: đổi tên gọi «{old}» → «{new}»", en="{what}: label «{old}» → «{new}»"
    ),
    ChangeKind.LEVEL_ORDER: Message(
        vi="Thứ tự các mức {old} → {new}", en="Order of levels {old} → {new}"
    ),
    ChangeKind.UNCLASSIFIED: Message(
        vi="Kết quả không xếp loại {old} → {new}", en="Unclassified outcome {old} → {new}"
    ),
    ChangeKind.TOTAL: Message(
        vi="Công thức tổng điểm {old} → {new}", en="Total formula {old} → {new}"
    ),
    ChangeKind.RANKING_ADDED: Message(vi="Thêm xếp hạng: {new}", en="Ranking added: {new}"),
    ChangeKind.RANKING_REMOVED: Message(vi="Bỏ xếp hạng: {old}", en="Ranking removed: {old}"),
    ChangeKind.RANKING_MEASURE: Message(
        vi="Xếp hạng theo {old} → {new}", en="Ranked by {old} → {new}"
    ),
    ChangeKind.RANKING_ORDER: Message(
        vi="Chiều xếp hạng {old} → {new}", en="Rank order {old} → {new}"
    ),
    ChangeKind.RANKING_TIES: Message(
        vi="Cách xếp đồng hạng {old} → {new}", en="Tie policy {old} → {new}"
    ),
    ChangeKind.RANKING_TIEBREAKS: Message(
        vi="Tiêu chí phụ khi bằng điểm {old} → {new}", en="Tie-breaks {old} → {new}"
    ),
    ChangeKind.RANKING_UNCLASSIFIED: Message(
        vi="Xếp hạng đơn vị không xếp loại {old} → {new}",
        en="Ranking of unclassified units {old} → {new}",
    ),
    ChangeKind.INDEX_MEMBERS: Message(
        vi="{what}: thành phần {old} → {new}", en="{what}: members {old} → {new}"
    ),
    ChangeKind.GROWTH: Message(vi="{what}: {old} → {new}", en="{what}: {old} → {new}"),
    ChangeKind.NAMED_RANKING: Message(vi="{what}: {old} → {new}", en="{what}: {old} → {new}"),
}

#: Changes of a list of texts (legal basis, options), said as what came and what went
#: (``{old}`` holds that phrase); a reordering alone falls back to :data:`CHANGE_MESSAGES`.
LIST_MESSAGES: dict[ChangeKind, Message] = {
    ChangeKind.METADATA: Message(vi="{field}: {old}", en="{field}: {old}"),
    ChangeKind.INPUT_CHOICES: Message(
        vi="{what}: các lựa chọn: {old}", en="{what}: options: {old}"
    ),
}

#: Everything else a reader sees: headings, node kinds, field names, flags, impact columns.
WORDS: dict[str, Message] = {
    # node kinds
    "kind.category": Message(vi="hạng mục", en="category"),
    "kind.group": Message(vi="nhóm tiêu chí", en="group"),
    "kind.indicator": Message(vi="tiêu chí", en="indicator"),
    "kind.item": Message(vi="nội dung thành phần", en="sub-item"),
    "kind.input": Message(vi="ô nhập liệu", en="input"),
    "kind.derived": Message(vi="giá trị dẫn xuất", en="derived value"),
    "kind.level": Message(vi="mức", en="level"),
    "kind.tier": Message(vi="khối", en="tier"),
    "kind.index": Message(vi="chỉ số", en="index"),
    "kind.growth": Message(vi="mức tăng", en="growth"),
    "kind.ranking": Message(vi="bảng xếp hạng", en="ranking"),
    # metadata fields
    "field.id": Message(vi="Mã bộ tiêu chí", en="Framework id"),
    "field.title": Message(vi="Tên bộ tiêu chí", en="Title"),
    "field.year": Message(vi="Năm", en="Year"),
    "field.period": Message(vi="Kỳ đánh giá", en="Period"),
    "field.version": Message(vi="Phiên bản", en="Version"),
    "field.basis": Message(vi="Căn cứ", en="Legal basis"),
    "field.issuer": Message(vi="Cơ quan ban hành", en="Issuer"),
    "field.description": Message(vi="Mô tả", en="Description"),
    "field.decimals": Message(vi="Số chữ số thập phân hiển thị", en="Decimals displayed"),
    "field.total_label": Message(vi="Tên gọi tổng điểm", en="Label of the total"),
    # sections
    "section.meta": Message(vi="Thông tin chung", en="General information"),
    "section.tiers": Message(vi="Khối đơn vị", en="Tiers"),
    "section.inputs": Message(vi="Phiếu khảo sát (ô nhập liệu)", en="Survey form (inputs)"),
    "section.derived": Message(vi="Giá trị dẫn xuất", en="Derived values"),
    "section.levels": Message(vi="Bảng xếp mức", en="Level table"),
    "section.ranking": Message(vi="Tổng điểm và xếp hạng", en="Total and ranking"),
    # header and summary
    "title": Message(vi="So sánh bộ tiêu chí", en="Framework comparison"),
    "no_changes": Message(
        vi="Hai phiên bản có cùng nội dung (chỉ khác trình bày, chú thích).",
        en="Both versions mean the same framework (layout and comments aside).",
    ),
    "summary": Message(vi="{n} thay đổi", en="{n} changes"),
    "summary.budget": Message(
        vi="làm đổi điểm tối đa của hạng mục: {n}", en="shifting a category's maximum: {n}"
    ),
    "summary.data_entry": Message(
        vi="làm biểu mẫu nhập liệu cũ không còn dùng được: {n}",
        en="making the old data-entry form unusable: {n}",
    ),
    "contract_changed": Message(
        vi="Phải tạo lại phiếu khảo sát (lệnh cqdt template): các câu hỏi của phiếu đã thay đổi.",
        en="The data-entry form must be made again (cqdt template): its questions changed.",
    ),
    "flag.budget": Message(vi="đổi điểm tối đa hạng mục", en="category max shifts"),
    "flag.data_entry": Message(vi="biểu mẫu cũ không dùng được", en="old form no longer fits"),
    "none": Message(vi="(không có)", en="(none)"),
    "old": Message(vi="cũ", en="old"),
    "new": Message(vi="mới", en="new"),
    "list.added": Message(vi="thêm {items}", en="added {items}"),
    "list.removed": Message(vi="bỏ {items}", en="removed {items}"),
    "yes": Message(vi="có", en="yes"),
    "no": Message(vi="không", en="no"),
    # impact
    "impact.title": Message(vi="Tác động trên số liệu", en="Impact on the data"),
    "impact.data": Message(vi="Số liệu: {path}", en="Data: {path}"),
    "impact.assumed": Message(
        vi="Ô nhập liệu mới chưa có số liệu, tạm coi là bỏ trống (0 / không): {ids}",
        en="New inputs without data, taken as empty (0 / no): {ids}",
    ),
    "impact.summary": Message(
        vi="{units} đơn vị: {total} đổi tổng điểm, {level} đổi mức ({up} lên, {down} xuống), {rank} đổi hạng",
        en="{units} units: {total} change total, {level} change level ({up} up, {down} down), {rank} change rank",
    ),
    "impact.tier": Message(vi="Khối {label}", en="Tier {label}"),
    "impact.no_change": Message(
        vi="Không đơn vị nào đổi tổng điểm, mức hay hạng.",
        en="No unit changes total, level or rank.",
    ),
    "impact.unit": Message(vi="Đơn vị", en="Unit"),
    "impact.total": Message(vi="Tổng điểm", en="Total"),
    "impact.rank": Message(vi="Hạng", en="Rank"),
    "impact.levels": Message(vi="Mức", en="Level"),
    "impact.because": Message(vi="do", en="because of"),
    "impact.reasons": Message(vi="Do điểm tiêu chí thay đổi", en="Indicator points that changed"),
    "impact.unranked": Message(vi="không xếp hạng", en="unranked"),
    "impact.more": Message(vi="… và {n} đơn vị khác", en="… and {n} more units"),
}


#: Node kinds a sentence names with their kind word ("tiêu chí pc_ratio").
NODE_KINDS = (
    "category",
    "group",
    "indicator",
    "item",
    "input",
    "derived",
    "level",
    "index",
    "growth",
    "ranking",
)

#: Changes whose sentence names the node by its label as well as its id.
_NAMED = (ChangeKind.NODE_ADDED, ChangeKind.NODE_REMOVED, ChangeKind.NODE_MOVED)


def word(key: str, lang: str | None = None, **fields: object) -> str:
    """A word or phrase of :data:`WORDS` in ``lang`` (default: the language in force)."""
    return WORDS[key].render(lang or language(), **fields)


def _number_text(value: float, lang: str) -> str:
    """A weight, a maximum, a bound: only the decimals it needs, at most six."""
    return format_shortest(value, 6, lang)


def show_value(value: object, lang: str | None = None) -> str:
    """A change's value as a reader sees it: numbers in the language's style, lists joined."""
    lang = lang or language()
    if value is None:
        return word("none", lang)
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if isinstance(value, int):
        return str(value)  # years, decimals: never grouped by thousands
    if isinstance(value, float):
        return _number_text(value, lang)
    if isinstance(value, tuple):
        if len(value) == 2 and all(v is None or isinstance(v, int | float) for v in value):
            low, high = value
            shown = [("…" if v is None else _number_text(float(v), lang)) for v in (low, high)]
            return f"{shown[0]} .. {shown[1]}"
        return ", ".join(show_value(v, lang) for v in value) if value else word("none", lang)
    return str(value)


#: Changes whose old and new values are rules, shown as code blocks beside the sentence.
CODE_KINDS = (ChangeKind.RULE, ChangeKind.DERIVED_EXPR)


def _is_text_list(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, str) for v in value)


def change_sentence(
    change: Change, label_of: Callable[[str], str | None], lang: str | None = None
) -> str:
    """One change as a sentence; ``label_of`` names ids (nodes, tiers) for the reader."""
    lang = lang or language()
    node_kind = change.node_kind or ""
    what = change.node_id or ""
    if node_kind in NODE_KINDS:
        what = f"{word('kind.' + node_kind, lang)} {change.node_id}"
        label = label_of(change.node_id or "")
        if label and change.kind in _NAMED:
            what += f" «{label}»"
    old, new = show_value(change.old, lang), show_value(change.new, lang)
    if change.kind is ChangeKind.NODE_MOVED:
        old = " › ".join(label_of(p) or p for p in str(change.old).split(" › "))
        new = " › ".join(label_of(p) or p for p in str(change.new).split(" › "))
    if change.kind in (ChangeKind.APPLICABILITY, ChangeKind.INPUT_TIERS):
        old = ", ".join(label_of(t) or t for t in change.old or ()) or word("none", lang)  # type: ignore[union-attr]
        new = ", ".join(label_of(t) or t for t in change.new or ()) or word("none", lang)  # type: ignore[union-attr]
    tier = (label_of(change.tier) or change.tier) if change.tier else ""
    field = word("field." + change.node_id, lang) if change.kind is ChangeKind.METADATA else ""
    template = CHANGE_MESSAGES[change.kind]
    if change.kind in LIST_MESSAGES and _is_text_list(change.old) and _is_text_list(change.new):
        # lists of documents or options: say what came and what went, not two long lists
        gone = [v for v in change.old if v not in change.new]  # type: ignore[union-attr]
        came = [v for v in change.new if v not in change.old]  # type: ignore[union-attr]
        parts = []
        if came:
            parts.append(word("list.added", lang, items="; ".join(f"«{v}»" for v in came)))
        if gone:
            parts.append(word("list.removed", lang, items="; ".join(f"«{v}»" for v in gone)))
        if parts:
            template, old = LIST_MESSAGES[change.kind], ", ".join(parts)
        else:
            old, new = show_value(change.old, lang), show_value(change.new, lang)
    text = template.render(
        lang, what=what, id=change.node_id, old=old, new=new, tier=tier, field=field
    )
    return text[:1].upper() + text[1:]


def flag_words(flags: tuple[Flag, ...], lang: str | None = None) -> list[str]:
    return [word("flag." + flag.value, lang) for flag in flags]
