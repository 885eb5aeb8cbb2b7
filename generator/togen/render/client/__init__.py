"""The generated client's renderer.

types.py    JSON Schema -> `TypeExpr` (type expressions that know their imports)
views.py    the per-resource and per-method data the templates read, and module imports
examples.py the README's per-resource examples
render.py   `render_client`: the runtime, `_client.py` and `resources/*.py`
"""

from togen.render.client.examples import readme_examples
from togen.render.client.render import (
    guess_model_classes,
    guess_param_classes,
    model_classes_of,
    render_client,
)

__all__ = [
    "guess_model_classes",
    "guess_param_classes",
    "model_classes_of",
    "readme_examples",
    "render_client",
]
