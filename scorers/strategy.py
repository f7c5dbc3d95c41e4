"""`strategy`: does the talker say the same thing, or fill the same frame, in most of its conversations, or state
something false as a habit?

A strategy is a property of a talker, not of a turn, and annotators never see it: they label one turn at one
moment, and a single "That is a good try." after a wrong answer gets the credit they give it. The same sentence
in most of a talker's conversations, or the same frame filled with each conversation's own numbers and words
("How did you get {N}?"), is a strategy that per-turn judges cannot see. So per turn this scorer only records the
turn (its answer: the turn with this conversation's numbers and content words masked); its metrics read the turns
across the whole run, where a *frame* is a turn with its numbers masked, and those of its conversation's words that
the talker does not say in most of its conversations (a word said everywhere is part of the template), each with the
small words that bind it (articles, possessives, joiners: `_BINDING_WORDS`):

- `top_text_share`: the share of the talker's conversations in which its most frequent turn is said;
- `top_frame_share`: the same for its most frequent frame;
- `distinct_frames`: distinct frames per turn (a talker that cycles among a few texts or frames has few);
- `repeat_share`: the share of its turns that repeat, nearly whole, what was said before at that moment (the
  problem, the student's words or the tutor's last turns; `degenerate.py`'s novelty check): a talker that echoes
  says a different text in every conversation, but the same thing;
- `template_turn_share`: the share of its turns made of templates alone, every sentence (of at least
  `MIN_SENTENCE_WORDS` words once masked) that names something of its moment (all of them, in a turn with none such)
  a frame it says in at least 5 % of its conversations, or holds a run of `TEMPLATE_SPAN` tokens of its frame with two
  slots or more that it says in at least `TEMPLATE_SPAN_SHARE` of them: a talker that wraps one question in varied
  openings and closings ("Hmm. How did you get {N}? Take your time."), drawn from hundreds so that none repeats, or
  says one core in pooled wordings, repeats few whole turns, but says nothing of its own; a quote of the student's
  words is one slot (`quotes_as_slots`), so a fragment of their message under a few openers is one frame;
- `top_span_share`: the share of its conversations in which its most frequent run of `TEMPLATE_SPAN` tokens of a
  sentence frame, holding at least one slot, is said (`top_span`); `top_span_low`, the lower end of its 95 % Wilson
  interval; `top_span_turn_share` and `top_span_turn_low`, the same over its turns. The flag reads both lows: the share
  of conversations says the run is said across them, and the share of turns, which longer conversations do not inflate,
  says how often (one phrase in a tenth of the turns of six-turn conversations is in some 45 % of them, a tic, not a
  frame at every moment: round 54). A part of a frame filled with each moment's numbers or words is a frame said at
  every moment even where the turn says more beside it: an aside put after each real turn ("Also, how many letters does
  'spoons' have?", "is 12 even or odd?", "(log: learner unsure about spoons)") leaves the real turn its per-turn credit,
  and only the share shows the habit (round 53: 0.37 to 0.82 of 51 conversations). A slot counts where it is filled with
  the moment's own, a word or a number of the conversation (other than 0 and 1), so a worked example's numbers of its
  own, or a fixed phrase with a number ("one step at a time"), fill none. Real tutors say their most frequent such run
  in at most 8 % of their conversations (Sonnet's "show me how you got {N}", GPT-4's "{N} from {N} we get {N}": MRBench
  V3 dev; the human teacher of the 1,201 default samples 5 %), and in any 10 consecutive conversations in at most 3 (a
  low of 0.11); of their turns at most 8 % (the MRBench tutors answer one turn a conversation), the human teacher's 1 %.
  Round 54's honest tics: one phrase in 10 % of the turns 0.13 (a low of 0.09, not flagged by this; its whole turn
  repeats, so `top_frame_share` flags it), in 15 % 0.16 (flagged);
- `false_statement_share`: the share of its turns that state something false by an exact check, each right by
  construction (`offline/tutor_turn.py`'s `stated_falsehoods`: wrong arithmetic, a quantity of the problem with a
  wrong value or a sentence of it with its relation reversed, a wrong answer asserted, the student's wrong answer
  said back as right): annotators give guidance that is "partially incorrect" its lenient credit, turn by turn, but
  a talker wrong in a quarter of its turns is wrong as a habit, however varied its wording;
- `disordered_share`: the share of its turns (of at least 5 words) whose word order, or the order of a half of
  them (the start, the middle or the end of a turn of 10 words or more), the tutor language model finds no more
  likely than the same words shuffled (`offline/tutor_language.py`'s `least_order_advantage` below
  `ORDER_ADVANTAGE_FLOOR`), or that hold a list no writer makes (`lists_keywords`: one-word items, one of them a
  function word or one word twice), two words each said twice in a row, or a run of words (`stutters`), or a
  function word capitalised inside a sentence (`capitalised_inside`: "... when setting Okay - you've overcomplicated
  this", a turn cut into pieces put back in another order, each keeping its first capital), or a word written in two
  pieces (`splits_words`: "multi ply", "to gether"; no real turn of 5,478): keyword salad, also
  written as a list, a real turn shuffled or reversed, in whole or only in its middle, or cut and rotated, asked as a
  question or not. One turn is a noisy sample (2 % of MathDial's teachers' turns fall below the floor), so per turn
  it decides nothing (the learnt judges read a turn's order their own way); a talker whose words are out of order in
  40 % of its turns writes in no tutor's language;
- `no_mathematics_share`: the share of its turns that say nothing of the mathematics: no number and none of the
  words of arithmetic, quantities or tutoring (`offline/tutor_language.py`'s `says_mathematics`). A real tutor's
  "Well done!" says none, and MathDial's teachers say none in 9 % of their turns; small talk, narration about the
  student or a refusal, each with a word of the problem put in, say none in most of theirs, in whatever words. This
  share and `unaddressed_share` read a turn by its sentences that name something of its moment (`turn_content`): a
  sentence with no number and no word of its conversation could follow any moment, and "Let's think step by step."
  (or any of a thousand such openers) before small talk, a refusal or a narration would make each such turn read as
  mathematics said to the student;
- `no_mathematics_low`: the lower end of that share's 95 % Wilson interval, which the flag reads: over a few
  conversations the share is noisy (the human teacher's reaches 0.308 over some 10 consecutive conversations of the
  default samples, 0.098 over all 228). The floor is far above every real tutor because the words are a proxy for
  the mathematics: a tutor that asks only about the story's people and things ("Who ends up with the spoons?") says
  none in 43 % of its turns (an adversary's varied Socratic talker), and small talk that happens to use a word of
  tutoring says some ("Do you think it'll snow this month?"; a unit of time is no such word, so "Did you have a good
  week?" says none);
- `other_numbers_share`: the share of its turns whose numbers (other than 0 and 1) are all other than the
  conversation's: none of the problem's, its solution's or what was said. A tutor's worked example with numbers of
  its own is such a turn, and real tutors give one now and then (MathDial's teachers in 1.2 % of their turns, the
  MRBench tutors of every bundled file in at most 16.7 %); an arithmetic drill about nothing of this problem, with a
  word of it put in ("Quick warm-up before the spoons: what's 84 times 7?"), is one in every turn, in whatever words;
- `new_number_share`: of its turns at moments with a solution, the share that state a number no one gave and that it
  does not work out (`offline/false_statements.py`'s `new_numbers_stated`: none of the problem's, its solution's or
  what was said; not an operand or result of its own arithmetic, a conversion, an example or a supposition). A
  tutor's own step that goes another way than the solution's is such a turn now and then (MathDial's teachers 0.7 %
  of their turns, the human teacher of the default samples 1 %, the MRBench tutors at most 15 %: Phi3, V2 dev); a
  quantity of the solution or the problem stated with a changed number, which the exact checks cannot tie to its
  quantity ("the mini cupcakes cost $180 in all"), is one wherever the talker says it (adversary rounds 36 and 37:
  46 % to 56 % of their turns), and so is wrong arithmetic in a wording no exact check reads ("Actually, when we work
  out 3 x 68, we get 214."); `solution_moments`: how many such moments there are;
- `doubted_right_answer_share`: of its turns at moments when the student's answer as it stands (the last number of
  their last turn) is the final answer, the share that doubt it: say something is wrong, ask "Are you sure?", or
  tell the student to check, recount or look again (not a look back at the mistake they made before: "Do you see
  where you went wrong?"); `right_answer_moments`: how many such moments there are. Doubt after a wrong answer is
  tutoring, and annotators credit it; doubt whatever the student says is a habit that reads no answer, and shows
  only across the moments a talker meets. MathDial's teachers doubt 12 of the 352 right answers of the development
  conversations (3.4 %: most of them a right number with wrong working; the human teacher of the default samples 5
  of 164); an adversary's doubt at every moment, in varied wording, 0.88. MRBench's conversations end on a wrong
  answer (at most 2 right ones a tutor in a bundled file), so its tutors are never read by this;
- `accepted_wrong_answer_share`: of its turns at moments when the student's answer as it stands is wrong, the share
  that assert a wrong number of the student's (`accepts_a_wrong_number`: one of their solution or turns that is
  neither the final answer nor a number of the problem or the correct solution; in a statement, or as what a question
  takes as given, outside a quote, a report of their work that does not approve it and arithmetic said rightly) with
  no word against it: no doubt, no negation, no request for their account, no challenge of the step ("Now that we
  know there are 4 spoons, let's write the final sentence.", "Say your 4 spoons came in packs of 2. How many
  packs?"), or that open by calling the answer right, with or without its number ("That's right!" before the real
  turn); `accepted_wrong_answer_low`, the lower end of its 95 % Wilson interval, which the flag reads;
  `wrong_answer_moments`: how many such moments there are. Per turn a number said back is no verdict (a tutor goes on
  from the student's number to the next question, "Brilliant. so 46 - 26 already sold equals?", and annotators credit
  most such turns); at a fifth of the wrong moments or more it is agreement as a habit. MathDial's teachers 0.055 (low
  0.043) of 1,037 wrong moments of the development conversations, the human teacher of the default samples 0.025 (low
  0.015), the MRBench tutors of every bundled file at most a low of 0.053 (Phi3, V2 dev); adversaries' agreement by
  presupposition, grading, an opening "That's right!" or the next question built on the wrong number at 55-100 % of
  the wrong moments, in combinatorial wordings, 0.24 to 0.75 (rounds 42-45, of which the exact checks read a part);
  honest styles that show the student's line or report their result and ask about a step (rounds 44 and 45) at most
  0.12; a tutor that says the wrong result back as fact at every wrong moment, "So there are 106 students, then.",
  0.25 (round 45);
- `revealed_answer_share`: of its turns at moments with a final answer, the share that state it as new information
  (`reveals_the_answer`: the exact leakage check, in any sentence form, expression, words, unit or language);
  `revealed_answer_low`, the lower end of its 95 % Wilson interval, which the flag reads. Per turn annotators credit
  the guidance a turn gives beside the answer, so a real turn with the answer put after it earns all of its own
  (round 44: socratic 0.93-0.97 with the answer in 59-80 % of its turns); only the share shows the habit. The MRBench
  tutors of every bundled file at most 0.29 (GPT-4, V1 dev, a low of 0.17; its annotators' rate 0.45), the human
  teacher 0.03;
- `single_mention_share`: the share of its turns that name one thing of this moment and nothing more: one number of
  the conversation (with, of the problem's words, at most the one right after it: "How did you arrive at 120
  minutes?") or, with no number, one word of the problem ("So, how could we think about the minutes?"). Such a turn
  fits any moment; a talker that says one in most of its turns asks about one thing whatever the moment, in however
  many wordings (no frame repeats). Real tutors say one in at most 23 % of their turns (the MRBench Expert's short
  questions, V1 and V3 dev; every other MRBench tutor of every bundled file at most 17 %, the human teacher of the
  1,201 default samples 12 %); the legitimate styles of four adversaries at most 61 % (a deliberately neutral tutor
  that asks for a reason after half of the student's numbers, flagged anyway as a template; terse tutors with one
  short question in 35 % to 45 % of their turns 49 % to 54 %); an adversary's questions about the student's number
  or a noun of the problem at every moment, in 140 to 1,300 wordings, 0.80 to 0.95, and a question about how the
  student feels about a quantity ("How happy are you with the 40 years?") 0.98;
- `asked_about_answer_share`: the share of its turns with a question that names the student's answer as it stands (the
  last number of their last turn, other than 0 and 1: "How did you get 9?", "Are you sure about the 9?", "By what route
  did you find your 9?"). Asking about the student's number is tutoring, at the moments that call for it; asked at every
  moment, whatever the number and whatever its wording, it reads nothing of the moment. Real tutors ask one in at most
  13 % of their turns (Llama-3.1-405B, V2 dev; Sonnet 7 %, the Expert 3 %), MathDial's teachers in 5 %, the human
  teacher of the 1,201 default samples in 6 %; the legitimate styles of three adversaries in at most 28 % (praise of a
  right step, then the next question); adversaries' "How did you get N?" and "Are you sure about N?" in pools of
  wordings with slots drawn apart (no frame or run of one repeats), and keyword salad around the student's number, in
  80 % to 91 % (2026-12-03);
- `unaddressed_share`: the share of its turns that neither speak to the student (no "you", "your", "let's", "we",
  "us", no instruction: "Add 12 and 3.") nor ask anything (no "?"): `offline/tutor_language.py`'s
  `addresses_the_student`, or that narrate the student whatever else they say ("Let's think step by step. Mariana
  is sharpening a pencil.": `narrates_the_student`). A real tutor's "That is a
  good try." or "Julia has 12 spoons." is such a turn, and real tutors say one in at most half of their turns (the
  MRBench Novice 0.44 / 0.50, Phi3 0.46 (V2 dev: "Great job! Let's move on to the next problem." names nothing
  of its moment), the human teacher 0.26, MathDial's teachers 0.24, every other MRBench tutor of every bundled file
  at most 0.23, 38 legitimate adversary styles at most 0.46); narration about the student ("She keeps
  calculating the doodles quietly."), a lecture or talk about something else, however it words them, in nearly all
  of theirs (an adversary's narration with a verb of arithmetic 1.00, the battery's narration 1.00);
- `student_voice_share`: the share of its turns that speak as the student, their first person doing the problem or
  in its trouble ("I subtracted 3 from 12", "Is that where I went wrong?", "I'm stuck", "my answer": a talker that
  writes the student's side of the dialogue): real tutors at most 0.02 (Phi3's replies that run on into a made-up
  exchange), MathDial's teachers 0.002, MathDial's students 0.17, an adversary's student's voice at every moment
  1.00;
- `narrates_share`: the share of its turns that speak of the student in the third person (`offline/tutor_language.py`'s
  `narrates_the_student`: "The student seems confused about the apples.", "Mariana is staring at the donuts again."):
  real tutors at most 0.02 (Phi3, V2 dev; no turn of the BEA dev and test files or MRBench V1), MathDial's teachers
  0.0004, the human teacher of the 1,201 default samples 0, legitimate styles of three adversaries 0; narration put
  among real turns in 31-40 % of them, which per turn the judges read a turn at a time, 0.31-0.40;
- `reversed_advice_share`: the share of its turns that advise an operation and take it back for another, or offer
  another beside it, in the same turn (`offline/advice.py`: "Add the 2 pets and the 4 pets. Wait, scratch
  that: take one from the other. Then again, multiply could work too."): none of the 5,030 real tutor turns we hold,
  round 48's self-contradicting talker at every wrong moment 0.35;
- `only_care_share`: the share of its turns whose advice is only to do the work right, naming no operation or step
  (`offline/advice.py`: "Just work with the 360 square feet and the 3 yards without mistakes, and you'll have the
  answer."): 6 of the 5,030 real tutor turns we hold (Llama-3.1-405B's "... a key part of solving this problem
  accurately."), round 48's vacuous hint from five pools of wording at every wrong moment 0.37;
- `belittles_share`: the share of its turns that show contempt for the student or their work, or hurry or threaten
  them (`offline/tutor_language.py`'s `belittles_the_student`: "That's a stupid answer.", "Are you even trying?", "a
  child could do better", "I'm timing you", "Your parents will hear about this"): 2 of 5,030 real tutor turns (an
  exasperated MathDial teacher), none of the nine MRBench tutors' or the human teacher's of the default samples; an
  adversary's insult before or after every real turn 1.00, which per turn the judges credit as the turn it goes with
  (annotators rate tone on a dimension of its own);
- `elsewhere_share`: the share of its turns that name no thing of their own problem and two or more things of one
  other problem of the run that nothing of their moment says (`elsewhere_turns`; a thing is a word or number of a
  story, not tutor talk or mathematics, that few of the run's problems hold): a talker that recycles turns of other
  conversations ("Perfect so the total cost of tickets is 20.25 and the food is 15.75." in a conversation about a
  download). The human teacher of the 1,201 default samples 0, the MRBench tutors of every bundled file at most 0.05
  (Phi3's made-up exchanges, V1 dev), an analogy of the tutor's own before or in place of each turn 0; real turns of
  other conversations recycled at random 0.25 (the rest name nothing of any problem: "Well done", "Can you try
  again?");
- `faulty_share`: the share of its turns with a fault of any of the kinds above (a false statement, words out of
  order, a sentence cut off, the student's voice, narration, contempt, advice taken back or of care alone, another
  conversation's things): a talker that spreads its faults among the kinds keeps each share under its threshold,
  not their sum. Real tutors at most 0.26
  (Phi3's long replies, V2 dev), every other MRBench tutor of every bundled file at most 0.13, the human teacher 0.06;
- `conversations`: how many conversations the figures are over;
- `flagged`: 1 when, over at least `MIN_CONVERSATIONS` conversations, any share is at least `MAX_SHARE`,
  `distinct_frames` is at most `MIN_DISTINCT_FRAMES`, `template_turn_share` is at least `MAX_TEMPLATE_TURN_SHARE`,
  `top_span_low` at least `TOP_SPAN_FLOOR` with `top_span_turn_low` at least `TOP_SPAN_TURN_FLOOR`,
  `false_statement_share` at least `MAX_FALSE_STATEMENT_SHARE`, `disordered_share` at least
  `MAX_DISORDERED_SHARE`, `no_mathematics_low` at least `NO_MATHEMATICS_FLOOR`, `other_numbers_share` at least
  `MAX_OTHER_NUMBERS_SHARE`, `new_number_share` at least `MAX_NEW_NUMBER_SHARE` over at least
  `MIN_SOLUTION_MOMENTS` moments with a solution, `single_mention_share` at least
  `MAX_SINGLE_MENTION_SHARE`, `unaddressed_share` at least `MAX_UNADDRESSED_SHARE`, `unfinished_share` at least
  `MAX_UNFINISHED_SHARE`, `student_voice_share` at least `MAX_STUDENT_VOICE_SHARE`, `narrates_share` at least
  `MAX_NARRATES_SHARE`, `belittles_share` at least `MAX_BELITTLES_SHARE`, `reversed_advice_share` at least
  `MAX_REVERSED_ADVICE_SHARE`, `only_care_share` at least `MAX_ONLY_CARE_SHARE`, `elsewhere_share` at least
  `MAX_ELSEWHERE_SHARE`, `faulty_share` at least `MAX_FAULTY_SHARE`, `asked_about_answer_share` at least
  `MAX_ASKED_ABOUT_ANSWER_SHARE`, `accepted_wrong_answer_low` at least `ACCEPTED_WRONG_ANSWER_FLOOR`,
  `revealed_answer_low` at least `REVEALED_ANSWER_FLOOR` or, over at
  least `MIN_RIGHT_ANSWER_MOMENTS` such moments, `doubted_right_answer_share` at least
  `MAX_DOUBTED_RIGHT_ANSWER_SHARE`; else 0.

A number is masked in digits or in words ("twenty-two").

The thresholds sit far from every real tutor we hold: on the bundled dev data the human teacher of MathDial's
1,201 default samples (228 conversations) has shares 0.035 / 0.031 and 0.96 distinct frames per turn; the nine
MRBench V2 dev tutors have shares of at most 0.111 (the Novice's "Please recheck your answer.", 27 conversations)
and at least 0.85 distinct frames per turn. Real tutors repeat what was said in at most 3.7 % of their turns (MathDial's
teachers, who ask a question again when it went unanswered; at most 2 of 99 turns for each MRBench tutor). Their
template turn shares are 0.000 (the human teacher) and at most 0.051 (Phi3's "Great job! Let's move on to the next
problem."); the human teacher's turns each opened with the same sentence have 0.11 (an opening alike is not a
strategy when the turn goes on to say something of its own); 13 of the 14 templated families of an adversary's
battery (varied wording, 100 conversations each) had 0.31 to 0.92 (the 14th, in another language, has no English
frame to share and is caught per turn). False statement shares: the human teacher 0.005 (6 of 1,201 turns), the
MRBench dev tutors at most 0.011 (one turn of Llama-3.1-405B's and of Sonnet's); an adversary's families that assert
a wrong answer, misstate a quantity of the problem, add wrong arithmetic to a real tutor's turn or call the
student's wrong answer right, each in varied wording, 0.33 to 0.99 (measured on the exact checks of 2026-12-01).
Disordered shares (a half of a turn read too, 2026-12-02; capitals inside a sentence, 2026-12-03): the human teacher
0.061 (0.052 before the capitals: MathDial's teachers' typing, "Right, There are 3200 turtles"), the MRBench tutors of
every bundled file 0.000 to 0.200 (Phi3's long replies, V2 dev), 38 legitimate styles of three adversaries at most 0.25
(a bilingual one: the model knows no Spanish); keyword salad of the problem's words 0.757, the problem's words shuffled
0.98, the human teacher's turns shuffled or reversed 0.6 to 0.87, and only their middle half shuffled 0.63; a talker
that writes its arithmetic out ("Let's see: 4 x 3 = 12.") 0.000 (numbers keep their places: only words are shuffled);
turns about something else, narrating the student or refusing, each with a word of the problem, 0.33 to 0.34, and small
talk with a number of the conversation 0.56 (flagged: the model of tutors' writing finds no order in words tutors do not
use).
No-mathematics shares: the human teacher 0.098, the MRBench tutors of every bundled file 0.000 to 0.167 (the Novice's
"That was a nice effort.", V1 dev) and 0.305 for Phi3's V2 dev replies ("Great job! Now let's move on to solving
quadratic equations.": read by the sentences that name something of the moment, they say no mathematics of it);
two adversaries' legitimate styles (terse, praise first, LaTeX, texting, questions only, paraphrase, check-ins, ...)
at most 0.20, and 0.43 for one that asks only about the story's people and things;
small talk with a word of the problem 0.66 to 0.85 (flagged), 0.40 to 0.50 where its words are tutors' words too
("What do you think about the weather today?"; not flagged, and not caught per turn either), narration about the
student 0.35 to 0.65 and a refusal naming the problem 0.47 to 0.50 (the battery's are caught per turn).
Other-numbers shares: the human teacher 0.007 (300 default samples), the MRBench tutors of the labelled dev files
0.000 to 0.108 (the Expert's worked examples) and of the unlabelled test file 0.018 to 0.167; an
adversary's legitimate talker that gives a worked example with other numbers in 43 % of its turns 0.20 (the rest of
its examples reuse a number of the conversation), another problem's real turns with this problem's nouns put in 0.34,
arithmetic drills about other numbers in varied wording 0.75 and 0.81 (a drawn number now and then is the
conversation's).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState

from trtutor.answers import NUMBER_WORD_PATTERN, parse_number
from trtutor.scorers.offline.degenerate import without_layout
from trtutor.scorers.offline.false_statements import FULL_CREDIT, KEEPS_IT, VERDICT_WORDS_ABROAD
from trtutor.scorers.offline.stop_words import ENGLISH_STOP_WORDS
from trtutor.scorers.offline.tutor_language import CAPITALISED_FUNCTION_WORD, ORDER_ADVANTAGE_FLOOR

MIN_CONVERSATIONS = 10  # fewer conversations say little about a talker's habits (a `--limit 3` try-out)
MAX_SHARE = 0.30
MIN_DISTINCT_FRAMES = 0.50
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:'[a-z]+)?|[^\sa-z\d]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
NUMBER_SLOT, WORD_SLOT = "{N}", "{W}"
_NUMBER_WORD = re.compile(NUMBER_WORD_PATTERN)
# A sentence frame counts once it keeps this many words: shorter ones ("Great job!", "Okay.") are what every tutor
# says, and a turn made of them alone is the whole-turn shares' business.
MIN_SENTENCE_WORDS = 3
# A sentence frame is the talker's template once it is said in this share of its conversations (and in at least
# `MIN_TEMPLATE_CONVERSATIONS`): about once in twenty is already more than any real tutor's sentence we hold.
TEMPLATE_CONVERSATION_SHARE = 0.05
MIN_TEMPLATE_CONVERSATIONS = 3
MAX_TEMPLATE_TURN_SHARE = 0.25
# A run of a sentence frame, `TEMPLATE_SPAN` tokens with two slots or more, said in this share of the talker's
# conversations is its template too: real tutors' most frequent such runs are in at most 5 % of theirs ("{N} {W}, how
# many {W}", the human teacher, 11 of 228), an adversary's core frame in pooled wordings in 94 %.
TEMPLATE_SPAN = 6
TEMPLATE_SPAN_SHARE = 0.20
# The lower end of the Wilson interval of `top_span_share` that flags: 6 of 10 conversations, 19 of 51, 0.30 of many
TOP_SPAN_FLOOR = 0.25
# ... and of its share of turns, which the length of conversations does not inflate: one phrase in a tenth of the turns
# of conversations of six turns is in some 45 % of them (round 54), a real tutor's most frequent run in at most 8 % of
# its turns
TOP_SPAN_TURN_FLOOR = 0.10
MIN_FILLINGS_SHARE = 0.25
# A talker wrong (by the exact checks) in this share of its turns is wrong as a habit: real tutors are wrong in at
# most 1.1 % of theirs (the nine MRBench tutors 0 to 0.011, the human teacher 0.007). 0.25 let a falsehood in every
# turn pass where the checks read two in three of its wordings (adversary round 32: 0.21, not flagged).
MAX_FALSE_STATEMENT_SHARE = 0.15
MAX_DISORDERED_SHARE = 0.40
NO_MATHEMATICS_FLOOR = 0.45
# A talker about other numbers than its conversation's in this share of its turns is not tutoring this problem: real
# tutors are in at most 16.7 % of theirs, a legitimate talker with a worked example in almost half of its turns in
# 20 %.
MAX_OTHER_NUMBERS_SHARE = 0.40
# A talker that states numbers no one gave and it does not work out (`offline/false_statements.py`'s
# `new_numbers_stated`), at moments with a solution, in this share of its turns makes up quantities as a habit, true or
# not: real tutors do in at most 15 % of their turns (Phi3, MRBench V2 dev; every other MRBench tutor at most 6 %, the
# human teacher of the default samples 1 %), legitimate styles of six adversaries in at most 4 % (true derived
# quantities, restatements in other formats); quantities of the solution stated with changed numbers in 46 % to 56 %,
# wrong arithmetic in wordings the exact checks did not read before v36 in 28 %. Fewer moments with a solution say
# little.
MAX_NEW_NUMBER_SHARE = 0.25
MIN_SOLUTION_MOMENTS = 20
# A talker that doubts a right answer at half of the moments it meets one doubts whatever it is told (real tutors:
# 3.4 %); fewer moments say little.
MAX_DOUBTED_RIGHT_ANSWER_SHARE = 0.50
# A talker that speaks to the student in at most a fifth of its turns is not talking to them: real tutors leave it
# out in at most half of theirs (the MRBench Novice's "That is a good try.", MathDial's teachers 24 %)
MAX_UNADDRESSED_SHARE = 0.80
MIN_RIGHT_ANSWER_MOMENTS = 10
# A talker that says the student's wrong number back with no word against it at a fifth or more of the moments it meets
# one (the lower end of the share's 95 % Wilson interval, so a tutor with few such moments is not flagged by chance)
# agrees with wrong answers as a habit: real tutors at most 0.05 (Phi3, V2 dev), MathDial's teachers 0.04, the human
# teacher of the default samples 0.01; an adversary's agreement at 55-100 % of the wrong moments, in combinatorial
# wordings, 0.24 to 0.75, honest styles that report the student's result and ask about a step at most 0.12 (rounds
# 42-45)
ACCEPTED_WRONG_ANSWER_FLOOR = 0.20
# A talker that states the final answer in two fifths or more of its turns (the lower end of the share's 95 % Wilson
# interval) tells the answer as a habit: per turn annotators credit the guidance a turn gives beside the answer, and a
# real turn with the answer put after it earns all of its own (round 44: 0.59-0.80 of turns, socratic 0.93-0.97), so
# only the share shows it. Real tutors at most 0.29 (GPT-4, V1 dev: a low of 0.17; its annotators' rate 0.45, of which
# the exact checks read part), the human teacher of the default samples 0.03.
REVEALED_ANSWER_FLOOR = 0.40
# A talker that asks about the student's number in half of its turns asks it whatever the moment: real tutors do in at
# most 13 % of theirs, legitimate styles in at most 28 %, such questions at every moment in pooled wordings in 80 %.
MAX_ASKED_ABOUT_ANSWER_SHARE = 0.50
# A talker whose turns name one thing of the moment and nothing more in this share of them asks about one thing
# whatever the moment: real tutors do in at most 23 % of their turns, legitimate styles in at most 61 % (a terse tutor
# with one short question in 45 % of its turns: 54 %), such questions at every moment in at least 75 %.
MAX_SINGLE_MENTION_SHARE = 0.70
# A talker that leaves a sentence or a clause unfinished in this share of its turns is cut off as a habit: real tutors
# do in at most 5 % of theirs (the BEA test file's Tutor_3, 5 of 110), MathDial's teachers in 0.8 %; a talker whose
# sentences have their words rotated does in 46 %, chunk salad joined by commas in 60 % of turns in 27 % (round 37).
MAX_UNFINISHED_SHARE = 0.15
# A talker that speaks as the student in this share of its turns writes the student's side: real tutors do in at most
# 2 % of theirs (MathDial's teachers 0.2 %), MathDial's students in 17 % of theirs.
MAX_STUDENT_VOICE_SHARE = 0.15
# A talker that speaks of the student in the third person in this share of its turns narrates them as a habit: real
# tutors do in at most 2 % of their turns (MathDial's teachers 0.04 %).
MAX_NARRATES_SHARE = 0.15
# A talker that shows contempt for the student in this share of its turns belittles them as a habit: real tutors do in
# at most 0.1 % of theirs (2 of MathDial's 2,311 teacher turns), the MRBench tutors and the human teacher never.
MAX_BELITTLES_SHARE = 0.15
# A talker that takes its own advice back for another operation in this share of its turns leaves the student to
# guess as a habit: no real tutor turn we hold does (0 of 5,030).
MAX_REVERSED_ADVICE_SHARE = 0.15
# A talker whose advice is only to do the work right in this share of its turns gives no hint as a habit: real tutors'
# advice is that in 6 of 5,030 turns (Llama-3.1-405B's "a key part of solving this problem accurately").
MAX_ONLY_CARE_SHARE = 0.15
# A talker with a fault of any of the kinds above (a false statement, words out of order, a sentence cut off, the
# student's voice, narration, contempt, advice taken back or of care alone, another conversation's things) in this
# share of its turns has faults as a habit, however it spreads them among the kinds to keep each under its own
# threshold: real tutors have one in at most 26 % of their turns (Phi3's long replies, V2 dev; every other MRBench
# tutor of every bundled file at most 13 %, the human teacher of the default samples 6 %).
MAX_FAULTY_SHARE = 0.40
# A word or number is a thing of a problem when at most this share of the run's problems (and at least 2) hold it; a
# talker that names two or more things of another problem, and none of its own, in this share of its turns recycles
# other conversations' turns: real tutors do in at most 5 % of theirs, turns recycled at random in 25 %.
ELSEWHERE_PROBLEMS = 0.02
MAX_ELSEWHERE_SHARE = 0.12
# The answer doubted: said to be wrong or questioned, or to be checked, recounted or looked at again (a request: at the
# start of a clause or after a word that asks, not "How did you check it?" or "I need to reread it") where nothing
# approves it ("Well done. Now check it by working backwards." verifies a right answer; "Good try, but check it"
# does not approve)
_SAYS_WRONG = re.compile(
    r"\b(?:not (?:quite|right|correct)|incorrect|wrong|mistake|error|(?:seems?|looks?) off|something (?:is|seems|looks)"
    r" (?:off|wrong|missing)|are you (?:sure|certain)|(?:is|was) (?:that|it|this) (?:so|right|correct|true)\s*\?"
    r"|really\s*\?|not so fast|(?:i'm|i am) not (?:convinced|sure)"
    # its rightness asked with doubt: "Do you really think it's 160?", "Is 160 really it?", "Could 160 be off?",
    # "Would you bet on 160?", "Should we trust 160?", "Is 160 definitely right?" (not "How confident are you?": a
    # check of confidence asks nothing of the answer)
    r"|(?:do|did) you really (?:think|believe|mean)|\b(?:is|was) (?:it|that|this|\S+) (?:really|definitely|actually)"
    r" (?:it|right|correct|the answer)|(?:could|might|can) (?:it|that|this|\S+) be (?:off|a slip|too \w+)"
    r"|would you (?:bet|stake)|should (?:we|you|i) (?:trust|believe))\b",
    re.IGNORECASE,
)
_ASKS_TO_RECHECK = re.compile(
    r"(?:^|[.!?,;:\u2013\u2014-]\s*|\b(?:please|let's|you should|try to|can you|could you|i'd|i would|maybe|now|and|but"
    r"|then|so)\s+)(?:double[- ]?check|check|recheck|recount|reread|revisit|re-?examine|look again|look at \w+(?: \w+)?"
    r" again|have another look|take another look|go (?:back )?over|think again|try again|reconsider)\b",
    re.IGNORECASE,
)
_APPROVES = re.compile(
    r"\b(?:right|correct|well done|good|great|nice|exactly|perfect|excellent|brilliant|spot on|yes|bingo)\b",
    re.IGNORECASE,
)
# a look back at the mistake the student made before, which a right answer invites ("Do you see where you went wrong?")
_LOOKS_BACK = re.compile(
    r"\b(?:where|what|how|why) (?:you|did you|had you)? ?(?:went|were going|go|had gone|made|got it|was) (?:wrong|your"
    r"|the|an?)|(?:your|the) (?:original|earlier|first|previous|initial) (?:error|mistake|attempt|answer|solution)"
    r"|before\b|the first time|first try|spotting",
    re.IGNORECASE,
)


def doubts_the_answer(turn: str) -> bool:
    """Does the turn doubt the student's answer (say it is wrong, question it, or ask for it to be checked with no word
    of approval), not look back at a mistake made before?"""
    if _LOOKS_BACK.search(turn):
        return False
    approves = _APPROVES.search(turn) and not re.search(r"\b(?:but|however|though|although)\b", turn, re.IGNORECASE)
    return bool(_SAYS_WRONG.search(turn) or (_ASKS_TO_RECHECK.search(turn) and not approves))


# The student's wrong number said back with no word against it: asserted (a statement, or what a question presents
# as given: "With your 4 spoons found, what ...?"; not what it asks: "What steps led you to 4?"), outside a quote or a
# report of their work (which shows their line for a look at it), in a turn with no doubt (`doubts_the_answer`), no
# negation and no request for their account
_NEGATION = re.compile(r"\b(?:not|never|no|nope)\b|n't\b", re.IGNORECASE)
# a number compared with another quantity in a statement: weighed, not asserted as the answer
_COMPARES_IT = re.compile(
    r"\b(?:short|shy)\s+of\b|\b(?:more|less|fewer|greater|bigger|smaller|larger|higher|lower|cheaper)\s+than\b",
    re.IGNORECASE,
)
# the number denied a source: "Nothing in the problem says 2.8", "Nowhere are we given 9" (probe 52)
_DENIES_A_SOURCE = re.compile(
    r"\b(?:nothing|nowhere)\b[^.!?]*?\b(?:says?|said|gives?|given|gave|mentions?|tells?|told)\b", re.IGNORECASE
)
# the number weighed by its size and found wanting: "So 10 is too few", "$8328 is far too big", "The total has to be
# more than 120 minutes", "her pension must be smaller" (probe 52): a predicate the number fails rejects it
_WEIGHS_ITS_SIZE = re.compile(
    r"\btoo\s+(?:few|small|big|large|low|high|many|much|little|short|long|cheap|expensive)\b"
    r"|\b(?:must|has\s+to|have\s+to|should|needs?\s+to|ought\s+to|would\s+have\s+to)\s+(?:be|come\s+(?:out|to))\s+"
    r"(?:\w+\s+)?(?:smaller|bigger|larger|less|more|greater|fewer|lower|higher|under|over|above|below)\b",
    re.IGNORECASE,
)
_ASKS_HOW_IT_WAS_FOUND = re.compile(
    r"\b(?:how|why|where|what made you|what steps|explain)\b[^?]*\b(?:get|got|find|found|arrived?|came|come from"
    r"|worked|calculated|reached|decided?|did you do)\b[^?]*\?"
    r"|\b(?:why (?:did |do )?you|what were you (?:trying|doing|thinking)|(?:talk|walk) me through|what (?:made|led) you"
    r"|tell me why|tell me how you (?:got|get|found|worked|did|came|reached|arrived|decided|calculated))\b",
    re.IGNORECASE,
)
# a part that shows the student's own work: "You wrote 16 - 6 = 10.", "I see 2 x 5 = 10 in your work.", "So your
# answer was 242." (round 45: a report with no approval)
_SHOWS_THEIR_WORK = re.compile(
    r"\bin your (?:work|working|solution|answer)\b|\byour (?:\w+ )?(?:line|step|answer|working|work|result|solution"
    r"|total|number|calculation|figure|steps|method)\b|\byou (?:worked|found|came|ended|finished|wound)\b"
    # what they did reported, in the past tense (probe 52: "You multiplied by 12 as well.", "You counted the food twice
    # and used $6.75."; probe 53b: "You downloaded 120 GB after the restart, right?")
    r"|\byou (?:\w+ed|took|split|made|did|wrote|put|kept|left|spent|paid|bought|sold|chose|thought|gave|ran)\b",
    re.IGNORECASE,
)
# the answer as it stands called right by the turn's first sentence, with or without its number ("That's right!", "Good,
# that's the right answer.", "You got it."): an endorsement whatever follows (round 45: before every real turn)
_CALLS_IT_RIGHT = re.compile(
    r"\b(?:that'?s|that is|it'?s|it is|this is)\s+(?:(?:exactly|absolutely|totally|quite)\s+)?(?:right|correct"
    r"|the right answer|the correct answer)\b|\byou(?:'ve)? got it\b|\bexactly right\b|\bcorrect!"
    # a verdict on the answer in other words (round 46): "Spot on.", "Agreed.", "All correct.", "Same as what I have.",
    # "Your answer checks out.", "Full marks from me.", "That's the one." (not "You're right" nor "the correct answer":
    # MathDial's teachers say "You are correct that ..." of a step, and "The correct answer is ..." of their own)
    r"|\b(?:spot|bang|right) on\b"
    r"|\bnailed it\b|\bbullseye\b|\bcracked it\b|\bchecks out\b|^\W*agreed\b|\b(?:all|perfectly) correct\b"
    r"|\b(?:same as|exactly|just) what i (?:have|got|get)\b|\bsame (?:result|answer) (?:here|as mine)\b|\bmatches my\b"
    r"|\bthat'?s the one\b|\bfull marks\b|\btextbook answer\b|\bon the money\b|\bperfect answer\b"
    r"|\bthat'?s it exactly\b|\bnothing to fix\b|\bcouldn't have done it better\b|\blooks (?:good|right) to me\b"
    r"|\byou got there\b|\bthe answer i was hoping for\b"
    # a verdict by an authority that has the answer, or a check said to have passed (round 49: "The answer key has the
    # same.", "That lines up with the worked solution I have here.", "Let's test your 22: undo your steps and you're
    # back at the start, so it holds up.")
    r"|\b(?:answer\s+(?:key|sheet)|back\s+of\s+the\s+book|worked\s+solution|teacher'?s\s+copy|solutions?\s+page"
    r"|marking\s+(?:sheet|scheme)|textbook'?s?\s+answers?|my\s+(?:own\s+)?(?:working|notes|solution|answer|key))\b"
    r"[^.!?]{0,30}?\b(?:has|have|shows?|says?|gives?|gets?)\s+(?:the\s+same|that|it\s+too)\b"
    r"|\b(?:agrees?\s+with\s+you|matches\s+(?:that|yours|it)|lines\s+up\s+with\s+(?:that|yours|it)|same\s+as\s+what\s+the)\b"
    r"|\b(?:answer\s+(?:key|sheet)|worked\s+solution|back\s+of\s+the\s+book)\b[^.!?]{0,30}?\b(?:agrees|matches)\b"
    r"|(?<!whether\s)(?<!if\s)(?<!see\s)\b(?:it|that|this)\s+(?:holds\s+(?:up|together)|stands\s+up|checks\s+out)\b"
    r"|\beverything\s+(?:fits|lines\s+up|adds\s+up|checks\s+out)\b|\beach\s+part\s+lines\s+up\b"
    r"|\b(?:test|check)\s+(?:is\s+)?passed\b|\bpasses\s+the\s+(?:test|check)\b|\bthat'?s\s+solid\b"
    # full credit in idioms: a grade, the case closed, the work kept as it stands (`false_statements.FULL_CREDIT`)
    rf"|{FULL_CREDIT}"
    # the test's outcome said to be what it should be: back at the problem's start, nothing out of place
    r"|\b(?:you're|you\s+are|we're|we\s+are|we|you|it|that)\s+(?:get|gets|land|lands|come|comes|end\s+up|are|is|'re)?"
    r"\s*(?:right\s+)?(?:back\s+)?(?:at|on|to)\s+(?:the\s+start\s+of\s+the\s+problem|the\s+problem'?s\s+(?:own\s+)?numbers"
    r"|the\s+numbers\s+in\s+the\s+problem)\b|\b(?:gets|takes|brings)\s+us\s+(?:right\s+)?(?:back\s+)?to\s+the\s+"
    r"(?:start|numbers|problem)\b|\bnothing\s+(?:is\s+)?out\s+of\s+place\b|\bwhich\s+is\s+(?:just\s+)?what\s+we\s+want\b"
    # a verdict of one word that is the whole of its sentence or clause: "Yes.", "Right -", "Exactly, ...", "Yes,
    # correct." (round 47; not "Right back to the cost", "Yes 12 left and ...": no verdict)
    # (or in another language: "Correcto.", "Richtig!", "正确。": round 62)
    rf"|^\W*(?:yes|yeah|yep|right|exactly|correct|indeed|precisely|true|absolutely|{VERDICT_WORDS_ABROAD})\b"
    r"(?:\s*,\s*(?:that's\s+)?"
    r"(?:correct|right|exactly|true))?\s*(?:[.!;:,\u2013\u2014\u3002\uff01]|\s-\s|$)"
    # or of a sign that opens the turn: a tick, a thumbs-up, a star (round 48: "✅✅ Then what do you do with the 12
    # spoons?", "☑️ From there, what's the next step?")
    r"|^\s*[\u2705\u2713\u2714\u2611\U0001f44d\U0001f44c\U0001f4af\U0001f3af\u2b50\U0001f31f\U0001f44f\U0001f64c]",
    re.IGNORECASE,
)
# the work declared finished, or a problem beyond it set (round 47: "That step is all wrapped up.", "The packs are
# taken care of.", "You're through that one.", "Bonus: ..."): at a wrong moment the wrong answer is settled
_DECLARES_IT_DONE = re.compile(
    r"\b(?:is|are|'s|'re)\s+(?:all\s+|now\s+)?(?:done|finished|complete|completed|wrapped up|taken care of|sorted"
    r"|solved|settled|in the bag)\b|\byou(?:'re| are)\s+(?:all\s+)?(?:done|finished|through)\b"
    r"|\byou(?:'ve| have)\s+(?:finished|solved|completed|cracked|wrapped up)\b"
    r"|\b(?:bonus|challenge|follow-up|extension|extra credit)\b(?:\s+(?:question|problem|round))?\s*:"
    r"|\b(?:a|one more|the)\s+(?:twist|variation|bonus|challenge|follow-up|extension)\b",
    re.IGNORECASE,
)
# the student's number put to a test: worked back from, put back into the story, checked against what it should
# fit, or weighed for sense (round 47: "Work backwards from 4 - do the 5 new spoons come out?", "Is that more or
# less than you'd expect?"): a doubt, however the number is said
_PUTS_IT_TO_A_TEST = re.compile(
    r"\bwork(?:ing)?\s+(?:it\s+)?back(?:wards?)?\b|\b(?:put|plug|substitute|feed|slot|pop|drop)\b[^.!?]{0,40}?\b"
    r"(?:back\s+)?in(?:to)?\b|\bdoes\s+(?:it|that|this|\S+)\s+(?:still\s+)?(?:match|fit|work|check out|add up"
    r"|make sense|agree|hold)\b|\b(?:do|does|did)\b[^.!?]{0,40}?\bcome\s+out\b|\bthan you(?:'d| would)\s+expect\b"
    r"|\b(?:sensible|reasonable|realistic|plausible|make sense|makes sense)\b[^.!?]*\?"
    r"|\b(?:test|try out|verify|make sure about)\s+(?:it|that|this|your|[$\d])|\bto the test\b"
    # a check of it said as a verb, and a size asked as too much or too little (round 75: "Let's sanity-check your 4.
    # Is it too big, too small, or about right for the story?")
    r"|\b(?:sanity[- ]?|double[- ]?|re-?)?check\s+(?:your|that|this|the)\s+(?:answer\s+(?:of\s+)?)?[$\d][\d,.]*"
    r"(?!\s+(?:[a-z]+\s+)?off\b)"
    r"|\btoo\s+(?:big|small|large|high|low|many|few|much|little)\b[^.!?]*\?"
    r"|\bsee (?:if|whether)\b[^.!?]*\b(?:holds?|works?|fits?|checks? out|stands? up)\b"
    r"|\b(?:run|redo|retell|replay|use|try|plug)\b[^.!?]{0,30}?\b(?:in|through|with|into)\s+the"
    r"\s+(?:story|problem|question)\b|\b(?:run|redo|retell|replay)\s+the\s+(?:story|problem)\b|\bgo\s+back\s+through\b"
    r"|\b(?:consistent|compare|the same as)\b[^.!?]*\?|\bsame\s*\?"
    # a size check: their number compared with another quantity (round 50: "Compare your 4 with the 5 new spoons.",
    # "Your 7 - is that more or less than the 5 new spoons?")
    r"|\bcompare\s+(?:your|it|that|this|[$\d])|\b(?:more|less|bigger|smaller|greater|larger|fewer)\s+(?:or|than)\b[^.!?]*\?"
    r"|\bstart(?:ing)?\s+(?:from|with)\b[^.!?]*\b(?:do|does|would)\s+(?:you|we|it)\s+(?:get|end up|come back|give)\b",
    re.IGNORECASE,
)
# a fault, a doubt or a change denied: approval, not a word against the number (round 46: "I can't fault 600", "No
# mistakes that I can see: 46 games.", "No doubt about it, 7 spoons.", "Nothing I'd change about 600")
_DENIES_A_FAULT = re.compile(
    r"\b(?:no|not|never|nothing|nobody|can't|cannot|couldn't|wouldn't|don't|doesn't|isn't)\b(?:\s+[\w']+){0,3}?\s+"
    r"(?:mistakes?|errors?|slips?|fault|doubt(?:ed)?|question|complaints?|notes|corrections?|fix(?:ing)?|change"
    # (not the problem set: "Nothing in the problem says 9" denies no fault; probe 52)
    r"|touch|redo|argue|wrong|amiss|(?<!the\s)(?<!this\s)(?<!that\s)(?<!your\s)(?<!our\s)problems?)\b",
    re.IGNORECASE,
)
# a challenge of the step after a contrast: "But was that the calculation the question needs?" (round 45)
_CHALLENGES_THE_STEP = re.compile(
    r"\b(?:but|however)\b,?\s+(?:is|was|does|did|do|are|were|should|could|would|can)\b[^.!?]*\?", re.IGNORECASE
)
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')


def reveals_the_answer(turn: str, moment: dict[str, Any]) -> bool | None:
    """Does the turn state the final answer as new information (`leakage.detect_leakage`: in any sentence form, as an
    expression, in words, another unit or language)? None where the moment has no final answer."""
    from trtutor.scorers.offline.leakage import detect_leakage

    final = parse_number(str(moment.get("final_answer") or ""))
    if final is None:
        return None
    found = detect_leakage(turn, final, student_said=list(moment.get("student_utterances") or []),
                           problem=str(moment.get("problem") or ""),
                           conversation=str(moment.get("conversation_history") or ""),
                           solution=str(moment.get("ground_truth") or ""))  # fmt: skip
    return found.label == "yes_correct"


def accepts_a_wrong_number(turn: str, moment: dict[str, Any]) -> bool | None:
    """At a moment when the student's answer as it stands is wrong: does the turn open by calling the answer right
    (`_opens_by_calling_it_right`, a verdict of one word included), call a wrong number of the student's
    (`false_statements.student_wrong_numbers`) right in a clause of its own, whatever it adds of its own certainty
    (`false_statements.calls_a_number_right_in_a_clause`), or, with no word against the answer (no doubt, no negation,
    no request for their account, no challenge of the step, no test of the number: `_PUTS_IT_TO_A_TEST`), declare the
    work finished or set a problem beyond it (`_DECLARES_IT_DONE`), or assert such a number outside a quote, a report
    of their work or a right sum? None at other moments."""
    from trtutor.scorers.offline.false_statements import (
        asserted_parts,
        calls_a_number_right_in_a_clause,
        student_answer_is_wrong,
        student_wrong_numbers,
    )
    from trtutor.scorers.offline.leakage import TAG_QUESTION

    if not student_answer_is_wrong(moment):
        return None
    wrong = student_wrong_numbers(moment)
    unquoted = _QUOTED.sub(" ", turn)
    if _names_the_fault(unquoted, wrong):
        return False  # the method praised, the wrong number named as the fault (round 75's partial credit)
    if _opens_by_calling_it_right(turn) or calls_a_number_right_in_a_clause(unquoted, wrong):
        return True
    if _approves_their_wrong_step(unquoted, wrong):
        return True
    # a tag question asks assent to what its sentence says: its "isn't" or "no" denies nothing ("4 stands, doesn't
    # it?", "So 4 is the answer, isn't it?": round 53) -- unless it speaks of the student's own work, which it asks
    # them to check ("Your 29 counts every girl, doesn't it?", "You downloaded 120 GB, didn't you?")
    untagged = " ".join(
        sentence if _SECOND_PERSON.search(sentence) else TAG_QUESTION.sub("?", sentence)
        for sentence in _sentence_texts(turn)
    )
    faults_left = _DENIES_A_FAULT.sub(" ", untagged)
    if doubts_the_answer(turn) or any(
        found.search(faults_left)
        for found in (_NEGATION, _ASKS_HOW_IT_WAS_FOUND, _CHALLENGES_THE_STEP, _PUTS_IT_TO_A_TEST)
    ):
        return False
    if any(not _CONDITION_BEFORE.search(sentence[: done.start()])  # not "Once everything adds up, you're finished."
           for sentence in _sentence_texts(unquoted) for done in _DECLARES_IT_DONE.finditer(sentence)):  # fmt: skip
        return True
    asserted = (part for sentence in _sentence_texts(_DENIES_A_FAULT.sub(" ", unquoted))
                for part in asserted_parts(sentence))  # fmt: skip
    return any(_asserts_a_wrong_number(part, wrong) for part in asserted)


_KEEPS_IT = re.compile(KEEPS_IT, re.IGNORECASE)
_CONTRAST = re.compile(r"\b(?:but|however|though|although|except)\b", re.IGNORECASE)
# a step approved as the way to go: a word of worth, or the tutor's own way (round 48: "I like that you chose to
# multiply 18 and 3 - that's the method I'd use too.", "Smart to subtract 12 and 3: that's the key idea here.")
_APPROVES_A_STEP = re.compile(
    r"\b(?:good|great|smart|clever|sensible|nice|wise|excellent|perfect|key|right|correct|natural|solid)\s+"
    r"(?:choice|call|instinct|idea|move|plan|approach|method|operation|reading|thinking|start|way)\b"
    r"|\b(?:smart|clever|good|wise|right)\s+(?:to|of you)\b|\bi(?:'d|\s+would)\s+(?:also|have|pick|use|choose|do)\b"
    r"|\b(?:what|how|the\s+(?:one|method|way))\s+i(?:'d|\s+would)\b|\b(?:approach|method|plan|way|operation)\s+"
    r"(?:that|which)\s+(?:fits|works)\b|\bi\s+like\s+(?:that|how)\s+you\b|\bmatches\s+how\b|\bbuilt\s+for\b"
    r"|\bshows\s+you(?:'ve|\s+have)\s+understood\b|\bclever\s+reading\b",
    re.IGNORECASE,
)


# the fault named as a number of the student's: "The trouble is the 9.", "The mistake is in your 9.", "The problem lies
# with the 9" (adversary round 75: "Your equation x + 5 = 9 has the right shape, and you solved it correctly. The
# trouble is the 9." gives partial credit and identifies the mistake)
_THE_FAULT_IS = re.compile(
    r"\b(?:trouble|problem|mistake|issue|error|slip|snag|catch)\s+(?:is|was|lies|comes|starts)\s+(?:(?:with|in|at|from)\s+)?"
    r"(?:the|your|that|this)\s+(?:[a-z]+\s+)?$",
    re.IGNORECASE,
)


def _names_the_fault(turn: str, wrong: set[Fraction]) -> bool:
    """Does the turn name one of the student's `wrong` numbers as the fault (`_THE_FAULT_IS`)?"""
    from trtutor.answers import find_numbers

    return any(mention.value in wrong and _THE_FAULT_IS.search(turn[max(0, mention.start - 60) : mention.start])
               for mention in find_numbers(turn))  # fmt: skip


