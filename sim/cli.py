"""`floor sim …` commands (filled in by the robots and simulator work)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `sim` command group to the `floor` command line."""
