"""The other forms a number takes in a tutor turn: number words of other languages, a quantity in another unit, an
expression left unevaluated. The leakage check (`leakage.py`) asks whether any of them is the final answer.

Each is exact by construction: a value is parsed, converted or evaluated with fractions, never guessed.

- `foreign_numbers`: number words of Spanish, French, German, Italian, Portuguese, Dutch, Indonesian, Russian,
  Hindi, Greek, Arabic, Korean, Turkish, Swedish, Norwegian, Danish, Finnish, Swahili, Polish, Romanian, Czech,
  Hungarian, Vietnamese, Tagalog and Japanese in romaji ("veinticinco", "vingt-cinq", "fünfundzwanzig", "पच्चीस",
  "είκοσι πέντε", "خمسة وعشرون", "스물다섯", "yirmi beş", "tjugofem", "kaksikymmentäviisi", "ishirini na tano",
  "dwadzieścia pięć", "douăzeci și cinci", "dvacet pět", "huszonöt", "hai mươi lăm", "labinlima" (15), "ni jū go"),
  Ukrainian, Persian, Urdu, Hebrew, Bengali, Mandarin in pinyin, Esperanto and Latin ("двадцять п'ять", "بیست و
  پنج", "پچیس", "עשרים וחמש", "পঁচিশ", "èr shí wǔ", "dudek kvin", "viginti quinque"), the numbers to twenty and the
  tens of Catalan, Slovak, Lithuanian, Estonian, Icelandic, Irish, Welsh and Basque ("vint-i-cinc", "dvadsaťpäť",
  "kakskümmend viis", "hogeita bost"), Maori, Latvian and Albanian ("rua tekau mā rima", "divdesmit pieci",
  "njëzet e pesë"), Croatian, Serbian and Bosnian ("dvadeset pet", "двадесет пет"), Bulgarian and Macedonian
  ("двадесет и пет", "дваесет и пет"), Belarusian, Kazakh, Tajik, Amharic and Telugu ("дваццаць пяць", "жиырма
  бес", "бисту панҷ", "ሃያ አምስት", "ఇరవై అయిదు"), the numbers to twenty and the tens of Kannada ("ಇಪ್ಪತ್ತು"), Uzbek
  and Azerbaijani ("yigirma besh", "iyirmi beş"), and Chinese numerals (with the financial ones), Sino-Korean, Thai
  and Japanese hiragana numerals ("二十五",
  "贰拾伍", "이십오", "ยี่สิบห้า", "にじゅうご"). Words of one number follow one another as a number's words do
  (`_goes_on`): two numbers side by side are two, whatever their languages.
  English number words and digits are `trtutor.answers.find_numbers`'s. Words that are also common English or
  article words ("once", "cent", "un", "ein") are left out: "once" must not read as 11.
- `unit_quantities`: a number followed by a unit of time, money, length, mass, volume or a dozen; `in_unit` converts
  it into another unit of the same kind ("90 minutes" is 1.5 hours, "150 cents" is 1.50 dollars).
- `expressions`: arithmetic without an `=`, in symbols or words ("4 x 5", "(3 + 2) * 4", "15 minus 5", "half of
  20"), with its value.
- `roman_numerals`: "XII" (and "X" where the text says "Roman").
- `place_values` and `digit_sequences`: "9 tens and 8 ones", "nine-eight", "the digits 9 and 8" (98).
- `grouped_numbers`: digits grouped in threes by a dot, a space or an apostrophe ("1.500", "1 500", "1'500").
- `misspelt_numbers`, `spelt_numbers`, `other_bases` and `e_notation`: "ninty-eigth", "N-I-N-E-T-Y E-I-G-H-T",
  "0x62", "1100010 in binary", "9.8e1" (98).
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache

from trtutor.answers import (
    ENGLISH_NUMBER_WORDS,
    GROUP_SIZES,
    NUMBER_SCALES,
    NUMBER_WORD_PATTERN,
    find_numbers,
    parse_number,
)
from trtutor.scorers.offline.english_words import english_words, one_slip

# --- number words of other languages ---------------------------------------------------------------------------

# Morphemes a number word is built of; a word is read as a sequence of them (longest first), so compounds such as
# "einundzwanzig", "trentacinque", "veintitrés" and "quatre-vingt-dix" need no list of their own.
# Croatian, Serbian and Bosnian hundreds and thousands, which multiply what comes before ("dvije tisuće", 2,000)
_CROATIAN_SCALES = {"stotinu": 100, "tisuća": 1000, "tisuću": 1000, "tisuće": 1000, "hiljada": 1000, "hiljadu": 1000,
                    "hiljade": 1000, "хиљада": 1000, "хиљаду": 1000, "хиљаде": 1000}  # fmt: skip
_MORPHEMES: dict[str, int] = {
    # Spanish
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieci": 10, "veinte": 20,
    "veinti": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
    "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400,
    "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
    "séis": 6, "dós": 2, "trés": 3,
    # French
    "zéro": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cents": 100, "mille": 1000,
    # German
    "null": 0, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "sech": 6, "sieb": 7, "zwanzig": 20, "dreißig": 30,
    "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90,
    "hundert": 100, "tausend": 1000, "ein": 1,
    # Italian
    "zero": 0, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sette": 7, "otto": 8, "nove": 9,
    "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16,
    "diciassette": 17, "diciotto": 18, "diciannove": 19, "venti": 20, "vent": 20, "trenta": 30, "trent": 30,
    "quaranta": 40, "quarant": 40, "cinquanta": 50, "cinquant": 50, "sessanta": 60, "sessant": 60,
    "settanta": 70, "settant": 70, "ottanta": 80, "ottant": 80, "novanta": 90, "novant": 90, "cento": 100,
    "mila": 1000, "sei": 6, "tré": 3,
    # Portuguese
    "um": 1, "dois": 2, "duas": 2, "três": 3, "sete": 7, "oito": 8, "dez": 10, "treze": 13,
    "dezesseis": 16, "dezasseis": 16, "dezessete": 17, "dezassete": 17, "dezoito": 18, "dezenove": 19,
    "dezanove": 19, "vinte": 20, "trinta": 30, "quarenta": 40, "sessenta": 60, "oitenta": 80, "cem": 100,
    "duzentos": 200, "trezentos": 300, "quatrocentos": 400, "quinhentos": 500, "seiscentos": 600,
    "setecentos": 700, "oitocentos": 800, "novecentos": 900, "mil": 1000,
    # Dutch ("eenentwintig": een-en-twintig, the unit first, as in German)
    "één": 1, "twee": 2, "drie": 3, "vijf": 5, "zes": 6, "zeven": 7, "negen": 9, "tien": 10, "twaalf": 12,
    "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
    "negentig": 90, "honderd": 100, "duizend": 1000,
    # Indonesian and Malay ("sembilan puluh dua": 9 x 10 + 2; "dua belas": 2 + 10; "seratus": se-ratus)
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "lapan": 8,
    "sembilan": 9, "sepuluh": 10, "belas": 10, "puluh": 10, "ratus": 100, "ribu": 1000,
    # Russian, in the forms that count ("две тысячи пятьсот")
    "ноль": 0, "один": 1, "одна": 1, "одно": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200, "триста": 300,
    "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
    "тысяча": 1000, "тысячи": 1000, "тысяч": 1000,
    # Hindi (each number below a hundred is a word of its own; the common ones)
    "शून्य": 0, "एक": 1, "दो": 2, "तीन": 3, "चार": 4, "पाँच": 5, "पांच": 5, "छह": 6, "छः": 6, "सात": 7, "आठ": 8,
    "नौ": 9, "दस": 10, "ग्यारह": 11, "बारह": 12, "तेरह": 13, "चौदह": 14, "पंद्रह": 15, "पन्द्रह": 15, "सोलह": 16,
    "सत्रह": 17, "अठारह": 18, "उन्नीस": 19, "बीस": 20, "इक्कीस": 21, "बाईस": 22, "तेईस": 23, "चौबीस": 24,
    "पच्चीस": 25, "छब्बीस": 26, "सत्ताईस": 27, "अट्ठाईस": 28, "उनतीस": 29, "तीस": 30, "पैंतीस": 35, "चालीस": 40,
    "पैंतालीस": 45, "पचास": 50, "साठ": 60, "सत्तर": 70, "पचहत्तर": 75, "अस्सी": 80, "नब्बे": 90, "सौ": 100,
    "हज़ार": 1000, "हजार": 1000,
    # Greek ("δεκαπέντε": δεκα-πέντε)
    "μηδέν": 0, "ένα": 1, "ένας": 1, "μία": 1, "μια": 1, "δύο": 2, "δυο": 2, "τρία": 3, "τρεις": 3, "τέσσερα": 4,
    "τέσσερις": 4, "πέντε": 5, "έξι": 6, "εξι": 6, "επτά": 7, "εφτά": 7, "οκτώ": 8, "οχτώ": 8, "εννέα": 9, "εννιά": 9,
    "δέκα": 10, "δεκα": 10, "έντεκα": 11, "ένδεκα": 11, "δώδεκα": 12, "είκοσι": 20, "τριάντα": 30, "σαράντα": 40,
    "πενήντα": 50, "εξήντα": 60, "εβδομήντα": 70, "ογδόντα": 80, "ενενήντα": 90, "εκατό": 100, "εκατόν": 100,
    "διακόσια": 200, "τριακόσια": 300, "τετρακόσια": 400, "πεντακόσια": 500, "χίλια": 1000, "χιλιάδες": 1000,
    # Arabic ("خمسة وعشرون": 5 and 20; the tens with their "و" are below)
    "صفر": 0, "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "اربعة": 4,
    "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9,
    "عشرة": 10, "عشر": 10, "مائة": 100, "مئة": 100, "ألف": 1000, "الف": 1000,
    # Turkish ("yirmi beş": 20 5; "on" is read only inside a number, below)
    "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8, "dokuz": 9, "yirmi": 20,
    "otuz": 30, "kırk": 40, "elli": 50, "altmış": 60, "yetmiş": 70, "seksen": 80, "doksan": 90, "yüz": 100,
    # Uzbek, in its Latin letters ("yigirma besh": 20 5; its "o'" and "g'" keep their apostrophe; round 62) and
    # Azerbaijani ("iyirmi beş"; "on", 10, and "min", 1,000, are read only inside a number, below)
    "ikki": 2, "uch": 3, "to'rt": 4, "besh": 5, "olti": 6, "yetti": 7, "sakkiz": 8, "to'qqiz": 9, "o'n": 10,
    "yigirma": 20, "o'ttiz": 30, "qirq": 40, "ellik": 50, "oltmish": 60, "yetmish": 70, "sakson": 80, "to'qson": 90,
    "yuz": 100, "dörd": 4, "yeddi": 7, "səkkiz": 8, "doqquz": 9, "iyirmi": 20, "qırx": 40, "əlli": 50,
    "səksən": 80, "doxsan": 90,
    # Swedish, Norwegian and Danish ("tjugofem", "tjuefem": 20-5)
    "ett": 1, "två": 2, "fyra": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtta": 8, "åtte": 8, "otte": 8,
    "nio": 9, "tio": 10, "elva": 11, "elleve": 11, "tolv": 12, "tretton": 13, "tretten": 13, "fjorton": 14,
    "fjorten": 14, "femton": 15, "femten": 15, "sexton": 16, "seksten": 16, "sjutton": 17, "sytten": 17, "arton": 18,
    "atten": 18, "nitton": 19, "nitten": 19, "tjugo": 20, "tjue": 20, "tyve": 20, "trettio": 30, "tretti": 30,
    "tredive": 30, "fyrtio": 40, "førti": 40, "fyrre": 40, "femtio": 50, "femti": 50, "halvtreds": 50, "sextio": 60,
    "seksti": 60, "sjuttio": 70, "sytti": 70, "halvfjerds": 70, "åttio": 80, "åtti": 80, "firs": 80, "nittio": 90,
    "nitti": 90, "halvfems": 90, "hundra": 100, "hundre": 100, "hundrede": 100, "tusen": 1000, "tusind": 1000,
    # Finnish ("kaksikymmentäviisi": 2 x 10 + 5; "kaksitoista": 2 + 10)
    "yksi": 1, "kaksi": 2, "kolme": 3, "neljä": 4, "viisi": 5, "kuusi": 6, "seitsemän": 7, "kahdeksan": 8,
    "yhdeksän": 9, "kymmenen": 10, "toista": 10, "kymmentä": 10, "sata": 100, "sataa": 100, "tuhat": 1000,
    "tuhatta": 1000,
    # Swahili ("ishirini na tano": 20 and 5)
    "moja": 1, "mbili": 2, "tatu": 3, "nne": 4, "tano": 5, "sita": 6, "saba": 7, "nane": 8, "tisa": 9, "kumi": 10,
    "ishirini": 20, "thelathini": 30, "arobaini": 40, "hamsini": 50, "sitini": 60, "sabini": 70, "themanini": 80,
    "tisini": 90,
    # Polish
    "jeden": 1, "dwa": 2, "trzy": 3, "cztery": 4, "pięć": 5, "sześć": 6, "siedem": 7, "osiem": 8, "dziewięć": 9,
    "dziesięć": 10, "jedenaście": 11, "dwanaście": 12, "trzynaście": 13, "czternaście": 14, "piętnaście": 15,
    "szesnaście": 16, "siedemnaście": 17, "osiemnaście": 18, "dziewiętnaście": 19, "dwadzieścia": 20,
    "trzydzieści": 30, "czterdzieści": 40, "pięćdziesiąt": 50, "sześćdziesiąt": 60, "siedemdziesiąt": 70,
    "osiemdziesiąt": 80, "dziewięćdziesiąt": 90,
    # Japanese in romaji ("ni jū go": 2 x 10 + 5; "ni", "go" and "san" are read only inside a number, below)
    "ichi": 1, "yon": 4, "roku": 6, "shichi": 7, "nana": 7, "hachi": 8, "kyū": 9, "kyuu": 9, "jū": 10, "juu": 10,
    "hyaku": 100, "byaku": 100,
    # Romanian ("douăzeci și cinci": 2 x 10 and 5; "doisprezece": 2 + 10; "opt", 8, is read only inside a number)
    "unu": 1, "doi": 2, "două": 2, "trei": 3, "patru": 4, "cinci": 5, "șase": 6, "şase": 6, "șapte": 7, "şapte": 7,
    "nouă": 9, "zece": 10, "sprezece": 10, "paisprezece": 14, "zeci": 10, "sută": 100, "sute": 100,
    # Czech ("dvacet pět": 20 5)
    "nula": 0, "dvě": 2, "tři": 3, "čtyři": 4, "pět": 5, "šest": 6, "sedm": 7, "osm": 8, "devět": 9, "deset": 10,
    "jedenáct": 11, "dvanáct": 12, "třináct": 13, "čtrnáct": 14, "patnáct": 15, "šestnáct": 16, "sedmnáct": 17,
    "osmnáct": 18, "devatenáct": 19, "dvacet": 20, "třicet": 30, "čtyřicet": 40, "padesát": 50, "šedesát": 60,
    "sedmdesát": 70, "osmdesát": 80, "devadesát": 90, "sto": 100,
    # Hungarian ("huszonöt": 20 5; "tizenkettő": 10 2; "hat", 6, is read only inside a number)
    "nulla": 0, "egy": 1, "kettő": 2, "két": 2, "három": 3, "négy": 4, "öt": 5, "hét": 7, "nyolc": 8,
    "kilenc": 9, "tíz": 10, "tizen": 10, "húsz": 20, "huszon": 20, "harminc": 30, "negyven": 40, "ötven": 50,
    "hatvan": 60, "hetven": 70, "nyolcvan": 80, "kilencven": 90, "száz": 100, "ezer": 1000,
    # Vietnamese ("hai mươi lăm": 2 x 10 5; "mười hai": 10 2; "hai" and "ba" are read only inside a number, below)
    "một": 1, "mốt": 1, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "mươi": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000,
    # Tagalog ("labindalawa": 10 2; "dalawampu": 20)
    "isa": 1, "dalawa": 2, "tatlo": 3, "apat": 4, "anim": 6, "pito": 7, "walo": 8, "siyam": 9, "sampu": 10,
    "labing": 10, "labin": 10, "labim": 10, "dalawampu": 20, "tatlumpu": 30, "apatnapu": 40, "limampu": 50,
    "animnapu": 60, "pitumpu": 70, "walumpu": 80, "siyamnapu": 90, "sandaan": 100,
    # Ukrainian ("двадцять п'ять"; apostrophes of every kind read as "'")
    "нуль": 0, "дві": 2, "чотири": 4, "п'ять": 5, "шість": 6, "сім": 7, "вісім": 8, "дев'ять": 9,
    "одинадцять": 11, "чотирнадцять": 14, "п'ятнадцять": 15, "шістнадцять": 16, "сімнадцять": 17,
    "вісімнадцять": 18, "дев'ятнадцять": 19, "п'ятдесят": 50, "шістдесят": 60, "сімдесят": 70, "вісімдесят": 80,
    "дванадцять": 12, "тринадцять": 13, "двадцять": 20, "тридцять": 30, "дев'яносто": 90, "двісті": 200,
    "чотириста": 400, "п'ятсот": 500, "шістсот": 600, "сімсот": 700, "вісімсот": 800, "дев'ятсот": 900,
    "тисяча": 1000, "тисячі": 1000, "тисяч": 1000,
    # Persian ("بیست و پنج": 20 and 5) and Urdu (each number below a hundred a word of its own, as in Hindi; the
    # common ones)
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9, "ده": 10,
    "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "شانزده": 16, "هفده": 17, "هجده": 18,
    "هیجده": 18, "نوزده": 19, "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80,
    "نود": 90, "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "ششصد": 600,
    "هفتصد": 700, "هشتصد": 800, "نهصد": 900, "هزار": 1000,
    "ایک": 1, "تین": 3, "چار": 4, "پانچ": 5, "چھ": 6, "سات": 7, "آٹھ": 8, "نو": 9, "دس": 10, "گیارہ": 11,
    "بارہ": 12, "تیرہ": 13, "چودہ": 14, "پندرہ": 15, "سولہ": 16, "سترہ": 17, "اٹھارہ": 18, "انیس": 19, "بیس": 20,
    "پچیس": 25, "تیس": 30, "پینتیس": 35, "چالیس": 40, "پینتالیس": 45, "پچاس": 50, "ساٹھ": 60, "ستر": 70,
    "پچھتر": 75, "اسی": 80, "نوے": 90, "سو": 100, "ہزار": 1000,
    # Hebrew ("עשרים וחמש": 20 and-5; "חמש עשרה": 5 10; the "and" prefixes are below)
    "אפס": 0, "אחת": 1, "אחד": 1, "שתיים": 2, "שתים": 2, "שניים": 2, "שנים": 2, "שתי": 2, "שני": 2, "שלוש": 3,
    "שלושה": 3, "ארבע": 4, "ארבעה": 4, "חמש": 5, "חמישה": 5, "שש": 6, "שישה": 6, "שבע": 7, "שבעה": 7, "שמונה": 8,
    "תשע": 9, "תשעה": 9, "עשר": 10, "עשרה": 10, "עשרים": 20, "שלושים": 30, "ארבעים": 40, "חמישים": 50,
    "שישים": 60, "שבעים": 70, "שמונים": 80, "תשעים": 90, "מאה": 100, "מאתיים": 200, "מאות": 100, "אלף": 1000,
    "אלפים": 1000,
    # Bengali (each number below a hundred a word of its own; the common ones)
    "শূন্য": 0, "এক": 1, "দুই": 2, "তিন": 3, "চার": 4, "পাঁচ": 5, "ছয়": 6, "সাত": 7, "আট": 8, "নয়": 9,
    "দশ": 10, "এগারো": 11, "বারো": 12, "তেরো": 13, "চোদ্দ": 14, "পনেরো": 15, "ষোল": 16, "ষোলো": 16, "সতেরো": 17,
    "আঠারো": 18, "উনিশ": 19, "বিশ": 20, "পঁচিশ": 25, "ত্রিশ": 30, "পঁয়ত্রিশ": 35, "চল্লিশ": 40, "পঞ্চাশ": 50,
    "ষাট": 60, "সত্তর": 70, "পঁচাত্তর": 75, "আশি": 80, "নব্বই": 90, "একশ": 100, "একশো": 100, "শ": 100, "শো": 100,
    "হাজার": 1000,
    # Mandarin in pinyin with its tones ("èr shí wǔ": 2 x 10 + 5; without tones, below, only inside a number)
    "líng": 0, "yī": 1, "yí": 1, "yì": 1, "èr": 2, "liǎng": 2, "sān": 3, "sì": 4, "wǔ": 5, "liù": 6, "qī": 7,
    "bā": 8, "jiǔ": 9, "shí": 10, "bǎi": 100, "qiān": 1000, "wàn": 10000,
    # Esperanto ("dudek kvin": du-dek 5) and Latin ("viginti quinque": 20 5)
    "kvar": 4, "kvin": 5, "naŭ": 9, "dek": 10, "unus": 1, "unum": 1, "duae": 2, "quattuor": 4, "quinque": 5,
    "septem": 7, "octo": 8, "novem": 9, "decem": 10, "undecim": 11, "duodecim": 12, "tredecim": 13,
    "quattuordecim": 14, "quindecim": 15, "sedecim": 16, "septendecim": 17, "duodeviginti": 18,
    "undeviginti": 19, "viginti": 20, "triginta": 30, "quadraginta": 40, "quinquaginta": 50, "sexaginta": 60,
    "septuaginta": 70, "octoginta": 80, "nonaginta": 90, "centum": 100, "ducenti": 200, "trecenti": 300,
    "sex": 6, "duo": 2, "tria": 3,
    # Catalan ("vint-i-cinc": 20 and 5), Slovak ("dvadsaťpäť": 20 5), Lithuanian, Estonian ("kakskümmend viis": 2 x 10
    # 5), Icelandic ("tuttugu og fimm"), Irish, Welsh and Basque ("hogeita bost": 20 and 5): their numbers to twenty
    # and tens
    "cinc": 5, "vuit": 8, "nou": 9, "deu": 10, "dotze": 12, "tretze": 13, "setze": 16, "disset": 17,
    "divuit": 18, "dinou": 19, "vint": 20, "seixanta": 60, "setanta": 70,
    "vuitanta": 80, "noranta": 90,
    "štyri": 4, "päť": 5, "šesť": 6, "deväť": 9, "desať": 10, "jedenásť": 11, "dvanásť": 12, "trinásť": 13,
    "pätnásť": 15, "dvadsať": 20, "tridsať": 30, "štyridsať": 40, "päťdesiat": 50,
    "vienas": 1, "trys": 3, "keturi": 4, "penki": 5, "šeši": 6, "septyni": 7, "aštuoni": 8, "devyni": 9,
    "dešimt": 10, "dvidešimt": 20, "trisdešimt": 30,
    "üks": 1, "kaks": 2, "kolm": 3, "neli": 4, "viis": 5, "kuus": 6, "seitse": 7, "kaheksa": 8, "üheksa": 9,
    "kümme": 10, "kümmend": 10, "teist": 10,
    "einn": 1, "tveir": 2, "þrír": 3, "fjórir": 4, "fimm": 5, "sjö": 7, "níu": 9, "tíu": 10, "tuttugu": 20,
    "þrjátíu": 30,
    "aon": 1, "dó": 2, "trí": 3, "ceathair": 4, "cúig": 5, "seacht": 7, "ocht": 8, "naoi": 9, "deich": 10,
    "fiche": 20,
    "dau": 2, "pedwar": 4, "pump": 5, "chwech": 6, "saith": 7, "wyth": 8, "naw": 9, "deg": 10, "ugain": 20,
    "bat": 1, "bi": 2, "hiru": 3, "lau": 4, "bost": 5, "zazpi": 7, "zortzi": 8, "bederatzi": 9, "hamar": 10,
    "hogei": 20, "hogeita": 20,
    # Maori ("rua tekau mā waru": 2 x 10 and 8) and Latvian ("deviņdesmit astoņi": deviņ-desmit 8, "divpadsmit":
    # div-padsmit, 2 + 10; the stems are read only inside a number, below)
    "kotahi": 1, "tahi": 1, "rua": 2, "toru": 3, "whā": 4, "rima": 5, "ono": 6, "whitu": 7, "waru": 8,
    "iwa": 9, "tekau": 10, "rau": 100, "mano": 1000,
    "viens": 1, "viena": 1, "divi": 2, "divas": 2, "trīs": 3, "četri": 4, "pieci": 5, "seši": 6, "septiņi": 7,
    "astoņi": 8, "deviņi": 9, "desmit": 10, "padsmit": 10, "simts": 100, "simt": 100, "simti": 100,
    "tūkstotis": 1000, "tūkstoši": 1000, "nulle": 0,
    # Albanian ("nëntëdhjetë e tetë": 9 x 10 and 8; "njëmbëdhjetë": 1 + 10; "dyzet": 2 x 20; "dy", 2, is read only
    # inside a number: "sandy" is no san-dy)
    "një": 1, "katër": 4, "pesë": 5, "gjashtë": 6, "shtatë": 7, "tetë": 8, "nëntë": 9, "dhjetë": 10,
    "mbëdhjetë": 10, "zet": 20, "qind": 100, "mijë": 1000,
    # Croatian, Serbian and Bosnian, in Latin and Cyrillic letters ("sto šezdeset": 100 and 60; "dvadeset pet": 20
    # and 5; "pet", an English word, is read alone only in a text that is not English)
    "jedan": 1, "jedna": 1, "jedno": 1, "dva": 2, "dvije": 2, "dve": 2, "četiri": 4, "pet": 5, "sedam": 7,
    "osam": 8, "devet": 9, "jedanaest": 11, "dvanaest": 12, "trinaest": 13, "četrnaest": 14, "petnaest": 15,
    "šesnaest": 16, "sedamnaest": 17, "osamnaest": 18, "devetnaest": 19, "dvadeset": 20, "trideset": 30,
    "četrdeset": 40, "pedeset": 50, "šezdeset": 60, "sedamdeset": 70, "osamdeset": 80, "devedeset": 90,
    "dvjesto": 200, "dvesta": 200, "tristo": 300, "četiristo": 400, "petsto": 500, "šesto": 600, "sedamsto": 700,
    "osamsto": 800, "devetsto": 900,
    "нула": 0, "један": 1, "једна": 1, "четири": 4, "пет": 5, "шест": 6, "седам": 7, "осам": 8, "девет": 9,
    "десет": 10, "једанаест": 11, "дванаест": 12, "тринаест": 13, "четрнаест": 14, "петнаест": 15, "шеснаест": 16,
    "седамнаест": 17, "осамнаест": 18, "деветнаест": 19, "двадесет": 20, "тридесет": 30, "четрдесет": 40,
    "педесет": 50, "шездесет": 60, "седамдесет": 70, "осамдесет": 80, "деведесет": 90, "двеста": 200,
    **_CROATIAN_SCALES,
    # Bulgarian and Macedonian (Cyrillic words that the tables above do not hold; "двадесет и пет": 20 and 5;
    # "четиридесет" is 40 as one word, never 4 + 10)
    "едно": 1, "един": 1, "една": 1, "седем": 7, "осем": 8, "единадесет": 11, "дванадесет": 12,
    "тринадесет": 13, "четиринадесет": 14, "петнадесет": 15, "шестнадесет": 16, "седемнадесет": 17,
    "осемнадесет": 18, "деветнадесет": 19, "четиридесет": 40, "петдесет": 50, "шестдесет": 60,
    "седемдесет": 70, "осемдесет": 80, "деветдесет": 90, "четиристотин": 400, "петстотин": 500,
    "шестстотин": 600, "седемстотин": 700, "осемстотин": 800, "деветстотин": 900, "хиляда": 1000,
    "хиляди": 1000, "еден": 1, "седум": 7, "осум": 8, "единаесет": 11, "дванаесет": 12, "тринаесет": 13,
    "четиринаесет": 14, "петнаесет": 15, "шеснаесет": 16, "седумнаесет": 17, "осумнаесет": 18,
    "деветнаесет": 19, "дваесет": 20, "триесет": 30, "четириесет": 40, "шеесет": 60, "седумдесет": 70,
    "осумдесет": 80, "двесте": 200, "илјада": 1000, "илјади": 1000,
    # Korean's native numbers ("열다섯": 열-다섯; Sino-Korean ones are read as Chinese numerals, below)
    "하나": 1, "한": 1, "둘": 2, "두": 2, "셋": 3, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7,
    "여덟": 8, "아홉": 9, "열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60,
    "일흔": 70, "여든": 80, "아흔": 90,
    # Belarusian (Cyrillic words that Russian's table does not hold)
    "адзін": 1, "адна": 1, "адно": 1, "дзве": 2, "тры": 3, "чатыры": 4, "пяць": 5, "шэсць": 6,
    "сем": 7, "восем": 8, "дзевяць": 9, "дзесяць": 10, "адзінаццаць": 11, "дванаццаць": 12, "трынаццаць": 13,
    "чатырнаццаць": 14, "пятнаццаць": 15, "шаснаццаць": 16, "сямнаццаць": 17, "васямнаццаць": 18,
    "дзевятнаццаць": 19, "дваццаць": 20, "трыццаць": 30, "пяцьдзясят": 50, "шэсцьдзясят": 60, "семдзесят": 70,
    "восемдзесят": 80, "дзевяноста": 90, "дзвесце": 200, "чатырыста": 400, "шэсцьсот": 600, "семсот": 700,
    "дзевяцьсот": 900,
    # Kazakh ("тоқсан сегіз": 90 8; "екі жүз": 2 x 100)
    "нөл": 0, "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9,
    "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60, "жетпіс": 70, "сексен": 80, "тоқсан": 90,
    "жүз": 100, "мың": 1000,
    # Tajik ("сию ду": 30-and 2; "сесаду": 3 100-and); the tens with their "and" ("-у", "-ю") are words of their own
    "сифр": 0, "чор": 4, "панҷ": 5, "шаш": 6, "ҳафт": 7, "ҳашт": 8, "нӯҳ": 9, "даҳ": 10, "ёздаҳ": 11,
    "дувоздаҳ": 12, "сездаҳ": 13, "чордаҳ": 14, "понздаҳ": 15, "шонздаҳ": 16, "ҳабдаҳ": 17, "ҳаждаҳ": 18,
    "нуздаҳ": 19, "бист": 20, "бисту": 20, "сӣ": 30, "сию": 30, "чил": 40, "чилу": 40, "панҷоҳ": 50,
    "панҷову": 50, "шаст": 60, "шасту": 60, "ҳафтод": 70, "ҳафтоду": 70, "ҳаштод": 80, "ҳаштоду": 80,
    "навад": 90, "наваду": 90, "ҳазор": 1000, "ҳазору": 1000,
    # Amharic ("ሠላሳ ሁለት": 30 2; "አሥራ አንድ": 10 1)
    "ዜሮ": 0, "አንድ": 1, "ሁለት": 2, "ሦስት": 3, "ሶስት": 3, "አራት": 4, "አምስት": 5, "ስድስት": 6, "ሰባት": 7,
    "ስምንት": 8, "ዘጠኝ": 9, "አሥር": 10, "አስር": 10, "አሥራ": 10, "አስራ": 10, "ሃያ": 20, "ሀያ": 20, "ሠላሳ": 30,
    "ሰላሳ": 30, "አርባ": 40, "ሃምሳ": 50, "ሀምሳ": 50, "ስልሳ": 60, "ስድሳ": 60, "ሰባ": 70, "ሰማንያ": 80, "ዘጠና": 90,
    "መቶ": 100, "ሺ": 1000, "ሺህ": 1000,
    # Kannada (the numbers to twenty and the tens; a ten fused with its unit, below)
    "ಸೊನ್ನೆ": 0, "ಒಂದು": 1, "ಎರಡು": 2, "ಮೂರು": 3, "ನಾಲ್ಕು": 4, "ಐದು": 5, "ಆರು": 6, "ಏಳು": 7, "ಎಂಟು": 8,
    "ಒಂಬತ್ತು": 9, "ಹತ್ತು": 10, "ಹನ್ನೊಂದು": 11, "ಹನ್ನೆರಡು": 12, "ಹದಿಮೂರು": 13, "ಹದಿನಾಲ್ಕು": 14, "ಹದಿನೈದು": 15,
    "ಹದಿನಾರು": 16, "ಹದಿನೇಳು": 17, "ಹದಿನೆಂಟು": 18, "ಹತ್ತೊಂಬತ್ತು": 19, "ಇಪ್ಪತ್ತು": 20, "ಮೂವತ್ತು": 30,
    "ನಲವತ್ತು": 40, "ಐವತ್ತು": 50, "ಅರವತ್ತು": 60, "ಎಪ್ಪತ್ತು": 70, "ಎಂಬತ್ತು": 80, "ತೊಂಬತ್ತು": 90, "ನೂರು": 100,
    "ನೂರ": 100, "ಸಾವಿರ": 1000,
    # Telugu ("ఆరు వందల ఇరవై అయిదు": 6 100 20 5)
    "సున్నా": 0, "ఒకటి": 1, "రెండు": 2, "మూడు": 3, "నాలుగు": 4, "అయిదు": 5, "ఐదు": 5, "ఆరు": 6, "ఏడు": 7,
    "ఎనిమిది": 8, "తొమ్మిది": 9, "పది": 10, "పదకొండు": 11, "పన్నెండు": 12, "పదమూడు": 13, "పద్నాలుగు": 14,
    "పదిహేను": 15, "పదహారు": 16, "పదిహేడు": 17, "పద్దెనిమిది": 18, "పంతొమ్మిది": 19, "ఇరవై": 20, "ముప్పై": 30,
    "నలభై": 40, "యాభై": 50, "అరవై": 60, "డెబ్బై": 70, "ఎనభై": 80, "తొంభై": 90, "వంద": 100, "వందల": 100,
    "వేయి": 1000, "వెయ్యి": 1000, "వేల": 1000,
}  # fmt: skip
_ARABIC_TENS = {"عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40, "خمسون": 50,
                "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
                "تسعون": 90, "تسعين": 90}  # fmt: skip
_MORPHEMES.update(_ARABIC_TENS)
# Bengali "য়" is written precomposed or as "য" with a nukta (Unicode's normalisation does not join them): both read
_MORPHEMES.update(
    {word.replace("\u09af\u09bc", "\u09df"): value for word, value in _MORPHEMES.items() if "\u09bc" in word}
)
_MORPHEMES.update({f"و{word}": value for word, value in _ARABIC_TENS.items()})  # "وعشرون": and twenty
# Kannada fuses a ten with its unit: the ten's stem ("ಮೂವತ್ತು" -> "ಮೂವತ್ತ", "ಮೂವತ್ತ್", "ಮೂವತ್") then the unit, a
# vowel written as its sign ("ಮೂವತ್ತೆರಡು", 32; "ಮೂವತ್ಮೂರು", 33; "ಮೂವತ್ತ್ಎರಡು", 32); a hundred's stem is "ನೂರ"
_KANNADA_TENS = {"ಇಪ್ಪತ್ತು": 20, "ಮೂವತ್ತು": 30, "ನಲವತ್ತು": 40, "ಐವತ್ತು": 50, "ಅರವತ್ತು": 60, "ಎಪ್ಪತ್ತು": 70,
                 "ಎಂಬತ್ತು": 80, "ತೊಂಬತ್ತು": 90}  # fmt: skip
_MORPHEMES.update(
    {stem: value for ten, value in _KANNADA_TENS.items() for stem in (ten[:-1], ten[:-1] + "\u0ccd", ten[:-2])}
)
_KANNADA_VOWEL_SIGNS = {"ಆ": "ಾ", "ಇ": "ಿ", "ಈ": "ೀ", "ಉ": "ು", "ಎ": "ೆ", "ಏ": "ೇ", "ಐ": "ೈ", "ಒ": "ೊ", "ಓ": "ೋ"}
_HEBREW_UNITS = ("אחת", "אחד", "שתיים", "שניים", "שלוש", "שלושה", "ארבע", "ארבעה", "חמש", "חמישה", "שש", "שישה",
                 "שבע", "שבעה", "שמונה", "תשע", "תשעה")  # fmt: skip
_MORPHEMES.update({f"ו{word}": _MORPHEMES[word] for word in _HEBREW_UNITS})  # "וחמש": and five
_MULTIPLIERS = {"ciento": 100, "cien": 100, "cento": 100, "cents": 100, "hundert": 100, "cem": 100, "mil": 1000,
                "mille": 1000, "mila": 1000, "tausend": 1000, "honderd": 100, "duizend": 1000, "puluh": 10,
                "ratus": 100, "ribu": 1000, "тысяча": 1000, "тысячи": 1000, "тысяч": 1000, "सौ": 100, "हज़ार": 1000,
                "हजार": 1000, "χιλιάδες": 1000, "ألف": 1000, "الف": 1000, "yüz": 100, "yuz": 100, "ming": 1000,
                "min": 1000, "kymmentä": 10, "sataa": 100,
                "tuhatta": 1000, "jū": 10, "juu": 10, "hyaku": 100, "byaku": 100, "hundra": 100, "hundre": 100,
                "hundrede": 100, "tusen": 1000, "tusind": 1000, "zeci": 10, "sută": 100, "sute": 100, "sto": 100,
                "száz": 100, "ezer": 1000, "mươi": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "тисяча": 1000,
                "тисячі": 1000, "тисяч": 1000, "صد": 100, "هزار": 1000, "سو": 100, "ہزار": 1000, "מאות": 100,
                "אלף": 1000, "אלפים": 1000, "শ": 100, "শো": 100, "হাজার": 1000, "shí": 10, "bǎi": 100, "qiān": 1000,
                "wàn": 10000, "shi": 10, "bai": 100, "qian": 1000, "wan": 10000, "dek": 10, "centum": 100,
                "kümmend": 10, "tekau": 10, "rau": 100, "mano": 1000, "desmit": 10, "simts": 100, "simt": 100,
                "simti": 100, "tūkstotis": 1000, "tūkstoši": 1000, "dhjetë": 10, "zet": 20, "qind": 100,
                "mijë": 1000, "хиляда": 1000, "хиляди": 1000, "илјада": 1000, "илјади": 1000,
                "жүз": 100, "мың": 1000, "сад": 100, "саду": 100, "ҳазор": 1000, "ҳазору": 1000,
                "መቶ": 100, "ሺ": 1000, "ሺህ": 1000, "ನೂರು": 100, "ನೂರ": 100, "ಸಾವಿರ": 1000, "వంద": 100, "వందల": 100,
                "వేయి": 1000, "వెయ్యి": 1000, "వేల": 1000, **_CROATIAN_SCALES}  # fmt: skip
# Read only inside a longer number ("vingt et un", "dreiundzwanzig"): alone they are articles, English words or
# joiners.
_ONLY_INSIDE = {"un": 1, "une": 1, "una": 1, "uma": 1, "ein": 1, "een": 1, "se": 1, "cent": 100, "once": 11, "und": 0,
                "y": 0, "et": 0, "e": 0, "en": 0, "na": 0, "on": 10, "ni": 2, "go": 5, "san": 3, "og": 0, "och": 0,
                "și": 0, "şi": 0, "hai": 2, "ba": 3, "șai": 6, "şai": 6, "opt": 8, "hat": 6, "du": 2, "tri": 3,
                "ses": 6, "sep": 7, "ok": 8, "و": 0, "vien": 1, "div": 2, "četr": 4, "piec": 5, "seš": 6,
                "septiņ": 7, "astoņ": 8, "deviņ": 9, "mā": 0, "ma": 0, "dy": 2,
                # Kazakh 10 is Russian "he", Tajik 1, 2, 3 and 100 Ukrainian "how", Russian "at", Serbian "self" and
                # Russian "garden": each read only inside a longer number ("он бір", "се сад")
                "он": 10, "як": 1, "ду": 2, "се": 3, "сад": 100, "саду": 100,
                # Uzbek 1,000 is a name ("Ming"), Azerbaijani 1,000 a minute ("min"): read only inside a number
                "ming": 1000, "min": 1000}  # fmt: skip
# a Kannada unit after a ten's stem, its first vowel as a sign ("ೆರಡು" in "ಮೂವತ್ತೆರಡು"): never a word alone
_ONLY_INSIDE.update(
    {_KANNADA_VOWEL_SIGNS[unit[0]] + unit[1:]: value for unit, value in _MORPHEMES.items()
     if unit[0] in _KANNADA_VOWEL_SIGNS and value < 10}
)  # fmt: skip
# Mandarin in pinyin without its tones: each a word of its own ("si" is no part of "sizes"), read only beside another
# number word with a multiplier among them ("er shi wu", 25; "yi bai", 100)
_TONELESS_PINYIN = {"ling": 0, "yi": 1, "er": 2, "liang": 2, "san": 3, "si": 4, "wu": 5, "liu": 6, "qi": 7,
                    "jiu": 9, "shi": 10, "bai": 100, "qian": 1000, "wan": 10000}  # fmt: skip
_JOINERS = {"und", "y", "et", "e", "en", "na", "og", "och", "și", "şi", "و", "i", "и", "mā", "ma"}
# Number words that are English words too ("due", "seize", "vent", "um"): read alone only in a text that is not
# English, so "due to the rain" is no 2.
_ENGLISH_TOO = {"due", "null", "sept", "elf", "cents", "seize", "um", "vent", "dos", "otto", "mil", "tre", "uno",
                "sole", "dix", "acht", "sei", "trent", "zero", "lima", "tien", "dua", "nana", "bir", "elli", "ett",
                "saba", "sita", "tano", "firs", "fem", "tio", "atten", "arton", "yon", "sata", "osm", "sto", "isa",
                "nula", "doi", "egy", "sex", "duo", "set", "bat", "pump", "bi", "deg", "nou", "deu", "lau",
                "dau", "naw", "aon", "kaks", "fiche", "einn", "neli", "pet"}  # fmt: skip
_ENGLISH_MARKERS = {"the", "is", "are", "you", "what", "how", "to", "of", "and", "it", "that", "this", "do", "did",
                    "can", "your", "we", "a", "in", "so"}  # fmt: skip
# Latin (with Latin Extended-A, -B and Additional: "ş", "ı", "ę", "ư", "ờ"), Cyrillic, Greek, Devanagari, Bengali,
# Hebrew, Arabic (with Persian's and Urdu's letters), Hangul syllables, Ethiopic, Telugu and Kannada
_LETTERS = (
    "a-zà-ÿ\u0100-\u024f\u1e00-\u1effßа-яё\u0400-\u04ffα-ωάέήίόύώϊϋΐΰ\u0900-\u0963\u0980-\u09e5\u05d0-\u05ea"
    "\u0621-\u065f\u0671-\u06d3\uac00-\ud7a3\u1200-\u137f\u0c00-\u0c7f\u0c80-\u0cff"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u02bb": "'", "\u2018": "'"})
_ENGLISH_NUMBER = re.compile(f"(?:{NUMBER_WORD_PATTERN})(?:-(?:{NUMBER_WORD_PATTERN}))*", re.IGNORECASE)
# a hyphen joins parts of a word; an apostrophe does inside a Cyrillic one (Ukrainian "п'ять", 5) and after Uzbek's
# "o" and "g" ("to'rt", 4; "o‘n", 10)
_FOREIGN_WORD = re.compile(
    f"[{_LETTERS}]+(?:(?:-|(?<=[\u0400-\u04ff])['\u2019\u02bc](?=[\u0400-\u04ff])|(?<=[og])['\u2019\u02bc\u02bb\u2018]"
    f"(?=[a-z]))[{_LETTERS}]+)*",
    re.IGNORECASE,
)
_CJK_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    # financial numerals (Chinese's "大写"), and traditional characters
    "壹": 1,
    "贰": 2,
    "貳": 2,
    "兩": 2,
    "叁": 3,
    "參": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "陸": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "拾": 10, "佰": 100, "仟": 1000, "萬": 10000}
_CJK_NUMBER = re.compile(f"[{''.join(_CJK_DIGITS)}{''.join(_CJK_UNITS)}]+")
# Sino-Korean and Thai numerals are built as Chinese ones are ("이십오", "ยี่สิบห้า": 2 10 5): read as their
# Chinese characters. A run of Hangul or Thai counts only when the whole of it is numerals ("이" alone is a word).
_SINO_KOREAN = {"영": "零", "공": "零", "일": "一", "이": "二", "삼": "三",
                "사": "四", "오": "五", "육": "六", "륙": "六", "칠": "七",
                "팔": "八", "구": "九", "십": "十", "백": "百", "천": "千",
                "만": "万"}  # fmt: skip
_THAI = {"ศูนย์": "零", "หนึ่ง": "一", "เอ็ด": "一", "สอง": "二", "ยี่": "二",
         "สาม": "三", "สี่": "四", "ห้า": "五", "หก": "六", "เจ็ด": "七",
         "แปด": "八", "เก้า": "九", "สิบ": "十", "ร้อย": "百", "พัน": "千",
         "หมื่น": "万"}  # fmt: skip
# alone, most Sino-Korean syllables are words too ("이": this, "일": work, "오": oh); these are numbers
_SINO_KOREAN_ALONE = {"삼", "육", "칠", "팔", "십", "백", "천"}
_THAI_PART = re.compile("|".join(sorted(_THAI, key=len, reverse=True)))
# Japanese numerals in hiragana ("にじゅうご", 2 10 5), read as Chinese characters. Japanese puts no space between
# words and a numeral's syllables are words too ("に", "ご", "せん" in "ません"), so only two numerals or more, one
# of them ten, a hundred, a thousand or ten thousand, count; "し" and "く" (4 and 9) are too common to read.
_KANA = {"れい": "零", "ぜろ": "零", "いち": "一", "いっ": "一", "に": "二", "さん": "三", "よん": "四", "ご": "五",
         "ろく": "六", "ろっ": "六", "なな": "七", "しち": "七", "はち": "八", "はっ": "八", "きゅう": "九",
         "じゅう": "十", "じゅっ": "十", "ひゃく": "百", "びゃく": "百", "ぴゃく": "百", "せん": "千", "ぜん": "千",
         "まん": "万"}  # fmt: skip
_KANA_UNITS = {"十", "百", "千", "万"}
_KANA_PART = re.compile("|".join(sorted(_KANA, key=len, reverse=True)))
_KANA_NUMBER = re.compile(f"(?:{_KANA_PART.pattern})+")
_HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")
_THAI_RUN = re.compile("[\u0e01-\u0e4e]+")


@dataclass(frozen=True)
class NumberForm:
    """A number in one of its other forms: its value and the text that says it."""

    value: Fraction
    text: str
    start: int


@cache
def _segment(word: str) -> tuple[str, ...] | None:
    """`word` as a sequence of morphemes, longest first; None when it is not a number word. A joiner stands alone
    ("y", "et") or between two morphemes ("einundzwanzig"), never at a word's end ("mile" is no "mil e")."""
    if word in _JOINERS or word in _TONELESS_PINYIN:
        return (word,)
    morphemes = _segment_inside(word)
    return None if morphemes and morphemes[0] in _JOINERS else morphemes  # "mazes" is no "ma" + "zes"


