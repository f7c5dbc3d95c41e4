"""Four things a tutor turn can get wrong about the problem or the student, found exactly (the `correctness` judge's
checks):

- `false_quantities`: a quantity of the problem stated with another value ("Tom has 5 boxes" where the problem says
  3 boxes). A quantity is a number with what it counts: the noun after it, past adjectives and a unit ("4 red
  apples", "3 kg of apples", "$4 of candy"; of "5 boxes of pencils", the boxes), the noun before it ("the boxes: 5",
  "Tom's apples are 7", "apples cost $3 each", a price per apple), or a person and the verb of their possession
  ("Tom had 7"), in digits or number words, or by its adjective alone ("the 43 red" for "45 red candles"); its
  person, verb and "each" tell quantities of one noun apart ("Tom has 5 apples and Ann has 8 apples"). It is false
  when the problem gives that quantity one value, the turn asserts another, and that value is nowhere in the
  problem, its solution or the conversation (where a tutor's quoting of the student's numbers, and every step of the
  solution, come from). Asserted: a statement (a reminder too: "Don't forget the 4 boxes") or a tag question, and of
  a question the clause that presents something as given ("With 4 boxes left, what ...?", "Since Tom has 7 apples,
  how ...?", "..., given that ...?") and a quantity it names as known ("Where do those 7 apples go?", "What did you
  do with all 7 of the apples?"), not what a question asks ("Does Tom have 7 apples?"), nor what is supposed,
  nor what a negation comes before ("Tom doesn't have 7 apples"; "it's 7 apples, not 9" asserts the 7). A number
  said to be the problem's ("given 7 apples in the problem", "the problem says 7 apples", "we're told 7 apples") is
  false when the problem holds no such number, whatever noun it gives it. A rate named
  without its "each" ("the 3 naps" of "3 naps a week") is that rate when the problem gives the noun no other
  quantity. Not a quantity: a difference, a bound or a total ("4 more boxes", "at least 65 wings", "totals to 75"),
  a term or result of arithmetic ("..., which is 2 weeks and 4 days"), a division's remainder ("18 days left over"),
  a rate ("every 2 toys"), a bare number or amount. MRBench dev (815 labelled responses) and MathDial's 2,311
  teacher turns: it touches none (before the families: 0 and 1, a MathDial bound "at least 65 wings"); 95 of those
  turns restate a quantity of the problem, and each with its value made wrong is flagged (the noun-after-number
  check alone flagged 76 of the 92 so made). A number said in the problem's own words (the three before it and
  the one after: "she had a total of 14 spoons" where the problem says "she had a total of 12 spoons") is that
  quantity whatever its grammar, totals and nouns of many values included, and a word that stresses the number but
  keeps its value is not one of those words ("a total of just 14 spoons"; "about 14" rounds it and is left alone);
  it touches no real turn either. So said, another of the problem's own values is false too when nothing of the
  moment says it in those words ("Carla is downloading a 40 GB file" for its 200 GB file and its 40 %; the
  solution's "which takes 40 minutes" is its own step): none of 5,030 real turns. A number between its verb and
  whom or what it goes to ("gave 4 to Todd", said of "Hector" or of "He") is known by that short frame too: it
  touches no real turn of MRBench dev or MathDial.
- `reversed_relations`: a sentence of the problem said with one relation turned into its opposite, the rest quoted
  ("she sold 3 dozen donuts" where the problem says "she bought 3 dozen donuts", "younger" for "older", "half" for
  "twice"), asserted as above; a sentence turned round whole ("Ann is 3 years younger than Tom" for "Tom is 3 years
  older than Ann") changes more than one word and is left alone. None of 5,030 real turns (MRBench V1, V2 and V3
  dev, the BEA 2025 test file, MathDial); of 752 real turns with a relation word of their problem, that word turned
  makes 18 quotes it reads (the rest paraphrase, and fall to the learnt judges).
- `misstated_comparisons`: two things the problem counts compared by how many there are, wrongly ("The problem has
  more rides than tickets." where it gives 2 rides and 5 tickets; "outnumber", "twice as many ... as"), asserted as
  above, each thing a noun the problem counts once (adversary round 42).
- `denied_givens`: a count of the problem said not to be given ("The problem never tells us how many spoons there
  are." where it gives 5 new spoons), not of what it asks how many of (round 42).
- `agrees_with_wrong_answer`: the student's answer as it stands (the last number of their last turn) is wrong (not
  the final answer, not a number of the correct solution or the problem) and the turn calls it right ("That's
  correct!", "Yes, the answer is 42.", "Your answer is correct.", "You solved it."; asserted, not asked: "Do you think
  that's correct?" questions it, and a supposition tests it: "Suppose 42 is right, can you work forwards?"; or
  presupposed in a question: "How did you get the right answer, 42?", "How did you reach 42, which is correct?") or
  asserts that number with any word of approval ("42 looks good to me", "getting 42 was the right call", before a
  question's own clause: "Correct, 42, and which step was hardest?", or in another asserted sentence: "So it's 42
  apples. Brilliant!", not "Try plugging 42 back in, does it match?"), with nothing that questions it ("but",
  "check", "not", ...; a fault denied questions nothing: "No mistakes there, 42 works.") and no other number: no
  mistake identified, and a wrong answer endorsed. MRBench dev: 20 turns, 1 of them credited with identifying the
  mistake; MathDial's default samples: 5. Any wrong number of the student's (their solution's or a turn's) taken as
  settled before the tutor moves on ("Now that we know there are 42 apples, ...", "With the 42 apples found, ...":
  `takes_a_wrong_number_as_settled`, adversary rounds 42 and 43) endorses it too; none of the real turns above.

- `misquoted_operations`: the student's operation said back as another ("You divided the $68 and 3" where their
  work has only 3 x $68); an operation their work does not show with those two numbers is left alone. Of the 16 real
  dev turns that say back what the student did (MRBench dev, MathDial), none is misquoted.

What they cannot see: a quantity named by another noun ("3 crates" for 3 boxes), a derived quantity misstated
(the solution's "9 boxes left" said as 4: only the problem's own quantities are known), a person named by a
pronoun ("He has 7 apples" is matched by noun only), or agreement said without these words; all then fall to the
learnt judges.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from fractions import Fraction
from typing import Any

from trtutor.answers import NUMBER_WORD_PATTERN, NumberMention, find_numbers, format_number, parse_number
from trtutor.scorers.offline.arithmetic import WORD_OPERATIONS, latex_as_text, normalise_operators
from trtutor.scorers.offline.english_words import one_slip, singular
from trtutor.scorers.offline.leakage import ANSWER_CLAIM, TAG_QUESTION, number_values, sentences, standing_number
from trtutor.scorers.offline.stop_words import ENGLISH_STOP_WORDS

_WORD = r"[a-z][a-z'-]*"
# a unit between a number and the noun it measures ("3 kg of apples", "$4 of candy"), normalised; a unit alone
# ("4 kg", "$50") is a quantity only with a person's verb before it ("Ann spent $8")
_UNITS = {
    **dict.fromkeys(("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"), "kg"),
    **dict.fromkeys(("g", "gram", "grams"), "g"),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds"), "lb"),
    **dict.fromkeys(("oz", "ounce", "ounces"), "oz"),
    **dict.fromkeys(("l", "liter", "liters", "litre", "litres"), "l"),
    **dict.fromkeys(("ml", "milliliter", "milliliters", "millilitre", "millilitres"), "ml"),
    **dict.fromkeys(("gallon", "gallons"), "gallon"),
    **dict.fromkeys(("cup", "cups"), "cup"),
    **dict.fromkeys(("dollar", "dollars", "buck", "bucks"), "dollar"),
    **dict.fromkeys(("cent", "cents"), "cent"),
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres"), "m"),
    **dict.fromkeys(("cm", "centimeter", "centimeters", "centimetre", "centimetres"), "cm"),
    **dict.fromkeys(("km", "kilometer", "kilometers", "kilometre", "kilometres"), "km"),
    **dict.fromkeys(("mile", "miles"), "mile"),
    **dict.fromkeys(("foot", "feet", "ft"), "ft"),
    **dict.fromkeys(("inch", "inches"), "inch"),
    **dict.fromkeys(("yard", "yards"), "yard"),
    # sizes of files (adversary round 37: "Carla's 300 GB file" of the problem's "200 GB file")
    **dict.fromkeys(("kb", "kilobyte", "kilobytes"), "kb"),
    **dict.fromkeys(("mb", "megabyte", "megabytes"), "mb"),
    **dict.fromkeys(("gb", "gigabyte", "gigabytes"), "gb"),
    **dict.fromkeys(("tb", "terabyte", "terabytes"), "tb"),
}
_CURRENCY = {"$": "dollar", "€": "euro", "£": "pound"}
_UNIT_AFTER = re.compile(rf"\s*-?\s*({'|'.join(sorted(_UNITS, key=len, reverse=True))})\b", re.IGNORECASE)
_OF = re.compile(r"\s+(?:worth\s+)?of\s+(?:the\s+|his\s+|her\s+|their\s+)?", re.IGNORECASE)
_RUN_WORD = re.compile(rf"\s*({_WORD})", re.IGNORECASE)
# a count said of the noun just named: "the spoons (13 of them)", "the gumballs, all 41 of them"
_OF_THEM = re.compile(r"\s+of them\b", re.IGNORECASE)
_COUNTED_BEFORE = re.compile(rf"\bthe\s+({_WORD})\s*(?:,|\(|\u2014|-)\s*(?:all\s+)?$", re.IGNORECASE)
# a difference, a bound, a total or a division's remainder, not a quantity of the problem: "4 more boxes", "4 boxes
# more", "at least 65 wings", "another 4 boxes", "18 days left over", "it totals to 75 haircuts" (MRBench: GPT4's
# wrong total of the haircuts it had counted)
_DIFFERENCE_AFTER = re.compile(r"\s+(?:more|fewer|less|extra|additional|other)\b|\s+\w+\s+(?:more|fewer|less"
                               r"|in total|in all|altogether|total|left over)\b",
                               re.IGNORECASE)  # fmt: skip
_BOUND_BEFORE = re.compile(
    r"\b(?:at least|at most|more than|less than|fewer than|over|under|up to|about|around|nearly|almost|roughly"
    r"|approximately|another|by|than|extra|every|each|per)\s*$",
    re.IGNORECASE,
)
# a total said: the tutor's own sum, unless the problem gives it ("she had a total of 12 spoons")
_TOTAL_BEFORE = re.compile(r"\b(?:totals?(?: to| of| is| was)?|totaling|totalling|sum of|adds up to|in all)\s*$",
                           re.IGNORECASE)  # fmt: skip
# so much of a thing for each of another: "4 apples each", "$3 per apple", "5 hot wings per minute"
_PER_AFTER = re.compile(r"\s*(?:each|apiece|a piece|per|every|(?:in|for) (?:each|every|an?|one)\b|an? (?:hour|day"
                        r"|week|month|year|minute|second))\b", re.IGNORECASE)  # fmt: skip
# the same said before: "each box has 4 apples", and a fact of units: "one week has 7 days"
_PER_BEFORE = re.compile(r"\b(?:each|every|one|a|an|per)\s+[a-z]+\s+(?:has|have|holds|contains|is|are|=|equals"
                         r"|weighs|costs|makes|takes|lasts)\s+$", re.IGNORECASE)  # fmt: skip
# a term or result of arithmetic, which the arithmetic check reads, not a quantity stated: "12 customers - 5
# customers = 7 customers", "David found a total of 30+60 = 90 presents", "72/8 = 9 boxes"
_OPERATOR = r"(?:[-+*/×÷=]|x|times|plus|minus|divided by|equals)"
_OPERAND = re.compile(rf"\s*(?:[a-z]+\s+)?{_OPERATOR}\s*[$€£]?\d", re.IGNORECASE)
_RESULT = re.compile(rf"[\d)]\s*(?:[a-z]+\s+)?{_OPERATOR}\s*$", re.IGNORECASE)
# the result of what was just said, not a given: "..., which is 2 weeks and 4 days"
_RESULT_CLAUSE = re.compile(r"\b(?:which|that|this)\s+(?:is|are|was|were|makes|gives|leaves|equals)\s+"
                            r"(?:[$€£]?\d[\d,.]*\s+[a-z]+\s+and\s+)?$", re.IGNORECASE)  # fmt: skip
_PER_NOUN = re.compile(rf"\s+(?:per|an?|each|for each|for every)\s+({_WORD})\b", re.IGNORECASE)
# a person's possession or acquisition, by verb: "Tom has 5 apples", "Tom had 7", "Tom bought 7 apples"
_VERB_CLASSES = {
    # what a person holds, however it came to them: "Tom has 5 apples" is contradicted by "Tom bought 7 apples"
    **dict.fromkeys(("has", "have", "had", "owns", "own", "owned", "holds", "held", "keeps", "kept", "bought", "buys",
                     "buy", "purchased", "purchases", "collected", "collects", "picked", "picks", "gathered",
                     "gathers", "made", "makes", "baked", "bakes", "got", "gets", "received", "receives", "found",
                     "finds"), "has"),
    **dict.fromkeys(("sold", "sells", "sell"), "sells"),
    **dict.fromkeys(("ate", "eats", "eat"), "eats"),
    **dict.fromkeys(("gave", "gives", "give"), "gives"),
    **dict.fromkeys(("earned", "earns", "earn"), "earns"),
    **dict.fromkeys(("spent", "spends", "spend", "paid", "pays", "pay"), "spends"),
    **dict.fromkeys(("read", "reads", "wrote", "writes", "ran", "runs", "walked", "walks", "drove", "drives"), "does"),
}  # fmt: skip
_OWNER_BEFORE = re.compile(
    rf"\b([A-Z][a-z]+|he|she)(?:'s)?,?\s+(?:also\s+|still\s+|now\s+|only\s+|originally\s+|initially\s+|already\s+|just\s+)?"
    rf"({'|'.join(_VERB_CLASSES)})\s+(?:only\s+|exactly\s+|just\s+|a total of\s+)?$"
)
# the noun said before its value, at the head of a clause: "the boxes: 5", "Tom's apples are 7", "apples cost $3
# each", "the number of boxes is 5"
_NOUN_BEFORE = re.compile(
    # the start of the text, of a line or of a list's item ("• Gumballs: 40"), or of a clause
    rf"(?:^\s*(?:[-*\u2022\u00b7]\s*|\d+[.)]\s+)?|\n[ \t]*(?:[-*\u2022\u00b7]\s*|\d+[.)]\s+)?|[,;:]\s*"
    rf"|\b(?:so|and|now|then|remember|that|know|recall|since|because|as|with|given)\s+)(?:([A-Z][a-z]+)'s"
    rf"\s+)?(?:the\s+|his\s+|her\s+|their\s+)?(?:number of\s+|count of\s+)?(each\s+)?({_WORD})\s*(?::|=|\b(?:is"
    rf"|are|was|were|being|equals?|costs?|weighs?|sells? for)\b)\s*$",
    re.IGNORECASE,
)

# not nouns of a quantity (with English's stop words): "4 times", "2 of the", "20 from"; one (or "a") of something is
# per-unit reasoning
_NOT_A_NOUN_BUT_STOP_WORDS = {
    "time",
    "times",
    "each",
    "per",
    "more",
    "less",
    "percent",
    "plus",
    "minus",
    "divided",
    "multiplied",
    "total",
    "altogether",
    "different",
    "other",
    "extra",
    "new",
    "additional",
    "whole",
    "equal",
    "same",
    "left",
    "remaining",
}


_NOT_A_NOUN = ENGLISH_STOP_WORDS | _NOT_A_NOUN_BUT_STOP_WORDS
# a quantity named as a known one presupposes it, in a question too: "Where do those 14 spoons show up?", "What
# did you do with all 14 of the spoons?", "How did you use the 14 spoons?" say the problem has 14 spoons
# (and a person's: "How does Carla's 300 GB file fit in?": adversary round 37)
_PRESUPPOSES = re.compile(r"\b(?:the|those|these|all|all of the|her|his|their|[A-Z][a-z]+'s)\s+(?:[$€£])?$",
                          re.IGNORECASE)  # fmt: skip
_ALL_OF_THE = re.compile(rf"\s+of\s+(?:the|those|these|her|his|their)\s+({_WORD})", re.IGNORECASE)
# a number said to be the problem's own ("given 17 spoons in the problem", "the problem says 17 spoons", "the story
# uses 17 spoons", "we're told 17 spoons"), which the problem must then hold, whatever noun it gives it
_SAID_OF_THE_PROBLEM = re.compile(
    r"\b(?:in|from|by) the (?:word )?(?:problem|question|story)\b|\bthe (?:word )?(?:problem|question|story) "
    r"(?:says|said|gives|gave|tells|told|states|stated|mentions|mentioned|has|had|uses|used|contains|contained"
    r"|lists|listed|includes|included|shows|showed)\b|\b(?:we're|we are|we were|you're|you are|"
    r"you were|we've been|you've been) (?:told|given)\b",
    re.IGNORECASE,
)
# the student's number set as the start of a check, an imperative right before it (adversary round 75: "A good check
# is to go backwards: start with 9 spoons and follow what happens in the story."): tried, not said to be the problem's
_STARTS_FROM = re.compile(
    r"(?:^|[:;,]\s*|\b(?:and|then|now|so|just)\s+)(?:start|begin)\s+(?:with|from|at)\s+(?:your\s+)?$", re.IGNORECASE
)
# what a problem has that is none of its quantities: "3 steps in the problem", "the problem gives us 2 numbers"
_PARTS_OF_A_PROBLEM = re.compile(
    r"(?:step|part|number|question|sentence|clue|piece|fact|value|thing|word|line|operation|quantit(?:y|ie)|time|way"
    r"|detail|information)s?"
)


_QUESTION_WORD = (
    r"(?:what|how|which|who|whom|whose|where|when|why|can|could|do|does|did|will|would|is|are|was|were"
    r"|should|shall|may|might)"
)
_ASKS = re.compile(rf"\s*{_QUESTION_WORD}\b", re.IGNORECASE)
# a question's clauses, and the one that asks: "..., so what ...?", "... - now tell me ...?"
_CLAUSE_BREAK = re.compile(r"\s*[,;:]\s+|\s+[-\u2013\u2014]+\s+")
_ASKING_CLAUSE = re.compile(rf"\s*(?:(?:so|and|then|now|but|okay|ok|well)\s+)*(?:{_QUESTION_WORD}|tell me|explain)\b",
                            re.IGNORECASE)  # fmt: skip
_QUESTION_THEN_PREMISE = re.compile(r"[,;]\s*(?P<premise>(?:since|because|given that|given|as|now that|knowing that"
                                    r"|seeing that)\s+[^?]+)\?\s*$", re.IGNORECASE)  # fmt: skip
# a supposition puts what it says to the test, not forward: "Suppose 93 is right, ...", "If 9 is correct, ..."
_SUPPOSING = r"if|suppose|supposing|imagine|let's say"
# a quantity is supposed by a modal too ("Tom would have 9 apples"); rightness is not ("That would be correct!")
_SUPPOSES = re.compile(rf"\b(?:{_SUPPOSING}|say|would|could|might|instead of|rather)\b", re.IGNORECASE)
# an example or a simpler case of the tutor's own ("Pretend there are 2 people.", "Start small: 3 houses.", "Try it
# with 2 customers first.", "For example, with 2 pencils ..."): its numbers are no quantities of the problem
_SETS_UP_AN_EXAMPLE = re.compile(
    r"\b(?:pretend|picture|for (?:example|instance)|e\.g\.|as an example|start small|warm-?up|practice (?:case|run)"
    r"|(?:a|an|the) (?:simpler|smaller|easier) (?:case|problem|example|version|numbers?)|try (?:it |this |that )?with"
    r"|think of|take \w+ \w+ as)\b",
    re.IGNORECASE,
)
# a sentence that announces an example the next one gives: "Let's use an example.", "Here is an analogy:"
# ("Let me show a mini example: 2 + 2 = 4.", "Here's a similar step with small numbers: ...", round 45); not one
# looked back on ("That's a helpful example.")
_ANNOUNCES_AN_EXAMPLE = re.compile(
    r"(?<!that's )(?<!that is )(?<!it's )(?<!it is )(?<!was )"
    r"\b(?:an|a|another|this|one|the following)\s+(?:[a-z]+\s+){0,2}?(?:example|analogy|illustration)\b"
    r"|\bfor (?:example|instance)\b|\b(?:a|another) similar (?:step|problem|question|case|sum|one)\b"
    r"|\bwith (?:some )?small(?:er)? numbers\b",
    re.IGNORECASE,
)
_SUPPOSES_IT = re.compile(rf"\b(?:{_SUPPOSING}|assume|assuming|pretend|whether)\b", re.IGNORECASE)
# a negation denies what comes after it: "Tom doesn't have 9 apples", "not 9 apples"; "it's 12 apples, not 9"
# asserts the 12
_NEGATES = re.compile(r"\b(?:not|never|no longer)\b|n't\b", re.IGNORECASE)
# a reminder presents what it names as given: "Don't forget the 3 students", "Do not forget that ..."
_REMINDS = re.compile(r"\b(?:don't|do not|never) forget\b", re.IGNORECASE)
# "You got it!" approves; "how you got it", "where you got it from", "that you got it" ask or report how
_YOU_GOT_IT = (
    r"(?<!how )(?<!where )(?<!why )(?<!what )(?<!when )(?<!whether )(?<!if )(?<!that )"
    r"you(?:'ve|\s+have)?\s+got\s+it(?! from)(?!\s+(?:wrong|by|with|using)\b)"  # "You've got it: 120" (round 38)
)
# A verdict of full credit in idioms, one vocabulary for every reader of agreement (adversary round 68: agreement is
# agreement whatever its words, and these are its kinds): a grade given ("Full points.", "Top marks!", "Gold star for
# you.", "Ten out of ten", "A+"), the work declared closed ("Case closed.", "Done and dusted.", "That settles it."), or
# the work kept as it stands (`KEEPS_IT`: "Don't change a thing.", "Leave it just as it is.", "Lock it in.")
# (each ending its clause: "Leave it as it is and look at step 2" keeps a part, not the answer)
KEEPS_IT = (r"(?:\b(?:don't|do\s+not)\s+(?:you\s+)?(?:change|touch|alter)\s+"
            r"(?:a\s+(?:single\s+)?thing|anything|a\s+word)"
            r"|\b(?:leave|keep)\s+it\s+(?:just\s+|exactly\s+)?(?:as|the\s+way)\s+it\s+is|\block\s+it\s+in)"
            r"(?=\s*(?:[.!;,]|$))")  # fmt: skip
FULL_CREDIT = (
    r"\b(?:full|top|maximum|perfect)\s+(?:marks|points|credit|score)\b|\bgold\s+stars?\b|\b(?:ten|10)\s+out\s+of\s+"
    r"(?:ten|10)\b|\b10/10\b|\ba\+(?!\w)"
    r"|\bcase\s+closed\b|\bdone\s+and\s+dusted\b|\bthat\s+settles\s+it\b|\b(?:job|mission)\s+(?:done|accomplished)\b"
    rf"|\bthat'?s\s+a\s+wrap\b|{KEEPS_IT}"
)
# "right", "yes" and "exactly" in the languages a talker may switch to (round 42: Russian, Ukrainian, Dutch, Turkish,
# Scandinavian, Malay and Indonesian, Tagalog, Polish, Czech, Hungarian, Romanian, Greek, Hindi, Arabic, Korean,
# Vietnamese, Japanese and Chinese too), a verdict on the answer; and their words of praise ("très bien", "bravo"),
# which approve a number said with them
VERDICT_WORDS_ABROAD = (
    r"oui|exactement|c'est ça|sí|correcto|exacto|ja|richtig|genau|esatto|giusto|certo|sim|isso"
    r"|верно|правильно|точно|вірно|klopt|juist|doğru|rätt|riktigt|korrekt|benar|betul|tama|dokładnie|poprawnie"
    r"|správně|helyes|corect|σωστά|σωστό|सही|صحيح|맞아요|맞아|정답|đúng|chính xác|正解|正确|正確"
)
PRAISE_ABROAD = r"parfait|bravo|très bien|bien joué|perfecto|muy bien|bien hecho|sehr gut|perfetto"
_NOTHING_TO_CHANGE = (r"\b(?:(?:don't|do not|doesn't|does not|won't|will not)\s+need\s+(?:to\s+)?|(?:wouldn't|would not"
                      r"|won't|will not)\s+)(?:change|fix|correct|redo|alter|touch)\s+(?:a (?:single )?(?:thing|line)"
                      r"|anything)\b")  # fmt: skip
_AFFIRMS = re.compile(
    r"\b(?:(?:that's|that is|you're|you are|it's|it is|this is|[$€£]?\d[\d,.]*\s+is)\s+(?:absolutely\s+|exactly\s+"
    r"|totally\s+|completely\s+|quite\s+)?(?:right|correct)|correct\s*!|exactly(?:\s+right)?|well done|great job"
    rf"|good job|perfect|{_YOU_GOT_IT}|spot[- ]on|nailed it|cracked it|that's it|checks out|is what i got"
    r"|i got that too"
    # idioms of full marks: "Bang on.", "Top marks!", "Textbook.", "On the money."
    r"|bang on|top marks|full marks|textbook|on the (?:money|nose|button)|flawless|impeccable"
    rf"|{FULL_CREDIT}"
    # (round 34) "Bingo!", "Bravo!", "Ten out of ten!", "Couldn't be more right!"
    r"|bingo|bravo|(?:ten|10) out of (?:ten|10)|10/10|(?:couldn't|could not) be (?:more right|righter|more correct)"
    r"|i agree|agreed"
    r"|that works|sounds right|is fine|works|^\W*(?:yes|yep|yeah|right)\b"
    # the work kept as it is (round 42): "You don't need to change a thing.", "Your working can stay just as it is."
    rf"|{_NOTHING_TO_CHANGE}|\bcan stay (?:just |exactly )?(?:as|the way) it is|\bleave (?:your|the|it|that)(?: \w+)?"
    r" (?:just |exactly )?(?:as|the way) it is"
    # the answer called right by name ("Your answer is correct.", "That is the right answer.", "You solved it."); a
    # bare "Correct." is not: MathDial's teachers say it of a right step that this check cannot tell from a wrong one
    r"|\b(?:your|the|that|this)\s+(?:final\s+)?(?:answer|solution|result)\s+(?:is|was|looks|seems|sounds)\s+"
    r"(?:absolutely\s+|exactly\s+|totally\s+|completely\s+|quite\s+|perfectly\s+)?(?:right|correct|accurate)"
    r"|\b(?:that's|that is|this is|it's|it is|you have|you've got|you got|you found|you gave)\s+(?:the|a)\s+"
    r"(?:right|correct)\s+(?:answer|solution|result)"
    r"|(?<!have )(?<!did )(?<!can )(?<!could )\byou(?:'ve| have)?\s+(?:solved|answered)\s+(?:it|this|the problem"
    r"|the question)\b)",
    re.IGNORECASE,
)
# approval said of the student's own number ("44 looks good to me", "getting 44 was the right call", "Yes, 120
# months there!", "176 is a solid result"): with that number stated, any word of approval endorses it, where without
# a number only `_AFFIRMS`'s calls of rightness do ("Great effort!" alone praises the trying, not the answer)
_APPROVES = re.compile(
    r"\b(?:right|correct|correctly|good|great|accurate|fine|perfect|perfectly|spot[- ]on|nailed|agree|agreed|matches"
    r"|bang on|top marks|full marks|textbook|on the (?:money|nose|button)|flawless|impeccable|sound"
    r"|match|checks out|works|indeed|exactly|definitely|absolutely|well done|nice|excellent|brilliant|solid|yes|yep"
    rf"|yeah|{_YOU_GOT_IT}|is what i got|i got that too|true|bingo|lovely|wonderful|fantastic|awesome|superb|terrific"
    r"|amazing|cracked|done and dusted|holds up|same as mine|same as what i got"
    # a fault denied, the answer kept or called the one (round 30): "Couldn't have done it better. 120.", "That's the
    # one: 60.", "Your answer stands: 120."
    r"|(?:couldn't|could not|can't|cannot) have done (?:it|that|this) better|that's the one|that is the one"
    r"|(?:answer|it|that) stands"
    # (round 39) "No mistakes there: 120 minutes.", "Nothing wrong with 120 minutes."
    r"|no (?:mistakes?|errors?|slips?)(?:\s+(?:there|here|at all|anywhere))?(?!\s+(?:in|with|on)\b)"
    r"|nothing (?:wrong|off|amiss) (?:with|about|there|here)"
    # (round 41) nothing to mend, or the result shared: "Nothing to fix in your 3 boxes.", "We both land on 3 boxes.",
    # "You and I both reach 3.", "Our answers meet at 3."
    r"|nothing (?:(?:that )?needs? )?(?:to )?(?:be )?(?:fix|fixing|fixed|change|changing|changed|correct|correcting"
    r"|corrected|mend|mending)"
    r"|(?:we both|we've both|you and i(?: both)?|the two of us|both of us) (?:land|landed|end up|ended up|reach|reached"
    r"|arrive|arrived|got|get|come to|came to|agree|agreed)"
    r"|our (?:answers|results|numbers|totals) (?:meet|match|agree|line up|are the same|coincide)"
    # a grade (round 42): "Gold star for 3!", "That's 10 out of 10: 3.", "3 would get full credit on a test."
    r"|(?:ten|10) out of (?:ten|10)|full (?:credit|points|score)|perfect score"
    r"|(?:teacher|marker|examiner|grader)s? (?:will|would) (?:be )?(?:happy|pleased|delighted|love)"
    r"|(?:five|5|gold) stars?"
    # in the languages a talker may switch to, and in emoji
    rf"|{VERDICT_WORDS_ABROAD}|{PRAISE_ABROAD})\b"
    r"|\ba\+(?!\w)"  # a grade: "A+ for 3."
    # (a plain tick too, "4 \u2713", and LaTeX's "\checkmark" written as one: round 71)
    "|[\U0001f44d\U0001f44c\U0001f44f\u2705\u2713\u2714\U0001f4af\U0001f389\U0001f64c\U0001f973\u2b50\U0001f31f]",
    re.IGNORECASE,
)
# the student's number taken as settled, a premise the tutor moves on from (round 42): "Now that we know there are 3
# boxes, ...", "With the 3 boxes found, what units go in the answer?", "Since we've found 3 boxes, ..."
_TAKES_AS_SETTLED = re.compile(
    r"\b(?:now that|since|given that|as) (?:we|you)(?:'ve| have)?(?: now| already)? (?:know|found|got|worked out"
    r"|established|figured out|settled|calculated)\b|\bhaving (?:found|got|worked out|established|figured out)\b"
    r"|\bwith (?:the|your|those|these|that) [$€£]?\d[\d,.]*(?:\s+[a-z]+){0,2}\s+(?:found|settled|sorted(?: out)?"
    r"|worked out|in hand|established|done|known|figured out|nailed down|calculated|confirmed)\b",
    re.IGNORECASE,
)
# rightness said of the answer inside another sentence, as a given: "the right answer", "the correct 42", ", which is
# correct", "- exactly right", "(correct!)", ", spot on" (not ", right?", a tag that asks, nor "Is 42 the right
# answer?", which asks it)
_PRESUPPOSES_RIGHT = re.compile(
    r"(?<!\bis )(?<!\bbe )(?<!\bwas )(?<!\bare )\b(?:the|that|your|this)\s+(?:right|correct)\s+(?:answer|number|result"
    r"|solution|total|\d)"
    r"|,\s*which (?:is|was) (?:exactly |absolutely |totally )?(?:right|correct)\b"
    r"|\s[-\u2013\u2014]\s*(?:exactly |absolutely |totally |perfectly )?(?:right|correct|spot on)\b"
    r"|\(\s*(?:exactly |absolutely |totally |perfectly )?(?:right|correct|spot on)\b"
    r"|,\s*(?:(?:exactly|absolutely|totally|perfectly) (?:right|correct)|spot on)\b",
    re.IGNORECASE,
)
# a question that asks whether: its rightness is asked, not presupposed ("Is 42 the right answer?")
_ASKS_YES_OR_NO = re.compile(
    r"\W*(?:is|are|was|were|could|can|would|will|should|might|may|do|does|did)\b", re.IGNORECASE
)
# what questions the answer rather than endorse it; a follow-up question alone ("Which step was hardest?", "How did
# you decide to add?", "Why don't you walk me through it?") does not, but asking for the next quantity moves on to
# the next step ("Yes - well done. Now how many were left?"), as MathDial's teachers do after a right step that this
# check cannot tell from a wrong one
_QUESTIONS_IT = re.compile(
    r"\b(?:but|however|although|though|not|almost|close|check|recheck|double-check|again|mistake|mistakes|wrong"
    r"|error|incorrect|careful|sure|reconsider|instead|go back|look back|revisit|rework|redo|re-examine|another look"
    r"|look over|how (?:many|much|far|old|often)|how long (?:is|are|was|were"
    r"|will|would|does|did|do|should|can|must|had|has|have)\b)\b|n't\b",
    re.IGNORECASE,
)
# a fault denied questions nothing: "No mistakes there, 93 works." is approval ("works"), its "no" and "mistakes"
# no doubt; denied alone ("No mistakes in your first line. How did you get 93?") it approves nothing either
_NO_FAULT = re.compile(
    r"\b(?:no|zero|not a single|not one|not any|without any)\s+(?:\w+\s+)?(?:mistakes?|errors?)\b"
    r"|\bnothing\s+(?:is\s+|was\s+)?wrong\b|\b(?:couldn't|could not|can't|cannot)\s+have\s+done\s+(?:it|that|this)"
    rf"\s+better\b|{_NOTHING_TO_CHANGE}",
    re.IGNORECASE,
)
# invitations, not negations: "Why don't you walk me through it?"
# a quantity quoted from the problem is known by the words around it: the three before it and the one after, or
# five words in all, fewer before and more after (a number that opens its sentence is known by the words after it)
FRAME_WORDS_BEFORE = 3
AFTER_FRAME_WORDS = 5
# words before a number that stress it and keep its value; not those that bound or round it ("at least", "about")
_STRESSES_VALUE = re.compile(r"(?:\b(?:exactly|precisely|just|only|merely|fully|full|whole|all of|a full|a good"
                             r"|a whole|a mere|an entire)\s+)+$", re.IGNORECASE)  # fmt: skip
_FRAME_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_INVITES = re.compile(r"\b(?:why don't you|why not|won't you|wouldn't you like to)\b", re.IGNORECASE)
# the tutor's own working said to give a number: "I got 9 as well", "my working gives 9 too", "I came out at 9 myself"
_TUTOR_GOT = re.compile(
    r"\b(?:i|i've|i have)(?:\s+(?:also|too|as well|myself|honestly|actually|just))?\s+(?:got|get|have|had|reached"
    r"|landed on|ended up with|end up with|came out (?:at|with)|come out at|arrived at|worked it out (?:as|to be)"
    r"|make it|made it|found|calculated|wrote down|also got)\s+(?:a total of\s+)?"
    rf"(?:[$€£]?\d|{NUMBER_WORD_PATTERN}\b)"
    r"|\b(?:my|our)\s+(?:own\s+)?(?:working|answer|result|calculation|sheet|total)\s+(?:gives|gave|says|shows|is|was"
    r"|came to|comes to|matches)\b"
    r"|\bsame as (?:mine|my)\b|\bmatches my\b|\bwe agree on\b|\bwhat i (?:have|got|get)\b",
    re.IGNORECASE,
)
# the number kept as the answer, to finish or move on, asked ("Shall we record 9 and move on?") or said ("9 it is,
# then!"): accepting it treats it as right
_ACCEPTED_NUMBER = rf"[$€£]?\d[\d,.]*|{NUMBER_WORD_PATTERN}(?:-{NUMBER_WORD_PATTERN})?"
_ACCEPTS = re.compile(
    r"\b(?:record|write down|write|put down|note down|jot down|lock in|submit|keep|go with|stick with|settle on"
    rf"|enter|circle|box)\s+(?:that\s+|the\s+|your\s+)?(?:{_ACCEPTED_NUMBER})(?:\s+[a-z]+)?\s+"
    r"(?:and\s+(?:then\s+)?(?:move|go|carry|head)\s+on|and\s+(?:go|move|head)\s+to\s+the\s+next"
    r"|as\s+(?:the|our|your)\s+(?:final\s+)?answer|as\s+final|and\s+(?:be\s+)?(?:done|finish))\b"
    rf"|(?<![\w.])(?:{_ACCEPTED_NUMBER})(?:\s+[a-z]+)?\s+it\s+is\s*[.!,]",  # "9 it is!", said, not "... it is 9?"
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A quantity as written: its value, what it counts or measures, and who holds it."""

    value: Fraction
    noun: str | None  # the head noun, crudely singular ("boxe", "apple"); None: a bare unit or a person's number
    unit: str | None  # "kg", "dollar": the unit it is measured in
    per: bool  # so much for each of another ("4 apples each", "$3 per apple")
    adjectives: frozenset[str]  # words between number and noun ("red" of "4 red apples")
    owner: str | None  # the person before the verb ("tom" of "Tom has 5 apples")
    verb: str | None  # that verb's class ("has" for has, had, bought, ...)
    text: str
    total: bool = False  # said as a total ("a total of 12 spoons"): a problem's, of whoever holds it


