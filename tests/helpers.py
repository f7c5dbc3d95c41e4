"""Helpers shared by the tests."""

from __future__ import annotations

from inspect_ai.model import ModelOutput, ModelUsage


def mock_output(text: str, stop_reason: str = "stop") -> ModelOutput:
    """A mockllm reply with its token usage set: mockllm would otherwise count tokens with tiktoken, which downloads
    its encoding (no network here)."""
    output = ModelOutput.from_content(model="mockllm/model", content=text, stop_reason=stop_reason)  # type: ignore[arg-type]
    output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return output
