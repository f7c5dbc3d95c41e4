"""The offline judges' exact checks (issue 25, item 1): the answer revealed in any form, wrong arithmetic in
symbols or words, a quantity of the problem misstated, a wrong answer endorsed. Each is right by construction and
counted on real turns (`benchmarks/judge_rules.py`)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from trtutor.answers import find_numbers
from trtutor.scorers.offline.answer_bounds import false_bounds, false_models, false_properties
from trtutor.scorers.offline.arithmetic import (
    arithmetic_claims,
    continued_claims,
    false_comparisons,
    false_number_facts,
    spoken_expressions,
)
from trtutor.scorers.offline.blamed_steps import blamed_right_steps, misdiagnosed_slips
from trtutor.scorers.offline.false_statements import (
    agrees_with_wrong_answer,
    confirms_right_answer,
    denied_givens,
    false_quantities,
    misstated_comparisons,
    regrouped_quantities,
    reversed_relations,
    statements_outside_examples,
)
from trtutor.scorers.offline.last_step import (
    false_last_steps,
    misadvised_steps,
    misnamed_operations,
    needless_key_steps,
    needless_numbers,
)
from trtutor.scorers.offline.leakage import detect_leakage
from trtutor.scorers.offline.number_forms import colloquial_numbers, foreign_numbers, grouped_numbers
from trtutor.scorers.offline.problem_quotes import (
    faulted_problem,
    misquoted_problem,
    misreported_work,
    misstated_question,
)
from trtutor.scorers.offline.tutor_turn import stated_falsehoods
from trtutor.scorers.offline.unit_facts import false_unit_facts

PROBLEM = "Tom has 3 boxes with 4 apples each. How many apples does he have?"
STUDENT = ["I think he has 7 apples because 3 + 4 = 7."]


@pytest.mark.parametrize(
    ("response", "label"),
    [
        ("He has 12 apples, doesn't he?", "yes_correct"),  # tag question
        ("The answer is 12, right?", "yes_correct"),
        ("Is it 12?", "yes_correct"),  # a question that offers it
        ("So the total is 3 x 4.", "yes_correct"),  # an expression offered as the answer
        ("It's 3 x 4, right?", "yes_correct"),
        ("He has twelve apples.", "yes_correct"),  # English number words
        ("He has a dozen apples.", "yes_correct"),  # another unit of count
        ("La respuesta es doce.", "yes_correct"),  # Spanish
        ("La réponse est douze.", "yes_correct"),  # French
        ("Die Antwort ist zwölf.", "yes_correct"),  # German
        ("答案是十二", "yes_correct"),  # Chinese numerals
        ("Het antwoord is twaalf.", "yes_correct"),  # Dutch
        ("Ответ: двенадцать.", "yes_correct"),  # Russian
        ("Jawabannya dua belas.", "yes_correct"),  # Indonesian
        ("Is it बारह apples?", "yes_correct"),  # Hindi
        ("I keep getting 십이. Do you?", "yes_correct"),  # Sino-Korean
        ("Η απάντηση είναι δώδεκα.", "yes_correct"),  # Greek
        ("Is it สิบสอง?", "yes_correct"),  # Thai
        ("Răspunsul este doisprezece.", "yes_correct"),  # Romanian
        ("Odpověď je dvanáct.", "yes_correct"),  # Czech
        ("A válasz tizenkettő.", "yes_correct"),  # Hungarian
        ("Đáp án là mười hai.", "yes_correct"),  # Vietnamese
        ("Ang sagot ay labindalawa.", "yes_correct"),  # Tagalog
        ("So he has 3 x 4 apples.", "yes_correct"),  # an expression whose value is the answer, said
        ("Does twice 6 sound right for the apples?", "yes_correct"),  # arithmetic in words
        ("Could he have a dozen minus zero apples?", "yes_correct"),
        ("Would it be XII apples?", "yes_correct"),  # Roman numerals
        ("I think it is 24 halves.", "yes_correct"),  # a count in halves
        ("Isn't it 6 pairs of apples?", "yes_correct"),  # in pairs
        ("That makes 48 quarters, doesn't it?", "yes_correct"),
        ("Could it be 3 less than 15? Why?", "yes_correct"),  # an expression proposed as the unknown
        ("Hmm, how about double 6? Walk me through it.", "yes_correct"),
        ("Does 120 divided by ten ring a bell?", "yes_correct"),
        ("Maybe it's seven and five together?", "yes_correct"),
        ("Why not 3 x 4?", "yes_correct"),  # a proposal, as "how about" is
        ("Instead of 7, could the apples be half of 24?", "yes_correct"),  # proposed as what the asked noun is
        ("Could the apples be one less than 13?", "yes_correct"),
        ("Is the count more than 11 but less than 13?", "yes_correct"),  # pinned between bounds a whole number apart
        ("Less than thirteen and more than eleven, right?", "yes_correct"),
        ("Is it more than 10 but less than 20?", "no"),  # a range leaves it to the student
        ("It should come out between 11 and 13.", "yes_correct"),  # round 19: "between", or bounds after a comma
        ("Psst: more than 11, fewer than 13.", "yes_correct"),
        ("Is it somewhere between 10 and 20?", "no"),
        ("It's half of 24.", "yes_correct"),  # all that "it" is, the sentence ending on it (round 19)
        ("Hint: it's 13 minus 1.", "yes_correct"),
        ("So it's 6 + 6, not 6 x 2.", "no"),  # goes on to say how: a step
        # as all that "that" is; in a scale (round 25)
        ("That's 15 minus 3.", "yes_correct"),
        ("The apples come to 0.012 thousand.", "yes_correct"),
        ("Counting them one at a time, the last apple would be the twelfth, wouldn't it?", "yes_correct"),
        ("Where would you stop? At the 12th, I think.", "yes_correct"),
        ("Look at the twelfth word of the problem.", "no"),  # a place, not where a count ends
        ("The answer plus 5 makes 17. Does yours?", "yes_correct"),  # the answer the unknown of an equation (round 20)
        ("If you multiply the right answer by itself you get 144.", "yes_correct"),
        ("Check: the correct number squared gives 144.", "yes_correct"),
        ("If you take 2 from the answer, you have 10.", "yes_correct"),
        ("Does your answer plus 3 make 15?", "yes_correct"),
        ("Twice the answer is 24.", "yes_correct"),
        ("The answer plus 5 makes 18.", "no"),  # solved, it is not the answer
        ("Add 5 to your answer. What do you get?", "no"),  # an operation asked for, no result
        ("Isn't the count simply 3 x 4?", "yes_correct"),  # a negative question asks for assent, as a tag does
        ("3 x 4 - that's the whole problem.", "yes_correct"),  # said to finish the problem
        ("Try 3 x 4 and stop there.", "yes_correct"),
        ("The apples: 3 x 4. See it?", "yes_correct"),  # as what the problem asks for
        ("Don't forget the boxes. What is 3 x 4?", "no"),  # a negative sentence, then the step asked for
        ("Why not start with 3 x 4? What does it give?", "no"),  # a first step proposed, left to the student
        ("What if you add 8 and 4 together?", "no"),  # an operation to do, not a value proposed
        ("Maybe try 8 + 4 next.", "no"),
        ("Nearly there - finish with 3 x 4.", "yes_correct"),  # the last step is the answer's
        ("All that's left is 3 x 4. Can you work it out?", "yes_correct"),
        ("Good, so the first step is 3 x 4.", "no"),
        ("Your working lands on 36 split 3 ways.", "yes_correct"),  # a verb of what the working results in
        ("It all boils down to 17 − 5, agreed?", "yes_correct"),  # Unicode's minus sign
        ("Is it one 4th of 48?", "yes_correct"),
        ("What is 36 split 3 ways?", "no"),
        ("Write down 15. Now subtract 3 and there are your apples.", "yes_correct"),  # the last step, whole
        ("Hold on to 4. Finally multiply by 3, and that is your final number.", "yes_correct"),
        ("Begin with 4. Next, times 3. That's it!", "yes_correct"),
        ("Start from 4. Now multiply by 3. What do you get?", "no"),  # left to the student
        ("What is 3 x 4?", "no"),  # the last step left to the student
        ("Can you work out half of 24?", "no"),
        ("You have 3 boxes and 4 apples in each, what next?", "no"),
        ("You said 7. How did you get 7?", "no"),  # the student's own number
        ("Due to the boxes, we multiply. What is 3 times 4?", "no"),  # "due" is English here, not Italian 2
        # by its places, digit by digit, as a correction, on top of another number, next to one (round 11)
        ("Rather than 7, might it be 1 ten and 2 ones?", "yes_correct"),
        ("Rather than 7, might it be one-two?", "yes_correct"),
        ("Could the digits of the answer be 1 and 2?", "yes_correct"),
        ("Digit by digit, I'd expect 1-2.", "yes_correct"),  # single digits apart, said to go digit by digit (round 17)
        ("Going digit by digit: 1, 2. Check it.", "yes_correct"),
        ("How about 1 2? Check it.", "yes_correct"),  # two to four single digits a space apart are a number (round 42)
        ("Subtract digit by digit: in the tens, 1 - 2; in the ones, 2 - 0.", "no"),  # spaced, "1 - 2" subtracts
        ("Digit by digit: 4 + 3 = 7, 1 + 2 = 3.", "no"),  # operands of sums, not digits of a number
        # a number's digits said in their order, whatever joins them: the operands of a digit sum (round 48)
        ("Check the answer with its digits, in order: 1 + 2 = 3.", "yes_correct"),
        ("Does yours have digits that go 1 x 2, left to right?", "yes_correct"),
        ("Read the answer's digits backwards and add them: 2 + 1 gives 3.", "yes_correct"),  # in reverse (round 49)
        ("Add the digits from the ones: 2 + 4 = 6, then 1 + 3 = 4.", "no"),  # columns added, not one number's digits
        ("Your 7 is 5 too low, so what does that make the apples?", "yes_correct"),
        ("Could the answer be 5 more than your 7?", "yes_correct"),
        # the student's number moved by an amount: the way said, or not ("5 more", "off by 5": either) (round 23)
        ("You're 5 short.", "yes_correct"),
        ("Yours needs 5 more.", "yes_correct"),
        ("Off by 5 - a bit more.", "yes_correct"),
        # by a verb of missing the mark or moving their number, the amount with its unit (adversary round 37)
        ("Your 7 apples is 5 apples shy of where it should be, isn't it?", "yes_correct"),
        ("I think your answer undershoots by 5 apples.", "yes_correct"),
        ("What if you bumped your 7 up by 5?", "yes_correct"),
        ("The real total sits 5 apples above yours - can you see why?", "yes_correct"),
        ("Notice that you're missing 5 apples somewhere.", "yes_correct"),
        # what the student's work lost or gained on the way, its gap told (round 50)
        ("Just 5 more and you'd have it.", "yes_correct"),
        ("Somewhere you dropped 5.", "yes_correct"),
        ("Your working loses 5 along the way.", "yes_correct"),
        ("The gap is 5 - you've left that out.", "yes_correct"),
        ("He dropped 5 apples on the way home, you're right.", "no"),  # the story's loss, not the student's
        ("You're right that the boxes hold 5 more than the bags.", "no"),  # a comparison of the story's own
        ("You're 5 steps away from done.", "no"),  # the talk's steps
        ("Just 5 more steps and you'd have it.", "no"),
        ("Your answer overshoots by 5 apples.", "no"),  # 7 - 5 is no 12
        ("You're missing the 5 apples in the last box.", "no"),  # a thing left out, not an amount of the answer
        ("You're 5 over.", "no"),  # 7 - 5 is no 12
        ("Take 5 off your answer.", "no"),
        ("You're off by 3.", "no"),
        ("Add 5 to the boxes.", "no"),  # not to the student's number
        # round 70: the student's number that needs another so many, or a step on it said to finish
        ("Your answer needs another 5.", "yes_correct"),
        ("Add 5 to your answer and you'll have it.", "yes_correct"),
        ("Add 5 to your answer.", "no"),  # a step left to the student
        ("Your answer needs another look.", "no"),
        ("So it's 24/2.", "yes_correct"),  # a fraction that ends a sentence is one number
        ("Could the apples be 10 with another 2, not 7?", "yes_correct"),
        ("Rather than 7, would it be 10 and 2 more?", "yes_correct"),
        ("Is it the number right before 13?", "yes_correct"),
        ("Could it be the whole number that follows 11?", "yes_correct"),
        ("What is the number right before 13?", "no"),  # asked to compute, as "What is 13 - 1?"
        ("Is it vingt-six? Or douze?", "yes_correct"),  # French "six" inside a number is French's
        # misspelt, spelt letter by letter, in another base, as a count of units (round 12)
        ("Could the apples be twleve, not 7?", "yes_correct"),
        ("I make it ninty-eigth minus eighty-six, right?", "no"),  # 98 - 86: an expression not offered as the answer
        ("Right, there are twelve... wait, no: there are three boxes.", "yes_correct"),
        ("The apples spell T-W-E-L-V-E.", "yes_correct"),
        ("The apples, in binary: 1100, right?", "yes_correct"),
        ("Hint: 0xC apples.", "yes_correct"),
        ("Think of 12 in binary: what is it?", "yes_correct"),  # 12 itself is said
        ("What is 1100 in binary? Work that out first.", "yes_correct"),
        ("The apples match the number of months in a year.", "yes_correct"),
        ("As many apples as there are cents in a dime, and 2 more.", "no"),  # 10 and 2: the count is no 12
        ("How many months are in a year? Use that.", "no"),  # asks for the count
        ("Multiply 3 by the number of months in a year.", "no"),  # an operand
        ("Is 7 right? Or is it twelv?", "yes_correct"),
        # as what solves an equation, offered as the apples (round 13); set up for the student to solve, it is not
        ("The apples are the x that makes x + 3 = 15 true.", "yes_correct"),
        ("Your apples should satisfy 3x = 36.", "yes_correct"),
        ("Can you solve 3x = 36?", "no"),
        ("Write the boxes as 3 and the apples as x: x - 4 = 8. Now solve it.", "no"),
        ("The apples come to sqrt(144), as it turns out.", "yes_correct"),  # a root, a power, e-notation
        ("The result is √144.", "yes_correct"),
        ("The total is 1.2 × 10¹ apples.", "yes_correct"),
        ("So the answer is 1.2e1.", "yes_correct"),
        ("The tally should read ||||/ ||||/ ||.", "yes_correct"),  # counted out (round 14)
        # a mark of five is a tally, named or not; dice faces by their pips; a count of hundredths (round 56)
        ("So what's the total here? 卌 卌 || is where this goes, isn't it?", "yes_correct"),
        ("So the apples come to ⚅⚅.", "yes_correct"),
        ("The apples come to 1200 hundredths.", "yes_correct"),
        ("| 12 | apples |", "yes_correct"),
        ("Draw a table: | apples | boxes |", "no"),  # a table's rules count nothing
        # a run of one mark counts itself, whatever the mark (round 66); three or more, and no table's empty cells
        ("Count these: ● ● ● ● ● ● ● ● ● ● ● ●", "yes_correct"),
        ("Here they are: 🍎🍎🍎🍎🍎🍎🍎🍎🍎🍎🍎🍎", "yes_correct"),
        ("||||||||||||", "yes_correct"),
        ("Does ✔️✔️✔️✔️✔️✔️✔️✔️✔️✔️✔️✔️ look like your answer?", "yes_correct"),
        ("Each box is ●●●● - how many in 3 boxes?", "no"),  # a box's 4
        ("Fill in the table:\n| boxes | apples |\n|  |  |\n|  |  |\n|  |  |\n|  |  |", "no"),
        ("Hmm... wait!!! ***Look*** at the boxes again???", "no"),  # punctuation counts nothing
        # pinned down by what is said of it, across sentences: a range narrowed to one whole number (round 66)
        ("It isn't 10, 11, 13 or 14. So which whole number from 10 to 14 is left?", "yes_correct"),
        ("The apples are in the 4 times table and strictly between 8 and 16.", "yes_correct"),
        ("More than 9 but less than 14, and not 10, 11 or 13.", "yes_correct"),
        ("It's the only multiple of 6 between 7 and 17.", "yes_correct"),
        ("The apples come to somewhere between 10 and 20.", "no"),  # a range left to the student
        ("The count went from 10 to 14, not 13.", "no"),  # several left
        ("It's an odd number between 10 and 14.", "no"),  # 11 and 13: the answer is not what is left
        ("Its digits are 1 and 2; 3.5 has nothing to do with it.", "yes_correct"),
        ("Its first digit is 1, and 2.5 is a decimal.", "no"),  # a decimal point ends no clause: no "1, and 2"
        # round 67: what NFKC misreads or leaves (a subscript base, the numero sign, digits in circles); a sequence's
        # next number; an anagram where the text says the letters are scrambled; a power said before its base
        ("Is it 12₁₀?", "yes_correct"),
        ("Is it 1100₂?", "yes_correct"),
        ("Is it №12?", "yes_correct"),
        ("Is it ❶❷?", "yes_correct"),
        ("H₂O is water; each box holds 4 apples.", "no"),  # a subscript after a letter is no base
        ("Count by 4s: 4, 8, ... what comes next?", "no"),  # two numbers are no run
        ("Here's a puzzle for later: unscramble 'lewtve'.", "yes_correct"),
        ("Unscramble 'ent'.", "no"),  # ten
        ("Is it the square of 3 plus 3?", "yes_correct"),
        # round 68: the ones left bare after the tens; the nearest whole number said by a word of a little
        ("It comes to 1 ten and 2, doesn't it?", "yes_correct"),
        ("Is it 1 ten plus 2?", "yes_correct"),
        ("It's 1 ten and 2 boxes.", "no"),  # 2 boxes
        ("It's just shy of 13, isn't it?", "yes_correct"),
        ("Is it a hair under 13?", "yes_correct"),
        ("It lands a touch above 11, right?", "yes_correct"),
        # round 69: a recurring decimal is the number it equals
        ("Is it 11.9 recurring?", "yes_correct"),
        ("Could it be 11.999...?", "yes_correct"),
        ("Is it 11.9\u0305?", "yes_correct"),
        ("Is it 12.9 recurring?", "no"),  # 13
        ("Pi is 3.14... and each box holds 4.", "no"),  # goes on, does not recur
        (r"Does ${24 \over 2}$ sound reasonable?", "yes_correct"),  # TeX's fraction (round 71)
        ("Would 10 + 2 fit the story?", "yes_correct"),  # put up to be judged, as a plain number is (round 71)
        (r"Would $\sqrt{144}$ fit the story?", "yes_correct"),
        ("Is 10 + 2 too big or too small?", "yes_correct"),
        ("Could it be 11.(9)?", "yes_correct"),  # round 70: whatever marks the recurrence
        ("Is it 11.99 with the 9s going on forever?", "yes_correct"),
        ("What about 11.999 to infinity?", "yes_correct"),
        ("Might it be 11.99\u2026?", "yes_correct"),
        # number words in word games: backwards where the text says so, Pig Latin (round 56)
        ("The count is 'evlewt' read backwards, isn't it?", "yes_correct"),
        ("Would elvetway apples make sense?", "yes_correct"),
        ("Work backwards from the 4 boxes: each holds 3 apples.", "no"),
        # the count said as the place of its last one, the cue before or after it in its clause (round 45)
        ("Give each apple a ticket; the final ticket handed out is the twelfth.", "yes_correct"),
        ("Picture them in a line: the final one stands twelfth.", "yes_correct"),
        ("The twelfth of them is the last one there is.", "yes_correct"),
        ("Counting them one at a time, you'd stop at the 12th.", "yes_correct"),
        ("Look at the twelfth apple. How many are left after it?", "no"),  # a place, no count
        ("A twelfth of the apples are red, and the last one is green.", "no"),  # a fraction
        ("Look at the last line of your working, the 12th. What did you do there?", "no"),  # a place in digits
        ("Read the 12th word of the question again.", "no"),
        # or where its clause marks the end of a sequence (round 46); not a place among the lines of the work
        ("Picture a row of seats: whoever takes the twelfth seat is the last to sit down.", "yes_correct"),
        ("The twelfth one closes the list.", "yes_correct"),
        ("Nobody comes after the twelfth one.", "yes_correct"),
        ("Read the final sentence of the problem again - the twelfth one.", "no"),
        ("In Morse, the apples are .---- ..---.", "yes_correct"),
        ("That makes the apples 1\u200b2.", "yes_correct"),  # hidden digits shown
        ("It works out as l2 apples, doesn't it?", "yes_correct"),
        ("1\ufe0f\u20e32\ufe0f\u20e3 apples!", "yes_correct"),
        ("There are seven in the box, not fourty.", "no"),
        # two operations or more in words, evaluated as written (round 24); as all that "it" is, however it goes on
        ("It's three squared plus one, in case you're wondering.", "no"),  # 10
        ("It's three squared plus three, in case you're wondering.", "yes_correct"),
        ("The total: four squared less four.", "yes_correct"),
        ("It is two times five plus two.", "yes_correct"),
        ("It's 3 squared plus 3, I think.", "yes_correct"),
        ("So it's 6 + 6, not 6 x 2.", "no"),  # goes on to say how: a step
        # an equation on the answer, its verb with a modal; the answer beside another number (round 28)
        ("Check: your final answer divided by 3 should give 4.", "yes_correct"),
        ("Multiply your answer by 2 and see if you land on 24.", "yes_correct"),
        ("The right answer and your 7 differ by 5, and yours is too small.", "yes_correct"),
        ("The answer and your 7 add up to 19.", "yes_correct"),
        ("Your final answer divided by 3 should give 5.", "no"),  # another answer: not this one
        ("Divide the answer by 3 and tell me what you get.", "no"),  # asks for the result
        # the answer as the result of an everyday operation (round 29)
        ("Hint: It's the increase going from 2 to 14.", "yes_correct"),
        ("Hint: It's what each pays if 2 people share 24 dollars equally.", "yes_correct"),
        ("Hint: It's the number of steps counting up from 8 to 20.", "yes_correct"),
        ("Hint: It's 20% more than 10.", "yes_correct"),
        ("Hint: It's what 2 of them cost at 6 each.", "yes_correct"),
        ("Hint: It's two times bigger than 4.", "yes_correct"),  # 3 x 4 in the second reading
        # the answer as a puzzle: elimination, the middle, a blank, its digits in order (round 31)
        ("Hint: it isn't 11 and it isn't 13; it's the whole number in between.", "yes_correct"),
        ("It's halfway between 10 and 14.", "yes_correct"),
        ("Hint: the answer looks like 1_ and the missing digit is 2.", "yes_correct"),
        ("Its first digit is 1 and its last digit is 2.", "yes_correct"),
        ("1, then 2 - put those digits together.", "yes_correct"),
        ("The digits, in order, are one and two.", "yes_correct"),
        ("It starts with a 1 and ends with a 2.", "yes_correct"),
        ("Hint: a tenth of the right answer is 1.2.", "yes_correct"),  # an equation on the answer, not 1.2 asserted
        ("Hint: 50% of the correct answer is 6.", "yes_correct"),
        # said aloud (adversary round 37): in pairs, one short of, "grand"
        ("Could it be one-twelve? No - just twelve apples. Or one shy of thirteen?", "yes_correct"),
        ("Does one shy of thirteen apples ring a bell?", "yes_correct"),
        ("I'd expect something like fourteen less two - what do you think?", "yes_correct"),
        # the answer as an unevaluated expression: its terms with their unit, a bracket multiplied, a percentage of
        # (the first term is no answer claimed: "The answer is 40 minutes + ..." asserts no 40)
        ("The answer is 4 apples + 4 apples + 4 apples.", "yes_correct"),
        ("Isn't the answer just 4 apples + 4 apples + 4 apples?", "yes_correct"),
        ("The answer is 3(2 + 2) apples.", "yes_correct"),
        ("So the total is 50% of 24, right?", "yes_correct"),
        ("It isn't 11 and it isn't 15; it's somewhere in between.", "no"),  # three whole numbers between
        # spelt letter by letter whatever parts the letters, words run together (round 47)
        ("Letter by letter, the apples: T W E L V E.", "yes_correct"),
        ("The apples in letters: t_w_e_l_v_e.", "yes_correct"),
        ("Spell it: T / W / E / L / V / E.", "yes_correct"),
        ("Options a b c are all fine here.", "no"),  # letters that spell no number
        ("Radio check, over: Tango Whiskey Echo Lima Victor Echo.", "yes_correct"),  # the spelling alphabet (round 73)
        # the unknown a question asks for, tied to the answer in its sentence or the next (round 47); left to the
        # student, it reveals nothing
        ("What number plus 26 makes 38? That number is the apples.", "yes_correct"),
        ("What times 3 gives 36? It matches the answer.", "yes_correct"),
        ("How far is it from 7 up to 19? Whatever it is, that's your answer.", "yes_correct"),
        ("How many eggs are in 1 dozen? Same as the apples.", "yes_correct"),
        ("What times 3 gives 36?", "no"),
        ("Which number added to 4 gives 16? Then add the 2 loose ones.", "no"),
        # a count of units in a number of the larger one, said to be the answer (round 47's "the result comes to the
        # number of feet in 4 yards"); a count to work out, left to the student, reveals nothing
        ("The result comes to the number of inches in 1 foot.", "yes_correct"),
        ("The apples are as many as there are months in 1 year.", "yes_correct"),
        ("Your answer is the number of eggs in 1 dozen.", "yes_correct"),
        ("The answer is the number of feet in 4 yards.", "yes_correct"),
        ("First find the number of feet in 4 yards.", "no"),
        ("How many feet are in 4 yards?", "no"),
        # the answer as the number a multiple of it defines, the multiple said as a sum (round 48)
        ("The answer is the number whose triple is 30 plus 6.", "yes_correct"),
        ("Twice the answer equals 20+4.", "yes_correct"),
        ("The final number, taken 2 times over, comes to 20 + 4.", "yes_correct"),
        ("If you double the answer you get 20 plus 4.", "yes_correct"),
        ("Double the apples equals 20 plus 4.", "yes_correct"),  # the unknown named as what the problem asks for
        # the tutor's own working said to end on it (round 48)
        ("Doing it myself, I finished on 12. What did you get?", "yes_correct"),
        ("My working lands on 12 apples.", "yes_correct"),
        # an operand with a determiner, as every reader of operations reads it (round 64: "15 minus that 5")
        ("And then it's just 15 minus that 3, isn't it?", "yes_correct"),
        ("Isn't it simply 15 minus those 3 apples?", "yes_correct"),
        ("It's half of these 24, isn't it?", "yes_correct"),
        ("What is 15 minus those 3?", "no"),  # asked, left to the student
        # a count of groups of a fixed size, the closed class whole (round 65: "4 quartets" escaped, "a trio of" not)
        ("So that's 2 half-dozens, isn't it?", "yes_correct"),
        ("Is it 2 sextets?", "yes_correct"),
        # its neighbour said as an offset, with no noun (round 65: an offset is an operation)
        ("Is it one up from 11?", "yes_correct"),
        ("Is it just before 13?", "yes_correct"),
        ("Is it one step past 11 on the number line?", "yes_correct"),
        ("What comes just after 11?", "no"),  # asked
        ("Does it come just after 11?", "yes_correct"),  # its place proposed
        ("Could it be the one that comes before 13?", "yes_correct"),
    ],
)
def test_the_answer_is_revealed_in_any_form(response, label):
    finding = detect_leakage(response, Fraction(12), student_said=STUDENT, problem=PROBLEM)
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize(
    ("response", "answer", "label"),
    [("Is it a tenner?", 10, "yes_correct"), ("Is it a fiver?", 5, "yes_correct"), ("Is it a tenner?", 5, "no"),
     ("Is it 0.3 recurring?", Fraction(1, 3), "yes_correct"), ("Is it 0.1(6)?", Fraction(1, 6), "yes_correct")],
)  # fmt: skip
def test_a_note_of_money_by_its_name_and_a_recurring_decimal_are_their_values(response, answer, label):
    finding = detect_leakage(response, Fraction(answer), student_said=[], problem=PROBLEM)
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize(
    ("response", "label"),
    [
        ("For example, count on: 9, 10, 11, ... and the next one is where we land.", "yes_correct"),
        ("Count back: 15, 14, 13, ... the next one down.", "yes_correct"),
        ("Count on with me: 9, 10, 11, ... which number comes next?", "yes_correct"),
        ("Count by 4s: 4, 8, 12, 16. What comes next?", "yes_correct"),  # 12 said
        ("The boxes: 3, 6, 9, ... what comes next?", "yes_correct"),  # 12, its run of other numbers than the solution's
        ("Count by 3s: 3, 6, 9, ... what comes next?", "yes_correct"),
        ("Count by 4s: 4, 8, ... what comes next?", "no"),  # two numbers are no run
        ("Write 1, 2, 3 next to the boxes.", "no"),  # 4
    ],
)
def test_the_next_number_of_a_sequence_is_said(response, label):
    """Round 67: a run of three evenly spaced numbers or more before a word of what comes next says the next number,
    read as an expression is: of numbers no step of the solution has, or offered as the answer, it reveals it."""
    finding = detect_leakage(response, Fraction(12), student_said=STUDENT, problem=PROBLEM, solution="3 x 4 = 12")
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize(
    ("response", "label"),
    [
        # an expression of a number outside the solution and the conversation is the answer in disguise, in any frame
        ("Try 9 + 3.", "yes_correct"),
        ("Think of 6 times 2.", "yes_correct"),
        ("He fills one more than 11 boxes.", "yes_correct"),
        ("Add 5 to your 7 and you're there.", "yes_correct"),  # an operation to do, on the student's number
        ("Multiply 6 by 2.", "yes_correct"),
        ("Start at 10 and count on two more.", "yes_correct"),  # a count on or back from a start (round 31)
        ("Begin at 22 and go down by ten.", "yes_correct"),
        ("Knock 8 off 20 and you land on it.", "yes_correct"),
        ("Add the other 5 to that 7 and you're there.", "yes_correct"),  # operands with determiners (round 64)
        ("Knock the 8 off those 20 and you land on it.", "yes_correct"),
        # a given of the problem moved by an amount no one said (round 50)
        ("From the 3 boxes, step up 9 and you've got it.", "yes_correct"),
        ("Go 9 past the 3 boxes and you're at the end.", "yes_correct"),
        ("Take the 3 boxes, put 9 on top, and that's the finish line.", "yes_correct"),
        # a step of the solution (its numbers the problem's or the solution's) leaves the last step to the student
        ("Try 3 x 4.", "no"),
        ("So you take the 3 from 15 to get your answer.", "no"),  # MathDial 5000212's "take the 245 from 300"
        ("So you take the 3 from those 15 to get your answer.", "no"),
        ("We need to multiply 3 by 4 to find the apples.", "no"),  # MRBench's "divide 14 by 2": annotators say no
    ],
)
def test_an_expression_of_a_number_outside_the_solution_reveals_the_answer(response, label):
    finding = detect_leakage(response, Fraction(12), student_said=["I got 7."], problem=PROBLEM,
                             solution="3 x 4 = 12. 15 - 3 = 12.")  # fmt: skip
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize(
    ("response", "label"),
    [
        # a worked example's own total is no answer to this problem (adversary round 29)
        ("For example, if Sam has 5 bags with 2 marbles in each, the total is 10 marbles.", "no"),
        ("Think of a simpler case: 2 boxes of 5 pens. The answer would be 10 pens.", "no"),
        # a teacher's analogy carried on from the turn before (MathDial 6000070): its numbers are not the problem's
        ("so 20 chocolates. then 10 more chocolates were distributed. hence the total is 30.", "no"),
        ("For example, the answer is 10.", "yes_incorrect"),  # a marker, no example of its own
        ("So the total is 10.", "yes_incorrect"),
        ("Doing it myself, I finished on 10. Which of your lines differs?", "yes_incorrect"),  # the tutor's own end
        ("Solving it myself, I arrive at 10 apples.", "yes_incorrect"),
        ("I got 10 when I added the first two.", "no"),  # a step as often as an end
        ("Imagine there is a total of 10 apples. How many boxes?", "no"),  # supposed, not asserted (round 30)
        ("If I had a total of 10 apples, how many boxes would I fill?", "no"),  # inside an "if" clause
        ("If we add them up, the total is 10.", "yes_incorrect"),  # the consequence is asserted
        ("3 boxes and 7 apples, so the total is 10.", "yes_incorrect"),  # the problem's 3 in the sum
    ],
)
def test_a_worked_examples_total_asserts_no_answer(response, label):
    finding = detect_leakage(response, Fraction(12), student_said=STUDENT, problem=PROBLEM)
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize(
    ("response", "label"),
    [
        ("I think the answer is one hundred and four.", "yes_correct"),  # "and" after a scale, as people say it
        ("Would one hundred and four be reasonable here?", "yes_correct"),
        ("So we end up with one hundred four, don't we?", "yes_correct"),
        ("Is it one hundred and two?", "no"),
    ],
)
def test_number_words_with_and_after_hundred(response, label):
    finding = detect_leakage(response, Fraction(104), student_said=["It is 50."], problem="Ann has 52 red pens.")
    assert finding.label == label, finding.rationale


def test_and_joins_number_words_only_after_a_scale():
    from trtutor.answers import find_numbers

    assert [m.value for m in find_numbers("six hundred and ninety-four apples")] == [694]
    assert [m.value for m in find_numbers("two thousand and five")] == [2005]
    assert [m.value for m in find_numbers("two and one-half")] == [2, Fraction(1, 2)]  # two numbers, a fraction
    assert [m.value for m in find_numbers("three and four")] == [3, 4]
    # digit words side by side are two numbers, as English says them ("nine eight" is no 17)
    assert [m.value for m in find_numbers("nine eight, nine-eight")] == [9, 8, 9, 8]
    assert [m.value for m in find_numbers("twenty-one, sixty five, one hundred thousand")] == [21, 65, 100000]


def test_the_answer_in_another_unit_is_revealed_and_the_problems_own_quantity_is_not():
    problem = "A movie lasts 2 hours and a show 30 minutes. How many hours do both last?"
    said = ["2 + 30 = 32 hours"]
    assert detect_leakage("Both last 150 minutes.", Fraction(5, 2), student_said=said, problem=problem).label == (
        "yes_correct"
    )
    assert detect_leakage("The show is 30 minutes.", Fraction(1, 2), student_said=said, problem=problem).label == "no"


@pytest.mark.parametrize(
    ("response", "label"),
    [
        # the unit named apart from the number (adversary round 40)
        ("If you work it out in cents, everything together should come to 69,400.", "yes_correct"),
        ("Convert it to cents: the total is 69,400.", "yes_correct"),
        ("Work it out in cents first. What do you get?", "no"),
        ("In cents, each shirt is 10000.", "no"),  # the problem's own $100, in cents
        ("How many cents are in a dollar? 100.", "no"),
    ],
)
def test_the_answer_in_a_unit_the_sentence_names_apart_from_it(response, label):
    problem = "Tom buys 4 shirts at $100 each and 3 pairs of pants at $98 each. How many dollars does he spend in all?"
    finding = detect_leakage(response, Fraction(694), student_said=["I got 594"], problem=problem)
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize(
    ("response", "label"),
    [
        ("Both last 2 hours and 30 minutes.", "yes_correct"),  # one quantity in two units (round 24)
        ("Both last 2 hours 30 minutes, don't they?", "yes_correct"),
        ("The movie lasts 1 hour and 30 minutes.", "no"),  # the problem's quantity, restated
        ("Mine came to 12 dozen and 6 more, for what it's worth.", "yes_correct"),  # 150 as dozens and more
        ("There are 12 dozen and 6 shows.", "no"),  # more of something else
    ],
)
def test_the_answer_in_two_units_or_in_dozens_and_more(response, label):
    problem = "A movie lasts 1 hour and 30 minutes, and a show 60 minutes. How many minutes do both last?"
    finding = detect_leakage(response, Fraction(150), student_said=["90 + 6 = 96 minutes"], problem=problem)
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize(
    ("response", "label"),
    [
        # numerals of other scripts (round 53): Unicode's numeral characters by their values, Greek and Hebrew
        # letters where marked or named, lower-case Roman numerals that spell no word
        ("P.S. in counting rods numerals the records come to \U0001d36a\U0001d363.", "yes_correct"),  # 20 + 4
        ("Fun fact: the answer in Ethiopic numerals is \u1373\u136c.", "yes_correct"),  # 20 + 4
        ("(Fun fact: the answer in Greek numerals is \u03ba\u03b4\u02b9.)", "yes_correct"),  # kappa delta keraia
        ("Bonus: \u05db\u05d3 is the target, written the Hebrew way.", "yes_correct"),  # kaf dalet, named
        ("(Answer check: xxiv.)", "yes_correct"),
        ("The total is \u2169\u2169\u2163.", "yes_correct"),  # Roman numeral characters, 24
        ("Look at step (xxiv) of the plan.", "no"),  # a list's label
        ("The word \u03ba\u03b4 means nothing here.", "no"),  # Greek letters, unmarked and unnamed: no numeral
        ("The answer is \u2169\u2169\u2163.", "yes_correct"),  # one character each, read before NFKC
        ("The answer is \u2183 or \u2184, letters with no value.", "no"),
        # labels and letters named as letters (probe 53b's honest turns)
        ("Step \u2169\u2169\u2163: check your work.", "no"),
        ("Here is the plan:\nxxiv. check your work\nxxv. write the answer", "no"),
        ("Call the change \u03ba\u03b4 (two Greek letters) and write an equation.", "no"),
        # a call on one number or string disguises it; on more it is arithmetic, an expression like any other
        ("Tip: `len('xxxxxxxxxxxxxxxxxxxxxxxx')` is our target.", "yes_correct"),
        ("Fun check: the value of abs(-24) is the number to aim for!", "yes_correct"),
        ("Knowing the spoons should equal `round(23.6)`, where does the 5 come in?", "yes_correct"),
        ("Knowing the spoons should equal `-(-24)`, where does the 5 come in?", "yes_correct"),
        ("So |-24| is where this ends up.", "yes_correct"),
        ("What is sum([12, 12])? Work it out.", "no"),  # a step left to do
    ],
)
def test_the_answer_in_other_scripts_and_written_as_a_call(response, label):
    problem = "Julia had 12 spoons and bought 12 more. How many spoons does she have?"
    finding = detect_leakage(response, Fraction(24), student_said=["I got 20"], problem=problem)
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize(
    "response",
    [
        # puzzles that place the answer by a number a few from it, new to the moment (adversary round 32)
        "Hint: the answer is the successor of 159.",
        "Hint: the answer is neither 159 nor 161, but the number sitting in the middle.",
        "Hint: on a number line, jump three places to the right of 157 and you are there.",
        "Hint: 159 falls one short of the answer, and 161 overshoots it by one.",
        "Hint: the answer is the first even number after 158.",
        # digits turned round or put on the end, the answer in a Chinese or Japanese sentence, in hours and minutes
        "Hint: write 061 backwards and that's your answer.",
        "Hint: reading from right to left, the digits of the answer are 0, 6 and 1.",
        "Hint: take 16 and put a zero on the end of it.",
        "Hint: write 16, followed by a 0.",  # round 33
        "Hint: take 1607 and drop its last digit.",
        "Hint: keep the 200 in mind, and remove the 7 from the end of 1607.",  # round 34
        "Hint: swap the last two digits of 106.",
        "Hint: the digits of the answer, in order, are one, six and zero.",
        "Right! \u7b54\u6848\u662f160\u3002",
        "Hint: the whole download takes 2 hours and 40 minutes.",
        # a part or a multiple of a number of the problem or the student's, a digit of theirs changed (round 39)
        "It might help to know the answer is four fifths of the 200 in the problem.",
        "Notice that the answer comes to exactly four times the 40 in the problem.",
        "The answer is 4/5 of 200.",
        "Your 100 minutes is only five eighths of what it should be.",
        "Change the 0 in your 100 to a 6 and you'll be there.",
        # a gap from a number named as the problem's, the answer to be written down, an equation on the answer with
        # the problem's number named (round 40)
        "The answer sits exactly 40 below the 200 in the problem.",
        "You should land 40 short of the 200 in the problem.",
        "Go ahead and write 160 minutes in the answer box.",
        "Your final answer plus the 20 in the problem should make 180.",
    ],
)
def test_the_answer_placed_by_a_near_number_or_its_digits_is_revealed(response):
    finding = _carla(response)
    assert finding.label == "yes_correct", response


@pytest.mark.parametrize(
    "response",
    [
        # a number near the answer that counts a thing of its own, said of no answer (adversary round 33)
        "For example, if a shelf holds 158 books and you take 5 away, 153 books are left.",
        "Think of a bag of 161 sweets: you eat 6 of them and 155 are left.",
        "A crate of 162 apples weighs more than a bag.",
        # a sentence about something else, or an example (round 34)
        "For practice: 161 is an odd number.",
        "Here's an example, not the answer: a bus with 162 seats and 4 of them empty carries 158 people.",
        "At that rate, 316 GB would take 158 minutes.",
        "Your 100 minutes is not 3/4 of the whole download.",  # a part of something else than the answer
        "Change the 1 in your 100 to a 2.",  # 200
    ],
)
def test_a_near_number_that_counts_a_thing_of_its_own_places_nothing(response):
    assert _carla(response).label == "no", response


def _carla(response: str):
    problem = ("Carla downloads a 200 GB file at 2 GB/minute; 40% of the way in, a restart takes 20 minutes. How many "
               "minutes does it take?")  # fmt: skip
    solution = "80 / 2 = 40 minutes, then 20 minutes, then 200 / 2 = 100 minutes: 160 minutes"
    return detect_leakage(response, Fraction(160), student_said=["80 + 20 = 100"], problem=problem, solution=solution)


@pytest.mark.parametrize(
    ("response", "answer", "label"),
    [
        # a number of the answer's value that counts another thing than the problem asks how many of (MathDial)
        ("Yes, then he adds 1 ball for each of the 4 weeks.", 4, "no"),
        ("You've found the $2 spent on gumballs, and that he had $4 change.", 4, "no"),
        ("Read the last two sentences of the problem once again.", 2, "no"),
        ("For example, if a pack holds 4 stickers and you use 1, 3 are left.", 4, "no"),
        ("So he juggles 4 spheres now.", 4, "yes_correct"),  # a noun the problem never says: the asked one, reworded
        ("Yes, he practised for 4 weeks in all.", 4, "no"),  # a unit of another kind
        ("Yes, he juggles 4 balls.", 4, "yes_correct"),  # what it asks how many of
        ("He juggles 4 red balls.", 4, "yes_correct"),
        ("The answer is 4 weeks.", 4, "yes_correct"),  # claimed as the answer, whatever it counts
        ("He ends with 4.", 4, "yes_correct"),
        # a noun the problem never says, beside the asked one, one's own, or counting a list (round 34)
        ("You can count the balls on your 4 fingers.", 4, "no"),
        ("It may help to count on your 4 fingers.", 4, "no"),
        ("A die has 4 corners on a face, but here we count balls.", 4, "no"),
        ("Compare the 4 prices: $1, $2, $3 and $5.", 4, "no"),
        ("Compare the 4 prices: $1, $2 and $3.", 4, "yes_correct"),  # it counts no list of its own
        # the student's own number reported as theirs, not called right
        ("And you calculated x = 2 in your last step.", 2, "no"),
        ("You were right when you said 2.", 2, "yes_correct"),
    ],
)
def test_a_number_of_the_answers_value_that_counts_another_thing_reveals_nothing(response, answer, label):
    problem = "Josh juggles balls. Each week he adds 1 ball; he drops 3 on stage. How many balls does he juggle with?"
    said = ["I think x = 2 so he has 6 balls.", "So he has 6 balls."]
    finding = detect_leakage(response, Fraction(answer), student_said=said, problem=problem)
    assert finding.label == label, finding.rationale


def test_a_given_of_the_problem_called_the_answer_is_a_wrong_answer_whoever_said_it_since():
    """Round 58: a real turn with its numbers permuted ("so 7 is our required answer." for 14) read as the student's
    number said back, because the student had repeated the problem's 7; a number of the problem called *the answer*
    is the tutor's claim. "The total is 7" may total a part, and the student's own answer said back is theirs."""
    problem = "People trade 2 old records for 1 new one. 5 people leave with 7 new records. How many old records?"
    said = ["The 5 people leave with 7 new records, so each brought 2 and 2 x 5 = 10."]
    for claim in ("So 7 is our required answer.", "The answer is 7.", "The final answer is 5 records."):
        finding = detect_leakage(claim, Fraction(14), student_said=said, problem=problem)
        assert finding.label == "yes_incorrect", (claim, finding.rationale)
    for not_a_claim in ("The total is 7 new records.", "Your answer is 10, but check it.", "Is 7 the answer?"):
        assert detect_leakage(not_a_claim, Fraction(14), student_said=said, problem=problem).label == "no", not_a_claim
    assert detect_leakage("So 14 is our required answer.", Fraction(14), student_said=said,
                          problem=problem).label == "yes_correct"  # fmt: skip


def test_confirming_the_students_own_answer_reveals_nothing_but_restating_an_early_number_as_the_total_does():
    said = ["3 x 4 = 12 apples, and then 12 + 3 = 15 apples."]
    assert detect_leakage("The total should be 12 apples, not 15.", Fraction(12), student_said=said,
                          problem=PROBLEM).label == "yes_correct"  # fmt: skip
    said = [*said, "Oh, so it is 12 apples."]
    assert detect_leakage("Yes, 12 apples. Well done!", Fraction(12), student_said=said, problem=PROBLEM).label == "no"


def test_the_students_answer_is_the_last_number_they_do_not_deny():
    # round 40's reference run: the human teacher's "No the correct answer to the problem is $104" was read as the
    # student's own number confirmed, though the student had said $104 is not the cost of the boots
    from trtutor.scorers.offline.leakage import standing_number

    said = "This gives the cost of the boots, which is $94. Adding $5 to $99 gives $104, which is not the boots' cost."
    assert standing_number(said) == 94
    assert standing_number("So the boots cost $104.") == 104
    problem = "Two pairs of heels cost $99 together. The boots cost $5 more. How many dollars are the boots?"
    finding = detect_leakage("No the correct answer to the problem is $104", Fraction(104), student_said=[said],
                             problem=problem)  # fmt: skip
    assert finding.label == "yes_correct", finding.rationale


def test_a_recap_of_the_students_own_step_reveals_nothing_but_the_tutors_own_step_with_their_numbers_does():
    # adversary round 39: the student's true steps recapped, one number of them the final answer
    said = ["7 x 2 = 14 and 14 / 5 = 2.8, so each brought 2.8 records."]
    problem = "5 people come in with old records and leave with 7 new records, 2 old for 1 new. How many old records?"
    for recap in ("Let's recap your steps: 7 x 2 = 14 and 14/5 = 2.8.", "So far you have 7 x 2 = 14 and 14/5 = 2.8.",
                  "Let's look at what you have: 7 x 2 = 14."):  # fmt: skip
        assert detect_leakage(recap, Fraction(14), student_said=said, problem=problem).label == "no", recap
    for stated in ("So for 7 new records, there should be 7 x 2 = 14 old records.",  # MRBench dev, GPT4: "Yes"
                   "Your steps: 7 x 2 = 14, which is right.",  # called right
                   "Let's recap your steps: 7 x 3 = 14."):  # not a step they wrote  # fmt: skip
        assert detect_leakage(stated, Fraction(14), student_said=said, problem=problem).label == "yes_correct", stated


def test_a_sentence_of_the_student_quoted_back_ends_at_its_closing_quote():
    said = ["He sold 5 sets and had 13 left.", "Oh, right. So he sold 2 lego sets and still has 11 left."]
    problem = "Tony had 13 lego sets and sold some. He has 11 left. How many did he sell?"
    for quote in ('You wrote: "So he sold 2 lego sets and still has 11 left." Can you tell me why you did that?',
                  "You said “So he sold 2 lego sets and still has 11 left.” Why?"):  # fmt: skip
        assert detect_leakage(quote, Fraction(2), student_said=said, problem=problem).label == "no", quote


@pytest.mark.parametrize(
    ("text", "number"),
    [("veinticinco", 25), ("treinta y cinco", 35), ("quatre-vingt-dix", 90), ("vingt et un", 21),
     ("einundzwanzig", 21), ("dreihundert", 300), ("centoventi", 120), ("ventotto", 28), ("vinte e cinco", 25),
     ("mil doscientos", 1200), ("二十五", 25), ("一百零五", 105), ("पच्चीस", 25), ("दो सौ", 200),
     ("είκοσι πέντε", 25), ("δεκαπέντε", 15), ("خمسة وعشرون", 25), ("스물다섯", 25), ("이십오", 25), ("십", 10),
     ("ยี่สิบห้า", 25), ("สามสิบ", 30),
     # Turkish, Swedish, Norwegian, Danish, Finnish, Swahili, Polish, Japanese in romaji (an adversary's, round 8)
     ("yirmi beş", 25), ("on iki", 12), ("iki yüz", 200), ("tjugofem", 25), ("ett hundre og tjue", 120),
     ("femogtyve", 25), ("kaksikymmentäviisi", 25), ("kaksitoista", 12), ("ishirini na tano", 25),
     ("dwadzieścia pięć", 25), ("ni jū go", 25), ("jū", 10), ("kyū", 9),
     # Ukrainian, Persian, Urdu, Hebrew, Bengali, pinyin, Esperanto, Latin, financial and hiragana numerals
     ("двадцять п'ять", 25), ("двадцять п’ять", 25), ("بیست و پنج", 25), ("سیصد و بیست", 320), ("پچیس", 25),
     ("עשרים וחמש", 25), ("חמש עשרה", 15), ("পঁচিশ", 25), ("èr shí wǔ", 25), ("er shi wu", 25),
     ("yi bai ling wu", 105), ("dudek kvin", 25), ("cent dudek", 120), ("viginti quinque", 25), ("贰拾伍", 25),
     ("にじゅうご", 25),
     # Catalan, Slovak, Lithuanian, Estonian, Icelandic, Basque (round 11)
     ("vint-i-cinc", 25), ("dvadsaťpäť", 25), ("dvidešimt penki", 25), ("kakskümmend viis", 25),
     ("tuttugu og fimm", 25), ("hogeita bost", 25),
     # Maori and Latvian (round 12)
     ("rua tekau mā rima", 25), ("tekau mā rua", 12), ("divdesmit pieci", 25), ("divpadsmit", 12),
     ("divi simti", 200), ("njëzet e pesë", 25), ("nëntëdhjetë e tetë", 98), ("dymbëdhjetë", 12), ("dyzet", 40),
     # Croatian, Serbian and Bosnian (round 15)
     ("sto šezdeset", 160), ("dvadeset pet", 25), ("двадесет пет", 25), ("dvije tisuće petsto", 2500),
     ("четрнаест", 14),
     # Bulgarian and Macedonian (round 54: "четиридесет" had read as 4 + 10)
     ("двадесет и пет", 25), ("четиридесет", 40), ("петнадесет", 15), ("две хиляди и петстотин", 2500),
     ("дваесет и пет", 25), ("осумнаесет", 18),
     # a multiplier below a thousand multiplies the terms since the last larger one
     ("một trăm hai mươi", 120), ("seratus dua puluh", 120), ("hyaku ni jū", 120), ("två tusen", 2000),
     # Belarusian, Kazakh, Tajik, Amharic, Kannada and Telugu (round 41)
     ("дваццаць пяць", 25), ("дзесяць", 10), ("тоқсан сегіз", 98), ("екі жүз", 200), ("шаш", 6), ("сию ду", 32),
     ("сесаду панҷову ду", 352), ("ሠላሳ ሁለት", 32), ("አሥር", 10), ("ಅರವತ್ತು", 60),
     ("నాలుగు వేయి ఆరు వందల ఇరవై అయిదు", 4625), ("పది", 10),
     # Kannada's tens fused with their units, as written and as num2words writes them
     ("ಮೂವತ್ತೆರಡು", 32), ("ಮೂವತ್ಮೂರು", 33), ("ನಲವತ್ತೈದು", 45), ("ತೊಂಬತ್ತೊಂಬತ್ತು", 99), ("ಮೂವತ್ತ್ಎರಡು", 32),
     ("ಇಪ್ಪತ್ತ್ ಒಂದು", 21), ("ನಾಲ್ಕು ನೂರ ಮೂವತ್ತ್ಎರಡು", 432),
     # Uzbek (its apostrophes in three forms) and Azerbaijani (round 62)
     ("yigirma besh", 25), ("to'rt", 4), ("oʻn ikki", 12), ("to’qson to'qqiz", 99), ("uch ming", 3000),
     ("ikki yuz", 200), ("iyirmi beş", 25), ("qırx səkkiz", 48), ("doxsan", 90)],
)  # fmt: skip
def test_number_words_of_other_languages(text, number):
    assert [form.value for form in foreign_numbers(text)] == [number]


@pytest.mark.parametrize(
    "text",
    ["The mile is long.", "Once upon a time.", "Um, due to the rain.", "One cent.", "이 문제", "สามารถ", "Go on, then.",
     "It is due on Monday.", "Seventeen apples.", "Let's go on to the next one.", "I opt for the red hat.",
     "Compare the sizes.", "Er, what is it?", "San Francisco is far.", "ありません", "じゅうぶん", "OK, so what now?",
     "Find the mazes.", "Sandy's age.", "Do you have a pet?", "он пошёл в сад", "як справи", "Ming is here.",
     "It took 5 min.", "It's 3 o'clock."],
)  # fmt: skip  # "이" (this) alone is a word; a Thai word that holds "สาม" (3) is no number; "go" and "on" (Japanese 5,
# Turkish 10) are read only beside a number word; an English number word is English's ("seventeen" is no se-vent-een);
# pinyin without tones is read only as whole words beside a multiplier ("sizes" is no si-zes, 4 + 6); hiragana only as
# two numerals or more with a ten, hundred, thousand or ten thousand ("せん" in "ありません" is no 1,000)
def test_english_words_are_not_foreign_numbers(text):
    assert foreign_numbers(text) == []


@pytest.mark.parametrize(
    ("response", "label"),
    [("My key says t\u0435n apples.", "yes_correct"),  # Cyrillic е inside a Latin word
     ("Could it be \u0455ix plus f\u043eur apples?", "yes_correct"),
     ("Think t3n.", "yes_correct"), ("Would 73N apples make sense?", "yes_correct"),  # digits for letters
     ("Apples = xI.", "no"), ("Apples = iX, right?", "no"), ("Apples = X.", "no"),
     ("Hmm. Apples = xI.", "no"), ("So the apples come to ⠼⠁⠚.", "yes_correct"),  # braille
     ("Oh, apples = Xi? No: ix.", "no"),
     ("Остаётся десять яблок.", "yes_correct"), ("I got 2nd place.", "no")],
)  # fmt: skip
def test_the_answer_in_look_alike_letters_digits_for_letters_braille_or_mixed_case_roman_is_revealed(response, label):
    # round 55: a word that mixes look-alike letters of another script with Latin ones is read as it looks; a number
    # word with digits for its letters as the word; braille's digits after its number sign
    problem = "Tom has 4 apples and buys 6 more. How many apples does he have?"
    assert detect_leakage(response, Fraction(10), student_said=["I think 7"], problem=problem).label == label


def test_a_numeral_in_mixed_case_is_read():
    from trtutor.scorers.offline.number_forms import roman_numerals

    assert [form.value for form in roman_numerals("Records = xiV, or xCvIIi.")] == [14, 98]
    assert roman_numerals("Mix it, Vim, the CiVil war") == []  # a word's capital, or a word


HENS = "A farm has 1000 hens and buys 500 more. How many hens does it have now?"


@pytest.mark.parametrize(
    ("response", "label"),
    [("It has 1.500 hens now.", "yes_correct"), ("It has 1 500 hens now.", "yes_correct"),
     ("Does it have 1\u202f500 hens now?", "yes_correct"), ("It has 1'500 hens, hasn't it?", "yes_correct"),
     ("It has 1.000 hens and buys 500.", "no"), ("It keeps them in 1 500-hen barns.", "no"),
     ("Divide 1 by 3: about 0.333.", "no")],
)  # fmt: skip
def test_the_answer_with_its_digits_grouped_another_way_is_revealed(response, label):
    # a number format of other countries (a dot, a space or an apostrophe between groups of three digits)
    assert detect_leakage(response, Fraction(1500), student_said=["I think 1000"], problem=HENS).label == label
    assert [form.value for form in grouped_numbers("1.500, 12 345 678 and 1'500")] == [1500, 12345678, 1500]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("Er zijn er vijftien over.", [15]), ("Jäljellä on viisitoista.", [15]), ("cinco cinco", [5, 5]),
     ("quatre vingt dix sept", [97]), ("fünf und zwanzig", [25]), ("dua belas", [12]), ("shi er", [12]),
     ("yi bai ling wu", [105])],
)  # fmt: skip
def test_two_numbers_side_by_side_are_two_whatever_their_languages(text, numbers):
    # Finnish and Dutch 15 had read as 25 and 17, joined to Turkish "on" (10) and pinyin "er" (2) before them; the words
    # of one number add smaller parts, multiply, or say a ten after its unit (a zero holds a place)
    assert [form.value for form in foreign_numbers(text)] == numbers


@pytest.mark.parametrize(
    ("text", "correct"),
    [
        ("Twelve minus three is nine.", True),
        ("5 times 4 equals 25.", False),
        ("Half of 30 is 16.", False),
        ("Twice 8 makes 16.", True),
        ("20 percent of 50 is 10.", True),
        ("Ten divided by two is six.", False),
        ("70 ÷ 24 equals 2 remainder 22.", None),  # a division with its remainder is no claim of 2 (below)
        ("1+3+2+4 equals 11.", None),  # a longer sum: not read as its last two terms (4 is not 11)
        ("If 23 - 10 is 12, what does that tell you?", False),  # a spaced minus with a result in words
        ("25 - 18 equals 7.", True),
        ("Children aged 5-7 are welcome.", None),  # an unspaced dash is a range
        ("Where does the 25 that comes from 12 plus 12 go?", False),  # the result first, in a relative clause
        # the result named, then the operation it comes from, a step named between (round 25)
        ("Keep the 166 from 160 + 5 in mind.", False),
        ("You'll want the 16 you get from 36 / 2.", False),
        ("The 2 × 80 part comes to 158.", False),
        ("The 18 you get from 36 / 2 is right.", True),
        ("Subtract the 3 from 12 + 5.", None),  # taken away, not a result
        ("Seventy-nine, which is forty plus thirty-six, is the score.", False),
        ("You have 24, which is 12 plus 12.", True),
        ("After getting 173 from adding 71 and 100, what next?", False),  # the result, then the operation
        ("We got 45 by multiplying 5 and 9.", True),
        ("That 8 from taking 5 from 12 is the key.", False),
        ("Five threes make 16, so what would you do?", False),  # so many of a number
        ("Since 3 lots of 5 come to 17, where does that leave you?", False),
        ("Twelve and three make sixteen, so what?", False),  # a sum said with "and" and a verb of summing
        ("12 and 3 make 15.", True),
        ("5 and 12 are 17.", None),  # may name two things
        ("Rather than 7, would 10 and 2 more make 13?", False),  # on top of another number
        ("The mean of 71 and 79 is 77, so what next?", False),  # an average
        # a count in dozens with the things themselves (probe 53b)
        ("1 dozen plus 6 is 18 donuts.", None),
        ("1 dozen plus 6 is 19 donuts.", False),
        ("26 pencils is 2 dozen and 2.", True),  # a result said first of a count and what is added (probe 56b)
        ("40 is 3 dozen and 2.", False),
        ("1 dozen plus 6 is 1.5 dozen.", None),
        ("2 dozen cupcakes plus 1 dozen donuts is 36 pastries.", None),
        ("2 dozen cupcakes plus 1 dozen donuts is 37 pastries.", False),
        # the verbs of a result in their other tenses and persons (round 56)
        ("15 minus 5 leave you 5.", False),
        ("15 take away 5 have made forty.", False),
        ("15 less 5 grow to 5.", False),
        ("15 minus 5 add to 10.", True),
        ("12 plus 3 totals 15.", True),
        # a result in dice faces or tally marks, counted (round 57)
        ("15 less 5 come to ⚅⚃.", True),
        ("15 minus 5 is 卌 卌 |.", False),
        # round 67: "=" before a result in words, a colon before a result that ends its sentence, a result in the
        # passive after the story, a whole said as its parts, a power said before its base
        ("12 + 3 = five.", False),
        ("12 + 3 = fifteen.", True),
        ("12 + 3: 5.", False),
        ("12 + 3: 15.", True),
        ("Step 2 + 3: 6 apples go in.", None),  # the result does not end its sentence
        ("When 3 is added to 12, 5 is obtained.", False),
        ("When 5 is subtracted from 15, 11 is obtained.", False),
        ("So 5 is made of 12 and 3.", False),
        ("9 and 6 make up 15.", True),
        ("15 breaks into 9 and 5.", False),
        ("15 is made of 1 ten and 5 ones.", None),  # places, not parts
        ("So 13 is made of 3 lots of 4.", False),
        # a hyphen that joins a number to its noun is no sign; "without" takes away; "and" before what is left
        ("A 3-spoon increase on 12 is 16.", False),
        ("A 3-spoon increase on 12 is 15.", None),  # right: the reader of unnamed operations reads only what is wrong
        ("12 without 3 is 10.", False),
        ("12 without 3 is 9.", None),
        ("She had 12 apples and ate 4, and 9 are left.", False),
        ("So 15 breaks into 3 equal parts of 5.", True),
        ("The square of 3 plus 3 is 13.", False),
        # or in runs of one mark (round 66)
        ("●●● plus ●●●● is ●●●●●●●●.", False),
        ("🍎🍎🍎🍎🍎🍎🍎 take away 🍎🍎🍎🍎 leaves 🍎🍎🍎.", True),
        # a count of groups beside a count of loose things is no sum of the two (round 74: the story retold)
        ("Jam has 3 full boxes plus 2 loose pencils, 26 pencils in all.", None),
        ("So 3 apples plus 2 apples, 26 apples in all.", False),
        ("3 boxes plus 2 boxes, 26 boxes in all.", False),
        # a story that starts from an amount it does not say: its end counts that amount too (round 74)
        ("Julia starts with some spoons, gets 5 more, uses 3, and ends with 12.", None),
        ("She had x apples, ate 4, and 9 were left.", None),
        ("She had 10 apples, ate 4, and 9 were left.", False),  # the start said
        ("Let us do some counting: 12 and 3 more ends at 16.", False),  # "some" of no start
        # what a number grows or shrinks into, and where a story's step lands after "so now" (round 75)
        ("If 12 grows by 3, it becomes 16.", False),
        ("If 26 shrinks by 2, it becomes 26.", False),
        ("If 26 shrinks by 2, it becomes 24.", None),
        ("We had 12 and picked up 3 more, so now we're at 16.", False),
        ("We had 12 and picked up 3 more, so now we're at 15.", None),
    ],
)
def test_arithmetic_in_words(text, correct):
    claims = arithmetic_claims(text)
    assert [claim.correct for claim in claims] == ([] if correct is None else [correct])


@pytest.mark.parametrize(
    ("text", "correct"),
    [
        # said in another language, with digits (adversary round 41)
        ("Ojo: 12 por 5 es 9.", False),
        ("Denk daran: 12 plus 5 ist 9.", False),
        ("Atenção: 2 vezes 10 são 4.", False),
        ("Note : 100 plus 5 égale 20.", False),
        ("Nota: 11 per 2 dà 26.", False),
        ("Denk daran: 55 mal 3 macht 165.", True),
        ("Let op: 12 keer 5 is 9.", False),  # Dutch: its "is" goes with its own operators only
        ("20 gedeeld door 4 is 6.", False),
        ("12 maal 5 is 60.", True),
        ("Kom ihåg: 12 gånger 5 är 9.", False),
        ("Husk: 12 gange 5 er 60.", True),
        # the result after a comma and a word that points back, a pronoun and a stress word (round 73)
        ("Vérifions : 12 plus 3, ça fait exactement 5.", False),
        ("En fait, 15 moins 5, ça nous fait 3.", False),
        ("Remarque : 12 et 3, ça fait bien 15.", True),
        ("Ojo: 12 más 3 da 5.", False),
        ("Mira, 12 más 3, eso da justo 15.", True),
        ("Also: 12 plus 3, das macht genau 5.", False),
        ("Allora, 12 e 3, questo ci dà proprio 5.", False),
        # laid out in a table row or a column
        ("| 12 | + | 5 | = | 9 |", False),
        ("| step | value |\n|---|---|\n| 400 × 3 | 2400 |\nCould you explain?", False),
        ("| step | value |\n|---|---|\n| 400 × 3 | 1200 |", True),
        ("```\n  10\n× 40\n----\n   3\n```\nSlow down.", False),
        ("  12\n   5\n----\n  17", True),  # no sign written: a column sum
        ("  12\n   5\n----\n  18", False),
        # emoji operators, and the result as what remains or what a number doubled gives (round 42)
        ("Quick check: 25 ➕ 16 🟰 20.", False),
        ("2 ✖️ 24 🟰 48", True),
        ("Take 2 away from 8 and 10 remain.", False),
        ("Take 2 away from 8 and 6 remain.", True),
        ("36, doubled, gives 40.", False),
        ("12 + 5 := 20", False),  # round 43
        ("12 × 5 ≅ 60", True),
        ("Subtract 2 from 8 and you're left with 10.", False),
        ("Remove 2 from 8 and 6 are left.", True),
    ],
)
def test_arithmetic_laid_out_or_in_another_language(text, correct):
    [claim] = arithmetic_claims(text, [])
    assert claim.correct is correct, claim


def test_a_line_marked_with_a_cross_is_named_to_be_corrected():
    """Round 42's honest style: a tutor marking the student's lines; the crossed line is theirs, not the tutor's."""
    claims = arithmetic_claims("Let me mark your lines:\n✗ 1 ÷ 4 = 1\n✓ 100 ÷ 5 = 20\nSo what next?", [])
    assert [(claim.text, claim.correct, claim.quoted) for claim in claims] == [
        ("1 ÷ 4 = 1", False, True), ("100 ÷ 5 = 20", True, False)]  # fmt: skip
    [claim] = arithmetic_claims("2.25 + 66 = 88.5 ❌", [])
    assert claim.quoted
    assert false_number_facts("12/5 equals 9/4.") and not false_number_facts("12/5 equals 36/15.")
    assert false_number_facts("12/5 simplifies to 9/4.") and not false_number_facts("12/5 reduces to 36/15.")
    assert not false_number_facts("Remember, 3 times 4 equals 12.")  # the result of an operation, read as such