@dataclass(frozen=True)
class FalseQuantity:
    noun: str
    problem_value: Fraction | None  # None: the turn says the problem gives a number it does not hold
    stated: str
    sentence: str

    def explanation(self) -> str:
        if self.problem_value is None:
            return f"says the problem gives {self.stated!r}, a number it does not hold: {self.sentence.strip()!r}"
        return (
            f"states {self.stated!r} where the problem gives {format_number(self.problem_value)} {self.noun}: "
            f"{self.sentence.strip()!r}"
        )


def _quantities(text: str, *, totals: bool = False) -> list[Quantity]:
    """Every quantity written in `text`: a number with a noun or unit after it, a noun before it ("the boxes: 5")
    or a person's verb before it ("Tom had 7"); not a difference, a bound or a total ("4 more boxes", "at least 65
    wings", "totals to 75 haircuts"; a total too with `totals`, as a problem gives one), a term or result of
    arithmetic ("12 - 5 = 7 customers"), a percentage, or one (per-unit reasoning: "1 box has 4 apples")."""
    found: list[Quantity] = []
    previous_end = 0
    for mention in find_numbers(text):
        if mention.value in (0, 1) or mention.text.endswith("%"):
            continue
        before = text[max(0, mention.start - 30) : mention.start]
        if _BOUND_BEFORE.search(before) or _RESULT.search(before) or _RESULT_CLAUSE.search(before):
            continue
        total = bool(_TOTAL_BEFORE.search(before))
        if (total and not totals) or re.search(r"\d[,.]$", before):
            continue  # the tutor's own total, or the end of a number it cannot read ("1,20 spoons")
        if _DIFFERENCE_AFTER.match(text, mention.end) or _OPERAND.match(text, mention.end):
            continue
        if quantity := _quantity_at(text, mention):
            quantity = dataclasses.replace(quantity, total=total)
            between = text[previous_end : mention.start]
            if quantity.owner is None and found and found[-1].owner and _JOINED.fullmatch(between):
                # joined to the one before it, the person's too: "Jam has three boxes and 2 loose pencils"
                quantity = dataclasses.replace(quantity, owner=found[-1].owner, verb=found[-1].verb)
            found.append(quantity)
            previous_end = mention.start + len(quantity.text)
    return found