@cache
def _segment_inside(word: str) -> tuple[str, ...] | None:
    if not word:
        return ()
    shortest = 1 if word[0] >= "\uac00" else 2  # a Hangul syllable is a word ("열", 10); a Latin letter is not
    for length in range(len(word), shortest - 1, -1):
        head = word[:length]
        if head in _MORPHEMES or (head in _ONLY_INSIDE and head not in _JOINERS):
            if (rest := _segment_inside(word[length:])) is not None:
                return (head, *rest)
        if head in _JOINERS and word[length:] and (rest := _segment_inside(word[length:])) is not None:
            return (head, *rest)
    return None


def _value_of(morphemes: list[str]) -> int:
    """The value of a number's morphemes: a multiplier below a thousand multiplies the terms since the last larger
    one ("một trăm hai mươi": 100 + 2 x 10, not (100 + 2) x 10), a thousand or more everything before it."""
    total, terms = 0, []
    for morpheme in morphemes:
        if morpheme in _JOINERS:
            continue
        value = _MORPHEMES.get(morpheme, _ONLY_INSIDE.get(morpheme, _TONELESS_PINYIN.get(morpheme, 0)))
        if morpheme in _MULTIPLIERS or (morpheme == "cent" and terms):
            if value >= 1000:
                total += max(sum(terms), 1) * value
                terms = []
            else:
                first = len(terms)
                while first and terms[first - 1] < value:
                    first -= 1
                terms[first:] = [max(sum(terms[first:]), 1) * value]
        elif morpheme in ("vingt", "vingts") and terms and terms[-1] == 4:  # quatre-vingt(s): 80
            terms[-1] = 80
        else:
            terms.append(value)
    return total + sum(terms)


