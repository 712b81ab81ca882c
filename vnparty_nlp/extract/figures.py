"""Key figures of a paragraph: counts, percentages, rates, money, ratios and multiples.

``extract_figures(text)`` finds every quantity the text reports and says what is
counted (``unit``), of which kind, and with which qualifier ("hơn", "gần", "trên",
"từ ... trở lên"). The annotation convention it follows, and that the gold set in
``tests/data/figures_gold.jsonl`` was written by, is in ``docs/figures.md``.

Rules, not a model: Vietnamese reports write numbers in a small number of shapes
(1.857; 76,5%; 02; 14/18; "gấp 2 lần"; "3,5 tỷ đồng"; "7,2%/năm") and the hard
part is what *not* to take: years, periods, dates, durations and numbers inside
names ("Nghị quyết số 45", "thôn 3", "Chỉ thị 05-CT/TW", "lần thứ 2").

>>> [(f.value, f.unit, f.kind, f.qualifier) for f in extract_figures(
...     "Năm 2011, huyện kết nạp hơn 185 đảng viên mới; 26 TCCSĐ đạt trong sạch vững mạnh, chiếm 76,5%.")]
[(185.0, 'đảng viên mới', 'new_members', 'hơn'), (26.0, 'tccsđ', 'organisations_rated', ''), \
(76.5, '%', 'percent', '')]
>>> extract_figures("Nghị quyết số 45, nhiệm kỳ 2015-2020, thôn 3, ngày 12/3/2020")
[]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import Any

from vnparty_nlp._checks import check_str
from vnparty_nlp.extract._fold import Folded, fold

__all__ = ["KINDS", "Figure", "extract_figures"]

#: The closed list of figure kinds, in the order ``docs/figures.md`` explains them.
KINDS: tuple[str, ...] = (
    "party_members",  # counts of Party members ("1.857 đảng viên", "3.337 đồng chí")
    "new_members",  # members admitted ("kết nạp 185 đảng viên", "211 đảng viên mới")
    "party_cells",  # chi bộ
    "party_organisations",  # đảng bộ, tổ chức cơ sở đảng (TCCSĐ), "chi, đảng bộ"
    "organisations_rated",  # organisations graded ("26 TCCSĐ đạt trong sạch vững mạnh")
    "cadres",  # cán bộ, công chức
    "trainees",  # people trained (học viên, quần chúng ưu tú, "6 đồng chí học ...")
    "classes",  # lớp
    "villages",  # thôn, xóm, bon, buôn, bản, tổ dân phố, and xã when counted
    "households",  # hộ
    "percent",  # a share: "76,5%"
    "growth_rate",  # a growth or increase rate: "tăng 7,5%", "18,4%/năm"
    "money",  # đồng, with tỷ/triệu/nghìn kept in the unit
    "ratio",  # "14/18 xã": value 14, of 18
    "multiple",  # "gấp 2 lần"
    "other",  # anything else counted: ha, tấn, km, people, products ...
)


@dataclass(frozen=True)
class Figure:
    """One quantity reported in a text.

    ``text == source[start:end]``: the qualifier (if any), the number and the unit
    as written. ``value`` is the number as a float (1.857 -> 1857.0, 76,5 -> 76.5);
    money keeps its multiplier in the unit ("3,5 tỷ đồng" -> 3.5, "tỷ đồng"). ``of``
    is a ratio's denominator ("14/18 xã" -> 14, of 18), otherwise ``None``.
    """

    value: float
    unit: str
    kind: str
    qualifier: str
    text: str
    start: int
    end: int
    of: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready.

        >>> extract_figures("gấp 2 lần")[0].to_dict()["kind"]
        'multiple'
        """
        return asdict(self)


# ---------------------------------------------------------------- the shapes

# A number as Vietnamese writes it: "." groups thousands, "," is the decimal mark.
_NUM = r"(?:\d{1,3}(?:\.\d{3})+(?!\d|\.\d)|\d+\.\d{1,2}(?!\d|[.,]\d)|\d+)(?:,\d+)?"
_NUMBER = re.compile(
    rf"(?<![\w.,/])(?P<a>{_NUM})"
    rf"(?:(?P<ratio>/(?P<b>{_NUM}))|(?P<range>\s*[-–]\s*(?P<c>{_NUM})))?"
)
_WORD = re.compile(r"[^\W\d_]+")
# A sentence ends at a full stop that is not inside a number ("3.960").
_SENTENCE_END = re.compile(r"[.!?…\n](?!\d)")
# Admission with a counted object: "kết nạp 185", "kết nạp được 211", "kết nạp mới được từ 200".
_ADMITS = re.compile(r"kết nạp(?:\s+(?:được|mới|thêm|cho|từ|hơn|gần|trên|khoảng))*\s+\d")
# Training: people counted after these words in the same sentence are trainees.
_TRAINING = re.compile(r"đào tạo|bồi dưỡng|tập huấn|\blớp\b")
# The upper end of a range written with words: "từ 1 | đến 3 con".
_RANGE_TO = re.compile(rf"\s+đến\s+({_NUM})(?![\w/])")
_SPACE = re.compile(r"\s*")