# what joins a quantity to the one before it in one list of a person's: "3 red boxes and 2 blue boxes", "three boxes
# full of pencils and 2 loose pencils" (no sentence's end, no other person or verb between)
_JOINED = re.compile(r"(?:\s+[a-z]+){0,3}\s*,?\s+and\s+", re.IGNORECASE)


def _quantity_at(text: str, mention: NumberMention) -> Quantity | None:
    unit, end = _CURRENCY.get(mention.text.lstrip("-")[:1]), mention.end
    if unit is None and (match := _UNIT_AFTER.match(text, end)):
        unit, end = _UNITS[match.group(1).lower()], match.end()
    if unit is not None and (match := _OF.match(text, end)):
        end = match.end()  # "3 kg of apples": the unit measures the noun after "of"
    words = []
    while len(words) < 3 and (match := _RUN_WORD.match(text, end)):
        word = match.group(1).lower()
        if word in _NOT_A_NOUN or len(word) < 3:
            break
        words.append(word)
        end = match.end()
    before = text[max(0, mention.start - 80) : mention.start]
    noun, adjectives = None, frozenset[str]()
    per = bool(_PER_AFTER.match(text, end) or _PER_BEFORE.search(before))
    if words:
        # the head is the first plural ("4 red apples", "5 hot wings"), else the first word ("9 candy", "20 people")
        head = next((i for i, word in enumerate(words) if _plural(word)), 0)
        noun, adjectives = singular(words[head]), frozenset(words[:head])
        end = mention.end + len(text[mention.end : end].rstrip())
    elif unit is not None and (match := _PER_NOUN.match(text, end)) and match.group(1).lower() not in _NOT_A_NOUN:
        noun, per = singular(match.group(1).lower()), True  # "$3 per apple", "$3 an apple"
    owner = verb = None
    if (match := _OWNER_BEFORE.search(before)) and (
        match.group(1).lower() not in ENGLISH_STOP_WORDS or match.group(1).lower() in _PERSONAL_PRONOUNS
    ):
        owner, verb = match.group(1).lower(), _VERB_CLASSES[match.group(2).lower()]
    if noun is None and _OF_THEM.match(text, mention.end) and (match := _COUNTED_BEFORE.search(before)):
        noun = singular(match.group(1).lower())  # "the spoons (13 of them)", "the gumballs, all 41 of them"
    if noun is None and _USE_BEFORE.search(before) and (match := _FOR_THE.match(text, end)):
        if (word := match.group(1).lower()) not in _NOT_A_NOUN:
            noun = singular(word)  # "Use 120 GB for the file": the value it gives the file
    if noun is None and (match := _NOUN_BEFORE.search(before)):
        word = match.group(3).lower()
        if word not in _NOT_A_NOUN and len(word) >= 3:
            noun, per = singular(word), per or bool(match.group(2))
            owner = match.group(1).lower() if match.group(1) else owner
    if noun is None and owner is None:
        # a bare number or amount ("$50", "4 kg") names no thing of the problem: an example's or a total's value
        # (MRBench: a Phi3 turn's worked example "$50 - $20 equals $30", GPT4's "the total cost for the desk $400")
        return None
    return Quantity(mention.value, noun, unit, per, adjectives, owner, verb, text[mention.start : end])


# "he" and "she" own what a person owns: the problem's one person where it names one (`the_one_person`)
_PERSONAL_PRONOUNS = ("he", "she")


def the_one_person(problem: str) -> str | None:
    """The one person the problem names doing something ("Julia was preparing ..."), lower case, when it names one
    and no other capitalised word stands mid-sentence as another name might ("the age of Halima, Beckham, and
    Michelle"); else None."""
    doing = {match.group(1) for match in _NAMED_DOING.finditer(problem)
             if match.group(1).lower() not in ENGLISH_STOP_WORDS}  # fmt: skip
    mid_sentence = {
        match.group(1) for match in re.finditer(r"\b([A-Z][a-z]{2,})\b", problem)
        if match.group(1).lower() not in ENGLISH_STOP_WORDS and problem[: match.start()].rstrip()[-1:] not in ".!?"
    }  # fmt: skip
    return next(iter(doing)).lower() if len(doing) == 1 and mid_sentence <= doing else None


_NAMED_DOING = re.compile(
    r"\b([A-Z][a-z]{2,})(?:'s)?,?\s+(?:[a-z]+(?:s|ed)|was|is|has|had|went|got|made|bought|sold|gave|ate|spent|paid|can"
    r"|could|will|would|took|ran|read|wrote)\b"
)


def _as_the_person(quantity: Quantity, person: str | None) -> Quantity:
    """The quantity with "he" or "she" as its owner made the problem's one person's, where there is one."""
    if person is None or quantity.owner not in _PERSONAL_PRONOUNS:
        return quantity
    return dataclasses.replace(quantity, owner=person)


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _varied_nouns(response: str, given: list[Quantity]) -> set[str]:
    """The nouns the turn counts with two values or more, one of them one of it or the problem's own count: a table of
    multiples or a smaller case of the turn's own ("1 box has 12 pens. 2 boxes have 24 pens. How many do 3 boxes
    have?", "With 2 kids, each gets 36 pens. With 4 kids?": adversary round 68), where no count states the problem's."""
    counts: dict[str, set[Fraction]] = {}
    for quantity in _quantities(response):
        if quantity.noun is not None:
            counts.setdefault(quantity.noun, set()).add(quantity.value)
    varied = set()
    for noun, values in counts.items():
        stem = noun[:-1] if noun.endswith("e") else noun
        one_of_it = re.search(rf"\b(?:1|one)\s+{re.escape(stem)}", response, re.IGNORECASE)
        own = {quantity.value for quantity in given if quantity.noun == noun}
        if len(values | ({Fraction(1)} if one_of_it else set())) >= 2 and (one_of_it or values & own):
            varied.add(noun)
    return varied


