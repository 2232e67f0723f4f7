"""``cqdt fmt`` for indexes, growths and named rankings: written after the main ranking, in
file order, every maximum written out (as for the hierarchy)."""

from __future__ import annotations

from cqdt.compiler.model.lower_aggregates import member_maxima
from cqdt.compiler.model.nodes import Framework


def print_aggregates(printer, fw: Framework) -> None:
    """Emit the declarations through ``printer`` (the framework printer's ``emit``/``word``)."""
    for index in fw.indexes:
        printer.emit()
        printer.comments(index.comments)
        context = member_maxima(fw.categories, index.members, fw.tier_ids).tiers or fw.tier_ids
        maximum = printer.max_clause(index.maxima, context, allow_for=False)
        members = ", ".join(index.members)
        word = printer.word
        header = f'{word("INDEX")} {index.id} "{index.label}" {word("OF")} {members} {maximum}'
        if index.levels is None:
            printer.emit(header)
        else:
            printer.open(header)
            printer.levels(index.levels)
            printer.close()
        printer.end_of_line(index.end_comment)
    for growth in fw.growths:
        printer.emit()
        printer.comments(growth.comments)
        word = printer.word
        printer.emit(
            f'{word("GROWTH")} {growth.id} "{growth.label}" {word("ON")} {growth.of} '
            f"{word('FROM')} {growth.previous}"
        )
        printer.end_of_line(growth.end_comment)
    for named in fw.rankings:
        printer.emit()
        printer.ranking(
            named.ranking, header=f'{printer.word("RANKING")} {named.id} "{named.label}"'
        )
