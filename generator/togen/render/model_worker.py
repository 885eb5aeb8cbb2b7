"""The processes that render the model layer beside the main one.

datamodel-code-generator is most of a cold `togen generate`: importing it takes as long as
loading the spec, and rendering the models takes longer than everything else together. So
`togen generate` forks a `ModelWorker` first thing, before its command line parser is even
imported (`prestart`). The worker imports and warms up the generator while the main process
loads the spec, then renders the model layer of the API it is handed (`render_model_layer`:
it forks twice more, for the second half of the models and for params.py) while the main
process renders the client.

This module imports nothing heavy: it runs before anything else of the CLI has loaded.
Where fork is unavailable, everything renders in the main process, with the same result.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from togen.core.errors import SpecError, is_interrupt

if TYPE_CHECKING:
    from togen.render.models import RenderedModels, RenderedParams
    from togen.spec.ir import API

    ModelLayer = tuple[RenderedModels, RenderedParams]

T = TypeVar("T")

_prestarted: ModelWorker | None = None


def prestart() -> None:
    """Start a worker now, for the `generate` that will `take` it."""
    global _prestarted
    if _prestarted is None:
        _prestarted = ModelWorker()


def take() -> ModelWorker:
    """The pre-started worker, else a new one."""
    global _prestarted
    worker = _prestarted or ModelWorker()
    _prestarted = None
    return worker


def discard_prestarted() -> None:
    """Stop a pre-started worker nobody took (the command failed, or was not a generation)."""
    global _prestarted
    if _prestarted is not None:
        _prestarted.close()
        _prestarted = None


def _fork_context() -> Any:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def in_fork(render: Callable[[], T], spec_name: str) -> Callable[[], T]:
    """Run `render` in a forked process and return a function that waits for its result.
    Where fork is unavailable `render` runs right here; the result is the same."""
    context = _fork_context()
    if context is None:
        result = render()
        return lambda: result
    receiver, sender = context.Pipe(duplex=False)
    # Not a daemon: the model worker forks a worker of its own. Every path joins it.
    process = context.Process(target=_quietly_interruptible, args=(_render_into, sender, render, spec_name))
    with _interrupts_held():
        process.start()
    sender.close()

    def wait() -> T:
        outcome = _receive(receiver, process, spec_name)
        result: T = outcome
        return result

    return wait


def settle(*pending: Callable[[], object]) -> None:
    """Wait for started workers whose results are no longer wanted (the caller failed): a worker
    left blocked on sending its result would hang the interpreter's exit, which joins it."""
    for wait in pending:
        with contextlib.suppress(Exception):
            wait()


def gather(*pending: Callable[[], object]) -> list[Any]:
    """Every worker's result, in order; all are joined before the first error is raised."""
    results: list[Any] = []
    error: BaseException | None = None
    for wait in pending:
        try:
            results.append(wait())
        except BaseException as exc:  # noqa: BLE001 - raised once the others are joined
            error = error or exc
    if error is not None:
        raise error
    return results


def _receive(receiver: Any, process: Any, spec_name: str) -> Any:
    """A worker's result, or the error it sent; the worker is joined either way."""
    try:
        outcome = receiver.recv()
    except EOFError:
        outcome = SpecError(spec_name, "/components/schemas", "model generation process died")
    finally:
        receiver.close()
        process.join()
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _quietly_interruptible(target: Callable[..., None], *args: Any) -> None:
    """A worker's entry point. Ctrl-C reaches the whole process group: the main process stops
    with exit code 130, so a worker just ends, without a traceback of its own. The worker was
    forked with Ctrl-C held back (`_interrupts_held`) and takes it only here."""
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        target(*args)
    except BaseException as exc:
        if not is_interrupt(exc):
            raise


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while forking: a child interrupted before it reaches its entry point
    would print multiprocessing's traceback. This process takes a held Ctrl-C right after."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _render_into(sender: Any, render: Callable[[], object], spec_name: str) -> None:
    try:
        outcome: object = render()
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
        if is_interrupt(exc):
            raise
        outcome = (
            exc if isinstance(exc, SpecError) else SpecError(spec_name, "", f"{type(exc).__name__}: {exc}")
        )
    sender.send(outcome)
    sender.close()


class ModelWorker:
    """A process that imports and warms up datamodel-code-generator, then renders the model layer
    (`render_model_layer`) of the one API it is handed."""

    def __init__(self) -> None:
        self._process: Any = None
        context = _fork_context()
        if context is None:
            return
        requests, self._requests = context.Pipe(duplex=False)  # (receiving end, sending end)
        self._results, results = context.Pipe(duplex=False)
        # Not a daemon: it forks a worker of its own. `render` or `close` always joins it.
        parents_ends = (self._requests, self._results)  # the worker closes its copies, so it sees EOF
        self._process = context.Process(
            target=_quietly_interruptible, args=(_serve, requests, results, parents_ends)
        )
        with _interrupts_held():
            self._process.start()
        requests.close()
        results.close()

    def render(self, api: API, header: str) -> Callable[[], ModelLayer]:
        """Start rendering `api`'s model layer; the returned function waits for it."""
        if self._process is None:
            return in_fork(lambda: render_model_layer(api, header), api.spec_name)
        process, results = self._process, self._results
        self._process = None
        self._requests.send((api, header))
        self._requests.close()

        def wait() -> ModelLayer:
            rendered: ModelLayer = _receive(results, process, api.spec_name)
            return rendered

        return wait

    def close(self) -> None:
        """Stop the worker if it was never handed an API (no spec, or not a generation): it has
        no worker of its own yet, so it can simply be terminated."""
        if self._process is not None:
            self._process.terminate()
            self._requests.close()
            self._results.close()
            self._process.join()
            self._process = None


def _serve(requests: Any, results: Any, parents_ends: tuple[Any, ...]) -> None:
    for end in parents_ends:
        end.close()
    from togen.render.models import warm_up

    warm_up()
    try:
        api, header = requests.recv()
    except EOFError:
        return
    _render_into(results, lambda: render_model_layer(api, header), api.spec_name)


def render_model_layer(api: API, header: str) -> ModelLayer:
    """The models package and params.py, in three processes.

    datamodel-code-generator is imported once; then two forked workers render params.py and the
    second half of the resources' models while this process renders the first half: two
    documents, each closed under references (the few schemas both halves use render twice, and
    the first rendering is kept). Three processes on two cores leave the balancing to the
    operating system. Without fork, everything renders here, with the same result."""
    import datamodel_code_generator.model.pydantic_v2
    import datamodel_code_generator.model.typed_dict
    import datamodel_code_generator.parser.openapi  # noqa: F401 - imported before forking, inherited

    from togen.render.models import (
        class_names_of,
        model_groups,
        model_layer,
        models_source,
        module_parts,
        render_params,
        resource_components,
    )

    class_names = class_names_of(api)
    per_resource = resource_components(api)  # splits the halves, then the models modules
    first, second = model_groups(api, per_resource)
    workers = (
        in_fork(lambda: module_parts(models_source(api, header, class_names, second)), api.spec_name),
        in_fork(lambda: render_params(api, header), api.spec_name),
    )
    try:
        parts = module_parts(models_source(api, header, class_names, first))
    except BaseException:
        settle(*workers)
        raise
    later, params = gather(*workers)
    return model_layer(api, header, class_names, [parts, later], params, per_resource)