# Words that make the number after them part of a name, a date or an ordinal.
_NAME_BEFORE = (
    "số", "thôn", "tổ", "tổ dân phố", "khu phố", "khối", "xóm", "bản", "buôn", "bon", "ấp", "khóm",
    "tiểu khu", "khoảnh", "lô", "điều", "khoản", "chương", "mục", "phần", "khoá", "khóa", "lần thứ",
    "thứ", "lần", "kỳ họp", "kỳ", "đợt", "quốc lộ", "tỉnh lộ", "đường", "phòng", "quân khu",
    "tiểu học", "trung học", "mầm non", "trường", "lớp", "nghị quyết", "chỉ thị", "quyết định",
    "kết luận", "thông tư", "nghị định", "công văn", "kế hoạch", "hướng dẫn", "quy định",
    "tờ trình", "văn bản", "báo cáo", "đề án", "chương trình", "luật", "hiến pháp", "covid",
    "trung ương", "hội nghị",
    "ngày", "tháng", "năm", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "quý", "tuần", "giờ",
    "nhiệm kỳ", "giai đoạn", "niên khoá", "niên khóa", "khu", "cụm", "hẻm", "ngõ", "ngách",
    "phường", "quận", "tập", "trang", "hình", "bảng", "mẫu", "biểu", "tiểu đoàn", "trung đoàn",
    "sư đoàn", "đại đội", "trung đội", "tiểu đội", "đội", "sinh năm", "tuổi", "độ tuổi",
    "mã", "điện thoại", "hotline", "fax", "cấp độ", "cấp", "hạng", "loại", "top", "phiên",
)
# Name words that are also common verbs or nouns: a document's name only when capitalised
# ("Kết luận 21", not "đã kết luận 4 vi phạm").
_DOCUMENTS = frozenset({
    "kết luận", "quyết định", "hướng dẫn", "báo cáo", "kế hoạch", "quy định", "chương trình", "đề án",
    "văn bản", "công văn", "tờ trình", "luật", "thông tư", "nghị định",
})
# Durations are not figures ("nhiệm kỳ 5 năm", "6 tháng đầu năm", "2 ngày").
# An age is a person's, not a count the article reports ("32 tuổi").
_DURATIONS = (
    "năm", "tháng", "ngày", "giờ", "h", "phút", "giây", "tuần", "quý", "buổi", "đêm", "tiếng", "tuổi", "nhiệm kỳ",
)
_QUALIFIERS = (
    "ít nhất", "tối thiểu", "tối đa", "xấp xỉ", "hơn", "gần", "trên", "dưới", "khoảng", "chừng",
    "đạt", "hàng",
)
# Money and measures, longest first; an optional "/X/Y" rate follows ("đồng/kg").
_MULTIPLIERS = ("nghìn tỷ", "ngàn tỷ", "nghìn tỉ", "ngàn tỉ", "tỷ", "tỉ", "triệu", "nghìn", "ngàn", "trăm")
_CURRENCY = ("đồng", "vnđ", "vnd", "usd", "đô la", "đô", "euro")
_MEASURES = (
    "hec ta", "héc ta", "hécta", "hecta", "ha", "km2", "km²", "km", "m2", "m²", "m3", "m³", "cm", "mm",
    "m", "kg", "tấn", "tạ", "yến", "lít", "sào", "mẫu", "độ c", "°c", "mw", "kw", "kwh", "gam",
)
# Count nouns with a fixed extent: the unit is exactly this, whatever follows.
_FIXED_UNITS = (
    "chi, đảng bộ", "chi bộ, đảng bộ", "chi, đảng bộ cơ sở", "đảng viên mới", "đảng viên dự bị",
    "đảng viên chính thức", "đảng viên", "cán bộ, công chức, viên chức", "cán bộ, công chức",
    "cán bộ, đảng viên", "cán bộ", "công chức", "viên chức", "tổ chức cơ sở đảng", "tổ chức đảng",
    "tccsđ", "tccs đảng", "chi bộ cơ sở", "chi bộ", "đảng bộ cấp trên cơ sở", "đảng bộ cơ sở", "đảng bộ xã",
    "đảng bộ thị trấn",
    "đảng bộ", "xã, thị trấn", "xã,thị trấn", "xã, phường, thị trấn", "xã, phường", "xã", "phường",
    "thị trấn", "huyện", "tỉnh", "thôn, bon, bản", "thôn, bản", "thôn", "xóm", "bon", "buôn", "bản",
    "tổ dân phố", "khu phố", "hộ nghèo", "hộ cận nghèo", "hộ gia đình", "hộ dân", "hộ", "lớp",
    "học viên", "quần chúng ưu tú", "quần chúng", "chỉ tiêu", "tiêu chí",
    "lần",
    "ngày công",
)
# Two words that the free unit phrase keeps together although the second is a break word.
_COMPOUNDS = frozenset({("tác", "xã"), ("nhà", "ở"), ("hợp", "tác"), ("đơn", "vị"), ("cơ", "sở")})
# Nouns that begin with the currency word but are not money.
_NOT_MONEY = ("đồng chí", "đồng bào", "đồng bằng", "đồng ruộng", "đồng hồ")
# Words that end a free unit phrase ("mô hình kinh tế | hiệu quả").
_BREAKS = frozenset(
    """và với của đã được có tại trong trên đạt là cho thuộc trực học đi ở từ đến vào về ra tham hoàn
    đủ tiên hiệu văn đang sẽ bị như gồm trị tổng thì mà nên do để theo bằng chiếm tăng giảm còn này đó
    khác các những mỗi trở xã thị huyện tỉnh thôn bản đạt chưa không mới đều cùng nhằm qua sau trước
    khi giữa hay hoặc lên xuống bình ước được tới cần phải nhất rất tốt xuất vượt so gấp năm tháng ngày
    trên/ chuẩn trong sạch vững mạnh đang đứng thực hiện""".split()
)
# Nominalisers: "việc" and "sự" turn the words after them into a clause of its own, which is not part of
# the counted phrase ("8 đoàn giám sát | việc thanh tra các vụ việc"; but "2 chức việc, 3 chức sắc").
_NOMINALISERS = frozenset({"việc", "sự"})
# Passive markers follow a whole noun phrase: the verb before them is still the phrase's ("500 bài thi |
# được nâng điểm").
_PASSIVES = frozenset({"được", "bị"})
# Nouns that pyvi tags as adjectives after an animal or a plant: "giống" is breeding stock there ("25 con
# dê giống", "1.200 con gà giống"), not "alike".
_NOUNS_TAGGED_A = frozenset({"giống"})
# Words that end the counted phrase although pyvi may tag them as a modifier ("từ 27 điểm | trở lên").
_PHRASE_ENDS = frozenset({"trở lên", "trở xuống"})
_PREPOSITIONS = frozenset("trên tại trong của ở thuộc đến từ".split())
# pyvi's tags for nouns (common, classifier, unit, abbreviation); anything else ends a unit.
_NOUN_TAGS = frozenset({"N", "Nc", "Nu", "Ny", "Nb"})