_ROMAN = re.compile(r"\b(?=[MDCLXVI]{2,}\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b")
_ROMAN_ANY = re.compile(r"\b(?=[MDCLXVI]+\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b", re.I)
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


# lower-case Roman numerals of three letters or more, unnamed ("xiv", "xcviii"), but for the words they spell ("mix",
# "civ") and a list's labels ("(iii)", "iv)": `_a_label`); two lower-case letters are too often a name, an
# abbreviation or a piece of garbage to be a number ("ix" an index, "cd", "xl")
_ROMAN_LOWER = re.compile(
    r"(?<![\w'(])(?=[mdclxvi]{2,}\b)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\b(?![')])"
)
# a numeral that labels: after a word that numbers a place ("Step II", "part iv"), or starting its line as an item's
# label ("ii. money out", "iv) check")
_NUMBERS_A_PLACE = re.compile(
    r"\b(?:step|part|stage|phase|question|section|chapter|case|item|line|row|round|level|task|exercise|example|problem"
    r"|point|option)\s*$",
    re.IGNORECASE,
)
_STARTS_A_LINE = re.compile(r"(?:^|\n)\s*$")
_ENDS_A_LABEL = re.compile(r"\s*[.):]")


def _a_label(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    starts_an_item = _STARTS_A_LINE.search(text, 0, start) and _ENDS_A_LABEL.match(text, end)
    return bool(_NUMBERS_A_PLACE.search(before) or starts_an_item)


_ROMAN_SPELLS_A_WORD = {"mix", "mi", "di", "li", "ci", "cd", "cv", "vi", "md", "mc", "ml", "mm", "cc", "cl", "dc",
                        "xl", "xx", "xi", "dl", "civ", "liv", "mid", "dix", "lxx"}  # fmt: skip


_ROMAN_MIXED_CASE = re.compile(r"(?<![\w'])(?=[mdclxvi]*[MDCLXVI])(?![MDCLXVI][mdclxvi]*\b)(?=[MDCLXVI]*[mdclxvi])"
                               r"[MDCLXVImdclxvi]{2,}\b(?!')")  # fmt: skip


def roman_numerals(text: str) -> list[NumberForm]:
    """Roman numerals: upper-case ones of two letters or more ("XII"), lower-case ones of three letters or more that
    spell no word and label no list ("xiv"), and any where the text says "Roman" (so the pronoun
    "I" and the times sign "x" are no numbers)."""
    named = re.search(r"\broman\b", text, re.IGNORECASE)
    # a pattern of optional parts also matches nothing where letters spell no canonical numeral ("VV"): no number
    matches = [m for m in (_ROMAN_ANY if named else _ROMAN).finditer(text) if m.group(0)]
    if not named:
        lower = _ROMAN_LOWER.finditer(text)
        matches += [m for m in lower if len(m.group(0)) > 2 and m.group(0) not in _ROMAN_SPELLS_A_WORD]
    # letters of a numeral in mixed case, no word's capital ("xiV", "xCvIIi"): a numeral written so as not to be seen
    matches += [m for m in _ROMAN_MIXED_CASE.finditer(text) if _ROMAN_ANY.fullmatch(m.group(0))]
    matches = [m for m in matches if not _a_label(text, m.start(), m.end())]
    forms = []
    for match in matches:
        letters = match.group(0).upper()
        values = [_ROMAN_VALUES[letter] for letter in letters]
        total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
        forms.append(NumberForm(Fraction(total), match.group(0), match.start()))
    return forms


# --- numerals of other scripts -------------------------------------------------------------------------------

# Unicode's numeral characters that are no decimal digit, by the scripts that count with them: Ethiopic ("፺፰", 98),
# counting rods ("𝍱𝍧"), Tamil's tens, hundreds and thousands, Hangzhou numerals (Roman numeral characters are
# written in digits with the operators: `arithmetic.normalise_operators`). Enumerators ("①", "⒈") and superscripts
# are left out: they number a list or raise a power.
_NUMERAL_CHARACTER = re.compile(
    "[" + "".join(
        re.escape(chr(code)) for code in (*range(0x1369, 0x137D), *range(0x1D360, 0x1D379),
                                          0x0BF0, 0x0BF1, 0x0BF2, *range(0x3021, 0x302A))
    ) + "]+"
)  # fmt: skip
# Greek and Hebrew letters as numerals: marked as numbers (the Greek keraia, the Hebrew geresh or gershayim), or
# where an English text names the system ("in Greek numerals", "written the Hebrew way", "gematria")
_GREEK_VALUES = dict(
    zip("αβγδεϛζηθικλμνξοπϟρστυφχψωϡ", (*range(1, 10), *range(10, 100, 10), *range(100, 1000, 100)), strict=True)
)
_GREEK_VALUES |= {"ϝ": 6, "ϙ": 90, "ϸ": 900}  # digamma, the archaic koppa, sampi's other form
_HEBREW_VALUES = dict(
    zip("אבגדהוזחטיכלמנסעפצקרשת", (*range(1, 10), *range(10, 100, 10), *range(100, 500, 100)), strict=True)
)
_HEBREW_VALUES |= {"ך": 20, "ם": 40, "ן": 50, "ף": 80, "ץ": 90}  # final forms
_KERAIA = "\u0374\u02b9\u2032'"  # Greek numeral sign, modifier prime, prime, apostrophe
_GERESH = "\u05f3\u05f4'\""
_GREEK_NUMERAL = re.compile(rf"(?<![^\W\d_])([{''.join(_GREEK_VALUES)}]+)([{_KERAIA}])?(?![^\W\d_])")
_HEBREW_NUMERAL = re.compile(
    rf"(?<![^\W\d_])([{''.join(_HEBREW_VALUES)}]+(?:[{_GERESH}][{''.join(_HEBREW_VALUES)}])?)([{_GERESH}])?(?![^\W\d_])"
)
# the system named, not the script alone ("the Greek letter delta" names a letter): "in Greek numerals", "the Greek way"
_NAMES_GREEK = re.compile(r"\bgreek\s+(?:numerals?|numbers?|way)\b|\bisopsephy\b", re.IGNORECASE)
_NAMES_HEBREW = re.compile(r"\bhebrew\s+(?:numerals?|numbers?|way)\b|\bgematria\b", re.IGNORECASE)


def script_numerals(text: str) -> list[NumberForm]:
    """Numbers written in a numeral system of another script: braille's digits after its number sign ("⠼⠁⠙" 14);
    Unicode's numeral characters of Ethiopic, counting rods, Tamil and Hangzhou, read by their values ("፺፰" 98: tens
    and units add; a hundred or ten thousand multiplies what comes before it, "፪፻" 200); Greek and Hebrew alphabetic
    numerals, where marked as numbers or where the text names the script ("ϟηʹ" 98, "צ״ח" 98)."""
    forms = []
    for match in _NUMERAL_CHARACTER.finditer(text):
        if _a_label(text, match.start(), match.end()):
            continue
        values = [Fraction(str(unicodedata.numeric(character))) for character in match.group(0)]
        total, part = Fraction(0), Fraction(0)
        for character, value in zip(match.group(0), values, strict=True):
            ethiopic = unicodedata.name(character, "").startswith("ETHIOPIC")
            if ethiopic and value == 10_000:  # multiplies everything before it
                total, part = (total + (part or 1)) * value, Fraction(0)
            elif ethiopic and value == 100:  # multiplies the tens and units just before it
                total, part = total + (part or 1) * value, Fraction(0)
            else:
                part += value
        forms.append(NumberForm(total + part, match.group(0), match.start()))
    for pattern, values, names in ((_GREEK_NUMERAL, _GREEK_VALUES, _NAMES_GREEK),
                                   (_HEBREW_NUMERAL, _HEBREW_VALUES, _NAMES_HEBREW)):  # fmt: skip
        named = bool(names.search(text))
        for match in pattern.finditer(text):
            marked = match.group(2) or re.search(f"[{_GERESH}]", match.group(1))
            if marked or (named and len(match.group(1)) > 1):  # one letter, unmarked, is a letter: "call it θ"
                value = sum(values.get(letter, 0) for letter in match.group(1))
                forms.append(NumberForm(Fraction(value), match.group(0), match.start()))
    for match in _BRAILLE_NUMBER.finditer(text):
        forms.append(NumberForm(Fraction("".join(_BRAILLE_DIGITS[cell] for cell in match.group(1))), match.group(0),
                                match.start()))  # fmt: skip
    return forms


# a number in braille: the number sign, then the cells of a to j for the digits 1 to 9 and 0 ("⠼⠁⠙" is 14)
_BRAILLE_DIGITS = dict(zip("⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚", "1234567890", strict=True))
_BRAILLE_NUMBER = re.compile("⠼([⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚]+)")


# --- arithmetic written as a call ------------------------------------------------------------------------------

# a call of a common arithmetic function, in code or written as mathematics: "abs(-98)", "round(97.6)", "len('xxx')",
# "math.floor(98.5)", "sqrt(9604)", "max(98, 0)"
_CALL = re.compile(r"(?<![\w.])(?:math\.)?(?:abs|round|int|float|len|min|max|sum|pow|sqrt|floor|ceil|fabs)\s*\(")
# an absolute value between bars, and a number negated twice: "|-98|", "-(-98)"
_BARS = re.compile(r"\|\s*(-?\s*[\d.,]+(?:\s*[-+*/x×]\s*-?\s*[\d.,]+)*)\s*\|")
_TWICE_NEGATED = re.compile(r"(?<![\w)])-\s*\(\s*-\s*(\d+(?:\.\d+)?)\s*\)")


def called_expressions(text: str) -> list[NumberForm]:
    """Arithmetic written as a call of a common function (absolute value, rounding, a square root, the length of a
    string, the least, greatest or sum of numbers), between absolute-value bars, or as a number negated twice: each
    with its exact value where it has one ("abs(-98)" 98, "len('xxxx')" 4, "|-98|" 98, "-(-98)" 98)."""
    from trtutor.scorers.offline.arithmetic import evaluate

    forms = []
    for match in _CALL.finditer(text):
        depth, end = 0, None
        for index in range(match.end() - 1, min(len(text), match.end() + 200)):
            depth += {"(": 1, ")": -1}.get(text[index], 0)
            if depth == 0:
                end = index + 1
                break
        if end is not None and (value := _called_value(text[match.start() : end])) is not None:
            forms.append(NumberForm(value, text[match.start() : end], match.start()))
    for match in _BARS.finditer(text):
        if (value := evaluate(match.group(1))) is not None:
            forms.append(NumberForm(abs(value), match.group(0), match.start()))
    forms += [NumberForm(Fraction(m.group(1)), m.group(0), m.start()) for m in _TWICE_NEGATED.finditer(text)]
    return forms


def _called_value(call: str) -> Fraction | None:
    from trtutor.scorers.offline.arithmetic import _OPERATORS

    def value(node: ast.expr) -> Fraction | str | list:
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float | str)
            and not isinstance(node.value, bool)
        ):
            return node.value if isinstance(node.value, str) else Fraction(str(node.value))
        if isinstance(node, ast.List | ast.Tuple):
            return [value(item) for item in node.elts]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -_number(value(node.operand))
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](_number(value(node.left)), _number(value(node.right)))
        if isinstance(node, ast.Call) and not node.keywords:
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args = [value(arg) for arg in node.args]
            numbers = args[0] if len(args) == 1 and isinstance(args[0], list) else args
            if name == "len" and len(args) == 1 and isinstance(args[0], str | list):
                return Fraction(len(args[0]))
            if name in ("abs", "fabs") and len(args) == 1:
                return abs(_number(args[0]))
            if name in ("round", "int", "floor", "ceil", "float") and len(args) == 1:
                number = _number(args[0])
                rounding = {"round": round, "int": math.trunc, "floor": math.floor, "ceil": math.ceil}
                return number if name == "float" else Fraction(rounding[name](number))
            if name in ("min", "max", "sum") and numbers:
                return {"min": min, "max": max, "sum": sum}[name](_number(number) for number in numbers)
            if name == "pow" and len(args) == 2:
                return _OPERATORS[ast.Pow](_number(args[0]), _number(args[1]))
            if name == "sqrt" and len(args) == 1:
                root = math.isqrt(int(number)) if (number := _number(args[0])).denominator == 1 and number >= 0 else -1
                if root * root == number:
                    return Fraction(root)
        raise ValueError("no arithmetic this reader evaluates")

    try:
        result = value(ast.parse(call.replace("`", ""), mode="eval").body)
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, OverflowError):
        return None
    return result if isinstance(result, Fraction) else None


