"""cqdt — compile evaluation frameworks to batch scoring and a published annex.

The public Python API (everything the docs send users to is importable from ``cqdt``)::

    import cqdt
    fw = cqdt.load("frameworks/2018_backan.cqdt")     # parse + check, or CqdtError
    res = fw.score("examples/backan_2018/inputs.xlsx")  # validate, score, level, rank
    res.frame                                           # polars DataFrame, one column per node
    res.explain("P12")                                  # one unit's trace
    res.write("out/", formats=["docx"])                 # the defaults + annex.docx, all or nothing
    cqdt.write_template(fw, "form.xlsx")                # the survey form
    cqdt.read_inputs(fw, "inputs.xlsx")                 # validated answers (InputData)
    cqdt.score_to_parquet(fw, "inputs/*.parquet", "out/")  # runs larger than memory
    cqdt.diff("2018.cqdt", "2019.cqdt", data="inputs.xlsx")  # what changed, whom it affects

Importing ``cqdt`` is cheap: Polars, Lark and the writers load when first needed.
"""

from cqdt.api import (  # noqa: E402
    LoadedFramework,
    Results,
    bundled,
    diff,
    load,
    load_units,
    read_inputs,
    score_to_parquet,
    write_template,
)
from cqdt.diagnostics import CqdtError, Diagnostic, InternalError  # noqa: E402
from cqdt.version import __version__  # noqa: E402

__all__ = [
    "CqdtError",
    "Diagnostic",
    "InternalError",
    "LoadedFramework",
    "Results",
    "__version__",
    "bundled",
    "diff",
    "load",
    "load_units",
    "read_inputs",
    "score_to_parquet",
    "write_template",
]
