"""`trtutor/completions/<model>`: an OpenAI-compatible *completions* endpoint (`/v1/completions`), the raw prompt in
and the raw text out, as MathTutorBench's default client calls a vLLM server.

Inspect's providers speak the chat API, where a server wraps the prompt in the model's chat template; MathTutorBench
sends its prompt to the completions endpoint as it is. With this provider the prompt a server receives is
MathTutorBench's byte for byte (tested at the server):

    inspect eval tasks/mathtutorbench/problem_solving.py --model trtutor/completions/Qwen/Qwen2.5-7B-Instruct \\
        --model-base-url http://127.0.0.1:8000/v1

The base URL comes from `--model-base-url`, else `TRTUTOR_COMPLETIONS_BASE_URL`, else `VLLM_BASE_URL` (what
`trtutor serve` prints); the key from `TRTUTOR_COMPLETIONS_API_KEY` (a local server needs none). A LoRA adapter
that `trtutor serve` registered is reached by its name: `trtutor/completions/<adapter name>`. The messages of a
sample are joined into one prompt (the completion form has one). Retries, concurrency and caching are Inspect's.
"""

from __future__ import annotations

import os
from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, ModelAPI, ModelOutput, ModelUsage
from inspect_ai.tool import ToolChoice, ToolInfo

from trtutor.errors import UsageError

BASE_URL_VARIABLES = ("TRTUTOR_COMPLETIONS_BASE_URL", "VLLM_BASE_URL")
API_KEY_VARIABLE = "TRTUTOR_COMPLETIONS_API_KEY"


class CompletionsModel(ModelAPI):
    """A model behind an OpenAI-compatible `/v1/completions` endpoint."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [API_KEY_VARIABLE], config)
        url = base_url or next((os.environ[v] for v in BASE_URL_VARIABLES if os.environ.get(v)), None)
        if not url:
            raise UsageError(
                f"trtutor/completions/{model_name} needs a server: --model-base-url URL (or "
                f"{' or '.join(BASE_URL_VARIABLES)}), e.g. the one `trtutor serve` prints"
            )
        from openai import AsyncOpenAI

        self.url = url
        # Inspect retries (its should_retry below); the client's own retries would hide attempts from it
        self.client = AsyncOpenAI(base_url=url, api_key=api_key or os.environ.get(API_KEY_VARIABLE) or "EMPTY",
                                  max_retries=0, **model_args)  # fmt: skip

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        prompt = "\n\n".join(message.text for message in input)
        arguments: dict[str, Any] = {"model": self.model_name, "prompt": prompt}
        if config.temperature is not None:
            arguments["temperature"] = config.temperature
        if config.max_tokens is not None:
            arguments["max_tokens"] = config.max_tokens
        if config.stop_seqs:
            arguments["stop"] = config.stop_seqs
        if config.seed is not None:
            arguments["seed"] = config.seed
        response = await self.client.completions.create(**arguments)
        choice = response.choices[0]
        stop_reason = "max_tokens" if choice.finish_reason == "length" else "stop"
        output = ModelOutput.from_content(model=self.model_name, content=choice.text, stop_reason=stop_reason)
        usage = response.usage
        return output.model_copy(update={"usage": ModelUsage(
            input_tokens=usage.prompt_tokens if usage else 0, output_tokens=usage.completion_tokens if usage else 0,
            total_tokens=usage.total_tokens if usage else 0)})  # fmt: skip

    def should_retry(self, ex: Exception) -> bool:
        import openai

        if isinstance(ex, openai.APIStatusError):
            return ex.status_code == 429 or ex.status_code >= 500
        return isinstance(ex, openai.APIConnectionError | openai.APITimeoutError)

    def connection_key(self) -> str:
        return self.url