def test_what_is_no_laid_out_arithmetic():
    assert arithmetic_claims("| item | cost |\n| apples | 5 |", []) == []  # a table of values
    assert arithmetic_claims("Step 1\n----\n 12", []) == []  # a heading underlined


def test_latex_maths_is_read_as_plain_text():
    """Round-16 adversary: LaTeX's delimiters hid a wrong step, a misstated quantity and the answer as a fraction."""
    [claim] = arithmetic_claims(r"So \(4 \times 40 = 530\), right?", [])
    assert not claim.correct and not claim.quoted
    moment = {"problem": "Carla waits 20 minutes. How long?", "ground_truth": "", "conversation_history": "",
              "student_incorrect_solution": ""}  # fmt: skip
    assert false_quantities(r"Remember, there are \(22\) minutes in the problem.", moment)
    leak = detect_leakage(r"That gives \(\dfrac{480}{3}\) minutes.", Fraction(160), student_said=["I got 100"],
                          problem="Carla waits 480 minutes over 3 days.", conversation="")  # fmt: skip
    assert leak.label == "yes_correct"


@pytest.mark.parametrize(
    ("text", "correct"),
    [("Okay: 3 multiplied by 68 lands on 205.", False), ("3 multiplied by 68 lands on 204.", True),
     ("Twelve plus three takes us to fifteen.", True), ("12 plus 3 puts us at 16.", False),
     ("12 plus 3, that's 16.", False), ("40 plus 20, which is 60.", True), ("160 plus 330 works out at 696.", False),
     # after the comma and a word that points back, any verb of a result, stressed or not (round 73, judges v54)
     ("12 + 3, which equals 5.", False), ("12 plus 3, that makes exactly 5.", False),
     ("12 plus 3, which is equal to 15.", True), ("12 plus 3, that's exactly 16.", False),
     ("15 minus 5, this comes to 10.", True),
     ("3 times 68? 207.", False), ("3 times 68? 204.", True),
     # an arrow from the calculation to its result (round 17)
     ("Let's jot it down: 12 + 12 => 34.", False), ("3 × 80 ⟶ 240, then?", True), ("12 + 12 -> 25", False),
     ("5 x 3 → 15 apples", True),
     # the result in a sentence of its own, after the operation (round 17)
     ("Count 10 rows of 40. That gives us 402. What next?", False),
     ("Imagine 5 bags of 5. So we have 27 in all.", False),
     ("Count 12 sets of 12. Altogether that's 146 now.", False), ("Multiply 3 by 4. That gives 12.", True),
     # an arrow between steps means "then" (round 18): only the step's own "=" is a claim
     ("3 × 6 = 18 → 18 + 4 = ?", True), ("So far: 12 + 3 = 15 → 15 - 5 = ?", True)],
)  # fmt: skip
def test_a_result_said_as_where_the_arithmetic_arrives(text, correct):
    [claim] = arithmetic_claims(text, [])
    assert claim.correct == correct


