"""The mock's endpoint behaviours, one module per API area, each registering with
`togen.mock.engine.registry` (`@behaviour("chat.completions.create")`, `@routes`, ...).

Importing this package imports every module in it, in name order, which registers them
all; the app factory (`togen.mock.server.app_for`) does it once. Adding a behaviour is one
file: a module here with a registered function (a name registered twice is an error).
"""

import importlib
import pkgutil

for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
