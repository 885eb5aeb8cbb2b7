"""The behaviour registry: names are the SDK's operation names, registered once."""

from __future__ import annotations

import pytest

from togen.mock.engine import registry


def test_an_unknown_operation_name_is_an_error_at_registration():
    with pytest.raises(registry.UnknownBehaviour, match="no operation has that name"):
        registry.behaviour("chat.completion.create")


def test_a_second_registration_under_one_name_is_an_error():
    import togen.mock.behaviours  # noqa: F401  (what the app factory imports)

    with pytest.raises(registry.UnknownBehaviour, match="registered twice"):
        registry.behaviour("chat.completions.create")(lambda handler, call: None)


def test_every_registered_behaviour_is_an_operation_of_the_locked_spec(mock_server):
    served = set(mock_server.app.handlers)
    assert set(registry.BEHAVIOURS) <= served
    assert {k for k, h in mock_server.app.handlers.items() if h.behaviour is not None} == set(
        registry.BEHAVIOURS
    )