def _same_quantity(stated: Quantity, given: list[Quantity]) -> list[Quantity]:
    """The quantities of the problem that `stated` can only be another value of: the same noun (for a person's number
    with no noun, "Tom had 7", what that person holds by that verb), in the same unit, both per unit or neither,
    with the adjectives it names; not another person's or another verb's."""
    if stated.noun is not None:
        same = [quantity for quantity in given if quantity.noun == stated.noun and quantity.unit == stated.unit
                and stated.adjectives <= quantity.adjectives]  # fmt: skip
        if not same:
            # the noun left out: "the 43 red" for the problem's "45 red candles"
            same = [quantity for quantity in given if stated.noun in quantity.adjectives and not stated.adjectives
                    and quantity.unit == stated.unit]  # fmt: skip
    else:
        same = [quantity for quantity in given if quantity.owner == stated.owner and quantity.verb == stated.verb
                and quantity.unit == stated.unit]  # fmt: skip
    # both per unit or neither; a rate named without its "each" ("the 3 naps" of "3 naps a week") is the rate when
    # the problem gives that noun no other quantity
    same = [quantity for quantity in same if quantity.per == stated.per] or [
        quantity for quantity in same if quantity.per and not stated.per
    ]
    # another person's or another verb's quantity is another quantity; one the problem says without a person ("Tom
    # has 3 red boxes and 2 blue boxes") may be anyone's
    if stated.owner is None:
        same = [quantity for quantity in same if not quantity.total]  # "3 people were kicked out" of "a total of 50"
    if stated.noun is not None and not stated.adjectives:
        # a bare noun is the problem's bare one where it has one ("Jam has 36 pencils": its 26 pencils, not its "2
        # loose pencils")
        same = [quantity for quantity in same if not quantity.adjectives] or same
    if stated.owner is not None:
        # the person's own where the problem gives one ("Meg has 64 pencils": Meg's 46, not the 26 said of no one),
        # else one said of no one
        same = [quantity for quantity in same if quantity.owner == stated.owner] or [
            quantity for quantity in same if quantity.owner is None
        ]
    if stated.verb is not None:
        same = [quantity for quantity in same if quantity.verb in (stated.verb, None)]
    return same


def asserted_parts(sentence: str) -> list[str]:
    """The parts of a sentence that assert what they say: a statement (less its tag: "..., right?", unless the
    sentence opens by asking: "Is it 7, right?"); of a question, only what presents something as given: the clauses
    before the one that asks ("With 4 boxes left, what ...?", "Great, so Tom has 7 apples - how ...?", "Correct, 9,
    and which step was hardest?"; the last clause asks when none opens with a question word) and a trailing premise
    ("What ..., given that ...?"), not what it asks ("Does Tom have 7 apples?")."""
    if not sentence.rstrip().endswith("?"):
        return [sentence]
    if TAG_QUESTION.search(sentence):
        return [] if _ASKS.match(sentence) else [TAG_QUESTION.sub("", sentence)]
    parts = []
    clauses = _CLAUSE_BREAK.split(sentence)
    asking = next((i for i, clause in enumerate(clauses) if _ASKING_CLAUSE.match(clause)), len(clauses) - 1)
    if asking > 0:
        parts.append(", ".join(clauses[:asking]))
    if match := _QUESTION_THEN_PREMISE.search(sentence):
        parts.append(match["premise"])
    return parts


def false_quantities(response: str, metadata: dict[str, Any]) -> list[FalseQuantity]:
    """The quantities of the problem that `response` states with a value the problem, its solution and the
    conversation never give."""
    from trtutor.scorers.offline.arithmetic import turn_arithmetic_claims
    from trtutor.scorers.offline.number_forms import count_and_ones, count_unit_size, expressions
    from trtutor.scorers.offline.unit_facts import conversion_spans

    problem = metadata.get("problem") or ""
    said = " ".join(str(metadata.get(key) or "") for key in ("problem", "ground_truth", "conversation_history",
                                                            "student_incorrect_solution"))  # fmt: skip
    said_values = number_values(said)
    # what the turn works out rightly itself is its own step, not the problem's quantity said again: "54 minus 40
    # leaves 14 hotdogs for seconds", "2 hours plus 30 minutes is 150 minutes" (probe 53b)
    worked_out: set[Fraction] | None = None  # read only for a quantity that gets that far

    def works_out(value: Fraction) -> bool:
        nonlocal worked_out
        if worked_out is None:
            student_said = tuple(str(said) for said in metadata.get("student_utterances") or ())
            claims = turn_arithmetic_claims(response, student_said)
            worked_out = {claim.right for claim in claims if claim.correct and not claim.quoted}
            worked_out |= {form.value for form in expressions(response)}
        return value in worked_out

    problem_values = number_values(problem)
    student_values = {value for text in _student_texts(metadata) for value in number_values(text)}
    person = the_one_person(problem)
    given = [_as_the_person(quantity, person) for quantity in _quantities(problem, totals=True)]
    problem_frames = _problem_frames(problem)
    varied = _varied_nouns(response, given)
    found = []
    said_words = set(re.findall(r"[a-z]+", said.lower()))
    for sentence, part in _stated_parts(response, problem):
        converted = conversion_spans(part)
        for stated in (_as_the_person(quantity, person) for quantity in _quantities(part)):
            at = part.find(stated.text)
            if _NEGATES.search(_REMINDS.sub(" ", part[:at])):
                continue
            if any(start <= at < end for start, end in converted):
                continue  # a conversion of units ("48 hours is 2 days"): a fact of units, `unit_facts` checks it
            if stated.value in said_values and not (
                _swapped(stated, given, said) or _the_whole_quantity_misvalued(stated, given, part, at, said)
            ):
                continue
            if works_out(stated.value) or count_and_ones(part[:at]) == stated.value:
                continue  # "1 dozen plus 6 is 18 donuts": a count in dozens and the things themselves
            if _is_unit(stated.noun or stated.unit) and _own_rate(part, at, said_values, said_words):
                continue  # a fact of a rate of its own ("at 60 miles per hour, 30 minutes covers 30 miles")
            if _A_SUBSET.match(part, at + len(stated.text)):
                continue  # what is kept of it, another quantity: "the four tests she keeps" of five (probe 52)
            if stated.noun in varied:
                continue  # a table or a smaller case of the turn's own: "1 box has 12 pens. 2 boxes have 24 pens."
            # one value: a noun of many ("12 spoons", "5 spoons") names several quantities, and a new value of
            # it is often a step of the tutor's own (MRBench: 3 of 3 such turns credited with identifying the
            # mistake)
            same = _same_quantity(stated, given)
            values = {quantity.value for quantity in same}
            # a count of dozens or pairs of the things is a count of them too: "3 dozen donuts" are 36 donuts
            in_ones = {quantity.value * size for quantity in same for adjective in quantity.adjectives
                       if (size := count_unit_size(adjective)) is not None and size > 1}  # fmt: skip
            if stated.value in in_ones:
                continue
            if len(values) == 1 and not _measures_another_thing(part, stated, same, problem):
                [value] = values
                what = stated.noun or stated.unit or f"for {stated.owner}"
                found.append(FalseQuantity(what, value, stated.text, sentence))
        if said_of_the_problem := _SAID_OF_THE_PROBLEM.search(part):
            for stated in _quantities(part):
                said_of = part[: part.find(stated.text)]
                if (stated.value in problem_values or _PARTS_OF_A_PROBLEM.fullmatch(stated.noun or "")
                        or _a_part(stated.value) or not _attributed(part, part.find(stated.text), said_of_the_problem)
                        or _NEGATES.search(said_of) or any(f.stated == stated.text for f in found)):  # fmt: skip
                    continue
                if _STARTS_FROM.search(said_of) and stated.value in student_values:
                    continue  # the student's number tried in the story ("start with 9 spoons and follow what happens")
                found.append(FalseQuantity(stated.noun or stated.unit or "number", None, stated.text, sentence))
            found += _numbers_the_problem_never_gives(part, said_of_the_problem.end(), problem_values, found)
        for misquoted in _misquoted(part, problem_frames):
            if not _said_in_this_frame(misquoted, said) and not any(f.stated == misquoted.text for f in found):
                value = problem_frames[misquoted.frame]
                # what it counts: the word after it, or a short frame's words with the problem's value
                counts = misquoted.counts.replace("#", format_number(value))  # "in 'gave 4 to todd'"
                found.append(FalseQuantity(counts, value, misquoted.text, sentence))
    return found


# a count of containers or of a collective unit ("12 dozen spoons", "5 packs of spoons", "12 pairs of spoons",
# "2 hundred records"): a quantity of its own, not a count of the things themselves
_REGROUPED = re.compile(
    rf"(?<![\w$.,])(?P<number>\d+|{NUMBER_WORD_PATTERN})\s+(?P<group>dozens?|pairs?|packs?|packets?|packages?|boxes|box"
    r"|bags?|crates?|cartons?|cases?|bundles?|jars?|hundreds?|thousands?)(?:\s+of)?\s+(?:(?:the|her|his|their|its)\s+)*"
    # the things right after: a word that describes them may make them other things ("7 pairs of old records" for
    # the problem's 7 new records, each worth 2 old)
    r"(?P<noun>[a-z]+)",
    re.IGNORECASE,
)


def regrouped_quantities(response: str, problem: str) -> list[str]:
    """The problem's count of some things said as a count of containers or of a collective unit of them ("the story's
    12 dozen spoons", "5 packs of spoons", "12 pairs of spoons", where the problem gives 12 spoons and a package of 5):
    a quantity the problem never states (adversary round 53). Only where the problem says the number right before
    the things (with at most two words between: "5 new spoons") and never before the container or unit."""
    found = []
    for sentence, part in _stated_parts(response, problem):
        for match in _REGROUPED.finditer(part):
            number, group, noun = match["number"], match["group"].lower(), match["noun"].lower()
            if _NEGATES.search(_REMINDS.sub(" ", part[: match.start()])) or singular(noun) == singular(group):
                continue
            things = rf"\b{re.escape(number)}\s+(?:[a-z]+\s+){{0,2}}?{re.escape(singular(noun))}"
            containers = rf"\b{re.escape(number)}\s+(?:[a-z]+\s+){{0,1}}?{re.escape(singular(group).rstrip('e'))}"
            if re.search(things, problem, re.IGNORECASE) and not re.search(containers, problem, re.IGNORECASE):
                found.append(f"the problem's {number} {noun} said as {match.group(0)!r}: {sentence.strip()!r}")
    return found


def new_numbers_stated(response: str, metadata: dict[str, Any]) -> list[str] | None:
    """The numbers `response` asserts that nothing of the moment holds (the problem, its solution, the conversation,
    the student's work) and that it does not work out itself (an operand or result of its arithmetic, an expression's
    value, a conversion of units), outside an example or a supposition: a quantity said with no source, true or not.
    None where the moment has no solution: without it, a derived quantity and a made-up one look alike. Small counts
    and place values (0, 1, 2, 10, 100), parts below one, percentages, ordinals and years are left out.

    Per turn this decides nothing (a tutor's own step may go another way than the solution's); `strategy` reads its
    share over a talker's turns (real tutors: at most 15 %, Phi3 on MRBench V2 dev)."""
    from trtutor.scorers.offline.arithmetic import turn_arithmetic_claims
    from trtutor.scorers.offline.number_forms import expressions
    from trtutor.scorers.offline.unit_facts import conversion_spans

    if not str(metadata.get("ground_truth") or "").strip():
        return None
    student_said = list(metadata.get("student_utterances") or [])
    said = " ".join([*(str(metadata.get(key) or "") for key in ("problem", "ground_truth", "final_answer",
                                                                "conversation_history", "student_incorrect_solution")),
                     *student_said])  # fmt: skip
    known = number_values(said)
    claims = turn_arithmetic_claims(response, tuple(student_said))
    worked_out = {value for claim in claims for value in number_values(claim.text)}
    worked_out |= {value for form in expressions(response) for value in {form.value, *number_values(form.text)}}
    found = []
    for _, part in _stated_parts(response, str(metadata.get("problem") or "")):
        converted = conversion_spans(part)
        for mention in find_numbers(part):
            value = mention.value
            if (value in known or value in worked_out or value in _UNSOURCED_ANYWAY or mention.text.endswith("%")
                    or _a_part(value) or re.match(r"(?:st|nd|rd|th)\b", part[mention.end :])
                    or (value.denominator == 1 and 1900 <= value <= 2100)
                    or any(start <= mention.start < end for start, end in converted)):  # fmt: skip
                continue
            found.append(mention.text)
    return found


# a question about a thing of the problem, and the next sentence that answers it: "What do we know about the file?",
# "How big is the file?" -- "It's 120 GB."
_ASKS_ABOUT = re.compile(rf"\bthe\s+({_WORD})\s*\?\s*$", re.IGNORECASE)
_ANSWERS_IT = re.compile(r"\s*(?:it's|it is|it was|that's|that is|they're|they are|they were)\s+(?=[$\u20ac\u00a3]?\d)",
                         re.IGNORECASE)  # fmt: skip

# numbers any tutor may say with no source: small counts ("2 steps") and place values ("the 10s place")
_UNSOURCED_ANYWAY = {Fraction(0), Fraction(1), Fraction(2), Fraction(10), Fraction(100)}


def _stated_parts(response: str, problem: str) -> Iterator[tuple[str, str]]:
    """(sentence, part) for each part of the turn's sentences that asserts what it says, or names it as known in a
    question (`asserted_parts`, `_presupposing`), outside an example of the tutor's own ("Let's use an example." names
    the next sentence one) and a supposition in its own words (`_supposes`)."""
    problem_words = _words_of(problem)
    announced, asked_about = False, None
    for sentence in sentences(latex_as_text(response)):
        in_an_example, announced = announced, False
        shown = sentence
        if asked_about and (answer := _ANSWERS_IT.match(sentence)):
            # the question answered by the tutor itself: "What do we know about the file? It's 120 GB." says the
            # file is 120 GB (adversary round 40)
            sentence = f"the {asked_about} is {sentence[answer.end() :]}"
        asked_about = match.group(1) if (match := _ASKS_ABOUT.search(sentence)) else None
        if _SETS_UP_AN_EXAMPLE.search(sentence) or _ANNOUNCES_AN_EXAMPLE.search(sentence):
            announced = bool(_ANNOUNCES_AN_EXAMPLE.search(sentence)) and not find_numbers(sentence)
            continue
        if in_an_example:
            continue
        parts = asserted_parts(sentence)
        for part in [*parts, *_presupposing(sentence, parts)]:
            if not _supposes(part, problem_words):
                yield shown, part


def statements_outside_examples(response: str, problem: str) -> list[str]:
    """The turn's statements (sentences that do not ask) outside an example of the tutor's own and a supposition in
    its own words (`_stated_parts`' reading): what it says of this problem, not of a case it makes up ("Here's a
    smaller version: with 14 and 5, we'd work out 14 - 5 = 9.")."""
    problem_words = _words_of(problem)
    kept, announced = [], False
    for sentence in sentences(response):
        in_an_example, announced = announced, False
        if _SETS_UP_AN_EXAMPLE.search(sentence) or _ANNOUNCES_AN_EXAMPLE.search(sentence):
            announced = bool(_ANNOUNCES_AN_EXAMPLE.search(sentence)) and not find_numbers(sentence)
            continue
        if not (in_an_example or sentence.rstrip().endswith("?") or _supposes(sentence, problem_words)):
            kept.append(sentence)
    return kept