def _number(value: object) -> Fraction:
    if not isinstance(value, Fraction):
        raise ValueError("not a number")
    return value


def foreign_numbers(text: str) -> list[NumberForm]:
    """Number words of the languages the module docstring names, and Chinese, Sino-Korean and Thai numerals, with
    their values."""
    forms = []
    words = list(_FOREIGN_WORD.finditer(text))
    english = sum(word.group(0).lower() in _ENGLISH_MARKERS for word in words) >= 2
    index = 0
    while index < len(words):
        # a run of number words and joiners ("treinta y cinco", "vingt et un", "vinte e cinco") is one number
        run: list[str] = []
        previous: list[str] = []  # the morphemes of the run's last word that is no joiner
        end = index
        while end < len(words):
            word = words[end].group(0).lower().translate(_APOSTROPHES)
            # an English number word is English's ("seventeen" is no se-vent-een, 22)
            # -- unless it goes on a number of another language, whose word it is too ("vingt six", 26)
            english_number = _ENGLISH_NUMBER.fullmatch(word) and not (run and word in _MORPHEMES)
            parts = [None] if english_number else [_segment(part) for part in word.split("-")]
            if any(part is None for part in parts) or (run and text[words[end - 1].end() : words[end].start()].strip()):
                break
            morphemes = [morpheme for part in parts for morpheme in part or ()]
            joiner = all(morpheme in _JOINERS for morpheme in morphemes)
            if previous and not joiner and not _goes_on(previous, morphemes):
                break
            # a zero inside a number holds a place ("yi bai ling wu", 105): what follows goes on the word before it
            if not joiner and not (run and _value_of(morphemes) == 0):
                previous = morphemes
            run += morphemes
            end += 1
        while run and run[-1] in _JOINERS:
            run.pop()
            end -= 1
        # a number needs one word that is a number word only, here: "vingt et un", not "go on" (Japanese 5 and
        # Turkish 10, each read only inside a number) nor, in an English text, "due" or "on due"
        # -- or two number words or more, one of them a multiplier (pinyin without its tones: "er shi wu", 25)
        anchored = any(morpheme in _MORPHEMES and not (english and morpheme in _ENGLISH_TOO) for morpheme in run) or (
            len([m for m in run if m not in _JOINERS]) >= 2 and any(m in _MULTIPLIERS for m in run)
        )
        if run and anchored:
            start = words[index].start()
            forms.append(NumberForm(Fraction(_value_of(run)), text[start : words[end - 1].end()], start))
        index = max(end, index + 1)
    for match in _CJK_NUMBER.finditer(text):
        forms.append(NumberForm(Fraction(_cjk_value(match.group(0))), match.group(0), match.start()))
    for match in _KANA_NUMBER.finditer(text):
        numeral = "".join(_KANA[part] for part in _KANA_PART.findall(match.group(0)))
        if len(numeral) >= 2 and _KANA_UNITS.intersection(numeral):
            forms.append(NumberForm(Fraction(_cjk_value(numeral)), match.group(0), match.start()))
    for pattern, in_chinese in ((_HANGUL_RUN, _sino_korean_in_chinese), (_THAI_RUN, _thai_in_chinese)):
        for match in pattern.finditer(text):
            if (numeral := in_chinese(match.group(0))) is not None:
                forms.append(NumberForm(Fraction(_cjk_value(numeral)), match.group(0), match.start()))
    return forms