@pytest.mark.parametrize(
    "text",
    [
        "Step 1 → 12 + 3.", "Day 1 → 3 × 6 pencils", "Here's the plan: 12 + 3 → 15 - 5 → answer.",
        "Then Tom's 4 → 18 + 4.", "12 + 3 → 15 → 10",  # an arrow to a label, another step or a chain of steps
        # a sentence after an operation that says what its numbers are, not what it comes to (round 18)
        "Multiply 3 by 6. That's 3 packs with 6 pencils in each.",
        "Add 12 and 3. That's 12 on the table, 3 in the stew.",
        "Subtract 5 from 15. This is 5 spoons from her husband, taken out of the total.",
        "We add 12 and 3. That gives us 12 still on the table and 3 already used.",
    ],
)  # fmt: skip
def test_what_an_arrow_or_the_next_sentence_does_not_claim(text):
    assert arithmetic_claims(text, []) == [], text


def test_a_wrong_claim_in_a_question_is_the_tutors_unless_the_student_made_it():
    [claim] = arithmetic_claims("Since 5 x 4 = 25, how many are left?", STUDENT)
    assert not claim.correct and not claim.quoted
    [claim] = arithmetic_claims("Is 3 + 4 = 8?", ["I think 3 + 4 = 8."])
    assert not claim.correct and claim.quoted
    # reported as the student's, theirs only if they said its result (round 47: a misquote approved is the tutor's)
    [claim] = arithmetic_claims('You wrote "8 times 20 is 163" - and that step is true.', STUDENT)
    assert not claim.correct and not claim.quoted
    [claim] = arithmetic_claims("You wrote 3 + 4 = 7.", STUDENT)
    assert claim.correct and claim.quoted
    [claim] = arithmetic_claims("You wrote 3 + 5 = 7.", STUDENT)  # their 7, said with another step: theirs
    assert not claim.correct and claim.quoted
    # a premise a question goes on from is asserted, whoever said its result (round 56: "So, 15 minus 5 leave you 5;
    # which step follows?"); the question itself asks
    for premise in ("Since 3 + 4 = 8, what comes next?", "So, 3 plus 4 leaves 8; which step follows?",
                    "Now that 3 + 4 = 8, how do we finish?"):  # fmt: skip
        [claim] = arithmetic_claims(premise, ["I think 3 + 4 = 8."])
        assert not claim.correct and not claim.quoted, premise
    [claim] = arithmetic_claims("So 3 + 4 = 8?", ["I think 3 + 4 = 8."])
    assert claim.quoted
    # a premise that names the student's work or quotes it reports it, and "with" inside a clause opens none (probe 56b)
    for reported in ("Given your line 3 + 4 = 8, which part would you check?",
                     "With 3 + 4 = 8 in your answer, what is 3 + 4?", "What is wrong with 3 + 4 = 8, do you think?",
                     "With the line '3 + 4 = 8', which part is the apples?"):  # fmt: skip
        [claim] = arithmetic_claims(reported, ["I think 3 + 4 = 8."])
        assert claim.quoted, reported


def test_a_quantity_of_the_problem_stated_with_a_wrong_value():
    moment = {"problem": PROBLEM, "ground_truth": "3 x 4 = 12 apples. #### 12", "conversation_history": "",
              "student_incorrect_solution": STUDENT[0]}  # fmt: skip
    [found] = false_quantities("Remember, Tom has 5 boxes.", moment)
    assert found.noun == "box"  # nouns are compared in their singular, one rule for every reader (`singular`)
    assert false_quantities("Tom has 3 boxes, so 3 x 4 = 12 apples.", moment) == []
    # a table or a smaller case of the turn's own varies a count: none states the problem's (round 68)
    assert false_quantities("1 box has 4 apples. 2 boxes have 8 apples. How many do 3 boxes have?", moment) == []
    assert false_quantities("With 2 boxes, each holds 4 apples. With 3 boxes?", moment) == []
    assert false_quantities("If Tom had 5 boxes, how many apples would he have?", moment) == []
    assert false_quantities("He does not have 5 boxes.", moment) == []
    assert false_quantities("Tom has 5 boxes, right?", moment)  # a tag question asserts it
    candies = {**moment, "problem": "Ann has 5 candies. How many are left?"}
    assert false_quantities("She has 9 candy to start with.", candies)
    assert false_quantities("Tom has 5 boxes, doesn't he?", moment)  # the tag's "n't" negates nothing
    [found] = false_quantities("Tom had 9.", {**moment, "problem": "Tom has 5 apples. How many?"})
    assert found.problem_value == 5 and found.stated == "9"


# the problems the families below are read against; no value a turn states is said anywhere else
QUANTITY_PROBLEMS = {
    "boxes": "Tom has 3 boxes with 4 apples each. How many apples does he have?",
    "colours": "Tom has 3 red boxes and 2 blue boxes. How many boxes does he have?",
    "kilos": "Ann buys 3 kg of apples and $6 of candy. How much does she spend?",
    "pencils": "Jam has three boxes of pencils and 2 loose pencils. How many pencils?",
    "two people": "Tom has 5 apples and Ann has 8 apples. How many apples do they have?",
    "price": "Apples cost $2 each. Tom buys 5 apples. How much does he pay?",
    "weight": "Tom has 3 boxes. Each box weighs 2 kg. What is the total weight?",
    "wings": "Kevin can eat 64 wings. Alan eats 5 hot wings per minute. How many more?",
    "new spoons": "Her husband bought a package of 5 new spoons. She used 3. She had a total of 12 spoons. How many?",
    "gumballs": "Hector bought gumballs. He gave 4 to Todd, then twice as many to Alisha. He had 6 left. How many?",
    "file": "Carla is downloading a 200 GB file at 2 GB/minute. How long does it take?",
    # the problem's own slip of spelling (MathDial 6000015: "12 car tries")
    "typo": "On Thursday he repairs 4 car tires. On Friday he repairs 12 car tries. How many more on Friday?",
    # a person named apart, a total the problem gives, the problem's one person as "she" (adversary round 35)
    "sister": "Jam has three boxes of pencils and 2 loose pencils, a total of 26 pencils. Her sister, Meg, has 46 "
    "pencils. How many boxes do they need?",
    "one person": "Julia bought a package of spoons. Later, when she set the table, she had a total of 12 spoons. How "
    "many spoons were in the package?",
    "total": "3 customers were kicked out for refusing masks. If a total of 50 people were kicked out, how many were "
    "kicked out for other reasons?",
    # one duration, the restart's (MathDial 6000002)
    "restart": "Carla is downloading a 200 GB file. Normally she can download 2 GB/minute, but 40% of the way through "
    "the download, Windows forces a restart to install updates, which takes 20 minutes. How long does it take?",
    "donuts": "Paul bought 3 dozen donuts which cost $68 per dozen. How much did he pay?",
}


@pytest.mark.parametrize(
    ("problem", "response"),
    [
        ("boxes", "Tom has 9 boxes."),
        ("sister", "Meg has 64 pencils."),
        ("sister", "Jam has 36 pencils."),
        ("sister", "Remember, the problem gives Meg's pencils as 64."),
        ("sister", "Keep in mind that the problem says 64 for Meg's pencils."),
        ("one person", "We know Julia has 22 spoons when setting the table."),
        ("one person", "She had 22 spoons."),
        ("boxes", "Tom has nine boxes."),  # number words
        ("colours", "Tom has 9 red boxes."),  # an adjective between number and noun
        ("kilos", "Ann buys 9kg of apples."),  # a unit between them, written on the number
        ("kilos", "Ann buys 9 kg of apples."),
        ("kilos", "She gets $9 of candy."),
        ("pencils", "Jam has 9 boxes of pencils."),  # the noun of the group
        ("boxes", "Each box has 9 apples."),  # so many each, said before
        ("boxes", "The boxes: 9."),  # the noun before the number
        ("boxes", "Let's list what we know:\n\u2022 Boxes: 9\nWhich comes first?"),  # an item of a list (round 17)
        ("boxes", "The givens:\n- Boxes: 9\n- Apples: 4"),
        ("boxes", "Think about the boxes (9 of them). What do they tell you?"),  # counted after the noun
        ("boxes", "Look again at the boxes, all 9 of them."),
        ("boxes", "Since the count of boxes is 9, what next?"),  # after a clause opener (an adversary's, round 9)
        ("boxes", "With the boxes being 9, what would you do first?"),
        ("two people", "Tom's apples are 9."),
        ("price", "There are 9 apples in his bag."),
        ("price", "Apples cost $9 each."),  # a price per apple
        ("price", "Each apple costs $9."),
        ("two people", "Tom has 9 apples."),  # the person's possession, told from Ann's by the person
        ("two people", "Tom had 9."),
        ("two people", "Tom bought 9 apples."),
        ("weight", "With 9 boxes left, what is the total weight?"),  # a question's premise, asserted
        ("two people", "Since Tom has 9 apples, how many do they have?"),
        ("two people", "Tom has 9 apples, so how many do they have?"),
        ("two people", "How many do they have, given that Tom has 9 apples?"),
        ("wings", "Alan eats 9 hot wings per minute."),
        ("weight", "Don't forget the 9 boxes. What is the next step?"),  # a reminder presents it as given
        ("colours", "Remember the 9 red. Which operation fits?"),  # the noun left out
        ("boxes", "It's 9 boxes, not 7."),  # a negation denies what follows it only
        ("wings", "Remember the 9 hot wings."),  # a rate named without its "per minute"
        ("wings", "Great, so Alan eats 9 hot wings per minute - what next?"),  # premise clauses before the question
        ("new spoons", "Remember, her husband bought a package of 7 new spoons."),  # the problem's sentence misquoted
        ("new spoons", "She had a total of fourteen spoons. Try again."),  # its total, in words
        # a word that stresses the number keeps its value (an adversary's)
        ("new spoons", "Remember, her husband bought a package of exactly 7 new spoons."),
        ("new spoons", "She had a total of a full fourteen spoons."),
        # two of the problem's values swapped between their nouns (round 12)
        ("boxes", "Tom has 4 boxes with 3 apples each. What next?"),
        ("pencils", "Jam has 2 boxes of pencils and 3 loose pencils."),
        # a number between its verb and whom it goes to, whoever the subject is named as (round 29)
        ("gumballs", "Remember, Hector gave 5 to Todd."),
        ("gumballs", "Since he gave 6 to Todd, what did Alisha get?"),
        # sizes of files, and a quantity a question names as a person's (round 37)
        ("file", "The file is 300 GB."),
        ("file", "How does Carla's 300 GB file fit into your working?"),
        # a measure said of the thing the problem measures so, or of nothing named: the problem's one duration
        ("restart", "The restart takes 50 minutes."),
        ("restart", "Installing the updates takes her 30 minutes."),
        ("restart", "It takes 50 minutes."),
    ],
)
def test_each_family_of_a_quantity_stated_with_a_wrong_value_is_caught(problem, response):
    moment = {"problem": QUANTITY_PROBLEMS[problem], "ground_truth": "", "conversation_history": ""}
    assert false_quantities(response, moment), response


@pytest.mark.parametrize(
    ("problem", "response"),
    [
        ("boxes", "You said 7 apples, and 3 + 4 = 7."),  # the student's own numbers, quoted
        ("boxes", "Tom has 3 boxes, so 3 x 4 = 12 apples."),  # the solution's steps
        ("boxes", "He buys 4 more boxes."),  # a difference, not a quantity
        ("boxes", "He has 9 boxes more than Ann."),
        ("wings", "No, Alan has to eat at least 65 wings to beat Kevin."),  # a bound (MathDial)
        ("two people", "Does Tom have 9 apples?"),  # a question that asks about the quantity
        ("two people", "Is it 9 apples?"),
        ("two people", "If Tom had 9 apples, how many would they have?"),  # suppositions and negations
        ("two people", "Suppose Tom has 9 apples."),
        ("two people", "Tom doesn't have 9 apples."),
        ("two people", "They have 9 apples in total."),  # a total, not a given
        ("new spoons", "What if she had a total of 20 spoons?"),  # the problem's words, supposed
        ("new spoons", "You say she had a total of 7 spoons."),  # the student's own number, quoted
        ("two people", "He has 9 apples."),  # a pronoun: apples have two values, his are not known
        ("colours", "Tom has 9 green boxes."),  # another kind than the problem's
        ("colours", "Tom has 9 boxes."),  # the noun has two values (both Tom's: the problem says so once)
        ("colours", "Since the boxes are 9, what next?"),
        ("kilos", "Ann buys 9 apples."),  # a count, where the problem gives a weight
        ("kilos", "That is $50 - $20, which is $30."),  # a bare amount: an example's (MRBench, Phi3)
        ("price", "Tom pays 5 x $2 = $10 for 5 apples."),  # terms and results of arithmetic
        ("weight", "One week has 7 days, and each box weighs 2 kg."),  # a fact of units
        ("boxes", "For every 9 boxes, he gets one free."),  # a rate
        ("boxes", "He packs them, which is 2 crates and 9 boxes."),  # a result of what was just said
        ("weight", "So 3 boxes make 2 bags and 9 boxes left over."),  # a division's remainder
        ("new spoons", "She had a total of about 14 spoons."),  # a word that rounds it
        ("new spoons", "She had a total of 1,20 spoons."),  # a number it cannot read (MathDial: "2,00 steps")
        ("total", "So 47 people were kicked out for the other reasons."),  # a part of the total, not the total
        ("sister", "The problem says Jam has 2 loose pencils, so 24 are in the boxes."),  # the tutor's step after it
        ("boxes", "Tom has 3 boxes with 4 apples each. What next?"),  # each value with its own noun
        ("weight", "Tom has 3 boxes and each box weighs 2 kg."),
        ("gumballs", "He gave 4 to Todd and 8 to Alisha."),  # the problem's frame with its own value
        ("gumballs", "If he gave 5 to Todd, what would change?"),  # supposed
        ("gumballs", "He gave 7 to Alisha."),  # a frame the problem gives no number in
        # a simpler case of the tutor's own (round 30)
        ("boxes", "Pretend Tom has 2 boxes. What changes?"),
        ("boxes", "Start small: 2 boxes. How many apples?"),
        ("boxes", "Try it with 2 boxes first."),
        ("weight", "At 60 miles per hour, 30 minutes covers 30 miles, and each box weighs 2 kg."),  # a rate of its own
        ("typo", "Twelve car tires at $40 each bring in $480."),  # the problem's "tries", misspelt
        ("file", "How does Carla's 200 GB file fit into your working?"),
        # a measure said of another thing than the problem's measure of it (adversary round 38: the file's half, not
        # the restart)
        ("restart", "At her speed, half of the file takes 50 minutes."),
        ("restart", "The whole download takes 120 minutes."),
        ("restart", "Your final answer plus the 20 in the problem should make 180."),  # the tutor's own result
        # what the turn works out rightly itself, and a count in dozens said in the things (probe 53b)
        ("restart", "2 hours plus 30 minutes is 150 minutes."),
        ("donuts", "3 dozen donuts are 36 donuts."),
        ("donuts", "1 dozen plus 6 is 18 donuts, but the prices here are per dozen."),
    ],
)
def test_what_is_not_a_quantity_of_the_problem_stated_wrong_is_not_caught(problem, response):
    moment = {"problem": QUANTITY_PROBLEMS[problem], "ground_truth": "3 x 4 = 12", "conversation_history": "",
              "student_incorrect_solution": "I think he has 7 apples because 3 + 4 = 7."}  # fmt: skip
    assert false_quantities(response, moment) == [], response


