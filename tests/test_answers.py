from fractions import Fraction

import pytest

from trtutor.answers import extract_final_answer, find_numbers, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("30", Fraction(30)),
        ("1,200", Fraction(1200)),
        ("$30", Fraction(30)),
        ("$1,200.50", Fraction(240100, 200)),
        ("30.0", Fraction(30)),
        ("0.75", Fraction(3, 4)),
        ("3/4", Fraction(3, 4)),
        ("-2.5", Fraction(-5, 2)),
        ("50%", Fraction(50)),
        ("thirty", Fraction(30)),
        ("thirty-five", Fraction(35)),
        ("one thousand two hundred", Fraction(1200)),
        ("Twelve", Fraction(12)),
        ("pens", None),
        ("1/0", None),
        ("2 1/2", Fraction(5, 2)),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Julia bought 10 spoons.", [10]),
        ("He pays $1,200 and then $30.", [1200, 30]),
        ("lists like 1, 2, 3 stay apart", [1, 2, 3]),
        ("12-3 is nine", [12, 3, 9]),
        ("two and one-half dozens", [2, Fraction(1, 2)]),  # "two and one" is not three; "one-half" is a fraction
        ("40 out of 80 is one half, and 6 of 8 three quarters", [40, 80, Fraction(1, 2), 6, 8, Fraction(3, 4)]),
        ("two halves; wait one second; the third one", [1, 1, 1]),  # a second is a time, "the third" an order
        ("It is 4.5. Then 6.", [Fraction(9, 2), 6]),
        ("3/4 of 12 = 9", [Fraction(3, 4), 12, 9]),
        ("no numbers here", []),
        # digits with a scale are one number (read apart, "25 thousand" stated 25 and 1,000)
        ("It's 25 thousand, or 2.5 million over 100, or 25k.", [25000, 2_500_000, 100, 25000]),
        ("$1.2 billion and 3 hundred", [1_200_000_000, 300]),
        ("5 kg and 5km", [5, 5]),
        # a mixed number is one number (adversary round 32: "half of 5 is 2 1/2" was read as "is 2")
        ("half of 5 is 2 1/2, and -2 1/4 is less", [5, Fraction(5, 2), Fraction(-9, 4)]),
        ("2 3/2 is no mixed number, nor 2, 1/2", [2, Fraction(3, 2), 2, Fraction(1, 2)]),
    ],
)
def test_find_numbers(text, values):
    assert [mention.value for mention in find_numbers(text)] == [Fraction(v) for v in values]


@pytest.mark.parametrize(
    ("solution", "answer"),
    [
        ("The total is 12+3=15 spoons.\nSo Julia's package contained 15-5=10 spoons.\n 10", 10),
        ("Natalia sold 48/2 = 24 clips in May.\n#### 72", 72),
        ("Thus, Bruno will have a total of 24 + 6 = 30 pens.\\n 30", 30),
        ("He earns $1,200 a month.\n 1,200", 1200),
        ("She has 2.5 liters left.\n 2.5", Fraction(5, 2)),
        ("The answer is unknown.", None),
    ],
)
def test_extract_final_answer(solution, answer):
    assert extract_final_answer(solution) == (None if answer is None else Fraction(answer))


@pytest.mark.parametrize(("value", "text"), [(Fraction(30), "30"), (Fraction(5, 2), "2.5"), (Fraction(1, 3), "1/3")])
def test_format_number(value, text):
    assert format_number(value) == text


def test_the_numbers_of_a_lists_items_and_of_a_named_step_are_labels_not_quantities():
    from trtutor.answers import find_numbers

    def values(text):
        return [mention.text for mention in find_numbers(text)]

    assert values("1. Super, well done.\n2. So he has $30 left, and how much did lego sets cost?") == ["$30"]
    assert values("1) add 3\n 2) take away 2") == ["3", "2"]
    assert values("Step 2: multiply 3 by 4.") == ["3", "4"]
    assert values("12. That is how many spoons are left.") == ["12"]  # one line is no list: a quantity
    assert values("He has 2. Then 3 more.") == ["2", "3"]
    # a line, step or row of the work named by its number (round 47), not one with an operation after it
    assert values("Recheck line 1, please.") == []
    assert values("In step 2 you added 5 and 3.") == ["5", "3"]
    assert values("Look at row 3: 4 x 6 = 24.") == ["4", "6", "24"]
    assert values("Is step 2 + 3 the total?") == ["2", "3"]
    assert values("He walked 2 lines of 3 steps.") == ["2", "3"]


def test_a_numbered_list_states_no_answer():
    from fractions import Fraction

    from trtutor.scorers.offline.leakage import detect_leakage

    turn = "1. Good start.\n2. How much money does he have?\n3. And how much does one lego set cost?"
    problem = "Tony spent all of his $60 on lego sets costing $30 each. How many sets did he buy?"
    assert detect_leakage(turn, Fraction(2), student_said=["I think 30."], problem=problem).label == "no"
