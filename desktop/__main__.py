from desktop.sandbox.dumps import disable_core_dumps

disable_core_dumps()  # before anything else loads: no key or prompt of ours ever in a dump

from desktop.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
