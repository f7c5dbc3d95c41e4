"""Test set-up: everything offline and isolated from the user's caches and logs."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from trtutor.data.mathdial import Conversation, load_conversations
from trtutor.data.mrbench import DIMENSION_LABELS

REPO = Path(__file__).resolve().parents[1]
# What set-up, Python and the tools leave in a checkout; anything else a test run adds is a test writing into it.
_TOOL_LEFTOVERS = (".venv", ".venv-ci", ".pytest_cache", ".ruff_cache", ".mypy_cache", "__pycache__", ".egg-info")


def _working_tree_entries() -> set[str] | None:
    """The files of the checkout that git does not track, ignored ones included (a log under `logs/` is one)."""
    try:
        status = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=REPO, capture_output=True,
                                text=True, timeout=60, check=True).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None  # not a git checkout (an unpacked sdist): nothing to compare
    entries = set()
    for entry in (line[3:] for line in status.splitlines() if line[:2] in ("??", "!!")):  # files git does not track
        if any(part.endswith(_TOOL_LEFTOVERS) for part in entry.rstrip("/").split("/")):
            continue
        if entry.endswith("/"):  # a folder git shows whole: its files, so a new log in an old `logs/` counts too
            entries |= {str(path.relative_to(REPO)) for path in (REPO / entry).rglob("*") if path.is_file()}
        entries.add(entry)
    return entries


@pytest.fixture(scope="session", autouse=True)
def _nothing_lands_in_the_working_tree(tmp_path_factory, shared_cache_dir):
    """Logs and caches of session- and module-scoped fixtures in tmp too, and a check at the end that the run
    changed nothing in the checkout (fixtures of wider scope run before the per-test `_isolated_dirs`)."""
    before = _working_tree_entries()
    session = tmp_path_factory.mktemp("session")
    # temporary files of the tests and of the programs they start (torchrun's, say) in pytest's own rotated folder
    (session / "tmp").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(session / "tmp"))
        patch.setattr(tempfile, "tempdir", str(session / "tmp"))
        patch.setenv("INSPECT_LOG_DIR", str(session / "logs"))
        patch.setenv("INSPECT_CACHE_DIR", str(session / "inspect-cache"))
        patch.setenv("TRTUTOR_CACHE_DIR", str(shared_cache_dir))
        yield
    after = _working_tree_entries()
    if before is not None and after is not None and after - before:
        pytest.fail(f"the tests wrote into the working tree {REPO}: {sorted(after - before)}", pytrace=False)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch, shared_cache_dir):
    # A fresh Inspect generate cache per test, so one test's judge replies never answer another's; logs in tmp.
    monkeypatch.setenv("INSPECT_CACHE_DIR", str(tmp_path / "inspect-cache"))
    monkeypatch.setenv("INSPECT_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("TRTUTOR_CACHE_DIR", str(shared_cache_dir))


def run_root(tmp_path_factory) -> Path:
    """The test run's temporary folder, shared by every pytest-xdist worker (each worker's own is a folder in it)."""
    own = tmp_path_factory.getbasetemp()
    return own.parent if os.environ.get("PYTEST_XDIST_WORKER") else own


def runs_the_readme_commands() -> bool:
    """Whether this test process runs the README's commands: the only one, or the first pytest-xdist worker."""
    return os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0"


@pytest.fixture(scope="session")
def shared_cache_dir(tmp_path_factory):
    # The offline judges train once per test run, into this folder, whichever worker asks first (a file lock makes
    # the others wait: `text_model.cached_json`).
    folder = run_root(tmp_path_factory) / "trtutor-cache"
    folder.mkdir(exist_ok=True)
    return folder


def _train_offline_judge(dimension: str) -> str:
    """Train one offline judge into $TRTUTOR_CACHE_DIR (in a worker process)."""
    from trtutor.scorers.offline.rubric_judges import rubric_judge_model

    rubric_judge_model(dimension)
    return dimension


@pytest.fixture(scope="session")
def trained_offline_judges(shared_cache_dir, _nothing_lands_in_the_working_tree) -> Path:
    """Every offline judge trained once into the session's cache, one process per core, before the README's
    commands start many processes that read them (each would otherwise train the same judges at once)."""
    from trtutor.scorers.offline.move_classifier import default_move_classifier

    default_move_classifier()  # first: every other judge's features use it
    # spawned, not forked: this process may already hold torch's and Inspect's threads
    with ProcessPoolExecutor(os.cpu_count() or 2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_train_offline_judge, DIMENSION_LABELS))
    return shared_cache_dir


@pytest.fixture(scope="session")
def fake_openai() -> Iterator[str]:
    """The local fake OpenAI-compatible server (benchmarks/fake_openai_server.py); its base URL."""
    from tests.readme_commands import fake_openai_server

    with fake_openai_server() as url:
        yield url


