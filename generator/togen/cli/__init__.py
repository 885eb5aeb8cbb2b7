"""`togen`'s command line: the root group (`togen.cli.root`), one module per command
(`togen.cli.commands`), the options they share (`togen.cli.options`) and the Ctrl-C exit
(`togen.cli.interrupt`). Products below expose plain functions; only this package knows click."""

from togen.cli.root import app, main

__all__ = ["app", "main"]