def test_a_conversion_of_units_states_no_quantity_of_the_problem():
    # round 28: "Remember, 48 hours is 2 days." was read as the problem's 6 hours stated as 48
    moment = {"problem": "Two professionals work for him 6 hours a day for 7 days. One of them is paid $15 per hour.",
              "ground_truth": "6 * 2 = 12 hours per day", "conversation_history": "",
              "student_incorrect_solution": "I got 2520."}  # fmt: skip
    assert false_quantities("Remember, 48 hours is 2 days. Why are you multiplying again?", moment) == []
    assert false_quantities("Remember, 120 minutes is 2 hours.", moment) == []
    assert false_quantities("They work 8 hours a day.", moment)  # a quantity of the problem, misstated: still read


def test_a_problems_sentence_quoted_with_another_of_its_values():
    """Round-15 adversary: two of the problem's values swapped in its own words; each value is the problem's, but
    nothing of the moment says it in that frame."""
    moment = {"problem": "Carla is downloading a 200 GB file. Normally she can download 2 GB/minute, but 40% of the "
              "way through, Windows forces a restart, which takes 20 minutes. How long does it take?",
              "ground_truth": "40% of 200 GB is 80 GB, which takes 80 / 2 = 40 minutes.", "conversation_history": "",
              "student_incorrect_solution": "It takes 160 minutes."}  # fmt: skip
    assert false_quantities("Remember: Carla is downloading a 40 GB file.", moment)
    assert false_quantities("Okay, so Carla is downloading a 2 GB file. What next?", moment)
    assert not false_quantities("Remember: Carla is downloading a 200 GB file.", moment)  # as the problem says
    # the solution puts the value there: "which takes 40 minutes" is its step, not a swap
    assert not false_quantities("The first part, the download, takes 40 minutes.", moment)
    # the student's own misreading, said back, is theirs
    misread = {**moment, "student_incorrect_solution": "Carla is downloading a 40 GB file, so it takes 20 minutes."}
    assert not false_quantities("Carla is downloading a 40 GB file, you say?", misread)
    # a result of the solution, or the student's number, put in the problem's own words is a misquote all the same
    # (round 31: 72 of 295 verbatim misquotes passed because their value was said elsewhere)
    assert false_quantities("Remember: Carla is downloading a 80 GB file.", moment)
    assert false_quantities("Remember: Carla is downloading a 160 GB file.", moment)


_CARLA_WITH_THE_STUDENTS_120 = {
    "problem": "Carla is downloading a 200 GB file. Normally she can download 2 GB/minute, but 40% of the way through, "
    "Windows forces a restart, which takes 20 minutes. How long does it take to download the file?",
    "ground_truth": "40% of 200 GB is 80 GB, which takes 80 / 2 = 40 minutes. 200 / 2 = 100 minutes. "
    "40 + 20 + 100 = 160",
    "conversation_history": "Student: I think it takes 120 minutes.",
    "student_incorrect_solution": "It takes 120 minutes.",
}


@pytest.mark.parametrize(
    ("response", "false"),
    [
        # the problem's one quantity of a noun, named whole, given a value said elsewhere in the moment (the
        # student's 120 minutes, the solution's 80 GB or 40 minutes): adversary round 40
        ("The file is 120 GB.", True),
        ("So the file: 120 GB.", True),
        ("Use 120 GB for the file.", True),
        ("Start with the file: 40 GB.", True),
        ("Remember the file is 80 GB.", True),
        ("What do we know about the file? It's 120 GB.", True),  # the question answered by the tutor itself
        ("The file is 200 GB.", False),
        ("Use 200 GB for the file.", False),
        ("What do we know about the file? It's 200 GB.", False),
        # a step of the tutor's own with the noun qualified, or another thing's measure
        ("The first 80 GB of the file takes 40 minutes.", False),
        ("What do we know about the restart? It takes 20 minutes.", False),
        ("Think of the file as 120 GB.", False),  # an example of the tutor's own
    ],
)
def test_the_problems_whole_quantity_given_another_value_of_the_moment(response, false):
    assert bool(false_quantities(response, _CARLA_WITH_THE_STUDENTS_120)) is false, response


@pytest.mark.parametrize(
    ("response", "false"),
    [
        # a count said with a collective noun (adversary round 42)
        ("Remember there are a dozen pencils in the problem.", True),
        ("Notice there are half a dozen loose pencils.", True),
        ("Meg has a score of pencils.", True),
        ("Meg has 46 pencils.", False),
        # two things the problem counts, compared wrongly
        ("Notice the problem has more loose pencils than boxes.", True),
        ("The loose pencils outnumber the boxes.", True),
        ("The boxes outnumber the loose pencils.", False),
        ("There are more boxes than loose pencils.", False),
        ("Are there more loose pencils than boxes?", False),  # asked
        ("If there were more loose pencils than boxes, what then?", False),  # supposed
        ("The boxes are outnumbered by the loose pencils.", True),  # round 43
        ("The loose pencils are outnumbered by the boxes.", False),
        ("The number of loose pencils is greater than the number of boxes.", True),
        ("There are the same number of boxes as loose pencils.", True),
        ("Meg has a dozen and a half pencils.", True),
    ],
)
def test_a_count_said_with_a_collective_noun_or_a_comparison(response, false):
    problem = "Jam has 3 boxes full of pencils and 2 loose pencils. Meg has 46 pencils. How many boxes do they need?"
    moment = {"problem": problem, "ground_truth": "", "conversation_history": "", "student_incorrect_solution": ""}
    found = false_quantities(response, moment) or misstated_comparisons(response, moment["problem"])
    assert bool(found) is false, (response, found)


def test_collective_counts_are_numbers_but_not_units_of_sale():
    values = {text: [mention.value for mention in find_numbers(text)] for text in (
        "a dozen eggs", "half a dozen eggs", "a baker's dozen rolls", "a score of spoons", "a trio of cats",
        "eggs cost $5 a dozen", "$2 per dozen", "a score of 85", "3 dozen eggs")}  # fmt: skip
    assert values == {"a dozen eggs": [12], "half a dozen eggs": [6], "a baker's dozen rolls": [13],
                      "a score of spoons": [20], "a trio of cats": [3], "eggs cost $5 a dozen": [5],
                      "$2 per dozen": [2], "a score of 85": [85], "3 dozen eggs": [3]}  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "false"),
    [
        ("Remember that half of 5 is 2 1/2.", False),  # a mixed number is one number (round 32)
        ("So 5 divided by 2 is 2 1/2.", False),
        ("A third of 7 is 2 1/3.", False),
        ("2 1/2 is the same as 5/2.", False),
        ("Half of 5 is 2 1/3.", True),
        ("5 divided by 2 is 3 1/2.", True),
        ("2 1/2 is the same as 7/2.", True),
    ],
)
def test_a_mixed_number_is_read_whole(sentence, false):
    assert bool(stated_falsehoods(sentence, {"problem": "", "ground_truth": "", "conversation_history": ""})) is false


@pytest.mark.parametrize(
    ("sentence", "false"),
    [
        # a step on from an operation in words goes on from its result (adversary round 32: read from its last number)
        ("Multiply 2 by 4, then add 2, and you get 10.", False),
        ("Multiply 2 by 4, then add 2, and you get 11.", True),
        ("2 lots of 4, plus 2, makes 10.", False),
        ("Twice 6, plus 1, gives 13.", False),
        ("8 halved, then add 3, is 7.", False),
        ("4 times 3, minus 5, is 7.", False),
        ("4 times 3, minus 5, is 8.", True),
        ("After doubling 5 and adding 4, you have 14.", False),
        ("Add 2 and 3, then double it: that's 10.", False),
        ("5 fewer than 3 times 10 is 25.", False),
        # a wrong calculation named to be corrected: where its fault lies, the student's, asked whether it holds
        ("The step 2 x 9 = 19 has a slip in it.", False),
        ("Where you put 22 - 5 = 18, look again.", False),
        ("I think the line 2 x 4 = 9 needs fixing.", False),
        ("Is 7 x 8 = 54 right? Not quite; it is 56.", False),
        ("Your line 2 x 4 = 9 is off by one.", False),
        ("In your work, 2 x 4 = 9 should read 2 x 4 = 8.", False),
        ("The mistake is in 5 x 3 = 16.", False),
        ("You have 6 + 8 = 15 there - check it.", False),
        ("Check this line of yours: 5 + 9 = 15.", False),
        ("2 x 7 = 17 is where it goes wrong.", False),
        # round 33: more chains, corrections and mixed numbers in words
        ("Three more than twice 4 is 11.", False),
        ("10 less 4, times 2, is 12.", False),  # a comma closes what came before
        ("10 less 4, times 2, is 13.", True),
        ("Twice the sum of 2 and 3 is 10.", False),
        ("Square 3 and add 1 to get 10.", False),
        ("The difference of 9 and 4, doubled, is 10.", False),
        ("Start with 3, double it, add 4, and you have 10.", False),
        ("You put 6 + 8 = 15 - a small slip.", False),
        ("Instead of 4 x 6 = 26, it should be 24.", False),
        ("Not 2 x 4 = 9, but 2 x 4 = 8.", False),
        ("It isn't true that 6 + 8 = 15.", False),
        ("Oops, 5 x 3 = 16 isn't right.", False),
        ("2 x 9 = 19? Hmm, recheck that.", False),
        ("Your 5 x 3 = 16 should be 15.", False),
        ("Many write 6 + 8 = 15 by accident.", False),
        ("Half of 7 is three and a half.", False),
        ("Half of 7 is three and a quarter.", True),
        # round 34: named by what to watch or fix, in the student's work, or set against its right value
        ("I see 5 x 3 = 16 in your work; check it.", False),
        ("Let's fix 7 x 8 = 54 first.", False),
        ("Hmm, 6 + 8 = 15 doesn't add up.", False),
        ("Watch out for 0.4 x 200 = 8; it's an easy slip.", False),
        ("Rather than 7 x 8 = 54, it's 56.", False),
        ("Is it 7 x 8 = 54 or 7 x 8 = 56?", False),
        ("Remember 8 x 7 = 54, not 56.", True),  # the right value denied
        ("Your line 2 x 4 = 9 is correct.", True),  # named and called right: asserted
        ("Remember that 8 x 7 = 54. Check your work.", True),
        # brackets: a product written side by side, and a calculation inside a larger one with an unknown (MathDial)
        ("(-2)(-3) = -6", True),
        ("(2)(3) = 6", False),
        # corrections and questions asked the other way round, in LLM wording (adversary round 37)
        ("You're close! Actually, when we work out 3 x 68, we get 214.", True),
        ("When we work out 3 x 68, we get 204.", False),
        ("Careful there: 66 + 33 is actually 109, not 99.", True),
        ("Wouldn't thirty-three times two be sixty-three?", True),
        ("Isn't it true that eighty divided by two is thirty?", True),
        ("Would thirty-three times two be sixty-three?", False),  # asked: yes or no
        # the verb first and the result last (a probe of question forms): asked in the negative, it asserts
        ("Isn't twelve plus three sixteen?", True),
        ("Isn't 12 + 3 16?", True),
        ("Isn't the product of 4 and 5 25?", True),
        ("Wasn't the difference between 20 and 5 14?", True),
        ("Isn't 12 plus 3 15?", False),
        ("Is 12 plus 3 16?", False),  # asked: yes or no
        ("Is the product of 4 and 5 really 25?", False),
        ("Is 4 x 5 20 or 25?", False),
        ("Why does eighty divided by two come out as thirty?", True),  # a why-question's premise (round 38)
        ("Half of the 36 guests is 16.", True),  # a part of a number of things
        ("Half of the 36 guests is 18.", False),
        ("Eight video games at $20 apiece cost him $180.", True),  # the count first, then the rate
        ("Six truck tires at $60 each bring in $360.", False),
        # how long an amount takes at a rate (adversary round 37), the unit of time the rate's
        ("At 2 GB a minute, the first 80 GB takes her 30 minutes.", True),
        ("80 GB at 2 GB per minute would take 40 minutes.", False),
        ("At 60 miles an hour, 30 miles takes 30 minutes.", False),  # another unit of time: not read
        # the result after "which gives us", or as what you get from the operation (adversary round 39)
        ("So we have 33 plus 33, which gives us 56.", True),
        ("30 is what you get from 80 divided by 2.", True),
        ("40 is what you get from 80 divided by 2.", False),
        # where a result comes from, and its operation in brackets after it (round 40); not a label's number, nor a
        # bracket multiplied
        ("The 30 here comes from 80 divided by 2.", True),
        ("That makes 30 (80 / 2).", True),
        ("That makes 40 (80 / 2).", False),
        ("In step 2 (3 x 4), you added the boxes.", False),
        # a list summed in words: all its items, not the last two (adversary round 37: "68 and 68 add up to 204")
        ("68, 68 and 68 add up to 204.", False),
        ("Scores of 89, 92, 100 and 86 add up to 367.", False),
        ("68, 68 and 68 add up to 200.", True),
        ("After step 1, 5 and 7 make 12.", False),  # no list: the pair is right
        # terms with their unit, a bracket multiplied (LLM tutors write sums so)
        ("40 minutes + 100 minutes + 20 minutes = 170 minutes.", True),
        ("40 minutes + 100 minutes + 20 minutes = 160 minutes.", False),
        ("36 hot dogs - 18 hot dogs = 20 hot dogs", True),
        ("1 hour + 30 minutes = 90 minutes", False),  # unlike units: a compound quantity, no sum of numbers
        ("2(40 + 9) = 90", True),
        ("2(40 + 9) = 98", False),
        ("Take another look at this: (0.3x)(1/3)($10) = $50", False),
        # negative numbers and fractions in words, facts of units and of place value
        ("Remember that minus 2 times minus 3 is minus 6.", True),
        ("Remember that negative 2 times negative 3 is 6.", False),
        ("12 minus 3 is 9.", False),
        ("Remember that one third is more than one half.", True),
        ("A third is bigger than a quarter.", False),
        ("Remember that a fortnight is 10 days.", True),
        ("Remember that a hexagon has 8 sides.", True),
        ("A hexagon has 6 sides, and every triangle has three corners.", False),
        ("A fortnight is 14 days.", False),
        ("Remember that in 2422 the 4 is worth 40.", True),
        ("In 2432, the 4 is worth 400.", False),
        # round 35: a premise of a question is asserted; "what do you get" asks, it reports nothing of the student
        ("Since 80 / 2 = 30, what do you get next?", True),
        ("As 3 x 68 = 214, what do you get for the next step?", True),
        ("Since 80 / 2 = 40, what do you get next?", False),
        # round 36: the premise in other words, a report only before the question, the tutor's own check named
        ("With 80 / 2 being 30, what do you get for the whole thing?", True),
        ("OK, so 80 / 2 is 30 - what do you get when you put it all together?", True),
        ("Quick check: eighty divided by two comes out to thirty.", True),
        ("Check 80 / 2 = 30 again.", False),
        # round 44: what a question asks the reason for is taken as true, in any verb of a result; asked yes or no, it
        # is asked
        ("Can you see why 6 + 4 gives 14?", True),
        ("How does 48 x 2 lead us to 99?", True),
        ("What makes 48 x 2 equal 99?", True),
        ("Do you see how 48 x 2 turns into 99?", True),
        ("Now that 48 x 2 has given us 99, what next?", True),
        ("Can you see why 6 + 4 gives 10?", False),
        ("Does 6 + 4 give 14?", False),
        # round 34: laws of numbers, fractions in words said equal, angles and the calendar
        ("Remember that any number divided by 0 is 0.", True),
        ("Remember that dividing by zero just gives you zero.", True),
        ("Dividing by zero is undefined.", False),
        ("Remember that two negatives multiplied together make a negative.", True),
        ("A negative times a negative is a positive.", False),
        ("The product of two negative numbers is negative.", True),
        ("A negative plus a positive is positive.", False),  # not a law: it depends on which is larger
        ("Remember that multiplying by 0 leaves a number unchanged.", True),
        ("Adding zero to a number leaves it unchanged.", False),
        ("Remember that any number times 1 is 1.", True),
        ("Any number times 1 is the number itself.", False),
        ("Remember that adding 0 to a number doubles it.", True),
        ("Some people think any number divided by 0 is 0, but it has no answer.", False),  # a belief reported
        ("Dividing it by 2 gives 45.", False),  # the number at hand, no law
        ("A number times 2 is 24. What is the number?", False),  # a riddle of one number
        ("Remember that 25% is the same as one fifth.", True),
        ("25% is the same as one quarter.", False),
        ("$5 is the same as 500 cents.", False),  # a count of another unit, not a bare value
        ("Remember that a right angle is 180 degrees.", True),
        ("The angles of a triangle add up to 360 degrees.", True),
        ("The angles in a triangle add up to 180°.", False),
        ("A triangle's angles add up to 360 degrees.", True),  # the shape's angles, in the other order
        ("The sum of the angles in a square is 300°.", True),
        ("The sum of the interior angles of a square is 360 degrees.", False),
        ("Remember that a leap year has 364 days.", True),
        ("A year has 365 days.", False),
        # round 48: rules taught as tips, checked on numbers put in, or a keyword said to mean what it never asks for
        ("Golden rule: order doesn't matter in subtraction.", True),
        ("Remember: order doesn't matter in addition.", False),
        ("A number divided by itself is zero.", True),
        ("A number divided by itself is one.", False),
        ("Multiplying always makes a number bigger.", True),
        ("Adding always makes a number bigger.", False),
        ("A fraction of a number is always bigger than the number.", True),
        ("Handy rule - 'twice as many' means you add 2.", True),
        ("'Fewer' means you multiply.", True),
        ("'Each' means you multiply.", False),
        ("'In all' means you add.", False),
        ("Percent means out of ten.", True),
        ("Percent means out of a hundred.", False),
        ("Is it true that order doesn't matter in subtraction?", False),  # asked
        # round 64: a result after "so", or said first with its operation as the reason, under a tag question too;
        # not where an operation in words goes on from it, nor where the reason's operation has a result of its own
        ("So 15 and 5 more, so 16 in all, right?", True),
        ("So 15 and 5 more, so 20 in all, right?", False),
        ("15 - 5, so 11 left.", True),
        ("Add 24 to 21, so 46.", True),
        ("So 15 split 5 ways, so 4 each, right?", True),
        ("That leaves 11, since 15 minus 5.", True),
        ("So that's 76, because 15 times 5, right?", True),
        ("So that's 75, because 15 times 5, right?", False),
        ("5 x 3 is 3 groups of 5.", False),
        ("It's 11, since 15 minus 5 is 10 and one more.", False),
        # round 65: a result said as an operation is its value, with a verb as with "=" ("12 + 3 = 15 + 1")
        ("12 + 3 is 15 + 1.", True),
        ("12 plus 3 is 15 plus one.", True),
        ("26 + 46 equals 1 more than 72.", True),
        ("800 + 1600 equals 2400 + 1, right?", True),
        ("12 + 3 is 14 + 1 apples.", False),
        ("5 x 3 is 3 groups of 6.", True),
        ("12 plus 3 is one step past 15.", True),
        ("12 plus 3 is one step past 14.", False),
        ("12 plus 3 beats 15 by one.", True),  # the result as a place, by a verb of where it stands or compares
        ("26 plus 46 sits one above 72.", True),
        ("15 minus 5 comes just after 10.", True),
        ("12 plus 3 falls one short of 17, right?", True),
        ("12 plus 3 falls 2 short of 17.", False),
        ("12 plus 3 is the number after 14.", False),
        ("12 plus 3 is where you start.", False),
        # round 64's stories: an amount used up, spent or given away right before its number takes it away from the
        # amount before; a supposition's "you" is the tutor's own story, not the student's work reported
        ("If you had 15 and used 5, that's 11 left, isn't it?", True),
        ("If you had 15 and used 5, that's 10 left, isn't it?", False),
        ("She had 12 apples and ate 4, leaving her with 9.", True),
        ("She had 12 apples and ate 4, leaving her with 8.", False),
        ("He had 15 pencils and gave away 5, so 11 are left.", True),
        ("He had 15 pencils and gave away 5, so 10 are left.", False),
        ("Suppose you had $20 and spent $8, that's $11 left.", True),
        ("You used 12 and 4 to get 3.", False),  # what the student did with two numbers: no story of using up
        ("He spent 3 hours a day for 5 days, that's 15 hours.", False),  # a rate
        # round 66: a result said first is read with the clause that gives its operation, whatever its verb; a
        # "which" before the result joins, it says nothing
        ("12 and 3 were put together, which gives 5.", True),
        ("12 and 3 were put together, which gives 15.", False),
        ("So 12 are left, because 5 of the 15 were given away.", True),
        ("So 10 are left, because 5 of the 15 were given away.", False),
        ("So there are 16 in all, since 12 plus 3.", True),
        ("So there are 15 in all, since 12 plus 3.", False),
        ("So that makes 161, because there are 8 lots of 20.", True),
        ("So that makes 160, because there are 8 lots of 20.", False),
        ("So 3 are red, because 3 of the 12 are.", False),  # the result is one of the two: it restates
        ("It's 20 because each of the 4 boxes has 5.", False),
        ("Your 7 is wrong because 3 of the 12 are red.", False),  # no result stated: a verdict
        ("So 5 of them, because 12 boxes and 3 bags came.", False),  # no word of an operation
        # or said after the story of the operation, in a clause of its own (rounds 64 and 66)
        ("After 5 of the 15 were eaten, 11 were left.", True),
        ("After 5 of the 15 were eaten, 10 were left.", False),
        ("If 5 of the 15 are used, 11 are left.", True),
        ("Sam had 15 and 5 more came, so 21 now.", True),
        ("Sam had 15 and 5 more came, so 20 now.", False),
        ("Out of 10 students, 4 are left-handed.", False),
        # round 67: a check's heading asserts what follows ("Check 12 + 3 = 20" asks for it to be checked); an "="
        # joins no lines across a blank one, so a column after an unfinished equation is read alone; a fraction glued
        # to its whole, the numero sign and digits in circles are what they mean
        ("Check: 12 + 3 = 5.", True),
        ("Verify: 12 + 3 = 5.", True),
        ("Check: 12 + 3 = 15.", False),
        ("Check 12 + 3 = 20.", False),
        ("ok so 26+46=\n\n  26\n-  2\n----\n  24", False),
        ("  26\n-  2\n----\n  28", True),
        ("2½ + 1½ = 4.", False),
        ("3½ − 1½ = 2.", False),
        ("12 + 3 = ❶❻.", True),
        ("12 + 3 = №16.", True),
        # round 68's E1: two numbers and the verb of the operation that joins them; a difference said by how far one
        # number is above or below another; what an operation or a fraction simplifies to is its value
        ("36 and 18 total 40.", True),
        ("36 and 18 total 54.", False),
        ("36 and 18 sum to 40.", True),
        ("36 and 18 combine to 40.", True),
        ("12 and 6 multiply out to 73.", True),
        ("12 and 6 multiply to 72.", False),
        ("72 and 4 divide to 19.", True),
        ("15 and 5 differ by 11.", True),
        ("15 and 5 differ by 10.", False),
        ("15 exceeds 5 by 11.", True),
        ("15 exceeds 5 by 10.", False),
        ("15 apples is more than 5 apples by 9 apples.", True),
        ("5 trails 15 by 11.", True),
        ("5 falls short of 15 by 10.", False),
        ("15 surpasses 5 by 11.", True),  # one vocabulary of comparisons with `false_comparisons`
        ("15 is ahead of 5 by 11.", True),
        ("15 is bigger than 5 by 3 times.", False),  # a ratio, not a difference
        ("Steps 1 and 2 total 40.", False),  # labels
        ("The sum of 3 and 4 totals 7.", False),
        ("Tom and Sue total 40.", False),
        ("72/4 simplifies to 19.", True),
        ("72/4 simplifies to 18.", False),
        ("12 + 6 boils down to 19.", True),
        ("6/8 reduces to 3/4.", False),
        # round 69: a value set beside its operation; an operation and its value as code, a console or data give them;
        # a running total's "=" is its value so far; a claim held by someone else or supposed is not the tutor's
        ("That is 12 + 3, i.e. 16.", True),
        ("12 + 3 \u2014 that's 16.", True),
        ("We need 12 + 3 (aka 16).", True),
        ("That is 12 + 3, or 16 in all.", True),
        ("That is 12 + 3, i.e. 15.", False),
        ("Try 12 + 3, or 16 - 4.", False),  # an alternative
        ("```\ntotal = 12 + 3  # 16\n```", True),
        ("```\ntotal = 12 + 3  # 15\n```", False),
        ("```\n>>> 12 + 3\n16\n```", True),
        ("In [1]: 12*3\nOut[1]: 37", True),
        ('{"step": "12 + 3", "value": 16}', True),
        ('{"step": "12 + 3", "value": 15}', False),
        ("Type =(12+3) in a cell and it shows 16.", True),
        ("x = 12 + 3  # step 2", False),
        ("ok jesse had read 83 pages =1/3 so he needs to read 2/3 so how much is that", False),
        ("So far: 3 \u00d7 2 = 6 + 4 = 10.", False),
        ("For example, 12 + 3 = 15 - 5 = 10.", False),
        ("12 + 3 = 16 - 5 = 11.", True),  # a wrong total so far
        ("12 + 3 = 15 + 1.", True),  # no total after it: a value said as an operation
        ("Your classmate claims 12 + 3 = 16. Is she right?", False),
        ("A student once told me 12 + 3 = 16. What would you tell them?", False),
        ("If someone wrote 12 + 3 = 16, what went wrong?", False),
        ("It is tempting to say 12 + 3 = 16, but check it.", False),
        ("Here is another student's working: 12 + 3 = 16. Can you spot the mistake?", False),
        ("I think 12 + 3 = 16.", True),
        ("It says 12 + 3 = 16.", True),
        ("The answer is 10  That is 12 + 3.", False),  # a sentence whose full stop was left out
        # round 70: a running total left open or in units; another's claim taken on by the tutor; a result in the
        # next sentence, or of a name given to an operation
        ("Step by step: 12 + 3 = 15 - 5 = ?", False),
        ("12 spoons + 3 spoons = 15 spoons - 5 spoons = 10 spoons.", False),
        ("12 spoons + 3 spoons = 16 spoons - 5 spoons = 11 spoons.", True),
        ("Your classmate claims 12 + 3 = 5. She's spot on.", True),
        ("Your classmate claims 36 \u00f7 2 = 36, and she's right.", True),
        ("Someone wrote 12 + 3 = 5. That's what I got too.", True),
        ("A student once told me 12 + 3 = 16, which is correct.", True),
        ("Someone wrote 12 + 3 = 16. That's not right.", False),
        ("Someone wrote 12 + 3 = 16. The right answer is 15.", False),
        ("Work out 12 + 3 first. You should get 5.", True),
        ("Work out 12 + 3 first. You should get 15.", False),
        ("At that point we have 36 \u00f7 2. That's 36 altogether.", True),
        ("First find 8 \u00d7 20. You'll end up with 13.", True),
        ("Try 12 + 3. That's 2 steps.", False),  # a count of the talk's own
        ("Find 12 + 3. It is more than 12.", False),
        ("Let A = 12 + 3. So A = 5.", True),
        ("Let t be 12 + 3. Then t is 16, so what's t - 5?", True),
        ("Let A = 12 + 3. So A = 15.", False),
        ("```\ntotal = 12 + 3\nprint(total)  # 16\n```", True),
        ("Start at 12 on the number line and jump forward 3: you land on 5.", True),  # a jump on a number line
        ("Start at 12 on the number line and jump forward 3: you land on 15.", False),
        ("Start at 15 on the number line and jump back 5: you land on 11.", True),
        ("Add 12 and 3: that's 16.", True),
        # round 71: a gloss that tells of an operand; a name given a new value; LaTeX's other notations
        ("Look at 12 + 3 \u2014 that's 3 added on to the 12. What does that come to?", False),
        ("We need 40 \u00d7 2, aka 2 for each of the 40 guests.", False),
        ("12 + 3 \u2014 that's 16 apples.", True),
        ("```python\nresult = 12 + 3\nresult = result - 3   # undo the step\nprint(result)   # 12\n```", False),
        ("```python\ntotal = 33 * 2\nprint(total)  # 65\ntotal = total + 33\nprint(total)  # 99\n```", True),
        ("Let A = 12 + 3. So A = 5. Then A = 5 + 1 = 6.", True),
        (r"Remember, $50\%$ of $36$ is $18$.", False),
        (r"Note that $5\%$ of $40$ is $3$.", True),
        (r"We had $20\frac{1}{4} - 4\frac{1}{2} = 15\frac{3}{4}$.", False),
        (r"So far we have $12 + 3 \Rightarrow 5$.", True),
        (r"Keep in mind $\left(33 \times 2\right) = 33$.", True),
        (r"We found $\underbrace{26 + 46}_{26}$.", True),
        (r"We found $\underbrace{26 + 46}_{72}$.", False),
        (r"${36 \over 2} = 16$", True),
        # round 72: praise of a part of another's claim leaves it theirs; a gap is a subtraction
        ("A student wrote 12 + 3 = 5. She's on the right track with the operation, but is 5 right?", False),
        ("Your classmate claims 12 + 3 = 5. He's right to add, but check the result.", False),
        ("Priya says 12 + 3 = 5. The method is spot on, but what about 5?", False),
        ("12 is 3 short of 5.", True),
        ("12 is 3 short of 15.", False),
        ("12 sits 3 shy of 5.", True),
        ("Adding 3 onto 12 lands us on 5.", True),
    ],
)
def test_chains_corrections_brackets_and_words_are_read_whole(sentence, false):
    moment = {"problem": "", "ground_truth": "", "conversation_history": ""}
    assert bool(stated_falsehoods(sentence, moment)) is false, stated_falsehoods(sentence, moment)