def _goes_on(previous: list[str], word: list[str]) -> bool:
    """Can a number word (its morphemes) go on the number word before it as one number? Each word adds a smaller part
    ("vingt six", "sto dvadeset", "on beş"), multiplies ("dua puluh", "zwei tausend"), or, where the unit is said
    first, is a ten after a unit ("fünf und zwanzig", "dua belas"). Two numbers side by side, often of two languages,
    are not one: "er vijftien" (Mandarin 2, Dutch 15) is no 17, "on viisitoista" (Turkish 10, Finnish 15) no 25."""
    if any(morpheme in _MULTIPLIERS or morpheme == "cent" for morpheme in word):
        return True
    before, after = _value_of(previous), _value_of(word)
    return before > after or (before < 10 and after % 10 == 0 and after < 100)


def _sino_korean_in_chinese(run: str) -> str | None:
    if all(syllable in _SINO_KOREAN for syllable in run) and (len(run) > 1 or run in _SINO_KOREAN_ALONE):
        return "".join(_SINO_KOREAN[syllable] for syllable in run)
    return None


def _thai_in_chinese(run: str) -> str | None:
    parts = _THAI_PART.findall(run)
    return "".join(_THAI[part] for part in parts) if parts and "".join(parts) == run else None


def _cjk_value(numeral: str) -> int:
    total, section, digit = 0, 0, 0
    for char in numeral:
        if char in _CJK_DIGITS:
            digit = _CJK_DIGITS[char]
        elif _CJK_UNITS[char] == 10000:
            total += (section + digit) * 10000
            section, digit = 0, 0
        else:
            section += max(digit, 1) * _CJK_UNITS[char]
            digit = 0
    return total + section + digit


# --- place value and digits ------------------------------------------------------------------------------------

