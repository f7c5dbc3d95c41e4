"""A tiny OpenAI-compatible chat server for benchmarks: every answer comes after a fixed latency.

It answers by the request's `model`: `talker` with a Socratic tutor turn, `grader` with a valid judge verdict,
`reasoner` with a valid reasoner context (its chain of thought names the prompt's hash, so a benchmark can tell
which finished item a later request repeats). Any other model name (`gpt-4o`, as the README's commands have it) is
answered by what the request asks for: a judge's structured verdict, a reasoner's notes, or else a tutor turn (a
grader with `strict` in its name dissents: no guidance, no mistake named, a telling move). It
serves the Chat Completions API, the legacy completions API (a raw prompt, as vLLM serves it) and, for the
models Inspect sends there (`o3-mini`), a minimal Responses API.
It counts requests per model and per prompt, and the most in flight
at once, and serves them at `GET /stats` (`POST /reset` zeroes them; `POST /hold` keeps every answer waiting
until `POST /release`). It stops by itself after `--max-requests`
requests or `--max-seconds`, and listens on loopback only.

Faults, for reliability benchmarks and tests (`--transport-faults`, `--bad-verdicts`): a share of requests fails
in transport -- HTTP 429 with `Retry-After`, 500, 503 with `Retry-After`, a connection dropped before any answer, an
answer held past the client's timeout, or a 200 whose body is cut short -- and a share of grader prompts is answered
with a verdict that is valid HTTP but no valid verdict (broken JSON, unknown labels, a refusal). Which request fails
is a hash of the seed, the prompt and its attempt number, so a run's faults are reproducible, and a retry of a
failed request is a new draw. A bad verdict depends on the prompt alone (a model answers the same prompt the same
way) and names the prompt's hash, so a benchmark can find it in the log. `/stats` says which requests were paid
(the server produced an answer: whole, cut short or held past the timeout) and which faults were served.

    python -m benchmarks.fake_openai_server --port 8765 --latency 1.0 --max-requests 5000 --max-seconds 600
    python -m benchmarks.fake_openai_server --port 8765 --transport-faults 0.1 --bad-verdicts 0.05 --seed 7
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiohttp import web

TUTOR_TURN = "Good start. What does the problem say happens to the money after the first purchase?"
# The LLM rubric judge's reply (`scorers/rubric.py`): every MRBench dimension and the teacher move, so it answers a
# call that asks for any of them (the judge reads the ones it asked for).
VERDICTS = {
    "mistake_identification": {"label": "Yes", "rationale": "It says the step went wrong."},
    "mistake_location": {"label": "Yes", "rationale": "It names the step."},
    "revealing_of_the_answer": {"label": "No", "rationale": "No answer is stated."},
    "providing_guidance": {"label": "Yes", "rationale": "Asks a question about the step that went wrong."},
    "actionability": {"label": "Yes", "rationale": "The student knows what to check."},
    "coherence": {"label": "Yes", "rationale": "It follows the student's turn."},
    "tutor_tone": {"label": "Encouraging", "rationale": "Good start."},
    "humanlikeness": {"label": "Yes", "rationale": "It sounds like a tutor."},
    "teacher_move": {"label": "probing", "rationale": "Asks the student to reconsider their step."},
}
# A grader whose model name has `strict` in it (`openai/gpt-4o-strict`) finds no guidance and no mistake named in
# any turn, and calls it telling: the dissenting member of a jury (`scorers/jury.py`), so its graders disagree.
STRICT_VERDICTS = {
    **VERDICTS,
    "mistake_identification": {"label": "No", "rationale": "It does not say what went wrong."},
    "providing_guidance": {"label": "No", "rationale": "It gives no guidance."},
    "teacher_move": {"label": "telling", "rationale": "It tells rather than asks."},
}


TRANSPORT_FAULTS = ("429", "500", "503", "drop", "timeout", "truncated")
BAD_VERDICTS = ("broken-json", "wrong-label", "refusal")
# Transport faults the client never gets an answer for and a provider does not bill.
UNPAID_FAULTS = {"429", "500", "503", "drop"}


@dataclass(frozen=True)
class Faults:
    """What share of requests fails, and how."""

    transport: float = 0.0  # share of requests (each attempt drawn anew) that fail in transport
    bad_verdicts: float = 0.0  # share of grader prompts answered with an unusable verdict
    seed: int = 0
    stall_seconds: float = 10.0  # how long a `timeout` fault holds the request: set it above the client's timeout
    retry_after: int = 1  # the `Retry-After` seconds of a 429 and a 503

    def draw(self, *parts: object) -> float:
        """A number in [0, 1) fixed by the seed and `parts`."""
        digest = hashlib.sha256(json.dumps([self.seed, *map(str, parts)]).encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def transport_fault(self, model: str, key: str, attempt: int) -> str | None:
        if self.draw("transport", model, key, attempt) >= self.transport:
            return None
        return TRANSPORT_FAULTS[int(self.draw("transport-kind", model, key, attempt) * len(TRANSPORT_FAULTS))]

    def bad_verdict(self, key: str) -> str | None:
        if self.draw("verdict", key) >= self.bad_verdicts:
            return None
        return BAD_VERDICTS[int(self.draw("verdict-kind", key) * len(BAD_VERDICTS))]


NO_FAULTS = Faults()


def bad_verdict_text(kind: str, key: str) -> str:
    """A grader reply that is valid HTTP but no valid verdict; it names the prompt's hash."""
    if kind == "broken-json":
        return '{"providing_guidance": {"label": "Yes", "rationale": "prompt ' + key + ": the reply stops he"
    if kind == "wrong-label":
        return json.dumps({name: {"label": "excellent", "rationale": f"prompt {key}"} for name in VERDICTS})
    return f"I'm sorry, but I can't help with grading this conversation. (prompt {key})"


