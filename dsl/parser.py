"""The former name of :mod:`cqdt.dsl.parsing`, kept for importers not yet moved.

``compiler/load.py`` and ``benchmarks/bench_compile.py`` still import ``cqdt.dsl.parser``
(the benchmark also swaps the parser's cache function to time a build from the grammar). So
that both keep working unchanged, this name is the very module :mod:`cqdt.dsl.parsing`, not a
copy of some of its names. New code imports ``parse`` from :mod:`cqdt.dsl` (or
:mod:`cqdt.dsl.parsing`) and ``suggest`` from :mod:`cqdt.dsl.suggest`.
"""

import sys

from cqdt.dsl import parsing

sys.modules[__name__] = parsing