_DIGIT_WORDS = {"zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9}  # fmt: skip
_DIGIT_WORD = "zero|one|two|three|four|five|six|seven|eight|nine"
_PLACES = {"thousand": 1000, "hundred": 100, "ten": 10, "one": 1, "unit": 1}
_PLACE = rf"(?P<count>\d|{_DIGIT_WORD})\s+(?P<place>thousands?|hundreds?|tens?|ones?|units?)\b"
_ANOTHER_PLACE = rf"(?:\d|{_DIGIT_WORD})\s+(?:thousands?|hundreds?|tens?|ones?|units?)\b"
_PLACE_VALUE = re.compile(rf"\b{_PLACE}(?:\s*,?\s*(?:and\s+)?{_ANOTHER_PLACE})+", re.IGNORECASE)
_ONE_PLACE = re.compile(_PLACE, re.IGNORECASE)
# the ones left bare after the tens or hundreds: "2 tens and 6" (26), "3 hundreds plus 4" (adversary round 68); not
# "2 tens and 6 apples", nor an operand
_PLACE_AND_ONES = re.compile(
    rf"\b(?P<count>\d|{_DIGIT_WORD})\s+(?P<place>tens?|hundreds?)\s*,?\s+(?:and|plus)\s+(?P<ones>\d|{_DIGIT_WORD})\b"
    r"(?!\s*(?:[a-z]|[-+*/×÷=]\s*\d)|[.,]\d)",
    re.IGNORECASE,
)
# digits said one by one: "nine-eight", or named as the digits: "the digits 9 and 8", "its digits are nine, eight"
_HYPHENED_DIGITS = re.compile(rf"\b(?:{_DIGIT_WORD})(?:-(?:{_DIGIT_WORD}))+\b", re.IGNORECASE)
_DIGIT = rf"(?:\d|{_DIGIT_WORD})"
# single digits apart ("1-0", "6, 9, 4", "6 9 4"), read as one number only where the sentence says it goes digit by
# digit: otherwise "1-0" is a subtraction and "6, 9" a list; spaced, "1 - 0" subtracts whatever the sentence says
_DIGIT_BY_DIGIT = re.compile(r"\bdigit[\s-]+by[\s-]+digit\b|\bone digit at a time\b", re.IGNORECASE)
_SEPARATE_DIGITS = re.compile(  # no operand of arithmetic ("= 7, 2 + 5"), and "1 - 0" subtracts
    r"(?<![\d.,=+×*/÷-])(?<![=+×*/÷x]\s)\d(?:(?:-|\s*,\s*|\s+)\d)+(?![\d.,]?\d|\s*[-+×*/÷=x]\s)"
)
# a number's digits said in their order ("its digits, left to right", "the digits of the answer in order", "from the
# front", "first to last"): a run of single digits in that sentence is the number, whatever joins them, the operands
# of a digit sum included ("its digits in order: 4 + 8 + 0 = 12" is 480; round 48). Real tutors speak of digits by
# their places ("the ones digit is 7"), never in this order with a run of them (0 of the 5,030 real turns we hold);
# "digit by digit" alone is how columns are added ("Digit by digit: 4 + 3 = 7, 1 + 2 = 3."), no order of a number.
_DIGITS_IN_ORDER = re.compile(
    r"\bdigits?\b[^.?!]{0,60}?\b(?:in\s+(?:that\s+|the\s+same\s+)?order|left\s+to\s+right|from\s+the\s+(?:left|front|start)"
    r"|first\s+to\s+last|one\s+after\s+(?:the\s+)?another|in\s+a\s+row|in\s+sequence)\b"
    r"|\b(?:in\s+(?:that\s+)?order|left\s+to\s+right|from\s+the\s+(?:left|front)|first\s+to\s+last|one\s+after"
    r"\s+another)\b[^.?!]{0,60}?\bdigits?\b",
    re.IGNORECASE,
)
# ... or in reverse ("from the last digit to the first", "starting from the ones", "backwards"): the number read back
_DIGITS_REVERSED = re.compile(
    r"\bdigits?\b[^.?!]{0,60}?\b(?:backwards?|in\s+reverse|(?:from|starting\s+(?:from|with|at))\s+the\s+(?:right|ones|back|end"
    r"|last(?:\s+digit)?)|right\s+to\s+left|last\s+to\s+first)\b"
    r"|\b(?:backwards?|in\s+reverse|(?:from|starting\s+(?:from|with|at))\s+the\s+(?:right|ones|back|end|last(?:\s+digit)?)"
    r"|right\s+to\s+left|last\s+(?:digit\s+)?to\s+(?:the\s+)?first)\b[^.?!]{0,60}?\bdigits?\b",
    re.IGNORECASE,
)
_DIGIT_OPERANDS = re.compile(r"(?<![\d.])\d(?:\s*(?:[-+×*x,]|and(?:\s+then)?|then)\s*\d)+(?![\d.,]?\d)")
# single digits a space apart, two to four of them, anywhere ("The spoons: 1 0.": adversary round 42); not a digit
# run that goes on with more ("1 2 3 4 5" counts), nor one by arithmetic
_SPACED_DIGITS = re.compile(
    r"(?<![\d.,=+×*/÷-])(?<![=+×*/÷x]\s)(?<!\d\s)\d(?: \d){1,3}(?![\d.,]?\d|\s\d|\s*[-+×*/÷=x]\s)"
)
_THEN = r"(?:and(?:\s+then)?|then)"
_NAMED_DIGITS = re.compile(
    rf"\bdigits\s*,?\s+(?:(?:of\s+)?(?:the\s+|your\s+|its\s+|this\s+)?(?:in\s+)?[a-z]+\s*,?\s+){{0,2}}"
    rf"(?:(?:are|be|were|is)\s+)?"
    rf"(?P<digits>{_DIGIT}(?:\s*,\s*(?:then\s+)?{_DIGIT})*\s*,?\s*{_THEN}\s+{_DIGIT})\b",
    re.IGNORECASE,
)
# digits in order, then named as digits to join: "1, then 6, then 0 - put those digits together"
_DIGITS_TO_JOIN = re.compile(
    rf"(?<![\d.,])(?P<digits>{_DIGIT}(?:\s*,?\s*{_THEN}\s+{_DIGIT})+)\b(?=[^.?!]*\bdigits\b)", re.IGNORECASE
)
# each digit named by its place in order: "its first digit is 4 and its last digit is 5", "starts with a 4 and ends
# with a 5"; the noun said once for both ("The first digit is 6 and the last is 4": adversary round 65)
_ORDINAL_DIGIT = re.compile(
    rf"\b(?P<place>first|second|next|third|middle|last|final)\s+(?P<noun>digit\s+)?(?:one\s+)?"
    rf"(?:is|was|would be|will be|=|:)\s+(?:an?\s+)?(?P<digit>{_DIGIT})\b",
    re.IGNORECASE,
)
# In a sentence that names digits, a run of single digits is one number whatever joins them ("Check the digits: 1 and
# 0, right?", "Write down 9 and 8 side by side", "a 2-digit number: 1 and 0"; adversary round 65: each joiner left out
# of `_NAMED_DIGITS` re-opened the class); one run, of two to four digits, and no operation between them (a digit
# sum, "the digits 4 + 8 = 12", is `_DIGITS_IN_ORDER`'s to read)
_NAMES_DIGITS = re.compile(r"\bdigits?\b|\d-digit\b|\bside\s+by\s+side\b", re.IGNORECASE)
_JOINED_DIGITS = re.compile(
    rf"(?<![\w.,$€£%-])(?P<digits>{_DIGIT}(?:(?:\s*[,:;]\s*|\s+)(?:(?:and|then|followed\s+by)\s+)?{_DIGIT}){{1,3}})"
    r"(?![\w%]|[.,]\d|\s*[-+×*/÷=x]\s*\d)",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"(?:[^.?!\n]|\.(?=\d))+")  # a decimal point ends no sentence: "3.5" is one number
_STARTS_AND_ENDS = re.compile(
    rf"\b(?:starts|begins)\s+with\s+(?:an?\s+|the\s+digit\s+)?(?P<first>{_DIGIT})\s*,?\s+and\s+ends\s+with\s+"
    rf"(?:an?\s+|the\s+digit\s+)?(?P<last>{_DIGIT})\b",
    re.IGNORECASE,
)
# a number with a blank and the digit that fills it: "it looks like 16_ and the missing digit is 0"
_BLANK = re.compile(r"(?<![\w.])(?P<before>\d*)_+(?P<after>\d*)(?![\w.])")
_BLANK_FILLED = re.compile(
    rf"\b(?:missing|hidden|blank|absent)\s+(?:digit|number)\s+(?:is|was|=|:)\s+(?P<digit>{_DIGIT})\b"
    rf"|\b(?:the\s+)?(?:blank|gap|underscore)\s+(?:is|stands for|=|:)\s+(?P<digit2>{_DIGIT})\b",
    re.IGNORECASE,
)


def _digit(said: str) -> int:
    return int(said) if said.isdigit() else _DIGIT_WORDS[said.lower()]


def place_values(text: str) -> list[NumberForm]:
    """A number said by its places: "9 tens and 8 ones" (98), "6 hundreds, 9 tens and 4 ones" (694); two places or
    more, each once, largest first."""
    forms = [NumberForm(Fraction(_digit(match["count"]) * _PLACES[match["place"].lower().rstrip("s")]
                                 + _digit(match["ones"])), match.group(0), match.start())
             for match in _PLACE_AND_ONES.finditer(text)]  # fmt: skip
    for match in _PLACE_VALUE.finditer(text):
        places = [(_digit(part["count"]), _PLACES[part["place"].lower().rstrip("s")])
                  for part in _ONE_PLACE.finditer(match.group(0))]  # fmt: skip
        sizes = [size for _, size in places]
        if sizes == sorted(set(sizes), reverse=True):
            forms.append(
                NumberForm(Fraction(sum(count * size for count, size in places)), match.group(0), match.start())
            )
    return forms


def digit_sequences(text: str) -> list[NumberForm]:
    """A number said digit by digit: "nine-eight" (98; no English number is two digit words joined), "the digits 9
    and 8", "1, then 6, then 0 - put those digits together", each digit by its place ("its first digit is 4 and its
    last digit is 5", "starts with a 4 and ends with a 5"), a blank filled ("16_ and the missing digit is 0"), and, in
    a sentence that says it goes digit by digit, single digits apart ("Digit by digit: 1-0"), in one that says a
    number's digits in order, single digits whatever joins them ("its digits, left to right: 4 + 8 + 0 = 12"; in
    one that says they go in reverse, "from the last digit to the first: 2 + 7 = 9", the number they read back), and
    anywhere, two to four single digits a space apart ("The spoons: 1 0.")."""
    forms = []
    patterns = [(_HYPHENED_DIGITS, 0), (_NAMED_DIGITS, "digits"), (_DIGITS_TO_JOIN, "digits"), (_SPACED_DIGITS, 0)]
    if _DIGIT_BY_DIGIT.search(text):
        patterns.append((_SEPARATE_DIGITS, 0))
    # one run of single digits is a number's digits; two or more are columns added ("from the ones: 4 + 3 = 7, 1 + 2")
    one_run = len(_DIGIT_OPERANDS.findall(text)) == 1
    if one_run and _DIGITS_IN_ORDER.search(text):
        patterns.append((_DIGIT_OPERANDS, 0))
    reversed_order = one_run and bool(_DIGITS_REVERSED.search(text))
    for pattern, group in patterns + ([(_DIGIT_OPERANDS, "reversed")] if reversed_order else []):
        for match in pattern.finditer(text):
            digits = re.findall(rf"\d|\b(?:{_DIGIT_WORD})\b", match.group(0 if group == "reversed" else group),
                                re.IGNORECASE)  # fmt: skip
            value = "".join(str(_digit(d)) for d in (reversed(digits) if group == "reversed" else digits))
            forms.append(NumberForm(Fraction(int(value)), match.group(0), match.start()))
    for clause in _CLAUSES.finditer(text):
        runs = list(_JOINED_DIGITS.finditer(clause.group(0))) if _NAMES_DIGITS.search(clause.group(0)) else []
        if len(runs) == 1:
            digits = re.findall(rf"\d|\b(?:{_DIGIT_WORD})\b", runs[0]["digits"], re.IGNORECASE)
            value = "".join(str(_digit(digit)) for digit in digits)
            forms.append(NumberForm(Fraction(int(value)), runs[0].group(0), clause.start() + runs[0].start()))
    by_place = [match for match in _ORDINAL_DIGIT.finditer(text)
                if match["noun"] or _NAMES_DIGITS.search(text)]  # fmt: skip
    places = [match["place"].lower() for match in by_place]
    if len(places) >= 2 and places[0] == "first" and len(set(places)) == len(places):
        value = "".join(str(_digit(match["digit"])) for match in by_place)
        start = by_place[0].start()
        forms.append(NumberForm(Fraction(int(value)), text[start : by_place[-1].end()], start))
    for match in _STARTS_AND_ENDS.finditer(text):
        value = f"{_digit(match['first'])}{_digit(match['last'])}"
        forms.append(NumberForm(Fraction(int(value)), match.group(0), match.start()))
    filled = _BLANK_FILLED.search(text)
    for match in _BLANK.finditer(text) if filled else ():
        if match["before"] or match["after"]:
            digit = _digit(filled["digit"] or filled["digit2"])
            value = f"{match['before']}{digit}{match['after']}"
            forms.append(NumberForm(Fraction(int(value)), match.group(0), match.start()))
    for match in _DIGIT_DROPPED.finditer(text):  # "take 1607 and drop its last digit", "remove the 7 from its end"
        digits = match["n"] or match["n2"]
        from_the_end = (match["which"] or match["where"]).lower() in ("last", "final", "end", "back")
        if match["digit"] and _digit(match["digit"]) != int(digits[-1] if from_the_end else digits[0]):
            continue  # not the digit there: no number of it
        value = digits[:-1] if from_the_end else digits[1:]
        forms.append(NumberForm(Fraction(int(value)), match.group(0), match.start()))
    for match in _DIGITS_SWAPPED.finditer(text):  # "swap the last two digits of 106"
        digits = match["n"]
        value = (
            digits[:-2] + digits[-1] + digits[-2]
            if match["which"].lower() == "last"
            else digits[1] + digits[0] + digits[2:]
        )
        forms.append(NumberForm(Fraction(int(value)), match.group(0), match.start()))
    for match in _DIGITS_APPENDED.finditer(text):
        number = int(match["n1"] or match["n2"] or match["n3"])
        if digit := match["digit1"] or match["digit2"] or match["digit3"]:
            value = number * 10 + (0 if digit.lower() == "nought" else _digit(digit))
        else:
            value = number * 10 ** _digit(match["zeros1"] or match["zeros2"])
        forms.append(NumberForm(Fraction(value), match.group(0), match.start()))
    if _REVERSED.search(text):
        # digits read the other way: "write 061 backwards", "from right to left, the digits are 0, 6 and 1"
        written = [
            NumberForm(Fraction(0), m.group(0), m.start()) for m in re.finditer(r"(?<![\d.,])\d{2,}(?![\d.,]\d)", text)
        ]
        for form in [*forms, *written]:
            digits = "".join(str(_digit(d)) for d in re.findall(rf"\d|\b(?:{_DIGIT_WORD})\b", form.text, re.IGNORECASE))
            if len(digits) >= 2:
                forms.append(NumberForm(Fraction(int(digits[::-1])), form.text, form.start))
    return forms


# a number with a digit or zeros put on its end: "take 16 and put a zero on the end", "take 69 and put a four on the
# end of it", "add two zeros after 16"
_PUT_ON = r"(?:put|puts|putting|add|adds|adding|stick|tack|append|write|place|attach)\s+"
_WHAT_IS_PUT = (
    rf"(?:(?:an?|one)\s+(?P<digit{{i}}>\d|{_DIGIT_WORD}|nought)|(?P<zeros{{i}}>\d|{_DIGIT_WORD})\s+(?:zeroe?s|noughts))"
)
_ON_ITS_END = r"\s+(?:on|at|to|after|onto|behind)\b"
_DIGITS_APPENDED = re.compile(
    rf"(?<![\d.,])(?P<n1>\d+)\b[^.?!\d]{{0,20}}?\b{_PUT_ON}{_WHAT_IS_PUT.format(i=1)}{_ON_ITS_END}"
    rf"|{_PUT_ON}{_WHAT_IS_PUT.format(i=2)}{_ON_ITS_END}\s+(?:the\s+end\s+of\s+)?(?P<n2>\d+)\b"
    rf"|(?<![\d.,])(?P<n3>\d+)\s*,?\s*(?:and\s+)?(?:then\s+)?followed\s+by\s+(?:an?\s+)?(?P<digit3>\d|{_DIGIT_WORD}|nought)\b"
    r"(?![\d.,]?\d)",
    re.IGNORECASE,
)
# a digit taken off a number: "take 1607 and drop its last digit", "remove the first digit of 2160"
_TAKE_OFF = r"(?:drop|remove|delete|take\s+off|cross\s+out|chop\s+off|lose|rub\s+out)\w*"
_DIGIT_DROPPED = re.compile(
    rf"(?<![\d.,])(?P<n>\d{{2,}})\b[^.?!\d]{{0,25}}?\b{_TAKE_OFF}\s+(?:its|the|that)\s+(?P<which>last|first|final)\s+digit\b"
    rf"|\b{_TAKE_OFF}\s+(?:the|that|its)\s+(?P<digit>\d|{_DIGIT_WORD})\s+(?:from|at|off)\s+(?:the\s+)?"
    rf"(?P<where>end|back|start|front|beginning)\s+of\s+(?P<n2>\d{{2,}})\b",
    re.IGNORECASE,
)
# two digits swapped: "swap the last two digits of 106"
_DIGITS_SWAPPED = re.compile(
    r"\b(?:swap|switch|exchange|flip|trade)\w*\s+(?:the\s+)?(?P<which>last|first)\s+two\s+digits\s+(?:of|in)\s+"
    r"(?P<n>\d{3,}|\d{2})\b",
    re.IGNORECASE,
)
# digits read the other way round: a number written or read backwards, digits from right to left ("work backwards"
# reverses steps, not digits)
_BACKWARDS = r"(?:backwards?|in reverse|reversed|from right to left|right to left|the other way round)"
_REVERSED = re.compile(
    rf"\b(?:write|writes|written|writing|read|reads|reading|say|saying|spell|spelling|flip|flipped|turn|turned)\s+"
    rf"(?:\S+\s+){{0,3}}?{_BACKWARDS}|\b{_BACKWARDS}[^.!?]{{0,40}}\bdigits?\b|\bdigits?\b[^.!?]{{0,40}}{_BACKWARDS}",
    re.IGNORECASE,
)


# --- number words misspelt or spelt letter by letter, numbers in another base --------------------------------------

# the number words long enough that one slip leaves them recognisable ("four", "five", "nine" and "zero" are one
# slip from "your", "fine", "none", "hero": no)
_LONG_NUMBER_WORDS = sorted(word for word in ENGLISH_NUMBER_WORDS if len(word) >= 5)


@cache
def _misspellings() -> dict[str, str]:
    """misspelt word -> the one number word it is a slip of ("ninty" -> "ninety", "eigth" -> "eight"), leaving out
    English words ("there", "weight": `english_words`), plurals ("sevens") and slips of two number words at once."""
    meant: dict[str, set[str]] = {}
    for number in _LONG_NUMBER_WORDS:
        for slip in one_slip(number):
            meant.setdefault(slip, set()).add(number)
    return {
        slip: numbers.pop()
        for slip, numbers in meant.items()
        if len(numbers) == 1 and len(slip) >= 5 and slip not in ENGLISH_NUMBER_WORDS
        and slip not in english_words() and not slip.endswith("s")
    }  # fmt: skip


def misspelt_numbers(text: str) -> list[NumberForm]:
    """English number words with a slip ("ninty-eigth" is 98, "fourty" 40): each word that is no English word and is
    one slip from exactly one number word of five letters or more is read as that word."""
    misspellings = _misspellings()
    corrected, fixed = "", []  # the text with each slip corrected; where each correction is in it
    old_at = [0]  # old_at[i]: where the corrected text's position i is in `text`
    for index, piece in enumerate(re.split(r"([A-Za-z]+)", text)):
        meant = misspellings.get(piece.lower()) if index % 2 else None
        written = piece if meant is None else meant
        if meant is not None:
            fixed.append(len(corrected))
        start = old_at[-1]
        old_at[-1:] = [start + min(i, len(piece)) for i in range(len(written))] + [start + len(piece)]
        corrected += written
    return [
        NumberForm(mention.value, text[old_at[mention.start] : old_at[mention.end]], old_at[mention.start])
        for mention in (find_numbers(corrected) if fixed else [])
        if any(mention.start <= at < mention.end for at in fixed)
    ]


# a number spelt letter by letter, whatever parts the letters ("T-E-N", "t.e.n", "T E N", "S_E_V_E_N", "N-I-N-E-T-Y
# E-I-G-H-T"), its words apart (a wider space, a slash) or run together ("F I F T Y F I V E": round 47)
_SPELT = re.compile(r"(?<![\w.-])[A-Za-z](?:(?:[-._]|\s{1,2}|\s*/\s*)[A-Za-z]){2,}(?![\w-])")
_SPELT_WORD_BREAK = re.compile(r"\s*/\s*|\s{2,}|(?<=[A-Za-z])\s+(?=[A-Za-z](?:[-._][A-Za-z]))")
_RUN_OF_NUMBER_WORDS = re.compile(rf"(?:{NUMBER_WORD_PATTERN})+", re.IGNORECASE)
# Letters said in the spelling alphabet, three or more in a row ("Tango Echo November" is T-E-N; adversary round 73: a
# public table of letters spells as the letters do); a break between words as in `_SPELT_WORD_BREAK`
_CODE_WORDS = (r"alfa|alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett?|kilo|lima|mike|november|oscar"
               r"|papa|quebec|romeo|sierra|tango|uniform|victor|whiske?y|x-?ray|yankee|zulu")  # fmt: skip
_SPELLING_ALPHABET = re.compile(
    rf"(?<![\w-])(?:{_CODE_WORDS})(?:(?:[\s,-]+|\s*/\s*)(?:{_CODE_WORDS})){{2,}}(?![\w-])", re.IGNORECASE
)


def spelt_numbers(text: str) -> list[NumberForm]:
    """A number whose words are spelt letter by letter ("T-E-N" is 10, "N-I-N-E-T-Y E-I-G-H-T" 98, "F I F T Y / F I
    V E" 55), in letters or in the spelling alphabet ("Tango Echo November"): the letters joined, each word of them
    read as number words run together ("fiftyfive")."""
    forms = []
    for match in _SPELT.finditer(text):
        letters = [re.sub(r"[^A-Za-z]", "", word) for word in _SPELT_WORD_BREAK.split(match.group(0))]
        if all(len(word) == 1 for word in letters):
            letters = ["".join(letters)]  # the break parts the letters themselves: "T / E / N"
        if (value := _spelt_value(letters)) is not None:
            forms.append(NumberForm(value, match.group(0), match.start()))
    for match in _SPELLING_ALPHABET.finditer(text):
        letters = ["".join(code[0] for code in re.findall(_CODE_WORDS, word, re.IGNORECASE))
                   for word in re.split(r"\s*/\s*", match.group(0))]  # fmt: skip
        if (value := _spelt_value(letters)) is not None:
            forms.append(NumberForm(value, match.group(0), match.start()))
    return forms


def _spelt_value(letters: list[str]) -> Fraction | None:
    """The number that words of letters spell, each word number words run together, else None ("a b c")."""
    if not all(_RUN_OF_NUMBER_WORDS.fullmatch(word) for word in letters):
        return None
    return parse_number(" ".join(re.findall(NUMBER_WORD_PATTERN, " ".join(letters), re.IGNORECASE)))


def _run_of_number_words(word: str) -> Fraction | None:
    """The value of number words run together in one word ("fourteen", "ninetyeight"), else None."""
    if not _RUN_OF_NUMBER_WORDS.fullmatch(word):
        return None
    return parse_number(" ".join(re.findall(NUMBER_WORD_PATTERN, word, re.IGNORECASE)))


# the text says a word is to be read the other way round
_SAYS_BACKWARDS = re.compile(r"\bbackwards?\b|\breversed?\b|\bright\s+to\s+left\b|\bmirror", re.IGNORECASE)
# ... or with its letters in another order (adversary round 67: "unscramble 'ent'" is ten)
_SAYS_SCRAMBLED = re.compile(
    r"\b(?:un-?scrambl\w*|anagrams?|scrambled|jumbled|rearrange\w*\s+(?:the\s+)?letters|letters\s+(?:are\s+)?"
    r"(?:mixed|jumbled|scrambled|shuffled))\b",
    re.IGNORECASE,
)


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _in_words(number: int) -> str:
    """A number below a thousand in words, run together ("onehundredtwelve")."""
    hundreds, rest = divmod(number, 100)
    head = f"{_ONES[hundreds]}hundred" if hundreds else ""
    if rest == 0:
        return head or "zero"
    tail = _ONES[rest] if rest < 20 else _TENS_WORDS[rest // 10 - 2] + (_ONES[rest % 10] if rest % 10 else "")
    return head + tail


@cache
def _number_words_by_letters() -> dict[str, Fraction]:
    """The numbers below a thousand by the sorted letters of their words ("ent": 10)."""
    by_letters: dict[str, Fraction] = {}
    for number in range(1000):
        by_letters.setdefault("".join(sorted(_in_words(number))), Fraction(number))
    return by_letters


def hidden_number_words(text: str) -> list[NumberForm]:
    """Number words in the word games that hide them (round 56): written backwards where the text says so ("'neetruof'
    read backwards" is 14; a word of English, "net", stays itself), or in Pig Latin, the first consonants moved to the
    end before "ay" ("ourteenfay" 14; "eightway", a word that starts with a vowel, 8), or with their letters in another
    order where the text says they are scrambled ("unscramble 'ent'", 10; round 67)."""
    forms = []
    backwards = bool(_SAYS_BACKWARDS.search(text))
    scrambled = bool(_SAYS_SCRAMBLED.search(text))
    for match in re.finditer(r"[A-Za-z]{3,}", text):
        word = match.group(0).lower()
        if _run_of_number_words(word) is not None:
            continue
        if scrambled and (value := _number_words_by_letters().get("".join(sorted(word)))) is not None:
            forms.append(NumberForm(value, match.group(0), match.start()))  # "unscramble 'net'": an English word too
            continue
        if word in english_words():
            continue
        ways = [word[::-1]] if backwards else []
        if word.endswith("ay") and len(word) >= 5:
            stem = word[:-2]
            ways += [stem[-k:] + stem[:-k] for k in (1, 2, 3)] + ([stem[:-1]] if stem[-1] in "wyh" else [])
        value = next((value for way in ways if (value := _run_of_number_words(way)) is not None), None)
        if value is not None:
            forms.append(NumberForm(value, match.group(0), match.start()))
    return forms


_BASES = {"binary": 2, "octal": 8, "hex": 16, "hexadecimal": 16}
_BASE_NAME = r"(?:binary|octal|hex(?:adecimal)?|base[\s-]?(?P<base>\d{1,2}))"
_BASE_DIGITS = r"(?=[0-9A-Fa-f]*\d)[0-9A-Fa-f]+"  # with a decimal digit: "face" is a word
_IN_BASE = re.compile(
    rf"\b(?:0(?P<prefix>[xXbBoO])(?P<prefixed>[0-9A-Fa-f]+)"
    rf"|(?P<digits>{_BASE_DIGITS})\s*(?:\(\s*|,\s*|(?:in|as|written in)\s+)?(?P<after>{_BASE_NAME})"
    rf"|(?P<before>{_BASE_NAME.replace('base>', 'base2>')})(?:\s+(?:number|numeral|digits))?\s*:?\s+"
    rf"(?P<digits2>{_BASE_DIGITS}))\b",
    re.IGNORECASE,
)


def other_bases(text: str) -> list[NumberForm]:
    """A number written in another base that the text names: "0x62", "0b1100010", "1100010 in binary", "62 in
    hexadecimal", "142 (base 8)", "binary 1100010" (all 98). Digits with no base named are decimal."""
    forms = []
    for match in _IN_BASE.finditer(text):
        if match["prefix"]:
            base, digits = {"x": 16, "b": 2, "o": 8}[match["prefix"].lower()], match["prefixed"]
        else:
            named = (match["after"] or match["before"]).lower()
            number = match["base"] or match["base2"]
            base = int(number) if number else _BASES[named]
            digits = match["digits"] or match["digits2"]
        if not 2 <= base <= 36 or base == 10:
            continue
        try:
            value = int(digits, base)
        except ValueError:
            continue  # "98 in binary": digits the base has not, a conversion asked for, not a number written in it
        forms.append(NumberForm(Fraction(value), match.group(0), match.start()))
    return forms


# tally marks, where the text says so: "In tally marks, |||| ||" (7); "卌" and "𝍸" are five
_TALLY = re.compile(r"(?:[|丨ǀ𝍷𝍸卌/\\]+\s?)+")
_DICE = re.compile("[⚀-⚅]+")
# what `counted_forms` counts whatever the text names: a die's face, a tally's mark of five
COUNTED_MARKS = re.compile("[⚀-⚅𝍸卌]")
# a mark said three times or more in a row counts itself, whatever the mark ("● ● ● ●", "🍎🍎🍎", "||||", "✔️✔️✔️":
# adversary round 66); a mark is a symbol (Unicode's "So") or a bar, with its emoji presentation or skin tone, never a
# letter, digit or punctuation ("...", "!!!", "***" count nothing). No real tutor turn of the bundled data holds one.
_MARK_RUN = re.compile(r"(?P<mark>[^\w\s][\ufe0f\U0001F3FB-\U0001F3FF]?)(?:[ \t\n,]*(?P=mark)){2,}")
_MORSE_DIGITS = {".----": 1, "..---": 2, "...--": 3, "....-": 4, ".....": 5, "-....": 6, "--...": 7, "---..": 8,
                 "----.": 9, "-----": 0}  # fmt: skip
_MORSE = re.compile(r"(?<![\w.-])[.-]{5}(?:\s+[.-]{5})*(?![\w-])")
# "four score and seven" (87), "eight score" (160): a score is twenty
_SCORE = re.compile(rf"\b(?P<scores>{NUMBER_WORD_PATTERN})\s+score(?:\s+and\s+(?P<more>{NUMBER_WORD_PATTERN}))?\b",
                    re.IGNORECASE)  # fmt: skip


def counted_forms(text: str) -> list[NumberForm]:
    """A number counted out: in tally marks or Morse code where the text names them ("tally marks: ||||", "in Morse,
    .---- -----", 10) or a mark of five says so ("卌 卌 ||||", 14), in scores ("four score and seven", 87), in dice
    faces by their pips ("⚅⚃", 10; round 56), or in a run of one mark ("● ● ● ●", 4: `marked_runs`)."""
    forms = [NumberForm(Fraction(sum(ord(face) - ord("⚀") + 1 for face in match.group(0))), match.group(0),
                        match.start()) for match in _DICE.finditer(text)]  # fmt: skip
    tallied = bool(re.search(r"\btall(?:y|ies)\b", text, re.IGNORECASE) or re.search("[𝍸卌]", text))
    if tallied:
        for match in _TALLY.finditer(text):
            marks = match.group(0)
            # a gate stroke across four marks is the fifth ("||||/"); "卌" and "𝍸" are five at once
            count = sum(1 for mark in marks if mark in "|丨ǀ𝍷/\\") + 5 * sum(1 for mark in marks if mark in "𝍸卌")
            if count >= 2:
                forms.append(NumberForm(Fraction(count), marks.strip(), match.start()))
    # a tally's marks are read above, with its gate strokes ("||||/" is 5)
    forms += [NumberForm(Fraction(count), marks, start) for count, marks, start in marked_runs(text)
              if not (tallied and marks[0] in "|𝍷")]  # fmt: skip
    if re.search(r"\bmorse\b", text, re.IGNORECASE):
        for match in _MORSE.finditer(text):
            digits = [_MORSE_DIGITS.get(code) for code in match.group(0).split()]
            if None not in digits:
                forms.append(NumberForm(Fraction(int("".join(map(str, digits)))), match.group(0), match.start()))
    for match in _SCORE.finditer(text):
        scores, more = parse_number(match["scores"]), parse_number(match["more"] or "zero")
        if scores is not None and more is not None:
            forms.append(NumberForm(scores * 20 + more, match.group(0), match.start()))
    return forms


def marked_runs(text: str) -> list[tuple[int, str, int]]:
    """(count, text, start) of each run of one mark said three times or more (`_MARK_RUN`): "● ● ● ●" is 4. Dice faces
    count their pips (`counted_forms`), not themselves."""
    runs = []
    for match in _MARK_RUN.finditer(text):
        mark = match["mark"]
        if mark[0] != "|" and (unicodedata.category(mark[0]) != "So" or COUNTED_MARKS.match(mark)):
            continue
        if mark == "|" and (re.search(r"\s\s|\n|,", match.group(0))
                            or re.match(r"\s?[/\\]", text[match.end() :])):  # fmt: skip
            continue  # a table's empty cells ("|   |   |"), or a tally's gate stroke ("||||/"), read with its tally
        runs.append((match.group(0).count(mark), match.group(0), match.start()))
    return runs


# an ordinal, in words or digits ("the ninety-eighth", "the 98th", "the one hundred and sixtieth")
_ORDINAL_WORDS = {"first": "one", "second": "two", "third": "three", "fifth": "five", "eighth": "eight",
                  "ninth": "nine", "twelfth": "twelve"}  # fmt: skip
_ORDINAL_WORD = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth"
                 r"|\w+tieth|hundredth|thousandth|millionth)")  # fmt: skip
_ORDINAL = re.compile(
    rf"\b(?P<the>the\s+)?(?P<ordinal>(?:(?:{NUMBER_WORD_PATTERN})(?:[\s-]+|\s+and\s+))*{_ORDINAL_WORD}"
    r"|\d[\d,]*(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)
# a fraction, not a place: "a third of the cake", "two fifths", "one tenth"
_FRACTION_BEFORE = re.compile(rf"\b(?:an?|{NUMBER_WORD_PATTERN}|\d+)[\s-]+$", re.IGNORECASE)
# the last of a count named by its place, a few words before it in its clause: what the last (final) one is, is
# called or stands, or where counting stops or ends ("the last one would be the ninety-eighth", "the final ticket
# handed out is the seventy-fifth", "the final one stands seventy-fifth", "you'd stop at the 694th"); not "the 6th
# free haircut ... stopped at the 5 free ones", whose cue comes after it in another clause
_LAST_OF_A_COUNT = re.compile(
    r"\b(?:(?:last|final)\s+(?:one|of\s+(?:the|them|these|those)\b(?:\s+\w+)?|\w+)(?:\s+in\s+(?:the\s+)?line)?"
    r"(?:\s+(?!(?:and|but|or|then|so)\b)[a-z]+){0,3}"
    r"|(?:stop|stops|stopped|end|ends|ended|finish|finishes|finished|land|lands|landed)(?:\s+up)?)"
    r"\W+(?:(?:is|was|would be|will be|gets|got|get|at|on|just)\W+)*$",
    re.IGNORECASE,
)
# ... or said of it just after, in its clause: "The thirty-second of them is the last one there is."
_IS_THE_LAST = re.compile(
    r"(?:\s+(?:of|in)\s+(?:them|the\s+\w+|line|the\s+line))?\s+(?:is|was|would be|will be)\s+the\s+(?:very\s+)?"
    r"(?:last|final)\b",
    re.IGNORECASE,
)


# ... or anywhere in its clause, where the clause marks the end of a sequence (round 46: "whoever takes the tenth
# seat is the last to sit down", "the ninetieth one closes the list", "nobody comes after the tenth one", "your tally
# tops out at the 90th")
_ENDS_A_SEQUENCE = re.compile(
    r"\b(?:last|final|finish(?:es|ed)?|closes|closed|ends|ended|runs? out|tops? out|(?:comes?|is|stands?|goes?) after"
    r"|at the (?:very )?(?:back|end)|use[sd]? up|stops|stopped)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-\u2013\u2014]\s|\b(?:but|and|so|because|since|while)\b", re.IGNORECASE)
# a place among the lines, steps or sentences of the work, not a count of the problem's things: "the last line you
# wrote, the 4th", "the final sentence of the problem, the third one", "the 2nd step"
PLACE_OF_THE_WORK = re.compile(
    r"\b(?:your|last|final|first|next|this|that|same|top|bottom)\s+(?:\w+\s+)?lines?\b|\blines? (?:of (?:your )?working"
    r"|you wrote)\b|\b(?:sentence|step|paragraph|page|word|digit|attempt|try)s?\b",
    re.IGNORECASE,
)


def _ordinal_value(ordinal: str) -> Fraction | None:
    if ordinal[0].isdigit():
        return parse_number(ordinal[:-2])
    words = re.split(r"([\s-]+)", ordinal.lower())
    last = words[-1]
    if last in _ORDINAL_WORDS:
        words[-1] = _ORDINAL_WORDS[last]
    elif last.endswith("ieth"):
        words[-1] = last[:-4] + "y"
    elif last.endswith("th"):
        words[-1] = last[:-2]
    return parse_number("".join(words))


def last_places(text: str) -> list[NumberForm]:
    """The size of a count said as the place of its last one, named as the last one or where counting stops ("Counting
    them one at a time, the last one would be the ninety-eighth." is 98), or in a sentence that marks the end of a
    sequence ("The ninetieth one closes the list."); an ordinal alone counts nothing, nor one in a sentence about the
    lines, steps or sentences of the work ("Look at your last line, the 4th.")."""
    forms = []
    for match in _ORDINAL.finditer(text):
        bare = not match["the"]
        if bare and (re.fullmatch(r"second|\d.*|.*\s.*", match["ordinal"], re.IGNORECASE)
                     or _FRACTION_BEFORE.search(text[: match.start()])):  # fmt: skip
            continue  # without "the": "second" of time, a place in digits, or a fraction ("a third", "one fifth")
        before = text[max(0, match.start() - 60) : match.start()]
        starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, match.start())]
        ends = [m.start() for m in _CLAUSE_BREAK.finditer(text, match.end())]
        clause = text[starts[-1] if starts else 0 : ends[0] if ends else len(text)]
        if not (_LAST_OF_A_COUNT.search(before) or _IS_THE_LAST.match(text, match.end())
                or _ENDS_A_SEQUENCE.search(clause)) or PLACE_OF_THE_WORK.search(text):  # fmt: skip
            continue
        if (value := _ordinal_value(match["ordinal"])) is not None and value > 1:
            forms.append(NumberForm(value, match["ordinal"], match.start("ordinal")))
    return forms