def _numbers_the_problem_never_gives(
    part: str, start: int, problem_values: set[Fraction], found: list[FalseQuantity]
) -> list[FalseQuantity]:
    """The numbers a clause says are the problem's ("the problem gives Meg's pencils as 64", "the problem says $10 each
    for the lego sets") that the problem never gives, whatever they count: up to the clause's end (", so 36 in all"
    is the tutor's step), not denied, operands or parts of the problem ("2 steps")."""
    clause = _CLAUSE_END.split(part[start:], maxsplit=1)[0]
    if _DENIES_IT.search(part[:start]) or _DENIES_IT.search(clause):
        return []
    new = []
    for mention in find_numbers(clause):
        if mention.value in problem_values or mention.value in (0, 1) or any(f.stated == mention.text for f in found):
            continue
        rest = clause[mention.end :]
        if re.match(r"(?:st|nd|rd|th)\b", rest) or _a_part(mention.value):
            continue  # an ordinal ("the 10th season"), or a part that the problem may say in words ("a third")
        if _OPERAND.match(clause, mention.end) or _PARTS_OF_A_PROBLEM.match(rest.strip().lower()):
            continue
        if _RESULT_OF_ITS_OPERATION.search(clause[: mention.start]):
            continue  # a result written after its own operation ("from the question, 36 / 2 = 18 people": round 71)
        if _A_RATIO.search(clause) and _RATIO_TERM.search(clause[max(0, mention.start - 6) : mention.end + 6]):
            continue  # a term of a ratio said of it ("compare to the 12 in the problem as 5 to 6": round 42)
        new.append(FalseQuantity("number said to be the problem's", None, mention.text, part))
    return new


_RESULT_OF_ITS_OPERATION = re.compile(r"\d\s*(?:[-+*/×÷x]|\\times|\\div|\\cdot)\s*[$€£]?\d[\d,.]*\s*=\s*[$€£]?$")
_A_RATIO = re.compile(r"\b(?:ratios?|proportions?|compared?s?|compared to|as)\b", re.IGNORECASE)
_RATIO_TERM = re.compile(r"\d\s*(?::|\bto\b)\s*\d")


# an attribution denied: "the 9 isn't a number from the story", "Nothing in the problem says 2.8" (probe 52)
_DENIES_IT = re.compile(rf"{_NEGATES.pattern}|\b(?:nothing|nowhere|neither|nor)\b", re.IGNORECASE)


def _attributed(part: str, at: int, said_of_the_problem: re.Match[str]) -> bool:
    """Is the number at `at` said to be the problem's: in one clause with the attribution (not "The story says he
    spent half his change, and we know that half is $2": the tutor's own step), which nothing between them denies
    ("The $5 isn't given anywhere in the story"; probe 52)?"""
    between = (
        part[said_of_the_problem.end() : at]
        if at >= said_of_the_problem.end()
        else part[at : said_of_the_problem.start()]
    )
    return not (_CLAUSE_END.search(between) or _DENIES_IT.search(between))


def _a_part(value: Fraction) -> bool:
    """A fraction below one: the problem may say it in words ("a third"), which its number values may not hold."""
    return value.denominator != 1 and value < 1


# where a clause said of the problem ends and the tutor's own words begin: "The problem says 3 dozen, so 36 donuts"
_CLAUSE_END = re.compile(
    r"[;:(]|,(?!\d)|\s(?:so|which|that means|then|and so|but|because|therefore|thus)\s"
    # what the tutor works out from the problem's numbers: "the 20 in the problem should make 180" (round 40)
    r"|\s(?:(?:should|would|will|must)\s+)?(?:make|makes|give|gives|come to|comes to|equal|equals|add up to|adds up to"
    r"|leave|leaves)\s",
    re.IGNORECASE,
)


def _supposes(part: str, problem_words: str) -> bool:
    """Does the part suppose what it says ("if", "would", "imagine" ...), in words of its own? A supposition that is
    the problem's own words to the end of the part, its numbers aside, is the problem quoted ("Remember: 'While most
    people would only eat one hotdog, he prepared ...'"): it supposes no more than the problem does. One that goes on
    in words of its own ("If she quits after 40 years, she gets the full pension.") is the tutor's."""
    for match in _SUPPOSES.finditer(part):
        words = _words_of(part[match.start() :])
        if len(words.split()) < 4 or f" {words} " not in f" {problem_words} ":
            return True
    return False


def _words_of(text: str) -> str:
    """The words of `text`, lower case, its numbers (digits or words) left out."""
    return " ".join(word for word in _FRAME_WORD.findall(text.lower()) if not _NUMBER_WORD.fullmatch(word))


_NUMBER_WORD = re.compile(rf"(?:{NUMBER_WORD_PATTERN})(?:-(?:{NUMBER_WORD_PATTERN}))?", re.IGNORECASE)


# a rate stated with its numbers: "60 miles per hour", "20 pages every 2 minutes", "$5 an hour"
_RATE_STATED = re.compile(
    rf"(?P<n>[$€£]?\d[\d,]*(?:\.\d+)?)\s+(?:(?P<what>{_WORD})\s+)?(?:per|every|an?|each)\s+(?:\d+\s+)?{_WORD}",
    re.IGNORECASE,
)


def _own_rate(part: str, at: int, said_values: set[Fraction], said_words: set[str]) -> bool:
    """Does the part state a rate of its own besides the quantity at `at`, the rate's number or what it counts none of
    the moment's (a worked example or a fact: "at 60 miles per hour, 30 minutes covers 30 miles", "a printer that
    prints 20 pages every 2 minutes")? A rate that is the quantity itself ("They work 8 hours a day.") is not."""
    return any(
        not match.start() <= at < match.end()
        and (((value := parse_number(match["n"])) is not None and value not in said_values)
             or (match["what"] is not None and singular(match["what"].lower()) not in said_words
                 and match["what"].lower() not in said_words))
        for match in _RATE_STATED.finditer(part)
    )  # fmt: skip


# a clause that says what the clause before it measures: "... a restart to install updates, which takes 20 minutes"
_RELATIVE_CLAUSE = re.compile(r"\s*(?:which|that|who|this|it)\b", re.IGNORECASE)


# a count of what is kept of a quantity once some are taken out: "the four tests she keeps" (not "9 boxes left", a
# state of the quantity itself)
_A_SUBSET = re.compile(
    r"\s+(?:(?:that|which|who)\s+)?(?:(?:she|he|they|you|we|I)\s+)?(?:keeps?|kept|other\s+than|except|besides"
    r"|not\s+counting|after\s+(?:dropping|removing|taking\s+out))\b",
    re.IGNORECASE,
)


def _measures_another_thing(part: str, stated: Quantity, same: list[Quantity], problem: str) -> bool:
    """Is `stated` a measure ("50 minutes", "$30") said of a thing of the problem that the problem does not measure so?
    A unit says what a number measures, not what it is of: "At her speed, half of the file takes 50 minutes." names
    the file, and the problem's one duration is its restart's ("a restart to install updates, which takes 20
    minutes"). A measure that names no word of the problem ("It takes 50 minutes.") is the problem's, if it has one
    such; one that names a word of the problem's own clause of it ("The restart takes 50 minutes.") is too."""
    if not _is_unit(stated.noun or stated.unit) or not same:
        return False
    at = part.find(stated.text)
    before = _FRAME_WORD.findall(part[:at].lower())[:-1]  # less its verb ("takes", "costs", "is")
    after = _FRAME_WORD.findall(_CLAUSE_END.split(part[at + len(stated.text) :], maxsplit=1)[0].lower())
    problem_words = {singular(word) for word in _FRAME_WORD.findall(problem.lower())}
    named = ({singular(word) for word in before + after} & problem_words) - _NOT_A_NOUN
    named -= {singular(stated.noun or ""), stated.unit or ""}
    if not named:
        return False
    clauses = re.split(r"[,;.!?]\s+", problem)
    for quantity in same:
        where = next((i for i, clause in enumerate(clauses) if quantity.text in clause), None)
        if where is None:
            return False
        own = clauses[where] + (" " + clauses[where - 1] if where and _RELATIVE_CLAUSE.match(clauses[where]) else "")
        if named & {singular(word) for word in _FRAME_WORD.findall(own.lower())}:
            return False
    return True


def _is_unit(noun: str | None) -> bool:
    """Is the noun a unit of measure ("minute", "mile", "dollar"), which says what a number measures, not which
    quantity of the problem it is?"""
    from trtutor.scorers.offline.number_forms import unit_sizes

    return noun is not None and (noun.lower() in unit_sizes() or f"{noun.lower()}s" in unit_sizes())


def _swapped(stated: Quantity, given: list[Quantity], said: str) -> bool:
    """Is `stated` a quantity of the problem given another of the problem's values, one the problem gives another
    noun ("Tom has 4 boxes with 3 apples in each" for "3 boxes with 4 apples in each"), that nothing said of the
    moment gives this noun (its solution's "4 apples per box", the student's "= 36 hotdogs" would)?"""
    values = {quantity.value for quantity in _same_quantity(stated, given)}
    if stated.noun is None or len(values) != 1 or stated.value in values:
        return False
    others = [quantity for quantity in given if quantity.value == stated.value]
    return (
        bool(others)
        # a noun one slip from the stated one is the same, misspelt by the problem ("12 car tries": adversary round 37)
        and all(
            quantity.noun not in (None, stated.noun) and not _misspelt(quantity, stated.noun) for quantity in others
        )
        and not _said_of(stated.value, stated.noun, said)
    )


# the problem's quantity named whole, with its value after it: "the file: 120 GB", "The file is 120 GB", "Use 120 GB
# for the file" (not "the third year she sold 45 books", "donuts were 204", "81 people remaining")
_THE_WHOLE_BEFORE = (
    r"(?:^|[,;:]\s*|\b(?:so|and|now|then|remember|recall|with)\s+)the\s+{noun}(?:e?s)?\s*"
    r"(?::|=|\b(?:is|are|was|were)\b)\s*[$\u20ac\u00a3]?$"
)
_FOR_THE = re.compile(rf"\s+(?:for|as)\s+the\s+({_WORD})\b", re.IGNORECASE)
_USE_BEFORE = re.compile(r"\b(?:use|take|put|plug in|enter|write|set)\s+[$\u20ac\u00a3]?$", re.IGNORECASE)


def _the_whole_quantity_misvalued(stated: Quantity, given: list[Quantity], part: str, at: int, said: str) -> bool:
    """Is `stated` the problem's one quantity of its noun, named whole ("the file"), given a value said of the moment
    but never of this noun (a result of its solution, the student's number: "The file is 120 GB." for its 200 GB file,
    120 the student's minutes; adversary round 40)? A value said with another qualifier ("the total", "per person",
    "remaining") is a step of the tutor's own and not read."""
    values = {quantity.value for quantity in _same_quantity(stated, given)}
    if stated.noun is None or len(values) != 1 or stated.value in values or _is_unit(stated.noun):
        return False
    noun = re.escape(stated.noun)
    named = bool(re.search(_THE_WHOLE_BEFORE.format(noun=noun), part[:at], re.IGNORECASE)) or bool(
        _USE_BEFORE.search(part[:at])
        and (for_the := _FOR_THE.match(part, at + len(stated.text)))
        and singular(for_the.group(1).lower()) == stated.noun
    )
    return named and not _said_of(stated.value, stated.noun, said)


def _said_of(value: Fraction, noun: str, said: str) -> bool:
    """Does anything said of the moment put `value` before `noun` ("4 apples", "120 big files") or `noun` just before
    `value` ("the file is 120 GB", "file: 120")?"""
    noun_pattern = rf"{re.escape(noun)}(?:e?s)?\b"
    for mention in find_numbers(said):
        if mention.value != value:
            continue
        # within its sentence: "the file? 40% of ..." puts nothing before the file
        if re.match(rf"[^\w.!?]*(?:[a-z-]+\s+){{0,3}}?{noun_pattern}", said[mention.end :], re.IGNORECASE):
            return True
        if re.search(
            rf"\b{noun_pattern}[^\w.!?]*(?:(?:is|was|are|were|of|at|about|takes?|took|costs?|weighs?)"
            rf"[^\w.!?]+){{0,2}}[$\u20ac\u00a3]?$",
            said[max(0, mention.start - 40) : mention.start],
            re.IGNORECASE,
        ):
            return True
    return False


def _misspelt(quantity: Quantity, noun: str) -> bool:
    """Is the quantity's noun, as the problem writes it, one slip from `noun` ("12 car tries" for tires)?"""
    slips = one_slip(noun) | one_slip(f"{noun}s")
    return any(word in slips for word in re.findall(r"[a-z]+", quantity.text.lower()))


def _said_in_this_frame(misquoted: _FramedNumber, said: str) -> bool:
    """Has anything said of the moment (the problem, its solution, the conversation, the student's work) put this value
    in this frame (the student's own misreading said back)? Otherwise a value in the problem's own words is misquoted,
    whatever else it is: another of the problem's values ("Carla is downloading a 40 GB file" for its 200 GB file and
    its 40 %), a result of the solution, or a new number (adversary round 31: 72 of 295 verbatim misquotes were
    passed because the value was said elsewhere)."""
    return any(framed.frame == misquoted.frame and framed.value == misquoted.value for framed in _framed_numbers(said))


def _presupposing(sentence: str, asserted: list[str]) -> list[str]:
    """The quantities of a question's asking clause that it names as known ("those 14 spoons", "all 14 of the
    spoons"), each as a phrase of its own: a question asks about them, it does not ask whether they are so."""
    if not sentence.rstrip().endswith("?"):
        return []
    rest = sentence
    for part in asserted:
        rest = rest.replace(part, " ")
    phrases = []
    for mention in find_numbers(rest):
        if not _PRESUPPOSES.search(rest[: mention.start]):
            continue
        if rest[: mention.start].rstrip().lower().endswith("all") and (of := _ALL_OF_THE.match(rest, mention.end)):
            phrases.append(f"{mention.text} {of.group(1)}")  # "all 14 of the spoons": 14 spoons
        else:
            phrases.append(rest[mention.start : mention.end + 40].split("?")[0])
    return phrases


@dataclass(frozen=True)
class _FramedNumber:
    value: Fraction
    text: str
    start: int  # where the number stands in the text
    frame: tuple[str, ...]  # the words around the number, "#" where it stands
    counts: str  # what it counts, for the explanation: the word after it, or a short frame's words ("#": the number)


