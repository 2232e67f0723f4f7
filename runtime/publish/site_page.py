"""What every page of the results site tells its layout (``templates/site/base.html.j2``)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SitePage"]


@dataclass(frozen=True)
class SitePage:
    """A page's place in the site: ``root`` leads back to the top (``""`` or ``"../"``),
    ``current`` marks its link in the navigation; a ``standalone`` page (``cqdt history``)
    has no site around it and no navigation."""

    root: str
    current: str
    has_history: bool
    title: str
    lang: str
    version: str = ""
    standalone: bool = False
