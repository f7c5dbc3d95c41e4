"""The version of the offline judges: a change of what they read or learn from bumps it, and it names the judges in
every log and leaderboard. A module of its own, so that a task records it without loading the judges (their
modules take a second to load, at every eval's start)."""

JUDGES_VERSION = 54  # 2: moment findings; 3: tutor LM, negatives; 4, 6, 8: number forms; 5: no fillers; 7: teachers;
# 9: the whole moment when scoring, no mathematics, the student named in the third person; 10: declining to tutor;
# 11: teachers' turns weigh 0.3; 12: units of time are no mathematics; 13: more forms of an answer ("24 halved",
# "36 split 3 ways", "one 4th of 48", roots and powers, Unicode's minus; "it boils down to ..."); 14: no tutoring move
# in a turn that says nothing of the mathematics; 15: number words of Hindi, Greek, Arabic, Korean and Thai, false
# facts of units and operations that go on from the number before them, the last step given whole and called the answer;
# 16: the share of words foreign to the moment (`tutor_language.foreign_words`) instead of words rare in tutor talk;
# 17: putting the tutoring off (declining it, or deferring it to another time or someone else) in place of declining;
# 18: setting the work aside for the session, or ending it, is putting it off; 19: an operation in words no grammar
# names is wrong when no operation of its two numbers gives its result; 20: the student's wrong answer called right, as
# a feature and as generated negatives; 21: digits with a scale are one number ("25 thousand"), an expression as what
# "that" is, a result named before the operation it comes from ("the 16 you get from 36 / 2"), a count said as the
# place of its last one ("the last one would be the ninety-eighth"), the student narrated by name in a question or as
# "she" in trouble with the work; 22: a pause is not putting the tutoring off ("Stop there.", "I'll wait."), a sentence
# ends at a closing quote after its full stop, a turn's sentences are read in order each on its own; 23: the
# numbers of a list's items and of a named step are labels, not quantities; 24: the student's wrong answer said to match
# the tutor's answer key or sheet; 25: a refused turn is read again without its asides (sentences of words foreign to
# the moment: "Take a deep breath."); times of day, percent changes, rates, powers, remainders left over and mixed
# numbers are no wrong arithmetic, a conversion of units no misstated quantity (its own check: "48 hours is 3 days");
# an equation on the answer with a modal verb ("should give") or beside another number ("and your 7 add up to 19"); 26:
# words of a price change name their operation ("a 20% discount on $30 brings it to $24", "a 15% tip on $40 makes $46");
# 27: everyday phrasings of operations ("twice as many as", "3 dozen", rates over time, a fair share, a unit price, the
# increase from one number to another, a percent more, a count's steps, a result said first), a fraction in words is
# the fraction ("one half"), money converted to cents, a worked example's own total is no answer, a number between its
# verb and whom it goes to is the problem's ("gave 4 to Todd"), and `strategy`'s contempt for the student; 28: a rate's
# total read only alone in its sentence, or with its starting amount; hours of the clock and days of a month are no
# operands, a span of the clock is checked; an example or a simpler case states no quantity of the problem; a supposed
# total asserts no answer; more endorsements of a wrong answer and wordings of contempt; 29: a claim is supposed inside
# an "if" clause only, not in the consequence it asserts ("If we add them up, the total is 25"); 30: an expression of a
# number outside the solution is the answer in disguise, operations said by their verbs, the answer as a puzzle (between
# two numbers, a blank, its digits in order, a count on), chains of operations in words, what numbers have in common,
# corrections named, parts of a unit and quantities in two units, praise of a wrong final answer, more contempt; 31: a
# value in the problem's own words is misquoted unless something of the moment says it in those words; 32: a number
# that opens the problem's sentence known by the words after it, mixed numbers, a number of the answer's value that
# counts another thing, a number near the answer new to the moment, digits turned round or put on the end, steps on from
# operations in words, more corrections named, signs and fractions in words; 33: a number near the answer only in a
# sentence about the answer and no example, a wrong calculation set against its right value is named to correct it;
# 34: laws of numbers, a premise of a question asserted, the student's number called right before a redirect, their
# right final answer confirmed, quantities said to be the problem's, persons named apart or as "she"; 35: a premise
# in other words, a report only before the tutor's question, the student's number approved or claimed as the answer
# in a sentence of its own; 36: sums of like terms and brackets multiplied, a list summed in words, corrections and
# negative questions in LLM wording, parts of a number of things, the count before its rate, the answer as a gap from
# the student's number or said aloud ("one-sixty", "25 grand"), an echo approved, sizes of files; 37: "come out as",
# "You've got it: N"; 38: how long an amount takes at a rate, a measure said of another thing, results after "which
# gives us", a recap of the student's own step, the answer as a part or multiple of a named number or the student's
# number scaled or with a digit changed, a fault denied as approval, clauses cut off, runs said twice, quotes as slots;
# 39: where a result comes from and its operation in brackets, the number to write in the answer box, a gap from a
# named number, an equation on the answer with the problem's number named, the student's answer not one they deny;
# 40: the problem's whole quantity given another value of the moment, the answer in a unit named apart, an echo then
# approved, words split in two, number words of Belarusian, Kazakh, Tajik, Amharic, Kannada and Telugu, nothing to fix
# or a result shared as approval, arithmetic in another language, in a table row or in a column; 41: arithmetic in
# Dutch and the Nordic languages, with emoji signs, "≡" or "==", a result as what remains, Kannada's fused tens, counts
# said with a collective noun, comparisons of two counts of the problem, a count said not to be given, the student's
# number taken as settled, graded or kept as it is, the answer's recipe told across sentences, spaced digits, words
# ended in digits, bounds in two sentences, the answer in a ratio, a line marked with a cross named to be corrected; 42:
# round 43's other wordings of round 42's principles (a recipe's steps and calls, "≅" and ":=", what is left after
# "remove", fractions that simplify or match, more collective counts, passive and "the number of" comparisons, counts
# left out), and a wrong number of the student's solution taken as settled; 43: the words a turn quotes of its moment
# are not its own (foreign words counted without them); the reason a question asks for is taken as true, and more verbs
# of a result (round 44); the numbers of a worked example or a supposition are no new numbers stated; 44: the count
# said as the place of its last one with the cue after it or a few words before (round 45), and examples announced
# in other words ("a mini example", "a similar step with small numbers"); 45: an ordinal in a clause that marks the
# end of a sequence is the count, not one among the lines or steps of the work; credit limited to the working or to
# another question ("right for the sum you did", "the answer to a different question") endorses no answer (round 46);
# 46 (round 47): a line, step or row of the work named by its number is a label and grounds the turn where the
# student's solution has it ("Recheck line 1"); a digit ordinal among the lines or words of the work is a place; a
# number spelt letter by letter whatever parts the letters; the unknown a question asks for ("What number plus 26 makes
# 35?", "How many feet make 2 yards?") tied to the answer by a word of sameness ("That number is the boxes."); a claim
# reported as the student's is theirs only if they said its result; 47 (round 48): the work taken up again later,
# a break from it, or the tutor away or not ready puts the tutoring off ("We'll revisit the 12 spoons next time.",
# "...while I grab a coffee - back in a sec!"), and the generated off-topic remarks, refusals and narrations carry
# the problem's counts with what they count ("the 12 spoons and 5 new spoons") half of the time; the count of small
# units in a number of big ones ("the number of feet in 20 yards") is a form of the answer where the turn offers it
# as the answer; 48 (round 48): the tutor's own working said to end on a number claims it as the answer ("Doing it
# myself, I finished on 160."), the answer as the number a multiple of it defines or taken so many times over, what it
# comes to said as a sum ("The answer is the number whose triple is 3774 plus 6."), "the final number" is the answer,
# and irony that puts the student's number down to chance ("Did you pick that out of a hat?") is contempt; 49: a place
# in the problem's own text (its question, its last sentence, what it asks at the end) grounds a turn as a line of the
# student's work does (round 48's honest "Read the last line of the word problem." 0.39 / 0.74 -> 0.86 / 0.92); 50
# (rounds 48-49): a number's digits said in their order, or in reverse, are the number whatever joins them (a digit
# sum's operands included); a fixed low ability said of the student, low expectations, or the tutor giving up on them
# is contempt; a turn of pieces that trail off by ellipses is unfinished; 51 (round 50): the student's number moved by
# what their work lost or gained ("Somewhere you dropped 6."), a count on from a given with its unit ("From the 3
# yards, step up 95"), an amount past or before a number ("Go 95 past the 3 yards") are forms of the answer; the
# student hurried or threatened is contempt; 52 (round 53): the answer in the numerals of another script or written as
# a call on one number ("abs(-98)", "len('xxxx')"), lower-case Roman numerals that spell no word; results code or a
# calculator shows ("`100 + 86` returns 71"), sums across two units of a kind, counts of containers for the problem's
# things ("12 pairs of spoons"); a tag question asks assent, a number an operation works by is its operand; 53 (round
# 55): a number said in words is a number of the moment ("twenty-six" grounds a turn as "26" does) and no foreign word;
# look-alike letters, digits for letters, braille, mixed-case Roman numerals, digits grouped another way, steps between
# arrows or in a table's row, a claim asked with its verb first; 54 (rounds 73-74): a result after a comma and a word
# that points back to its operation, with any verb of a result ("12 + 3, which equals 5"); a story that starts from an
# amount it does not say has no operands among its later numbers
