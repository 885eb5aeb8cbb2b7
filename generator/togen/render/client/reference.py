"""The generated package's `api.md`: every resource, its methods' signatures and return types,
with each type linked to the module that defines it (as the official SDK's api.md).

The signatures are `MethodView.parameters`/`returns` (views.py), the ones the resource template
writes; a method an extension replaces (extensions.py) shows the extension's own signature,
read from its source. Links are relative to the package root, where api.md lands.
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass, field

import jinja2

from togen.render.client.extensions import PACKAGE_DIR, Extension, extensions_for
from togen.render.client.views import MethodView, ModuleView, ResourceView, module_view
from togen.spec.ir import API

# Runtime names a signature can use, and the runtime module defining each (not `NotGiven`,
# which every optional argument names).
RUNTIME_TYPES = {
    "Stream": "_streaming",
    "AsyncStream": "_streaming",
    "SyncCursorPagination": "pagination",
    "AsyncPaginator": "pagination",
    "BinaryAPIResponse": "_response",
    "AsyncBinaryAPIResponse": "_response",
    "FileTypes": "_types",
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_PARAMS = re.compile(r"\b_params\.(\w+)")


@dataclass
class ReferenceMethod:
    name: str  # the method's name, linked to the module defining it
    call: str  # `client.chat.completions.` before the name
    route: str  # `post /v1/chat/completions`
    parameters: str  # HTML inside <code>: the declarations, types linked
    returns: str


@dataclass
class ReferenceSection:
    level: int  # Markdown heading level: 1 for a top-level resource
    title: str
    models: list[str]  # the models its methods name
    params: list[str]  # the request TypedDicts its methods name
    methods: list[ReferenceMethod] = field(default_factory=list)


class _Linker:
    """Signature text -> HTML for a `<code>` element in Markdown, each known type a link."""

    def __init__(self, module: str, model_names: dict[str, str], homes: dict[str, str]) -> None:
        self.module = module
        self.model_names = model_names
        self.homes = homes

    def href(self, name: str) -> str | None:
        if name in self.model_names:
            model = self.model_names[name]
            return f"./src/{self.module}/models/{self.homes.get(model, '__init__')}.py"
        if name.startswith("_params."):
            return f"./src/{self.module}/params.py"
        if name in RUNTIME_TYPES:
            return f"./src/{self.module}/{RUNTIME_TYPES[name]}.py"
        return None

    def __call__(self, text: str) -> str:
        out, last = [], 0
        for match in _NAME.finditer(text):
            href = self.href(match.group())
            if href is None:
                continue
            out.append(_code_text(text[last : match.start()]))
            out.append(f'<a href="{href}">{_code_text(match.group())}</a>')
            last = match.end()
        out.append(_code_text(text[last:]))
        return "".join(out)


def _code_text(text: str) -> str:
    """Text inside an HTML `<code>` in Markdown: HTML-escaped, and `*`/`_` kept from Markdown's
    emphasis (GitHub still applies it inside inline HTML)."""
    return re.sub(r"(?<![A-Za-z0-9])_", "&#95;", html.escape(text, quote=False).replace("*", "&#42;"))


def _extension_signature(ext: Extension, class_name: str, method: str) -> tuple[list[str], str] | None:
    """The parameters (after `self`) and return annotation of the extension's own method."""
    tree = ast.parse(ext.source.read_text(), str(ext.source))
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef) and cls.name == class_name:
            for node in cls.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == method:
                    returns = ast.unparse(node.returns) if node.returns else "None"
                    return _declarations(node.args)[1:], returns  # without `self`
    return None


def _declarations(args: ast.arguments) -> list[str]:
    """`name: annotation = default` of each argument, with `/`, `*` and `**` where Python has them."""

    def declare(arg: ast.arg, default: ast.expr | None, prefix: str = "") -> str:
        text = prefix + arg.arg + (f": {ast.unparse(arg.annotation)}" if arg.annotation else "")
        return text + (f" = {ast.unparse(default)}" if default is not None else "")

    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    found = [declare(a, d) for a, d in zip(positional, [*defaults, *args.defaults], strict=True)]
    if args.posonlyargs:
        found.insert(len(args.posonlyargs), "/")
    if args.vararg is not None:
        found.append(declare(args.vararg, None, "*"))
    elif args.kwonlyargs:
        found.append("*")
    found += [declare(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)]
    if args.kwarg is not None:
        found.append(declare(args.kwarg, None, "**"))
    return found


def _sections(
    api: API, attr: str, module: ModuleView, homes: dict[str, str], extension: Extension | None
) -> list[ReferenceSection]:
    package_module = api.package.module
    linker = _Linker(package_module, module.model_names, homes)
    found: list[ReferenceSection] = []

    def visit(view: ResourceView, level: int) -> None:
        texts = [t for m in view.methods for t in (*m.parameters("impl", options=False), m.returns("impl"))]
        models = sorted({module.model_names[n] for n in module.model_names if _names(n, texts)})
        params = sorted({name for text in texts for name in _PARAMS.findall(text)})
        section = ReferenceSection(level, _title(view.path[-1]), models, params)
        for m in view.methods:
            section.methods.append(_method(api, view, m, linker, attr, extension))
        found.append(section)
        for _child_attr, child in view.children:
            visit(child, level + 1)

    visit(module.resource, 1)
    return found


def _names(local: str, texts: list[str]) -> bool:
    pattern = re.compile(rf"(?<![\w.]){re.escape(local)}(?![\w])")
    return any(pattern.search(text) for text in texts)


def _method(
    api: API, view: ResourceView, m: MethodView, linker: _Linker, attr: str, extension: Extension | None
) -> ReferenceMethod:
    module_file = f"./src/{api.package.module}/resources/{attr}.py"
    name = m.name
    mode = "impl" if m.overloaded else "plain"
    parameters, returns = m.parameters(mode, options=False), m.returns(mode)
    public = name.lstrip("_")
    if extension is not None and public != name and public in extension.methods and len(view.path) == 1:
        replaced = _extension_signature(extension, view.class_name, public)
        if replaced is not None:
            name, (parameters, returns) = public, replaced
            module_file = f"./src/{api.package.module}/{PACKAGE_DIR}/{attr}.py"
    call = "client." + "".join(f"{part}." for part in view.path)
    return ReferenceMethod(
        name=f'<a href="{module_file}">{_code_text(name)}</a>',
        call=_code_text(call),
        route=f"{m.http_method.lower()} {m.path}",
        parameters=", ".join(linker(p) for p in parameters),
        returns=linker(returns),
    )


def _title(attr: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in attr.split("_"))


def render_api_reference(
    api: API,
    env: jinja2.Environment,
    *,
    class_names: dict[str, str],
    model_classes: set[str],
    param_classes: set[str],
    homes: dict[str, str],
) -> str:
    """The text of api.md; `homes` maps each model name to its module of the models package."""
    extended = extensions_for(api)
    sections: list[ReferenceSection] = []
    for attr, node in sorted(api.root.children.items()):
        module = module_view(api, node, class_names, model_classes, param_classes)
        sections.extend(_sections(api, attr, module, homes, extended.get(attr)))
    return env.get_template("package/api.md.jinja").render(api=api, package=api.package, sections=sections)
