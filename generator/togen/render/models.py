"""Pydantic v2 models of every component schema, via datamodel-code-generator's API.

The normalizer has already hoisted inline objects into named components, so every
class name comes from a schema name or its context, never a counter. Component names
that are not identifiers (`RL.TrainingSession`) are renamed (`RLTrainingSession`)
before the document goes in, which also avoids datamodel-code-generator's
dotted-name modules. Enums become `Literal`s, unions discriminated where the
normalizer found a tag, and every model keeps unknown fields (`extra="allow"`).
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from togen.errors import SpecError
from togen.resources import templates_dir
from togen.spec.ir import API
from togen.spec.normalize import SCHEMA_NAME_KEY, schema_class_name
from togen.spec.schema import unescape_pointer_token

# Options passed to datamodel-code-generator. Formatting is left to one `ruff format`
# over the whole package afterwards (the generator's own black/isort pass is slow).
DCG_OPTIONS: dict[str, Any] = {
    "input_file_type": "openapi",
    "output_model_type": "pydantic_v2.BaseModel",
    "target_python_version": "3.11",
    "openapi_scopes": ["schemas"],
    "enum_field_as_literal": "all",
    "use_type_alias": True,
    "use_annotated": True,
    "field_constraints": True,
    "use_union_operator": True,
    "use_standard_collections": True,
    "use_field_description": True,
    "extra_fields": "allow",
    "disable_timestamp": True,
    "use_double_quotes": True,
    "formatters": [],
}

# Models that get convenience behaviour from templates/models/_model_helpers.py, which is
# copied next to models.py: class name -> base class.
MODEL_BASES = {"Response": "_model_helpers.ResponseHelpers"}
MODEL_BASE = "_model_helpers.BaseModel"  # every other model: to_dict() and to_json()
HELPERS_FILE = templates_dir() / "models" / "_model_helpers.py"

_REF_PATTERN = re.compile(r'"#/components/schemas/([^"]+)"')


@dataclass
class RenderedModels:
    source: str
    helpers: str  # source of _model_helpers.py
    class_names: dict[str, str]  # component schema name -> Python name in models.py


def class_names_of(api: API) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set()
    for component in sorted(api.schemas):
        name = schema_class_name(component)
        while name in taken:  # `A.B` and `AB` both exist: keep both, distinguishably
            name += "Schema"
        taken.add(name)
        names[component] = name
    return names


def models_input(api: API, class_names: dict[str, str]) -> dict[str, Any]:
    """The OpenAPI document datamodel-code-generator reads: components only, renamed."""
    text = json.dumps(api.schemas)

    def rename(match: re.Match[str]) -> str:
        component = unescape_pointer_token(match.group(1))
        return f'"{SCHEMA_NAME_KEY}{class_names.get(component, component)}"'

    schemas = json.loads(_REF_PATTERN.sub(rename, text))
    return {
        "openapi": "3.1.0",
        "info": {"title": api.title, "version": "0"},
        "paths": {},
        "components": {"schemas": {class_names[name]: schema for name, schema in schemas.items()}},
    }


def start_render_models(api: API, header: str) -> Callable[[], RenderedModels]:
    """Start `render_models` in a forked process and return a function that waits for it.

    datamodel-code-generator is most of a cold `togen generate` and needs nothing but the IR, so
    the client, MCP and README render meanwhile on the other core. Where fork is unavailable the
    models render right here. The result is the same either way."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        rendered = render_models(api, header)
        return lambda: rendered
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_render_into, args=(sender, api, header), daemon=True)
    process.start()
    sender.close()

    def wait() -> RenderedModels:
        try:
            outcome = receiver.recv()
        except EOFError:
            outcome = SpecError(api.spec_name, "/components/schemas", "model generation process died")
        finally:
            receiver.close()
            process.join()
        if isinstance(outcome, BaseException):
            raise outcome
        result: RenderedModels = outcome
        return result

    return wait


def _render_into(sender: Any, api: API, header: str) -> None:
    try:
        outcome: object = render_models(api, header)
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (
            exc
            if isinstance(exc, SpecError)
            else SpecError(api.spec_name, "", f"{type(exc).__name__}: {exc}")
        )
    sender.send(outcome)
    sender.close()


def render_models(api: API, header: str) -> RenderedModels:
    from datamodel_code_generator import generate

    class_names = class_names_of(api)
    document = models_input(api, class_names)
    with warnings.catch_warnings():
        # Unknown formats ("float64") fall back to the plain type, which is what we want.
        warnings.simplefilter("ignore")
        try:
            module = api.package.module
            bases: dict[str, str | list[str]] = {
                name: f"{module}.{base}" for name, base in MODEL_BASES.items() if name in class_names.values()
            }
            output = generate(
                document,
                custom_file_header=header,
                base_class=f"{module}.{MODEL_BASE}",
                base_class_map=bases or None,
                **DCG_OPTIONS,
            )
        except Exception as exc:  # the generator's own errors carry no location we can add
            raise SpecError(api.spec_name, "/components/schemas", f"model generation failed: {exc}") from None
    if not isinstance(output, str):
        raise SpecError(api.spec_name, "/components/schemas", "model generation produced several modules")
    defined = set(re.findall(r"^(?:class (\w+)|(\w+) = TypeAliasType)", output, re.MULTILINE))
    defined_names = {a or b for a, b in defined}
    missing = sorted(name for name in class_names.values() if name not in defined_names)
    if missing:
        # datamodel-code-generator renamed or dropped these; keep the mapping truthful.
        for component, name in list(class_names.items()):
            if name in missing:
                del class_names[component]
    return RenderedModels(output, HELPERS_FILE.read_text(), class_names)