@lru_cache(maxsize=4096)
def _pos_tags(window: str) -> tuple[tuple[str, str], ...]:
    """pyvi's words and part-of-speech tags for a short window (its models load on first use)."""
    from vnparty_nlp.extract._postag import pos_tags
    from vnparty_nlp.preprocess.segmenter import get_segmenter

    return tuple(pos_tags(get_segmenter()([window])[0]))


@lru_cache(maxsize=4096)
def _segmented(window: str) -> str:
    """pyvi's words for a short window (syllables of one word joined by "_")."""
    from vnparty_nlp.preprocess.segmenter import get_segmenter

    return str(get_segmenter()([window])[0])


def _lexical_noun(word: str) -> bool:
    """Whether pyvi reads ``word`` alone as one noun: its tag without the sentence around it, which
    is what the word is rather than what the tagger guessed in context.

    >>> _lexical_noun("thuỷ lợi"), _lexical_noun("chính thức"), _lexical_noun("vi phạm")
    (True, False, False)
    """
    tags = _pos_tags(word)
    return len(tags) == 1 and tags[0][1] in _NOUN_TAGS


def _norm_value(raw: str) -> float:
    """Vietnamese digits to a float: "1.857" -> 1857, "76,5" -> 76.5, "40.56" -> 40.56.

    >>> _norm_value("1.857"), _norm_value("76,5"), _norm_value("30.9"), _norm_value("02")
    (1857.0, 76.5, 30.9, 2.0)
    """
    if re.fullmatch(r"\d+\.\d{1,2}", raw):
        return float(raw)  # a decimal point ("30.9 km"): a thousands group has three digits
    return float(raw.replace(".", "").replace(",", "."))