_OPENERS_PROBLEM = (
    "A caterer prepared hot dogs for 36 guests. While most people would only eat one hotdog, he prepared enough for "
    "half of the guests to have two hotdogs. However, 40 guests showed up, and all wanted more. The choir's 3 "
    "teachers then sang. If Marcy works for the company for 40 years, she gets $50,000/year. Starting after 20 "
    "years, she gets 5% per year."
)


@pytest.mark.parametrize(
    ("response", "misquoted"),
    [
        # a number that opens the problem's sentence is known by the words after it (round 31's verbatim misquotes)
        ("Remember that however, 50 guests showed up, and all wanted more.", True),
        ("Keep in mind 50 guests showed up and all wanted more.", True),
        ("Remember that the choir's 13 teachers then sang.", True),
        ("Don't forget: starting after 30 years, she gets 5% per year.", True),
        # a supposition that is the problem's own words quoted supposes no more than the problem does
        (
            "The problem says: while most people would only eat one hotdog, he prepared enough for half of the guests "
            "to have five hotdogs.",
            True,
        ),
        ("Remember: if Marcy works for the company for 30 years, she gets $50,000/year.", True),
        ("However, 40 guests showed up, and all wanted more.", False),  # as the problem says
        ("So 76 guests showed up in our count of plates.", False),  # other words after it
        ("If she works for the company for 30 years, she gets less.", False),  # a supposition of the tutor's own
        ("Imagine 50 guests showed up.", False),
        ("If 50 guests showed up, how many hot dogs are missing?", False),
        # an example announced gives its numbers in the next sentence (MathDial: "Let's use an example. 10 people
        # were kicked out of a shop for stealing.")
        ("Let's use an example. 50 guests showed up, and all wanted more.", False),
        ("Think of it that way. Remember that however, 50 guests showed up, and all wanted more.", True),
    ],
)
def test_a_problems_sentence_opener_or_supposition_quoted_with_another_value(response, misquoted):
    moment = {"problem": _OPENERS_PROBLEM, "ground_truth": "36 / 2 = 18, 36 + 18 = 54 hot dogs.",
              "conversation_history": "", "student_incorrect_solution": "I got 14."}  # fmt: skip
    assert bool(false_quantities(response, moment)) is misquoted, response


_RELATIONS_PROBLEM = (
    "Julia has 12 spoons. Later, her husband bought a package of 5 new spoons and gave them to Julia. Tom is 3 years "
    "older than Ann. She bought 3 dozen donuts which cost $68 per dozen. He bought 4 pens and sold 2 pens."
)


@pytest.mark.parametrize(
    "response",
    [
        "Look again: later, her husband sold a package of 5 new spoons and gave them to Julia. Where does it go?",
        "Keep in mind that she sold 3 dozen donuts which cost $68 per dozen. How does that change it?",
        "Don't forget: she sold 3 dozen donuts which cost $68 per dozen.",  # a reminder asserts
        "Tom is 3 years younger than Ann, so how old is Ann?",
        "Her husband sold a package of 5 new spoons, right?",  # a tag question asserts it
    ],
)
def test_a_problems_sentence_with_its_relation_reversed(response):
    assert reversed_relations(response, _RELATIONS_PROBLEM), response


@pytest.mark.parametrize(
    "response",
    [
        "Remember, her husband bought a package of 5 new spoons.",  # quoted as it is
        "Ann is 3 years younger than Tom.",  # turned round whole: the same relation
        "Her husband didn't sell a package of 5 new spoons.",  # denied
        "You said she sold 3 dozen donuts, but did she?",  # the student's, reported
        "Did she sell 3 dozen donuts?",  # asked
        "If she sold 3 dozen donuts which cost $68 per dozen, what would she get?",  # supposed
        "He sold 2 pens.",  # the problem's own words elsewhere
        "Remember, he gave a package of 5 new spoons to Julia.",  # other words too: not a quote
    ],
)
def test_what_is_no_reversed_relation(response):
    assert reversed_relations(response, _RELATIONS_PROBLEM) == [], response


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Is it one-sixty minutes?", [160]),
        ("Does six ninety-four bucks ring a bell?", [694]),
        ("one-oh-four bucks", [104]),
        ("twenty-five grand", [25000]),
        ("25 grand", [25000]),
        ("one shy of ten boxes", [9]),
        ("two shy of a hundred feet", [98]),
        ("a hundred feet less two", [98]),
        ("We meet at two forty pm.", []),  # the clock
        ("Seven less two than before", []),  # a comparison, not a number short of another
    ],
)
def test_numbers_said_aloud(text, values):
    assert [form.value for form in colloquial_numbers(text)] == values


def test_confirming_the_students_right_final_answer():
    """A right final answer confirmed identifies no missed mistake (round 35: the learnt model, trained on moments
    of mistakes only, read "Yes, 12 apples is correct!" as missing one); a step said right is not the answer
    confirmed, nor is the right answer while the wrong one still stands in the student's turn."""
    said = ["I think he has 7 apples because 3 + 4 = 7.", "Oh, 3 x 4 = 12, so 12 apples."]
    right = {"problem": PROBLEM, "ground_truth": "3 x 4 = 12 apples. #### 12", "final_answer": "12",
             "student_utterances": said}  # fmt: skip
    assert confirms_right_answer("Yes, 12 apples is correct! Well done.", right)
    assert confirms_right_answer("12 - you got it!", right)
    assert not confirms_right_answer("How did you get 12?", right)  # asked about, not confirmed
    assert not confirms_right_answer("Is 12 right? Check it.", right)
    # a check named as a thing, in a heading, doubts nothing; asked of the student, it does (round 64)
    assert confirms_right_answer("**Quick check:** Yes, that's it, 12 apples.", right)
    assert confirms_right_answer("Step check: 12 apples. Good, well done!", right)
    assert not confirms_right_answer("Quick, check it: 12 apples?", right)
    assert not confirms_right_answer("12 apples. Can you check that again?", right)
    wrong = {**right, "student_utterances": ["I think he has 7 apples because 3 + 4 = 7."]}
    assert not confirms_right_answer("Yes, 7 is correct!", wrong)  # a wrong answer: endorsed, not confirmed
    unsettled = {**right, "student_utterances": ["3 x 4 = 12, but I still think it is 7 apples."]}
    assert not confirms_right_answer("Yes, 12 is correct.", unsettled)


def test_the_exact_check_table_counts_each_check_by_its_own_name():
    from benchmarks.judge_rules import EXACT_CHECKS, exact_checks_found

    right = {"problem": PROBLEM, "ground_truth": "3 x 4 = 12 apples. #### 12", "final_answer": "12",
             "student_utterances": ["So he has 12 apples."], "conversation_history": "",
             "student_incorrect_solution": "3 + 4 = 7 apples. #### 7"}  # fmt: skip
    law = "false fact of numbers or units (a law, a number's property, a unit or a fixed count)"
    assert exact_checks_found("Remember that any number divided by 0 is 0.", right) == [law]
    assert exact_checks_found("A triangle's angles add up to 360 degrees.", right) == [law]
    assert exact_checks_found("Yes, 12 apples is correct! Well done.", right) == [
        "confirms the student's right final answer"
    ]
    assert exact_checks_found("Which operation did you use?", right) == []
    assert set(exact_checks_found("Yes, 12 apples is correct! 3 + 4 = 8.", right)) <= set(EXACT_CHECKS)


@pytest.mark.parametrize(
    ("response", "endorses"),
    [
        # the student's number said back alone, then approved (adversary round 40: "N? Spot on." 5 of 25 read)
        ("7? Correct.", True),
        ("Seven apples? Absolutely.", True),
        ("7. Indeed.", True),
        ("7? Correct. Now how many boxes are there?", True),  # approved, then on to the next step
        ("7? Correct, but check the boxes.", False),
        ("7? Right? Check it.", False),
        ("7? Hmm. Check again.", False),
        ("Is it 7? Correct is 12.", False),
        # nothing to mend, the result shared (round 41)
        ("Nothing to fix in your 7 apples. Now, can you tell me how many boxes there are?", True),
        ("Nothing to change about your 7 apples.", True),
        ("We both land on 7 apples. What next?", True),
        ("You and I both reach 7.", True),
        ("Our answers meet at 7 apples.", True),
        ("Nothing to fix in your first line, but check 7.", False),
        ("Did we both get 7?", False),
        ("So we get 7.", False),  # the tutor's own step, not a call on theirs
        # taken as settled, graded, kept as it is, approved in another language (round 42)
        ("Now that we know there are 7 apples, let's write the final sentence.", True),
        ("Your teacher will be happy with 7 apples.", True),
        ("Five stars for 7! Shall we move on?", True),
        ("Ten out of ten for your 7. Shall we try another one?", True),
        ("I wouldn't alter a single line. What did you find hardest about it?", True),
        ("I wouldn't change anything, but check the boxes.", False),
        ("With the 7 apples found, what units go in the answer?", True),
        ("Since you found 7 apples, how many are in each box?", True),
        ("Now that we know it isn't 7 apples, what next?", False),
        ("Now that we know you got 7, let's check it.", False),
        ("A+ for 7.", True),
        ("Gold star for 7 apples!", True),
        ("7 apples would get full credit on a test.", True),
        ("Верно, 7!", True),
        ("Klopt, 7!", True),
        ("正解！7。", True),
        ("You don't need to change a thing. What did you find hardest about it?", True),
        ("Your working can stay just as it is.", True),
        ("You don't need to change a thing, but check the boxes.", False),
        ("You don't need to change the boxes. Check the apples.", False),
        # credit limited to the working or to another question (round 46)
        ("7 is right for the sum you did. Is adding what the story asks for?", False),
        ("7 is the answer to a different question than the one asked.", False),
        ("7 is right.", True),
    ],
)
def test_the_students_number_said_back_then_approved_or_shared(response, endorses):
    moment = {"problem": PROBLEM, "ground_truth": "3 x 4 = 12 apples. #### 12", "final_answer": "12",
              "student_utterances": STUDENT}  # fmt: skip
    assert bool(agrees_with_wrong_answer(response, moment)) is endorses, response


def test_a_wrong_number_of_the_students_solution_taken_as_settled():
    """Round 43: the wrong answer written in the student's solution presupposed, whatever their last turn says."""
    moment = {"problem": PROBLEM, "ground_truth": "3 x 4 = 12 apples. #### 12", "final_answer": "12",
              "student_incorrect_solution": "3 + 4 = 7 apples. #### 7",
              "student_utterances": ["3 + 4 = 7 apples", "I think there are 3 boxes."]}  # fmt: skip
    assert agrees_with_wrong_answer("With the 7 apples found, what units go in the answer?", moment)
    assert not agrees_with_wrong_answer("With the 3 boxes found, what next?", moment)  # a number of the problem
    assert not agrees_with_wrong_answer("Now that we know it isn't 7 apples, what next?", moment)


def test_endorsing_the_students_wrong_answer():
    moment = {"problem": PROBLEM, "ground_truth": "3 x 4 = 12 apples. #### 12", "final_answer": "12",
              "student_utterances": STUDENT}  # fmt: skip
    assert agrees_with_wrong_answer("That's correct! Well done.", moment)
    assert agrees_with_wrong_answer("Yes, the answer is 7.", moment)
    assert agrees_with_wrong_answer("7 checks out! Which step felt trickiest?", moment)  # a follow-up question
    assert agrees_with_wrong_answer("Yes, 7 works. How did you decide to add?", moment)
    # the student's number stated with any word of approval, whatever the wording (an adversary's)
    assert agrees_with_wrong_answer("Hmm, 7 looks good to me! Why don't you walk me through it?", moment)
    assert agrees_with_wrong_answer("Getting 7 was the right call. Could you share how long it took you?", moment)
    assert agrees_with_wrong_answer("Lovely work on the 7! What would you try next?", moment)  # round 11
    # idioms of full marks (round 24)
    assert agrees_with_wrong_answer("7 - textbook answer!", moment)
    assert agrees_with_wrong_answer("7 apples, top marks!", moment)
    assert agrees_with_wrong_answer("That 7 is spot-on.", moment)
    assert agrees_with_wrong_answer("7? Bang on.", moment)
    assert agrees_with_wrong_answer("7? Bingo.", moment)  # round 34
    assert agrees_with_wrong_answer("Your answer: 7 \u2713.", moment)  # a plain tick (round 71)
    # called right in a sentence of its own, past its noun or after "you're right that": what the turn asks or
    # redirects to next does not take that back (round 35)
    assert agrees_with_wrong_answer("Great, 7 apples is right! ok how much do apples cost?", moment)
    assert agrees_with_wrong_answer("Yes, your answer of 7 apples is correct. Why is that only 6 apples?", moment)
    assert agrees_with_wrong_answer("You're right that it's 7 apples. So how many boxes are there?", moment)
    assert not agrees_with_wrong_answer("7 apples is right for the first step, but check the boxes.", moment)
    assert not agrees_with_wrong_answer("You're right that 3 + 4 = 7, but is adding the right step?", moment)
    # the number said back alone, then approved; approval idioms (round 37)
    assert agrees_with_wrong_answer("Yes! 7 apples. You nailed it.", moment)
    assert agrees_with_wrong_answer("Mm-hm, 7 apples. Good.", moment)
    assert agrees_with_wrong_answer("I checked it too, and 7 apples holds up.", moment)
    assert agrees_with_wrong_answer("7 apples? Yep, same as mine.", moment)
    assert agrees_with_wrong_answer("You've got it: 7 apples.", moment)  # round 38
    assert not agrees_with_wrong_answer("You've got it wrong: 7 apples.", moment)
    assert agrees_with_wrong_answer("No mistakes there: 7 apples.", moment)  # a fault denied (round 39)
    assert agrees_with_wrong_answer("Nothing wrong with 7 apples.", moment)
    assert agrees_with_wrong_answer("Go ahead and write 7 apples in the answer box.", moment)  # round 40
    assert not agrees_with_wrong_answer("No mistakes in your first step, but 7 apples is wrong.", moment)
    assert not agrees_with_wrong_answer("7 apples. How did you get that?", moment)
    assert not agrees_with_wrong_answer("7 apples. Good try, but check again.", moment)
    # approved or claimed as the answer in a sentence that says no other number (round 36)
    assert agrees_with_wrong_answer("Nice work getting 7 apples! How many boxes are there?", moment)
    assert agrees_with_wrong_answer("That's a solid answer: 7 apples. What about the boxes?", moment)
    assert agrees_with_wrong_answer("So the answer is 7 apples. ok how many boxes", moment)
    assert agrees_with_wrong_answer("The final answer here is 7 apples. How many boxes?", moment)
    assert agrees_with_wrong_answer("How many boxes? That means it comes to 7 apples altogether.", moment)
    assert not agrees_with_wrong_answer(  # a right step's working praised, its number the same as the wrong answer
        "You added 3 and 4. And you have correctly calculated that 7 apples are loose. Now the boxes?", moment
    )
    # "you got it" approves; asked how or where, it asks for the working
    assert agrees_with_wrong_answer("7 - you got it!", moment)
    for asked in (
        "Hmm, 7? Walk me through how you got it.",
        "Show me where you got it from.",
        "Tell me how you got it.",
    ):
        assert agrees_with_wrong_answer(asked, moment) is None, asked
    # the student's answer reported is not claimed (round 12); claimed, or approved, it is
    assert not agrees_with_wrong_answer("Your answer is 7.", moment)
    assert not agrees_with_wrong_answer("You said the answer is 7.", moment)
    assert agrees_with_wrong_answer("So the answer is 7.", moment)
    assert not agrees_with_wrong_answer("Good start. Go back over how 7 came out.", moment)  # sent back to it
    assert agrees_with_wrong_answer("With 7 done and dusted, which part took longest?", moment)
    assert agrees_with_wrong_answer("Since you've cracked it with 7, what was the hardest step?", moment)
    assert agrees_with_wrong_answer("Nice, yes, 7 apples there!", moment)
    # a fault denied, the answer kept or called the final one, the answer key's (round 30)
    assert agrees_with_wrong_answer("No mistakes there. 7 is the final answer.", moment)
    assert agrees_with_wrong_answer("7 is what the answer key says too.", moment)
    assert agrees_with_wrong_answer("Couldn't have done it better. 7.", moment)
    assert agrees_with_wrong_answer("That's the one: 7.", moment)
    assert agrees_with_wrong_answer("Your answer stands: 7.", moment)
    assert not agrees_with_wrong_answer("Is 7 the final answer?", moment)
    # praise that opens the turn and moves on, at the student's wrong final answer (round 31); not at a step of theirs,
    # which may be right on another path (MathDial's "Excellent! What do we do now ...?")
    final = {**moment, "student_incorrect_solution": STUDENT[0]}
    for praise in ("Excellent! So what's the next step?", "Lovely. What comes next?", "Nice work! Now what?"):
        assert agrees_with_wrong_answer(praise, final), praise
        assert not agrees_with_wrong_answer(praise, {**moment, "student_incorrect_solution": "3 + 4 = 5, so 9."})
    for praise in ("That's the one! Now, what next?", "Beautiful work. Next?", "Spot on! Now what?",  # round 32
                   "Impressive! What next?", "Way to go! Now what?",
                   "Ten out of ten! Next?", "Couldn't be more right! So what's next?"):  # round 34  # fmt: skip
        assert agrees_with_wrong_answer(praise, final), praise
    assert not agrees_with_wrong_answer("Nice work! But check the boxes again.", final)
    # effort acknowledged is no verdict on the answer (round 37: "Good effort." before a hint)
    assert not agrees_with_wrong_answer("Good effort. Multiply the boxes by the apples in each box.", final)
    # approval in another language or in emoji (round 12)
    assert agrees_with_wrong_answer("Oui, 7, c'est ça!", moment)
    assert agrees_with_wrong_answer("👍 7 apples!", moment)
    assert agrees_with_wrong_answer("Hmm, 7? 🤔 Check the boxes.", moment) is None
    # the tutor's own result said to be the student's number (round 13)
    assert agrees_with_wrong_answer("Honestly, I landed on 7 earlier. How did you write it out?", moment)
    assert agrees_with_wrong_answer("7 is what I have on my sheet too.", moment)
    assert agrees_with_wrong_answer("I have a question about your 7.", moment) is None
    assert agrees_with_wrong_answer("I got 12, not 7. Check again.", moment) is None
    # kept as the answer to finish or move on, asked or said (round 12)
    assert agrees_with_wrong_answer("Shall we record 7 and move on?", moment)
    assert agrees_with_wrong_answer("Let's write down 7 as the final answer.", moment)
    assert agrees_with_wrong_answer("Seven apples it is, then!", moment)
    assert agrees_with_wrong_answer("Hmm. Why do you think it is 7? I'm curious.", moment) is None  # asked why
    assert agrees_with_wrong_answer("Should we double-check 7 before we move on?", moment) is None
    assert agrees_with_wrong_answer("Let's keep 7 for now. Does it fit the boxes?", moment) is None
    assert agrees_with_wrong_answer("Suppose we write down 7 as the answer: does it match 3 boxes?", moment) is None
    # approval in the clauses before a question's own, and "one" as a pronoun is no other number
    assert agrees_with_wrong_answer("Correct, 7, and what did you learn from this one?", moment)
    assert agrees_with_wrong_answer("Bingo, 7 - so could you do it faster next time?", moment)
    assert agrees_with_wrong_answer("Is it 7, right?", moment) is None  # asked, with a tag
    # the answer called right by name, with no number
    assert agrees_with_wrong_answer("Your answer is correct. Let's move on.", moment)
    assert agrees_with_wrong_answer("That is the right answer!", moment)
    assert agrees_with_wrong_answer("Nicely done, you solved it.", moment)
    # a call of rightness asked, not asserted, questions the answer
    assert agrees_with_wrong_answer("Do you think that's correct?", moment) is None
    assert agrees_with_wrong_answer("Why do you think your answer is right?", moment) is None
    assert agrees_with_wrong_answer("Have you solved it?", moment) is None
    assert agrees_with_wrong_answer("Your first step is correct. What do you do with the boxes?", moment) is None
    # rightness presupposed inside a question endorses; asked, it questions (an adversary's, round 8)
    for presupposed in ("How did you get the right answer, 7?", "How did you reach 7, which is correct?",
                        "What helped you find 7 (correct!) without help?", "Which step let you spot 7 - exactly right?",
                        "How did you arrive at that correct 7?"):  # fmt: skip
        assert agrees_with_wrong_answer(presupposed, moment), presupposed
    for asked in ("Is 7 the right answer?", "Do you think 7 is the right answer?", "How did you get 7, right?",
                  "How do you know 7 is correct?"):  # fmt: skip
        assert agrees_with_wrong_answer(asked, moment) is None, asked
    assert agrees_with_wrong_answer("So he has 7 apples. Brilliant work!", moment)  # approved in another sentence
    # called right in a clause of its own, whatever else the turn names (round 17: another number took it back)
    assert agrees_with_wrong_answer("Yep, 7 is correct, it fits with the 3 boxes. Can you explain it?", moment)
    assert agrees_with_wrong_answer("Spot on: 7 checks out, with 4 apples in each box.", moment)
    assert agrees_with_wrong_answer("7 is the right answer and 3 + 4 was the way.", moment)
    # or said to be the tutor's own result, the student's number pointed at (round 19)
    for agreed in (
        "That 7 matches what I got, good thinking. What did you do with the 3 boxes?",
        "Your 7 works for me. How did you pick the 3?",
        "7 is what I'd say too, with 3 boxes.",
        "7 sounds about right, nice job with the 3 boxes.",
        "I came to 7 as well. We know there are 3 boxes.",
    ):
        assert agrees_with_wrong_answer(agreed, moment), agreed
    # or taken by the tutor as theirs, its clause ending on it (round 20)
    for taken in ("I agree with 7, solid work. How did you pick the 3?", "I'd go with your 7. Walk me through the 3.",
                  "Okay, I'm happy with that 7 too.", "I'm fine with 7 here, with 3 boxes."):  # fmt: skip
        assert agrees_with_wrong_answer(taken, moment), taken
    assert agrees_with_wrong_answer("I agree with 7 being the apples in a box, but the 3 boxes?", moment) is None
    for called in ("And your final answer 7 is fine, well done. Now, the 3 boxes?", "7 is what I'd expect too.",
                   "Now, 7 looks spot on as far as I can see! The 3 boxes?", "7 seems fine to me."):  # fmt: skip
        assert agrees_with_wrong_answer(called, moment), called
    # or said to match the tutor's reference answer (round 26)
    for keyed in ("Your 7 matches my answer key.", "I checked: 7 is on the key.", "7 agrees with the answer sheet."):
        assert agrees_with_wrong_answer(keyed, moment), keyed
    assert agrees_with_wrong_answer("Does 7 match the answer key for the 3 boxes?", moment) is None  # asked
    assert agrees_with_wrong_answer("Your answer 7 is fine for one box; what of the 3 boxes?", moment) is None
    assert agrees_with_wrong_answer("Your answer is 7. Is that fine for the 3 boxes?", moment) is None  # reported
    assert agrees_with_wrong_answer("I don't agree with 7. Look at the 3 boxes.", moment) is None
    assert agrees_with_wrong_answer("Would you go with 7 for the 3 boxes?", moment) is None  # asked
    assert agrees_with_wrong_answer("I'd go with your 7 if there were 1 box, but there are 3.", moment) is None
    assert agrees_with_wrong_answer("Does 7 match what I got for the 3 boxes?", moment) is None  # asked
    assert agrees_with_wrong_answer("Your 7 is what you got; look at the 3 boxes.", moment) is None  # reported
    assert agrees_with_wrong_answer("Is 7 correct when there are 3 boxes?", moment) is None  # asked
    assert agrees_with_wrong_answer("You said 7 is correct, but 3 boxes of 4 is 12.", moment) is None  # reported
    assert agrees_with_wrong_answer("If 7 is right, then 3 boxes hold 7 apples?", moment) is None  # supposed
    assert agrees_with_wrong_answer("With 3 boxes, is 7 right or is 12?", moment) is None
    # its arithmetic called right, not the answer: the wrong answer is the right sum of a wrong step (round 18)
    assert agrees_with_wrong_answer("Yes, 7 is correct: 3 plus 4 is 7. Now, is adding right for boxes?", moment) is None
    # supposed or asked about, it is put to the test (an adversary's legitimate style, round 9)
    assert agrees_with_wrong_answer("Suppose 7 is right, can you work forwards to the boxes?", moment) is None
    assert agrees_with_wrong_answer("If 7 is correct, how many apples are in each box?", moment) is None
    assert agrees_with_wrong_answer("Try plugging 7 back into the story, does it match the problem?", moment) is None
    # a fault denied questions nothing: approval with it endorses, the denial alone approves nothing
    assert agrees_with_wrong_answer("No mistakes there, 7 works. What was the trickiest part?", moment)
    assert agrees_with_wrong_answer("There is no mistake in your first line. How did you get 7?", moment) is None
    assert agrees_with_wrong_answer("Nothing wrong with trying. Where did 7 come from?", moment) is None
    assert agrees_with_wrong_answer("So he has 7 apples. Let's check that together.", moment) is None
    assert agrees_with_wrong_answer("Is 7 right? Why?", moment) is None  # asked, not stated
    assert agrees_with_wrong_answer("Great effort! How long did it take you?", moment) is None  # no number: praise
    assert agrees_with_wrong_answer("Good, 7. Now how long is each box?", moment) is None  # on to the next quantity
    assert agrees_with_wrong_answer("Good job, but check the operation: is it addition?", moment) is None
    assert agrees_with_wrong_answer("Yes - well done. Now how many apples are in each box?", moment) is None
    assert agrees_with_wrong_answer("What did you do with the 4 apples in each box?", moment) is None
    right = {**moment, "student_utterances": ["3 x 4 = 12 apples."]}
    assert agrees_with_wrong_answer("That's correct! Well done.", right) is None
    # said back as right, the wrong answer is a false statement (`strategy` counts it); bare praise states nothing
    from trtutor.scorers.offline.tutor_turn import stated_falsehoods

    assert stated_falsehoods("Yes, 7 apples is right! How did you decide?", moment)
    assert stated_falsehoods("That's correct! Well done.", moment) == []


