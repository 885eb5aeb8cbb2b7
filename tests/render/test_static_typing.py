"""mypy --strict on code users write: request-dict mistakes are type errors, correct calls and
every Python example of the generated README pass as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

# Each line marked `# error` must get a mypy error; no other line may.
REQUEST_DICTS = """
from together_client import Together
from together_client.params import ChatCompletionRequest

client = Together()
client.chat.completions.create(model="m", messages=[{"role": "user", "contnt": "hi"}])  # error
client.chat.completions.create(model="m", messages=[{"role": "wizard", "content": "hi"}])  # error
client.chat.completions.create(
    model="m",
    messages=[{"role": "user", "content": "hi"}],
    tools=[{"type": "function", "function": {"nam": "get_weather"}}],  # error
)
client.chat.completions.create(model="m", messages=[{"role": "user"}])  # error
client.chat.completions.create(
    model="m",
    messages=[
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": [{"type": "text", "text": "hi"}]},
        {"role": "assistant", "content": None},
        {"role": "tool", "content": "18C", "tool_call_id": "call-1"},
    ],
    tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}],
    tool_choice="auto",
    response_format={"type": "json_object"},
)
body: ChatCompletionRequest = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
client.embeddings.create(model="m", input=["a", "b"])
client.embeddings.create(model="m", input=[{"text": "a"}])  # error

# The official SDK's `<Resource><Method>Params` of a parameters-only operation unpack into the call.
from together_client.types import BatchListResponse, EvalListParams, FineTuningModelLimitsParams

filters: EvalListParams = {"status": "completed", "limit": 10}
jobs = client.evals.list(**filters)
limits: FineTuningModelLimitsParams = {"model_name": "m"}
client.fine_tuning.model_limits(**limits)
misspelt: EvalListParams = {"stauts": "completed"}  # error
missing: FineTuningModelLimitsParams = {}  # error
client.evals.list(**limits)  # error
batches: BatchListResponse = client.batches.list()
first_id = batches[0].id

# The official subpackages' names, as official code imports them.
from together_client.types.chat import ChatCompletion, ChatCompletionMessageParam

history: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]
completion: ChatCompletion = client.chat.completions.create(model="m", messages=history)
wizard: ChatCompletionMessageParam = {"role": "wizard", "content": "hi"}  # error

# The raw and streamed variants of the hand-written methods take their parameters.
raw_upload = client.files.with_raw_response.upload("train.jsonl", purpose="fine-tune", check=False)
uploaded_id: str = raw_upload.parse().id
client.files.with_raw_response.upload("train.jsonl", purpos="fine-tune")  # error
client.files.with_raw_response.upload("train.jsonl", purpose="pretrain")  # error
with client.fine_tuning.with_streaming_response.create(training_file="f", lora=True, lora_r=8) as job:
    job_id: str = job.parse().id
    not_a_job: int = job.parse()  # error
client.fine_tuning.with_raw_response.create(training_file="f", lora_rank=8)  # error
"""


def _mypy(src: Path, files: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary", *files],
        cwd=src,
        capture_output=True,
        text=True,
    )
    return done.stdout + done.stderr


def readme_blocks(readme: str) -> list[str]:
    """The README's Python examples as a reader runs them: a block that uses `client` without
    making one continues the last block that made one."""
    blocks: list[str] = []
    setup = ""
    for block in re.findall(r"```python\n(.*?)```", readme, re.DOTALL):
        if re.search(r"^client = ", block, re.MULTILINE):
            setup = block
            blocks.append(block)
        else:
            blocks.append(setup + "\n" + block if "client." in block else block)
    return blocks


@pytest.mark.slow
def test_request_dict_mistakes_fail_and_correct_calls_pass(generated_src: Path, tmp_path: Path) -> None:
    usage = generated_src / "request_dicts_usage.py"
    usage.write_text(REQUEST_DICTS)
    readme = (generated_src.parent / "README.md").read_text()
    examples = {f"readme_example_{i:02d}.py": code for i, code in enumerate(readme_blocks(readme))}
    for name, code in examples.items():
        (generated_src / name).write_text(code)
    try:
        output = _mypy(generated_src, [usage.name, *examples])
    finally:
        for name in [usage.name, *examples]:
            (generated_src / name).unlink()
    errors = [line for line in output.splitlines() if ": error:" in line]
    flagged = {int(line.split(":")[1]) for line in errors if line.startswith(usage.name)}
    expected = {n for n, line in enumerate(REQUEST_DICTS.splitlines(), 1) if line.endswith("# error")}
    assert flagged == expected, output
    in_readme = [line for line in errors if line.startswith("readme_example_")]
    assert not in_readme, "\n".join(in_readme) + "\n" + "\n\n".join(f"{k}:\n{v}" for k, v in examples.items())
    assert len(examples) >= 5
