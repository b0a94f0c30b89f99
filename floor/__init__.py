"""The floor orchestrator of a public administrative service center."""

__version__ = "0.1.0"