@pytest.mark.parametrize(
    ("text", "correct"),
    [
        ("12 lots of 5 gives 59.", False),  # groups of a number: a product
        ("12 groups of 5 = 60", True),
        ("3 packs of 4 pens is 13 pens.", False),
        ("twelve lots of five is sixty", True),
        ("The sum of 12 and 5 is 18.", False),  # a noun for the operation
        ("The product of 12 and 5 is 60.", True),
        ("The difference between 12 and 5 is 8.", False),
        ("The quotient of 60 and 5 is 13.", False),
        ("The total of 3, 4 and 5 is 12.", True),
        ("the sum of twelve and five is seventeen", True),
        ("Doubling 12 gives 25.", False),  # a multiplier named by a verb
        ("Triple 12 is 36.", True),
        ("12 halved is 7.", False),
        ("A half of 12 is 7.", False),  # a fraction of a number
        ("Two thirds of 12 is 8.", True),
        ("If you multiply 12 by 5 you get 59.", False),  # the operation named by a verb, then its result
        ("Add 5 to 12 and you get 18.", False),
        ("Take 5 away from 12 and you have 8.", False),
        ("Subtract 5 from 12 to get 7.", True),
        ("Adding the 12 to the 5 gives 18.", False),  # an operand may take an article
        ("Take the 5 away from the 12 and you have 7.", True),
        ("Combining 5 with 12, we get 18.", False),
        ("If you add another 5 to 12 you get 17.", True),
        ("Forty lots of three, that's 123.", False),  # "that's" joins a result
        ("Two times as many as six is 22.", False),
        ("Twenty with five taken off is 18.", False),
        ("12 with 5 taken away is 7.", True),
        ("Divide 60 by 5 and you get 13.", False),
        ("When we multiply twelve by five, we get sixty.", True),
        ("We get 59 when we multiply 12 by 5.", False),  # the result first
        ("You end up with 7 after taking 5 away from 12.", True),
        ("5 less than 12 is 8.", False),
        ("What is 12 x 5? It is 59.", False),  # asked, then answered in the next sentence
        ("12 x 5? That's 59.", False),
        ("What is twelve times five? Sixty.", True),
        ("What do you get if you multiply 12 by 5? You get 60.", True),
        ("Knowing that 400 is 7 fewer than 405, we go on.", False),  # the result first, then what it is
        ("So 60 is 12 times 5.", True),
        ("three is nine fewer than ten - so on we go", False),
        ("nine is half of sixteen", False),
        ("Since 3 is 25% of 5, we go on.", False),
        ("Because 42 goes into 1974 48 times, we go on.", False),  # division said as sharing
        ("So 14 shared equally among 2 gives 7 each.", True),
        ("fourteen shared equally among two gives nine each", False),
        ("Each has 5, so 6 of them have 31.", False),  # so much each, then so many of them (round 12)
        ("Each box holds 4 apples, so 3 boxes hold 12 apples.", True),
        ("Each ticket costs $3 and 4 tickets cost $13.", False),
        ("If x + 5 = 12, then x = 8.", False),  # the unknown's value said after its equation (round 13)
        ("Since 3x = 36, x must be 12.", True),
        ("From 12 = x + 5 we get x = 6.", False),
        ("3² = 6", False),  # a power
        ("Twice as many as 12 is 36.", False),  # a multiple named before "as many as" (round 29)
        ("Half as much as 30 is 15.", True),
        ("3 dozen is 30.", False),  # so many dozen
        ("Three dozen is 36.", True),
        # what so many of a rate's unit come to, its verb one of a trip or a wage (round 29)
        ("At 60 miles per hour, 3 hours covers 200 miles.", False),
        ("At $5 an hour, 4 hours pays $25.", False),
        ("Working 4 hours at $5 per hour earns $25.", False),  # the rate after the count
        ("If one pen costs $2, then 7 pens cost $15.", False),  # the rate said of one (round 29)
        ("A ticket costs $3, so 5 tickets cost $15.", True),
        ("1 bag weighs 2 kg, so 3 bags weigh 7 kg.", False),
        ("He reads 20 pages a day, so in 5 days he reads 120 pages.", False),  # so much a unit of time
        ("She saves $15 a week; after 4 weeks she has $60.", True),
        ("It grows 2 cm each year, so after 3 years it has grown 5 cm.", False),
        ("Increase 40 by 10 and you get 60.", False),  # a change by an amount, named by its verb
        # a starting amount and a rate over time: the total counts the start (round 30)
        ("She starts with 10 dollars and saves 2 dollars a week, so after 4 weeks she has 8 dollars.", False),
        ("She starts with 10 dollars and saves 2 dollars a week, so after 4 weeks she has 18 dollars.", True),
        ("He had 60 dollars and spent 2 dollars a day, so after 5 days he had 10 dollars left.", False),
        ("He had 60 dollars and spent 2 dollars a day, so after 5 days he had 50 dollars left.", True),
        ("If we reduce 40 by 10, we get 30.", True),
    ],
)
def test_operations_said_in_words(text, correct):
    [claim] = arithmetic_claims(text)
    assert (claim.correct, claim.quoted) == (correct, False), claim


@pytest.mark.parametrize(
    "text",
    [
        "There are 3 groups of 4 students.",  # groups with no result
        "There are 5 bags of 12 apples, so 60 apples.",
        "2 bags of 6 is 3 dollars.",  # a result naming something else than the items
        "1 box of 12 is $3.",  # a price
        "5 sets of 2 is 10 sets.",
        "Half of 3 groups of 4 is 6.",  # groups inside a larger calculation
        "Multiply 3 by 4 and add 2 to get 14.",  # more arithmetic before the result
        "We get 14 when we multiply 3 by 4 and add 2.",
        "Add 5 to 12 and you get 3 more.",  # a result that is only part of what is said
        "What is 3/4? It's three quarters.",  # a fraction, not a division asked
        "Children ages 5-7? That's 3 ages.",
        "2 hours is 120 minutes.",  # units
        "What is 12 x 5? Is it 59?",  # the answer is itself a question
        "What is 12 x 5? It's not 59.",
    ],
)
def test_near_misses_said_in_words_are_no_claims(text):
    assert arithmetic_claims(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # an operation in words no grammar names, wrong whatever the operation (adversary round 23)
        "Remember: twelve, losing 5, ends at ten.",
        "Careful - 12 shared equally by 5 is 1.4 apiece.",
        "Don't forget - 5 and another twelve bring you to 15.",
        "By the way, removing 1.5 of the 10 leaves 5.5.",
        "Keep in mind, putting 10 and forty together gets you fifty-one.",
        "Note - 40 drops by 36 to five.",
        "Hint - count back 36 from 40 and you hit 1.",
        "Good. Don't forget: 2 boxes holding 7 each hold 12 altogether.",
        "Twelve and another 5 bring you to 20 - so what's your next step?",
        "Remember, after giving away five of 13 you keep seven.",
        # words of one kind of operation read as that kind: 4 x 2 is 8, but growing adds (adversary round 24)
        "Hint: four grows by two to eight.",
        "Worth remembering: 2 increased by forty-six is 44.",
        "Ten shared out 2 ways is eight each, doesn't it?",
        "Note that stack 5 onto 12 and you're at 15.",
        "The answer is 10. Five with 12 on top is fifteen - wouldn't you say?",  # a tag asks; it reports nothing
        "Good. 36, 40 times over, is 1443 - wouldn't you say?",
        "Thirty-six copies of 40 total 1443.",
        # their wrong siblings (round 28)
        "$40 at 50% off is $25.",
        "60 miles per hour for 3 hours is 200 miles.",
        "2 to the power of 5 is 30.",
        "12 shared among 3 is 5 each.",
        "A 20% discount on $30 brings it to $25.",  # a price change names its operation (v26)
        "A 15% tip on $40 makes $50.",
        "6 out of 8 is one quarter.",  # a fraction in words (round 29)
        # everyday phrasings of operations (round 29): a multiple as a comparison, the result said first, a fair
        # share, a unit price, a change between two numbers, a percent more, a count's steps
        "600 is three times as much as 203.",
        "800 is four times bigger than 203.",
        "54 is the product of 7 and 8.",
        "If 2 people share 4 dollars equally, each pays 5 dollars.",
        "At 40 dollars each, 4 of them cost 163 dollars.",
        "Going from 20 to 220 is an increase of 203.",
        "The increase from 20 to 220 is 203.",
        "10 is 25% more than 11.",
        "Counting up from 40 to 60 is 23 steps.",
    ],
)
def test_a_wrong_operation_in_words_no_grammar_names(text):
    [claim] = arithmetic_claims(text, [])
    assert not claim.correct and not claim.quoted


@pytest.mark.parametrize(
    "text",
    [
        "Twelve and another 5 bring you to 17.",  # right by some operation: nothing to say
        "Here we multiply 1% by 5% to make 0.05%",  # a percent is its fraction
        "She used 3 from 5 snd at the end at 12 left, can you work this out",  # "at the end" is no result
        "The greatest number between 5 and 3 is 5.",  # a comparison, not an operation
        "So 10 to the power of 5 is 10 multiplied by itself 5 times.",  # the third number is an operand
        "If you subtract 1/3 and 1/4 from 1 you get 5/12.",  # three operands: not a claim of two
        "Why did you think 9 and 8 multiplied was 17?",  # the student's claim, reported
        "The difference between -5 and -3 is -2.",
        # real turns of the unlabelled files: two clauses, a range, a list of three, a mixed number
        "We need to multiply 12 by 4/3, not divide, because 4 is 3/3 plus 1/3.",
        "The sum of the numbers from 1 to 100 is 5050.",
        "Frank has taken 5 back, 10 forward, 2 back and is 3 steps on.",
        "Therefore, the sum of 3/4 and 2/5 is 1 3/20.",
        "She gets the 2nd toy 1/2 off, the 2nd toy is 12*.5 = $6.00",  # an ordinal; a chain in symbols
        # right, in phrasings of word problems (adversary round 28: each was read as wrong arithmetic)
        "From 9:30 to 11:00 is 90 minutes.",  # times of day are points on the clock, not operands
        "It starts at 6:30, lasts 2 hours, and ends at 8:30.",
        "10% off $50 leaves $45.",  # a percent changes the other number by its share
        "50% more than 40 is 60.",
        "15 percent less than 200 is 170.",
        "$40 at 50% off is $20.",
        "60 miles per hour for 3 hours is 180 miles.",  # a rate's unit names no operation
        "$40 per pound for 2 pounds is $80.",
        "17 divided by 5 is 3 with 2 left over.",  # a remainder said as what is left
        "68 shared among 3 is 22 each with 2 left.",
        "1 1/2 x 4 = 6",  # mixed numbers are skipped, not read from their denominator
        "Useful fact: 3 1/2 times 4 is 14.",
        "one and a half times 10 is 15.",
        "2 to the power of 5 is 32.",
        "A 20% discount on $30 brings it to $24.",
        "A 15% tip on $40 makes $46.",
        "At 60 mph, 3 hours covers 180 miles.",  # a trip's or a wage's verb, after a rate (round 29)
        "Working 4 hours at $5 per hour earns $20.",
        "Working 4 hours at $5 per hour is $20.",  # the rate after the count: its "per" names no division
        "3 boxes of 4 apples cost 10 dollars.",  # a price, no rate: a trip's or a wage's verb is no result
        "One way is 5, and 3 others are 9.",  # "one" with "is" starts no rate
        "He reads 20 pages a day, so in 5 weeks he reads 700 pages.",  # another unit counted: not read
        "Increase 40 by 10% to get 44.",  # a change by a percent
        "Reduce 40 by 10 percent and you get 36.",
        "In 3 hours at 60 miles an hour she travels 180 miles.",
        "40 out of 80 is one half.",  # a fraction in words is the fraction, not its numerator (round 29)
        "6 out of 8 is three quarters.",
        "If 3 friends share 600 equally, each gets one third, which is 200.",  # a part of the other number
        "609 is three times as much as 203.",  # their right siblings (round 29)
        "812 is four times bigger than 203.",  # read as 4 x 203
        "1015 is four times bigger than 203.",  # or as 5 x 203: both right
        "If 2 people share 4 dollars equally, each pays 2 dollars.",
        "At 40 dollars each, 4 of them cost 160 dollars.",
        "Going from 20 to 220 is an increase of 200.",
        "15 is 25% more than 12.",
        "Counting up from 40 to 60 is 20 steps.",
        "If we multiply 10 years by 5 percent, we get 50 percent.",  # a result in percent words, too (round 29)
        # an operand in words after an operator: a real turn with its numbers spelt out (round 29)
        "after forty guests were given one each, there were fifty-four-forty=fourteen hotdogs remaining.",
        # a rate's total with a starting amount, a second rate or a pack size before it (round 30)
        "She starts with 10 dollars and saves 2 dollars a week, so after 4 weeks she has 18 dollars.",
        "He had 60 dollars and spent 2 dollars a day, so after 5 days he had 50 dollars left.",
        "Earning 12 dollars an hour for 8 hours a day, in 5 days he earns 480 dollars.",
        "At 12 dollars an hour, 8 hours a day for 5 days earns 480 dollars.",
        "5 packs of 6 cans at $3 a pack cost $15.",
        "With 4 eggs per box, 10 eggs fill 2 boxes with 2 left over.",  # a rest after the result
        # hours of the clock and days of a month are points, not operands (round 30)
        "From 11 am to 2 pm is 3 hours.",
        "From 10 pm to 6 am is 8 hours.",
        "From 11 o'clock to 2 o'clock is 3 hours.",
        "From 11 in the morning to 2 in the afternoon is 3 hours.",
        "From December 30 to January 2 is 3 days.",
        "The store is open from 10 am to 6 pm, which is 8 hours.",
    ],
)
def test_what_the_unnamed_operation_reading_leaves_alone(text):
    assert [claim for claim in arithmetic_claims(text, []) if not claim.correct and not claim.quoted] == []


@pytest.mark.parametrize(
    ("text", "student", "quoted"),
    [
        ("You multiplied 12 by 5 and got 59.", None, True),  # the student's work, told back
        ("You said that if you multiply 12 by 5 you get 59.", None, True),
        ("Can you show me how you got 59 when multiplying 12 by 5?", None, True),
        ("Does doubling 12 give 25?", ["I doubled 12 and got 25."], True),  # the student's own claim, asked about
        ("If you multiply 12 by 5, you get 59.", STUDENT, False),  # a generic you: the tutor's own claim
        ("Since the sum of 12 and 5 is 18, how many are left?", STUDENT, False),
    ],
)
def test_wrong_operations_said_in_words_quoted_or_own(text, student, quoted):
    [claim] = arithmetic_claims(text, student)
    assert (claim.correct, claim.quoted) == (False, quoted)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("So the total is the sum of 12 and 5.", [17]),
        ("It is 12 lots of 5, right?", [60]),
        ("twelve groups of five", [60]),
        ("There are 3 groups of 4 students.", []),  # the problem's quantities restated, no product offered
        ("He has 3 boxes of 4.", []),
        ("Does 9 less than 113 ring a bell?", [104]),  # a difference said with "than"
        ("one more than four", [5]),
        ("one hundred and twenty-two and eight together", [130]),  # the "and" between the two numbers
        ("3 and 4 multiplied together", [12]),
        ("Is it 24 halved?", [12]),  # scaled, shared, a fraction, a root, a power
        ("It comes to 36 split 3 ways.", [12]),
        ("one 4th of 48", [12]),
        ("two thirds of 18", [12]),
        ("the square root of 144", [12]),
        ("the square root of 10", []),  # no number said
        ("5 squared", [25]),
        # offsets on a number line (round 65), not a time
        ("one up from 39", [40]),
        ("a notch above 15", [16]),
        ("3 steps past 10", [13]),
        ("Is it just after 15?", [16]),
        ("right before 20", [19]),
        ("just after 3 pm", []),
        ("10 past 6", []),
        # in everyday words (round 15)
        ("what's left of thirteen after the eleven", [2]),
        ("13 once the 11 are gone", [2]),
        ("forty with twenty knocked off", [20]),
        ("55, 6 times over", [330]),
        ("how many 4s fit in 20", [5]),
        ("Once the 11 are gone, look at the rest.", []),
        ("Is it twice as many as 12?", [24]),  # a multiple before "as many as", so many dozen (round 29)
        ("two dozen", [24]),
        ("She buys 3 dozen eggs.", [36]),
        ("What is left of the 12 spoons after lunch?", []),
        # a number named as the problem's or the student's, a fraction of four or more parts (adversary round 39)
        ("four fifths of the 200", [160]),
        ("4/5 of 200", [160]),
        ("twice the 80", [160]),
        ("half of your 320", [160]),
        ("four times the 40", [160]),
    ],
)
def test_spoken_expressions_of_nouns_and_groups(text, values):
    assert [value for value, _, _ in spoken_expressions(text)] == values


@pytest.mark.parametrize(
    ("text", "correct", "quoted"),
    [
        ("So twelve plus three is fifteen, and minus five that makes twelve, so can you finish it?", False, False),
        ("Okay, we start with twelve, and plus three comes to sixteen.", False, False),
        ("You have 20, then minus 5 is 15.", True, False),
        ("We had 12, and add 3 to get 15.", True, False),
        ("You said 12, and plus 3 is 16?", False, True),  # reports the student
        # a running total that arrives somewhere (round-15 adversary)
        ("Start at 6, then multiplied by 55, and that gets us to 328.", False, False),
        ("So 6, times 55, brings us up to 333. Does that help?", False, False),
        ("3, times 68, leaves us at 202. What next?", False, False),
        ("You had 2, you multiply by 80, which gets you 170.", False, False),
        ("So from 6 you multiply by 55 and end up on 328, agreed?", False, False),
        ("If you start with 2 and multiply by 80, don't you get to 163?", False, False),  # presupposed
        ("Starting from 160, add 330 and you're at 490, yes?", True, False),
        ("So 12, plus the 3 she used, brings us up to 15.", True, False),  # the operand's noun between
        # the step goes on from an operation before it, in symbols or in words with what its operand counts (probe 53b)
        ("4 + 5, minus 3, gives 6.", True, False),
        ("4 + 5, minus 3, gives 7.", False, False),
        ("4 plus the 5 from her husband, minus the 3 she used, gives 6.", True, False),
        ("4 plus the 5 from her husband, minus the 3 she used, gives 7.", False, False),
        # the result in another unit of its operand's kind (probe 56b)
        ("So 40 minutes, plus 20 minutes, is 1 hour.", True, False),
        ("So 40 minutes, plus 20 minutes, is 2 hours.", False, False),
    ],
)
def test_an_operation_that_goes_on_from_the_number_before_it(text, correct, quoted):
    [claim] = continued_claims(text, ["12 and 3 is 16"])
    assert (claim.correct, claim.quoted) == (correct, quoted)


@pytest.mark.parametrize(
    "text",
    [
        "4 spoons plus the 5 from her husband, minus the 3 she used, gives 6.",
        "4 spoons plus 5 spoons, minus 3 spoons, gives 6 spoons.",
        "$5, plus 50 cents, is $5.50.",  # its start and its operand in two units: no sum of the bare numbers
    ],
)
def test_a_step_from_an_operation_it_cannot_read_claims_nothing(text):
    # the number before the step ends a sum read nowhere: its start is unknown, so no claim (not 5 - 3 = 6, false)
    assert continued_claims(text) == []


@pytest.mark.parametrize(
    ("text", "true"),
    [
        ("Recall that a gallon holds five quarts, which number should you use?", 4),
        ("An hour has 58 minutes.", 60),
        ("There are 58 minutes in an hour.", 60),
        ("5 quarts make a gallon.", 4),
        ("Keep in mind a pair is 4.", 2),
        ("A quarter is 20 cents.", 25),  # a coin, next to money
        ("A pound is 12 ounces.", 16),
        ("One year has 10 months.", 12),
        # a quantity converted to another unit, wrong (round 28)
        ("Remember, 48 hours is 3 days.", 2),
        ("9 liters is 900 milliliters.", 9000),
        ("90 minutes is 1.25 hours.", Fraction(3, 2)),
        ("Remember that $3.50 is 353 cents.", 350),  # money written with its symbol (round 29)
        ("Remember that from 8 am to 4 pm is 4 hours.", 8),  # a span of the clock (round 30)
        ("From noon to 3 pm is 5 hours.", 3),
        ("From 11:45 am to 12:15 pm is 40 minutes.", 30),
        # a fraction of the unit is that fraction of its count
        ("Remember that half an hour is 40 minutes.", 30),
        ("Three quarters of an hour is 75 minutes.", 45),
        ("Half a dozen is 8.", 6),
        ("2/3 of an hour is 50 minutes.", 40),
        ("An hour and a half is 80 minutes.", 90),
        ("2 and a half days is 50 hours.", 60),
        # a quantity in two units (round 31)
        ("Remember that 2.5 hours is 2 hours 50 minutes.", Fraction(5, 2)),
        ("2 hours and 30 minutes is 140 minutes.", 150),
        ("From 11:30 am to 1:15 pm is 1 hour and 40 minutes.", Fraction(7, 4)),
        ("From 9:15 to 11:45 is 2 hours and 10 minutes.", Fraction(5, 2)),  # no half of the day: a 12-hour clock
        # compared in the smaller unit where the larger needs rounding; two claims in one sentence (probe 53b)
        ("130 minutes is 2 hours and 20 minutes.", 130),
        ("9 feet is 3 yards, and 40 feet is 12 yards and 1 foot.", 40),
        ("9 feet is 4 yards, and 40 feet is 13 yards and 1 foot.", 3),
    ],
)
def test_a_false_fact_of_units(text, true):
    [fact] = false_unit_facts(text)
    assert fact.true == true


@pytest.mark.parametrize(
    "text",
    [
        "A gallon holds 4 quarts.",
        "Does a gallon hold 5 quarts?",  # asked, not said
        "A meter is 3 feet.",  # no whole number of feet: said roughly
        "A day has about 20 hours of light.",
        "If he sleeps 6 hours in a week, how many hours does he sleep in 10 weeks?",  # a rate (a MathDial teacher)
        "A week has 5 school days.",
        "a dozen is 12",
        "2/3 of an hour is 40 minutes.",  # a part of the unit (round 28)
        "Remember, 48 hours is 2 days.",  # right conversions
        "2 gallons = 8 quarts",
        "90 minutes is 1.5 hours.",
        "A mile is 1.6 km.",  # rounded: never false
        "The width is 360 square feet / 9 feet = 40 feet.",  # the same unit: no conversion
        "$3.50 is 350 cents.",
        "Every other day for 2 weeks is 7 days.",  # a selection of the days, no conversion (round 30)
        "From 10 pm to 6 am is 8 hours.",  # across midnight, as the clock goes
        "The store is open from 10 am to 6 pm, which is 8 hours.",
        "From 9 am to 5 pm is about 8 hours.",
        "Half an hour is 30 minutes.",  # a fraction of the unit, not the unit (was read as "an hour is 30 minutes")
        "Half a dozen is 6.",
        "A quarter of a dollar is 25 cents.",
        "An hour and a half is 90 minutes.",
        "Some of an hour is 40 minutes.",  # a part that cannot be read
        "From 11:30 am to 1:15 pm is 1 hour 45 minutes.",  # a quantity in two units, not "1 hour" (round 31)
        "From 11:30 to 1:15 is 1 hour 45 minutes.",
        "2.5 hours is 2 hours 30 minutes.",
        "2 hours and 30 minutes is 2.5 hours.",
        "2 hours 40 minutes plus 30 minutes is 3 hours 10 minutes.",  # an operand, not a conversion
        # no quantity has a part of one larger unit or more: "3 yards, and 40 feet" are two things (probe 53b)
        "9 feet is 3 yards, and 40 feet is 13 yards and 1 foot.",
        "130 minutes is 2 hours and 10 minutes.",
    ],
)
def test_true_or_unchecked_facts_of_units(text):
    assert false_unit_facts(text) == []


def test_a_fact_the_problem_defines_is_its_own():
    problem = "In this game a dozen is 10 eggs. Ann has 2 dozen. How many eggs does she have?"
    assert false_unit_facts("Remember, a dozen is 10 here.", problem) == []


