"""The ``cqdt`` command: check, fmt, template, score, explain, diff, compile.

Exit status (design.md, "Command line contract"): 0 done (warnings allowed); 1 a problem the user
can fix in the framework or the data, shown as diagnostics and never as a traceback; 2 bad usage
(unknown flag, missing file); 70 a bug in cqdt (a short "please report" message with the error's
summary; ``CQDT_DEBUG=1`` adds the traceback).

Help and messages are in Vietnamese by default; ``--lang en`` or ``CQDT_LANG=en`` gives English.
The language is chosen before the commands are built, so ``--help`` is translated too.

The command line owns all terminal output; the pipeline itself runs in :mod:`cqdt.driver`.
Modules: ``entry`` (``main`` and the exit statuses), ``app`` (global options), ``params`` (the
click building blocks: translated help, shared parameters), the commands
(``framework_commands``, ``score_commands``, ``diff_command``), ``output``, ``usage``.
"""

from cqdt.cli.app import build_app
from cqdt.cli.entry import main

__all__ = ["build_app", "main"]
