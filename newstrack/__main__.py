"""``python -m newstrack`` and the ``newstrack`` command: the CLI, imported only when it runs.

Kept apart from ``newstrack.cli`` on purpose: the spawn start method of multiprocessing imports the
parent's main module in every child process, so each extraction worker would otherwise load the
whole CLI (click, SQLModel, Alembic: about 50 MB a worker) only to run ``newstrack.crawler.worker``.  A main
module named ``newstrack.__main__`` is not imported by the children at all.
"""


def main() -> None:
    import gc

    # Importing the CLI (SQLAlchemy, SQLModel, click) makes objects that live as long as the process
    # and leaves no garbage to collect: the cyclic collector is off while it runs, and what it made is
    # frozen (never walked by a later collection, nor by the one at exit).
    gc.disable()
    try:
        from newstrack.cli import run
    finally:
        gc.freeze()
        gc.enable()
    run()


if __name__ == "__main__":
    main()
