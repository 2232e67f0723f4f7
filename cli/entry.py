"""``main``: run the app and turn every way it can end into an exit status and a message.

0 done, 1 a problem the user can fix (diagnostics), 2 bad usage, 130 interrupted, 70 a bug in
cqdt: an unexpected exception or an :class:`~cqdt.diagnostics.InternalError` prints a short
"this is a bug in cqdt, please report it" with the exception's summary, never a raw traceback
(a user's screen is not a debugger); ``CQDT_DEBUG=1`` adds the traceback for the report.
"""

import os
import sys
import traceback
from collections.abc import Sequence

from click import exceptions as click_errors

from cqdt.cli.output import EXIT_BUG, EXIT_OK, Exit
from cqdt.cli.usage import language_from_argv, language_option_first, usage_error_vi
from cqdt.i18n import language, text
from cqdt.version import __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console command; returns (and exits with) the status."""
    from cqdt.cli.app import build_app

    args = language_option_first(list(sys.argv[1:] if argv is None else argv))
    language_from_argv(args)
    try:
        app = build_app()
        result = app.main(args=args, prog_name="cqdt", standalone_mode=False)
        code = result if isinstance(result, int) else EXIT_OK  # --help, --version: 0
    except Exit as done:
        code = done.code
    except click_errors.NoArgsIsHelpError as error:  # plain ``cqdt``: the help, exit 2
        error.show()
        code = error.exit_code
    except click_errors.UsageError as error:
        if language() == "vi":
            sys.stderr.write(usage_error_vi(error))
        else:
            error.show()
        code = error.exit_code
    except click_errors.ClickException as error:
        error.show()
        code = error.exit_code
    except click_errors.Abort:
        sys.stderr.write(text("Đã dừng.\n", "Aborted.\n"))
        code = 1
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except KeyboardInterrupt:
        code = 130
    except Exception as error:  # InternalError included: a bug in cqdt, whatever it is
        report_bug(error)
        code = EXIT_BUG
    if argv is None:
        sys.exit(code)
    return code


def report_bug(error: BaseException) -> None:
    """The "please report" message for a bug in cqdt (exit 70), in the language in force."""
    if os.environ.get("CQDT_DEBUG", "").strip() not in ("", "0"):
        sys.stderr.write(traceback.format_exc())
    summary = f"{type(error).__name__}: {error}".strip()
    sys.stderr.write(
        text(
            f"cqdt: lỗi nội bộ — đây là lỗi của cqdt {__version__}, không phải lỗi của bạn.\n"
            f"  {summary}\n"
            "Xin báo lỗi này cho nhóm phát triển, kèm lệnh đã chạy và dòng trên "
            "(chạy lại với CQDT_DEBUG=1 để có chi tiết).\n",
            f"cqdt: internal error — this is a bug in cqdt {__version__}, not your mistake.\n"
            f"  {summary}\n"
            "Please report it to the developers with the command you ran and the line above "
            "(run again with CQDT_DEBUG=1 for the details).\n",
        )
    )