# a number in e-notation: "6.94e2" (694), "1.2E+3"
_E_NOTATION = re.compile(r"(?<![\w.])(?P<mantissa>\d+(?:\.\d+)?)[eE](?P<exponent>[+-]?\d{1,2})(?!\w|\.\d)")


def e_notation(text: str) -> list[NumberForm]:
    """Numbers written in e-notation ("6.94e2" is 694)."""
    return [
        NumberForm(Fraction(match["mantissa"]) * Fraction(10) ** int(match["exponent"]), match.group(0), match.start())
        for match in _E_NOTATION.finditer(text)
    ]


# digits grouped in threes the ways other than English's comma: a dot ("1.500", German), a space, a no-break or thin
# space ("1 500", SI and French) or an apostrophe ("1'500", Swiss); the whole number each is read as beside its
# English reading (the leakage check asks whether either is the answer: "1.500" is 1.5 too). A group that goes on with
# a hyphen is a count of things of some size ("2 300-page books"), no number of its own; one that starts with 0 is a
# decimal ("0.333").
_GROUPED = re.compile(
    r"(?<![\d.,'’])(?P<number>[1-9]\d{0,2}(?P<mark>[. \u00a0\u2009\u202f'’])\d{3}(?:(?P=mark)\d{3})*)(?![\d.,'’-]?\d|-)"
)


def grouped_numbers(text: str) -> list[NumberForm]:
    """Whole numbers whose digits are grouped in threes by a dot, a space or an apostrophe ("1.500", "1 500",
    "1'500" are 1,500)."""
    return [
        NumberForm(Fraction(re.sub(r"\D", "", match["number"])), match["number"], match.start())
        for match in _GROUPED.finditer(text)
    ]


# --- quantities with units -------------------------------------------------------------------------------------

# unit word -> (kind, size in the kind's smallest unit)
_UNIT_SIZES: dict[str, tuple[str, Fraction]] = {}
for _kind, _units in {
    "time": {("second", "seconds", "sec", "secs"): 1, ("minute", "minutes", "min", "mins"): 60,
             ("hour", "hours", "hr", "hrs"): 3600, ("day", "days"): 86400, ("week", "weeks"): 604800},
    "money": {("cent", "cents", "penny", "pennies", "¢"): 1, ("nickel", "nickels"): 5, ("dime", "dimes"): 10,
              ("dollar", "dollars", "$", "bucks"): 100},
    "length": {("millimeter", "millimeters", "millimetre", "millimetres", "mm"): 1,
               ("centimeter", "centimeters", "centimetre", "centimetres", "cm"): 10,
               ("meter", "meters", "metre", "metres"): 1000, ("kilometer", "kilometers", "km"): 1_000_000,
               ("inch", "inches"): Fraction("25.4"), ("foot", "feet", "ft"): Fraction("304.8"),
               ("yard", "yards", "yd"): Fraction("914.4"), ("mile", "miles"): Fraction("1609344")},
    "mass": {("milligram", "milligrams", "mg"): Fraction(1, 1000), ("gram", "grams", "g"): 1,
             ("kilogram", "kilograms", "kg", "kilo", "kilos"): 1000,
             ("pound", "pounds", "lb", "lbs"): Fraction("453.59237"),
             ("ounce", "ounces", "oz"): Fraction("28.349523125")},
    "volume": {("milliliter", "milliliters", "millilitre", "millilitres", "ml"): 1,
               ("liter", "liters", "litre", "litres"): 1000, ("gallon", "gallons"): Fraction("3785.411784"),
               ("quart", "quarts"): Fraction("946.352946")},
    "count": {("dozen", "dozens"): 12, ("pair", "pairs"): 2, ("half", "halves"): Fraction(1, 2),
              ("third", "thirds"): Fraction(1, 3), ("fourth", "fourths", "quarter", "quarters"): Fraction(1, 4),
              ("fifth", "fifths"): Fraction(1, 5), ("tenth", "tenths"): Fraction(1, 10),
              ("hundredth", "hundredths"): Fraction(1, 100), ("thousandth", "thousandths"): Fraction(1, 1000),
              # the groups of a fixed size (`GROUP_SIZES`): "4 quartets", "3 half-dozens" (adversary round 65)
              **{(noun, f"{noun}s"): size for noun, size in GROUP_SIZES.items()
                 if noun not in ("dozen", "score", "gross")}},
}.items():  # fmt: skip
    for _names, _size in _units.items():
        for _name in _names:
            _UNIT_SIZES[_name] = (_kind, Fraction(_size))


def unit_sizes() -> dict[str, tuple[str, Fraction]]:
    """Every unit word this module reads: its kind and its size in the kind's smallest unit."""
    return _UNIT_SIZES


_UNIT_WORD = "|".join(sorted((re.escape(name) for name in _UNIT_SIZES if name != "$"), key=len, reverse=True))
UNIT_WORD_PATTERN = f"(?:{_UNIT_WORD})"  # one unit word of the table, longest first
_AFTER_NUMBER = re.compile(rf"\s*(?:-\s*)?({_UNIT_WORD})\b", re.IGNORECASE)
_A_DOZEN = re.compile(r"\b(a|half a)\s+dozen\b", re.IGNORECASE)
_UNIT_MENTION = re.compile(rf"(?<![\w$])(?:{_UNIT_WORD})\b|\$", re.IGNORECASE)


@dataclass(frozen=True)
class UnitQuantity:
    value: Fraction
    unit: str
    text: str
    start: int


def unit_quantities(text: str) -> list[UnitQuantity]:
    """Every number written with a unit ("90 minutes", "$1.50", "two dozen", "1.5 kg")."""
    quantities = [
        UnitQuantity(Fraction(6 if match.group(1).lower().startswith("half") else 1), "dozen", match.group(0),
                     match.start())
        for match in _A_DOZEN.finditer(text)
    ]  # fmt: skip
    for mention in find_numbers(text):
        if mention.text.lstrip("-").startswith("$"):
            quantities.append(UnitQuantity(mention.value, "dollar", mention.text, mention.start))
            continue
        match = _AFTER_NUMBER.match(text, mention.end)
        if match:
            unit = match.group(1).lower()
            quantities.append(UnitQuantity(mention.value, unit, text[mention.start : match.end()], mention.start))
    return quantities


# the unit a sentence says it works in, apart from its numbers: "work it out in cents", "in minutes, that is ...",
# "converted to seconds" (not "in 5 minutes", "in an hour": a number or an article between)
_WORKED_IN = re.compile(rf"\b(?:in|into|to)\s+({_UNIT_WORD})\b", re.IGNORECASE)


def quantities_in_a_named_unit(text: str) -> list[UnitQuantity]:
    """The bare numbers of a sentence that names one unit it works in, each read in that unit ("If you work it out in
    cents, everything together should come to 69,400.": 69,400 cents; adversary round 40). A number with a unit or
    currency of its own, or a percentage, keeps its own."""
    units = {match.group(1).lower() for match in _WORKED_IN.finditer(text)}
    if len(units) != 1:
        return []
    [unit] = units
    return [
        UnitQuantity(mention.value, unit, mention.text, mention.start)
        for mention in find_numbers(text)
        if not mention.text.lstrip("-").startswith(("$", "\u20ac", "\u00a3")) and not mention.text.endswith("%")
        and not _AFTER_NUMBER.match(text, mention.end)
    ]  # fmt: skip