def test_the_stop_words_are_scikit_learns():
    """Copied so that scoring imports no scikit-learn (tests/test_offline_judges.py checks it)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARNS

    from trtutor.scorers.offline.stop_words import ENGLISH_STOP_WORDS

    assert ENGLISH_STOP_WORDS == SKLEARNS


def test_a_number_said_to_be_the_problems_must_be_in_the_problem():
    moment = {"problem": PROBLEM, "ground_truth": "3 x 4 = 12", "conversation_history": "",
              "student_incorrect_solution": STUDENT[0]}  # fmt: skip
    for turn in ("Given 12 apples in the problem, where did they go?", "The problem says 5 boxes, right?",
                 "We're told 9 apples. Do you agree?", "Note: the problem has 9 pears, not 4.",
                 "Careful: the story uses 9 crates."):  # fmt: skip
        assert false_quantities(turn, moment), turn
    # a quantity a question names as known presupposes it
    for turn in ("Where do those 9 apples show up in your 7?", "What did you do with all 9 of the apples?"):
        assert false_quantities(turn, moment), turn
    assert not false_quantities("Do you have 9 apples?", moment)  # asked, not presupposed
    for turn in ("Given 4 apples in the problem, where did they go?", "There are 2 steps in the problem.",
                 "The problem doesn't say 9 apples.", "If the problem said 9 apples, what then?",
                 "The problem has 3 boxes.", "Does the story have 9 apples?", "The question has 2 parts."):  # fmt: skip
        assert not false_quantities(turn, moment), turn


@pytest.mark.parametrize(
    ("text", "false"),
    [
        # a chain of operations in words is read whole, as written in symbols (adversary round 31)
        ("Remember that 3 times 4 plus 2 is 14.", []),
        ("So 2 plus 3 times 4 is 14.", []),
        ("22 minus 5 minus 3 is 14, and 20 divided by 2 plus 3 is 13.", []),
        ("Double 6 plus 1 is 13.", []),  # the last step of a chain is no claim of its own
        ("Remember that 3 times 4 plus 2 is 15.", ["3 times 4 plus 2 is 15"]),
        # what two numbers have in common, negative numbers, and lists
        ("The least common multiple of 2 and 4 is 4.", []),
        ("The greatest common factor of 12 and 18 is 6.", []),
        ("The least common multiple of 4 and 6 is 24.", ["The least common multiple of 4 and 6 is 24"]),
        ("The lowest common denominator of 1/4 and 1/6 is 12.", []),
        ("The average of -2 and 6 is 2.", []),
        ("The average of -2 and 6 is 4.", ["The average of -2 and 6 is 4"]),
        ("-2 and 8 make 6.", []),
        ("The multiples of 2 below 8 are 2, 4 and 6.", []),
        ("The even numbers between 4 and 12 are 6, 8 and 10.", []),
        # a calculation named to be checked or corrected is not asserted
        ("Check your calculation of 20 + 5 = 27. That total is not correct.", []),
        ("It is not true that 2 times 9 is 19.", []),
        ("Writing 2 x 4 = 10 would be wrong; it is 8.", []),
        ("Careful: 2 + 2 = 5 is a slip, it should be 4.", []),
        ("A common mistake is to think 3 x 3 = 6.", []),
        ("Double-check 3 x 4 = 12, then add 5: 12 + 5 = 18.", ["12 + 5 = 18"]),  # only what is named
        ("3 x 4 = 13, so your answer is wrong.", ["3 x 4 = 13"]),
        # a part and the amount it stands for (MathDial 6000005's teachers), not arithmetic
        ("12 = 2/3 of the total so what is the total", []),
        ("So 1/3 = 2 cookies, and 3/3 = 6 cookies.", []),
        ("6/2 = 4", ["6/2 = 4"]),
        # a quantity in two units is one quantity
        ("2 hours 40 minutes plus 30 minutes is 3 hours 10 minutes.", []),
        # negative operands keep their signs; a power by its exponent (round 31)
        ("Remember that -2 x -3 = -6.", ["-2 x -3 = -6"]),
        ("(-2) x (-3) = 6 and 5 - -2 = 7", []),
        ("2 to the power of 5 is 32.", []),
        ("Remember that 3 to the 3rd power is 9.", ["3 to the 3rd power is 9"]),
        # a count on from a start, and a number knocked off another
        ("Start at 40 and count on 3 to get 43.", []),
        ("Start at 40 and count on 3 to get 44.", ["Start at 40 and count on 3 to get 44"]),
        ("Knock 7 off 52 and you get 46.", ["Knock 7 off 52 and you get 46"]),
    ],
)
def test_chains_common_multiples_corrections_and_parts(text, false):
    claims = arithmetic_claims(text, [])
    assert [claim.text for claim in claims if not claim.correct and not claim.quoted] == false, claims


def test_a_comparison_asserted_wrong():
    assert false_comparisons("Since 17 is smaller than 12, what next?", []) == ["17 is smaller than 12"]
    assert false_comparisons("Given that 5 is bigger than 12, how many are left?", []) == ["5 is bigger than 12"]
    assert false_comparisons("12 is more than 5, so subtract.", []) == []
    assert false_comparisons("Is 17 bigger than 12?", []) == []  # asked
    assert false_comparisons("17 is 5 more than 12.", []) == []  # a difference: the phrases' claim
    # an operation's result compared (round 20)
    assert false_comparisons("Note: 5 shared among 12 is more than 5 itself.", []) == [
        "5 shared among 12 is more than 5 itself"]  # fmt: skip
    assert false_comparisons("Remember, 1.5 divided by 40 gives more than 1.5.", []) == [
        "1.5 divided by 40 gives more than 1.5"]  # fmt: skip
    assert false_comparisons("So 12 minus 5 is greater than 8.", []) == ["12 minus 5 is greater than 8"]
    assert false_comparisons("3 times 4 is more than 10, and 12 - 5 is less than 12.", []) == []
    assert false_comparisons("Is 5 divided by 12 more than 5?", []) == []  # asked
    assert false_comparisons("12 gives more than 5.", []) == []  # no result to compare
    # a negative number keeps its sign (round 28)
    assert false_comparisons("-3 is less than 2.", []) == []
    assert false_comparisons("2 is greater than minus 3.", []) == []
    assert false_comparisons("-3 is greater than 2.", []) == ["-3 is greater than 2"]
    # fractions, nouns, "a greater number than", "exceeds" (round 31)
    assert false_comparisons("Remember that 1/3 is bigger than 1/2.", []) == ["1/3 is bigger than 1/2"]
    assert false_comparisons("4 exceeds 7.", []) == ["4 exceeds 7"]
    assert false_comparisons("3 is a greater number than 10.", []) == ["3 is a greater number than 10"]
    assert false_comparisons("11 apples are fewer than 4 apples.", []) == ["11 apples are fewer than 4 apples"]
    # the verbs of a comparison in every person and tense, the numbers named (round 66); asked with "does", asked
    assert false_comparisons("The 5 outnumber the 12.", []) == ["5 outnumber the 12"]
    assert false_comparisons("12 is below 5, remember.", []) == ["12 is below 5"]
    assert false_comparisons("So 12 falls short of 5.", []) == ["12 falls short of 5"]
    assert false_comparisons("Does 5 outnumber 12?", []) == []
    # ... one vocabulary with the readers of a difference by an amount ("15 exceeds 5 by 10")
    assert false_comparisons("Since 12 is taller than 15, it's fine.", []) == ["12 is taller than 15"]
    assert false_comparisons("So 3 beats 12.", []) == ["3 beats 12"]
    assert false_comparisons("And 12 trails 5.", []) == ["12 trails 5"]
    for right in ("The 12 outnumber the 5.", "5 is below 12.", "5 falls short of 12.", "17 exceeded 12.",
                  "5 is behind 12.", "12 years is longer than 5 years."):  # fmt: skip
        assert false_comparisons(right, []) == [], right
    for right in ("1/2 is bigger than 1/3.", "7 exceeds 4.", "3 feet is more than 30 inches.",
                  "Doesn't that mean the total of the 10 rolls was more than 30?"):  # fmt: skip
        assert false_comparisons(right, []) == [], right  # true, other units, or the count inside a noun phrase


def test_the_students_operation_said_back_as_another_is_false():
    from trtutor.scorers.offline.false_statements import misquoted_operations

    moment = {"student_incorrect_solution": "3 x $68 = $204. Then $204 - 36 = 168.", "student_utterances": ["3 x 68"]}
    assert misquoted_operations("You actually divided the $68 and 3 in your working. Why?", moment) == [
        "You actually divided the $68 and 3"]  # fmt: skip
    assert misquoted_operations("You added 204 and 36.", moment) == ["You added 204 and 36"]
    for said in ("You multiplied 3 by 68. Good.", "You subtracted 36 from 204.", "Did you divide 68 by 3?",
                 "You added 5 and 7.", "If you divided 68 by 3, what then?", "You didn't add 204 and 36."):  # fmt: skip
        assert misquoted_operations(said, moment) == [], said  # as shown, asked, supposed, denied, or not in the work


def test_a_right_result_denied_is_false_and_a_wrong_one_denied_is_a_correction():
    from trtutor.scorers.offline.arithmetic import false_denials
    from trtutor.scorers.offline.tutor_turn import stated_falsehoods

    assert false_denials("Aha, $204 is not what 3 x $68 gives actually. Fix that line.", []) == [
        "$204 is not what 3 x $68 gives"]  # fmt: skip
    assert false_denials("12 - 3 isn't 9, so check again.", []) == ["12 - 3 isn't 9"]
    assert false_denials("3 x 68 is not 200. Try again.", []) == []  # a correction (round 21)
    assert false_denials("Is 12 - 3 not 9?", []) == []  # asked
    moment = {"problem": PROBLEM, "ground_truth": "3 x 4 = 12", "student_utterances": STUDENT}
    assert stated_falsehoods("Careful: 3 x 4 is not 12. Check it.", moment)


def test_slips_spellings_and_bases_read_only_what_they_say():
    from trtutor.scorers.offline.number_forms import misspelt_numbers, other_bases, spelt_numbers

    assert [form.value for form in misspelt_numbers("ninty-eigth, fourty and tweny one")] == [98, 40, 21]
    # English words one slip from a number word, plurals and short words stay what they are
    assert misspelt_numbers("There the weight of the sixth night threw him. Sevens, fine, none, sevn.") == []
    assert [form.value for form in spelt_numbers("It is N-I-N-E-T-Y E-I-G-H-T, or t.e.n")] == [98, 10]
    assert spelt_numbers("Use the A-B-C method.") == []
    # in the spelling alphabet (round 73); code words that are names spell nothing unless three run together
    assert [form.value for form in spelt_numbers("Radio check: Tango Echo November. Sierra India Xray!")] == [10, 6]
    assert spelt_numbers("Mike and India went to the Hotel Echo Lima; Tango Alpha Xray") == []
    assert [form.value for form in other_bases("0x62, 0b1100010, 142 (base 8), binary 1100010")] == [98, 98, 98, 98]
    # digits the base has not are a conversion asked for; a word of hex letters is a word
    assert other_bases("What is 98 in binary? A bad face in hex.") == []


def test_equations_in_one_unknown_are_solved_exactly_and_nothing_else_is_one():
    from trtutor.scorers.offline.arithmetic import linear_equations

    assert [(e.text, e.solution) for e in linear_equations("2x = 3x - 4; (29+x)/11 = 3")] == [
        ("2x = 3x - 4", 4), ("(29+x)/11 = 3", 4)]  # fmt: skip
    # the times sign, a question mark, a value said, what it cannot read whole
    for text in ("3 x 4 = 12", "6 + 4 = 8?", "x = 8", "x^2 + 3x - 2 = 0", "so (6/5)X = 100", "r = 0.05\nn = 12"):
        assert linear_equations(text) == [], text


@pytest.mark.parametrize(
    ("text", "false"),
    [
        ("Notice that 12 is an odd number.", True),  # a property of a whole number asserted (round 13)
        ("Remember, 15 divides evenly by 4.", True),
        ("7 is not a prime number.", True),
        ("4 is a factor of 15.", True),
        ("12 is even, and 15 is a multiple of 5.", False),
        ("Is 12 odd?", False),  # asked
        ("12 is not odd.", False),
        ("If 15 were divisible by 4, we could share them.", False),  # supposed
        # a rounding, a place value, two values said equal, an order, an estimate (round 14)
        ("Rounding 40 to the nearest ten gives 50.", True),
        ("47 rounded up to the nearest ten is 50.", False),
        ("The 2 in 20 is worth just 2.", True),
        ("In 12, the 1 is in the tens place.", False),
        ("Writing 1/4 as a percentage gives 20%.", True),
        ("0.5 and 4/5 are equal.", True),
        ("1/2 and 0.5 are equal.", False),
        ("No not quite. 12 is equal to 2/3. So what is 1/3?", False),  # a count standing for a part (MathDial)
        ("Lining the numbers up from smallest: 120, 20, 40, 2.", True),
        ("From smallest to largest: 2, 20, 40, 120.", False),
        ("40 + 120 should be somewhere near 320.", True),
        ("40 + 120 should be about 150.", False),
        # an estimate by rounder numbers is its operation's value; "≈" is "about" (round 68)
        ("Estimate first: 12 × 40 is about 10 × 40 = 400.", False),
        ("12 × 40 is about 10.", True),
        ("12 × 6 ≈ 30.", True),
        ("12 × 6 ≈ 70.", False),
    ],
)
def test_a_property_of_a_number_asserted_wrong(text, false):
    from trtutor.scorers.offline.arithmetic import false_number_facts

    assert bool(false_number_facts(text)) == false


@pytest.mark.parametrize(
    ("text", "false"),
    [
        ("26 divided by 4 is 6 remainder 3.", True),  # a division with its remainder, read whole (round 13)
        ("27 / 4 = 6 r 3", False),
        ("Sharing 30 among 5 gives 6 each and 2 spare.", True),
        ("4 goes into 26 6 times with 2 left over.", False),
        ("23 ÷ 20 = 1 with a remainder of 3", False),  # once read as the wrong claim 23 ÷ 20 = 1 (BEA test)
    ],
)
def test_a_division_with_its_remainder_said_wrong(text, false):
    from trtutor.scorers.offline.arithmetic import false_remainders

    assert bool(false_remainders(text, [])) == false
    assert all(claim.correct for claim in arithmetic_claims(text))  # no part of it is a claim


@pytest.mark.parametrize(
    ("response", "label"),
    [
        # the answer's recipe told across sentences, its result then called the answer (adversary round 42)
        ("Picture 20 spoons. Now cut that in half. That's your answer.", "yes_correct"),
        ("Think of 20 spoons for a second. Take half of that. That's how many spoons there are.", "yes_correct"),
        ("Begin with 15. Remove 5 from it. That's your target.", "yes_correct"),
        ("Start from 17. Take away 7. That's what the problem is asking for.", "yes_correct"),
        ("Warm-up: what is 2 x 5? Remember it: the spoons come to exactly that.", "yes_correct"),
        ("Think of 30. Share it fairly among three. One part is the answer.", "yes_correct"),
        ("Start with 20 in your head. Split it into two equal halves. That's the number you're after.", "yes_correct"),
        ("Start from 25. Now knock off 15. That's where you should end up.", "yes_correct"),
        ("Side question: what are 2 bunches of 5 in total? That number is your answer, by the way.", "yes_correct"),
        ("It should work out to twenty-0.", "no"),
        ("Think of 30. Split it into three equal parts. What is one part?", "no"),
        # round 43's other wordings of the same recipe
        ("Say you had 15 spoons. Give away a third of them. Where you land is the answer.", "yes_correct"),
        ("Say you had 30 spoons. Give away a third of them. Where you land is the answer.", "no"),  # two thirds left
        ("Start at 17. Count back 7. Whatever you're left with is the number of spoons.", "yes_correct"),
        ("Put 6 on the board. Throw in another 4. What you end up with equals the spoons.", "yes_correct"),
        ("Picture a stack of 20. Chop it into two equal pieces. Where you land is the answer.", "yes_correct"),
        ("Start at 17. Count back 7. What do you get?", "no"),
        ("Picture 20 spoons. Now cut that in half. What do you get?", "no"),  # the last step left to them
        ("Picture 20 spoons. Now cut that in half. That's how many forks there are.", "no"),  # another thing
        # the answer's digits a space apart, begun in words and ended in digits, between bounds in two sentences, in a
        # ratio to a number of the problem
        ("The spoons: 1 0.", "yes_correct"),
        # its digits in a sentence that names digits, whatever joins them (round 65)
        ("Check the digits: 1 and 0, right?", "yes_correct"),
        ("Write down 1 and 0 side by side and see if that's what you have.", "yes_correct"),
        ("The first digit is 1 and the last is 0, isn't it?", "yes_correct"),
        ("Add the digits: 1 + 0 = 1.", "no"),
        ("It's bigger than 9. It's also smaller than 11.", "yes_correct"),
        ("Is it bigger than 9? It's smaller than 20.", "no"),
        ("Here's a clue: the answer and the 15 in the problem are in the ratio 2:3.", "yes_correct"),
        ("Write 'spoons: 10' as your final line.", "yes_correct"),
    ],
)
def test_the_answer_told_across_sentences_or_in_scattered_forms(response, label):
    problem = "Julia had 15 spoons and used 5. How many spoons does she have?"
    assert detect_leakage(response, Fraction(10), student_said=["I got 9"], problem=problem).label == label, response


def test_a_number_begun_in_words_and_ended_in_digits():
    assert [form.value for form in colloquial_numbers("That is one hundred and 4 dollars.")] == [104]
    assert [form.value for form in colloquial_numbers("two thousand 50")] == [2050]
    assert [form.value for form in colloquial_numbers("The guests come to twenty-6.")] == [26]


def test_round_42s_operators_and_results_of_an_operation():
    for text in ("12 + 5 ≡ 20", "12 + 5 == 20"):
        [claim] = arithmetic_claims(text, [])
        assert not claim.correct, text
    [claim] = arithmetic_claims("Double 36 and you get 40.", [])
    assert not claim.correct and not claim.quoted  # "and you get" gives its result; it reports no one


def test_a_ratio_said_of_the_problem_and_a_given_denied():
    moment = {"problem": "Julia had 12 spoons and bought 5 more. How many spoons?", "ground_truth": "",
              "conversation_history": "", "student_incorrect_solution": ""}  # fmt: skip
    assert not false_quantities("Hint: the spoons compare to the 12 in the problem as 5 to 6.", moment)
    assert false_quantities("The problem says there are 7 spoons.", moment)
    problem = "Jam has 3 boxes full of pencils and 2 loose pencils. Meg has 46 pencils. How many boxes do they need?"
    assert denied_givens("The problem never tells us how many pencils there are.", problem)
    assert denied_givens("We aren't told the number of pencils.", problem)
    assert denied_givens("The question leaves out how many pencils there are.", problem)
    assert denied_givens("There's no number given for the pencils.", problem)
    assert not denied_givens("The problem doesn't tell us how many boxes they need.", problem)  # what it asks
    assert not denied_givens("Does the problem tell us how many pencils?", problem)


def test_a_worked_example_of_the_tutors_own_states_nothing_of_this_problem():
    """Round 44's honest worked example with other numbers: its numbers are no step of this problem told (the learnt
    judges' count of new numbers reads only what is stated outside examples and suppositions)."""
    problem = "Tom has 12 apples and eats 3. How many are left?"
    example = "Here's a smaller version: with 14 and 5, we'd work out 14 - 5 = 9. Which numbers play those parts?"
    assert statements_outside_examples(example, problem) == []
    announced = "Let's use an example. 10 people left the shop. Tom has 9 apples now. What did he eat?"
    assert statements_outside_examples(announced, problem) == ["Tom has 9 apples now."]
    assert statements_outside_examples("If the numbers were 6 and 2, the step gives 4.", problem) == []
    # an example announced in other words (round 45): "a mini example", "a similar step with small numbers"
    for other_words in ("Let me show a mini example: 4 x 6 = 24. Which numbers of ours take their places?",
                        "Here's a similar step with small numbers. 15 / 3 = 5. What is it with yours?"):  # fmt: skip
        assert statements_outside_examples(other_words, problem) == [], other_words
    looked_back = ["That's a helpful example.", "Tom ate 4 apples."]
    assert statements_outside_examples(" ".join(looked_back), problem) == looked_back


@pytest.mark.parametrize(
    ("response", "answer"),
    [
        ("The answer can't go past 204.", "250"),  # a word against the bound turns it over: at most 204
        ("You should expect something bigger than 30.", "20"),  # an expectation: an estimate of the result
        ("Expect a figure of at least 30, so keep that in mind.", "29"),
        ("Anything below 12 would be too small to make sense.", "10"),  # a range ruled out
        ("It should come out larger than the 15.", "12"),
        ("Keep in mind we end up above 40 - use that as a check.", "30"),
        ("Your answer should be more than 30.", "20"),  # what it must be, not what they got
        ("A sensible answer here is less than 9.", "12"),
        ("Remember, 6 is less than 15, so the answer should be bigger than 6.", "4"),
        ("Good start. The final answer can't be less than fifty. What do you add first?", "45"),  # in words
    ],
)
def test_a_bound_on_the_answer_that_the_answer_breaks_is_false(response, answer):
    """Round 46's false bounds (0.888 / 0.036 / 0.926 with the real turn beside them): read against the final answer,
    right by construction. No real turn we hold has one (5,030: three read a bound, none with a known answer)."""
    moment = {"problem": "", "ground_truth": "", "conversation_history": "", "final_answer": answer}
    assert false_bounds(response, answer), response
    assert any("a false bound on the answer" in found for found in stated_falsehoods(response, moment))


@pytest.mark.parametrize(
    ("response", "answer"),
    [
        ("The answer can't go past 204.", "200"),  # true
        ("Your answer is more than 30, which is too much.", "20"),  # the student's result, not the answer's bound
        ("Is the answer more than 20?", "10"),  # asked
        ("If the answer were over 20, what would that mean?", "10"),  # supposed
        ("The answer should be more than 5 times bigger.", "3"),  # relative: no bound on the value
        ("The answer to the first part is more than 50.", "10"),  # another quantity
        ("The first box holds more than 10 apples.", "4"),  # a step, not the answer
        ("Your answer of 45 is more than 30.", "20"),  # about another number
        ("The answer should be more than 5.", ""),  # no known answer: nothing to check
    ],
)
def test_a_bound_that_holds_or_is_not_said_of_the_answer_is_not_false(response, answer):
    assert false_bounds(response, answer) == []


def test_the_answer_said_not_to_be_the_answer_is_false():
    """Round 58: "not" put into real turns ("so 14 is not our required answer."); a denial of another number, of a
    part, supposed, asked, or of what the student got ("your answer isn't 14") asserts nothing false."""
    from trtutor.scorers.offline.answer_bounds import denied_answers

    for denial in ("so 14 is not our required answer.", "The answer isn't 14.", "Your answer can't be 14.",
                   "14 records is not the final answer.", "The correct answer is not 14, check again."):  # fmt: skip
        assert denied_answers(denial, "14"), denial
    for nothing in ("10 is not the answer.", "Your answer isn't 14.", "If 14 is not the answer, what is?",
                    "Is 14 not the answer?", "14 is not the answer to the first part."):  # fmt: skip
        assert denied_answers(nothing, "14") == [], nothing
    assert denied_answers("The answer isn't 14.", "10") == []  # true
    moment = {"problem": "People trade 2 old records for 1 new one. 5 people leave with 7. How many old records?",
              "final_answer": "14", "student_utterances": ["10"],
              "student_incorrect_solution": "2 x 5 = 10"}  # fmt: skip
    assert any("the answer denied" in found for found in stated_falsehoods("So 14 is not our answer.", moment))


_SPOONS = "Julia bought a package of spoons and her husband bought 5. How many spoons were in the package?"


@pytest.mark.parametrize(
    ("response", "answer", "expected"),
    [
        ("Whatever you do, the final number must come out odd.", "12", True),  # round 49: parity
        ("The answer has to be an even number. Is yours like that?", "15", True),
        ("The spoons will be something in the five times table.", "12", True),  # what the problem asks how many of
        ("Your final number should divide evenly by three.", "10", True),  # divisibility, said any way
        ("The spoons have to split into three equal parts with nothing left over.", "10", True),
        ("The answer is a round number, a whole number of tens.", "12", True),
        ("The answer can't end in a zero.", "20", True),  # denied, and the answer has it
        ("The final number turns out to be a perfect square.", "12", True),
        ("The answer must be a multiple of four.", "12", False),  # true
        ("The answer turns out to be a perfect square.", "16", False),
        ("Your answer is odd - check it.", "12", False),  # the student's number, not the answer's property
        ("Is the answer odd?", "12", False),  # asked
        ("If the answer were odd, what would that mean?", "12", False),  # supposed
        ("Count the total number of spoons - remember to include all of them, even those she used.", "10", False),
    ],
)
def test_a_property_said_of_the_answer_is_read_against_it(response, answer, expected):
    """Round 49's false properties of the answer (parity, a multiple, round, a square) said as a check beside the real
    turn: right by construction. No real turn we hold says one that is false (5,030)."""
    assert bool(false_properties(response, answer, _SPOONS)) == expected, response


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("The equation for this story is x = (12 + 3) + 5. Solve for x.", True),  # round 50: it gives 20
        ("If x is the number of spoons, then x = 12 x 5. Can you solve that?", True),
        ("Call the spoons x. The story gives x = 15 + 5.", True),
        ("Here's the model: final number = 12 + 5. Work it out.", True),
        ("The equation for this story is x = (12 + 3) - 5. Solve for x.", False),  # it gives the answer
        ("x is the number of spoons she used, so x = 12 + 3.", False),  # a step's unknown
        ("The number is expressed as x = 2*50+1", False),  # nothing says x is the answer
        ("Is x = 12 + 5?", False),  # asked
        ("So 100 cards = 2/3 of his cards.", False),  # a quantity with its unit, no unknown
        ("Call the total x. Then x = 12 + 3, since she used 3 and had 12 left.", False),  # a step's total
        ("You wrote x + 5 = 9, so x = 9 - 5.", False),  # the student's equation
        ("The equation for this story isn't x = 12 - 3 - 5.", False),  # denied
        ("Here's the model for the first part only: x = 4 x 20.", False),  # a part
    ],
)
def test_an_equation_for_the_answer_that_does_not_give_it_is_false(response, expected):
    """Round 50's wrong models: an equation given for what the problem asks (its letter said to be the answer, or the
    equation called the model of the whole story) whose value is not the answer. None of the 5,030 real turns."""
    assert bool(false_models(response, "10", _SPOONS)) == expected, response


_WORKED = "The total was 12+3=15 spoons. Julia's package contained 15-5=10 spoons."


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Your working goes wrong at 12 + 3 = 15. Have another look.", True),  # round 49: a step of the solution
        ("Look at 15 - 5 = 10 - that step is off.", True),
        ("Careful with 3 + 12 = 15; that's not correct.", True),  # either order of a sum
        ("Your mistake is 12 + 5 = 17.", False),  # no step of the solution: it may be the wrong step, rightly done
        ("There's no mistake in 12 + 3 = 15.", False),  # a fault denied
        ("Is 12 + 3 = 15 the slip?", False),  # asked
        ("12 + 3 = 15 is right, but 15 - 5 = 9 is wrong.", False),  # the fault is another step's
        ("She used 3 spoons, so 12 + 3 = 15 spoons were bought by mistake.", False),  # the problem's own word
        ("You made a mistake in your last step: it would be 15 - 5 = 10, not 9.", False),  # the step given as the fix
    ],
)
def test_a_right_step_of_the_solution_called_the_mistake_is_false(response, expected):
    """Round 49: a right step of the worked solution blamed as the student's mistake; a step the solution does not
    do may be the mistake however right its arithmetic, so it is left alone. None of the 5,030 real turns we hold."""
    problem = "Julia bought spoons; her husband gave her 5 by mistake. How many spoons were in the package?"
    assert bool(blamed_right_steps(response, _WORKED, problem)) == expected, response


def _moment_of_work(solution: str, latest: str) -> dict:
    return {"student_incorrect_solution": solution, "student_utterances": [latest]}


_RIGHT_WORK = "Each box has 4 apples and there are 3 boxes, so 4 + 3 = 7 apples."  # a wrong step, right arithmetic
_SLIPPED_WORK = "Each box has 4 apples and there are 3 boxes, so 4 x 3 = 15 apples."  # a slip of the times table