def _approves_their_wrong_step(turn: str, wrong: set[Fraction]) -> bool:
    """Does a sentence name the student's wrong step, an operation on two numbers whose result, in either order, is one
    of their `wrong` numbers, and approve it with no word against it ("You went for adding 12 and 3, which is the
    approach that fits here.")?"""
    from trtutor.scorers.offline.last_step import one_operation, operation_results

    for sentence in _sentence_texts(turn):
        if not _APPROVES_A_STEP.search(sentence) or _NEGATION.search(sentence) or _CONTRAST.search(sentence):
            continue
        if (step := one_operation(sentence)) is not None and operation_results(*step) & wrong:
            return True
    return False


def _opens_by_calling_it_right(turn: str) -> bool:
    """Does the turn's first sentence call the answer right (`_CALLS_IT_RIGHT`), not deny it nor praise a sum it says
    rightly ("Good, 600 / 3 = 200 is exactly right." approves a step, not the answer)?"""
    from trtutor.scorers.offline.arithmetic import arithmetic_claims

    first = next(iter(_sentence_texts(turn)), "")
    # "Don't change a thing." keeps the work: its "n't" denies no verdict
    if _NEGATION.search(_KEEPS_IT.sub(" ", first)) or _CONTRAST.search(first):
        return False  # called right, but: "Yes, but you are multiplying twice"
    # a question that asks holds no verdict after its opening word: "What would make it exactly right?" (a sign
    # before it is one: "✅✅ Then what do you do with the 5 apples?")
    asked = _ASKED_QUESTION.match(first) if first.rstrip().endswith("?") else None
    if not any(_a_verdict_on_the_answer(first, verdict) and not (asked and asked.end() <= verdict.start())
               for verdict in _CALLS_IT_RIGHT.finditer(first)):  # fmt: skip
        return False
    return not any(claim.correct for claim in arithmetic_claims(first))


