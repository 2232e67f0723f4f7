"""cqdt — compile evaluation frameworks to batch scoring and a published annex.

The public Python API::

    import cqdt
    fw = cqdt.load("frameworks/2018_backan.cqdt")     # parse + check, or CqdtError
    res = fw.score("examples/backan_2018/inputs.xlsx")  # validate, score, level, rank
    res.frame                                           # polars DataFrame, one column per node
    res.explain("P12")                                  # one unit's trace
    res.write("out/")                                   # results.json/.xlsx, annex.html/.md

Importing ``cqdt`` is cheap: Polars, Lark and the writers load when first needed.
"""

from cqdt.api import LoadedFramework, Results, bundled, load  # noqa: E402
from cqdt.diagnostics import CqdtError, Diagnostic  # noqa: E402
from cqdt.version import __version__  # noqa: E402

__all__ = [
    "CqdtError",
    "Diagnostic",
    "LoadedFramework",
    "Results",
    "__version__",
    "bundled",
    "load",
]
