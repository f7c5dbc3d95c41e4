"""A tiny OpenAI-compatible chat server for benchmarks: every answer comes after a fixed latency.

It answers by the request's `model`: `talker` with a Socratic tutor turn, `grader` with a valid judge verdict,
`reasoner` with a valid reasoner context (its chain of thought names the prompt's hash, so a benchmark can tell
which finished item a later request repeats). Any other model name (`gpt-4o`, as the README's commands have it) is
answered by what the request asks for: a judge's structured verdict, a reasoner's notes, or else a tutor turn. It
serves the Chat Completions API and, for the models Inspect sends there (`o3-mini`), a minimal Responses API.
It counts requests per model and per prompt, and the most in flight
at once, and serves them at `GET /stats` (`POST /reset` zeroes them). It stops by itself after `--max-requests`
requests or `--max-seconds`.

    python -m benchmarks.fake_openai_server --port 8765 --latency 1.0 --max-requests 5000 --max-seconds 600
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import time
import uuid
from collections import Counter
from typing import Any

from aiohttp import web

TUTOR_TURN = "Good start. What does the problem say happens to the money after the first purchase?"
VERDICTS = {
    "socratic": {"label": "probing", "rationale": "Asks a question about the step that went wrong."},
    "answer_leakage": {"label": "no", "rationale": "No answer is stated."},
    "correctness": {"label": "correct", "rationale": "Nothing incorrect is said."},
}


def prompt_hash(messages: list[dict[str, Any]]) -> str:
    text = "\n".join(str(message.get("content")) for message in messages)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class FakeServer:
    def __init__(self, latency: float, max_requests: int, max_seconds: float) -> None:
        self.latency, self.max_requests, self.max_seconds = latency, max_requests, max_seconds
        self.requests: Counter[str] = Counter()
        self.prompts: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.started = time.monotonic()
        self.first_request: float | None = None
        self.last_response: float | None = None
        self.stop = asyncio.Event()

    def reply_text(self, model: str, key: str) -> str:
        if model == "grader":
            return json.dumps(VERDICTS)
        if model == "reasoner":
            return json.dumps({"chain_of_thought": f"prompt {key}: work through each step.",
                               "belief_state": "The student mixed up two steps.", "final_answer": "0"})  # fmt: skip
        return TUTOR_TURN

    async def chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        model = str(body.get("model", "?"))
        content = await self.answer(model, body.get("messages", []), body.get("response_format"))
        return web.json_response(
            {
                "id": f"chatcmpl-{uuid.uuid4().hex}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
                ],  # fmt: skip
                "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
            }
        )

    async def responses(self, request: web.Request) -> web.Response:
        """The Responses API, as far as a one-message text answer goes."""
        body = await request.json()
        model = str(body.get("model", "?"))
        items = body.get("input", [])
        messages = (
            [{"content": json.dumps(item.get("content"))} for item in items]
            if isinstance(items, list)
            else [{"content": str(items)}]
        )
        response_format = (body.get("text") or {}).get("format")
        content = await self.answer(model, messages, response_format)
        return web.json_response(
            {
                "id": f"resp_{uuid.uuid4().hex}",
                "object": "response",
                "created_at": int(time.time()),
                "model": model,
                "status": "completed",
                "output": [
                    {
                        "type": "message",
                        "id": f"msg_{uuid.uuid4().hex}",
                        "status": "completed",
                        "role": "assistant",
                        "content": [{"type": "output_text", "text": content, "annotations": []}],
                    }
                ],  # fmt: skip
                "parallel_tool_calls": False,
                "tool_choice": "none",
                "tools": [],
                "usage": {
                    "input_tokens": 100,
                    "output_tokens": 20,
                    "total_tokens": 120,
                    "input_tokens_details": {"cached_tokens": 0},
                    "output_tokens_details": {"reasoning_tokens": 0},
                },  # fmt: skip
            }
        )

    async def answer(self, model: str, messages: list[dict[str, Any]], response_format: Any) -> str:
        """Count the request, wait the latency, and say what a model of that kind would."""
        key = prompt_hash(messages)
        self.requests[model] += 1
        self.first_request = self.first_request or time.monotonic()
        self.prompts[f"{model}:{key}"] += 1
        self.in_flight[model] += 1
        self.peak[model] = max(self.peak[model], self.in_flight[model])
        try:
            await asyncio.sleep(self.latency)
        finally:
            self.in_flight[model] -= 1
            self.last_response = time.monotonic()
        if sum(self.requests.values()) >= self.max_requests:
            self.stop.set()
        return self.reply_text(self.kind(model, messages, response_format), key)

    @staticmethod
    def kind(model: str, messages: list[dict[str, Any]], response_format: Any) -> str:
        """`talker`, `grader` or `reasoner`: by the model's name when it is one of these, else by the request."""
        if model in ("talker", "grader", "reasoner"):
            return model
        if isinstance(response_format, dict) and "verdict" in json.dumps(response_format):
            return "grader"  # the LLM judge asks for its verdict schema as structured output
        last = str(messages[-1].get("content")) if messages else ""
        if "chain_of_thought" in last and "belief_state" in last:
            return "reasoner"
        return "talker"

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.snapshot())

    def snapshot(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "repeated_prompts": {key: count for key, count in self.prompts.items() if count > 1},
            "peak_in_flight": dict(self.peak),
            "seconds": time.monotonic() - self.started,
            # from the first request to the last answer: the run without its start-up
            "active_seconds": (self.last_response - self.first_request)
            if self.first_request and self.last_response
            else 0.0,
        }

    async def reset(self, request: web.Request) -> web.Response:
        """Zero the counters between the runs of one benchmark."""
        for counter in (self.requests, self.prompts, self.peak):
            counter.clear()
        self.first_request = self.last_response = None
        return web.json_response({"status": "reset"})

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})


async def serve(port: int, latency: float, max_requests: int, max_seconds: float) -> None:
    server = FakeServer(latency, max_requests, max_seconds)
    app = web.Application()
    app.router.add_post("/v1/chat/completions", server.chat)
    app.router.add_post("/v1/responses", server.responses)
    app.router.add_get("/stats", server.stats)
    app.router.add_post("/reset", server.reset)
    app.router.add_get("/health", server.health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    # backlog: a benchmark opens many connections at once
    await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
    try:
        await asyncio.wait_for(server.stop.wait(), timeout=max_seconds)
    except TimeoutError:
        pass
    await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=1.0, help="seconds before each answer")
    parser.add_argument("--max-requests", type=int, default=10_000, help="stop after this many requests")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop after this long")
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.latency, args.max_requests, args.max_seconds))


if __name__ == "__main__":
    main()