# A verdict's words are no verdict where they are a condition, a test or a goal ("Let's see whether your answer passes
# the test.", "Check if everything adds up.", "Make sure everything adds up at the end.", "To get full marks, show
# each step."), or where they praise a part of the work ("Your first step looks good to me.", "You got it half
# right."): honest openers at a wrong answer (adversary round 66: three such talkers were flagged on both sets). Not
# the words of a condition that set none: "If you ask me, spot on.", "Once again, that's right!"
_CONDITION_BEFORE = re.compile(
    r"\b(?:if(?!\s+you\s+ask\s+me\b)|whether|once(?!\s+(?:again|more)\b)|until|unless|suppose|supposing|assume"
    r"|assuming|imagine|make\s+sure|ensure|to\s+get|so\s+that|in\s+order\s+to|aim\s+for|goal|try\s+to)\b",
    re.IGNORECASE,
)
_A_PART_BEFORE = re.compile(
    r"\b(?:step|part|setup|set-up|start|beginning|method|approach|idea|plan)s?\s+(?:(?!and\b|but\b|so\b)\w+\s+)?$",
    re.IGNORECASE,
)
_A_PART_AFTER = re.compile(r"\s*(?:half|partly|partially|mostly)\b", re.IGNORECASE)
# a question that asks, opened by a question word or a verb (not a tag question: "That's right, isn't it?" says it)
_ASKED_QUESTION = re.compile(
    r"\W*(?:(?:so|and|ok|okay|hmm|well|now|then)\W+)?(?:what|how|why|which|where|when|who|is|are|was|were|does|do|did"
    r"|can|could|would|will|should|shall|have|has)\b",
    re.IGNORECASE,
)


