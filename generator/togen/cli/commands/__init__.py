"""One module per `togen` command, each defining its click command: light at import (click and
the options), the command's work imported when it runs."""