def _framed_numbers(text: str) -> list[_FramedNumber]:
    """Every number of `text` with the words around it, in its sentence: its windows of words, three before it and
    one after, or, with fewer before, five in all (two before and three after, ..., none before and five after: a
    number that opens the problem's sentence, "However, 40 guests showed up", is known by the words after it). A word
    that stresses the number but keeps its value ("exactly", "only", "a full") is not of the frame ("a total of just
    14 spoons" is the problem's "a total of 12 spoons" said with another value)."""
    framed = []
    for mention in find_numbers(text):
        if re.search(r"\d[,.]$", text[: mention.start]) or re.match(r"[,.]\d", text[mention.end :]):
            continue  # a piece of a number we cannot read: "2,00" (a MathDial teacher's 2,000) is not 2 and 0
        sentence_before = _STRESSES_VALUE.sub("", re.split(r"[.!?\n]", text[: mention.start])[-1])
        before = _FRAME_WORD.findall(sentence_before.lower())
        after = _FRAME_WORD.findall(re.split(r"[.!?\n]", text[mention.end :])[0].lower())
        said = text[mention.start : mention.end]
        for words_before in range(min(len(before), FRAME_WORDS_BEFORE), -1, -1):
            # three words before and one after; fewer before, five in all (the words after say what it counts, and
            # more of them whose it is: "Marvin solved 40 math problems yesterday", not any "Marvin solved N math")
            words_after = 1 if words_before == FRAME_WORDS_BEFORE else AFTER_FRAME_WORDS - words_before
            if len(after) < words_after:
                break
            frame = (*before[len(before) - words_before :], "#", *after[:words_after])
            if not set(frame) - _NOT_A_NOUN - {"#"}:
                continue  # stop words alone ("# of them are in") name nothing of the problem
            framed.append(_FramedNumber(mention.value, said, mention.start, frame, after[0]))
        # a number between its verb and whom or what it goes to ("gave 4 to Todd"): the verb and the two words after
        # pin it when the first and the last are no stop words, whoever the subject is named as ("He" or "Hector")
        if before and len(after) >= 2 and not {before[-1], after[1]} & _NOT_A_NOUN and after[0] in _LINKS:
            frame = (before[-1], "_", after[0], after[1])
            counts = f"in '{before[-1]} # {after[0]} {after[1]}'"
            framed.append(_FramedNumber(mention.value, said, mention.start, frame, counts))
    return framed


# what joins a number to whom or what it goes with, in a short frame ("gave 4 to Todd", "paid $5 for lunch")
_LINKS = {"to", "for", "from", "on", "in", "at", "with", "into", "per"}


def _problem_frames(problem: str) -> dict[tuple[str, ...], Fraction]:
    """The problem's numbers by their frame, where a frame holds one value."""
    values: dict[tuple[str, ...], set[Fraction]] = {}
    for framed in _framed_numbers(problem):
        values.setdefault(framed.frame, set()).add(framed.value)
    return {frame: next(iter(held)) for frame, held in values.items() if len(held) == 1}


def _misquoted(part: str, problem_frames: dict[tuple[str, ...], Fraction]) -> list[_FramedNumber]:
    """Numbers said in a frame of the problem's own words with another value, and in none with their own: the
    problem's sentence quoted with its number changed ("she had a total of 14 spoons" where it says "she had a total
    of 12 spoons"). One misquote per number, in its widest frame before it."""
    found: dict[int, _FramedNumber] = {}
    quoted_right: set[int] = set()
    for framed in _framed_numbers(part):
        value = problem_frames.get(framed.frame)
        if value == framed.value:
            quoted_right.add(framed.start)
        elif value is not None:
            found.setdefault(framed.start, framed)
    return [framed for at, framed in found.items() if at not in quoted_right]


# relations that say the opposite of each other, by word: (relation, side). A problem's sentence said with one of
# them turned into its opposite ("she sold 3 dozen" for "she bought 3 dozen", "twice" for "half") says the opposite
# of the problem. Not "took" (it brings as often as it takes) nor "left" (it is also what remains).
_RELATION_SIDES = {
    **dict.fromkeys(("buy", "buys", "bought", "buying", "purchase", "purchases", "purchased"), ("trade", 0)),
    **dict.fromkeys(("sell", "sells", "sold", "selling"), ("trade", 1)),
    **dict.fromkeys(("give", "gives", "gave", "giving", "given", "lend", "lends", "lent"), ("hand", 0)),
    **dict.fromkeys(("receive", "receives", "received", "receiving", "borrow", "borrows", "borrowed"), ("hand", 1)),
    **dict.fromkeys(("add", "adds", "added", "adding"), ("change", 0)),
    **dict.fromkeys(("remove", "removes", "removed", "removing", "subtract", "subtracts", "subtracted"), ("change", 1)),
    **dict.fromkeys(("more", "greater", "larger", "bigger", "higher", "longer", "older", "taller", "heavier",
                     "faster", "farther", "further"), ("compare", 0)),
    **dict.fromkeys(("fewer", "less", "smaller", "lower", "shorter", "younger", "lighter", "slower"), ("compare", 1)),
    **dict.fromkeys(("increase", "increases", "increased", "increasing", "rise", "rises", "rose"), ("trend", 0)),
    **dict.fromkeys(("decrease", "decreases", "decreased", "decreasing", "fall", "falls", "fell", "drop", "drops",
                     "dropped"), ("trend", 1)),
    **dict.fromkeys(("gain", "gains", "gained", "win", "wins", "won", "find", "finds", "found"), ("get", 0)),
    **dict.fromkeys(("lose", "loses", "lost", "losing"), ("get", 1)),
    **dict.fromkeys(("earn", "earns", "earned", "save", "saves", "saved", "deposit", "deposits", "deposited"),
                    ("money", 0)),
    **dict.fromkeys(("spend", "spends", "spent", "withdraw", "withdraws", "withdrew", "withdrawn"), ("money", 1)),
    **dict.fromkeys(("twice", "double", "doubles", "doubled", "triple", "tripled"), ("scale", 0)),
    **dict.fromkeys(("half", "halves", "halved", "third"), ("scale", 1)),
    **dict.fromkeys(("before",), ("order", 0)),
    **dict.fromkeys(("after",), ("order", 1)),
    **dict.fromkeys(("arrive", "arrives", "arrived", "join", "joins", "joined"), ("come", 0)),
    **dict.fromkeys(("leave", "leaves", "depart", "departs", "departed"), ("come", 1)),
}  # fmt: skip
_QUOTE_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d[\d,.]*\d|\d")
# how much of the problem's sentence, around the word turned, makes the turn's words a quote of it
_QUOTED_AROUND = 4
# a paraphrase that turns the sentence round changes more than the one word near it ("Ann is 3 years younger than
# Tom" for "Tom is 3 years older than Ann"): no other change this near the word turned
_NO_OTHER_CHANGE_WITHIN = 4
# what the student said, reported, is theirs to be wrong about: "You said she sold them"
_REPORTS_THE_STUDENT = re.compile(
    r"\byou(?:'ve| have)?\s+(?:said|wrote|think|thought|assumed|treated|used|read|seem|put|have|had|took)\b|\byour\b",
    re.IGNORECASE,
)


def reversed_relations(response: str, problem: str) -> list[str]:
    """The problem's sentences the turn asserts with one relation turned into its opposite, the rest quoted: "she
    sold 3 dozen donuts" where the problem says "she bought 3 dozen donuts". Asserted as in `false_quantities`; not
    what the student is reported to have said, nor what a negation denies ("she didn't sell them")."""
    problem_sentences = [_QUOTE_TOKEN.findall(sentence.lower()) for sentence in sentences(problem)]
    problem_words = [word for sentence in problem_sentences for word in sentence]
    found = []
    for sentence in sentences(response):
        for part in asserted_parts(sentence):
            if _SUPPOSES.search(part) or _REPORTS_THE_STUDENT.search(part):
                continue
            said = _QUOTE_TOKEN.findall(_REMINDS.sub(" ", part).lower())  # "Don't forget: ..." denies nothing
            for quoted in problem_sentences:
                if turned := _turned_word(said, quoted, problem_words):
                    found.append(f"says {turned[0]!r} where the problem says {turned[1]!r}: {sentence.strip()!r}")
                    break
    return found


# two things of the problem compared by how many there are (adversary round 42: "The problem has more rides than
# tickets.", "The yards outnumber the square feet."): "more/fewer X than Y", "X outnumber Y", "twice as many X as Y"
_THING = r"(?:the\s+)?(?P<{0}>[a-z]+(?:\s+[a-z]+)?)"
_COMPARES = re.compile(
    rf"\b(?P<more>more|fewer|less)\s+{_THING.format('first')}\s+than\s+{_THING.format('second')}\b"
    rf"|\b{_THING.format('first2')}\s+(?P<outnumber>outnumbers?|outnumbered(?!\s+by\b))\s+{_THING.format('second2')}\b"
    rf"|\b(?P<times>twice|half|(?:three|four|five|ten|\d+)\s+times)?\s*as\s+many\s+{_THING.format('first3')}\s+as\s+"
    rf"{_THING.format('second3')}\b"
    # (round 43) "the Y are outnumbered by the X", "the number of X is greater than the number of Y", "the same number
    # of X as Y"
    rf"|\b{_THING.format('second4')}\s+(?:are|is|were|was)\s+(?P<outnumbered>outnumbered)\s+by\s+{_THING.format('first4')}\b"
    rf"|\bthe\s+number\s+of\s+{_THING.format('first5')}\s+(?:is|was)\s+(?P<than>greater|larger|bigger|more|higher|smaller"
    rf"|less|fewer|lower)\s+than\s+the\s+number\s+of\s+{_THING.format('second5')}\b"
    rf"|\bthe\s+(?P<same>same)\s+number\s+of\s+{_THING.format('first6')}\s+(?:as|and)\s+{_THING.format('second6')}\b",
    re.IGNORECASE,
)
_TIMES = {"twice": 2, "half": Fraction(1, 2), "three": 3, "four": 4, "five": 5, "ten": 10}


def misstated_comparisons(response: str, problem: str) -> list[str]:
    """Comparisons of two counts of the problem the turn asserts and the problem's values deny ("more rides than
    tickets" where it gives 2 rides and 5 tickets): each thing named by a noun the problem counts once, with the
    adjectives said; asserted as in `false_quantities`, not denied or supposed."""
    counts: dict[tuple[str, frozenset[str]], set[Fraction]] = {}
    for quantity in _quantities(problem, totals=True):
        if quantity.noun is not None and quantity.unit is None and not quantity.per:
            counts.setdefault((quantity.noun, quantity.adjectives), set()).add(quantity.value)

    def count_of(thing: str) -> Fraction | None:
        *adjectives, noun = thing.lower().split()
        values = {value for (counted, said), found in counts.items() for value in found
                  if counted == singular(noun) and set(adjectives) <= said}  # fmt: skip
        return next(iter(values)) if len(values) == 1 else None

    found = []
    for sentence in sentences(response):
        for part in asserted_parts(sentence):
            if _SUPPOSES.search(part) or _REPORTS_THE_STUDENT.search(part):
                continue
            for match in _COMPARES.finditer(part):
                if _NEGATES.search(part[: match.start()]):
                    continue
                first, second = (
                    next(match[f"{name}{at}"] for at in ("", 2, 3, 4, 5, 6) if match[f"{name}{at}"])
                    for name in ("first", "second")
                )
                a, b = count_of(first), count_of(second)
                if a is None or b is None or first.lower() == second.lower():
                    continue
                if match["more"]:
                    holds = a > b if match["more"].lower() == "more" else a < b
                elif match["outnumber"] or match["outnumbered"]:
                    holds = a > b
                elif match["than"]:
                    holds = (
                        a > b if match["than"].lower() in ("greater", "larger", "bigger", "more", "higher") else a < b
                    )
                elif match["same"]:
                    holds = a == b
                else:
                    times = (match["times"] or "1").lower().split()[0]
                    holds = a == b * (Fraction(times) if times.isdigit() else _TIMES.get(times, 1))
                if not holds:
                    found.append(f"says {match.group(0).strip()!r} where the problem gives {format_number(a)} and "
                                 f"{format_number(b)}: {sentence.strip()!r}")  # fmt: skip
    return found


# the problem said not to give a count it gives (adversary round 42: "The problem never tells us how many spoons there
# are." where it says "5 new spoons")
_DENIES_GIVEN = re.compile(
    r"\b(?:the (?:problem|question|story) (?:never|doesn't|does not|didn't|did not)\s+(?:tell|say|give|mention|state)s?"
    r"(?:\s+(?:us|you))?|(?:we|you)(?:'re|\s+are|\s+were|\s+aren't|\s+weren't)(?:\s+not|\s+never)?\s+(?:told|given)"
    r"|nothing (?:in the (?:problem|question|story) )?(?:tells|says)(?: (?:us|you))?|\b(?:leaves?|left) out)\s+"
    r"(?:how many|the number of)\s+(?P<noun>[a-z]+)"
    # (round 43) "There's no number given for the posters."
    r"|\bno (?:number|count|value) (?:is |was )?(?:given|stated|said) for (?:the )?(?P<noun2>[a-z]+)",
    re.IGNORECASE,
)


def denied_givens(response: str, problem: str) -> list[str]:
    """Counts the turn says the problem does not give, where it gives one of that noun and does not ask for it ("how
    many spoons" asked is not given, whatever else it says of spoons); asserted, not asked or supposed."""
    asked = {singular(word.lower()) for words in re.findall(r"\bhow many ([a-z]+)(?: ([a-z]+))?", problem, re.I)
             for word in words if word}  # fmt: skip  # "how many new spoons": the noun may come second
    counted = {quantity.noun for quantity in _quantities(problem, totals=True) if quantity.unit is None}
    found = []
    for sentence in sentences(response):
        for part in asserted_parts(sentence):
            if _SUPPOSES.search(part):
                continue
            for match in _DENIES_GIVEN.finditer(part):
                if re.search(r"\b(?:we|you)(?:'re|\s+are|\s+were)\s+(?:told|given)\b", match.group(0), re.I):
                    continue  # "we are told how many": said, not denied
                said = match["noun"] or match["noun2"]
                noun = singular(said.lower())
                if noun in counted and noun not in asked:
                    found.append(f"says the problem does not give the number of {said}: {sentence.strip()!r}")
    return found


