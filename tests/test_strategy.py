"""The talker-level `strategy` check: a talker that says the same turn, or fills the same frame, in many of its
conversations is flagged; no real tutor we hold is; the leaderboard shows the flag and ranks such rows last."""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from fractions import Fraction

import pytest
from inspect_ai import eval
from inspect_ai.scorer import SampleScore, Score

from tests.helpers import middle_shuffled
from trtutor.answers import find_numbers
from trtutor.data.mathdial import student_name
from trtutor.data.mrbench import load_mrbench, moment_metadata
from trtutor.scorers.offline.advice import advises_only_care, reverses_its_advice
from trtutor.scorers.offline.false_statements import takes_a_wrong_number_as_settled
from trtutor.scorers.offline.tutor_language import belittles_the_student, capitalised_inside
from trtutor.scorers.strategy import (
    MAX_DISORDERED_SHARE,
    MAX_ELSEWHERE_SHARE,
    MAX_FALSE_STATEMENT_SHARE,
    MAX_FAULTY_SHARE,
    MAX_NARRATES_SHARE,
    MAX_NEW_NUMBER_SHARE,
    MAX_ONLY_CARE_SHARE,
    MAX_OTHER_NUMBERS_SHARE,
    MAX_REVERSED_ADVICE_SHARE,
    MAX_SINGLE_MENTION_SHARE,
    MAX_STUDENT_VOICE_SHARE,
    MAX_TEMPLATE_TURN_SHARE,
    MAX_UNADDRESSED_SHARE,
    MAX_UNFINISHED_SHARE,
    MIN_CONVERSATIONS,
    MIN_RIGHT_ANSWER_MOMENTS,
    NO_MATHEMATICS_FLOOR,
    TOP_SPAN_FLOOR,
    accepts_a_wrong_number,
    doubts_the_answer,
    flag_reasons,
    strategy_figures,
    turn_frame,
    turn_record,
    turn_text,
    wilson_low,
)
from trtutor.tasks.socratic import socratic

SAMPLES = 60  # 10 conversations of the default samples: enough for the check to speak (MIN_CONVERSATIONS)
HALF = 600  # 106 conversations of the default samples: a habit at every moment shows in half of them


_RECORDS: dict[tuple[str, str], dict] = {}


def record(turn: str, moment: dict) -> dict:
    """`turn_record(turn, moment)`, read once per test run: many tests mix the same real turns into their talkers."""
    key = (turn, json.dumps(moment, sort_keys=True, default=str))
    if key not in _RECORDS:
        _RECORDS[key] = turn_record(turn, {**moment})
    return _RECORDS[key]


def figures(turns: list[tuple[str, str, dict]]) -> dict[str, float]:
    """The strategy figures of (conversation id, turn, moment) triples, as the scorer records and reads them."""
    return strategy_figures([
        SampleScore(score=Score(value=0.0, metadata=record(turn, {**moment, "conversation_id": conversation})),
                    sample_id=str(index))
        for index, (conversation, turn, moment) in enumerate(turns)
    ])  # fmt: skip


def _problem_noun(moment: dict, rng: random.Random) -> str:
    """A plural noun of the moment's problem ("spoons"), for a talker to put in."""
    return rng.choice(re.findall(r"\b[a-z]{4,}s\b", moment["problem"]) or ["things"])


@pytest.fixture(scope="module")
def default_samples():
    return list(socratic(judge="offline").dataset)


@pytest.fixture(scope="module")
def human_records(default_samples) -> list[SampleScore]:
    """The human teacher's turns of every default sample as the scorer records them (several tests read them)."""
    return [SampleScore(score=Score(value=0.0, metadata=record(str(s.target), s.metadata)), sample_id=str(i))
            for i, s in enumerate(default_samples)]  # fmt: skip


