"""Messages of the checks on indexes, growths and named rankings (E45x), and their words.

Merged into :data:`cqdt.compiler.messages.CHECK_MESSAGES` (one catalogue for the check phase);
kept in their own module so the constructs of :mod:`cqdt.compiler.model.aggregates` carry
their messages with them.
"""

from __future__ import annotations

from cqdt.i18n import Message

AGGREGATE_MESSAGES: dict[str, Message] = {
    "E450": Message(
        vi="'{member}' là {kind}, không tính được vào chỉ số '{name}'",
        en="'{member}' is {kind} and cannot count in the index '{name}'",
    ),
    "E450.hint": Message(
        vi="một chỉ số gồm các hạng mục, nhóm, tiêu chí hoặc nội dung được tính điểm",
        en="an index is made of scored categories, groups, indicators or items",
    ),
    "E202.hint_member": Message(
        vi="không có hạng mục, nhóm, tiêu chí hay nội dung nào mang mã này; kiểm tra chính tả",
        en="no category, group, indicator or item has this id; check the spelling",
    ),
    "E451": Message(
        vi="'{member}' được kể hai lần trong chỉ số '{name}'",
        en="'{member}' is listed twice in the index '{name}'",
    ),
    "E451.hint": Message(
        vi="mỗi thành phần chỉ kể một lần (điểm của nó sẽ bị cộng hai lần)",
        en="list each member once (its points would be added twice)",
    ),
    "E452": Message(
        vi="'{member}' không tính điểm, không thể là thành phần của chỉ số '{name}'",
        en="'{member}' is not scored and cannot count in the index '{name}'",
    ),
    "E452.hint": Message(
        vi="bỏ nó khỏi danh sách sau 'of', hoặc bỏ 'not scored' ở nút đó",
        en="remove it from the list after 'of', or drop 'not scored' on that node",
    ),
    "E453": Message(
        vi="Chỉ số '{name}' không có thang điểm ({tier}): các thành phần có tối đa 0",
        en="The index '{name}' has no scale for {tier}: its members have max 0",
    ),
    "E453.hint": Message(
        vi="chỉ số = điểm / điểm tối đa; thêm thành phần có điểm cho khối này",
        en="an index is points / max; add members that score for this tier",
    ),
    "E454": Message(
        vi="'{name}' là {kind}: mức tăng được tính trên một chỉ số ('index')",
        en="'{name}' is {kind}: a growth is computed on an index ('index')",
    ),
    "E454.hint": Message(
        vi='khai báo: index dti "Chỉ số DTI" of …, rồi: growth … on dti from …',
        en='declare: index dti "DTI" of …, then: growth … on dti from …',
    ),
    "E455": Message(
        vi="'{name}' là {kind}: giá trị năm trước phải là một số liệu kiểu số",
        en="'{name}' is {kind}: last year's value must be a number input",
    ),
    "E455.hint": Message(
        vi='khai báo: input dti_2021 "Chỉ số năm trước" number range 0 .. 1 missing zero',
        en='declare: input dti_2021 "Last year\'s index" number range 0 .. 1 missing zero',
    ),
    "kind.index": Message(vi="một chỉ số", en="an index"),
    "kind.growth": Message(vi="một mức tăng", en="a growth"),
    "kind.ranking": Message(vi="một bảng xếp hạng", en="a ranking"),
}