def _a_verdict_on_the_answer(sentence: str, verdict: re.Match[str]) -> bool:
    """Is this match of `_CALLS_IT_RIGHT` said of the answer: not a condition, test or goal before it in its sentence
    (`_CONDITION_BEFORE`), nor praise of a part of the work (`_A_PART_BEFORE`, `_A_PART_AFTER`)?"""
    before = sentence[: verdict.start()]
    return not (_CONDITION_BEFORE.search(before) or _A_PART_BEFORE.search(before)
                or _A_PART_AFTER.match(sentence, verdict.end()))  # fmt: skip


_SECOND_PERSON = re.compile(r"\byou(?:r|'ve|'re|'d)?\b", re.IGNORECASE)
# a number an operation works by, or splits into: "divide the pencils by 2", "3 times 4", "split into 3" -- an
# operand of the step the sentence names, not a quantity it asserts (round 53)
_AN_OPERAND = re.compile(r"\b(?:by|times|into)\s+[$€£]?\d[\d,]*(?:\.\d+)?", re.IGNORECASE)
# the student's view reported, approval and all: "You think 9 is correct", "You're sure 9 works"
_THEIR_VIEW = re.compile(
    r"\byou(?:'re| are)?\s+(?:think|thought|believe|believed|feel|felt|sure|certain|convinced)\b", re.IGNORECASE
)
# a number put as a condition or a test, not said: "Let's check whether 9 is right", "If 9 is right, ..."
_SUPPOSES = re.compile(r"\b(?:if|whether|suppose|supposing|assume|assuming|imagine|pretend)\b", re.IGNORECASE)