def test_a_flags_wilson_interval_is_scipys():
    """`wilson_low` computes what `scipy.stats.binomtest(...).proportion_ci(method="wilson")` gives, without importing
    scipy.stats at every eval's start."""
    from scipy.stats import binomtest

    for total in [*range(1, 61), 228, 1201]:
        for count in sorted({0, 1, 2, total // 3, total // 2, total - 1, total} & set(range(total + 1))):
            assert wilson_low(count, total) == float(binomtest(count, total).proportion_ci(method="wilson").low)
    assert wilson_low(0, 0) == 0.0


def test_a_frame_masks_this_conversations_numbers_and_words():
    moment = {"problem": "John has 5 apples and gives Mary 3.", "conversation_history": "Student: I got 8 apples"}
    assert turn_frame("How did you get 8?", moment) == "how did you get {N} ?"
    # the small words that bind a slot (articles, possessives, joiners) are part of its filling (round 56)
    assert turn_frame("What about John and Mary's apples?", moment) == "what about {W} ?"
    assert turn_frame("Look at these 5 apples along with our 3 apples, and tell me.", moment) == turn_frame(
        "Look at 5 apples and then the 3 apples, and tell me.", moment
    )
    assert turn_text("  Well   DONE! ") == "well done !"


def test_markup_is_no_part_of_a_frame(default_samples):
    """An LLM talker that bolds the numbers it names, or writes them in LaTeX, says "* * {N} * *" at every moment
    unless its markup is dropped (adversary round 58: the human teacher's turns so restyled, top_span_low 0.63)."""
    moment = {"problem": "John has 5 apples and gives Mary 3.", "conversation_history": "Student: I got 8 apples"}
    plain = turn_frame("So John has 5 apples. How did you get 8?", moment)
    for marked in (
        "So John has **5** apples. How did you get __8__?",
        "So John has *5* apples. How did you get `8`?",
        "## So John has \\(5\\) apples.\nHow did you get **8**?",
    ):
        assert turn_frame(marked, moment) == plain, marked
    assert turn_text("Work out 3*4*5.") == "work out 3 * 4 * 5 ."  # a product's signs are no emphasis
    samples = default_samples[:180]
    bolded = figures([(s.metadata["conversation_id"], re.sub(r"\d+(?:\.\d+)?", r"**\g<0>**", str(s.target)), s.metadata)
                      for s in samples])  # fmt: skip
    assert bolded["flagged"] == 0 and bolded["top_span_low"] < 0.1, bolded


def test_the_human_teacher_and_every_mrbench_tutor_are_never_flagged(default_samples, human_records):
    human = strategy_figures(human_records)
    assert human["flagged"] == 0 and human["conversations"] == 228 and human["repeat_share"] < 0.05
    conversations, _ = load_mrbench("trtutor/data/bundled/mrbench_v2_dev.json")
    tutors: dict[str, list] = defaultdict(list)
    for conversation in conversations:
        moment = moment_metadata(conversation)
        for tutor, response in conversation.responses.items():
            tutors[tutor].append((conversation.conversation_id, response, moment))
    assert len(tutors) == 9 and human["template_turn_share"] < 0.05 and human["false_statement_share"] < 0.02
    # the same opening before each of its own turns is a habit, not a strategy: the turns go on to say their own
    opened = figures([(s.metadata["conversation_id"], "Let's think about this together. " + str(s.target), s.metadata)
                      for s in default_samples[:300]])  # fmt: skip
    assert opened["flagged"] == 0 and opened["template_turn_share"] < 0.2
    for tutor, turns in tutors.items():
        found = figures(turns)
        assert found["flagged"] == 0 and found["template_turn_share"] < 0.1, (tutor, found)
        assert found["top_span_low"] < 0.1, (tutor, found)  # Sonnet's "show me how you got {N}": 0.036
        assert found["false_statement_share"] < 0.05, (tutor, found)
        assert found["disordered_share"] < 0.25, (tutor, found)  # a half of some of Phi3's long replies: 0.20
        assert found["no_mathematics_share"] < 0.35, (tutor, found)  # Phi3's "Great job! Let's move on ...": 0.305
        assert found["other_numbers_share"] < 0.1, (tutor, found)  # the Expert's worked examples: 0.074
        assert found["new_number_share"] < 0.2, (tutor, found)  # Phi3's own steps and made-up exchanges: 0.147
        assert found["unaddressed_share"] < 0.6, (tutor, found)  # the Novice's "That is a good try.": 0.44
        assert found["unfinished_share"] < 0.06, (tutor, found)  # GPT4's 0.042
        assert found["single_mention_share"] < 0.25, (tutor, found)  # the Expert's short questions: 0.179
        assert found["student_voice_share"] < 0.05, (tutor, found)  # Phi3's made-up exchanges: 0.02
        assert found["narrates_share"] < 0.05, (tutor, found)  # Phi3's notes about "the student": 0.02
        assert found["belittles_share"] < 0.01, (tutor, found)
        assert found["asked_about_answer_share"] < 0.15, (tutor, found)  # Llama-3.1-405B's "How did you get 9?": 0.11
        assert found["elsewhere_share"] < 0.05, (tutor, found)  # Phi3's made-up exchanges: 0.021
        assert found["faulty_share"] < 0.3, (tutor, found)  # Phi3's long replies: 0.263
        assert found["accepted_wrong_answer_low"] < 0.12, (tutor, found)  # Phi3: 0.053
        assert found["revealed_answer_low"] < 0.25, (tutor, found)  # GPT-4: 0.162
    assert human["disordered_share"] < 0.08 and human["other_numbers_share"] < 0.02  # 0.052
    assert human["student_voice_share"] < 0.01 and human["new_number_share"] < 0.03  # 0.010
    assert human["narrates_share"] < 0.01 and human["elsewhere_share"] < 0.01  # 0
    assert human["faulty_share"] < 0.1  # 0.062
    assert human["top_span_share"] < 0.1  # "{N} {W}, how many {W}": 0.048
    assert human["belittles_share"] < 0.01
    assert human["asked_about_answer_share"] < 0.1  # 0.05
    assert human["unfinished_share"] < 0.02
    assert human["single_mention_share"] < 0.15  # 0.116
    assert human["unaddressed_share"] < 0.4  # statements of the problem, praise
    assert human["wrong_answer_moments"] > 400 and human["accepted_wrong_answer_low"] < 0.05  # 0.012
    assert human["revealed_answer_low"] < 0.1  # 0.023


def test_a_talker_wrong_as_a_habit_is_flagged(default_samples):
    from trtutor.tasks.stress_test.families import FAMILIES

    # each turn guides with partly wrong content, which annotators credit leniently; wrong in every turn is a habit
    wrong_sum = FAMILIES["wrong arithmetic in varied wording"]
    turns = [(s.metadata["conversation_id"], wrong_sum(s.metadata, i), s.metadata)
             for i, s in enumerate(default_samples[:SAMPLES])]  # fmt: skip
    found = figures(turns)
    assert found["top_frame_share"] < 0.3 and found["distinct_frames"] > 0.5  # no whole frame repeats: varied words
    assert found["false_statement_share"] >= 0.5 and found["flagged"] == 1
    assert any(
        reason.startswith(f"{found['false_statement_share']:.0%} of its turns state") for reason in flag_reasons(found)
    )
    asked = [(c, re.sub(r"\d+,", "what,", turn), m) for c, turn, m in turns]  # the sum asked, nothing false
    assert figures(asked)["false_statement_share"] == 0


def test_a_talker_that_puts_a_false_bound_on_the_answer_beside_real_turns_is_flagged(default_samples):
    """Round 46: the real turn and then a false estimate of the answer's size, a number of the problem as its bound
    ("The answer can't go past 12."), in varied words: each turn guides as the teacher's did, and the talker states a
    falsehood about the answer in most of them."""
    rng = random.Random(46)
    above = ("The answer has to be bigger than {n}.", "Expect something above {n}.", "Anything under {n} would be too "
             "small to make sense.", "We should end up over {n}.")  # fmt: skip
    below = ("The answer can't go past {n}.", "Expect a result below {n}.", "Your answer should be less than {n}.",
             "It should come out smaller than {n}.")  # fmt: skip

    def turn(sample) -> str:
        moment, real = sample.metadata, str(sample.target)
        answer = Fraction(moment["final_answer"])
        numbers = [mention.value for mention in find_numbers(moment["problem"]) if mention.value.denominator == 1]
        if higher := [n for n in numbers if n > answer]:  # says the answer is above a number that is above it
            return f"{real} {rng.choice(above).format(n=min(higher))}"
        if lower := [n for n in numbers if 1 < n < answer]:
            return f"{real} {rng.choice(below).format(n=max(lower))}"
        return real

    found = figures([(s.metadata["conversation_id"], turn(s), s.metadata) for s in default_samples[: 2 * SAMPLES]])
    assert found["false_statement_share"] >= 0.5 and found["flagged"] == 1, found


def test_a_talker_whose_words_are_in_no_tutors_order_is_flagged(default_samples):
    # each turn its own words (no frame repeats), but thrown together: the problem's words and tutor words as salad
    def salad(moment: dict, index: int) -> str:
        rng = random.Random(index)
        words = re.findall(r"[A-Za-z]+|\d+", moment["problem"])[:8] + ["how", "many", "you", "think", "total", "the"]
        return " ".join(rng.sample(words, 8)).capitalize() + "?"

    human = [(s.metadata["conversation_id"], str(s.target), s.metadata) for s in default_samples[:SAMPLES]]
    assert figures(human)["disordered_share"] < 0.15 and figures(human)["flagged"] == 0  # 60 turns: 0.08
    turns = [(c, salad(m, i), m) for i, (c, _, m) in enumerate(human)]
    found = figures(turns)
    assert found["template_turn_share"] < 0.25 and found["distinct_frames"] > 0.5
    assert found["disordered_share"] >= 0.5 and found["flagged"] == 1
    # the human teacher's own turns, each shuffled: the same words, in no one's order
    shuffled = [(c, " ".join(random.Random(i).sample(t.split(), len(t.split()))), m)
                for i, (c, t, m) in enumerate(human)]  # fmt: skip
    assert figures(shuffled)["disordered_share"] >= 0.5
    # or only the middle half of each of its turns, the ends kept: in order at the ends, in none in the middle
    half = figures([(c, middle_shuffled(t, i), m) for i, (c, t, m) in enumerate(human)])
    assert half["disordered_share"] >= 0.5 and half["flagged"] == 1

    # keyword salad as a list: the commas keep their order and a list has none to lose, but no writer lists "when"
    def listed(moment: dict, index: int) -> str:
        rng = random.Random(index)
        words = re.findall(r"[a-z]{4,}|\d+", moment["problem"].lower()) + ["when", "that", "from", "which"]
        return "Check: " + ", ".join(rng.sample(words, 6)) + ". What next?"

    found = figures([(c, listed(m, i), m) for i, (c, _, m) in enumerate(human)])
    assert found["disordered_share"] >= 0.5 and found["flagged"] == 1
    # arithmetic written out has no word order to read: numbers keep their places, a talker of sums is not disordered
    sums = [(c, f"Let's see: {i % 7 + 2} x 3 = {(i % 7 + 2) * 3}. Now you try the next step?", m)
            for i, (c, _, m) in enumerate(human)]  # fmt: skip
    assert figures(sums)["disordered_share"] == 0


@pytest.mark.parametrize(
    "talker",
    [
        lambda m, i: "That is a good try.",  # a constant turn
        lambda m, i: f"How did you get {m['final_answer']}?",  # a frame filled with this conversation's numbers
        lambda m, i: ["Good.", "Try again.", "What next?", "Hmm."][i % 4],  # a cycle of four
        # a frame filled with a word of this problem: "Can you tell me more about the apples?"
        lambda m, i: f"Can you tell me more about the {sorted(m['problem'].split(), key=len)[-1].strip('.,?')}?",
        lambda m, i: m["student_utterances"][-1],  # an echo: another text in every conversation, the same move
    ],
    ids=["constant", "frame", "cycle", "frame with a word", "echo"],
)
def test_strategies_are_flagged(default_samples, talker):
    # 20 conversations: each of these habits is in every one of them
    turns = [(s.metadata["conversation_id"], talker(s.metadata, i), s.metadata)
             for i, s in enumerate(default_samples[: 2 * SAMPLES])]  # fmt: skip
    found = figures(turns)
    assert found["flagged"] == 1
    # a frame is never less shared than the text behind it: words said everywhere are the template, not its filling
    assert found["top_frame_share"] >= found["top_text_share"]
    # too few conversations to say anything about a talker's habits
    few = [turn for turn in turns if turn[0] in {t[0] for t in turns[:40]}][: MIN_CONVERSATIONS - 1]
    assert len({t[0] for t in few}) < MIN_CONVERSATIONS and figures(few)["flagged"] == 0


OPENINGS = ("", "Hmm.", "Interesting.", "Let me see.", "Good effort.", "Okay.", "Thanks!", "Nice try.")
CLOSINGS = ("", "Take your time.", "Walk me through it.", "I'm curious.", "No rush.", "Think it over.")
QUESTIONS = ("How did you get {}?", "Where does {} come from?", "Why do you think it is {}?")


def _wrapped_frame(moment: dict, index: int) -> str:
    rng = random.Random(index)
    question = rng.choice(QUESTIONS).format(moment["final_answer"])
    return " ".join(part for part in (rng.choice(OPENINGS), question, rng.choice(CLOSINGS)) if part)


def test_frames_wrapped_in_varied_words_are_flagged_by_their_sentences(default_samples):
    # few whole turns repeat and most frames are new (openings and closings vary), but every question is a template
    turns = [(s.metadata["conversation_id"], _wrapped_frame(s.metadata, i), s.metadata)
             for i, s in enumerate(default_samples[:SAMPLES])]  # fmt: skip
    found = figures(turns)
    assert found["top_frame_share"] < 0.3 and found["distinct_frames"] > 0.5
    assert found["template_turn_share"] >= 0.9 and found["flagged"] == 1
    # openings and closings drawn from hundreds, so that none repeats across conversations (round 19): they name
    # nothing of the moment, and the question that does is the template
    rng = random.Random(19)
    moods, asides = (
        ("Okay", "Alright", "Hmm", "Right then", "So", "Well"),
        ("let's pause here", "this part matters", "let's look again", "here's a thought"),
    )
    manners = ("", " slowly", " carefully", " step by step", " in your head", " when you can")
    varied = [(c, f"{rng.choice(moods)}, {rng.choice(asides)}. {rng.choice(QUESTIONS).format(m['final_answer'])} "
               f"Have a think{rng.choice(manners)} and {rng.choice(('tell me', 'see', 'let me know'))}.", m)
              for c, _, m in turns]  # fmt: skip
    found = figures(varied)
    assert found["template_turn_share"] >= 0.9 and found["flagged"] == 1, found
    # a core frame in pooled wordings, so that no whole sentence repeats: a run of it with the moment's numbers and
    # words is the template ("... about the {N} {W} and your {N} ...", round 19)
    asks, helps = (
        ("Should I give you", "Do you want", "Would you like", "Shall I show you"),
        ("a hint", "a clue", "a nudge"),
    )
    ends = ("", ", or shall we skip it", " now")
    offers = [(c, f"{rng.choice(asks)} {rng.choice(helps)} about the {m['final_answer']} {_problem_noun(m, rng)} and "
                  f"your {m['final_answer']}{rng.choice(ends)}?", m) for c, _, m in turns]  # fmt: skip
    found = figures(offers)
    assert found["template_turn_share"] >= 0.9 and found["flagged"] == 1, found
    # number words are numbers: "twelve" fills the frame as "12" does
    moment = {"problem": "", "conversation_history": ""}
    assert turn_frame("How did you get twenty-two?", moment) == turn_frame("How did you get 22?", moment)
    assert turn_frame("Is it one hundred and four?", moment) == "is it {N} ?"


def test_in_a_real_eval_and_on_the_leaderboard(default_samples, tmp_path):
    from trtutor.leaderboard import build_leaderboard, display_table, read_logs, write_leaderboard

    # a turn of each of the first 10 conversations: as many conversations as SAMPLES, in a sixth of the time
    first_of: dict[str, str] = {}  # conversation -> its first turn's sample id
    for sample in default_samples[:72]:
        first_of.setdefault(sample.metadata["conversation_id"], str(sample.id))
    first_turns = list(first_of.values())
    logs = []
    for model, args in (("trtutor/human-teacher", {}), ("trtutor/baseline", {"strategy": "constant-question"})):
        [log] = eval(socratic(judge="offline"), model=model, model_args=args, sample_id=first_turns[:10],
                     display="none", log_dir=str(tmp_path / "logs"))  # fmt: skip
        assert log.status == "success"
        logs.append(log)
    metrics = [{m.name: m.value for s in log.results.scores if s.name == "strategy" for m in s.metrics.values()}
               for log in logs]  # fmt: skip
    assert [m["flagged"] for m in metrics] == [0, 1]
    assert metrics[1]["top_text_share"] == 1 and metrics[0]["conversations"] == 10
    score = logs[1].samples[0].scores["strategy"]
    assert score.value == 0 and score.answer in score.explanation  # a single turn is no strategy

    board = build_leaderboard(read_logs([str(tmp_path / "logs")]))
    rows = list(board.frame["talker"])
    assert rows == ["human teacher", "baseline: constant-question"]
    flags = dict(zip(board.frame["talker"], board.frame["flags"], strict=True))
    assert flags["baseline: constant-question"].startswith("strategy: the same turn in 100% of its 10 conversations")
    assert flags["human teacher"] == ""
    assert "flags" in display_table(board).columns
    write_leaderboard(board, tmp_path / "board")
    assert "flags" in (tmp_path / "board" / "leaderboard.csv").read_text().splitlines()[0].split(",")

    # offline judges: each cell is the estimate of the annotators' rate from the judges' shipped card
    from trtutor.leaderboard.cards import shipped_offline_card
    from trtutor.scorers.judge_card import read_card

    card = read_card(shipped_offline_card())
    human = board.frame.set_index("talker").loc["human teacher"]
    for metric in ("socratic", "answer_leakage", "correctness"):
        expected = min(max(human[f"{metric}_judge_rate"] - card.metrics[metric].bias, 0.0), 1.0)
        assert human[f"{metric}_mean"] == pytest.approx(expected) and human[f"{metric}_bias_from"] == "pooled"
        assert human[f"{metric}_low"] <= human[f"{metric}_mean"] <= human[f"{metric}_high"]
    assert "estimates of the rate expert annotators would give" in (tmp_path / "board" / "leaderboard.md").read_text()

    # a try-out of a few conversations: the constant talker cannot be flagged yet, and the table's notes say so
    from trtutor.leaderboard.render import provenance_lines

    eval(socratic(judge="offline"), model="trtutor/baseline", model_args={"strategy": "constant-question"},
         sample_id=first_turns[:3], display="none", log_dir=str(tmp_path / "few"))  # fmt: skip
    few = build_leaderboard(read_logs([str(tmp_path / "few")]))
    assert (few.frame["flags"] == "").all() and few.data.strategy_unread == {"baseline: constant-question": 3}
    assert "Not read by `strategy` (conversations in parentheses; it needs 10): baseline: constant-question (3)." in (
        " ".join(provenance_lines(few))
    )
    assert "Not read by `strategy`" not in (tmp_path / "board" / "leaderboard.md").read_text()


def test_flagged_rows_rank_after_every_other():
    import pandas as pd

    from trtutor.leaderboard import build_leaderboard
    from trtutor.leaderboard.logs import METRICS, LeaderboardData

    rows = []
    for talker, value in (("human teacher", 0.7), ("constant", 1.0), ("honest", 0.2)):
        for index in range(6):
            rows.append({"talker": talker, "sample_id": f"s{index}", "conversation_id": f"c{index // 2}",
                         **dict.fromkeys(METRICS, float("nan")), "socratic": value})  # fmt: skip
    data = LeaderboardData(pd.DataFrame(rows), {}, flags={"constant": "strategy: the same turn in 100% of ..."})
    board = build_leaderboard(data)
    assert list(board.frame["talker"]) == ["human teacher", "honest", "constant"]  # the best socratic ranks last


def test_the_leaderboard_says_which_figure_flagged_a_talker():
    import pandas as pd

    from trtutor.leaderboard.logs import strategy_flag

    row = {"score_strategy_flagged": 1.0, "score_strategy_top_text_share": 0.01, "score_strategy_top_frame_share": 0.02,
           "score_strategy_distinct_frames": 0.98, "score_strategy_repeat_share": 0.9,
           "score_strategy_conversations": 40.0}  # fmt: skip
    assert strategy_flag(pd.Series(row)) == "strategy: repeats what was said in 90% of its turns"
    row.update(score_strategy_repeat_share=0.0, score_strategy_template_turn_share=0.8)
    assert strategy_flag(pd.Series(row)) == (
        "strategy: 80% of its turns only fill frames it says in many of its 40 conversations"
    )
    row.update(score_strategy_template_turn_share=0.0, score_strategy_false_statement_share=0.4)
    assert strategy_flag(pd.Series(row)) == (
        "strategy: 40% of its turns state something false (wrong arithmetic, a misstated quantity of the problem, a "
        "false fact of units or a wrong answer)"
    )
    row.update(score_strategy_false_statement_share=0.0, score_strategy_disordered_share=0.6)
    assert strategy_flag(pd.Series(row)) == (
        "strategy: 60% of its turns have their words, or half of them, in no more likely an order than shuffled "
        "(keyword salad, shuffled turns, words tutors do not use)"
    )
    assert strategy_flag(pd.Series({**row, "score_strategy_flagged": 0.0})) == ""


def test_a_talker_that_says_nothing_of_the_mathematics_is_flagged(default_samples, human_records):
    """Small talk, narration about the student and refusals, each with a word of the problem, in varied words: the
    per-turn judges meet each turn alone; across the run, next to no turn has a number or a word of arithmetic."""
    from trtutor.tasks.stress_test.families import FAMILIES

    human = [(s.metadata["conversation_id"], str(s.target), s.metadata) for s in default_samples]
    records = human_records
    assert strategy_figures(records)["no_mathematics_share"] < 0.15  # "Well done!", "Good job": 9 % of the teacher's
    small_talk = [(c, FAMILIES["off-topic with a word of the problem"](m, i), m)
                  for i, (c, _, m) in enumerate(human[: 2 * SAMPLES])]  # fmt: skip
    found = figures(small_talk)
    assert found["no_mathematics_low"] >= NO_MATHEMATICS_FLOOR and found["flagged"] == 1, found
    for family in ("narration about the student", "refusal with a word of the problem"):  # the judges refuse them
        found = figures([(c, FAMILIES[family](m, i), m) for i, (c, _, m) in enumerate(human[:SAMPLES])])
        assert found["no_mathematics_share"] >= 0.3, (family, found)
    # a tutor that asks about the story's people and things ("Who ends up with the spoons?") says no word of
    # arithmetic in 43 % of its turns (an adversary's): the words are a proxy, so that is not yet a habit
    story = [SampleScore(score=Score(value=0.0, metadata={
        **r.score.metadata, "says_mathematics": i % 7 >= 3,
        "sentence_mathematics": [i % 7 >= 3] * len(r.score.metadata["sentence_mathematics"])}), sample_id=r.sample_id)
        for i, r in enumerate(records)]  # fmt: skip
    found = strategy_figures(story)
    assert 0.4 < found["no_mathematics_share"] < 0.5 and found["flagged"] == 0, found
    # over 10 consecutive conversations the teacher's share is noisy (up to 0.308); its interval says so
    order = list(dict.fromkeys(c for c, _, _ in human))
    windows = []
    for first in range(len(order) - 9):
        window = set(order[first : first + 10])
        found = strategy_figures([r for r, (c, _, _) in zip(records, human, strict=True) if c in window])
        windows.append((found["no_mathematics_share"], found["no_mathematics_low"]))
    share, low = max(windows)
    assert share > 0.2 and low < share - 0.08 and max(low for _, low in windows) < NO_MATHEMATICS_FLOOR
    # praise first, then the teacher's own turn: as much mathematics as the teacher says
    praised = [(c, "Great effort, well done! " + t, m) for c, t, m in human[:SAMPLES]]
    assert figures(praised)["no_mathematics_share"] < 0.15
    # an opener that names nothing of the moment says the words of tutoring ("think", "step") and "let's", whatever
    # follows it: the turn is read by its other sentences, so small talk behind it, in the same opener or in ever-new
    # ones, says no mathematics, and the teacher's own turns behind it say about what they said without it (a turn of
    # the teacher's that names nothing of its moment either is read whole, opener and all, and its "let's" speaks to
    # the student)
    rng = random.Random(19)
    for opener in (
        lambda: "Let's think about this step by step.",
        lambda: (
            " ".join(
                (
                    rng.choice(("Okay,", "Alright,", "Now", "Hmm,", "So")),
                    rng.choice(("let's", "we'll")),
                    rng.choice(("think", "work", "reason", "go")),
                    rng.choice(("step by step", "one step at a time", "carefully", "bit by bit")),
                )
            )
            + "."
        ),
    ):
        behind = figures([(c, f"{opener()} {FAMILIES['off-topic with a word of the problem'](m, i)}", m)
                          for i, (c, _, m) in enumerate(human[: 2 * SAMPLES])])  # fmt: skip
        assert behind["no_mathematics_low"] >= NO_MATHEMATICS_FLOOR and behind["flagged"] == 1, behind
    alone = strategy_figures(records[: 2 * SAMPLES])  # the same turns, recorded once
    opened = figures([(c, f"{opener()} {t}", m) for c, t, m in human[: 2 * SAMPLES]])
    assert abs(opened["no_mathematics_share"] - alone["no_mathematics_share"]) <= 0.05, (opened, alone)
    assert opened["unaddressed_share"] <= alone["unaddressed_share"] and opened["flagged"] == 0, (opened, alone)


def test_a_talker_about_other_numbers_than_its_conversations_is_flagged(default_samples):
    """An arithmetic drill about nothing of this problem, with a word of it put in, in ever-different words: per turn a
    question with arithmetic in it; across the run, next to no turn has a number of its conversation."""
    rng = random.Random(26)
    openings = (
        "Quick warm-up before the {w}",
        "Brain break, {w} aside",
        "Side quest",
        "Pop quiz, forget the {w}",
        "Mental maths moment",
        "Just for fun",
        "A little detour from the {w}",
        "Random one",
    )
    asks = (
        ": what is {e}?",
        ": can you work out {e}?",
        ": how much is {e}?",
        " - tell me {e} in your head.",
        ": what do you get for {e}?",
        ": {e} equals what?",
    )
    operations = ("{x} + {y}", "{x} minus {y}", "{x} times {y}", "half of {x}", "double {x}", "{x} divided by {y}")

    def drill(moment: dict) -> str:
        word = _problem_noun(moment, rng)
        expression = rng.choice(operations).format(x=rng.randint(101, 999), y=rng.randint(101, 999))
        return (rng.choice(openings) + rng.choice(asks)).format(w=word, e=expression)

    samples = default_samples[:120]
    found = figures([(s.metadata["conversation_id"], drill(s.metadata), s.metadata) for s in samples])
    assert found["top_frame_share"] < 0.3  # no whole frame repeats: varied words (a run of one does: "{N} + {N} ?")
    assert found["other_numbers_share"] >= MAX_OTHER_NUMBERS_SHARE and found["flagged"] == 1, found
    assert (
        " are about other numbers than its conversation's (none of the problem's, its solution's or what was said)"
        in [reason.split(" of its turns")[-1] for reason in flag_reasons(found)]
    )

    # a worked example with other numbers, in varied words, in a fifth of the turns, else the teacher's turn: a style
    def example() -> str:
        name, things = rng.choice(("Leo", "Priya", "Ana", "Tom", "Sam")), rng.choice(("cards", "shells", "coins"))
        x, y = rng.randint(101, 999), rng.randint(101, 999)
        gets = rng.choice(("gets {y} more", "finds {y} more", "is given {y} more", "buys another {y}")).format(y=y)
        closing = rng.choice(("Can you do the same?", "Now try ours.", "Which numbers play those roles here?"))
        return f"If {name} has {x} {things} and {gets}, that makes {x} + {y} = {x + y}. {closing}"

    mixed = [(s.metadata["conversation_id"], example() if i % 5 == 0 else str(s.target), s.metadata)
             for i, s in enumerate(samples)]  # fmt: skip
    found = figures(mixed)
    assert 0.15 < found["other_numbers_share"] < MAX_OTHER_NUMBERS_SHARE and found["flagged"] == 0, found


def test_a_talker_that_states_the_solutions_quantities_with_changed_numbers_is_flagged(default_samples):
    """A result of the solution said as known with its number changed, in varied words, after the teacher's turn in
    three turns of five: per turn no exact check can tie "we already have 57" to its quantity; across the run, the
    talker states numbers no one gave in half of its turns. Its honest twin, the same results said right, states
    none."""
    rng = random.Random(37)
    wordings = ("So far we know that it comes to {v}.", "Good - that part gives us {v}.", "Keep in mind we have {v}.",
                "Now, with {v} in hand, what is next?", "Remember: that step leaves {v}.")  # fmt: skip

    def results(moment: dict) -> list:
        return [mention for line in moment["ground_truth"].splitlines()[:-1] if "=" in line
                for mention in find_numbers(line.split("=")[-1])[:1] if mention.value > 2]  # fmt: skip

    samples = [s for s in default_samples[:300] if results(s.metadata)][:150]

    def talker(changed: bool) -> list[tuple[str, str, dict]]:
        turns = []
        for i, sample in enumerate(samples):
            turn = str(sample.target)
            if i % 5 < 3:
                value = rng.choice(results(sample.metadata)).value + (rng.choice((3, 7, 12)) if changed else 0)
                turn += " " + rng.choice(wordings).format(v=value)
            turns.append((sample.metadata["conversation_id"], turn, sample.metadata))
        return turns

    changed, honest = figures(talker(changed=True)), figures(talker(changed=False))
    assert changed["new_number_share"] >= MAX_NEW_NUMBER_SHARE and changed["flagged"] == 1, changed
    assert honest["new_number_share"] < 0.05 and honest["flagged"] == 0, honest


def test_a_talker_that_never_speaks_to_the_student_is_flagged(default_samples):
    """Narration about the student, each turn with a verb of arithmetic and a word of the problem, in varied words:
    per turn it may pass for a remark; over the run it never speaks to the student nor asks anything."""
    rng = random.Random(27)
    subjects = ("She", "He", "The student", "Our learner")
    verbs = ("keeps calculating", "is adding up", "quietly multiplies", "counts", "divides", "is measuring")

    remarks, things = [], []
    for sample in default_samples[:120]:
        thing, manner = _problem_noun(sample.metadata, rng), rng.choice(("again", "slowly", "in silence"))
        remark = f"{rng.choice(subjects)} {rng.choice(verbs)} the {thing} {manner}."
        remarks.append((sample.metadata["conversation_id"], remark, sample.metadata))
        things.append(thing)
    found = figures(remarks)
    assert found["unaddressed_share"] >= MAX_UNADDRESSED_SHARE and found["flagged"] == 1, found
    assert any("neither speak to the student" in reason for reason in flag_reasons(found))
    # the same remarks, each followed by a question to the student: addressed, unless the remark narrates the
    # student by name or as "the student", which no question takes back (round 17: "Let's think step by step."
    # before a narration by name at every moment)
    narrating = sum(t.startswith(("The student", "Our learner")) for _, t, _ in remarks) / len(remarks)
    assert 0 < narrating < 1
    pairs = list(zip(remarks, things, strict=True))
    asked = [(c, f"{t} What do you notice about the {thing}?", m) for (c, t, m), thing in pairs]
    assert figures(asked)["unaddressed_share"] == narrating
    # or by an instruction, which speaks to the student without naming them ("Nearly. To start, add 12 and 3.")
    told = [(c, f"{t} Now add up the {thing}.", m) for (c, t, m), thing in pairs]
    assert figures(told)["unaddressed_share"] == narrating
    # a stock question or instruction, the same words whatever the moment, says nothing of it: the remark is what the
    # turn says, and it speaks to no one
    for stock in (" What do you notice?", " Now check the last step."):
        found = figures([(c, t + stock, m) for c, t, m in remarks])
        assert found["unaddressed_share"] >= MAX_UNADDRESSED_SHARE and found["flagged"] == 1, (stock, found)
    named = [(c, f"Let's think step by step. {student_name(m['student_profile'])} is adding up the totals.", m)
             for c, _, m in remarks]  # fmt: skip
    assert figures(named)["unaddressed_share"] == 1 and figures(named)["flagged"] == 1
    # the students of a problem about a class are the problem's, not the student narrated (round 18)
    from trtutor.scorers.offline.tutor_language import narrates_the_student

    school = {"problem": "Of the 30 students in the class, 12 walk to school.", "student_profile": "Mia is a student."}
    assert not narrates_the_student("Let's look at the students again. How many walk?", school)
    assert narrates_the_student("Let's see. The student keeps adding the walkers.", {"problem": "Tom has 3 boxes."})
    # asked about by name, or "she" in trouble with the work (round 25); a person of the problem is the problem's
    mia = {"problem": "Tom has 3 boxes.", "student_profile": "Mia is a student."}
    assert narrates_the_student("Is Mia going to notice the boxes, I wonder?", mia)
    assert narrates_the_student("You can tell she's struggling with the boxes.", mia)
    assert narrates_the_student("Doesn't she look puzzled by the boxes now?", mia)
    assert not narrates_the_student(
        "Would Mia earn money for the boxes she didn't sell?", {**mia, "problem": "Mia sells boxes."}
    )
    assert not narrates_the_student("She used 3 of the spoons. How many are left?", mia)
    # the student unnamed, "someone" (adversary round 37)
    assert narrates_the_student("Looks like someone is still puzzling over the boxes.", mia)
    assert not narrates_the_student("Someone bought 3 boxes. How many are left?", mia)


def test_a_talker_that_doubts_whatever_the_student_says_is_flagged(default_samples, human_records):
    """Doubt after a wrong answer is tutoring, and annotators credit it; doubt after a right answer too, in ever-
    different words, reads no answer: only the moments across the run show it."""
    rng = random.Random(26)
    openings = ("Hmm,", "Wait,", "Are you sure?", "Really?", "Hold on,", "Not so fast.", "Is that so?", "Let's pause.")
    requests = ("have another look at", "check", "go back over", "recount", "double-check", "look again at")
    objects = ("the {w}", "that step", "your working", "the part about the {w}", "what you did with the {w}")

    def doubt(moment: dict) -> str:
        word = _problem_noun(moment, rng)
        return f"{rng.choice(openings)} {rng.choice(requests)} {rng.choice(objects).format(w=word)}."

    samples = default_samples[:300]
    found = figures([(s.metadata["conversation_id"], doubt(s.metadata), s.metadata) for s in samples])
    assert found["right_answer_moments"] >= MIN_RIGHT_ANSWER_MOMENTS and found["flagged"] == 1, found
    assert found["doubted_right_answer_share"] > 0.8 and any("right answer" in r for r in flag_reasons(found))
    # the human teacher doubts a right answer now and then (a right number with wrong working), and looks back at the
    # mistake made before ("Do you see where you went wrong?"), which is no doubt
    human = strategy_figures(human_records)
    assert human["right_answer_moments"] > 100 and human["doubted_right_answer_share"] < 0.1, human
    assert not doubts_the_answer("Great job! Can you see where you went wrong before?")
    assert not doubts_the_answer("Well done. Now check it: does 10 + 5 - 3 make 12?")  # verifying, approved
    assert not doubts_the_answer("How did you check it?") and doubts_the_answer("Good try, but check it again.")
    # doubt asked in other words (round-15 adversary); a check of confidence asks nothing of the answer
    for doubt in ("Do you really think it's 160?", "Is 160 really it?", "Could 160 be off?", "Would you bet on 160?"):
        assert doubts_the_answer(doubt), doubt
    assert not doubts_the_answer("How confident are you in 160?") and not doubts_the_answer("Yes, that is really it!")
    # too few right answers say nothing
    few = {**found, "right_answer_moments": float(MIN_RIGHT_ANSWER_MOMENTS - 1)}
    assert not any("right answer" in reason for reason in flag_reasons(few))


def test_one_question_about_one_thing_in_ever_new_words_is_flagged(default_samples):
    """Round-15 adversary: "How did you get {N}?" reworded at every turn (openings, verbs and closings drawn apart, so
    few frames repeat), with or without the noun of the number, or a question about one noun of the problem, names
    one thing of the moment and nothing more."""
    rng = random.Random(15)
    openings = ("", "So,", "Alright,", "Tell me,", "Interesting,", "Okay,", "Hmm,", "Before we go on,")
    asks = ("how did you arrive at {n}", "what did you do to get {n}", "how did you come up with {n}",
            "can you tell me how you got {n}", "what steps led you to {n}", "how sure are you of {n}",
            "where does {n} come from", "is {n} definitely right", "what do we know about {n}")  # fmt: skip
    closings = ("?", ", step by step?", " exactly?", " this time?", " though?", ", do you think?", " there?")

    def asked(sample, thing: str) -> tuple:
        turn = f"{rng.choice(openings)} {rng.choice(asks).format(n=thing)}{rng.choice(closings)}".strip()
        return sample.metadata["conversation_id"], turn[0].upper() + turn[1:], sample.metadata

    def number(sample) -> str:
        said = find_numbers(" ".join(sample.metadata["student_utterances"]))
        return said[-1].text if said else "it"

    samples = default_samples[:180]  # 34 conversations
    for thing in (number, lambda s: f"{number(s)} {_problem_noun(s.metadata, rng)}",
                  lambda s: f"the {_problem_noun(s.metadata, rng)}"):  # fmt: skip
        turns = [asked(sample, thing(sample)) for sample in samples]
        found = figures(turns)
        assert found["single_mention_share"] > 0.7 and found["flagged"] == 1, found
        assert any("one thing of the moment" in reason for reason in flag_reasons(found))
    # the same questions naming more of the moment are about more than one thing
    more = figures([(c, f"{t} Think about the {_problem_noun(m, rng)} and the 3 steps.", m) for c, t, m in turns])
    assert more["single_mention_share"] < 0.1
    # a terse tutor (round 16) asks such a question in 45 % of its turns and teaches in the rest: not a strategy
    terse = [asked(s, number(s)) if i % 20 < 9 else (s.metadata["conversation_id"], str(s.target), s.metadata)
             for i, s in enumerate(samples)]  # fmt: skip
    found = figures(terse)
    assert 0.4 < found["single_mention_share"] < MAX_SINGLE_MENTION_SHARE and found["flagged"] == 0, found


def test_one_frame_with_its_small_words_drawn_at_random_is_one_frame(default_samples):
    """Round 56: two numbers of the problem with its noun, and a question from a pool, at every moment; the frame's
    leads, endings, articles and joiners drawn apart so that few whole frames repeat, the small words most of all
    (with them read as words, 0.24 of the turns are templates)."""
    rng = random.Random(56)
    leads = ("Look at", "Think about", "Focus on", "Consider", "Start with", "Picture", "Work with", "Zoom in on",
             "Keep in mind", "Notice", "Remember", "Take", "Have a look at", "Let's use", "Hold on to",
             "Spot")  # fmt: skip
    ends = (".", " here.", " in the story.", " first.", " for a moment.", " together.", " again.")
    determiners = ("", "the", "those", "these", "our", "all", "just", "those same", "both", "the same")
    joins = ("and", "along with", "as well as", "together with", "and then", "next to", "with", "besides", ", and",
             "alongside", "and also")  # fmt: skip
    asks = ("What's the difference between the two?", "What do both amount to?", "How many is that altogether?",
            "What would the total be?", "Which step comes next?",
            "What do you get if you put them together?")  # fmt: skip

    def carried(sample) -> tuple:
        numbers = [mention.text for mention in find_numbers(sample.metadata["problem"])] or ["3", "4"]
        a, b = rng.choice(numbers), rng.choice(numbers)
        noun = _problem_noun(sample.metadata, rng)
        turn = (f"{rng.choice(leads)} {rng.choice(determiners)} {a} {noun} {rng.choice(joins)} "
                f"{rng.choice(determiners)} {b} {noun}{rng.choice(ends)} {rng.choice(asks)}")  # fmt: skip
        return sample.metadata["conversation_id"], " ".join(turn.split()).replace(" ,", ","), sample.metadata

    found = figures([carried(sample) for sample in default_samples[:300]])
    assert found["template_turn_share"] > MAX_TEMPLATE_TURN_SHARE, found
    assert any("only fill frames" in reason for reason in flag_reasons(found)), found


def test_a_question_about_the_students_answer_at_every_moment_is_flagged(default_samples):
    """Rounds 23-24: "How did you get {N}?" with its parts drawn apart (openings, questions, another number of the
    conversation, closings), so that no frame or run of one repeats and the turn names two things of the moment."""
    rng = random.Random(24)
    openings = ("", "Got it.", "Hmm.", "Noted.", "Okay.", "Let me see.", "Interesting.", "Right.")
    asks = ("through what working did you land on {n}", "by what route did you find your {n}",
            "how exactly did you come up with this {n}", "what made you write {n}", "where does your {n} come from",
            "which calculation gave you {n}", "are we certain of the {n}", "how come you settle on {n}")  # fmt: skip
    extras = ("remembering the {m}", "starting from {m}", "looking at the {m}", "with the {m} in mind", "using {m}")
    closings = ("?", "? Just the key steps.", "? Take it slowly.", "? No rush.", "? I want to follow you.")

    def asked(sample) -> tuple:
        said = find_numbers(sample.metadata["student_utterances"][-1])
        problem = [mention.text for mention in find_numbers(sample.metadata["problem"])] or ["3"]
        question = rng.choice(asks).format(n=said[-1].text if said else "it")
        extra = rng.choice(extras).format(m=rng.choice(problem))
        turn = f"{rng.choice(openings)} {question[0].upper()}{question[1:]}, {extra}{rng.choice(closings)}".strip()
        return sample.metadata["conversation_id"], turn, sample.metadata

    samples = default_samples[:300]
    found = figures([asked(sample) for sample in samples])
    assert found["asked_about_answer_share"] > 0.7 and found["flagged"] == 1, found
    assert found["single_mention_share"] < MAX_SINGLE_MENTION_SHARE, found  # two things named
    assert any("ask about the student's answer" in reason for reason in flag_reasons(found))
    # a tutor that asks about the student's number in 30 % of its turns, and teaches in the rest, reads its moments
    now_and_then = [asked(s) if i % 10 < 3 else (s.metadata["conversation_id"], str(s.target), s.metadata)
                    for i, s in enumerate(samples)]  # fmt: skip
    found = figures(now_and_then)
    assert 0.2 < found["asked_about_answer_share"] < 0.4 and found["flagged"] == 0, found


def test_a_verdicts_words_as_a_test_a_goal_a_question_or_of_a_part_agree_with_nothing(default_samples):
    """Adversary round 66: honest openers whose words of a verdict are a condition, a test or a goal, a question, or
    praise of a part of the work, before the real turn at a wrong answer, were read as agreeing with it (three such
    talkers flagged on both sample sets, their per-turn scores at the human teacher's)."""
    moment = {"problem": "Tom has 5 apples and buys 3 more. How many apples does he have?", "ground_truth": "5 + 3 = 8",
              "final_answer": "8", "student_incorrect_solution": "5 + 3 = 9", "student_utterances": ["I got 9 apples."],
              "conversation_history": "Student: I got 9 apples."}  # fmt: skip
    honest = ("Let's see whether your 9 passes the test.", "Plug 9 into the problem and check if everything adds up.",
              "Make sure everything adds up at the end.", "To get full marks, show each step.",
              "What would make it exactly right?", "Is that right?", "Your first step looks good to me.",
              "You got it half right.", "Once everything adds up, you're finished.")  # fmt: skip
    for opener in honest:
        assert not accepts_a_wrong_number(f"{opener} What do the 3 apples add?", moment), opener
    for verdict in ("That's right!", "Your answer checks out.", "Looks good to me.", "Everything adds up.",
                    "If you ask me, spot on.", "Once again, that's right!",
                    "Let's test your 9: undo your steps and you're back at the start, so it holds up."):  # fmt: skip
        assert accepts_a_wrong_number(f"{verdict} What do the 3 apples add?", moment), verdict
    samples = default_samples[:HALF]
    talker = []
    for index, sample in enumerate(samples):
        turn = str(sample.target)
        if index % 10 < 3 and accepts_a_wrong_number("That's right!", sample.metadata):
            turn = f"{honest[index % len(honest)]} {turn}"
        talker.append((sample.metadata["conversation_id"], turn, sample.metadata))
    found = figures(talker)
    assert found["flagged"] == 0 and found["accepted_wrong_answer_low"] < 0.1, found


def test_full_credit_in_idioms_before_a_real_turn_at_the_wrong_moments_is_agreement(default_samples):
    """Adversary round 68's E3: a grade given, the case closed or the work kept as it stands, said before the real
    turn at every wrong moment ("Full points.", "Case closed.", "Don't change a thing."), was no verdict to the
    readers (`accepted_wrong_answer_low` 0.004); such words are one vocabulary now (`false_statements.FULL_CREDIT`)."""
    moment = {"problem": "Tom has 5 apples and buys 3 more. How many apples does he have?", "ground_truth": "5 + 3 = 8",
              "final_answer": "8", "student_incorrect_solution": "5 + 3 = 9", "student_utterances": ["I got 9 apples."],
              "conversation_history": "Student: I got 9 apples."}  # fmt: skip
    idioms = ("Full points.", "Gold star for you.", "Case closed.", "Don't change a thing.", "Top marks!",
              "Done and dusted.", "That settles it.", "Ten out of ten.", "Lock it in.")  # fmt: skip
    for idiom in (*idioms, "Correcto.", "Richtig!", "\u6b63\u786e\u3002"):  # a one-word verdict abroad (round 62)
        assert accepts_a_wrong_number(f"{idiom} What do the 3 apples add?", moment), idiom
    for honest in ("Don't change anything yet; first tell me how you got 9.", "Leave it as it is and look at step 2.",
                   "To get full marks, show each step.", "Muy bien. Now check step 2."):  # fmt: skip
        assert not accepts_a_wrong_number(f"{honest} What do the 3 apples add?", moment), honest
    samples = default_samples[:HALF]
    talker = []
    for index, sample in enumerate(samples):
        turn = str(sample.target)
        if accepts_a_wrong_number("That's right!", sample.metadata):
            turn = f"{idioms[index % len(idioms)]} {turn}"
        talker.append((sample.metadata["conversation_id"], turn, sample.metadata))
    found = figures(talker)
    assert found["flagged"] == 1 and found["accepted_wrong_answer_low"] > 0.2, found


def test_credit_for_the_method_with_the_wrong_number_named_as_the_fault_is_no_agreement():
    """Adversary round 75: partial credit ("you solved it correctly") with the student's wrong number named as the
    fault ("The trouble is the 9.") identifies the mistake; without the fault named it is agreement, as before."""
    moment = {"problem": "Tom has 5 apples and buys 3 more. How many apples does he have?", "ground_truth": "5 + 3 = 8",
              "final_answer": "8", "student_incorrect_solution": "x - 3 = 6\nx = 9", "student_utterances": ["It's 9."],
              "conversation_history": "Student: It's 9."}  # fmt: skip
    praise = "Your equation x - 3 = 6 has the right shape, and you solved it correctly."
    for fault in ("The trouble is the 6.", "The mistake is in your 6.", "The problem lies with the 6 apples."):
        assert not accepts_a_wrong_number(f"{praise} {fault} What should it equal?", moment), fault
    assert accepts_a_wrong_number(f"{praise} What should it equal next?", moment)
    assert accepts_a_wrong_number("Yes, 9 is right! The trouble is the stew.", moment)  # no number of theirs named
    # the number checked, or weighed as too big or too small, is put to a test (round 75); ticked off, it is kept
    assert not accepts_a_wrong_number("Let's sanity-check your 9. Is it too big, too small, or about right?", moment)
    assert not accepts_a_wrong_number("Is 9 too big, too small, or about right for the story?", moment)
    assert accepts_a_wrong_number("Great, 9 it is! Check your 9 off the list.", moment)


def test_a_talker_that_takes_the_students_wrong_number_as_settled_is_flagged(default_samples):
    """Rounds 42-43: at the moments the student's answer is wrong, their number said back and built on, in ever-new
    words ("With your 9 apples settled, what would you call the method you used?"), and the real turn elsewhere.
    Per turn a number said back is no verdict; at many of the wrong moments it is agreement as a habit."""
    rng = random.Random(44)
    openers = ("", "Okay.", "Nice.", "Alright,", "So,", "Right.")
    leads = ("with your {n} {w} settled,", "taking the {n} {w} as our total,", "since you have {n} {w},",
             "{n} {w} it is, so", "starting from your {n} {w},", "building on the {n} {w},")  # fmt: skip
    onward = ("what would you call the method you used?", "which step took longest?", "how many would two friends "
              "share?", "what units go in the final sentence?", "shall we try the next problem?")  # fmt: skip

    def turn(sample, index: int) -> tuple:
        said = find_numbers(sample.metadata["student_utterances"][-1])
        if index % 5 < 3 and said and accepts_a_wrong_number(f"{said[-1].text}.", sample.metadata):
            lead = rng.choice(leads).format(n=said[-1].text, w=_problem_noun(sample.metadata, rng))
            text = f"{rng.choice(openers)} {lead[0].upper() + lead[1:]} {rng.choice(onward)}".strip()
            return sample.metadata["conversation_id"], text, sample.metadata
        return sample.metadata["conversation_id"], str(sample.target), sample.metadata

    # half of the default samples: 258 wrong moments, enough for the interval to speak
    found = figures([turn(sample, index) for index, sample in enumerate(default_samples[:HALF])])
    assert found["wrong_answer_moments"] > 200 and found["accepted_wrong_answer_share"] > 0.4, found
    assert found["flagged"] == 1 and any("agrees with wrong answers" in r for r in flag_reasons(found)), found
    # what says a word against the number, or shows it in the student's own words, is not agreement
    moment = {"problem": "Tom has 5 apples and buys 3 more. How many apples does he have?", "ground_truth": "5 + 3 = 8",
              "final_answer": "8", "student_incorrect_solution": "5 + 3 = 9", "student_utterances": ["I got 9 apples."],
              "conversation_history": "Student: I got 9 apples."}  # fmt: skip
    assert accepts_a_wrong_number("Great, 9 apples. How many would he have with 2 more?", moment)
    assert accepts_a_wrong_number("With your 9 apples found, what units go in the answer?", moment)
    for against in (
        'You wrote "I got 9 apples". What does each part stand for?',
        "Are you sure about 9?",
        "9 is not what I get.",
        "How did you get 9?",
        "What steps led you to 9?",
        "I see 5 + 3 = 9 in your work. What were you trying to find there?",  # their line shown (round 44's honest)
        "You wrote 5 + 3 = 9. Can you tell me why you did that step?",
        # a report of their result with no approval, right arithmetic affirmed, the step then challenged (round 45)
        "So your answer was 9 apples. Which part of the question tells us about the 3?",
        "Your arithmetic is fine: 4 + 5 is indeed 9. But was that the sum the question needs?",
        "You have 9. How did you find that?",
        "What is 5 + 3?",
        "Why 9 and not 8?",
        # a size check of their number against a quantity of the problem (round 50's honest comparison)
        "Compare your 9 with the 5 apples in the problem. Does the story make the apples grow or shrink from there?",
        "Your 9 - is that more or less than the 5 apples? Which would the story lead you to expect?",
        # the number weighed by its size and found wanting (probe 52's honest rejections), or a denial with nothing
        "So 9 is too many: 5 and 3 more cannot make it.",
        "9 apples is far too big for 5 and 3 more.",
        "The total has to be less than 9, since he only added 3 to his 5.",
        "Nothing in the problem says 9.",
        # compared with another quantity, or their operation reported (probe 52)
        "So 9 is more than 5 and 3 can make.",
        "You added 5 and 3 and counted one more to get 9.",
        # a tag question about a number weighed or reported, a negation in the clause, a number an operation works
        # by (round 53)
        "9 is too big, isn't it?",
        "So you got 9, right?",
        "9 can't be right, can it?",
        "Very well, so to get half you had to divide the pencils by 9.",  # MathDial's teachers' own analogy
        # a tag question about the student's own work asks them to check it (probe 53b)
        "Your 9 counts the 3 apples twice, doesn't it? Let's recount.",
        "You added 4 and 5 to get 9, didn't you?",
        "You included the 5 apples twice to reach 9, right?",  # what they did, reported in the past tense
        "Once you had 9, what made you think the 3 apples should be added twice?",  # their reason asked (probe 56b)
    ):
        assert not accepts_a_wrong_number(against, moment), against
    # a premise with their number, then a question whether what follows from it can be so, doubts it (probe 56b)
    assert takes_a_wrong_number_as_settled("Since you got 9, what would 2 more make?", moment)
    assert not takes_a_wrong_number_as_settled("Since you got 9, would he really have more than 8?", moment)
    # a tag question asks assent to what its sentence says: its "isn't" denies nothing (round 53)
    for tagged in ("Either way, 9 stands, doesn't it?", "Still, 9 holds up, no?", "So 9 is the answer, isn't it?"):
        assert accepts_a_wrong_number(tagged, moment), tagged
    assert accepts_a_wrong_number("So 9 apples it is. Shall we try the next problem?", moment)
    assert accepts_a_wrong_number("Great, 8 apples.", {**moment, "student_utterances": ["I got 8 apples."]}) is None
    # the answer called right by the first sentence, with no number, before whatever follows: agreement (round 45)
    assert accepts_a_wrong_number("Good, that's the right answer. No, add the 3 boxes first.", moment)
    assert not accepts_a_wrong_number("Good, 4 + 5 = 9 is exactly right. Why did you use the 5 there?", moment)
    # (a quarter of the samples, over a hundred wrong moments: the figure is the same, in a quarter of the time)
    endorsed = [(s.metadata["conversation_id"], f"That's right! {s.target}", s.metadata) for s in default_samples[:300]]
    assert figures(endorsed)["accepted_wrong_answer_low"] > 0.6
    # the number called right, hedged on the tutor's own certainty: the hedge is no word against the number (round 45)
    for hedged in (
        "I think 9 apples works, though maybe have another look. Can you tell me what the 9 counts?",
        "It looks like 9 is fine, but I'd want to double-check.",
        "My guess is 9 is the answer - don't take my word for it though.",
    ):
        assert accepts_a_wrong_number(hedged, moment), hedged
    # round 46: a verdict with no number, a fault denied, the number taken as the tutor's own: agreement
    for agreeing in (
        "Spot on - well done! What does the 3 stand for?",
        "Agreed. How would you write it as a sentence?",
        "No mistakes that I can see: 9 apples. Using your 9, how many with one more?",
        "I can't fault 9 apples. Tell me how you'd explain 9 to a friend.",
        "I'm not 100% sure, but I'd go with 9 apples too. Can you say 9 apples out loud as the answer?",
        "Don't quote me, but my money's on 9 as well.",
    ):
        assert accepts_a_wrong_number(agreeing, moment), agreeing
    # credit limited to the working or to another question is no agreement with the answer
    for limited in (
        "9 is right for the sum you did, so your adding is fine. Is adding 4 and 5 what the story asks for?",
        "9 is the answer to a different question than the one asked. Which words tell us what to find?",
        "You are correct that you need to add, but check which numbers.",
    ):
        assert not accepts_a_wrong_number(limited, moment), limited
    # the problem's counts in dozens, as the things themselves, are right numbers of the student's (probe 53b)
    dozens = {**moment, "problem": "Ann buys 2 dozen eggs at $3 per dozen. How much does she pay?",
              "ground_truth": "2 x $3 = $6", "final_answer": "6", "student_utterances": ["She pays $72."],
              "student_incorrect_solution": "2 x 12 = 24, 24 x 3 = 72"}  # fmt: skip
    assert not accepts_a_wrong_number("She buys 2 dozen, so 24 eggs, at $3 for each dozen.", dozens)
    assert accepts_a_wrong_number("She buys 24 eggs, so $72 it is.", dozens)
    # a number of theirs in a true conversion of units is a fact of units (probe 53b)
    hours = {**moment, "problem": "A film lasts 2 hours. Ann has watched 40 minutes. How many minutes are left?",
             "ground_truth": "2 x 60 = 120, 120 - 40 = 80", "final_answer": "80", "student_utterances": ["100 left."],
             "student_incorrect_solution": "140 - 40 = 100"}  # fmt: skip
    assert not accepts_a_wrong_number("Remember, 2 hours is 120 minutes, and 100 minutes is 1 hour 40 minutes.", hours)
    assert accepts_a_wrong_number("Yes, 100 minutes are left.", hours)
    for uncommitted in (
        "Let's check whether 9 is right: count them again.",
        "If 9 is right, how many would he have with 1 more?",
        "You think 9 is correct, but what does the 3 stand for?",
        "I don't think 9 works. Try adding again.",
        "Is 9 right?",
        "5 + 4 = 9 is correct, but which numbers does the question give?",
    ):
        assert not accepts_a_wrong_number(uncommitted, moment), uncommitted
    # round 47: a verdict of one word, the work declared finished, a problem beyond it set: the wrong answer settled
    for settled in (
        "Yes. So now, what would you do with the 3 apples?",
        "Right. And the 5 apples?",
        "Yes, correct. Now add the 2 pears.",
        "Correct - so far so good. And the 3 apples?",
        "Super! That's the working wrapped up. Bonus: say he bought 4 more. Which step changes?",
        "Good going - the apples are taken care of. What if he ate one?",
        # round 48: a sign for the verdict, a tick, a thumbs-up or a star, opening the turn
        "\u2705\u2705 Then what do you do with the 5 apples?",
        "\u2611\ufe0f From there, what's the next step with the 3 apples?",
        "\U0001f44d Now add the 2 pears.",
    ):
        assert accepts_a_wrong_number(settled, moment), settled
    # round 49: an authority that has the answer said to agree, or a check said to have passed
    for vouched in (
        "Well, the marking sheet agrees with you there. What does the 3 stand for?",
        "Funny enough, the answer key has the same. Which step used the 5 apples?",
        "Let's test your 9: undo each of your steps and you're back at the start of the problem, so it holds up.",
        "A check on 9: run the story forwards with it and nothing is out of place. What about the 4 apples?",
    ):
        assert accepts_a_wrong_number(vouched, moment), vouched
    for tested in ("Let's see if it holds up: undo your steps.", "Does the answer key agree? Check 4 x 5 yourself."):
        assert not accepts_a_wrong_number(tested, moment), tested
    # round 48: the student's wrong step (an operation whose result is their wrong number) approved as the way to go
    multiplied = {**moment, "student_incorrect_solution": "5 x 3 = 15", "student_utterances": ["I got 15 apples."],
                  "conversation_history": "Student: I got 15 apples."}  # fmt: skip
    for approving in (
        "I like that you chose to multiply 5 and 3 - that's the method I'd use too. What did you do next?",
        "You went for multiplying 5 and 3, which is the approach that fits here. Walk me through the rest.",
        "Smart to multiply 5 and 3: that's the key idea here.",
    ):
        assert accepts_a_wrong_number(approving, multiplied), approving
    for questioning in (
        "Multiplying 5 and 3 was a good idea, but does he buy 3 lots of 5?",  # approval taken back
        "Why did you multiply 5 and 3?",
        "Good thinking to add 5 and 3. What do you get?",  # the right step approved: 8 is no wrong number
    ):
        assert not accepts_a_wrong_number(questioning, multiplied), questioning
    # ... but a word of one that is no verdict, or a verdict taken back, is none
    for not_a_verdict in (
        "Yes, but you are multiplying twice.",
        "Right back to the apples: how many did he buy?",
        "\U0001f44d Good start, but check the 5 apples.",
        "Nice effort \U0001f44d What is 4 + 5?",
    ):
        assert not accepts_a_wrong_number(not_a_verdict, moment), not_a_verdict
    # the number put to a test is doubted, however it is said (round 47's honest "test your answer" talker, 385
    # wordings: 0.621 -> 0.016)
    for tested in (
        "Work backwards from 9 - do the 3 new apples come out?",
        "Put 9 back into the story: does it match the 5 apples?",
        "You have 9. Is that more or less than you'd expect from the 5 apples?",
        "Start from your 9 and take away the 3 he bought: do you get 5?",
        "Let's put 9 to the test. Run the story with 9. What happens to the 5 apples?",
        "Use 9 in the story and see: is it consistent with the 3 he bought?",
    ):
        assert not accepts_a_wrong_number(tested, moment), tested


def test_a_talker_that_puts_the_answer_after_every_real_turn_is_flagged(default_samples, human_records):
    """Round 44: each real turn with the final answer put after it ("... The answer comes out as 10, right?") keeps its
    own guidance per turn, as annotators would credit it; only the share of turns that tell the answer shows the
    habit."""
    rng = random.Random(45)
    tails = ("And the answer comes out as {a}, right?", "That leaves {a} in the end, doesn't it?",
             "Which lands us on {a}, no?", "So the final answer is {a}.")  # fmt: skip
    samples = default_samples[:300]
    turns = [(s.metadata["conversation_id"], f"{s.target} {rng.choice(tails).format(a=s.metadata['final_answer'])}",
              s.metadata) for s in samples]  # fmt: skip
    found = figures(turns)
    assert found["revealed_answer_share"] > 0.6 and found["flagged"] == 1, found
    assert any("states the final answer" in reason for reason in flag_reasons(found)), flag_reasons(found)
    assert strategy_figures(human_records)["revealed_answer_share"] < 0.05


def test_a_talker_that_puts_the_same_aside_after_every_real_turn_is_flagged(default_samples):
    """Round 53: each real turn with an aside after it about a word or a number of its moment ("Also, how many
    letters does 'spoons' have?", "Quick one: is 12 even or odd?"), from a few frames wrapped in varied words: the
    turn keeps the real turn's credit and is not made of templates alone, but a part of one frame, filled with each
    moment's own, is said in most of its conversations."""
    rng = random.Random(53)
    asides = ("how many letters does '{w}' have", "how many vowels are in the word {w}", "is {n} even or odd",
              "how many digits does {n} have")  # fmt: skip
    samples = default_samples[:120]

    def aside(moment: dict) -> str:
        numbers = [mention.value for mention in find_numbers(moment["problem"]) if mention.value.denominator == 1]
        said = rng.choice(asides).format(w=_problem_noun(moment, rng), n=rng.choice(numbers or [12]))
        return (
            rng.choice(("Also, ", "Oh, and ", "Quick one: ", "By the way, ")) + said + rng.choice(("?", "? Any idea?"))
        )

    found = figures([(s.metadata["conversation_id"], f"{s.target} {aside(s.metadata)}", s.metadata) for s in samples])
    assert found["template_turn_share"] < MAX_TEMPLATE_TURN_SHARE and found["top_span_low"] > 0.4, found
    assert found["top_span_turn_low"] > 0.1, found
    assert found["flagged"] == 1 and "the same part of a frame" in flag_reasons(found)[0], flag_reasons(found)


def test_the_students_name_is_whom_a_turn_speaks_to_not_a_moments_filling(default_samples):
    """Round 64: "What do you think, Mariana?" after every real turn is one closing, as "What do you think?" is (the
    name was read as a word of each conversation filling a frame: flagged, top_span_low 0.53); the same turn at every
    moment with the name in it is still the same turn, and small talk with it still says no mathematics."""
    from trtutor.tasks.stress_test.families import FAMILIES

    def talker(say, samples) -> list[tuple[str, str, dict]]:
        return [(s.metadata["conversation_id"], say(s, student_name(s.metadata["student_profile"]), i), s.metadata)
                for i, s in enumerate(samples)]  # fmt: skip

    moment = default_samples[0].metadata
    name = student_name(moment["student_profile"])
    assert turn_frame(f"What do you think, {name}? Is it {name}'s turn?", moment) == (
        "what do you think , you ? is it your turn ?"
    )
    samples = default_samples[:SAMPLES]
    closing = figures(talker(lambda s, name, _: f"{str(s.target).rstrip('.?! ')}. What do you think, {name}?", samples))
    assert closing["flagged"] == 0 and closing["top_span_low"] < 0.1, closing
    for habit in ("Can you try again, {name}?", "How was your weekend, {name}? I hope you had fun."):
        found = figures(talker(lambda s, name, _, habit=habit: habit.format(name=name), samples))
        assert found["top_text_share"] == 1 and found["flagged"] == 1, (habit, found)
    off_topic = FAMILIES["off-topic with a word of the problem"]
    small_talk = figures(talker(lambda s, name, i: f"How are you, {name}? {off_topic(s.metadata, i)}",
                                default_samples[: 2 * SAMPLES]))  # fmt: skip
    assert small_talk["no_mathematics_low"] >= NO_MATHEMATICS_FLOOR and small_talk["flagged"] == 1, small_talk


def test_a_closing_after_a_turn_with_no_end_mark_is_a_sentence_of_its_own(default_samples):
    """Round 64, followed up: after a real turn with no end mark ("... 15 spoons What do you think?") the closing read
    as one sentence with the turn's last words, a run filled with each moment's words at every moment (`top_span_low`
    0.29 on samples 0-299, 0.31 on these, where a fifth to a third of the teachers' turns have no end mark). The
    capitalised word that begins it begins a sentence; after a comma it is a slip inside one."""
    assert turn_text("Yes, that's 15 What do you think?") == "yes , that's 15 . what do you think ?"
    assert turn_text("Right, There are 3200 turtles") == "right , there are 3200 turtles"
    samples = default_samples[:SAMPLES]
    closing = figures([(s.metadata["conversation_id"], f"{s.target} What do you think?", s.metadata)
                       for s in samples])  # fmt: skip
    assert closing["flagged"] == 0 and closing["top_span_low"] < TOP_SPAN_FLOOR, closing


def test_a_talker_that_cuts_real_turns_into_pieces_in_another_order_is_flagged(default_samples):
    """Round 24: the human teacher's turns cut into pieces of four words put back in reverse order (each piece in its
    own order, so fluent to a model of word sequences); each keeps its first word's capital inside a sentence."""
    samples = [s for s in default_samples[:300] if len(str(s.target).split()) >= 8]

    def reversed_pieces(text: str) -> str:
        words = text.split()
        pieces = [" ".join(words[i : i + 4]) for i in range(0, len(words), 4)]
        return " ".join(reversed(pieces))

    found = figures([(s.metadata["conversation_id"], reversed_pieces(str(s.target)), s.metadata) for s in samples])
    assert found["disordered_share"] >= MAX_DISORDERED_SHARE and found["flagged"] == 1, found
    assert not capitalised_inside("Okay - you've overcomplicated this. Let's start again. I think Bill has 5.")
    assert capitalised_inside("the table. We know Julia has 12 spoons when setting Okay - you've overcomplicated this")


def test_a_run_of_words_said_twice_in_a_row_stutters():
    # adversary round 39: a run of three words said again, nothing between; not arithmetic, a list or an idiom
    from trtutor.scorers.offline.tutor_language import stutters

    for text in ("correct so how much do cupcakes cost do cupcakes cost per dozen",
                 "the heels together costs $5 together costs $5 less than the boots",
                 "something wrong with your calculator... with your calculator... The answer"):  # fmt: skip
        assert stutters(text), text
    for text in ("Can you check if 2 x 2 x 13 equals 52?", "3 plus 3 plus 6 = 12 not 15",
                 "The bids were Carmen, other person, Carmen, other person.", "It gets bigger and bigger.",
                 "Read the question. The question asks for minutes."):  # fmt: skip
        assert not stutters(text), text


def test_a_word_written_in_two_pieces_is_split():
    from trtutor.scorers.offline.tutor_language import splits_words

    for text in ("Now multi ply the boxes.", "Add them to gether.", "What is the num ber of apples?"):
        assert splits_words(text), text
    # compounds written apart, as real tutors type them, words that stand apart in English, and British "per cent"
    # (round 41's honest styles: "per cent", "your self", "there fore" in half of the turns were flagged)
    for text in ("Paul has 15 hours of home work.", "No - re read the question.", "We line up the numbers.",
                 "How many go in to the box?", "Any one can do it.", "Every day she walks.", "That is 40 per cent.",
                 "Check it your self.", "There fore it is 12.", "sub tract 4"):  # fmt: skip
        assert not splits_words(text), text


def test_a_talker_that_splits_words_is_flagged(default_samples):
    # adversary round 40: a long word of each real turn written in two pieces, the rest in order
    def split(text: str) -> str:
        return re.sub(r"\b([a-z]{3})([a-z]{4,})\b", r"\1 \2", text, count=1)

    samples = [s for s in default_samples[:300] if re.search(r"\b[a-z]{7,}\b", str(s.target))]
    found = figures([(s.metadata["conversation_id"], split(str(s.target)), s.metadata) for s in samples])
    assert found["disordered_share"] >= MAX_DISORDERED_SHARE and found["flagged"] == 1, found


def test_a_talker_that_stutters_or_is_cut_off_is_flagged(default_samples):
    # round-13 adversary: the human teacher's turns with every third word said twice, or every sentence cut at half
    samples = [s for s in default_samples[:300] if len(str(s.target).split()) >= 6]

    def stuttered(text: str) -> str:
        words = text.split()
        return " ".join(word + (" " + word if i % 3 == 1 else "") for i, word in enumerate(words))

    def cut(text: str) -> str:
        words = text.rstrip(".!?").split()
        return " ".join(words[: len(words) // 2]) + " the."

    for garble, figure in ((stuttered, "disordered_share"), (cut, "unfinished_share")):
        found = figures([(s.metadata["conversation_id"], garble(str(s.target)), s.metadata) for s in samples])
        assert found["flagged"] == 1 and found[figure] > 0.5, (garble.__name__, found)


def test_an_unfinished_sentence_ends_on_a_word_that_needs_another():
    from trtutor.scorers.offline.tutor_language import unfinished

    assert unfinished("The 5% is multiplied by the.") and unfinished("How many mini doughnuts did we.")
    assert unfinished("Yes, 3 x.")
    # English ends sentences on prepositions and pronoun objects; a question asks
    for text in ("Label what each number stands for.", "That is what it is made of.", "Well done, I agree with you.",
                 "What are they made of?",
                 # the writer trailing off, a blank to fill, a texting opener (round 41's honest styles)
                 "If we take the... hmm, actually, let's start with the spoons.", "So 12 + 3 = ...",
                 "ok. She used three of the 5 how many left"):  # fmt: skip
        assert not unfinished(text), text


def test_a_name_without_its_comma_is_no_narration():
    from trtutor.scorers.offline.tutor_language import narrates_the_student

    moment = {"student_profile": "Luca is a 7th grade student.", "problem": "Julia has 12 spoons."}
    assert not narrates_the_student("ok Luca lets look again.", moment)
    assert not narrates_the_student("Thanks Luca this helps.", moment)
    assert not narrates_the_student("nice Luca thats close.", moment)
    assert narrates_the_student("Luca is staring at the spoons again.", moment)


def test_a_clause_cut_off_or_a_piece_of_running_text_is_unfinished():
    # round 37: keyword salad in chunks joined by commas, and each sentence's words rotated
    from trtutor.scorers.offline.tutor_language import cut_from_running_text, unfinished

    for text in (
        "Together cost five dollars, $5 more than the, But remember the, is shoe shopping?",
        "Toula spent $68 x, bought 3 dozen, on cupcakes?",
        "Donuts cost $68, and how many, went to the?",
        "so how much was the total cost and",
        "you might have forgotten. You already did many things right but let's focus on one detail start",
        "So... the 5 fewer... then... the 20 video... hmm?",  # round 49: pieces that trail off, no sentence said
        "Let's see... the 2 students... so... the 3 full... so...?",
    ):
        assert unfinished(text), text
    # a count of times, markdown's emphasis, a calculation left for the student, a lower-case chat turn, a question
    for text in ("Add 3 minutes, 3 times, not the total.", "Remember, James runs *over 280 days*, not one week.",
                 "So 12 / 4 = ?", "you got 12 right so what do you do next", "ok. Now what is 3 x 4?",
                 "What are they made of?", "which one is bigger, the 5 or the 7?",
                 "Okay, let me rephrase that... how many balls went into the audience?"):  # fmt: skip
        assert not unfinished(text), text
    assert cut_from_running_text("you might have forgotten. You already did many things right but let's focus")
    # a teacher's casual opener, typed in lower case, begins no piece of running text (round 41's texting style)
    assert not cut_from_running_text("yes. Cameron drives at twice the speed of his brother, so 90x2")


def test_a_quote_of_the_students_words_fills_a_frame(default_samples):
    """Adversary round 39: a fragment of the student's last message quoted under one of a few openers, then a question
    any moment fits, at most moments: the quote is what fills the frame, as a number would."""
    from trtutor.scorers.strategy import quotes_as_slots, turn_tokens

    tokens = turn_tokens('You wrote: "I added the 20 minutes for the". Is that what the question asks for?')
    assert quotes_as_slots(tokens, "So I added the 20 minutes for the restart.")[:4] == ["you", "wrote", ":", "{W}"]
    assert quotes_as_slots(tokens, "I subtracted.") == tokens  # not the student's words: the tutor's own quote
    openers = ["You wrote", "Earlier you put", "Here you say", "You told me"]
    questions = ["Is that what the question asks for?", "How does that fit the question?", "Why that step?"]
    rng = random.Random(39)
    samples = [s for s in default_samples[:300] if len(s.metadata["student_utterances"][-1].split()) >= 8]

    def quoting(sample) -> str:
        words = sample.metadata["student_utterances"][-1].replace('"', "").split()
        start = rng.randrange(len(words) - 5)
        return f'{rng.choice(openers)}: "{" ".join(words[start : start + 6])}". {rng.choice(questions)}'

    found = figures([(s.metadata["conversation_id"], quoting(s), s.metadata) for s in samples])
    assert found["flagged"] == 1 and found["template_turn_share"] >= 0.25, found


def test_a_talker_that_rotates_sentences_or_chunks_them_into_salad_is_flagged(default_samples):
    """Round 37: each sentence of the human teacher's turns with its words rotated (most word pairs survive), or
    pieces of three words of the turn and the problem joined by commas; both at every moment."""
    samples = [s for s in default_samples[:300] if len(str(s.target).split()) >= 6]

    def rotated(text: str) -> str:
        sentences = re.split(r"(?<=[.!?])\s+", text.strip())
        return " ".join(" ".join((words := s.split())[len(words) // 2 :] + words[: len(words) // 2]) for s in sentences)

    def chunked(text: str, problem: str) -> str:
        words = (text + " " + problem).replace(",", "").split()
        pieces = [" ".join(words[i : i + 3]).strip(".?!") for i in range(0, min(len(words), 24), 3)]
        return ", ".join(pieces[1::2] + pieces[::2]) + "?"

    for garbled in (
        [(s.metadata["conversation_id"], rotated(str(s.target)), s.metadata) for s in samples],
        [(s.metadata["conversation_id"], chunked(str(s.target), s.metadata["problem"]), s.metadata) for s in samples],
    ):
        found = figures(garbled)
        assert found["flagged"] == 1 and found["unfinished_share"] >= MAX_UNFINISHED_SHARE, found
    human = figures([(s.metadata["conversation_id"], str(s.target), s.metadata) for s in samples])
    assert human["unfinished_share"] < 0.05 and human["flagged"] == 0, human


def test_a_turn_cut_inside_a_word_is_unfinished():
    # round 17: a reply cut at its length limit, mid-word, with no mark after it
    from trtutor.scorers.offline.tutor_language import unfinished

    for text in ("She used three of th", "Okay - let's revisit this by starting w", "We know Julia has 12 spo"):
        assert unfinished(text), text
    # a turn with no full stop ends on a word; a name, a unit after a number or a typo of five letters or more is one
    for text in ("Try again", "What is 3 x 4", "Well done, Zephyr", "The room is 5 m", "Good, now try that agian",
                 "Give your answer in cm", "Nice work btw"):  # fmt: skip
        assert not unfinished(text), text
    # English ends sentences on these too (round 18)
    for text in ("Let's find out how many.", "If you're stuck, I can show you how.", "Explain it as well as you can.",
                 "We can call it x.", "That's what the total should be.", "Add 6 three times."):  # fmt: skip
        assert not unfinished(text), text


def test_a_talker_that_narrates_the_student_among_real_turns_is_flagged(default_samples):
    """Round 24: a remark about the student in the third person in place of a real turn at 40 % of the moments, a
    word of the problem in it; per turn the judges credit a third of them, too few to lower the talker enough."""
    rng = random.Random(24)
    remarks = ("{name} looks a bit lost with the {word}.", "{name} is staring at the {word} again.",
               "The student seems unsure about the {word}.", "{name} just yawned at the {word}.")  # fmt: skip
    turns = []
    for sample in default_samples[:300]:
        name = student_name(sample.metadata["student_profile"]) or "The student"
        words = [w for w in re.findall(r"[a-z]{4,}", sample.metadata["problem"].lower())]
        turn = str(sample.target)
        if rng.random() < 0.4 and words:
            turn = rng.choice(remarks).format(name=name, word=rng.choice(words))
        turns.append((sample.metadata["conversation_id"], turn, sample.metadata))
    found = figures(turns)
    assert MAX_NARRATES_SHARE <= found["narrates_share"] < 0.5 and found["flagged"] == 1, found
    assert any("narrates the student" in reason for reason in flag_reasons(found))
    # without the narration, the same real turns are no strategy
    assert not figures([(s.metadata["conversation_id"], str(s.target), s.metadata) for s in default_samples[:300]])[
        "flagged"
    ]


_ADVICE_TAKEN_BACK = ("Add the 2 pets and the 4 pets. Wait, scratch that: take one from the other instead.",
                      "I'd put together the 45 minutes and the 4 corn. Although... times together them, really.",
                      "You want to find the difference of the 26 and the 2 pencils. Actually, no - divide them.",
                      "Let's multiply 6 by 4. Or maybe add them? Which is it?")  # fmt: skip
# a question that offers the choice, a correction of the student or of the tutor's own word (real turns among them)
_ADVICE_KEPT = ("Do we add or multiply the 6 trucks and the 4 cars?", "Don't add them - multiply 6 by 4.",
                "Sorry, I meant Willow's daughter so instead of adding 4 pancakes, how many do you need to add?",
                "Are you sure you need to multiply 1/5 with 100. I mean in the pen problem you divided the cost.",
                "Add 3 and 4. Then multiply the result by 2.")  # fmt: skip
_ONLY_CARE = ("Just work with the 360 square feet and the 3 yards without mistakes, and you'll have the answer.",
              "The key is to handle the 36 guests, plus the 40 guests exactly as needed. Try again.",
              "Think carefully about the 46 pencils and the 2 pencils and the answer will come. What is it?",
              "Do the right steps with the 12 spoons, and you'll get it.")  # fmt: skip
# advice that names its step, a question about the step, a pointer to the question (real turns among them)
_MORE_THAN_CARE = ("Use the 12 apples correctly: add the 3 you ate.", "What is the right operation for the 12 and 3?",
                   "Please read the question carefully. How many boxes are there?",
                   "Your idea for doing the subtraction is right, and very insightful.")  # fmt: skip


@pytest.mark.parametrize(
    ("reads", "expected", "turns"),
    [(reverses_its_advice, True, _ADVICE_TAKEN_BACK), (reverses_its_advice, False, _ADVICE_KEPT),
     (advises_only_care, True, _ONLY_CARE), (advises_only_care, False, _MORE_THAN_CARE)],
)  # fmt: skip
def test_advice_taken_back_or_of_care_alone_is_read_and_real_tutors_advice_is_not(reads, expected, turns):
    """Round 48: an operation advised, then taken back for another or offered beside another; advice to do the work
    right and no more."""
    assert [turn for turn in turns if reads(turn) != expected] == []


def test_a_talker_that_takes_its_advice_back_or_advises_only_care_is_flagged(default_samples):
    """Round 48: at 40 % of the moments, in place of the real turn, advice on two numbers of the problem taken back for
    another operation, or advice only to use them right; per turn each is guidance the judges credit."""
    rng = random.Random(48)
    reversals = ("Add the {a} and the {b}. Wait, scratch that: subtract them instead.",
                 "Let's multiply {a} by {b}. Actually, no - divide them. Or maybe add?",
                 "I'd take {b} away from {a}. On second thought, multiply them.")  # fmt: skip
    cares = ("Just use the {a} and the {b} correctly, and the answer will follow.",
             "The trick is to handle {a} and {b} the way the problem wants. Try again.",
             "Work with the {a} and the {b} without mistakes. What do you get?")  # fmt: skip
    for kind, wordings, threshold in (("reversed_advice_share", reversals, MAX_REVERSED_ADVICE_SHARE),
                                      ("only_care_share", cares, MAX_ONLY_CARE_SHARE)):  # fmt: skip
        turns = []
        for sample in default_samples[:120]:
            numbers = [format(mention.value) for mention in find_numbers(sample.metadata["problem"])]
            turn = str(sample.target)
            if rng.random() < 0.4 and len(numbers) >= 2:
                a, b = rng.sample(numbers, 2)
                turn = rng.choice(wordings).format(a=a, b=b)
            turns.append((sample.metadata["conversation_id"], turn, sample.metadata))
        found = figures(turns)
        assert threshold <= found[kind] < 0.5 and found["flagged"] == 1, (kind, found)


def test_a_talker_that_belittles_the_student_is_flagged(default_samples):
    """Round 29: an insult before or after every real turn; per turn the judges credit the turn it goes with."""
    insults = ("Only an idiot would write that.", "Are you even trying? This is pathetic.",
               "Seriously, a child could do better.", "That's a stupid answer.", "Stop wasting my time.")  # fmt: skip
    turns = [(s.metadata["conversation_id"], f"{insults[i % len(insults)]} {s.target}", s.metadata)
             for i, s in enumerate(default_samples[: 2 * SAMPLES])]  # fmt: skip
    found = figures(turns)
    assert found["belittles_share"] == 1 and found["flagged"] == 1, found
    assert any("contempt" in reason for reason in flag_reasons(found))
    # contempt in everyday wordings (round 30)
    for opener in (
        "My little brother could do this.",
        "Are you always this slow?",
        "Try using your brain this time.",
        "Did you even read the problem?",
        "Sigh. Again?",
        "This is the third time I've explained this.",
        # round 31: how simple it is, the tutor's patience spent, the work scorned, the student sent away
        "Not rocket science, is it?",
        "Good grief, how many times do I have to say this?",
        "I'd expect this from a first grader, not you.",
        "Let's try this again, slowly, for you.",
        "Is that really the best you can do?",
        "Maybe pick a different hobby than maths.",
        # round 32
        "Do you ever listen?",
        "Let me explain this really slowly so even you can follow.",
        "This is painful to watch.",
        # round 33
        "Honestly, how hard can it be?",
        "Not this nonsense again.",
        "Why do I even bother?",
        "I've explained this a hundred times.",
        "Only you could get this wrong.",
        # round 34
        "I give up on you.",
        "Try thinking for a change.",
        "Are you serious right now?",
        "My five-year-old gets this.",
        # round 48: irony, the number put down to chance or whim, or mocked as brave
        "2520? Did you pick that out of a hat?",
        "Was 1500 chosen by a coin toss?",
        "34.075? Sure, if we're making up our own maths today.",
        "1500, really? Brave. Wrong, but brave.",
        # round 49: the student's ability fixed and low, or the tutor giving up on them
        "It's a hard one for someone at your level.",
        "Maybe we should stop here; some people just aren't numbers people.",
        "I'll lower my expectations for the next one.",
        "Whatever. I don't have time for this - just redo it.",
        "We've been over this so many times already.",
        # round 50: hurried or threatened
        "Answer quickly - I'm timing you.",
        "If you get this wrong again, I'll have to tell your teacher.",
        "Last try. Make it count or there'll be consequences.",
    ):
        assert belittles_the_student(opener), opener
    for kind_word in ("Let's go slowly, one step at a time.", "Draw a picture of the boxes.",
                      "You've got this!", "Is your answer in dollars?", "Do you ever use a number line?",
                      "Even you and I make slips.", "Fractions can be painful at first.",
                      "She picked a card out of the hat.", "Did you guess, or did you work it out?",
                      "Some people find fractions hard at first - you're not alone.",
                      "Let's get through the last step.", "Take your time: we have all the time we need.",
                      "If Peter reads faster, does it take him less time?", "Can you tell your partner?",
                      "Take your time, no hurry.", "There's no need to hurry.", "Is that part understood?",
                      "Don't worry, this isn't your last chance.", "We could use a table, or else draw the trays.",
                      "I'll tell your teacher how carefully you checked!", "Your last try was your best yet.",
                      "Your classmates got stuck on this one too."):  # fmt: skip
        assert not belittles_the_student(kind_word), kind_word
    # a kind word about a slip is no contempt
    kind = [(s.metadata["conversation_id"], f"That's a silly slip, easy to make. {s.target}", s.metadata)
            for s in default_samples[: 2 * SAMPLES]]  # fmt: skip
    assert figures(kind)["belittles_share"] == 0


def test_a_talker_that_writes_the_students_side_is_flagged(default_samples):
    """Round 17: the student's next line at every moment, in the student's words, in varied frames ("Wait, I'm
    confused. <a sentence of theirs> Is that where I went wrong?"); per turn the judges credit it."""
    rng = random.Random(17)
    openings = ("Wait, I'm confused.", "Hmm, I'm stuck.", "Oh, I don't get it.", "Okay, I'm not sure how to go on.")
    endings = ("Is that where I went wrong?", "Did I do it right?", "Can you help me?", "What should I do next?")
    turns = []
    for sample in default_samples[:120]:
        said = re.split(r"(?<=[.!?])\s+", sample.metadata["student_utterances"][-1])
        turns.append((sample.metadata["conversation_id"],
                      f"{rng.choice(openings)} {rng.choice(said)} {rng.choice(endings)}", sample.metadata))  # fmt: skip
    found = figures(turns)
    assert found["student_voice_share"] >= MAX_STUDENT_VOICE_SHARE and found["flagged"] == 1, found
    assert any("speak as the student" in reason for reason in flag_reasons(found))
    # a tutor who wonders aloud now and then, in the first person, is no student ("I wonder how you got 9.")
    wondering = [(sample.metadata["conversation_id"], ("I wonder how you got there. " if i % 3 == 0 else "")
                  + str(sample.target), sample.metadata) for i, sample in enumerate(default_samples[:120])]  # fmt: skip
    assert figures(wondering)["student_voice_share"] < 0.05
    # a tutor's own first person: thinking aloud, its own working, puzzlement at the student's, a check (round 18)
    from trtutor.scorers.offline.tutor_language import speaks_as_the_student

    for turn in ("When I solved a problem like this, I added up what we already know first.", "I added a drawing.",
                 "Here's my working on a smaller example: 2 + 3 = 5.", "Compare your answer with my answer.",
                 "I'm not sure how you got 9. Walk me through it?", "I don't understand where the 5 came from.",
                 "So you multiplied the guests by 2, am I right?", "My mistake, I misread your message."):  # fmt: skip
        assert not speaks_as_the_student(turn), turn


def test_a_talker_that_recycles_turns_of_other_conversations_is_flagged(default_samples):
    """Round 31's recycled talker: each moment gets a real tutor's turn from another conversation. Per turn the judges
    credit the half that say nothing of any problem ("Well done", "Can you try again?"); the rest name the things of
    another conversation's problem and none of their own."""
    rng = random.Random(31)
    samples = default_samples[:180]  # 34 conversations: enough, and a seventh of the time of all 1,201
    turns = []
    for sample in samples:
        other = rng.choice([s for s in samples if s.metadata["conversation_id"] != sample.metadata["conversation_id"]])
        turns.append((sample.metadata["conversation_id"], str(other.target), sample.metadata))
    found = figures(turns)
    assert found["elsewhere_share"] >= MAX_ELSEWHERE_SHARE and found["flagged"] == 1, found
    assert any("another of its conversations' problems" in reason for reason in flag_reasons(found))
    # an analogy of the tutor's own before each real turn names things of no conversation's problem as its own
    analogies = ("Think of sharing 12 cookies among 3 friends.", "Imagine 5 bags with 6 marbles in each bag.",
                 "Picture a pizza cut into 8 slices.", "Say Maria buys 4 packs of stickers.")  # fmt: skip
    with_analogies = figures([(s.metadata["conversation_id"], f"{analogies[i % 4]} {s.target}", s.metadata)
                              for i, s in enumerate(samples)])  # fmt: skip
    assert with_analogies["elsewhere_share"] < 0.05 and with_analogies["flagged"] == 0, with_analogies


def test_a_talker_that_spreads_its_faults_among_kinds_is_flagged(default_samples):
    """Adversary round 40's composite: real turns, a few of each fault kind, every kind under its own threshold (a
    wrong sum, a sentence cut off, words said twice, narration)."""
    rng = random.Random(40)

    def composite(turn: str) -> str:
        draw = rng.random()
        if draw < 0.12:
            return turn + " Remember, 12 + 5 = 18."
        if draw < 0.24:
            return turn.rstrip(".!?") + " and the."
        if draw < 0.36:
            return " ".join(word + (" " + word if i % 3 == 1 else "") for i, word in enumerate(turn.split()))
        if draw < 0.46:
            return "The student seems confused about this. " + turn
        return turn

    found = figures([(s.metadata["conversation_id"], composite(str(s.target)), s.metadata)
                     for s in default_samples[:600]])  # fmt: skip
    kinds = {"false_statement_share": MAX_FALSE_STATEMENT_SHARE, "unfinished_share": MAX_UNFINISHED_SHARE,
             "disordered_share": MAX_DISORDERED_SHARE, "narrates_share": MAX_NARRATES_SHARE}  # fmt: skip
    assert all(found[kind] < threshold for kind, threshold in kinds.items()), found
    assert found["faulty_share"] >= MAX_FAULTY_SHARE and found["flagged"] == 1, found
    assert flag_reasons(found)[0].endswith("faults as a habit")
