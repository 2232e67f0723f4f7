"""``python -m cqdt.cli``: the console command."""

from cqdt.cli.entry import main

if __name__ == "__main__":  # pragma: no cover - run as a process in the tests
    main()