def unit_after(text: str, end: int) -> str | None:
    """The unit word right after a number that ends at `end` ("one hour", "2 dollars"), or None."""
    match = _AFTER_NUMBER.match(text, end)
    return match.group(1).lower() if match else None


def in_operands_unit(result: Fraction, operands: str, result_unit: str | None) -> Fraction:
    """A result said in another unit of the one kind its operands are all in, as a number of the operands' unit: "40
    minutes plus 20 minutes makes one hour" says 60 (minutes), "four discounts of 50 cents make two dollars" 200
    (cents). Else the result as said."""
    sizes = _unit_sizes_of(operands)
    if len(sizes) != 1 or (result_unit is None and next(iter(sizes))[0] != "count"):
        return result
    [(kind, size)] = sizes
    # a count in dozens or pairs whose result names no unit may say the things themselves: "2 dozen cupcakes plus 1
    # dozen donuts is 36 pastries" (probe 53b)
    result_kind, result_size = _UNIT_SIZES.get(result_unit or "", ("count", Fraction(1)))
    return result * result_size / size if kind == result_kind and size != result_size else result


# a number with a unit symbol of the metric system or of data, its prefix apart: "1 GB", "500 MB", "1 km", "500 m",
# "1 kWh", "500 Wh", "2 Mbps" (lower-cased: "gb" and "GB" are written alike)
_PREFIXED_UNIT = re.compile(r"(?<![\w.])\d[\d,.]*\s?(?P<prefix>[kmgtpcdµμ]?)(?P<base>bps|wh|hz|pa|b|m|g|w|j|l|v)\b",
                            re.IGNORECASE)  # fmt: skip


def in_two_units_of_a_kind(operands: str) -> bool:
    """Are the operands quantities in two units of one kind ("2 hours plus 30 minutes"), or in one unit symbol with
    two prefixes ("1 GB plus 500 MB", "1 km plus 500 m": whether a GB is 1,000 MB or 1,024, the claim's words do not
    say)? Their bare numbers then add up to nothing the claim says."""
    sizes = _unit_sizes_of(operands)
    prefixes: dict[str, set[str]] = {}
    for match in _PREFIXED_UNIT.finditer(operands):
        prefixes.setdefault(match["base"].lower(), set()).add(match["prefix"].lower())
    return len(sizes) > len({kind for kind, _ in sizes}) or any(len(found) > 1 for found in prefixes.values())


# the one sign or word that joins two quantities into a sum or a difference: "2 hours plus 30 minutes", "2 hours and 30
# minutes", "30 minutes added to 2 hours", "2 hours less 30 minutes"
_JOINS_TWO = re.compile(
    r"\s*(?:(?P<plus>\+|plus|and|added\s+to)|(?P<minus>-|\u2212|minus|less|take\s+away))\s*$", re.IGNORECASE
)


def count_unit_size(unit: str | None) -> Fraction | None:
    """How many things a unit of counting holds ("dozen" 12, "pair" 2, "half" 1/2), 1 for no unit (the things
    themselves), None for a unit of another kind ("minutes")."""
    kind, size = _UNIT_SIZES.get(unit or "", ("count", Fraction(1)))
    return size if kind == "count" else None


def count_and_ones(operands: str) -> Fraction | None:
    """A count in dozens, pairs or parts and a bare number added or taken away, the bare number a count of the
    things themselves: "1 dozen plus 6" is 18, "2 pairs minus 1" 3 (probe 53b: "1 dozen plus 6 is 18 donuts" is
    true). None unless the operands are just the two joined by one sign or word of adding or taking away."""
    quantities = unit_quantities(operands)
    numbers = find_numbers(operands)
    if len(quantities) != 1 or len(numbers) != 2 or (in_ones := count_value(quantities[0])) is None:
        return None
    [counted] = quantities
    counted_end = counted.start + len(counted.text)
    bare = next((mention for mention in numbers if not counted.start <= mention.start < counted_end), None)
    if bare is None:
        return None
    between = operands[counted_end : bare.start] if bare.start >= counted_end else operands[bare.end : counted.start]
    joined = _JOINS_TWO.match(between)
    if joined is None:
        return None
    if joined["plus"]:
        return in_ones + bare.value
    return in_ones - bare.value if bare.start > counted.start else bare.value - in_ones


def sum_across_units(operands: str, result_unit: str | None) -> Fraction | None:
    """Two quantities in two units of one kind added or taken away, as a number of the result's unit, or of the smaller
    of theirs where the result names none: "2 hours plus 30 minutes is" 150 (minutes), "... is 2.5 hours" 2.5. None
    unless the operands are just the two quantities joined by one sign or word of adding or taking away."""
    quantities = unit_quantities(operands)
    if len(quantities) != 2 or len(find_numbers(operands)) != 2:
        return None
    first, second = quantities
    joined = _JOINS_TWO.match(operands[first.start + len(first.text) : second.start])
    (kind, first_size), (other_kind, second_size) = _UNIT_SIZES[first.unit], _UNIT_SIZES[second.unit]
    if joined is None or kind != other_kind or first_size == second_size:
        return None
    result_kind, result_size = _UNIT_SIZES.get(result_unit or "", ("", Fraction(1)))
    size = result_size if result_kind == kind else min(first_size, second_size)
    first_value, second_value = first.value * first_size / size, second.value * second_size / size
    return first_value + second_value if joined["plus"] else first_value - second_value


def _unit_sizes_of(text: str) -> set[tuple[str, Fraction]]:
    """The (kind, size) of each unit the text's quantities are in: "minute" and "minutes" are one."""
    return {_UNIT_SIZES[quantity.unit] for quantity in unit_quantities(text)}


def units_named(text: str) -> set[str]:
    """The units a text names (with or without a number), as unit words."""
    return {("dollar" if match.group(0) == "$" else match.group(0).lower()) for match in _UNIT_MENTION.finditer(text)}


def in_unit(quantity: UnitQuantity, unit: str) -> Fraction | None:
    """The quantity in `unit`, when both are units of one kind (time, money, length, mass, volume), else None."""
    kind, size = _UNIT_SIZES[quantity.unit]
    other_kind, other_size = _UNIT_SIZES.get(unit, ("", Fraction(1)))
    return quantity.value * size / other_size if kind == other_kind else None


def count_value(quantity: UnitQuantity) -> Fraction | None:
    """A count in dozens, pairs or parts as a plain number ("two dozen" is 24, "300 pairs" is 600, "12 halves" is
    6), else None."""
    kind, size = _UNIT_SIZES[quantity.unit]
    return quantity.value * size if kind == "count" else None


# --- expressions -----------------------------------------------------------------------------------------------


def expressions(text: str) -> list[NumberForm]:
    """Arithmetic written without its result, in symbols ("4 x 5", "(3 + 2) * 4") or in words ("15 minus 5", "twice
    5", "half of 20", "a dozen minus two", "three squared plus one"): each with its exact value. A fraction written as
    one number ("3/4") is a number, not an expression."""
    return list(_expressions(text))


@lru_cache(maxsize=8192)
def _expressions(text: str) -> tuple[NumberForm, ...]:
    # the leakage check and the learnt judges' features read the same turn's expressions (six times a turn): once
    from trtutor.scorers.offline.arithmetic import (
        EXPRESSION,
        evaluate,
        has_operation,
        like_terms_as_numbers,
        spoken_chains,
        spoken_expressions,
    )

    said = spoken_expressions(text) + spoken_chains(text)
    found = [NumberForm(value, written, start) for value, written, start in said]
    numbers_only = like_terms_as_numbers(text)  # "40 minutes + 100 minutes": the same length, so offsets hold
    for match in EXPRESSION.finditer(numbers_only):
        expression = match.group(0).strip()
        if not has_operation(expression) or re.fullmatch(r"\d+\s*/\s*\d+", expression):
            continue
        after = numbers_only[match.end() :].lstrip()
        if after.startswith("="):
            continue  # a claim: the arithmetic check's, and its result is a number the leakage check reads
        value = evaluate(expression)
        if value is not None:
            found.append(NumberForm(value, text[match.start() : match.end()].strip(), match.start()))
    return tuple(found)


# numbers as people say them aloud, not as they write them (adversary round 37): hundreds said in pairs ("one-sixty"
# 160, "six ninety-four" 694, "one-oh-four" 104), thousands as "grand" ("25 grand"), a number just short of another
# ("one shy of ten" 9, "two shy of a hundred" 98, "a hundred less two" 98); scores are `counted_forms`'
_ONE_TO_NINETEEN = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
                    "|seventeen|eighteen|nineteen")  # fmt: skip
_TENS_WORD = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONE_TO_NINE = "one|two|three|four|five|six|seven|eight|nine"
_PAIR = (rf"(?:{_TENS_WORD})(?:[\s-](?:{_ONE_TO_NINE}))?|oh[\s-](?:{_ONE_TO_NINE})|ten|eleven|twelve|thirteen|fourteen"
         r"|fifteen|sixteen|seventeen|eighteen|nineteen")  # fmt: skip
_IN_PAIRS = re.compile(rf"\b(?P<hundreds>{_ONE_TO_NINETEEN})[\s-](?P<rest>{_PAIR})\b(?![\s-](?:hundred|thousand))",
                       re.IGNORECASE)  # fmt: skip
_GRAND = re.compile(rf"(?P<n>\d+(?:\.\d+)?|(?:{NUMBER_WORD_PATTERN})(?:[\s-]+(?:{NUMBER_WORD_PATTERN}))*)\s+grand\b",
                    re.IGNORECASE)  # fmt: skip
_SHORT_OF = re.compile(
    rf"\b(?P<by>a|one|two|three|four|five|\d)\s+(?:shy|short)\s+of\s+(?:a\s+)?(?P<n>\d+|(?:{NUMBER_WORD_PATTERN})"
    rf"(?:[\s-]+(?:{NUMBER_WORD_PATTERN}))*)\b"
    rf"|\b(?:a\s+)?(?P<n2>\d+|(?:{NUMBER_WORD_PATTERN})(?:[\s-]+(?:{NUMBER_WORD_PATTERN}))*)(?:\s+[a-z]+)?\s+less\s+"
    rf"(?P<by2>one|two|three|four|five|\d)\b(?!\s*(?:[a-z]+\s+)?than)"
    # the nearest whole number below or above, said by a word of a little ("just shy of 27", "a hair under 27", "a
    # touch above 25": adversary round 68)
    r"|\b(?:just|a\s+(?:hair|touch|whisker|tad|smidge|shade))\s+(?:(?P<below>shy\s+of|short\s+of|under|below)"
    rf"|(?P<above>over|above|past))\s+(?P<n3>\d+|(?:{NUMBER_WORD_PATTERN})(?:[\s-]+(?:{NUMBER_WORD_PATTERN}))*)\b",
    re.IGNORECASE,
)


def colloquial_numbers(text: str) -> list[NumberForm]:
    """Numbers said as people say them aloud: "one-sixty" (160), "six ninety-four" (694), "25 grand" (25,000), "one
    shy of ten" (9), "a hundred less two" (98); not a time of the clock ("two forty pm", "five thirty in the
    morning"), and a number begun in words and ended in digits ("one hundred and 4"). `leakage` reads them as forms of
    the answer."""
    forms = []
    for match in _IN_PAIRS.finditer(text):
        if re.match(r"\s*(?:a\.?m\b|p\.?m\b|o'clock|in the (?:morning|afternoon|evening))", text[match.end() :], re.I):
            continue
        hundreds = parse_number(match["hundreds"])
        rest = parse_number(re.sub(r"^oh[\s-]", "", match["rest"], flags=re.IGNORECASE))
        if hundreds is not None and rest is not None:
            forms.append(NumberForm(hundreds * 100 + rest, match.group(0), match.start()))
    for match in _GRAND.finditer(text):
        if (value := parse_number(match["n"])) is not None:
            forms.append(NumberForm(value * 1000, match.group(0), match.start()))
    for match in _SHORT_OF.finditer(text):
        if match["n3"]:  # the nearest whole number: one below or above
            if (near := parse_number(match["n3"])) is not None and near.denominator == 1:
                forms.append(NumberForm(near + (1 if match["above"] else -1), match.group(0), match.start()))
            continue
        by, whole = (match["by"] or match["by2"]), parse_number(match["n"] or match["n2"])
        less = Fraction(1) if by.lower() == "a" else parse_number(by)
        if whole is not None and less is not None:
            forms.append(NumberForm(whole - less, match.group(0), match.start()))
    for match in _MONEY_NOTE.finditer(text):
        forms.append(NumberForm(Fraction(_MONEY_NOTES[match["note"].lower()]), match.group(0), match.start()))
    for match in _RECURRING.finditer(text):
        if match["repeat"]:  # "9.(9)", "0.1(6)": the block in brackets recurs
            value = _recurring_value(match["whole"], match["fixed"], match["repeat"])
        elif match["dots"] and not re.search(r"(\d)\1$", match["decimals"]):
            continue  # "3.14..." goes on, it does not recur: a recurring digit is written twice or more before "..."
        else:  # the last digit recurs
            decimals = match["decimals"]
            value = _recurring_value(match["whole"], decimals.rstrip(decimals[-1]), decimals[-1])
        forms.append(NumberForm(value, match.group(0), match.start()))
    for match in _TENS_THEN_DIGIT.finditer(text):
        if (tens := parse_number(match["tens"])) is not None:
            forms.append(NumberForm(tens + int(match["unit"]), match.group(0), match.start()))
    for match in _WORDS_THEN_DIGITS.finditer(text):
        scale, rest = parse_number(match["scale"]), parse_number(match["rest"])
        if scale is not None and rest is not None and rest < NUMBER_SCALES[match["scale"].split()[-1].lower()]:
            forms.append(NumberForm(scale + rest, match.group(0), match.start()))
    return forms


# a note of money by its slang name (adversary round 69: "Is it a tenner?")
_MONEY_NOTES = {"fiver": 5, "tenner": 10}
_MONEY_NOTE = re.compile(r"\b(?:a|one)\s+(?P<note>fiver|tenner)\b", re.IGNORECASE)
# a recurring decimal, whatever marks its recurrence (rounds 69-70): its last digit with a word or a line ("9.9
# recurring" is 10, "0.3 repeating" 1/3, "0.3̅", "9.99 with the 9s going on forever", "9.999 to infinity"), the same
# digit written twice or more before dots ("25.999...", "9.99…"), or the block that recurs in brackets ("9.(9)")
_RECURRING = re.compile(
    r"(?<![\d.])(?P<whole>\d+)\.(?:(?P<fixed>\d*)\((?P<repeat>\d+)\)"
    r"|(?P<decimals>\d+)(?:\u0305|\s*(?:recurring|repeating|(?:with\s+the\s+\d'?s\s+)?(?:going\s+on\s+)?(?:forever"
    r"|to\s+infinity|without\s+end|endlessly)|and\s+so\s+on)\b|(?P<dots>\.\.\.|\u2026)))",
    re.IGNORECASE,
)


def _recurring_value(whole: str, fixed: str, repeat: str) -> Fraction:
    """The value of `whole`.`fixed` with the block `repeat` recurring after it ("25.(9)" is 25 + 9/9 = 26, "0.1(6)"
    is 1/10 + 6/90 = 1/6)."""
    place = 10 ** len(fixed)
    return int(whole) + Fraction(int(fixed or 0), place) + Fraction(int(repeat), (10 ** len(repeat) - 1) * place)


# a number begun in words and ended in digits: "one hundred and 4" (104), "two thousand 50", "twenty-6" (adversary
# round 42)
_TENS_THEN_DIGIT = re.compile(
    r"\b(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?P<unit>[1-9])(?![\d.,]?\d)", re.IGNORECASE
)
_WORDS_THEN_DIGITS = re.compile(
    rf"\b(?P<scale>(?:{NUMBER_WORD_PATTERN})(?:[\s-]+(?:{NUMBER_WORD_PATTERN}))*?\s+(?:hundred|thousand))\s+(?:and\s+)?"
    r"(?P<rest>\d{1,3})(?![\d.,]?\d)",
    re.IGNORECASE,
)