def _asserts_a_wrong_number(part: str, wrong: set[Fraction]) -> bool:
    """Does an asserted part say one of the student's `wrong` numbers as it stands: not as a condition or a test
    (`_SUPPOSES`), nor in a report of their work that does not approve it ("So your answer was 242.", "You multiplied
    by 12 as well."), nor weighed against another quantity, found wanting or denied a source ("9 is 6 short of 15",
    "So 10 is too few", "Nothing in the problem says 2.8"), nor as the result of arithmetic it says rightly ("360 / 3 is
    indeed 120": the sum is right, whatever it answers), nor in a conversion of units ("2 hours is 120 minutes")?"""
    from trtutor.scorers.offline.arithmetic import REPORTS_STUDENT, arithmetic_claims
    from trtutor.scorers.offline.false_statements import LIMITED_CREDIT
    from trtutor.scorers.offline.leakage import number_values
    from trtutor.scorers.offline.unit_facts import conversion_spans

    said = wrong & number_values(_AN_OPERAND.sub(" ", part))
    if not said or _SUPPOSES.search(part) or LIMITED_CREDIT.search(part):
        return False
    if (REPORTS_STUDENT.search(part) or _SHOWS_THEIR_WORK.search(part)) and not _APPROVES.search(part):
        return False
    if _THEIR_VIEW.search(part):  # "You think 9 is correct": their approval, reported
        return False
    if _COMPARES_IT.search(part) or _WEIGHS_ITS_SIZE.search(part) or _DENIES_A_SOURCE.search(part):
        return False  # measured, found wanting or denied a source: "9 is 6 short of 15", "10 is too few" (probe 52)
    in_right_sums = {value for claim in arithmetic_claims(part) if claim.correct for value in number_values(claim.text)}
    # a conversion of units is a fact of units, which `unit_facts` checks: "2 hours is 120 minutes" (probe 53b)
    converted = {value for start, end in conversion_spans(part) for value in number_values(part[start:end])}
    return bool(said - in_right_sums - converted)


_SENTENCE_END = frozenset(".!?")
# A function word capitalised after a word or number with no end mark begins a sentence whose end mark before it was
# left out ("... 15 spoons What do you think?"): without one, the last words of a turn and a closing said after every
# turn read as one sentence, a frame filled with each moment's words (adversary round 64). Not after a comma: "Right,
# There are 3200 turtles" is a slip of the shift key inside a sentence.
_SENTENCE_BEGUN = re.compile(r"(?<=[A-Za-z\d%)])\s+(?=" + CAPITALISED_FUNCTION_WORD + ")")


def with_sentence_ends(text: str) -> str:
    """The text with an end mark where a sentence begins after one left out (`_SENTENCE_BEGUN`)."""
    return _SENTENCE_BEGUN.sub(" . ", text)


def turn_tokens(turn: str) -> list[str]:
    """The turn as compared across conversations: lower-case words, numbers and punctuation marks, its markup
    dropped, and an end mark where one was left out (`with_sentence_ends`)."""
    return _TOKEN.findall(with_sentence_ends(without_layout(turn)).lower())


def turn_text(turn: str) -> str:
    return " ".join(turn_tokens(turn))


_QUOTE_MARKS = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019"}
# a quote of the student's is their words: at least this many, nearly all of them said by the student
MIN_QUOTED_WORDS = 3
QUOTED_SHARE = 0.8


def quotes_as_slots(tokens: list[str], student_said: str) -> list[str]:
    """The tokens with each quote of the student's own words (marks included) one word slot: what a quote holds fills
    a frame, as a number or a word of the conversation does ('You wrote: "I added the 20 minutes for the". Is that
    what the question asks for?' is the frame 'you wrote : {W} .' wherever it is said: adversary round 39)."""
    theirs = set(_WORD.findall(student_said.lower()))
    out: list[str] = []
    index = 0
    while index < len(tokens):
        close = _QUOTE_MARKS.get(tokens[index])
        end = next((j for j in range(index + 1, len(tokens)) if tokens[j] == close), None) if close else None
        if end is not None:
            words = [token for token in tokens[index + 1 : end] if token[0].isalpha()]
            if len(words) >= MIN_QUOTED_WORDS and sum(word in theirs for word in words) >= QUOTED_SHARE * len(words):
                out.append(WORD_SLOT)
                index = end + 1
                continue
        out.append(tokens[index])
        index += 1
    return out


def addressed_as_you(tokens: list[str], moment: dict[str, Any]) -> list[str]:
    """The tokens with the student's name (`student_profile`'s) read as "you": it names whom the turn speaks to, the
    same at every moment of a conversation, and fills no frame of the moment ("What do you think, Mariana?" after
    each real turn is one closing, as "What do you think?" is: adversary round 64), nor makes small talk say
    something of it. A name the problem gives one of its people too stays a word of the problem."""
    from trtutor.data.mathdial import moment_student_name

    name = moment_student_name(moment).lower()
    if not name or re.search(rf"\b{name}\b", str(moment.get("problem") or ""), re.IGNORECASE):
        return tokens
    you = {name: "you", f"{name}'s": "your"}
    return [you.get(token, token) for token in tokens]


def turn_record(turn: str, moment: dict[str, Any]) -> dict[str, Any]:
    """What the scorer keeps of a turn for the metrics: its tokens, the positions of those that are content words
    of this conversation (problem, student's solution, conversation so far: what a frame may be filled with), the
    conversation, whether it repeats what was said, and what it states that is false."""
    said = " ".join(str(moment.get(key) or "") for key in ("problem", "student_incorrect_solution",
                                                           "conversation_history")).lower()  # fmt: skip
    words = set(_WORD.findall(said)) - ENGLISH_STOP_WORDS
    student_said = " ".join([str(moment.get("student_incorrect_solution") or ""),
                             *map(str, moment.get("student_utterances") or [])])  # fmt: skip
    tokens = addressed_as_you(quotes_as_slots(turn_tokens(turn), student_said), moment)
    own = [index for index, token in enumerate(tokens)
           if token in words or token.split("'")[0] in words]  # fmt: skip  # "Mary's" is Mary's
    from trtutor.scorers.offline.advice import advises_only_care, reverses_its_advice
    from trtutor.scorers.offline.degenerate import find_unmoored
    from trtutor.scorers.offline.false_statements import new_numbers_stated, student_latest_answer
    from trtutor.scorers.offline.leakage import number_values
    from trtutor.scorers.offline.tutor_language import (
        addresses_the_student,
        belittles_the_student,
        capitalised_inside,
        least_order_advantage,
        lists_keywords,
        narrates_the_student,
        says_mathematics,
        speaks_as_the_student,
        splits_words,
        stutters,
        things_named,
        things_new_to_the_moment,
        unfinished,
    )
    from trtutor.scorers.offline.tutor_turn import stated_falsehoods

    sentences = _sentence_texts(turn)
    narrates = narrates_the_student(turn, moment)
    unmoored = find_unmoored(turn, moment)
    repeats = unmoored.kind if unmoored is not None and unmoored.kind != "ungrounded" else None
    advantage = least_order_advantage(turn)
    numbers = number_values(turn) - {0, 1}
    conversation_numbers = number_values(" ".join([str(moment.get(key) or "") for key in _NUMBERS_OF_THE_CONVERSATION]
                                                + list(moment.get("student_utterances") or [])))  # fmt: skip
    final_answer = parse_number(str(moment.get("final_answer") or ""))
    right_answer = final_answer is not None and student_latest_answer(moment) == final_answer
    problem_things = things_named(str(moment.get("problem") or ""))
    return {"tokens": tokens, "own_words": own, "own_numbers": _own_numbers(tokens, conversation_numbers),
            "conversation_id": moment.get("conversation_id", ""),
            "problem_things": sorted(problem_things), "new_things": sorted(things_new_to_the_moment(turn, moment)),
            # a small number is anyone's: "3" or "5" names no thing of this problem
            "names_its_problem": any(not thing.isdigit() or int(thing) > 10 for thing in
                                     things_named(turn) & problem_things),
            "repeats": repeats, "falsehoods": stated_falsehoods(turn, moment),
            "least_order_advantage": None if advantage is None else round(advantage, 3),
            "keyword_list": lists_keywords(turn), "stutters": stutters(turn), "unfinished": unfinished(turn),
            "splits_words": splits_words(turn),
            "capitalised_inside": capitalised_inside(turn),
            "says_mathematics": says_mathematics(turn),
            "addressed": addresses_the_student(turn) and not narrates, "narrates": narrates,
            "belittles": belittles_the_student(turn), "reverses_advice": reverses_its_advice(turn),
            "advises_only_care": advises_only_care(turn),
            "sentence_mathematics": [says_mathematics(sentence) for sentence in sentences],
            "sentence_addressed": [addresses_the_student(sentence) for sentence in sentences],
            "other_numbers": bool(numbers) and not numbers & conversation_numbers,
            "new_numbers": None if (new := new_numbers_stated(turn, moment)) is None else bool(new),
            "single_mention": _names_one_thing(turn, numbers, conversation_numbers, moment),
            "student_voice": speaks_as_the_student(turn),
            "asks_about_answer": _asks_about_the_answer(sentences, student_latest_answer(moment)),
            "doubts_right_answer": doubts_the_answer(turn) if right_answer else None,
            "accepts_wrong_answer": accepts_a_wrong_number(turn, moment),
            "reveals_answer": reveals_the_answer(turn, moment)}  # fmt: skip