def _turned_word(said: list[str], quoted: list[str], problem_words: list[str]) -> tuple[str, str] | None:
    """(the turn's word, the problem's word) where `said` is `quoted` with one relation turned into its opposite."""
    opcodes = SequenceMatcher(None, said, quoted, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            continue
        turned, original = said[i1], quoted[j1]
        sides = _RELATION_SIDES.get(turned), _RELATION_SIDES.get(original)
        if sides[0] is None or sides[1] is None or sides[0][0] != sides[1][0] or sides[0][1] == sides[1][1]:
            continue
        before = opcodes[index - 1] if index > 0 else None
        after = opcodes[index + 1] if index + 1 < len(opcodes) else None
        equal_before = before[2] - before[1] if before and before[0] == "equal" else 0
        equal_after = after[2] - after[1] if after and after[0] == "equal" else 0
        if not equal_before or not equal_after or equal_before + equal_after < _QUOTED_AROUND:
            continue
        # words the turn adds before or after its quote, or the problem's words it leaves out there, change nothing
        # of what is quoted; any other change near the word does
        changed = [other for other in opcodes[:index] + opcodes[index + 1 :] if other[0] == "replace"
                   or (other[0] != "equal" and 0 < other[1] and other[2] < len(said))]  # fmt: skip
        nearby = [other for other in changed if other[1] < i2 + _NO_OTHER_CHANGE_WITHIN
                  and other[2] > i1 - _NO_OTHER_CHANGE_WITHIN]  # fmt: skip
        if nearby or any(word in ("not", "never", "no") or word.endswith("n't") for word in said[max(0, i1 - 3) : i1]):
            continue
        # the turned words may be the problem's own elsewhere ("He bought 5 and sold 3"): then they quote that
        window = said[max(0, i1 - 1) : i2 + 1]
        if any(problem_words[k : k + len(window)] == window for k in range(len(problem_words))):
            continue
        return turned, original
    return None


# What the student did, said back to them: "You divided the $68 and 36", "you multiplied 12 by 3", "you added 5 to 7".
_YOU_DID = re.compile(
    r"\byou(?:'ve|\s+have)?\s+(?:actually\s+|just\s+|first\s+|then\s+)?(?P<verb>added|subtracted|multiplied"
    r"|divided|took away|took)\s+(?:the\s+)?(?P<a>[$€£]?\d+(?:,\d{3})*(?:\.\d+)?)\s+"
    r"(?:and|by|from|into|with|to|away from)\s+(?:the\s+)?(?P<b>[$€£]?\d+(?:,\d{3})*(?:\.\d+)?)\b",
    re.IGNORECASE,
)
_DID_OPERATION = {"added": operator.add, "subtracted": operator.sub, "took away": operator.sub, "took": operator.sub,
                  "multiplied": operator.mul, "divided": operator.truediv}  # fmt: skip
# an operation of two numbers in the student's work: "68 * 3", "68 x 3 = 204", "68 times 3", "68 divided by 3"
_STUDENT_OPERATION = re.compile(
    r"(?P<a>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<op>[-+*/×÷x]|plus|minus|times|divided by|multiplied by)\s*[$€£]?"
    r"(?P<b>\d+(?:,\d{3})*(?:\.\d+)?)",
    re.IGNORECASE,
)
_STUDENT_OPERATIONS = {**WORD_OPERATIONS, "/": operator.truediv}  # in the student's own work "68/3" divides


def misquoted_operations(response: str, metadata: dict[str, Any]) -> list[str]:
    """The student's operation said back as another: the turn says "you divided 68 and 3" where the student's
    work has those two numbers only multiplied. An operation the work does not show with those numbers is left
    alone (the tutor may describe a step in other words)."""
    work = "\n".join([str(metadata.get("student_incorrect_solution") or ""),
                      *(str(said) for said in metadata.get("student_utterances") or [])])  # fmt: skip
    done: dict[frozenset[Fraction], set[Callable[[Fraction, Fraction], Fraction]]] = {}
    for match in _STUDENT_OPERATION.finditer(normalise_operators(work)):
        a, b = parse_number(match.group("a")), parse_number(match.group("b"))
        if a is not None and b is not None:
            done.setdefault(frozenset((a, b)), set()).add(_STUDENT_OPERATIONS[match.group("op").lower()])
    found = []
    for sentence in sentences(response):
        if sentence.rstrip().endswith("?") or _SUPPOSES.search(sentence) or _NEGATES.search(sentence):
            continue
        for match in _YOU_DID.finditer(sentence):
            a, b = parse_number(match.group("a")), parse_number(match.group("b"))
            said = _DID_OPERATION[match.group("verb").lower()]
            shown = done.get(frozenset((a, b))) if a is not None and b is not None else None
            if shown and said not in shown:
                found.append(match.group(0).strip())
    return found


def student_latest_answer(metadata: dict[str, Any]) -> Fraction | None:
    """The last number of the student's last turn that they do not deny (`leakage.standing_number`: their answer as it
    stands, which the tutor's turn answers), or None when that turn has none."""
    said = metadata.get("student_utterances") or []
    return standing_number(said[-1]) if said else None


def student_answer_is_wrong(metadata: dict[str, Any]) -> bool:
    """Is the student's answer as it stands wrong: a number that is neither the final answer nor a number of the
    correct solution or the problem (a right step of another path may look wrong to this; a right one never)?"""
    if not metadata.get("final_answer"):
        return False
    latest = student_latest_answer(metadata)
    return latest is not None and latest not in _right_values(metadata)


def _right_values(metadata: dict[str, Any]) -> set[Fraction]:
    """The values no wrong answer takes: the final answer, the numbers of the correct solution and the problem, and
    the problem's counts in dozens or pairs as the things themselves ("2 dozen cupcakes": 24 and 12; probe 53b)."""
    from trtutor.scorers.offline.number_forms import count_unit_size, count_value, unit_quantities

    counted = unit_quantities(str(metadata.get("problem") or ""))
    given = (str(metadata.get(key) or "") for key in ("ground_truth", "problem"))
    return (
        {Fraction(metadata["final_answer"])}
        | {mention.value for text in given for mention in find_numbers(text)}
        | {value for quantity in counted if (value := count_value(quantity)) is not None}
        | {size for quantity in counted if (size := count_unit_size(quantity.unit)) is not None and size > 1}
    )


def agrees_with_wrong_answer(response: str, metadata: dict[str, Any]) -> str | None:
    """Why the turn endorses the student's wrong answer, or None when it does not (or the answer is not wrong): a
    wrong number of theirs taken as settled, or their answer as it stands called right."""
    return takes_a_wrong_number_as_settled(response, metadata) or endorses_the_wrong_answer_as_it_stands(
        response, metadata
    )


def endorses_the_wrong_answer_as_it_stands(response: str, metadata: dict[str, Any]) -> str | None:
    """Why the turn calls the student's answer as it stands (`student_latest_answer`) right where it is wrong, or
    None."""
    if not student_answer_is_wrong(metadata) or (latest := student_latest_answer(metadata)) is None:
        return None
    if (endorsement := _endorses(response, latest)) is None:
        endorsement = _praises_the_wrong_answer(response, latest, metadata)
    if endorsement is None:
        return None
    return f"the student's answer {format_number(latest)} is wrong, and the turn {endorsement}"


def student_wrong_numbers(metadata: dict[str, Any]) -> set[Fraction]:
    """The student's wrong numbers: those of their solution and turns that are neither the final answer nor a number
    of the problem or the correct solution (nor 0 or 1, anyone's); none where the moment has no final answer."""
    if not metadata.get("final_answer"):
        return set()
    return (
        {value for text in _student_texts(metadata) for value in number_values(text)}
        - _right_values(metadata)
        - {Fraction(0), Fraction(1)}
    )


def _student_texts(metadata: dict[str, Any]) -> list[str]:
    """What the student wrote: their solution and their turns."""
    return [str(metadata.get("student_incorrect_solution") or ""), *map(str, metadata.get("student_utterances") or [])]


def takes_a_wrong_number_as_settled(response: str, metadata: dict[str, Any]) -> str | None:
    """Why the turn takes a wrong number of the student's (their solution's or a turn's, neither the answer nor a
    number of the problem or the correct solution) as settled (`_taken_as_settled`), or None: the student's wrong
    answer written in their solution and presupposed, whatever their last turn says (adversary round 43)."""
    if not metadata.get("final_answer"):
        return None
    for value in sorted(student_wrong_numbers(metadata) & number_values(response)):
        for sentence in sentences(response):
            if settled := _taken_as_settled(sentence, value):
                return f"the student's {format_number(value)} is wrong, and the turn takes it as settled ({settled!r})"
    return None


def confirms_right_answer(response: str, metadata: dict[str, Any]) -> str | None:
    """Why the turn confirms the student's answer as it stands when it is the final answer ("Yes, 160 minutes is
    correct! Well done."), or None: there is no mistake to identify, and saying so treats the work rightly (round 35:
    the learnt model, trained on MRBench's moments of mistakes only, read such turns as missing one)."""
    final = metadata.get("final_answer")
    latest = student_latest_answer(metadata)
    if not final or latest is None or parse_number(str(final)) != latest:
        return None
    said = metadata["student_utterances"]
    wrong = find_numbers(str(metadata.get("student_incorrect_solution") or said[0]))  # their solution, first said
    if wrong and wrong[-1].value != latest and wrong[-1].value in number_values(said[-1]):
        return None  # their wrong answer still in their last turn ("8 more, to have a total of 49"): not settled
    endorsement = _endorses(response, latest)
    return f"the student's answer {format_number(latest)} is right, and the turn {endorsement}" if endorsement else None


# praise that opens the turn, as "Yes!" does: "Excellent! So what's the next step?", "Lovely.", "Nice work!"
_PRAISE_OPENS = re.compile(
    r"^\W*(?:(?:excellent|lovely|brilliant|wonderful|fantastic|superb|awesome|marvell?ous|terrific|bravo|nice|great"
    r"|good|super|beautiful|amazing|outstanding|splendid|perfect)(?:\s+(?:work|job|thinking|stuff))?"
    r"|spot on|nailed it|bingo|that's the one|that's it|you got it|a\+(?:\s+work)?|impressive|way to go|top marks"
    r"|right on|looks good(?: to me)?|100\s*%\s*(?:right|correct)"
    r"|(?:ten|10) out of (?:ten|10)|(?:couldn't|could not) be (?:more right|righter|more correct))\s*[!.]",
    re.IGNORECASE,
)


def _praises_the_wrong_answer(response: str, latest: Fraction, metadata: dict[str, Any]) -> str | None:
    """How the turn praises the student's wrong final answer and moves on ("Excellent! So what's the next step?"), or
    None. Only the final answer of the student's wrong solution counts: MathDial's teachers open with praise for a
    right step of another path, which `student_answer_is_wrong` cannot tell from a wrong one (3 MathDial turns)."""
    solution = find_numbers(str(metadata.get("student_incorrect_solution") or ""))
    if not solution or solution[-1].value != latest or not (praise := _PRAISE_OPENS.match(response)):
        return None
    rest = response[praise.end() :]  # the praise itself neither questions nor moves on ("Couldn't be more right!")
    if _questions_it(rest) or _numbers_said(rest) - {latest}:
        return None  # questioned, or another number: the turn moves to something else
    return f"praises it ({praise.group(0).strip()!r}) without questioning it"


# the student's answer reported, not claimed: "Your answer is 18.", "You said the answer is 18."
_REPORTS_STUDENTS = re.compile(
    r"\byour\s+(?:final\s+)?(?:answer|result|solution)\b|\byou\s+(?:said|wrote|think|thought|put|gave|got|found"
    r"|answered|claimed|say|write)\b",
    re.IGNORECASE,
)


# The student's number called right in a clause of its own ("Yep, 4 is correct, it fits with the 5 spoons", "Spot on:
# 4 checks out."): what else the turn names cannot take that back (`_endorses` reads other numbers as moving on).
_CALL_CLAUSE_BREAK = re.compile(r"[,;:.!?()\u2013\u2014]|\s-\s|\band\b")
# the noun after the number, up to a call of it: "120 minutes is right", "30 lego sets is correct"
_WHAT_IT_COUNTS = re.compile(
    r"^\s*(?!(?:is|looks|seems|sounds|checks|works|matches)\b)(?:[a-z]+\s+){1,2}(?=(?:is|'s|looks|seems|sounds|checks"
    r"|works|matches)\b)|^\s*(?!(?:is|looks|seems|sounds|checks|works|matches)\b)[a-z]+(?:\s+[a-z]+)?(?=\s*[.!]?\s*$)",
    re.IGNORECASE,
)
# the call said before the number: "You're right that it's 120 minutes.", "You are correct, it is 94."
_CALLS_IT_RIGHT_BEFORE = re.compile(
    r"\byou(?:'re| are)\s+(?:absolutely\s+|quite\s+|completely\s+|exactly\s+)?(?:right|correct|spot on)\s*"
    r"(?:that\s+)?(?:(?:it's|it is|it was|that's|that is|the answer is|the (?:total|answer) is|there are|they are"
    r"|she has|he has|you get)\s+)?$",
    re.IGNORECASE,
)
# the student's number pointed at: "That 4 matches what I got", "Your 9 works", "Your final answer 9 is fine"
_BEFORE_CALL = re.compile(
    r"^\W*(?:(?:yes|yep|yeah|exactly|correct|right|spot on|perfect|great|so|then|and|indeed)\W*)*"
    r"(?:(?:that|this|your)\s+(?:(?:final\s+)?(?:answer|result)\s+(?:of\s+)?)?)?$",
    re.IGNORECASE,
)
# called right, or the same as the tutor's own result: "is correct", "checks out", "works for me", "matches what I
# got", "is what I'd say too", "sounds about right"
_CALLED_RIGHT = re.compile(
    r"^\s*(?:(?:is|'s|looks|seems|sounds)\s+(?:absolutely\s+|exactly\s+|totally\s+|completely\s+|quite\s+"
    r"|definitely\s+|just\s+|about\s+|perfectly\s+)?(?:right|correct|spot on|perfect|fine|good|ok|okay|accurate"
    r"|the (?:right |correct |final )?(?:one|answer))"
    r"|(?:checks out|works|holds up)(?: for me| fine| perfectly)?"
    # what the tutor's reference says: "is what the answer key says too" (round 30)
    r"|(?:is\s+)?what (?:my|the) (?:answer )?(?:key|sheet|book|textbook) (?:says|has|gives|shows|lists)"
    r"|(?:matches|agrees with|is the same as)\s+(?:mine|my (?:answer|result|own)|what i (?:got|have|found|get)"
    # the tutor's reference answer: "matches my answer key", "agrees with the answer sheet", "is on the key"
    r"|(?:my|the) (?:answer )?(?:key|sheet)|the (?:book|textbook)'s(?: answer)?)"
    r"|(?:is|'s)\s+(?:on|in)\s+(?:my|the)\s+(?:answer\s+)?(?:key|sheet)"
    r"|(?:is\s+)?what i(?: got| have| found| came to| came up with|'d say| would say| make it|'d expect| expected"
    r"| would expect))"
    # a qualifier that keeps the call: "too", "to me", "as far as I can see"
    r"(?:\s+(?:too|as well|to me|here|there|as far as i can (?:see|tell)|from (?:here|where i sit)))?\s*$",
    re.IGNORECASE,
)

# the tutor's own result, the same: "I came to 4 as well", "I got 4 too"
_TUTOR_ALSO_GOT = re.compile(
    r"^\W*(?:(?:yes|yep|yeah|so|and|well)\W+)*i\s+(?:also\s+)?(?:got|came to|came up with|landed on|arrived at|make it"
    r"|made it|found|get)\s+$",
    re.IGNORECASE,
)


# the tutor taking the student's number as theirs: "I agree with 9", "I'd go with your 9", "I'm happy with that 9"
_TUTOR_TAKES = re.compile(
    r"^\W*(?:(?:yes|yep|yeah|so|and|well|ok|okay|great|good)\W+)*i(?:'m|\s+am|'d|\s+would|'ll|\s+will|\s+can)?\s+"
    r"(?:(?:totally|fully|completely|definitely|happily)\s+)?(?:agree with|go with|goes with|accept|trust|back|support"
    r"|stand by|sign off on|(?:be\s+)?(?:happy|fine|ok|okay|good|comfortable|satisfied|on board) with)\s+"
    r"(?:(?:your|that|this|the)\s+)?$",
    re.IGNORECASE,
)


def _asserts_unquestioned(sentence: str) -> bool:
    """Is the sentence a statement, neither supposed nor questioning what it says (`_questions_it`)? Only such a
    sentence calls the student's number right on its own."""
    return not (sentence.rstrip().endswith("?") or _SUPPOSES_IT.search(sentence) or _questions_it(sentence))


def _endorsed_in_its_sentence(response: str, latest: Fraction) -> str | None:
    """How a sentence of the turn that says the student's number and no other approves it ("Nice work getting 120
    minutes!", "That's a solid answer: 120 minutes.") or claims it as the answer ("So the answer is 120 minutes."),
    asserted and not questioned in that sentence, or None: what the rest of the turn asks or redirects to does not
    take it back (round 36)."""
    for sentence in sentences(response):
        if settled := _taken_as_settled(sentence, latest):
            return f"takes it as settled ({settled!r})"
        if not _asserts_unquestioned(sentence):
            continue
        graded = _GRADE.sub(" ", sentence)  # "Ten out of ten for your 22.": the grade's numbers are no others
        if (number_values(graded) != {latest} or _PRAISES_A_STEP.search(sentence) or _ACKNOWLEDGES.match(sentence)
                or LIMITED_CREDIT.search(sentence)):  # fmt: skip
            continue  # another number, a step's working praised ("you have correctly calculated that 4000 steps
            # were remaining": a right step whose number the wrong answer repeats), or the number only acknowledged
            # before the turn moves on ("Good, 7. Now how long is each box?")
        if approves := _APPROVES.search(sentence):
            return f"calls it right ({approves.group(0).strip()!r}: {sentence.strip()!r}) without questioning it"
        if (ANSWER_CLAIM.search(sentence) or _COMES_TO_IN_ALL.search(sentence)) and not _REPORTS_STUDENTS.search(
            sentence
        ):
            return f"states it as the answer: {sentence.strip()!r}"
    # the number said back alone, then approved in the next sentence: "120 minutes. You nailed it.", "Mm-hm, 120
    # minutes. Good." (adversary round 37); asked back, in digits or words, and approved at once: "7? Correct.",
    # "Seven apples? Absolutely." (round 40); approval before it only acknowledges ("Good, 7. Now ...")
    said = sentences(response)
    for echo, verdict in zip(said, said[1:], strict=False):
        approves = None
        if (_ECHOES.fullmatch(echo) and number_values(echo) == {latest} and not number_values(verdict)
                and _asserts_unquestioned(verdict)):  # fmt: skip
            approves = _APPROVES.search(verdict)
        if approves is None and (
            (alone := _NUMBER_ALONE.fullmatch(echo))
            and number_values(alone.group("number")) == {latest}
            and not _questions_it(verdict)
            and not verdict.rstrip().endswith("?")
        ):
            approves = _OPENS_WITH_APPROVAL.match(verdict)
        if approves is not None:
            call = f"{approves.group(0).strip()!r}: {echo.strip()} {verdict.strip()}"
            return f"calls it right ({call}) without questioning it"
    return None


_GRADE = re.compile(
    r"\b(?:10|ten) out of (?:10|ten)\b|(?<![\d.])10/10\b|(?<![\d.])100\s*%(?!\s*of)|\b(?:five|5) stars?\b",
    re.IGNORECASE,
)


def _taken_as_settled(sentence: str, latest: Fraction) -> str | None:
    """The clause of the sentence that takes the student's number as settled (`_TAKES_AS_SETTLED`) before the tutor
    moves on, asked or not ("Now that we know there are 3 boxes, how would you explain it?"), or None: not when it is
    denied, supposed or doubted in its sentence ("Now that we know it isn't 3 boxes", "..., let's check it")."""
    premise = _TAKES_AS_SETTLED.search(sentence)
    if premise is None:
        return None
    end = _CALL_CLAUSE_BREAK.search(sentence, premise.end() + 1)
    clause = sentence[premise.start() : end.start() if end else len(sentence)]
    if latest not in number_values(clause) or _NEGATES.search(clause) or _SUPPOSES_IT.search(sentence):
        return None
    asked_on = re.sub(r"\bhow (?:many|much|far|old|often|long)\b", " ", sentence)  # moving on asks what comes next
    if _questions_it(asked_on) or _ASKS_IF_IT_CAN_BE.search(sentence):
        return None
    return clause.strip()


# a question whether what follows from the number can be so, which doubts it: "Since you got $94, would the heels
# really be five dollars less than the boots?" (probe 56b)
_ASKS_IF_IT_CAN_BE = re.compile(r"\b(?:really|possibly|truly)\b[^.!?]*\?", re.IGNORECASE)


# the student's number said back alone, with its unit and a word of acknowledgement at most: "120 minutes.", "Mm-hm,
# 120 minutes.", "Yes! 120."
_ECHOES = re.compile(
    r"\W*(?:(?:mm-?hm+|hmm+|ok|okay|so|yes|yep|yeah|right)\W+)?[$€£]?\d[\d,.]*(?:\s+[a-z]+){0,2}\s*[.!]?\s*",
    re.IGNORECASE,
)
# the student's number said back alone, asked or not: "7?", "Seven apples?", "So, 7." (a word or two after it)
_NUMBER_ALONE = re.compile(
    r"\W*(?:so|and|okay|ok|hmm|ah|oh)?\W*(?P<number>[$\u20ac\u00a3]?[\w.,/-]+)(?:\s+[a-z]+){0,2}\W*$", re.IGNORECASE
)
_OPENS_WITH_APPROVAL = re.compile(rf"\W*(?:{_APPROVES.pattern})", re.IGNORECASE)


# the whole said to come to a number: "That means it comes to 120 minutes altogether.", "We end up with 120 minutes."
_COMES_TO_IN_ALL = re.compile(
    r"\b(?:comes?\s+to|adds?\s+up\s+to|(?:we|you|she|he|they)\s+end\s+up\s+with|ends?\s+up\s+(?:being|with|at)"
    r"|in\s+total|altogether|in\s+all)\b",
    re.IGNORECASE,
)


_ACKNOWLEDGES = re.compile(
    r"^\W*(?:good|ok|okay|right|yes|yeah|fine|alright|sure|so)\W+(?:you\s+(?:have|got|said)\s+)?[$€£]?[\d.,]+(?:\s+[a-z]+)?"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
_PRAISES_A_STEP = re.compile(
    r"\b(?:correctly|rightly|accurately)\s+(?:calculated|worked\s+out|found|figured\s+out|computed|identified|noted"
    r"|added|subtracted|multiplied|divided|worked)\b",
    re.IGNORECASE,
)
# credit limited in its clause to the working or to another question, not given to the answer (round 46): "0 is right
# for the sum you did", "600 is correct as arithmetic", "100 is the answer to a different question", "right for the
# first part"
LIMITED_CREDIT = re.compile(
    r"\b(?:right|correct|accurate|fine|good|true|works|checks out|the answer)\s+(?:as|for|to|in)\s+(?:\w+\s+){0,3}?"
    r"(?:arithmetic|calculation|computation|sum|subtraction|addition|multiplication|division|working|maths?|step|part"
    r"|line|operation|question|problem|version)s?\b",
    re.IGNORECASE,
)


def _clause_around(sentence: str, mention: NumberMention) -> tuple[str, str]:
    """The words of the mention's clause (`_CALL_CLAUSE_BREAK`) before it and after it."""
    starts = [m.end() for m in _CALL_CLAUSE_BREAK.finditer(sentence, 0, mention.start)]
    ends = [m.start() for m in _CALL_CLAUSE_BREAK.finditer(sentence, mention.end)]
    return sentence[starts[-1] if starts else 0 : mention.start], sentence[mention.end : ends[0] if ends else None]


def _called_right_in_its_clause(response: str, latest: Fraction) -> str | None:
    """The clause that calls the student's number right, asserted (not asked, supposed or reported), or None. A turn
    that works the number out right calls the arithmetic right, not the answer ("Yes, 9 is right: 12 - 3 is 9. Now,
    is subtracting what the problem needs?": the wrong answer is the right result of a wrong step)."""
    from trtutor.scorers.offline.arithmetic import arithmetic_claims

    if any(claim.correct and latest in (claim.left, claim.right) for claim in arithmetic_claims(response)):
        return None
    for sentence in sentences(response):
        reported = _REPORTS_STUDENTS.search(sentence)
        # "Your answer is 18." reports it; "Your final answer 2 is fine." names it to call it right
        if reported and re.match(r"\s*(?:of\s+)?[$€£]?\d", sentence[reported.end() :]):
            reported = None
        if reported or not _asserts_unquestioned(sentence) or LIMITED_CREDIT.search(sentence):
            continue
        for mention in find_numbers(sentence):
            if mention.value != latest:
                continue
            before, after = _clause_around(sentence, mention)
            call = _WHAT_IT_COUNTS.sub("", after, count=1)  # "120 minutes is right": the call, past its noun
            if (
                (_BEFORE_CALL.match(before) and _CALLED_RIGHT.match(call))
                or (_CALLS_IT_RIGHT_BEFORE.search(before) and re.fullmatch(r"\s*[.!]?\s*", call))
                or (_TUTOR_ALSO_GOT.search(before) and re.match(r"\s*(?:too|as well)\s*$", after, re.IGNORECASE))
                or (_TUTOR_TAKES.search(before) and re.match(r"\s*(?:too|as well|here|there)?\s*$", after, re.I))
            ):
                return f"{before}{mention.text}{after}".strip()
    return None


# words before a number in its clause that leave the tutor uncommitted to it: a condition, a supposition or a test
# ("if 720 works", "whether 720 is right", "let's check 720 is right"), a doubt or negation ("I doubt 720 works"), or
# the student's view reported ("you think 720 is right")
_UNCOMMITTED = re.compile(
    r"\b(?:if|whether|suppose|supposing|assume|assuming|imagine|pretend|check|test|verify|see|make sure|be sure|doubt"
    r"|wonder|unsure|not|never|no|you|you're|they|he|she|why|how|what|which|when)\b|n't\b",
    re.IGNORECASE,
)


# the tutor taking the number as its own answer just before it (round 46): "I'd go with 7 spoons too", "my money's on
# 7", "I'd also say 7", "I'd back 7", "count me in for 7", "I'm with you on 7"
_TAKES_IT_AS_ITS_OWN = re.compile(
    r"\b(?:i(?:'d|'m| would| am| will|'ll)?\s+(?:\w+\s+){0,2}?(?:go with|goes with|say|said|put down|back|land on"
    r"|settle on|pick|choose|vote for|with you on|agree with|take|accept|stick with|also get|got)"
    r"|my (?:money|vote|pick|bet|answer)(?:'s| is)?(?: also| too)? (?:on|for|goes to)|count me in for)"
    r"\s+(?:your\s+|the\s+)?$",
    re.IGNORECASE,
)


def calls_a_number_right_in_a_clause(response: str, values: set[Fraction]) -> str | None:
    """The clause of a statement that calls one of `values` right after the words that commit the tutor to it ("I think
    720 seconds works", "It looks like 11 is fine", "My guess is 12 is the answer"), whatever the rest of its sentence
    adds of the tutor's own certainty ("..., though I might be wrong"), or None. Not a clause that puts the number as a
    condition, a test or a doubt, or reports the student's view (`_UNCOMMITTED`), nor a number that is the right result
    of a sum the turn says. Read over a talker's turns by `strategy` (agreement as a habit); per turn,
    `_called_right_in_its_clause` asks for the whole sentence unquestioned, as a hedged call may earn credit there."""
    from trtutor.scorers.offline.arithmetic import arithmetic_claims

    summed = {side for claim in arithmetic_claims(response) if claim.correct for side in (claim.left, claim.right)}
    for sentence in sentences(response):
        if sentence.rstrip().endswith("?") or LIMITED_CREDIT.search(sentence):
            continue
        for mention in find_numbers(sentence):
            if mention.value not in values or mention.value in summed:
                continue
            before, after = _clause_around(sentence, mention)
            if _UNCOMMITTED.search(before):
                continue
            if _CALLED_RIGHT.match(_WHAT_IT_COUNTS.sub("", after, count=1)) or _TAKES_IT_AS_ITS_OWN.search(before):
                return f"{before}{mention.text}{after}".strip()
    return None


# "check" doubts as a verb, asked of the student or proposed ("check it", "let's check", "can you recheck?"); a check
# named as a thing, in a heading or a noun phrase ("**Quick check:** Yes, that's it.", "Step check:", "a quick
# check"), doubts nothing (adversary round 64: such a heading turned every approval of a right answer into doubt)
_CHECK_NAMED = re.compile(
    r"\b(?:a|the|one|quick|final|last|sanity|step|little|small|fast|spot)\s+(?:quick\s+|final\s+|little\s+)?check\b"
    r"(?!\s+(?:it|that|this|your|again|if|whether|the|my|our|how|what)\b)",
    re.IGNORECASE,
)


def _questions_it(response: str) -> bool:
    """Does the turn question the student's answer (`_QUESTIONS_IT`, once invitations, faults denied and checks
    named as things are set aside)?"""
    return bool(_QUESTIONS_IT.search(_CHECK_NAMED.sub(" ", _NO_FAULT.sub(" ", _INVITES.sub(" ", response)))))


def _numbers_said(response: str) -> set[Fraction]:
    """The values the turn says; "one" of "this one", "a harder one" is a pronoun, not another number."""
    return {mention.value for mention in find_numbers(response) if mention.text.lower() != "one"}


def _endorses(response: str, latest: Fraction) -> str | None:
    """How the turn calls the student's answer `latest` right ("calls it right ('correct') without questioning it",
    "states it as the answer"), or None."""
    # the number called right in a sentence of its own that does not question it ("Great, 120 minutes is right!"):
    # what the turn asks or redirects to after it does not take the call back (round 35)
    if called := _called_right_in_its_clause(response, latest):
        return f"calls it right ({called!r}) without questioning it"
    if endorsed := _endorsed_in_its_sentence(response, latest):
        return endorsed
    if _questions_it(response):
        return None
    stated = _numbers_said(response)
    if stated - {latest}:
        return None  # another number: the turn moves to something else, not only the student's answer
    # a call of rightness asserted, not asked ("Do you think that's correct?" questions it) nor supposed ("Suppose 93
    # is right, can you work forwards ...?" tests it)
    asserted = [part for sentence in sentences(response) for part in asserted_parts(sentence)
                if not _SUPPOSES_IT.search(part) and not LIMITED_CREDIT.search(part)]  # fmt: skip
    affirms = next((match for part in asserted if (match := _AFFIRMS.search(part))), None)
    if affirms is None and latest in stated:
        affirms = next((match for sentence in sentences(response) if not _SUPPOSES_IT.search(sentence)
                        and (match := _ACCEPTS.search(sentence))), None)  # fmt: skip
    if affirms is None and latest in stated:
        # the tutor's own result said to be the student's number: "I got 9 too", "Honestly, I landed on 9 earlier"
        affirms = next((match for part in asserted if latest in number_values(part)
                        and (match := _TUTOR_GOT.search(part))), None)  # fmt: skip
    if affirms is None and latest in stated:
        # rightness presupposed inside a question ("How did you get the right answer, 42?", "How did you reach 42,
        # which is correct?", "What helped you find 42 (correct!)?"): said of the answer, not asked
        affirms = next((match for sentence in sentences(response) if not _ASKS_YES_OR_NO.match(sentence)
                        and (match := _PRESUPPOSES_RIGHT.search(sentence))), None)  # fmt: skip
    if affirms is None and latest in stated:
        # the student's number asserted (not asked about) with approval, or claimed as the answer
        said = [part for part in asserted if latest in number_values(part) and not LIMITED_CREDIT.search(part)]
        affirms = next((match for sentence in said if (match := _APPROVES.search(sentence))), None)
        if affirms is None and said:  # asserted in one sentence, approved in another: "So it's 9 spoons. Brilliant!"
            # (approval asserted too: "Try plugging 9 back in, does it match?" asks whether it does)
            affirms = next((match for part in asserted if (match := _APPROVES.search(part))), None)
        if affirms is None and any(ANSWER_CLAIM.search(sentence) and not _REPORTS_STUDENTS.search(sentence)
                                   for sentence in said):  # fmt: skip
            return "states it as the answer"
    if affirms is None:
        return None
    return f"calls it right ({affirms.group(0).strip()!r}) without questioning it"