def prompt_hash(messages: list[dict[str, Any]]) -> str:
    text = "\n".join(str(message.get("content")) for message in messages)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def chat_body(model: str, content: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def completion_body(model: str, content: str) -> dict[str, Any]:
    return {
        "id": f"cmpl-{uuid.uuid4().hex}",
        "object": "text_completion",
        "created": int(time.time()),
        "model": model,
        # a completion usually goes on from the prompt with a space, and may end in a newline
        "choices": [{"index": 0, "text": f" {content}\n", "finish_reason": "stop", "logprobs": None}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def responses_body(model: str, content: str) -> dict[str, Any]:
    return {
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


class FakeServer:
    def __init__(self, latency: float, max_requests: int, max_seconds: float, faults: Faults = NO_FAULTS) -> None:
        self.latency, self.max_requests, self.max_seconds, self.faults = latency, max_requests, max_seconds, faults
        self.requests: Counter[str] = Counter()
        self.prompts: Counter[str] = Counter()
        self.paid: Counter[str] = Counter()  # per `model:prompt`: answers the server produced
        self.delivered: Counter[str] = Counter()  # per `model:prompt`: answers sent whole to a waiting client
        self.faults_served: Counter[str] = Counter()
        self.bad_verdicts_served: dict[str, str] = {}  # grader prompt hash -> kind
        self.completion_requests: list[dict[str, Any]] = []
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.started = time.monotonic()
        self.first_request: float | None = None
        self.last_response: float | None = None
        self.stop = asyncio.Event()
        # `POST /hold` keeps every answer waiting until `POST /release`: a benchmark kills its client then, with
        # every answer already sent read by the client and a known set of calls in flight
        self.released = asyncio.Event()
        self.released.set()
        self.last_activity = time.monotonic()

    def reply_text(self, model: str, key: str, name: str = "") -> str:
        """What a model of kind `model` answers; `name` is the model asked (a `strict` grader dissents)."""
        if model == "grader":
            bad = self.faults.bad_verdict(key)
            if bad:
                self.bad_verdicts_served[key] = bad
                return bad_verdict_text(bad, key)
            return json.dumps(STRICT_VERDICTS if "strict" in name else VERDICTS)
        if model == "reasoner":
            return json.dumps({"chain_of_thought": f"prompt {key}: work through each step.",
                               "belief_state": "The student mixed up two steps.", "final_answer": "0"})  # fmt: skip
        return TUTOR_TURN

    async def chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        model = str(body.get("model", "?"))
        return await self.respond(request, model, body.get("messages", []), body.get("response_format"), chat_body)

    async def completions(self, request: web.Request) -> web.StreamResponse:
        """The legacy completions API (a raw prompt), as vLLM serves it; each request's prompt and settings are kept
        for `/stats` (`completion_requests`), so a test can see the exact prompt a server receives."""
        body = await request.json()
        model = str(body.get("model", "?"))
        self.completion_requests.append({key: body.get(key) for key in ("prompt", "stop", "temperature", "max_tokens")})
        return await self.respond(request, model, [{"content": str(body.get("prompt"))}], None, completion_body)

    async def responses(self, request: web.Request) -> web.StreamResponse:
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
        return await self.respond(request, model, messages, response_format, responses_body)

    async def respond(self, request: web.Request, model: str, messages: list[dict[str, Any]], response_format: Any,
                      envelope: Any) -> web.StreamResponse:  # fmt: skip
        """Answer one request, or fail it in transport as the faults say."""
        key = prompt_hash(messages)
        self.last_activity = time.monotonic()
        self.requests[model] += 1
        self.prompts[f"{model}:{key}"] += 1
        fault = self.faults.transport_fault(model, key, self.prompts[f"{model}:{key}"])
        if fault:
            self.faults_served[fault] += 1
        if fault in ("429", "500", "503"):
            self.check_budget()
            error = {"message": f"injected fault {fault}", "type": "server_error", "code": None}
            headers = {"Retry-After": str(self.faults.retry_after)} if fault != "500" else {}
            return web.json_response({"error": error}, status=int(fault), headers=headers)
        if fault == "drop":
            self.check_budget()
            request.transport.abort()  # type: ignore[union-attr]
            return web.Response()  # never sent: the connection is gone
        content = await self.answer(model, key, messages, response_format)
        if fault == "timeout":
            await asyncio.sleep(self.faults.stall_seconds)
        payload = json.dumps(envelope(model, content)).encode()
        if fault != "truncated":
            if request.transport is not None and not request.transport.is_closing():  # the client still waits
                self.delivered[f"{model}:{key}"] += 1
                self.last_activity = time.monotonic()
            return web.Response(body=payload, content_type="application/json")
        response = web.StreamResponse(headers={"Content-Type": "application/json", "Content-Length": str(len(payload))})
        await response.prepare(request)
        await response.write(payload[: len(payload) // 2])
        request.transport.close()  # type: ignore[union-attr]
        return response

    async def answer(self, model: str, key: str, messages: list[dict[str, Any]], response_format: Any) -> str:
        """Wait the latency, and say what a model of that kind would (a paid answer)."""
        self.first_request = self.first_request or time.monotonic()
        self.in_flight[model] += 1
        self.peak[model] = max(self.peak[model], self.in_flight[model])
        try:
            await asyncio.sleep(self.latency)
            await self.released.wait()
        finally:
            self.in_flight[model] -= 1
            self.last_response = time.monotonic()
        self.paid[f"{model}:{key}"] += 1
        self.check_budget()
        return self.reply_text(self.kind(model, messages, response_format), key, model)

    def check_budget(self) -> None:
        if sum(self.requests.values()) >= self.max_requests:
            self.stop.set()

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
            "requests_by_prompt": dict(self.prompts),  # `model:prompt` -> requests
            "repeated_prompts": {key: count for key, count in self.prompts.items() if count > 1},
            "paid": dict(self.paid),  # `model:prompt` -> answers produced (a provider bills each)
            "delivered": dict(self.delivered),  # `model:prompt` -> answers sent whole
            "faults": dict(self.faults_served),
            "bad_verdicts": dict(self.bad_verdicts_served),
            "completion_requests": list(self.completion_requests),
            "peak_in_flight": dict(self.peak),
            "seconds": time.monotonic() - self.started,
            "idle_seconds": time.monotonic() - self.last_activity,  # since the last request or delivered answer
            "held": not self.released.is_set(),
            # from the first request to the last answer: the run without its start-up
            "active_seconds": (self.last_response - self.first_request)
            if self.first_request and self.last_response
            else 0.0,
        }

    async def reset(self, request: web.Request) -> web.Response:
        """Zero the counters between the runs of one benchmark."""
        for counter in (self.requests, self.prompts, self.peak, self.paid, self.delivered, self.faults_served):
            counter.clear()
        self.bad_verdicts_served.clear()
        self.completion_requests.clear()
        self.first_request = self.last_response = None
        return web.json_response({"status": "reset"})

    async def hold(self, request: web.Request) -> web.Response:
        self.released.clear()
        return web.json_response({"status": "held"})

    async def release(self, request: web.Request) -> web.Response:
        self.released.set()
        return web.json_response({"status": "released"})

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})


async def serve(port: int, latency: float, max_requests: int, max_seconds: float, faults: Faults = NO_FAULTS) -> None:
    server = FakeServer(latency, max_requests, max_seconds, faults)
    # An answer to a client that is gone (timed out, killed) fails to write; that is the fault, not news.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    app = web.Application()
    app.router.add_post("/v1/chat/completions", server.chat)
    app.router.add_post("/v1/responses", server.responses)
    app.router.add_post("/v1/completions", server.completions)
    app.router.add_get("/stats", server.stats)
    app.router.add_post("/reset", server.reset)
    app.router.add_post("/hold", server.hold)
    app.router.add_post("/release", server.release)
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
    parser.add_argument("--transport-faults", type=float, default=0.0, help="share of requests failed in transport")
    parser.add_argument("--bad-verdicts", type=float, default=0.0, help="share of grader prompts given a bad verdict")
    parser.add_argument("--seed", type=int, default=0, help="which requests fail")
    parser.add_argument("--stall-seconds", type=float, default=10.0, help="how long a timeout fault holds a request")
    args = parser.parse_args()
    faults = Faults(args.transport_faults, args.bad_verdicts, args.seed, args.stall_seconds)
    asyncio.run(serve(args.port, args.latency, args.max_requests, args.max_seconds, faults))


if __name__ == "__main__":
    main()