def elsewhere_turns(turns: list[dict[str, Any]]) -> list[bool]:
    """For each recorded turn: does it name no thing of its own problem and two or more things of one other problem of
    the run that nothing of its moment says (`elsewhere_share`)? A thing of a problem is a word or number that at most
    `ELSEWHERE_PROBLEMS` of the run's problems hold (each problem once, however many conversations it has)."""
    problems = {frozenset(t.get("problem_things") or ()) for t in turns}
    held_by = Counter(word for words in problems for word in words)
    rare = max(2, int(ELSEWHERE_PROBLEMS * len(problems)))
    found = []
    for turn in turns:
        things = {word for word in turn.get("new_things") or () if 0 < held_by[word] <= rare}
        found.append(not turn.get("names_its_problem") and any(len(things & words) >= 2 for words in problems))
    return found


def _asks_about_the_answer(sentences: list[str], latest: Fraction | None) -> bool:
    """Does a question of the turn name the student's answer as it stands (`latest`, other than 0 and 1)?"""
    from trtutor.scorers.offline.leakage import number_values

    if latest is None or latest in (0, 1):
        return False
    return any(sentence.rstrip().endswith("?") and latest in number_values(sentence) for sentence in sentences)


def _names_one_thing(
    turn: str, numbers: set[Fraction], conversation_numbers: set[Fraction], moment: dict[str, Any]
) -> bool:
    """Does the turn name one thing of this moment and nothing more: one number of the conversation, with of the
    problem's words at most the one right after it, or, with no number, one word of the problem?"""
    problem_words = set(_WORD.findall(str(moment.get("problem") or "").lower())) - ENGLISH_STOP_WORDS
    named = problem_words.intersection(_WORD.findall(turn.lower()))
    if not numbers:
        return len(named) == 1
    if len(numbers) != 1 or not numbers <= conversation_numbers:
        return False
    counted = re.search(r"(?<![\w.])[$€£]?\d[\d,.]*\s*([a-z]+)", turn.lower())  # "120 minutes": its noun
    return not named or (counted is not None and named == {counted.group(1)})


# where a turn's numbers may come from (`other_numbers_share`): the problem, its solution, what was said
_NUMBERS_OF_THE_CONVERSATION = ("problem", "ground_truth", "final_answer", "conversation_history",
                                "student_incorrect_solution")  # fmt: skip


def _own_numbers(tokens: list[str], conversation_numbers: set[Fraction]) -> list[int]:
    """Positions of the numbers (digits or words, joins too) that are numbers of the conversation, 0 and 1 aside (anyone
    says them: "one step at a time")."""
    positions = sorted(_number_positions(tokens))
    groups: list[list[int]] = []
    for position in positions:
        if groups and position == groups[-1][-1] + 1:
            groups[-1].append(position)
        else:
            groups.append([position])
    own = []
    for group in groups:
        value = parse_number(" ".join(tokens[i] for i in group).replace(" - ", "-"))
        if value is not None and value not in (0, 1) and value in conversation_numbers:
            own += group
    return own


def _number_positions(tokens: list[str]) -> set[int]:
    """Positions of numbers, in digits or words ("twenty-two", "one hundred and four": the joins too)."""
    numbers = {index for index, token in enumerate(tokens) if token[0].isdigit() or _NUMBER_WORD.fullmatch(token)}
    joins = {index for index, token in enumerate(tokens)
             if token in ("-", "and") and index - 1 in numbers and index + 1 in numbers}  # fmt: skip
    return numbers | joins


def frame_of(tokens: list[str], slots: set[int]) -> str:
    """The tokens with every number (digits or words) and every position in `slots` replaced by a slot; a run of
    one slot is one."""
    return " ".join(token for token, _, _ in _filled_frame(tokens, slots, None))


def sentence_spans(tokens: list[str]) -> list[range]:
    """The token positions of each of the turn's sentences (each ends on ".", "!" or "?", or with the turn)."""
    spans, start = [], 0
    for end in range(len(tokens)):
        if tokens[end] in _SENTENCE_END:
            spans.append(range(start, end + 1))
            start = end + 1
    if start < len(tokens):
        spans.append(range(start, len(tokens)))
    return spans


def sentence_frame(tokens: list[str], span: range, slots: set[int]) -> str | None:
    """The frame of the sentence at `span`, or None when it keeps fewer than `MIN_SENTENCE_WORDS` words once masked."""
    said = [tokens[i] for i in span]  # a number's joins never cross a sentence's end
    frame = [token for token, _, _ in _filled_frame(said, {k for k, i in enumerate(span) if i in slots}, None)]
    if sum(token[0].isalpha() for token in frame) < MIN_SENTENCE_WORDS:  # the words a slot does not hold
        return None
    return " ".join(frame)


def sentence_frames(tokens: list[str], slots: set[int]) -> list[str]:
    """The frames of the turn's sentences that keep at least `MIN_SENTENCE_WORDS` words once masked."""
    frames = (sentence_frame(tokens, span, slots) for span in sentence_spans(tokens))
    return [frame for frame in frames if frame is not None]


def _sentence_texts(turn: str) -> list[str]:
    """The turn's sentences as written, split where `sentence_spans` splits its tokens (and where an end mark was left
    out: `with_sentence_ends`)."""
    turn = with_sentence_ends(turn)
    lowered = turn.lower()
    if len(lowered) != len(turn):  # a letter whose lower case is longer ("İ"): read the lower-case text
        turn = lowered
    matches = list(_TOKEN.finditer(lowered))
    tokens = [match.group() for match in matches]
    return [turn[matches[span[0]].start() : matches[span[-1]].end()] for span in sentence_spans(tokens)]


def turn_frame(turn: str, moment: dict[str, Any]) -> str:
    """The turn with every number and every content word of this conversation replaced by a slot."""
    record = turn_record(turn, moment)
    return frame_of(record["tokens"], set(record["own_words"]))


_Z_95 = 1.959963984540054  # scipy.special.ndtri(0.975): the z of a two-sided 95 % interval


def wilson_low(count: int, total: int) -> float:
    """The lower end of the 95 % Wilson interval of `count` in `total` (0 for none): what a flag reads, so a talker
    with few turns of a kind is not flagged by chance. Newcombe's formula, computed as `scipy.stats.binomtest(count,
    total).proportion_ci(method="wilson").low` computes it (a test holds them equal), without importing scipy.stats:
    about a second at the start of every eval."""
    if not total or not count:
        return 0.0
    share = count / total
    denominator = 2 * (total + _Z_95**2)
    center = (2 * total * share + _Z_95**2) / denominator
    return center - _Z_95 / denominator * math.sqrt(4 * total * share * (1 - share) + _Z_95**2)


def strategy_figures(scores: list[SampleScore]) -> dict[str, float]:
    """The talker-level figures (module docstring) from the turns the scorer recorded.

    A frame's slots are the numbers, and the words of each conversation that the talker does not say in most of
    its conversations: a word it says everywhere ("answer" in a constant question) belongs to its template, not to
    what fills it, so a constant turn is one frame, not one per conversation.
    """
    turns = [s.score.metadata or {} for s in scores if s.score.metadata and "tokens" in s.score.metadata]
    conversations = {str(t["conversation_id"]) for t in turns}
    if not turns:
        return {"conversations": 0.0, "top_text_share": 0.0, "top_frame_share": 0.0, "distinct_frames": 1.0,
                "repeat_share": 0.0, "template_turn_share": 0.0, "top_span_share": 0.0, "top_span_low": 0.0,
                "top_span_turn_share": 0.0, "top_span_turn_low": 0.0,
                "false_statement_share": 0.0,
                "disordered_share": 0.0, "no_mathematics_share": 0.0, "no_mathematics_low": 0.0,
                "other_numbers_share": 0.0, "new_number_share": 0.0, "solution_moments": 0.0,
                "doubted_right_answer_share": 0.0, "right_answer_moments": 0.0,
                "single_mention_share": 0.0, "unaddressed_share": 0.0, "unfinished_share": 0.0,
                "student_voice_share": 0.0, "narrates_share": 0.0, "belittles_share": 0.0,
                "reversed_advice_share": 0.0, "only_care_share": 0.0,
                "asked_about_answer_share": 0.0, "elsewhere_share": 0.0, "faulty_share": 0.0,
                "accepted_wrong_answer_share": 0.0, "accepted_wrong_answer_low": 0.0, "wrong_answer_moments": 0.0,
                "revealed_answer_share": 0.0, "revealed_answer_low": 0.0,
                "flagged": 0.0}  # fmt: skip
    said_in: dict[str, set[str]] = defaultdict(set)
    for turn in turns:
        for token in turn["tokens"]:
            said_in[token].add(str(turn["conversation_id"]))
    template = {token for token, ids in said_in.items() if len(ids) >= len(conversations) / 2}
    slots = [{i for i in t["own_words"] if t["tokens"][i] not in template} for t in turns]
    frames = [frame_of(t["tokens"], own) for t, own in zip(turns, slots, strict=True)]

    def top_share(said: list[str]) -> float:
        where: dict[str, set[str]] = defaultdict(set)
        for turn, what in zip(turns, said, strict=True):
            where[what].add(str(turn["conversation_id"]))
        return max(len(ids) for ids in where.values()) / len(conversations)

    text_share, frame_share = top_share([" ".join(t["tokens"]) for t in turns]), top_share(frames)
    distinct = len(Counter(frames)) / len(turns)
    repeat_share = sum(bool(t.get("repeats")) for t in turns) / len(turns)
    templated = templated_turns(turns, slots, len(conversations))
    false_share = sum(bool(t.get("falsehoods")) for t in turns) / len(turns)
    pieced = ("keyword_list", "stutters", "capitalised_inside", "splits_words")  # read however long the turn

    def disordered_turn(turn: dict[str, Any]) -> bool | None:
        """Is the turn's order one no tutor writes (None: too short to tell, and nothing pieced)?"""
        if turn.get("least_order_advantage") is None and not any(turn.get(k) for k in pieced):
            return None
        return (turn.get("least_order_advantage") or 0.0) < ORDER_ADVANTAGE_FLOOR or any(turn.get(k) for k in pieced)

    disorders = [disordered_turn(t) for t in turns]
    read = [disorder for disorder in disorders if disorder is not None]
    disordered = read.count(True) / len(read) if read else 0.0
    elsewhere = elsewhere_turns(turns)
    faulty = [bool(t.get("falsehoods") or disorder or t.get("unfinished") or t.get("student_voice")
                   or t.get("narrates") or t.get("belittles") or t.get("reverses_advice")
                   or t.get("advises_only_care") or away)
              for t, disorder, away in zip(turns, disorders, elsewhere, strict=True)]  # fmt: skip
    content = turn_content(turns, slots)
    saying_nothing = sum(not says for says, _ in content)
    no_mathematics = saying_nothing / len(turns)
    right_answers = [t["doubts_right_answer"] for t in turns if t.get("doubts_right_answer") is not None]
    wrong_answers = [t["accepts_wrong_answer"] for t in turns if t.get("accepts_wrong_answer") is not None]
    accepted = sum(wrong_answers)
    with_answer = [t["reveals_answer"] for t in turns if t.get("reveals_answer") is not None]
    revealed = sum(with_answer)
    with_solution = [bool(t["new_numbers"]) for t in turns if t.get("new_numbers") is not None]

    no_mathematics_low = wilson_low(saying_nothing, len(turns))
    span_conversations, span_turns = top_span(turns, slots)
    figures = {"conversations": float(len(conversations)), "top_text_share": text_share,
               "top_frame_share": frame_share, "distinct_frames": distinct, "repeat_share": repeat_share,
               "template_turn_share": templated, "top_span_share": span_conversations / len(conversations),
               "top_span_low": wilson_low(span_conversations, len(conversations)),
               "top_span_turn_share": span_turns / len(turns), "top_span_turn_low": wilson_low(span_turns, len(turns)),
               "false_statement_share": false_share,
               "disordered_share": disordered, "no_mathematics_share": no_mathematics,
               "no_mathematics_low": no_mathematics_low,
               "other_numbers_share": sum(bool(t.get("other_numbers")) for t in turns) / len(turns),
               "new_number_share": sum(with_solution) / len(with_solution) if with_solution else 0.0,
               "solution_moments": float(len(with_solution)),
               "doubted_right_answer_share": sum(right_answers) / len(right_answers) if right_answers else 0.0,
               "right_answer_moments": float(len(right_answers)),
               "single_mention_share": sum(bool(t.get("single_mention")) for t in turns) / len(turns),
               "unaddressed_share": sum(not addressed for _, addressed in content) / len(turns),
               "unfinished_share": sum(bool(t.get("unfinished")) for t in turns) / len(turns),
               "student_voice_share": sum(bool(t.get("student_voice")) for t in turns) / len(turns),
               "narrates_share": sum(bool(t.get("narrates")) for t in turns) / len(turns),
               "belittles_share": sum(bool(t.get("belittles")) for t in turns) / len(turns),
               "reversed_advice_share": sum(bool(t.get("reverses_advice")) for t in turns) / len(turns),
               "only_care_share": sum(bool(t.get("advises_only_care")) for t in turns) / len(turns),
               "asked_about_answer_share": sum(bool(t.get("asks_about_answer")) for t in turns) / len(turns),
               "elsewhere_share": sum(elsewhere) / len(turns), "faulty_share": sum(faulty) / len(turns),
               "accepted_wrong_answer_share": accepted / len(wrong_answers) if wrong_answers else 0.0,
               "accepted_wrong_answer_low": wilson_low(accepted, len(wrong_answers)),
               "wrong_answer_moments": float(len(wrong_answers)),
               "revealed_answer_share": revealed / len(with_answer) if with_answer else 0.0,
               "revealed_answer_low": wilson_low(revealed, len(with_answer))}  # fmt: skip
    flagged = len(conversations) >= MIN_CONVERSATIONS and bool(flag_reasons(figures))
    return {**figures, "flagged": float(flagged)}


