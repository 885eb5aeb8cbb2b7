"""Every method of `responses` against the mock: required arguments only, then all of them,
sync and async, with strict response validation (generated; do not edit)."""

from __future__ import annotations

from typing import Any

import pytest

from together_client import AsyncTogether, Together


def test_responses_create(client: Together, consume: Any) -> None:
    consume(client.responses.create(model="MiniMaxAI/MiniMax-M2.7", input="string"))


def test_responses_create_with_all_params(client: Together, consume: Any) -> None:
    consume(
        client.responses.create(
            model="MiniMaxAI/MiniMax-M2.7",
            input="string",
            instructions="string",
            tools=[
                {
                    "type": "function",
                    "name": "mock-name-168",
                    "description": "This is a mock response from togen.",
                    "parameters": {},
                    "strict": False,
                }
            ],
            tool_choice="auto",
            parallel_tool_calls=False,
            stream=False,
            store=False,
            previous_response_id=None,
            temperature=1.0,
            top_p=0.5,
            max_output_tokens=53,
            metadata={},
            user="string",
        )
    )


def test_responses_create_streaming(client: Together, consume: Any) -> None:
    consume(client.responses.create(model="MiniMaxAI/MiniMax-M2.7", input="string", stream=True))


@pytest.mark.anyio
async def test_async_responses_create(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(await async_client.responses.create(model="MiniMaxAI/MiniMax-M2.7", input="string"))


@pytest.mark.anyio
async def test_async_responses_create_with_all_params(async_client: AsyncTogether, aconsume: Any) -> None:
    await aconsume(
        await async_client.responses.create(
            model="MiniMaxAI/MiniMax-M2.7",
            input="string",
            instructions="string",
            tools=[
                {
                    "type": "function",
                    "name": "mock-name-168",
                    "description": "This is a mock response from togen.",
                    "parameters": {},
                    "strict": False,
                }
            ],
            tool_choice="auto",
            parallel_tool_calls=False,
            stream=False,
            store=False,
            previous_response_id=None,
            temperature=1.0,
            top_p=0.5,
            max_output_tokens=53,
            metadata={},
            user="string",
        )
    )
