"""The methods note: how levels and ranks were decided, in the reader's words.

Each level row becomes a sentence (``điểm ≥ 90% điểm tối đa và mỗi nhóm ≥ 70% …``) and the
ranking rule, its tie policy and tie-breaks become sentences too, all from the framework.
"""

from __future__ import annotations

from cqdt.compiler.model.nodes import (
    Category,
    Condition,
    Framework,
    Subject,
    TiePolicy,
    UnclassifiedRanking,
)
from cqdt.compiler.plan.columns import TOTAL
from cqdt.dsl.expr import Binary, Expr, Ref
from cqdt.number_format import format_number, format_percent
from cqdt.runtime.publish.report_model import LevelRule, MethodsNote
from cqdt.runtime.publish.report_tiers import plain_decimals

__all__ = ["methods_note"]


def methods_note(fw: Framework, words, lang: str) -> MethodsNote:
    levels = []
    for category in fw.categories:
        table = category.levels
        if table is None:
            continue
        rows = tuple(
            LevelRule(
                label=lv.label, rule=_conditions_text(fw, category, lv.conditions, words, lang)
            )
            for lv in table.levels
        )
        rows += (LevelRule(label=table.unclassified_label, rule=words["otherwise"]),)
        levels.append((category.label, rows))
    return MethodsNote(
        title=fw.meta.title,
        basis=fw.meta.basis,
        levels=tuple(levels),
        ranking=_ranking_text(fw, words),
        rounding=words["rounding_rule"].format(decimals=fw.decimals),
    )


def _conditions_text(
    fw: Framework, category: Category, conditions: tuple[Condition, ...], words, lang
) -> str:
    parts = []
    for cond in conditions:
        op = "≥" if cond.op == ">=" else ">"
        if cond.percent:
            value = words["cond_percent"].format(value=format_percent(cond.threshold, 0, lang))
        else:
            value = words["cond_points"].format(
                value=format_number(cond.threshold, plain_decimals(cond.threshold), lang)
            )
        if cond.subject is Subject.SCORE:
            parts.append(words["cond_score"].format(op=op, value=value))
        elif cond.subject is Subject.EACH_GROUP:
            parts.append(words["cond_each_group"].format(op=op, value=value))
        else:
            group = next((g.label for g in category.groups if g.id == cond.group), cond.group)
            parts.append(words["cond_group"].format(group=group, op=op, value=value))
    return words["cond_and"].join(parts)


def _measure_text(fw: Framework, expr: Expr) -> str:
    """A ranking measure in words: ``Tổng điểm``, ``Điều kiện sẵn sàng + Kết quả …``."""
    if isinstance(expr, Ref):
        if expr.id == TOTAL:
            return fw.total_label
        try:
            node = fw.node(expr.id)
        except KeyError:
            return expr.id
        return getattr(node, "label", None) or expr.id
    if isinstance(expr, Binary) and expr.op in ("+", "-"):
        return f"{_measure_text(fw, expr.left)} {expr.op} {_measure_text(fw, expr.right)}"
    return fw.total_label  # any other measure: the published total is what it ranks by


def _ranking_text(fw: Framework, words) -> tuple[str, ...]:
    ranking = fw.ranking
    if ranking is None:
        return (words["no_ranking"],)
    measure = _measure_text(fw, ranking.measure)
    key = "ties_dense" if ranking.ties is TiePolicy.DENSE else "ties_competition"
    sentences = [words[key].format(measure=measure)]
    if not ranking.descending:
        sentences.append(words["ties_ascending"])
    if ranking.tiebreaks:
        names = ", ".join(_measure_text(fw, tb.measure) for tb in ranking.tiebreaks)
        sentences.append(words["tiebreaks"].format(measures=names))
    policy = {
        UnclassifiedRanking.RANKED: "unranked_ranked",
        UnclassifiedRanking.LAST: "unranked_last",
        UnclassifiedRanking.UNRANKED: "unranked_unranked",
    }[ranking.unclassified]
    sentences.append(words[policy])
    return tuple(sentences)