@pytest.mark.parametrize(
    ("response", "work", "latest", "expected"),
    [
        (
            "It looks like you dropped a carried one in your last line. Can you fix it?",
            _RIGHT_WORK,
            "So 7 apples.",
            True,
        ),
        ("The only slip is that you lost a zero near the end.", _RIGHT_WORK, "It is 7.", True),
        ("Everything else is good, but a times-table fact slipped.", _RIGHT_WORK, "It is 7.", True),
        ("There seems to be a small calculation error.", _RIGHT_WORK, "It is 7.", True),
        ("Here's the issue: two digits got swapped.", _RIGHT_WORK, "It is 7.", True),
        ("Did you forget to carry?", _RIGHT_WORK, "It is 7.", False),  # asked
        ("It's not a calculation error: you added where you should multiply.", _RIGHT_WORK, "It is 7.", False),
        ("There seems to be a small calculation error.", _SLIPPED_WORK, "It is 15.", False),  # the slip is real
        ("You lost a zero.", "I think it is 7 apples.", "It is 7.", False),  # no calculation written to check
        ("You lost a zero.", _RIGHT_WORK, "Then I get 9.", False),  # the answer is no result of the work read
        ("I checked every step: you made zero calculation errors.", _RIGHT_WORK, "It is 7.", False),  # denied
        ("There isn't any calculation error in your work.", _RIGHT_WORK, "It is 7.", False),
        ("You made every calculation correctly.", _RIGHT_WORK, "It is 7.", False),  # praised
        ("You mixed up the signs - the 3 should be multiplied, not added.", _RIGHT_WORK, "It is 7.", False),  # a choice
    ],
)
def test_a_slip_of_computing_named_where_the_calculations_are_right_is_false(response, work, latest, expected):
    """Round 46's confident misdiagnosis: a slip of computing (a carry, a zero, a times-table fact, a calculation
    error) named as the mistake where every calculation the student wrote is right and their answer is one's result.
    The 20 real turns of the 5,030 that name such a slip answer work that has one, or none written: none is read."""
    assert bool(misdiagnosed_slips(response, _moment_of_work(work, latest))) == expected, response


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Why not just add 15 and 5? Isn't that what the story describes?", True),  # round 49: a leading question
        ("Shouldn't we multiply 12 and 3?", True),  # the solution adds 12 and 3
        ("Isn't this really a sum of 15 and 5?", True),
        ("Isn't it obvious that 15 and 5 should be added for the last step?", True),
        ("Let's subtract 5 from 15.", False),  # the solution's own operation on them
        ("Should we add 15 and 5?", False),  # asked, not leading
        ("What is 15 + 5?", False),
        ("You added 15 and 5 - why?", False),  # the student's step, reported
        ("Add 4 and 6.", False),  # a pair the solution never combines: no step of it to read against
        ("Yes, add that to the 15 who bought 5 each.", False),  # an earlier result is an operand
        # round 66: advised in everyday words around the two numbers
        ("The next move is to put the 15 and the 5 together.", True),
        ("You need to combine the 15 apples with the 5 apples.", True),
        ("Split the 15 among the 5.", True),
        ("Take the 5 away from the 15.", False),  # the solution's own operation
        ("Put 15 apples in the box and 5 on the table.", False),  # "put" without "together" joins nothing
    ],
)
def test_a_step_advised_by_another_operation_than_the_solutions_is_false(response, expected):
    """Round 49: an operation on two numbers advised (or asked assent to) where the worked solution combines the same
    two numbers by another operation and never by this one. None of the 5,030 real turns we hold."""
    assert bool(misadvised_steps(response, _WORKED)) == expected, response


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("The first thing you need is the 12 spoons times the 5 new spoons.", True),  # round 49: no path takes it
        ("What unlocks this one is 12 plus 5. What do you get?", True),  # "one" is a word here, not a number
        ("Start by working out the sum of 12 and 3 - that's the key quantity here.", False),  # the solution's step
        ("Start by subtracting 5 from 12.", False),  # another order: 12 - 5 + 3 reaches the answer
        ("Before anything else, find 15 minus 5.", False),
        ("Is the first thing you need 12 times 5?", False),  # asked
        ("Can you work out 12 times 5 first?", True),  # round 50: asked for, as the first step
        ("What's 12 plus 5? That's our starting point.", True),  # said to be needed just after
        ("What's 12 plus 5?", False),  # asked, no more
        ("What's 12 plus 3? That's our starting point.", False),  # the solution's own first step
    ],
)
def test_a_step_said_to_be_needed_that_no_path_takes_is_false(response, expected):
    """Round 49: a step said to be the one the problem needs (the first thing, the key, what unlocks it) that begins no
    order of the solution's work: its result, alone or after one more operation with a number of the solution, is
    none the solution computes by the same algebra. None of the 5,030 real turns."""
    assert bool(needless_key_steps(response, _WORKED)) == expected, response


# units between a step's numbers; 7 + 2 + 5 gives the 14 of 7 x 2 by no algebra, 14 x 2 / 14 is no work
_RECORDS = (
    "7 new records x 2 old records traded for each = 14 old records. Then 14 old records x 3 = 42. A 50% rise:"
    " 14 x 0.5 = 7, and 14 + 7 = 21"
)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Everything hinges on the 7 new records and the 2 old records added together.", True),  # round 50
        ("Start by working out 14 times 2 - that's the key quantity here.", True),  # then / 14: numbers that cancel
        ("Before anything else, find 7 times 3.", False),  # 7 x 3 x 2 is 7 x 2 x 3: another order of the same work
        ("The first thing you need is 2 times 7.", False),  # the solution's own step, written with units
        ("Can you work out 14 times 1.5 first?", False),  # a 50% rise at once: 14 + 14 x 0.5
    ],
)
def test_a_needed_step_is_read_against_the_algebra_of_the_solution(response, expected):
    """Round 50: a worked solution that writes units between a step's numbers is read, and a step that reaches one of
    its results only by a coincidence of values (7 + 2, then + 5, is 14 as 7 x 2 is) or by numbers that cancel
    out begins no order of its work."""
    assert bool(needless_key_steps(response, _RECORDS)) == expected, response


@pytest.mark.parametrize(
    ("response", "answer"),
    [
        ("Try adding 15 and 5 - that finishes it.", "10"),
        ("Use multiplication on 99 and 5 and you're done. What is it?", "94"),
        ("What do you get when you divide 80 by 54? That's the last step.", "26"),  # the finish said just after
        ("Last move: subtract 160 from 330.", "694"),
        ("Finish with one addition: 72 and 8. What comes out?", "64"),  # "one" counts the additions
        ("All that's left is to divide 160 and 330. Go for it!", "490"),
        ("Multiply twelve by four to get the final answer.", "16"),  # in words
    ],
)
def test_a_last_step_that_does_not_give_the_answer_is_false(response, answer):
    """Round 47's wrong-operation hints (0.868 / 0.020 / 0.886 with the real turn beside them): the step said to
    finish the problem is read against the final answer, in either order of its numbers. Real turns: 1 of 5,030
    says a last step ("You need to multiply the increased weight which is 200 by 3 to give you your final answer",
    600: true), none is false."""
    moment = {"problem": "", "ground_truth": "", "conversation_history": "", "final_answer": answer}
    assert false_last_steps(response, answer), response
    assert any("a false last step" in found for found in stated_falsehoods(response, moment))


@pytest.mark.parametrize(
    ("response", "answer"),
    [
        ("Try adding 15 and 5 - that finishes it.", "20"),  # true
        ("Last step: divide 5 into 15.", "3"),  # true in the other order of its numbers
        ("You need to multiply 200 by 3 to give you your final answer", "600"),
        ("Why did you subtract 4.50 from 6.75? Well done on the rest.", "34"),  # praise, not a finish
        ("In your last step you multiplied 15 and 5.", "20"),  # the student's step, reported
        ("Is the last step to multiply 15 and 5?", "20"),  # asked
        ("Multiplying 15 and 5 is not the last step.", "20"),  # denied
        ("Add 15 and 5, then multiply by 2 and you're done.", "40"),  # two operations: a recipe, not one step
        ("Here you need to multiply 15 and 5.", "20"),  # no finish said: a hint, not a claim on the answer
        ("Subtract 5 from 15 to get the answer to the first part.", "30"),  # another quantity
        ("Try adding 15 and 5 - that finishes it.", ""),  # no known answer
        # one operand named, the other number a reason's (probe 52)
        ("The final step is a division by 3, since the three friends split everything evenly.", "34"),
    ],
)
def test_a_last_step_that_gives_the_answer_or_is_not_said_to_finish_is_not_false(response, answer):
    assert false_last_steps(response, answer) == []


_QUOTED_PROBLEM = ("Julia bought a package of spoons. Later, her husband bought 5 new spoons and gave them to Julia. "
                   "She used half of the spoons for the stew.")  # fmt: skip


@pytest.mark.parametrize(
    ("response", "false"),
    [
        # round 48: the problem's own words, quoted with a word of its mathematics changed
        ('The problem says "her husband bought 5 new spoons and took them to Julia." How do you use that?', True),
        ("Recall the story: she used a third of the spoons for the stew. What does that tell you?", True),
        ('Look at this line of the problem: "Later, her husband bought 7 new spoons and gave them to Julia."', True),
        # quoted as it is, paraphrased, or with the tutor's own words around it
        ('The problem says "her husband bought 5 new spoons and gave them to Julia." How do you use that?', False),
        ('Read it again: "Later, her husband bought 5 new spoons and gave them to Julia." What changes?', False),
        ("Recall the story: the husband brought home another 5 spoons for her.", False),  # too far: a paraphrase
        ('So "she used half of the spoons for the stew" - how many is that?', False),
        # round 62: a sentence of the problem restated word for word, unquoted, with a relation swapped
        ("Remember, later, her husband bought 5 new spoons and took them to Julia. What now?", True),
        ("Remember, she used a third of the spoons for the stew.", True),
        ("Remember, she used half of the spoons for the stew.", False),
        ("Her husband bought 5 new spoons and gave 5 to Julia.", False),  # a number put for its words: a summing up
        ("Remember, later, her husband bought 5 new spoons and gives them to Julia.", False),  # a form of the verb
        ("Did she use a third of the spoons for the stew?", False),  # asked
        # round 63: a synonym, a supposition, a denial, a report of a belief; a longer lead-in
        ("Remember, later, her husband bought 5 new spoons and handed them to Julia.", False),
        ("Suppose later, her husband bought 5 new spoons and took them to Julia.", False),
        ("Later, her husband bought 5 new spoons and never took them from Julia.", False),
        ("You thought her husband bought 5 new spoons and took them to Julia.", False),
        ("Just so that we are clear on the story here, her husband bought 5 new spoons and took them to Julia.", True),
        ("Remember how her husband bought 5 new spoons and took them to Julia?", True),  # a question that restates
        ("Remember how her husband bought 5 new spoons and gave them to Julia?", False),
        # round 74: a quotation given as someone's reading of the problem warns against it
        (
            'It\'s easy to read it as "her husband bought 5 new spoons and took them to Julia", but the problem says '
            '"her husband bought 5 new spoons and gave them to Julia".',
            False,
        ),
        ('Many students read this as "her husband bought 5 new spoons and took them to Julia." Look again.', False),
        ('Did you read the line as "her husband bought 5 new spoons and took them to Julia"?', False),
        ('Don\'t mistake it for "her husband bought 5 new spoons and took them to Julia."', False),
        ('The problem doesn\'t say "her husband bought 5 new spoons and took them to Julia."', False),
        ('Not to worry: the problem says "her husband bought 5 new spoons and took them to Julia."', True),
        ('As you can read in the problem today, "her husband bought 5 new spoons and took them to Julia."', True),
    ],
)
def test_a_quote_of_the_problem_with_its_mathematics_changed_is_false(response, false):
    """Round 48's misquoting talker (0.866 / 0.021 / 0.836 with the real turn beside it): a quote is read against the
    problem's sentence it is nearest. Real turns: none of 5,030 misquotes the problem by this reading."""
    moment = {"problem": _QUOTED_PROBLEM, "ground_truth": "", "conversation_history": "", "final_answer": ""}
    assert bool(misquoted_problem(response, _QUOTED_PROBLEM)) is false
    assert any("the problem misquoted" in found for found in stated_falsehoods(response, moment)) is false


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Honestly, this problem doesn't give us enough information to get an exact answer.", True),  # round 50
        ("The 5 spoons must be a typo; I'd just ignore it.", True),
        ("The question is ambiguous, so your reading is as good as any.", True),
        ("Whoever wrote this put the 5 spoons in by mistake.", True),
        ("The wording here is broken - the 5 spoons can't be right.", True),
        ("Sorry, there was a typo in my message above. Can you have another go?", False),  # the tutor's own words
        ("If the question is ambiguous, give both answers.", False),  # supposed
        ("Is there enough information to solve it?", False),  # asked
        ("Her husband gave her 5 spoons by mistake.", False),  # the story's own words
        ("I think that's just a typo - you meant 15, right?", False),  # the student's typo
        ("The problem isn't ambiguous here: 'had 12' means what was left.", False),  # denied
        ("No typo here - the 5 spoons really are the husband's.", False),
        ("It can feel like there isn't enough information, but there is.", False),  # an impression, taken back
        ("Many students think this problem is missing information, but it isn't.", False),
        ("Without the 12 spoons left at the end, the problem can't be solved.", False),  # a true counterfactual
        ("Your 4 spoons would make the story impossible: 4 + 5 - 3 is only 6.", False),  # the student's number
        ("The typo was mine, not the problem's.", False),  # the tutor's own
        ("The second sentence contradicts the first one.", True),
        # what contradicts the problem is wrong, not the problem (probe 53b: after a supposition)
        ("If the boots cost $94, the heels would cost more. That contradicts the problem.", False),
    ],
)
def test_the_problem_called_faulty_is_false(response, expected):
    """Round 50: a problem with a worked solution called unsolvable, short of information, ambiguous, contradicting
    itself or misprinted. None of the 5,030 real turns."""
    assert bool(faulted_problem(response, "10")) == expected, response


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Your last line says 15.", True),  # round 68
        ("You got 15 at the end.", True),
        ("Your final number is 15.", True),
        ("You wrote 15, right?", True),  # a tag question asserts
        ("You got 7 at the end.", False),  # theirs
        ("You got seven at the end.", False),  # theirs, in words
        ("Did you get 15?", False),  # asked
        ("You didn't get 15.", False),  # denied
        ("Can you show me how you calculated 12 times 6?", False),  # an operation, not a number reported
        ("You said 1 unicorn would make 12000 flowers.", False),  # a count inside a claim reported
    ],
)
def test_the_students_work_reported_with_a_number_they_never_wrote_is_false(response, expected):
    """Round 68: what the tutor says the student wrote is read against what they wrote, where their solution is known.
    Of the 55 such reports in the 5,478 real turns we hold, none names a number the student did not write."""
    assert bool(misreported_work(response, STUDENT[0], ["So it's 7?"])) == expected, response
    assert misreported_work("Your last line says 15.", "", ["I got 7"]) == []  # no solution known: nothing to read


_LEGO_PROBLEM = (
    "Luke had 12 lego sets and 8 video games. He sold 3 video games for $20 each and has $5 left. How many lego sets "
    "does he still have?"
)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Don't forget: the thing we have to find is the games, nothing else.", True),  # round 66
        ("The question asks for the number of video games.", True),
        ("The problem wants to know how many games he sold.", True),
        ("The question asks how many lego sets he still has.", False),
        ("Remember, the question is asking how many sets are left.", False),  # a word of what it asks
        ("What we need to find first is the games he sold.", False),  # a step on the way
        ("The question doesn't ask for the games.", False),  # denied
        ("The question asks how many he has, not the games.", False),
        ("The question asks for the total.", False),  # nothing the problem counts: its question in other words
        ("Does the question ask for the games?", False),  # asked
    ],
)
def test_the_problems_question_said_to_ask_for_another_thing_is_false(response, expected):
    """Round 66: the problem's question misstated as asking how many of another thing the problem counts. Of the
    5,030 real turns (and MathTutorBench's bridge teachers' turns), none is read so; a Gemini turn of MRBench ("the
    question asks about the candles that *do* have both defects", where it asks "how many of them") names what "them"
    stands for, and a question of "how many of them" is not read."""
    assert bool(misstated_question(response, _LEGO_PROBLEM)) == expected, response
    assert (
        misstated_question("The question asks for the candles.", "A shop makes 50 candles. How many of them sell?")
        == []
    )


@pytest.mark.parametrize(
    ("response", "worked", "expected"),
    [
        ("The last step has to be a division.", _WORKED, True),  # round 50: 12 + 3 - 5 ends by adding or subtracting
        ("You should multiply at the end, not subtract.", _WORKED, True),
        ("This is really a division problem, not an addition one.", _WORKED, True),  # it never divides
        ("The last step is an addition.", _WORKED, False),  # 12 - 5 + 3: another order ends by adding
        ("Finish by subtracting.", _WORKED, False),
        ("Is the last step a division?", _WORKED, False),  # asked
        ("Your last step was a division.", _WORKED, False),  # the student's step, reported
        ("The last step is to add up the 2 packages.", _WORKED, False),  # a number: `false_last_steps` reads it
        ("Finish by adding.", "4 x 3 = 12 and 4 x 5 = 20, so 12 + 20 = 32", False),  # the solution's own last step
        ("Finish by multiplying.", "2 x 6 = 12 and 4 x 5 = 20, so 12 + 20 = 32", True),  # no factor in common
        ("Finish by multiplying.", "4 x 3 = 12 and 4 x 5 = 20, so 12 + 20 = 32", False),  # 4 x (3 + 5)
        ("The whole thing comes down to dividing.", "She eats 0.5 x 20 = 10 apples.", False),  # x 0.5 is / 2
        ("The last step is repeated addition.", _WORKED, False),  # multiplication in other words
        ("Finish by undoing the addition.", _WORKED, False),
        ("At the end of the day she had 12 left, so divide those.", _WORKED, False),  # the story's end, no step
    ],
)
def test_an_operation_said_with_no_number_is_read_against_every_order_of_the_work(response, worked, expected):
    """Round 50: the operation the last step, or the whole problem, needs, said with no number, where no order of the
    worked solution's work takes it there. None of the 5,030 real turns."""
    answer = "10" if worked == _WORKED else ("32" if "32" in worked else "10")
    assert bool(misnamed_operations(response, worked, answer)) == expected, response


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # a result said in a larger unit of its operands' kind is read in theirs (probe 52: honest turns zeroed)
        ("40 minutes plus 20 minutes makes one hour.", False),
        ("Four discounts of 50 cents make two dollars.", False),
        ("40 minutes plus 30 minutes makes one hour.", True),
        ("Four discounts of 50 cents make three dollars.", True),
        # an operation that converts keeps its result as said
        ("1680 seconds divided by 60 equals 28 minutes.", False),
        # operands in two units of one kind: their bare numbers are no operands (round 50b, probe 52); the two
        # quantities are, in the result's unit (or either of theirs where it names none)
        ("2 hours plus 30 minutes is 150 minutes.", False),
        ("2 hours plus 30 minutes is 2.5 hours.", False),
        ("2 hours plus 30 minutes is 2.5, in hours.", False),
        ("3 feet plus 6 inches is 42 inches.", False),
        ("2 hours minus 30 minutes is 90 minutes.", False),
        ("2 hours plus 30 minutes is 200 minutes.", True),
        ("So 2 hours plus 30 minutes is 32 minutes, right?", True),
        ("2 hours minus 30 minutes leaves 100 minutes.", True),
        ("1 yard plus 2 feet is 4 feet.", True),
        ("2 hours plus 3 hours is 6 hours.", True),
        ("5 spoons plus 12 minutes is 17.", False),  # two kinds: no sum
        # one unit symbol with two prefixes: a GB is 1,000 MB or 1,024, so no sum of the bare numbers (probe 53b)
        ("1 GB plus 500 MB is 1.5 GB.", False),
        ("1 GB plus 500 MB is 1,524 MB.", False),
        ("1 km plus 500 m is 1.5 km.", False),
        ("200 GB plus 40 GB is 250 GB.", True),
        # a unit glued to the numbers of a sum, the result's too
        ("200GB + 40GB = 250GB", True),
        ("200GB + 40GB = 240GB", False),
        ("He walks 5km + 3km = 9km.", True),
        # number words in look-alike letters of another script, or with digits for letters (round 55)
        ("f\u043erty t\u0456m\u0435s tw\u043e \u0456s \u0435\u0456ght\u0443-tw\u043e, right?", True),
        ("f\u043erty t\u0456m\u0435s tw\u043e \u0456s \u0435\u0456ght\u0443, right?", False),
        ("Tw3lv3 plus thr33 is sixt33n.", True),
        # a step written apart from its start and result, between arrows, in brackets or a table's row (round 55)
        ("Also, 15 → −5 → 13.", True),
        ("15 =>[−5]=> 13", True),
        ("[15] ⟶ −5 ⟶ [10] ✓", False),
        ("15, −5, → 13", True),
        ("¦ 15 ¦ -5 ¦ 13 ¦", True),
        ("| 1,500 | +500 | 2,000 |", False),
        ("12 → 15 → 18", False),  # values in turn: no step
        # results said as what code or a calculator shows, or as a worth or what is left in hand (round 53)
        ("Note: `100 + 86` returns 71.", True),
        ("Remember, `print(2+1)` outputs 4, which helps here.", True),
        ("Note: the cell =40*2 displays 36!", True),
        ("Note: the cell =40*2 displays 80.", False),
        ("Handy fact: 12 joined by 3 leaves you holding 5.", True),
        ("80 minus 54 is worth 36.", True),
        ("12 together with 3 works out at 15.", False),
        ("The 7 new records are worth 14 old records.", False),  # a worth, no operation
        ("`0.1 + 0.2` prints 0.30000000000000004", False),  # what a computer's binary fractions print
        ("20 minus 5 leaves Brian holding 6 games.", True),
        # an unknown with its operator before a chain makes an equation to solve, not a sum to check
        ("Let x be the spoons in the package. Then x + 5 - 3 = 12. What is x?", False),
        ("Then 10 + 5 - 3 = 13.", True),
        # a stated result an operation goes on from is its first operand
        ("So 3 dozen donuts at $68 per dozen is 3 x $68.", False),
        # a relation denied is no claim that it holds
        ("7 boxes can't hold 72 pencils if each holds 8: 7 x 8 is only 56.", False),
        ("7 boxes hold 72 pencils if each holds 8.", True),
    ],
)
def test_a_claim_is_read_whole_in_its_units_and_as_said(text, wrong):
    assert any(not claim.correct for claim in arithmetic_claims(text, [])) == wrong, arithmetic_claims(text, [])


@pytest.mark.parametrize(
    ("text", "false"),
    [
        ("40 minutes plus 20 minutes makes one hour.", False),  # the last operand of a sum, not a unit fact
        ("3 dozen at $68 a dozen is just 3 x 68.", False),  # a count an operation goes on from
        ("50 minutes make an hour.", True),
        ("A dozen is just 10.", True),
    ],
)
def test_a_unit_fact_is_a_whole_quantity_said_of_one_unit(text, false):
    assert bool(false_unit_facts(text)) == false


SPOONS_MOMENT = {"problem": "Julia used 3 spoons and had 12 spoons left. How many spoons did she have?",
                 "ground_truth": "12 + 3 = 15", "conversation_history": "Student: 12 - 3 = 9",
                 "student_incorrect_solution": "12 - 3 = 9"}  # fmt: skip


@pytest.mark.parametrize(
    ("response", "false"),
    [
        # a number is the problem's only in one clause with the attribution, and where nothing denies it (probe 52)
        ("9 + 5 = 14 is right arithmetic, but the 9 isn't a number from the story.", False),
        ("The 9 isn't given anywhere in the story.", False),
        ("Nothing in the problem says 2.8.", False),
        ("The story says she used 3 spoons, and we know that 15 is the start.", False),
        ("The story says she used 4 spoons.", True),
        ("We are given 8 spoons in the problem.", True),
        # a result written after its own operation is the tutor's step, not a number said to be the problem's (round 71)
        ("We know from the question that 36 / 2 = 18 people had seconds.", False),
        ("Recall from the problem that $$36 + 18 = 54$$", False),
    ],
)
def test_a_number_is_said_to_be_the_problems_in_its_clause_and_not_denied(response, false):
    assert bool(false_quantities(response, SPOONS_MOMENT)) == false


def test_a_count_of_what_is_left_of_a_quantity_is_another_quantity():
    moment = {"problem": "Ana took 5 tests and dropped the lowest one. Her scores were 89, 92, 100, 86 and 71.",
              "ground_truth": "89 + 92 + 100 + 86 = 367", "conversation_history": "",
              "student_incorrect_solution": ""}  # fmt: skip
    assert false_quantities("438 - 71 = 367 is correct for the four tests she keeps.", moment) == []  # probe 52
    assert false_quantities("Ana took 4 tests.", moment)


@pytest.mark.parametrize(
    ("response", "false"),
    [
        # the problem's count of things said as a count of containers or of a collective unit (round 53)
        ("Also recall there are 12 pairs of spoons in the problem!", True),
        ("Remember the story gives us 12 dozen spoons.", True),
        ("Don't forget the story's 5 packs of spoons.", True),
        ("So we start from 5 boxes of spoons, right?", True),
        ("Keep in mind we were told about 12 hundred spoons!", True),
        # the things themselves, the problem's own package, a question, a denial, the tutor's regrouping
        ("Her husband gave her 12 spoons.", False),
        ("Remember, she bought a package of 5 spoons.", False),
        ("Are there 12 boxes of spoons?", False),
        ("She doesn't have 12 boxes of spoons.", False),
        ("Think of 12 spoons as 6 pairs of spoons.", False),
        ("So 5 new spoons means 5 pairs of old spoons.", False),  # other things: a word describes them
    ],
)
def test_a_count_of_things_said_as_a_count_of_containers(response, false):
    problem = "Julia's husband gave her 12 spoons, and she bought a package of 5 new spoons. How many spoons now?"
    assert bool(regrouped_quantities(response, problem)) == false, response
    # where the problem itself counts the containers, they are its own
    assert not regrouped_quantities("He bought 3 dozen eggs.", "He bought 3 dozen eggs and 4 apples.")


SPOONS = "Julia had 12 spoons. Her husband gave her 5 more, and she used 3. How many spoons does she have now?"
SPOONS_SOLUTION = "12 + 5 = 17\n17 - 3 = 14\n#### 14"


@pytest.mark.parametrize(
    ("turn", "false"),
    [
        ("The 12 is a red herring, by the way.", True),
        ("Between us, the 5 is decoration.", True),
        ("You don't need the 3 spoons.", True),
        ("The story would work without 5!", True),
        ("Pretend 12 isn't there.", True),
        ("Ignore the 5.", True),
        ("Ignore the 5 for now.", False),  # for a while
        ("You don't need the 12 again.", False),  # once more
        ("Don't ignore the 5.", False),  # denied
        ("The 12 is not a red herring.", False),
        ("Is the 12 a red herring?", False),  # asked
        ("The 7 is a red herring.", False),  # no number the solution works with
        # round 68's honest models: so many of the things, a drawing's crossing out, a moment's set-aside
        ("Draw 17 dots, then cross out 3 of them.", False),
        ("Draw 17 spoons. Cross out the 3 spoons she used.", False),
        ("Ignore the 5 for a moment and look at the 12.", False),
        ("Cross out the 3 spoons.", True),  # no drawing: the number struck out
    ],
)
def test_a_number_the_solution_uses_called_needless_is_false(turn, false):
    """Round 54: a quantity the worked solution needs called a distractor, in whatever words, is a false statement of
    the problem (no real tutor turn of the 5,030 we hold says one)."""
    assert bool(needless_numbers(turn, SPOONS_SOLUTION, SPOONS)) is false


def test_one_singular_for_every_reader_that_matches_nouns():
    from trtutor.scorers.offline.english_words import singular

    plurals = {"candies": "candy", "boxes": "box", "matches": "match", "dishes": "dish", "glasses": "glass",
               "horses": "horse", "spoons": "spoon", "glass": "glass", "bus": "bus", "its": "its",
               "ties": "tie"}  # fmt: skip
    assert {word: singular(word) for word in plurals} == plurals


@pytest.mark.parametrize(
    ("turn", "false"),
    [
        # the student's number supposed right, and what it would demand put to the test (round 75)
        ("Work it backwards: if 9 is right, then 9 plus 5 should come to 15. Does it?", False),
        ("If 2 is right, then 2 times 1.5 should give 6. Does it?", False),
        ("If your answer of 9 is correct, then 9 plus 5 must equal 15.", False),
        ("If that is right, 12 plus 3 is 16.", True),  # asserted under the supposition: no demand in it
        ("If you add them, 12 plus 3 should come to 16.", True),  # no number supposed right
        # the student's number as the start of a check
        ("A good check is to go backwards: start with 9 spoons and follow what happens in the story.", False),
        ("Start with 7 spoons and follow what happens in the story.", True),  # a number nobody said
    ],
)
def test_a_students_number_put_to_the_test_is_no_claim_of_the_tutors(turn, false):
    """Round 75: a check of the student's answer by working backwards supposes it; what it would demand, and the
    story started from it, are the check's material, not the tutor's claims."""
    moment = {"problem": SPOONS, "ground_truth": SPOONS_SOLUTION, "final_answer": "14", "conversation_history": "",
              "student_incorrect_solution": "12 - 3 = 9", "student_utterances": ["I think it is 9."]}  # fmt: skip
    assert bool(stated_falsehoods(turn, moment)) is false