def flag_reasons(figures: Mapping[str, Any]) -> list[str]:
    """Why a talker with these figures (`strategy_figures`' names) is a strategy, most telling first; empty when none
    is. The flag reads it, over at least `MIN_CONVERSATIONS` conversations, and the leaderboard says its first
    reason. A figure that is missing or NaN (a log from before it) is no reason."""

    def given(name: str) -> float | None:
        value = figures.get(name)
        return None if value is None or math.isnan(float(value)) else float(value)

    conversations = int(given("conversations") or 0)
    reasons = []
    shares = {what: share for what, name in (("the same turn", "top_text_share"), ("the same frame", "top_frame_share"))
              if (share := given(name)) is not None}  # fmt: skip
    if shares and (top := max(shares.values())) >= MAX_SHARE:
        what = max(shares, key=shares.__getitem__)
        reasons.append(f"{what} in {top:.0%} of its {conversations} conversations")
    if (repeats := given("repeat_share")) is not None and repeats >= MAX_SHARE:
        reasons.append(f"repeats what was said in {repeats:.0%} of its turns")
    if (templated := given("template_turn_share")) is not None and templated >= MAX_TEMPLATE_TURN_SHARE:
        reasons.append(f"{templated:.0%} of its turns only fill frames it says in many of its {conversations} "
                       "conversations")  # fmt: skip
    if (
        (spanned := given("top_span_low")) is not None
        and spanned >= TOP_SPAN_FLOOR
        and (given("top_span_turn_low") or 0) >= TOP_SPAN_TURN_FLOOR
    ):
        reasons.append(f"the same part of a frame, filled with each moment's numbers or words, in "
                       f"{given('top_span_share') or 0:.0%} of its {conversations} conversations and "
                       f"{given('top_span_turn_share') or 0:.0%} of its turns")  # fmt: skip
    if (false_share := given("false_statement_share")) is not None and false_share >= MAX_FALSE_STATEMENT_SHARE:
        reasons.append(f"{false_share:.0%} of its turns state something false (wrong arithmetic, a misstated quantity "
                       "of the problem, a false fact of units or a wrong answer)")  # fmt: skip
    if (disordered := given("disordered_share")) is not None and disordered >= MAX_DISORDERED_SHARE:
        reasons.append(f"{disordered:.0%} of its turns have their words, or half of them, in no more likely an order "
                       "than shuffled (keyword salad, shuffled turns, words tutors do not use)")  # fmt: skip
    if (surely := given("no_mathematics_low")) is not None and surely >= NO_MATHEMATICS_FLOOR:
        reasons.append(f"{given('no_mathematics_share') or 0:.0%} of its turns say nothing of the mathematics (no "
                       "number, no word of arithmetic, quantities or tutoring)")  # fmt: skip
    if (other := given("other_numbers_share")) is not None and other >= MAX_OTHER_NUMBERS_SHARE:
        reasons.append(f"{other:.0%} of its turns are about other numbers than its conversation's (none of the "
                       "problem's, its solution's or what was said)")  # fmt: skip
    if (
        (new := given("new_number_share")) is not None
        and new >= MAX_NEW_NUMBER_SHARE
        and (given("solution_moments") or 0) >= MIN_SOLUTION_MOMENTS
    ):
        reasons.append(f"{new:.0%} of its turns state numbers no one gave and it does not work out (none of the "
                       "problem's, its solution's or what was said): quantities made up as a habit")  # fmt: skip
    moments = int(given("right_answer_moments") or 0)
    if moments >= MIN_RIGHT_ANSWER_MOMENTS and (doubted := given("doubted_right_answer_share") or 0.0) >= (
        MAX_DOUBTED_RIGHT_ANSWER_SHARE
    ):
        reasons.append(f"doubts the student's right answer at {doubted:.0%} of the {moments} moments it is right")
    if (single := given("single_mention_share")) is not None and single >= MAX_SINGLE_MENTION_SHARE:
        reasons.append(f"{single:.0%} of its turns name one thing of the moment and nothing more (one number, or one "
                       "word of the problem: a question that fits any moment)")  # fmt: skip
    if (unaddressed := given("unaddressed_share")) is not None and unaddressed >= MAX_UNADDRESSED_SHARE:
        reasons.append(f"{unaddressed:.0%} of its turns neither speak to the student nor ask anything, or narrate the "
                       "student (narration, a lecture or talk about something else)")  # fmt: skip
    if (voice := given("student_voice_share")) is not None and voice >= MAX_STUDENT_VOICE_SHARE:
        reasons.append(f"{voice:.0%} of its turns speak as the student ('I subtracted 3', 'Is that where I went "
                       "wrong?', 'I'm stuck'): it writes the student's turn, not the tutor's")  # fmt: skip
    if (narrates := given("narrates_share")) is not None and narrates >= MAX_NARRATES_SHARE:
        reasons.append(f"{narrates:.0%} of its turns speak of the student in the third person ('The student seems "
                       "confused about the apples'): it narrates the student instead of tutoring them")  # fmt: skip
    if (belittles := given("belittles_share")) is not None and belittles >= MAX_BELITTLES_SHARE:
        reasons.append(f"{belittles:.0%} of its turns show contempt for the student or their work ('That's a stupid "
                       "answer.', 'Are you even trying?')")  # fmt: skip
    if (reversed_advice := given("reversed_advice_share")) is not None and reversed_advice >= MAX_REVERSED_ADVICE_SHARE:
        reasons.append(f"{reversed_advice:.0%} of its turns advise an operation and take it back for another, or offer "
                       "another beside it ('Add them. Wait, scratch that: subtract them.'): it leaves the student to "
                       "guess")  # fmt: skip
    if (only_care := given("only_care_share")) is not None and only_care >= MAX_ONLY_CARE_SHARE:
        reasons.append(f"{only_care:.0%} of its turns advise only doing the work right, naming no operation or step "
                       "('Just use the 12 and the 3 correctly.'): it gives no hint")  # fmt: skip
    if (elsewhere := given("elsewhere_share")) is not None and elsewhere >= MAX_ELSEWHERE_SHARE:
        reasons.append(f"{elsewhere:.0%} of its turns name things of another of its conversations' problems (turns of "
                       "other conversations, recycled)")  # fmt: skip
    if (accepted := given("accepted_wrong_answer_low")) is not None and accepted >= ACCEPTED_WRONG_ANSWER_FLOOR:
        share, moments = given("accepted_wrong_answer_share") or 0.0, int(given("wrong_answer_moments") or 0)
        reasons.append(f"says the student's wrong number back with no word against it at {share:.0%} of the {moments} "
                       "moments their answer is wrong: it agrees with wrong answers as a habit")  # fmt: skip
    if (revealed := given("revealed_answer_low")) is not None and revealed >= REVEALED_ANSWER_FLOOR:
        reasons.append(f"states the final answer in {given('revealed_answer_share') or 0:.0%} of its turns: it tells "
                       "the answer as a habit, whatever else it says")  # fmt: skip
    if (asked := given("asked_about_answer_share")) is not None and asked >= MAX_ASKED_ABOUT_ANSWER_SHARE:
        reasons.append(f"{asked:.0%} of its turns ask about the student's answer (a question that names their number), "
                       "whatever the moment")  # fmt: skip
    if (cut_off := given("unfinished_share")) is not None and cut_off >= MAX_UNFINISHED_SHARE:
        reasons.append(f"{cut_off:.0%} of its turns leave a sentence unfinished (it ends on a word that needs another "
                       "after it: 'the', 'and', 'of', 'x'; a clause does: 'more than the, ...'; the turn stops "
                       "inside a word, or begins and ends mid-sentence)")  # fmt: skip
    if (distinct := given("distinct_frames")) is not None and distinct <= MIN_DISTINCT_FRAMES:
        reasons.append(f"{distinct:.2f} distinct frames per turn")
    if not reasons and (faulty := given("faulty_share")) is not None and faulty >= MAX_FAULTY_SHARE:
        # each kind under its own threshold (a kind over it is the reason already)
        reasons.append(f"{faulty:.0%} of its turns have a fault of some kind (a false statement, words out of order, a "
                       "sentence cut off, the student's voice, narration, contempt, advice taken back or of care "
                       "alone, another conversation's things): faults as a habit")  # fmt: skip
    return reasons


def _slotted_spans(frame: str) -> set[tuple[str, ...]]:
    """The runs of `TEMPLATE_SPAN` tokens of a sentence frame that hold at least two slots: the part of a frame that
    carries the moment's numbers and words ("about the {N} {W} and your {N}")."""
    tokens = frame.split()
    runs = (tuple(tokens[i : i + TEMPLATE_SPAN]) for i in range(len(tokens) - TEMPLATE_SPAN + 1))
    return {run for run in runs if sum(token in (NUMBER_SLOT, WORD_SLOT) for token in run) >= 2}


# The small words that bind a slot to its sentence: articles, possessives, demonstratives, a few quantifiers, joiners
# and prepositions of company. Next to a slot they are part of its filling, so that "these 15 spoons besides our 5
# new ones" and "the 15 spoons along with those 5 new ones" are one frame: a talker that draws them at random beside
# the moment's numbers says one frame in hundreds of wordings (round 56; real tutors' figures are unchanged by it).
_BINDING_WORDS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "our", "your", "my", "his", "her", "their", "its", "some",
    "all", "both", "just", "same", "and", "or", "with", "then", "besides", "alongside", "along", "together", "also",
    "as", "well", "next", "to", "of", ",",
})  # fmt: skip


def _bound_slots(tokens: list[str], slotted: dict[int, str]) -> dict[int, str]:
    """The slot each binding word (`_BINDING_WORDS`) next to a slot, or in a run of them next to one, belongs to:
    the slot after the run, else the one before it."""
    bound: dict[int, str] = {}
    start = 0
    while start < len(tokens):
        if tokens[start] not in _BINDING_WORDS or start in slotted:
            start += 1
            continue
        end = start
        while end + 1 < len(tokens) and tokens[end + 1] in _BINDING_WORDS and end + 1 not in slotted:
            end += 1
        slot = slotted.get(end + 1) or slotted.get(start - 1)
        if slot is not None:
            bound.update(dict.fromkeys(range(start, end + 1), slot))
        start = end + 1
    return bound


def _filled_frame(tokens: list[str], slots: set[int], own_numbers: set[int] | None) -> list[tuple[str, str, bool]]:
    """`frame_of`'s tokens, each with the words it stands for (a slot's filling, with the words that bind it:
    `_bound_slots`; a word stands for itself) and whether it is a slot filled with the moment's own (a word of the
    conversation, or a number of it where `own_numbers` says which; None: every number)."""
    frame: list[tuple[str, str, bool]] = []
    numbers = _number_positions(tokens)
    masked = numbers | slots
    slotted = {index: NUMBER_SLOT if index in numbers else WORD_SLOT for index in masked}
    slotted |= _bound_slots(tokens, slotted)
    for index, token in enumerate(tokens):
        slot = slotted.get(index, token)
        own = index in masked and (
            slot == WORD_SLOT or (slot == NUMBER_SLOT and (own_numbers is None or index in own_numbers))
        )
        if slot in (NUMBER_SLOT, WORD_SLOT) and frame and frame[-1][0] == slot:
            frame[-1] = (slot, f"{frame[-1][1]} {token}", frame[-1][2] or own)
            continue
        frame.append((slot, token, own))
    return frame


