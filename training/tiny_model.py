"""A tiny Qwen2-architecture talker for tests and CPU benchmarks: random weights from a config, and a byte-level BPE
tokenizer trained here with `tokenizers` on MathDial text, with a ChatML chat template. Nothing is downloaded. It
stands in for the base model in every offline example of the training stage.

    python -m training.tiny_model /tmp/tiny-talker [--reward-model /tmp/tiny-reward-model]
    python training/sft_talker.py --model_name /tmp/tiny-talker --data_path sft/train.jsonl --output_dir ... --use_cpu
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
QWEN2_SPLIT_PATTERN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""  # noqa: E501 - the exact pattern of transformers' Qwen2Tokenizer


def build_tiny_talker(folder: str | Path, *, vocab_size: int = 2048, hidden_size: int = 64, layers: int = 2) -> Path:
    """Write a tiny Qwen2 causal LM and its tokenizer into `folder` (loadable with `from_pretrained`)."""
    import torch
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    from trtutor.data.mathdial import load_conversations

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    conversations, _ = load_conversations()
    corpus = [c.question for c in conversations] + [t.text for c in conversations for t in c.turns]

    # Qwen2's own normaliser and split pattern: transformers reloads a qwen2 folder as Qwen2Tokenizer, which swaps
    # them in, so a tokenizer trained with anything else would encode differently after the round trip.
    tokenizer = Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(QWEN2_SPLIT_PATTERN), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,  # its bar is blank lines when stderr is not a terminal
    )
    tokenizer.train_from_iterator(corpus, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=None,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        unk_token=None,
    )
    fast.chat_template = CHATML_TEMPLATE
    fast.save_pretrained(folder)

    torch.manual_seed(0)
    config = Qwen2Config(
        vocab_size=len(fast),
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 2,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        tie_word_embeddings=True,
        # large enough that LoRA (which leaves the embeddings alone) can move the logits of a random model
        initializer_range=0.5,
        eos_token_id=fast.convert_tokens_to_ids("<|im_end|>"),
        pad_token_id=fast.convert_tokens_to_ids("<|endoftext|>"),
        bos_token_id=None,
    )
    Qwen2ForCausalLM(config).save_pretrained(folder)
    return folder


def build_tiny_reward_model(folder: str | Path, tokenizer_folder: str | Path, *, hidden_size: int = 64,
                            layers: int = 2) -> Path:  # fmt: skip
    """Write a tiny one-label `Qwen2ForSequenceClassification` (a reward model of MathTutorBench's kind, random
    weights) into `folder`, with the tokenizer of `tokenizer_folder` (a tiny talker's)."""
    import torch
    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForSequenceClassification

    folder = Path(folder)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_folder)
    tokenizer.save_pretrained(folder)
    torch.manual_seed(1)
    config = Qwen2Config(
        vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=hidden_size * 2,
        num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=4096,
        num_labels=1, pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id, bos_token_id=None,
    )  # fmt: skip
    Qwen2ForSequenceClassification(config).save_pretrained(folder)
    return folder


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m training.tiny_model",
        description="Build a tiny Qwen2 talker (random weights, a tokenizer trained here on MathDial text, a chat "
        "template) for trying the training stage on a CPU, offline: pass its folder to training/sft_talker.py as "
        "--model_name. Nothing is downloaded; it takes seconds and a few MB.",
    )
    parser.add_argument("folder", type=Path, help="where to write the talker (a new or empty folder)")
    parser.add_argument("--reward-model", type=Path, metavar="FOLDER",
                        help="also write a tiny one-label reward model there (for -T reward_model=FOLDER)")  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> None:
    args = make_parser().parse_args(argv)
    for folder in (args.folder, args.reward_model):
        # Never write over what a folder holds already: a real model's weights, or the repository (`.`).
        if folder is not None and folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            print(f"error: {folder} is not an empty folder; name a new one (or delete it first)", file=sys.stderr)
            sys.exit(2)
    from transformers.utils import logging

    logging.disable_progress_bar()  # a bar per file of a few MB says nothing
    talker = build_tiny_talker(args.folder)
    print(f"wrote a tiny talker to {talker}: {', '.join(sorted(p.name for p in talker.iterdir()))}")
    print("try training a LoRA adapter on it (on a CPU, two steps): python training/sft_talker.py --model_name "
          f"{talker} --data_path sft/train.jsonl --output_dir adapters/tiny --use_cpu --max_steps 2")  # fmt: skip
    if args.reward_model is not None:
        reward = build_tiny_reward_model(args.reward_model, talker)
        print(f"wrote a tiny reward model to {reward}; score turns with it by -T reward_model={reward} "
              "(tasks/socratic.py, MathTutorBench's teacher-response tasks)")  # fmt: skip


if __name__ == "__main__":
    main()
