"""Every prompt of the harness, one text file each, loaded by name and hashed into the logs.

Templates mark their fields as `{name}`. Filling replaces exactly the named fields and nothing else, so prompts may
contain JSON braces and dollar signs; a field the template names but the caller does not give is an error.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources

PROMPT_NAMES = (
    "talker_prompt",
    "talker_reasoner_context",
    "reasoner_prompt",
    "judge_pairwise",
    "student_prompt",
    "judge_mrbench",
    "rubric_mistake_identification",
    "rubric_mistake_location",
    "rubric_revealing_of_the_answer",
    "rubric_providing_guidance",
    "rubric_actionability",
    "rubric_coherence",
    "rubric_tutor_tone",
    "rubric_humanlikeness",
)
_FIELD = re.compile(r"\{([a-z_]+)\}")


@cache
def load_prompt(name: str) -> str:
    """The text of `prompts/<name>.txt`."""
    if name not in PROMPT_NAMES:
        raise ValueError(f"Invalid prompt {name!r}. Must be one of: {', '.join(PROMPT_NAMES)}")
    return (resources.files(__package__) / f"{name}.txt").read_text(encoding="utf-8")


@cache
def prompt_sha256(name: str) -> str:
    """The sha256 of a prompt file's text: logs carry it so results of different prompt versions never mix."""
    return hashlib.sha256(load_prompt(name).encode("utf-8")).hexdigest()


def prompt_hashes(*names: str) -> dict[str, str]:
    """`{name: sha256}` for the named prompts, for a log's metadata."""
    return {name: prompt_sha256(name) for name in names}


def fill_prompt(name: str, **fields: str) -> str:
    """Fill the `{field}`s of prompt `name`; fields the template lacks are an error too (a typo, or a stale file)."""
    template = load_prompt(name)
    # Only lower-case names of fields that the caller passes or the template needs count: JSON examples such as
    # {"label": ...} contain quotes and never match.
    needed = set(_FIELD.findall(template))
    if missing := needed - fields.keys():
        raise KeyError(f"prompt {name!r} needs field(s) {', '.join(sorted(missing))}")
    if unused := fields.keys() - needed:
        raise KeyError(f"prompt {name!r} has no field(s) {', '.join(sorted(unused))}")
    return _FIELD.sub(lambda match: fields[match.group(1)], template)
