"""Builder methods for indexes, growth and named rankings (see :mod:`cqdt.dsl.ast_aggregates`).

A mixin of :class:`cqdt.dsl.build.SurfaceBuilder`, like
:class:`~cqdt.dsl.build_declarations.DeclarationRules`, whose ``ranking`` method builds the
body of a named ranking.
"""

from __future__ import annotations

from cqdt.dsl import ast
from cqdt.dsl.ast_aggregates import SurfaceGrowth, SurfaceIndex, SurfaceNamedRanking


class AggregateRules:
    """Grammar rules ``index_decl``, ``growth_decl``, ``named_ranking`` → surface nodes."""

    def index_decl(self, meta, children):
        name, label, *rest = children
        members = tuple(c for c in rest if isinstance(c, ast.Name))
        max_clause = next((c for c in rest if isinstance(c, ast.SurfaceMax)), None)
        levels = next((c[1] for c in rest if isinstance(c, tuple) and c[0] == "index_body"), None)
        comments, end = self.layout(meta)
        return "index", SurfaceIndex(
            name,
            self._string(label),
            members,
            max_clause,
            levels,
            span=self.span(meta),
            comments=comments,
            end_comment=end,
        )

    def index_body(self, meta, children):
        levels = next((v for k, v in children if k == "levels"), None)
        return "index_body", levels

    def growth_decl(self, meta, children):
        name, label, of, previous = children
        comments, end = self.layout(meta)
        return "growth", SurfaceGrowth(
            name,
            self._string(label),
            of,
            previous,
            span=self.span(meta),
            comments=comments,
            end_comment=end,
        )

    def named_ranking(self, meta, children):
        name, label, *body = children
        _, ranking = self.ranking(meta, body)
        return "named_ranking", SurfaceNamedRanking(name, self._string(label), ranking)
