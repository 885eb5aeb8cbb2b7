"""The mock's endpoint behaviours, one module per API area, each registering with
`togen.mock.registry` (`@behaviour("chat.completions.create")`, `@routes`, ...).

Importing this package registers them all; the app factory (`togen.mock.server.app_for`)
does it once. Adding a behaviour: a module here with a registered function, and its
name in the list below.
"""

from togen.mock.behaviours import (  # noqa: F401  (imported to register)
    audio,
    chat,
    completions,
    embeddings,
    files,
    images,
    models,
    responses,
    service,
)