def _year_like(raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100


def _words_before(key: str, end: int, n: int) -> list[tuple[str, int]]:
    """Up to ``n`` words ending right before ``end`` (only spaces between), nearest last."""
    out: list[tuple[str, int]] = []
    i = end
    while len(out) < n:
        j = i
        while j > 0 and key[j - 1] == " ":
            j -= 1
        k = j
        while k > 0 and (key[k - 1].isalpha() or key[k - 1] in "\u0300\u0301\u0303\u0309\u0323"):
            k -= 1
        if k == j:
            break
        out.insert(0, (key[k:j], k))
        i = k
    return out


def _ends_with_phrase(key: str, end: int, phrases: tuple[str, ...]) -> tuple[str, int] | None:
    """The phrase of ``phrases`` that ends at ``end`` (spaces allowed before ``end``), if any."""
    j = end
    while j > 0 and key[j - 1] == " ":
        j -= 1
    for phrase in sorted(phrases, key=len, reverse=True):
        k = j - len(phrase)
        if k >= 0 and key[k:j] == phrase and (k == 0 or not key[k - 1].isalnum()):
            return phrase, k
    return None


def _match_phrase(key: str, start: int, phrases: tuple[str, ...]) -> str | None:
    for phrase in sorted(phrases, key=len, reverse=True):
        end = start + len(phrase)
        if key.startswith(phrase, start) and (end >= len(key) or not key[end].isalnum()):
            return phrase
    return None


def _squared(key: str, i: int) -> int:
    """Past a detached power after a metre unit ("26.500m 2" -> m2).

    >>> _squared("500m 2 đất", 4)
    6
    """
    m = re.match(r" ([23])(?![\w.,])", key[i:])
    return i + m.end() if m and key[i - 1] == "m" else i


def _rate_suffix(key: str, i: int) -> int:
    """End of a "/kg", "/người/năm", "/1 năm", " /người /năm" suffix starting at ``i`` (``i`` if none).

    >>> key = "38,2 triệu đồng /người /năm tăng"
    >>> key[15:_rate_suffix(key, 15)]
    ' /người /năm'
    """
    for _ in range(3):
        # "/kg", "/ năm", " /người" (a space before the slash), "/1 năm", "/1kg", "/01 xã" (per one).
        m = re.compile(r"\s?/\s?(?:0?1\s?)?[^\W\d_]+(?:\s(?:tháng|năm|ngày|vụ|ha|người))?").match(key, i)
        if not m:
            break
        two = re.compile(r"\s?/\s?([^\W\d_]+ [^\W\d_]+)").match(key, i)
        if two and m.end() < two.end() and two.group(1).split()[1] not in _BREAKS:
            tags = _pos_tags(two.group(1))
            if len(tags) == 1:  # one word of two syllables: "/quyết định"
                m = two
        # "/ha", "/năm": keep; a two-word tail only for known rate words.
        i = m.end()
    return i


class _Scanner:
    def __init__(self, folded: Folded) -> None:
        self.f = folded
        self.key = folded.key
        self.text = folded.text

    # A proper-name context: "Quân khu 2", "Trường tiểu học 1", "Quốc phòng 313".
    def _in_name(self, start: int) -> str:
        """Why the number at ``start`` looks like part of a name: "code", "word", "capital" or ""."""
        key, text = self.key, self.text
        before = key[:start].rstrip(" ")
        if before.endswith(("-", "–", "/")) and re.search(r"[^\W\d_]\s*[-–/]$", before):
            return "code"  # "Covid-19", "Covid – 19", "CT/TW 5"
        if re.search(r"\d\s*/\s*$", before):
            return "code"  # the month of "26/ 2": a date cut by a space
        name = _ends_with_phrase(key, start, _NAME_BEFORE)
        if name and not (name[0] == "số" and _ends_with_phrase(key, name[1], ("trong", "tổng", "với", "có", "dân"))):
            capital = text[self.f.pos[name[1]]].isupper()
            if name[0] in _DOCUMENTS and not capital:
                pass  # "đã kết luận 4 vi phạm": the verb, not "Kết luận 21"
            elif self._word_tail(name[1]):
                pass  # "nông thôn 1.856 người", "kỷ luật 15 đảng viên": the end of another word
            else:
                return "word"
        words = _words_before(key, start, 1)
        if words:
            word, k = words[0]
            orig = text[self.f.pos[k]]
            sentence_start = not key[:k].strip() or key[:k].rstrip()[-1:] in ".:;!?\"“”(…-–"
            if orig.isupper() and not sentence_start and word not in _QUALIFIERS and word not in (
                "đảng", "nqtw",
            ):
                return "capital"
        return ""

    def _word_tail(self, k: int) -> bool:
        """Whether the syllable at ``k`` ends a word that begins before it, by pyvi's segmenter:
        "thôn" in "nông thôn", "cấp" in "trung cấp", "luật" in "kỷ luật" (not "tại thôn 3")."""
        before = _words_before(self.key, k, 2)
        if not before or self.key[before[-1][1] + len(before[-1][0]) : k].strip():
            return False  # nothing right before it but punctuation: it starts its phrase
        if self.text[self.f.pos[before[-1][1]]].isupper():
            return False  # "chị Thùy Mến thôn 3": a name before it, which pyvi may glue on
        s = self.f.pos[before[0][1]]
        e = self.f.pos[k] + 1
        while e < len(self.text) and (self.text[e].isalpha() or unicodedata.combining(self.text[e])):
            e += 1
        return _segmented(self.text[s:e]).split(" ")[-1].count("_") > 0

    def _unit(self, i: int) -> tuple[str, int, str] | None:
        """``(unit, end, family)`` of the unit starting at ``i`` (after spaces)."""
        key = self.key
        j = _SPACE.match(key, i).end()  # type: ignore[union-attr]
        if key.startswith("%", j):
            end = j + 1
            rate = re.match(r"\s?/\s?năm", key[end:])
            if rate:
                end += rate.end()
                return key[j:end].replace(" ", ""), end, "growth"
            return "%", end, "percent"
        if j == i and j < len(key) and key[j].isalpha():
            # Attached letters: only a measure ("4.000m2", "1km"), never a code ("05-CT").
            measure = _match_phrase(key, j, _MEASURES)
            if measure is None and _match_phrase(key, j, _MULTIPLIERS) is None:
                return None
            if measure is not None:
                end = _squared(key, _rate_suffix(key, j + len(measure)))
                return key[j:end].replace(" ", ""), end, "measure"
        mult = _match_phrase(key, j, _MULTIPLIERS)
        k = j
        if mult:
            k = _SPACE.match(key, j + len(mult)).end()  # type: ignore[union-attr]
        currency = None if _match_phrase(key, k, _NOT_MONEY) else _match_phrase(key, k, _CURRENCY)
        if currency:
            end = _rate_suffix(key, k + len(currency))
            return " ".join(key[j:end].split()), end, "money"
        measure = _match_phrase(key, k, _MEASURES)
        if measure:
            end = _squared(key, _rate_suffix(key, k + len(measure)))
            unit = " ".join(key[j:end].split())
            return re.sub(r"(m) ([23])$", r"\1\2", unit), end, "measure"
        if mult in ("tỷ", "tỉ", "triệu", "nghìn", "ngàn"):
            # "9 triệu đoàn viên": a multiplier before a counted noun stays in the unit.
            noun = self._free_unit(k) if k > j + len(mult) else None
            if noun is not None and noun[0].split()[0] not in (*_DURATIONS, "tiền"):
                return f"{mult} {noun[0]}", noun[1], "count"
        if mult in ("tỷ", "tỉ", "triệu", "nghìn tỷ", "ngàn tỷ", "nghìn tỉ", "ngàn tỉ"):
            # "56 triệu tiền mặt": money without the word đồng.
            end = j + len(mult)
            return mult, end, "money"
        fixed = _match_phrase(key, j, _FIXED_UNITS)
        if fixed == "hộ":
            free = self._free_unit(j, nouns_only=True)  # "hộ nông dân": the bare household noun takes its noun
            if free is not None:
                return self._joined(free)
        if fixed:
            end = _rate_suffix(key, j + len(fixed))
            return self._joined((key[j:end], end, "count"))
        free = self._free_unit(j)
        return self._joined(free) if free is not None else None

    def _joined(self, unit: tuple[str, int, str]) -> tuple[str, int, str]:
        """A unit and a second noun joined by a comma, when the phrase ends right there:
        "xã , thị trấn", "cầu, cống trên địa bàn", "vi phạm, khuyết điểm:" (not "chuối, bơ và đu đủ")."""
        key = self.key
        name, end, family = unit
        m = re.compile(r"\s*,\s*").match(key, end)
        if not m or "/" in name:
            return unit
        second = _match_phrase(key, m.end(), _FIXED_UNITS)
        if second is None:
            word = _WORD.match(key, m.end())
            if not word or word.group(0) in _BREAKS:
                return unit
            second = word.group(0)
            tags = _pos_tags(self.text[self.f.pos[word.start()] : self.f.pos[word.end() - 1] + 1])
            if not tags or tags[0][1] not in _NOUN_TAGS:
                return unit  # "2 mái ấm tình thương, | tặng 142 thẻ": a verb starts the next clause
        if self.text[self.f.pos[m.end()]].isupper():
            return unit
        # The joined phrase must end the noun phrase: punctuation, the end, or a preposition.
        nxt = re.compile(r"\s*([^\W\d_]+|[^\w\s])?").match(key, m.end() + len(second))
        follow = nxt.group(1) if nxt else None
        if follow is not None and follow.isalpha() and follow not in _PREPOSITIONS:
            return unit
        return f"{name}{key[end:m.end()]}{second}", m.end() + len(second), family

    def _free_unit(self, j: int, nouns_only: bool = False) -> tuple[str, int, str] | None:
        """The counted noun phrase at ``j`` that no list knows: its head word, and at most one
        noun after it, by pyvi's tags. A one-syllable head (a classifier or a measure of
        something: "vụ", "đơn", "lượt", "con", "cặp") takes the word that says what it counts,
        whatever its tag, and one noun more ("vụ vi phạm", "lượt đi lại", "cặp chim trĩ").
        ``nouns_only`` keeps the old reading for "hộ" ("hộ nông dân", not "hộ nuôi cá").

        It ends where the noun phrase ends: at a verb, adjective, preposition, conjunction,
        pronoun or determiner ("tài khoản | đăng ký", "sản phẩm | thế mạnh", "bài học | lớn",
        "đại biểu | chính thức"), at a nominaliser ("đoàn giám sát | việc thanh tra"), at
        punctuation, a number or a capitalised name ("xã | Thuận Hà").

        The head is pyvi's first word: a compound noun is the head even when its first syllable
        alone is a break word ("bị cáo", "học sinh", "hoàn cảnh"); a break word alone is none
        ("2 | bị phạt").
        """
        key, text = self.key, self.text
        first = _WORD.match(key, j)
        if not first or _match_phrase(key, j, _DURATIONS):
            return None
        stop = re.compile(r"[^\w\s\u0300-\u036f']|\d").search(key, j)
        limit = min(stop.start() if stop else len(key), j + 80)
        syllables: list[tuple[int, int]] = [(w.start(), w.end()) for w in _WORD.finditer(key, j, limit)]
        window = text[self.f.pos[j] : self.f.pos[syllables[-1][1]]]
        tokens = _pos_tags(window)
        # Walk pyvi's words over our syllables: a word "siêu_thị" spans two of them.
        words: list[tuple[int, int, str, bool]] = []  # start, end (key), tag, capitalised
        i = 0
        for token, tag in tokens:
            n = token.count("_") + 1
            if i + n > len(syllables) or not _WORD.fullmatch(token.replace("_", "")):
                break
            words.append((syllables[i][0], syllables[i + n - 1][1], tag, text[self.f.pos[syllables[i][0]]].isupper()))
            i += n
        if not words:
            return None
        head_start, head_end, head_tag, _cap = words[0]
        if first.group(0) in _BREAKS and not (" " in key[head_start:head_end] and head_tag in _NOUN_TAGS):
            return None  # "bị" of "2 người | bị thương" alone is a verb; "bị_cáo" is a noun
        kept = [words[0]]
        # A one-syllable head is a classifier or a measure of something ("vụ vi phạm", "đơn tố cáo",
        # "lượt đi lại", "con dê"): the next word, whatever its tag, says what it counts.
        classifier = (not nouns_only and not _cap and " " not in key[head_start:head_end]) or (
            head_tag in ("Nc", "M") and head_end - head_start <= 4
        )
        room = 2 if classifier else 1
        for k, (ws, we, tag, cap) in enumerate(words[1:], start=1):
            if room == 0 or we - head_start > 40:
                break
            word = key[ws:we]
            if tag == "A" and self._noun_alone(words, k):
                tag = "N"  # "công trình thuỷ lợi", "con dê giống": a noun pyvi mis-tags in context
            acronym = cap and text[self.f.pos[ws] : self.f.pos[we]].isupper() and we - ws > 1
            after_classifier = k == 1 and classifier and tag in (*_NOUN_TAGS, "V", "A")
            next_tag = words[k + 1][2] if k + 1 < len(words) else ""
            next_word = key[words[k + 1][0] : words[k + 1][1]] if next_tag else ""
            if after_classifier and tag == "V" and " " not in word and next_tag == "V" and next_word not in _PASSIVES:
                break  # a one-syllable verb and another verb start the predicate: "2 người | xảy ra xô xát"
            if word in _NOMINALISERS and next_tag:
                break  # "8 đoàn giám sát | việc thanh tra các vụ việc", "| việc lãnh đạo, chỉ đạo"
            prev = key[kept[-1][0] : kept[-1][1]].split()[-1]
            if cap and not acronym and not (after_classifier and tag != "Np"):
                break  # a name follows: "2 xã | Thuận Hà"
            compound = (prev, word) in _COMPOUNDS
            if (" " not in word and word in _BREAKS and not compound) or word in _PHRASE_ENDS:
                break
            if not (tag in _NOUN_TAGS or acronym or after_classifier or compound):
                break
            kept.append(words[k])
            room -= 1
        end = _rate_suffix(key, kept[-1][1])
        return key[j:end], end, "count"

    def _noun_alone(self, words: list[tuple[int, int, str, bool]], k: int) -> bool:
        """Whether word ``k``, which pyvi tags as an adjective in context, is a noun that modifies the
        head: pyvi tags it as a noun on its own ("thuỷ lợi", "lâm nghiệp", "saponin"; not "lớn",
        "chính thức"), or it is breeding stock ("dê giống"), and it does not start a list of
        qualities ("dự án yếu kém, khó khăn"). Verbs are left as tagged: a verb that is a noun
        alone ("đại diện") is far more often the predicate ("300 đại biểu | đại diện cho ...")."""
        key, text = self.key, self.text
        ws, we = words[k][0], words[k][1]
        if key[ws:we] in _NOUNS_TAGGED_A:
            return True
        if not _lexical_noun(text[self.f.pos[ws] : self.f.pos[we - 1] + 1]):
            return False
        rest = re.compile(r"\s*,\s*([^\W\d_]+(?: [^\W\d_]+)?)").match(key, we)
        if rest is None:
            return True
        following = _pos_tags(text[self.f.pos[rest.start(1)] : self.f.pos[rest.end(1) - 1] + 1])
        return not following or following[0][1] not in ("A", "V")

    def scan(self) -> list[Figure]:
        key = self.key
        out: list[Figure] = []
        excluded_end = -1
        taken = 0  # numbers inside the last figure ("26.500m 2", "2 tỷ 285 triệu") are not figures
        for m in _NUMBER.finditer(key):
            a, b, c = m.group("a"), m.group("b"), m.group("c")
            start = m.start()
            if start < taken:
                continue
            if len(a.replace(".", "").replace(",", "")) >= 8:
                continue  # phone numbers, codes
            plain = b is None and c is None
            # A continuation of an excluded list of plain numbers: "kỳ họp 35, 36, 37".
            if plain and excluded_end >= 0 and re.fullmatch(r"\s*(?:,|và)\s*", key[excluded_end:start]):
                excluded_end = m.end()
                continue
            excluded_end = -1
            if m.end() < len(key) and key[m.end()] in "-–/" and not b:
                continue  # a code or a date: "05-CT/TW", "11-1-2019"
            why = self._in_name(start)
            if why:
                # A name's number has no unit of its own: "thôn 3", "Quân khu 2". A share, a sum,
                # a measure or a decimal after the same words is a figure: "nông thôn 80,2%",
                # "Bắc Ninh 30,3%", "UBND 08 xã".
                strong = self._unit(m.end())
                keep = why != "code" and strong is not None and (
                    strong[2] in ("percent", "growth", "money", "measure")
                    or (why == "capital" and strong[0] in _FIXED_UNITS and plain)
                )
                if not keep:
                    if plain and why != "code":
                        excluded_end = m.end()
                    continue
            if b is not None:
                rest = key[m.end() :]
                if re.match(r"\s?/\s?\d", rest) or _year_like(b.strip()):
                    continue  # a date: 16/06/2019, 3/7 2019
                if _norm_value(a) > _norm_value(b):
                    continue  # "22/5": a day and a month
            if c is not None and (_year_like(a) or _year_like(c)):
                continue  # a period: 2016-2020
            if b is None and c is None and _year_like(a):
                unit = self._unit(m.end())
                if unit is None or unit[2] != "count" or unit[0] not in _FIXED_UNITS:
                    continue
            if b is None and c is None and a.isdigit() and key[m.end() : m.end() + 1] == "-":
                continue
            since = _ends_with_phrase(key, start, ("từ",))
            num_end = m.end()
            to = _RANGE_TO.match(key, num_end) if plain and since else None
            if to and self._unit(num_end) is None:
                c, num_end = to.group(1), to.end()  # "từ 1 đến 3 con": a range, written with words
            unit = self._unit(num_end)
            if unit is None and b is None and c is None and _ends_with_phrase(key, start, ("dân số",)):
                unit = ("dân số", num_end, "count")  # "dân số 214.000": the unit written first
            if unit is None:
                continue
            name, end, family = unit
            per = re.compile(rf"\s?/\s?({_NUM})(?=\s)").match(key, end)
            if b is None and per and family == "count":
                second = self._unit(per.end())
                if second is not None:
                    b, end = per.group(1), second[1]  # "17 hộ nghèo/50 hộ dân": a ratio
            if family == "count" and (_match_phrase(name, 0, _DURATIONS) and name not in _FIXED_UNITS):
                continue
            if c is not None and b is None and family == "count" and name.split()[0] in ("đến",):
                continue
            value = None
            split_sum = re.match(r"\s+(\d{1,3})\s+(triệu|nghìn|ngàn)(?:\s+(đồng))?(?![^\W\d_])", key[end:])
            if name in ("tỷ", "tỉ", "triệu") and b is None and c is None and split_sum:
                # "2 tỷ 285 triệu đồng": one sum, in the larger multiplier.
                value = _norm_value(a) + int(split_sum.group(1)) / 1000
                name, end, family = f"{name} đồng", end + split_sum.end(), "money"
            figure = self._figure(m, name, end, family, b)
            if figure is not None:
                if value is not None:
                    figure = replace(figure, value=value)
                out.append(figure)
                taken = end
                upper = _RANGE_TO.match(key, end) if since else None
                if upper:
                    taken = upper.end()  # "từ 50.000 đồng/kg đến 60 ngàn đồng/kg": one range
        return out

    def _figure(self, m: re.Match[str], unit: str, end: int, family: str, b: str | None) -> Figure | None:
        key = self.key
        start = m.start()
        value = _norm_value(m.group("a"))
        of = _norm_value(b) if b else None
        qualifier = ""
        multiple = False
        q = _ends_with_phrase(key, start, _QUALIFIERS)
        if q and q[0] == "hàng":
            return None  # "hàng trăm": not a number written with digits anyway
        if q:
            qualifier, start = q
        # "gấp 2 lần", "gấp gần 2 lần", "tăng 1,24 lần": a multiple; "cho dê ăn 3 lần": a count of times.
        times = _ends_with_phrase(key, start, ("gấp", "tăng", "giảm")) if unit == "lần" else None
        if times:
            multiple = True
            if times[0] == "gấp":
                start = times[1]
        elif not q:
            tu = _ends_with_phrase(key, start, ("từ",))
            after = re.match(r"\s*trở lên", key[end:])
            if tu and after:
                qualifier, start, end = "từ ... trở lên", tu[1], end + after.end()
        kind = self._kind(unit, family, m.start(), end, multiple, of is not None)
        s, e = self.f.span(start, end)
        return Figure(value, unit, kind, qualifier, self.text[s:e], s, e, of)

    def _clause_before(self, start: int) -> str:
        key = self.key
        cut = max(key.rfind(ch, 0, start) for ch in ".;:!?\n")
        return key[cut + 1 : start]

    def _sentence_before(self, start: int) -> str:
        """The sentence up to ``start``: a full stop ends it, not the dot of "3.960"."""
        ends = [e.end() for e in _SENTENCE_END.finditer(self.key, 0, start)]
        return self.key[(ends[-1] if ends else 0) : start]

    def _admitted_at(self, clause: str) -> int:
        """Where "kết nạp" takes a number as its object in ``clause`` ("kết nạp được 211 ..."), else -1;
        "xét kết nạp đảng viên đối với ông X, chi bộ có 3 đảng viên" admits no one counted."""
        hits = [h.start() for h in _ADMITS.finditer(clause)]
        if not hits or re.search(r"tặng|\bcho\b|chuyển", clause[hits[-1] :]):
            return -1
        return hits[-1]

    def _kind(self, unit: str, family: str, start: int, end: int, multiple: bool, ratio: bool) -> str:
        key = self.key
        if multiple:
            return "multiple"
        if ratio:
            return "ratio"
        if family == "growth":
            return "growth_rate"
        if family == "percent":
            before = " ".join(w for w, _ in _words_before(key, start, 4))
            clause = self._clause_before(start)
            if re.search(r"\btăng(?! thêm)", before) or re.search(r"tăng trưởng|tốc độ tăng", clause):
                return "growth_rate"  # "tăng 7,5%", "tốc độ tăng trưởng kinh tế hằng năm đạt 12%"
            return "percent"
        if family == "money":
            return "money"
        if family == "measure":
            return "other"
        head = unit.split("/")[0]
        after = key[end : end + 40]
        after = re.split(r"[.;:,]", after)[0]
        rated = re.match(
            r"\s*(?:được\s+)?(?:đạt|hoàn thành|không hoàn thành|trong sạch|vững mạnh|xếp loại|được công nhận|yếu kém)",
            after,
        )
        # "tổ chức" alone is any organisation ("4 tổ chức mà Ban thường vụ ... kỷ luật"): a Party one
        # says so ("tổ chức đảng", "tổ chức cơ sở đảng").
        if head.startswith(("chi, đảng bộ", "chi bộ, đảng bộ", "đảng bộ", "tổ chức đảng", "tổ chức cơ sở", "tccs")):
            return "organisations_rated" if rated else "party_organisations"
        if head.startswith("chi bộ"):
            return "organisations_rated" if rated else "party_cells"
        if head.startswith("đồng chí ") and "cán bộ" in head:
            return "cadres"  # "6 đồng chí cán bộ": comrades counted as cadres
        people = head in ("người", "lượt", "lượt người", "đồng chí")
        # People trained: "học" right after ("6 đồng chí học cao cấp lý luận"), or a training word
        # earlier in the sentence ("đào tạo nghề cho 3.960 người", "69 lớp bồi dưỡng ... 9.773 lượt").
        sentence = self._sentence_before(start)
        trained = [t.start() for t in _TRAINING.finditer(sentence)]
        trained_at = len(sentence) if re.match(r"\s*(?:đi\s+)?(?:học|được đào tạo|tham gia lớp)", after) else (
            trained[-1] if trained else -1
        )
        if head.startswith("đảng viên") or head.startswith("đồng chí"):
            if head == "đảng viên mới":
                return "new_members"
            clause = self._clause_before(start)
            admitted_at = self._admitted_at(clause + key[start : start + 1])
            if admitted_at >= 0:
                admitted_at += len(sentence) - len(clause)
            if people and trained_at > admitted_at:
                return "trainees"  # the nearer cue wins
            return "new_members" if admitted_at >= 0 else "party_members"
        if people and trained_at >= 0:
            return "trainees"
        if head.startswith(("cán bộ", "công chức", "viên chức")):
            return "cadres"
        if head.startswith(("học viên", "quần chúng")):
            return "trainees"
        if head == "lớp" or head.startswith("lớp "):
            return "classes"
        if head.split(",")[0].split()[0] in ("thôn", "xóm", "bon", "buôn", "bản", "xã", "phường") or head.startswith(
            ("tổ dân phố", "khu phố", "thị trấn")
        ):
            return "villages"
        if head == "khu dân cư":
            return "villages"
        if head == "hộ" or head.startswith(("hộ ", "gia đình")):
            return "households"
        return "other"


def extract_figures(text: str) -> list[Figure]:
    """Every figure the text reports, in text order.

    >>> [(f.text, f.value, f.unit, f.kind) for f in extract_figures("14/18 xóm có chi bộ; tăng gấp 2 lần")]
    [('14/18 xóm', 14.0, 'xóm', 'ratio'), ('gấp 2 lần', 2.0, 'lần', 'multiple')]
    >>> [(f.value, f.unit) for f in extract_figures("doanh thu trên 1.400 tỷ đồng, tăng 18,4%/năm")]
    [(1400.0, 'tỷ đồng'), (18.4, '%/năm')]
    """
    text = check_str(text, "extract_figures")
    if not any(ch.isdigit() for ch in text):
        return []
    return _Scanner(fold(text)).scan()