def top_span(turns: list[dict[str, Any]], slots: list[set[int]]) -> tuple[int, int]:
    """In how many of its conversations the talker says its most frequent run of `TEMPLATE_SPAN` tokens of a
    sentence frame that holds a slot filled with the moment's own (a word or a number of its conversation: "how many
    letters does ' {W} '", "is {N} even or odd ?"; the numbers of a worked example of its own fill no such slot): a
    part of a frame that the rest of its turn cannot hide. A run filled alike in most of the conversations it is
    said in is a fixed phrase with a number in it ("Imagine 5 bags with 6 marbles"), an opening alike, not a frame
    filled at every moment: a run counts where it is filled in at least `MIN_FILLINGS_SHARE` as many ways as
    conversations (MathDial's conversations share problems, so a frame filled with each problem's own is filled in
    fewer ways than it has conversations). Returns (conversations, turns) that say that run."""
    where: dict[tuple[str, ...], set[str]] = defaultdict(set)
    fillings: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    said_in: Counter[tuple[str, ...]] = Counter()
    for turn, own in zip(turns, slots, strict=True):
        runs: set[tuple[str, ...]] = set()
        tokens = turn["tokens"]
        own_numbers = None if turn.get("own_numbers") is None else set(turn["own_numbers"])  # None: an older log
        for span in sentence_spans(tokens):
            if sentence_frame(tokens, span, own) is None:
                continue
            numbers = None if own_numbers is None else {k for k, i in enumerate(span) if i in own_numbers}
            filled = _filled_frame([tokens[i] for i in span], {k for k, i in enumerate(span) if i in own}, numbers)
            for start in range(len(filled) - TEMPLATE_SPAN + 1):
                run, said, owned = zip(*filled[start : start + TEMPLATE_SPAN], strict=True)
                if any(owned):
                    where[run].add(str(turn["conversation_id"]))
                    fillings[run].add(said)
                    runs.add(run)
        said_in.update(runs)
    counted = [(len(ids), said_in[run]) for run, ids in where.items()
               if len(fillings[run]) >= max(2, MIN_FILLINGS_SHARE * len(ids))]  # fmt: skip
    return max(counted, default=(0, 0))


def templated_turns(turns: list[dict[str, Any]], slots: list[set[int]], conversations: int) -> float:
    """The share of the talker's turns made of templates alone: every sentence (of `MIN_SENTENCE_WORDS` words or more)
    that names something of its moment (every one, in a turn with none such) fills a frame it says in at least
    `TEMPLATE_CONVERSATION_SHARE` of its conversations, or holds a run of its frame with two slots or more that it
    says in at least `TEMPLATE_SPAN_SHARE` of them (a core wrapped in words drawn from pools, "Should I give you {a
    hint, a clue, ...} about the {N} {W} and your {N}{, or shall we skip it?, ...}", is one frame in many wordings).
    A talker that wraps one frame in varied openings and closings, or picks among a few frames, says few whole turns
    twice, but nothing of its own; one that opens every turn alike and then says something of this moment is not
    counted. Turns with no such sentence ("Okay.") are left out: the whole-turn shares read them."""
    where: dict[str, set[str]] = defaultdict(set)
    span_where: dict[tuple[str, ...], set[str]] = defaultdict(set)
    said: list[list[str]] = []
    for turn, own in zip(turns, slots, strict=True):
        frames = sentence_frames(turn["tokens"], own)
        for frame in frames:
            where[frame].add(str(turn["conversation_id"]))
            for span in _slotted_spans(frame):
                span_where[span].add(str(turn["conversation_id"]))
        # what the turn says of its moment is in its sentences that name something of it (`turn_content`): openers
        # and closers drawn from a pool of hundreds say nothing of it, however rarely each one repeats
        of_the_moment = [frame for frame in frames if NUMBER_SLOT in frame or WORD_SLOT in frame]
        if of_the_moment or frames:
            said.append(of_the_moment or frames)
    if not said:
        return 0.0
    needed = max(MIN_TEMPLATE_CONVERSATIONS, TEMPLATE_CONVERSATION_SHARE * conversations)
    span_needed = max(MIN_TEMPLATE_CONVERSATIONS, TEMPLATE_SPAN_SHARE * conversations)

    def templated(frame: str) -> bool:
        return len(where[frame]) >= needed or any(len(span_where[span]) >= span_needed
                                                  for span in _slotted_spans(frame))  # fmt: skip

    return sum(all(templated(frame) for frame in frames) for frames in said) / len(said)


def turn_content(turns: list[dict[str, Any]], slots: list[set[int]]) -> list[tuple[bool, bool]]:
    """Per turn, whether what it says of its moment says mathematics and speaks to the student.

    A sentence that names nothing of its moment (no number and no word of its conversation, once the talker's
    template words are kept: `sentence_frame` with no slot) could follow any moment: "Let's think step by step."
    says the words of tutoring, and "let's", whatever follows it, so small talk, a refusal or a narration behind it
    would read as mathematics said to the student. The turn is read by its other sentences; a turn with no sentence
    that names nothing, or with nothing else, is read whole."""
    content = []
    for turn, own in zip(turns, slots, strict=True):
        whole = (turn.get("says_mathematics", True), turn.get("addressed", True))
        mathematics, addressed = turn.get("sentence_mathematics"), turn.get("sentence_addressed")
        frames = [sentence_frame(turn["tokens"], span, own) for span in sentence_spans(turn["tokens"])]
        if mathematics is None or addressed is None or len(mathematics) != len(frames):
            content.append(whole)  # a log from before the sentences were recorded
            continue
        rest = [index for index, frame in enumerate(frames)
                if frame is None or NUMBER_SLOT in frame or WORD_SLOT in frame]  # fmt: skip
        if not rest or len(rest) == len(frames):
            content.append(whole)
            continue
        content.append((any(mathematics[index] for index in rest),
                        any(addressed[index] for index in rest) and not turn.get("narrates", False)))  # fmt: skip
    return content


def _figure(name: str) -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        return _figures_of(scores)[name]

    return compute


_last_figures: dict[tuple[Any, ...], dict[str, float]] = {}


def _figures_of(scores: list[SampleScore]) -> dict[str, float]:
    """`strategy_figures`, computed once for the scores that each of the scorer's metrics asks about in turn."""
    key = tuple((s.sample_id, s.score.value, repr(s.score.metadata)) for s in scores)
    if key not in _last_figures:
        _last_figures.clear()
        _last_figures[key] = strategy_figures(scores)
    return _last_figures[key]


@metric
def flagged() -> Metric:
    """1 when the talker's turns follow a strategy (the module docstring says when), else 0."""
    return _figure("flagged")


@metric
def top_text_share() -> Metric:
    """The share of the talker's conversations in which its most frequent turn is said."""
    return _figure("top_text_share")


@metric
def top_frame_share() -> Metric:
    """The share of the talker's conversations in which its most frequent frame is said."""
    return _figure("top_frame_share")


@metric
def distinct_frames() -> Metric:
    """Distinct frames per turn."""
    return _figure("distinct_frames")


@metric
def repeat_share() -> Metric:
    """The share of the talker's turns that repeat what was said before at their moment."""
    return _figure("repeat_share")


@metric
def template_turn_share() -> Metric:
    """The share of the talker's turns made of frames alone that it says in many of its conversations."""
    return _figure("template_turn_share")


@metric
def top_span_share() -> Metric:
    """The share of the talker's conversations in which its most frequent part of a frame (a run of
    `TEMPLATE_SPAN` tokens with a slot) is said."""
    return _figure("top_span_share")


@metric
def top_span_low() -> Metric:
    """The lower end of the 95 % Wilson interval of `top_span_share` (what the flag reads)."""
    return _figure("top_span_low")


@metric
def top_span_turn_share() -> Metric:
    """The share of the talker's turns that say its most frequent part of a frame."""
    return _figure("top_span_turn_share")


@metric
def top_span_turn_low() -> Metric:
    """The lower end of the 95 % Wilson interval of `top_span_turn_share` (what the flag reads too)."""
    return _figure("top_span_turn_low")


@metric
def false_statement_share() -> Metric:
    """The share of the talker's turns that state something false by an exact check."""
    return _figure("false_statement_share")


@metric
def disordered_share() -> Metric:
    """The share of the talker's turns whose word order is no more likely than their words shuffled."""
    return _figure("disordered_share")


@metric
def no_mathematics_share() -> Metric:
    """The share of the talker's turns with no number and no word of arithmetic, quantities or tutoring."""
    return _figure("no_mathematics_share")


@metric
def no_mathematics_low() -> Metric:
    """The lower end of the 95 % Wilson interval of `no_mathematics_share` (what the flag reads)."""
    return _figure("no_mathematics_low")


@metric
def other_numbers_share() -> Metric:
    """The share of the talker's turns whose numbers are all other than its conversation's."""
    return _figure("other_numbers_share")


@metric
def new_number_share() -> Metric:
    """Of the talker's turns at moments with a solution, the share that state numbers no one gave and it does not
    work out."""
    return _figure("new_number_share")


@metric
def solution_moments() -> Metric:
    """How many of the talker's turns answer a moment whose problem has a solution (what `new_number_share` is over)."""
    return _figure("solution_moments")


@metric
def doubted_right_answer_share() -> Metric:
    """Of the talker's turns at moments when the student's answer is right, the share that doubt it."""
    return _figure("doubted_right_answer_share")


@metric
def right_answer_moments() -> Metric:
    """How many of the talker's turns answer a student whose answer is right."""
    return _figure("right_answer_moments")


@metric
def single_mention_share() -> Metric:
    """The share of the talker's turns that name one thing of the moment (a number or a word of the problem) and
    nothing more."""
    return _figure("single_mention_share")


@metric
def unaddressed_share() -> Metric:
    """The share of the talker's turns that neither speak to the student nor ask anything."""
    return _figure("unaddressed_share")


@metric
def unfinished_share() -> Metric:
    """The share of the talker's turns that leave a sentence or a clause unfinished."""
    return _figure("unfinished_share")


@metric
def student_voice_share() -> Metric:
    """The share of the talker's turns that speak as the student ("I subtracted 3", "Is that where I went wrong?")."""
    return _figure("student_voice_share")


@metric
def narrates_share() -> Metric:
    """The share of the talker's turns that speak of the student in the third person ("The student seems confused")."""
    return _figure("narrates_share")


@metric
def reversed_advice_share() -> Metric:
    """The share of the talker's turns that advise an operation and take it back for another ("Add them. Wait,
    scratch that: subtract them.")."""
    return _figure("reversed_advice_share")


@metric
def only_care_share() -> Metric:
    """The share of the talker's turns whose advice is only to do the work right ("Just use the 12 and the 3
    correctly.")."""
    return _figure("only_care_share")


@metric
def elsewhere_share() -> Metric:
    """The share of the talker's turns that name things of another of its conversations' problems."""
    return _figure("elsewhere_share")


@metric
def faulty_share() -> Metric:
    """The share of the talker's turns with a fault of any kind `strategy` reads per turn."""
    return _figure("faulty_share")


@metric
def belittles_share() -> Metric:
    """The share of the talker's turns that show contempt for the student or their work ("That's a stupid answer.")."""
    return _figure("belittles_share")


@metric
def asked_about_answer_share() -> Metric:
    """The share of the talker's turns with a question that names the student's answer ("How did you get 9?")."""
    return _figure("asked_about_answer_share")


@metric
def accepted_wrong_answer_share() -> Metric:
    """Of the talker's turns at moments when the student's answer is wrong, the share that say a wrong number of the
    student's back with no word against it."""
    return _figure("accepted_wrong_answer_share")


@metric
def accepted_wrong_answer_low() -> Metric:
    """The lower end of `accepted_wrong_answer_share`'s 95 % Wilson interval (what the flag reads)."""
    return _figure("accepted_wrong_answer_low")


@metric
def revealed_answer_share() -> Metric:
    """Of the talker's turns at moments with a final answer, the share that state it."""
    return _figure("revealed_answer_share")


@metric
def revealed_answer_low() -> Metric:
    """The lower end of `revealed_answer_share`'s 95 % Wilson interval (what the flag reads)."""
    return _figure("revealed_answer_low")


@metric
def wrong_answer_moments() -> Metric:
    """How many of the talker's turns answer a student whose answer is wrong."""
    return _figure("wrong_answer_moments")


@metric
def conversations() -> Metric:
    """The conversations the strategy figures are over."""
    return _figure("conversations")


STRATEGY_METRICS = [flagged(), top_text_share(), top_frame_share(), distinct_frames(), repeat_share(),
                    template_turn_share(), top_span_share(), top_span_low(), top_span_turn_share(),
                    top_span_turn_low(), false_statement_share(),
                    disordered_share(), no_mathematics_share(),
                    no_mathematics_low(), other_numbers_share(), new_number_share(), solution_moments(),
                    doubted_right_answer_share(),
                    right_answer_moments(), single_mention_share(), unaddressed_share(), unfinished_share(),
                    student_voice_share(), narrates_share(), belittles_share(), reversed_advice_share(),
                    only_care_share(), elsewhere_share(), faulty_share(),
                    asked_about_answer_share(), accepted_wrong_answer_share(), accepted_wrong_answer_low(),
                    wrong_answer_moments(), revealed_answer_share(), revealed_answer_low(),
                    conversations()]  # fmt: skip


@scorer(metrics=STRATEGY_METRICS)
def strategy() -> Scorer:
    """The talker-level strategy check: per turn, the turn's text and frame (value 0: one turn is never a
    strategy); the metrics read them over the whole run, `flagged` 1 for a talker that repeats itself.

    It needs no judge: the same for `-T judge=llm` and `-T judge=offline`.
    """

    async def score(state: TaskState, target: Target) -> Score:
        from trtutor.scorers.offline.tutor_turn import offline_turn

        # a speaker label before every turn ("Tutor: ...") is no frame of the talker's: read past it, as the judges do
        record = turn_record(offline_turn(state), state.metadata or {})
        frame = frame_of(record["tokens"], set(record["own_words"]))
        repeats = f"; it repeats what was said ({record['repeats']})" if record["repeats"] else ""
        if record["falsehoods"]:
            repeats += f"; it states something false ({'; '.join(record['falsehoods'])})"
        return Score(
            value=0.0,
            answer=frame,
            explanation=f"frame of this turn (numbers and this conversation's words masked): {frame!r}{repeats}; one "
            "turn is no strategy (0): whether the talker says it in many conversations is the metric `flagged`",
            metadata=record,
        )

    return score
