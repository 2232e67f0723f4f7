"""Messages of ``cqdt history`` (reading several editions' results.json), by code.

``E950`` a file that is not a cqdt results document; ``E951`` two files of one edition. Codes
are stable; texts may improve freely.
"""

from __future__ import annotations

from cqdt.i18n import Catalogue, Message, register

__all__ = ["CATALOGUE", "MESSAGES"]

MESSAGES: dict[str, Message] = {
    "E950": Message(
        vi="{file} không phải tệp results.json của cqdt ({reason})",
        en="{file} is not a cqdt results.json ({reason})",
    ),
    "E950.hint": Message(
        vi="đưa vào tệp results.json mà cqdt score đã ghi cho mỗi kỳ đánh giá",
        en="give the results.json that cqdt score wrote for each edition",
    ),
    "E950.unreadable": Message(vi="không đọc được tệp", en="the file cannot be read"),
    "E950.json": Message(vi="không phải JSON hợp lệ", en="not valid JSON"),
    "E950.schema": Message(
        vi="thiếu lược đồ cqdt-results/1", en="it lacks the cqdt-results/1 schema"
    ),
    "E951": Message(
        vi="{first} và {second} cùng là kết quả của {edition}",
        en="{first} and {second} are both results of {edition}",
    ),
    "E951.hint": Message(
        vi="mỗi kỳ đánh giá chỉ đưa vào một tệp results.json",
        en="give one results.json per edition",
    ),
}

CATALOGUE = register(Catalogue(name="history", prefixes=("E95",), messages=MESSAGES))