@pytest.fixture(scope="session")
def readme_runner(request, tmp_path_factory):
    """The README's commands (tests/readme_commands.py) of the sections whose tests were collected, all started at
    once in the background by one test process; in the others (pytest-xdist workers), their results as it writes
    them."""
    from tests.readme_commands import BIN, ReadmeResults, ReadmeRunner, readme_workdir

    work = run_root(tmp_path_factory) / "readme"
    if not runs_the_readme_commands():
        yield ReadmeResults(work)
        return
    fake_openai, tiny_talker = request.getfixturevalue("fake_openai"), request.getfixturevalue("tiny_talker")
    request.getfixturevalue("trained_offline_judges")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "OPENAI_BASE_URL": fake_openai,
           "OPENAI_API_KEY": "local", "HF_HUB_OFFLINE": "1"}  # fmt: skip
    env.pop("PYTHONPATH", None)  # the repository's root on it would hide the installed `trtutor.tasks`
    work.mkdir()
    readme_workdir(work)
    sections = {item.callspec.params["section"] for item in request.session.items if _is_readme_section_test(item)}
    runner = ReadmeRunner(work, env, tiny_talker, tmp_path_factory.mktemp("elsewhere"), sections)
    yield runner
    runner.join()


def _is_readme_section_test(item: pytest.Item) -> bool:
    return item.nodeid.startswith("tests/test_readme_commands.py::test_readme_section_runs")


def pytest_collection_modifyitems(session, config, items):
    # The README's sections run in the background from the start; their tests wait for them, so they go last.
    items.sort(key=_is_readme_section_test)


@pytest.fixture(scope="session", autouse=True)
def _readme_commands_beside_the_other_tests(request):
    """When the README's section tests were collected, their commands start with the session and run beside the
    other tests (a 2-core machine would otherwise wait for them one after the other)."""
    if any(_is_readme_section_test(item) for item in request.session.items):
        request.getfixturevalue("readme_runner")


@pytest.fixture(scope="session")
def dev_conversations() -> list[Conversation]:
    conversations, _ = load_conversations()
    return conversations


def built_once(tmp_path_factory, name: str, build: Callable[[Path], object]) -> Path:
    """`run_root/name`, built by `build(folder)` in whichever pytest-xdist worker asks first; the others wait for it
    (a file lock) and read the same folder, so a model is trained once per test run, not once per worker."""
    from filelock import FileLock

    folder = run_root(tmp_path_factory) / name
    with FileLock(f"{folder}.lock"):
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed half-way left this
            build(folder)
            (folder / ".built").touch()
    return folder


@pytest.fixture(scope="session")
def tiny_talker(tmp_path_factory) -> Path:
    """A tiny Qwen2 talker with a locally trained tokenizer (training/tiny_model.py), built once per test run."""
    pytest.importorskip("transformers")
    from training.tiny_model import build_tiny_talker

    return built_once(tmp_path_factory, "tiny-talker", build_tiny_talker)


@pytest.fixture(scope="session")
def sft_data(tmp_path_factory) -> Path:
    """Eight prompt-completion examples from real MathDial turns, as `trtutor prepare-sft` writes them."""
    from trtutor.data.turn_samples import talker_prompt, turn_contexts

    contexts = turn_contexts(load_conversations()[0][:4])[:8]
    path = tmp_path_factory.mktemp("sft") / "train.jsonl"
    with path.open("w") as file:
        for context in contexts:
            record = {
                "id": context.sample_id,
                "prompt": [{"role": "user", "content": talker_prompt(context)}],
                "completion": [{"role": "assistant", "content": context.reference.text}],
            }
            file.write(json.dumps(record) + "\n")
    return path


# The adapter's training: 30 steps at a high learning rate overfit the eight examples (7 of 8 responses come back
# word for word under greedy decoding; tests/test_sft_talker.py checks one), in about 22 s on 2 idle cores.
ADAPTER_TRAINING = {"max_steps": 30, "per_device_train_batch_size": 8, "learning_rate": 2e-2, "use_cpu": True,
                    "save_steps": 30, "seed": 0, "data_seed": 0, "report_to": "none"}  # fmt: skip


@pytest.fixture(scope="session")
def adapter(tiny_talker, sft_data, tmp_path_factory) -> Path:
    """A LoRA adapter trained by training/sft_talker.py on the tiny talker (`ADAPTER_TRAINING`), once per test run."""
    from training.sft_talker import TalkerModelConfig, TalkerScriptArguments, TalkerSFTConfig, main

    def train(out: Path) -> None:
        script = TalkerScriptArguments(data_path=str(sft_data), model_name=str(tiny_talker), model_max_length=1024)
        main(script, TalkerSFTConfig(output_dir=str(out), **ADAPTER_TRAINING), TalkerModelConfig(lora_dropout=0.0))

    return built_once(tmp_path_factory, "talker-a", train)


@pytest.fixture(scope="session")
def tiny_reward_model(tiny_talker, tmp_path_factory) -> Path:
    """A tiny one-label Qwen2 sequence classifier with the tiny talker's tokenizer (training/tiny_model.py)."""
    from training.tiny_model import build_tiny_reward_model

    return build_tiny_reward_model(tmp_path_factory.mktemp("tiny-reward-model"), tiny_talker)
