"""Render the generated client: the static runtime, `_client.py` and one module per resource.

The runtime files (`templates/runtime/*.py`) are copied verbatim; `_client.py` and
`resources/*.py` are rendered from `templates/client/*.jinja` with the views of views.py,
so the templates stay declarative (they only lay out names, types and strings).
"""

from __future__ import annotations

import re

import jinja2

from togen.core.resources import templates_dir
from togen.render.client.extensions import PACKAGE_DIR, extensions_for
from togen.render.client.views import module_view
from togen.spec.ir import API, Resource
from togen.spec.view import SchemaView

RUNTIME_DIR = templates_dir() / "runtime"


def model_classes_of(modules: dict[str, str]) -> set[str]:
    """Names of the BaseModel classes in the generated models package ({path: source})."""
    return {
        name for source in modules.values() for name in re.findall(r"^class (\w+)\(", source, re.MULTILINE)
    }


def guess_model_classes(api: API, class_names: dict[str, str]) -> set[str]:
    """Without the models package at hand: the classes of `object_classes` a response can hold
    or no operation reaches (`models.model_components`); the others are request TypedDicts only."""
    from togen.render.models import model_components

    models = {class_names[c] for c in model_components(api) if c in class_names}
    return models & object_classes(api, class_names)


def guess_param_classes(api: API, class_names: dict[str, str]) -> set[str]:
    """Without params.py at hand: the classes of `object_classes` a request can send become TypedDicts."""
    from togen.render.models import request_components

    sent = {class_names[c] for c in request_components(api) if c in class_names}
    return sent & object_classes(api, class_names)


def object_classes(api: API, class_names: dict[str, str]) -> set[str]:
    """Components that are objects with properties: datamodel-code-generator makes them classes
    (models, or TypedDicts), the others type aliases."""
    found = set()
    for component, name in class_names.items():
        view = api.view(api.schemas.get(component))
        if view.ref is not None or view.branches or view.enum is not None or view.has_const:
            continue  # an alias of another component, a union or a set of values: no class
        if (
            "properties" in view.schema
            or view.all_of
            or (view.declared == ("object",) and not isinstance(view.additional, SchemaView))
        ):
            found.add(name)
    return found


def render_client(
    api: API,
    env: jinja2.Environment,
    *,
    class_names: dict[str, str] | None = None,
    model_classes: set[str] | None = None,
    param_classes: set[str] | None = None,
) -> dict[str, str]:
    """{path inside the package: text} of the runtime, `_client.py` and `resources/*.py`.

    Pass `class_names` (component -> class, from models.render_models), `model_classes` (its
    BaseModel classes) and `param_classes` (the TypedDicts of params.py) to type against exactly
    what the model generator produced; without them they are derived from the schemas.
    """
    if class_names is None:
        from togen.render.models import class_names_of

        class_names = class_names_of(api)
    if model_classes is None:
        model_classes = guess_model_classes(api, class_names)
    if param_classes is None:
        param_classes = guess_param_classes(api, class_names)
    files: dict[str, str] = {}
    for path in sorted(RUNTIME_DIR.glob("*.py")):
        files[path.name] = path.read_text()
    top = []
    extended = extensions_for(api)
    modules = {attr: f"resources.{attr}" for attr in api.root.children}
    for attr, ext in extended.items():
        modules[attr] = ext.module
        files[f"{PACKAGE_DIR}/{attr}.py"] = ext.source.read_text()
    if extended:
        files[f"{PACKAGE_DIR}/__init__.py"] = (
            '"""Hand-written methods on top of the generated resources (kept in togen\'s templates)."""\n'
        )
    for attr, node in sorted(api.root.children.items()):
        module = module_view(api, node, class_names, model_classes, param_classes)
        top.append((attr, module.resource))
        files[f"resources/{attr}.py"] = env.get_template("client/resource.py.jinja").render(module=module)
    files["resources/__init__.py"] = '"""One module per top-level resource; imported on first use."""\n'
    # operations outside every resource (the official SDK's `client.whoami()`) are the client's
    # own methods; named as its class, the view's names stay clear of the client's classes
    root = (
        module_view(
            api,
            Resource((api.package.client_class,), list(api.root.operations)),
            class_names,
            model_classes,
            param_classes,
        )
        if api.root.operations
        else None
    )
    files["_client.py"] = env.get_template("client/_client.py.jinja").render(
        api=api,
        package=api.package,
        resources=top,
        modules=modules,
        default_base_url=api.default_server_url or api.package.default_base_url,
        root=root,
    )
    return files
