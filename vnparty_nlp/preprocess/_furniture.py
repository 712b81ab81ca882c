"""The furniture of news pages around an article body, recognised by form and vocabulary.

No rule names a site: each recognises a kind of line that Vietnamese news and
portal pages print around their articles (navigation, language switches, skip
links, share/comment/rating widgets, footers, ads, image placeholders) or the
form of a photo caption. Every function takes one cleaned line.
"""

from __future__ import annotations

import re

__all__ = [
    "furniture_reason",
    "is_agency_lead",
    "is_bracketed_credit",
    "is_footer",
    "is_image_placeholder",
    "is_related_heading",
    "looks_like_caption_sentence",
    "syllables",
]

# Syllables of the words that make up a widget or navigation line (share, print,
# comment, rating, font size, listen, back to top, home, log in, search, contact,
# hotline, language switches, skip links, ads); a short line made only of them
# (plus digits, punctuation and icons) is page furniture. Looked up one
# syllable at a time: constant work per syllable, whatever the vocabulary.
_WIDGET_SYLLABLES = frozenset("""
chia sẻ share facebook zalo twitter tweet linkedin email e mail gửi in bài viết trang bản xem lưu tin
bình luận ý kiến bạn đọc phản hồi đánh giá chọn thích like theo dõi follow copy link sao chép liên kết
cỡ chữ font nghe giọng nam nữ tải về download quay lại trở đầu lên top tiếp chủ home đăng nhập ký xuất
tìm kiếm search menu danh mục sơ đồ site cổng hệ giới thiệu rss hotline đường dây nóng đặt mua báo
tiếng việt english vietnamese bỏ qua nội dung điều hướng chuyển đến tới chính skip to main content
truy cập nhanh đóng close mở quảng cáo advertisement tài trợ sponsored qc này của cho bè trên với và
hoặc or a sao
""".split())
_SYLLABLE = re.compile(r"[^\W\d_]+")
_LEFTOVER_WORD = re.compile(r"[^\W\d_]{2,}")
_FOOTER = re.compile(
    r"(?:©|\(c\)\s*\d{4}|copyright|bản\s+quyền\s+(?:thuộc|©)|all\s+rights\s+reserved|liên\s+hệ\s+quảng\s+cáo|"
    r"ghi\s+rõ\s+nguồn|giấy\s+phép\s+(?:số|hoạt\s+động|xuất\s+bản|thiết\s+lập)|"
    r"^(?:tổng\s+biên\s+tập|phó\s+tổng\s+biên\s+tập|cơ\s+quan\s+chủ\s+quản|chịu\s+trách\s+nhiệm\s+(?:xuất\s+bản|"
    r"nội\s+dung|chính)|trụ\s+sở|tòa\s+soạn|toà\s+soạn|địa\s+chỉ|điện\s+thoại|đt|fax|email|hotline|"
    r"thiết\s+kế\s+(?:bởi|và)|phát\s+triển\s+bởi|được\s+phát\s+triển\s+bởi)\s*:)",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?:tin\s+liên\s+quan|bài\s+(?:viết\s+)?liên\s+quan|tin\s+bài\s+liên\s+quan|video\s+liên\s+quan|"
    r"tin\s+(?:cùng|khác\s+cùng)\s+chuyên\s+mục|(?:bài\s+)?cùng\s+chuyên\s+mục|tin\s+cùng\s+loại|"
    r"các\s+tin\s+(?:khác|đã\s+đưa|cũ\s+hơn|mới\s+hơn)(?:\s+ngày)?|(?:các\s+)?bài\s+(?:viết\s+)?khác|"
    r"tin\s+(?:tức\s+)?khác|tin\s+mới\s+hơn|tin\s+cũ\s+hơn|tin\s+mới(?:\s+nhất)?|tin\s+nổi\s+bật|tin\s+tiêu\s+điểm|"
    r"(?:tin\s+|bài\s+)?(?:đọc|xem)\s+nhiều(?:\s+nhất)?|có\s+thể\s+bạn\s+quan\s+tâm|bạn\s+có\s+thể\s+quan\s+tâm|"
    r"các\s+album\s+đã\s+đăng|xem\s+thêm|đọc\s+thêm)\s*:?\s*$",
    re.IGNORECASE,
)
# An image placeholder: a file name, "[Ảnh]", "(ảnh minh hoạ)", or the headline repeated with "- Ảnh 1."
_PLACEHOLDER = re.compile(
    r"(?:^\S[^\n]{0,80}\.(?:jpe?g|png|gif|webp|bmp)$|^[\[(]?\s*(?:ảnh|hình|photo|image|video)"
    r"(?:\s+minh\s+(?:hoạ|họa))?(?:\s*\d+)?\s*[\])]?\.?$|\s[-–]\s*ảnh\s+\d+\.?$|^[\\/|]+$)",
    re.IGNORECASE,
)
_AGENCY_LEAD = re.compile(r"^(?:\([A-ZĐ][A-ZĐa-z0-9.&/]{1,12}\)\s*[-–—]|[A-ZĐ]{2,8}O?\s*[-–—]\s)")
_BRACKETED = re.compile(r"^\(\s*[^()]{2,80}\)$")
_CAPTION_SUBJECT = re.compile(
    r"^(?:các\s+)?(?:đại\s+biểu|đồng\s+chí|đ/c|ông|bà|lãnh\s+đạo|quang\s+cảnh|toàn\s+cảnh|tiết\s+mục|"
    r"(?:phó\s+)?(?:chủ\s+tịch|bí\s+thư|thủ\s+tướng|tổng\s+bí\s+thư|bộ\s+trưởng|giám\s+đốc|trưởng\s+ban|"
    r"trưởng\s+đoàn|chủ\s+nhiệm|tư\s+lệnh)|thường\s+trực|ban\s+chấp\s+hành|ban\s+thường\s+vụ|"
    r"thiếu\s+tướng|trung\s+tướng|đại\s+tá|thượng\s+tá|học\s+viên|các\s+em|người\s+dân|bà\s+con)\b",
    re.IGNORECASE,
)
_CAPTION_SCENE = re.compile(r"^(?:quang\s+cảnh|toàn\s+cảnh|một\s+góc|cảnh\s+)", re.IGNORECASE)
_CAPTION_ACTION = re.compile(
    r"\b(?:phát\s+biểu|trao|tặng|chụp\s+ảnh|lưu\s+niệm|dự|tham\s+dự|thăm|chủ\s+trì|bỏ\s+phiếu|biểu\s+diễn|"
    r"cắt\s+băng|ra\s+mắt|chúc\s+mừng|tặng\s+hoa|tặng\s+quà|kiểm\s+tra|khảo\s+sát|giao\s+lưu|làm\s+việc|"
    r"thảo\s+luận|biểu\s+quyết|tuyên\s+thệ|dâng\s+hương|dâng\s+hoa|tại\s+(?:lễ|hội\s+nghị|buổi|đại\s+hội|kỳ\s+họp))\b",
    re.IGNORECASE,
)
_NARRATIVE = re.compile(r"\b(?:đã|sẽ|đang|vừa|được|cho\s+biết|nhấn\s+mạnh|khẳng\s+định)\b", re.IGNORECASE)
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+[A-ZĐÀ-Ỹ]")


def syllables(line: str) -> int:
    """The number of syllables (space-separated words) with a letter.

    >>> syllables("Thời sự Chính trị - 2")
    4
    """
    return sum(1 for w in line.split() if any(c.isalpha() for c in w))


def _only_widget_words(line: str) -> bool:
    return all(w in _WIDGET_SYLLABLES for w in _SYLLABLE.findall(line.casefold()))


def furniture_reason(line: str) -> str | None:
    """Why a short line is page furniture (navigation, widget, ad, footer), or None.

    >>> furniture_reason("Tiếng Việt | English")
    'navigation or widget'
    >>> furniture_reason("© Báo Nam Bình. Liên hệ quảng cáo: 0123 456 789")
    'page footer'
    >>> furniture_reason("Chia sẻ bài viết: Facebook Zalo") , furniture_reason("Chi bộ thôn 3")
    ('navigation or widget', None)
    """
    if _FOOTER.search(line) and len(line) <= 300:
        return "page footer"
    if len(line) <= 80 and _LEFTOVER_WORD.search(line) and _only_widget_words(line):
        return "navigation or widget"
    if len(line) <= 160 and line.count("|") >= 2 and all(syllables(p) <= 5 for p in line.split("|")):
        return "navigation or widget"
    if len(line) <= 160 and re.search(r"\s[>»›]\s", line) and all(syllables(p) <= 6 for p in re.split(r"[>»›]", line)):
        return "navigation or widget"
    return None


def is_footer(line: str) -> bool:
    """A copyright or publisher line that starts the page footer.

    >>> is_footer("Bản quyền thuộc Báo Nam Bình"), is_footer("Chi bộ họp.")
    (True, False)
    """
    return bool(_FOOTER.search(line)) and len(line) <= 300


def is_related_heading(line: str) -> bool:
    """The heading of a box of links to other articles.

    >>> is_related_heading("Tin liên quan:"), is_related_heading("Các tin đã đưa ngày:"), is_related_heading("Tin vui")
    (True, True, False)
    """
    return bool(_RELATED.match(line))


def is_image_placeholder(line: str) -> bool:
    """A line that stands where a picture was: a file name, "[Ảnh]", "... - Ảnh 1.".

    >>> [is_image_placeholder(x) for x in ("3-10. 2.jpg", "[Ảnh minh họa]", "Lễ kết nạp - Ảnh 1.", "Ảnh đẹp quá.")]
    [True, True, True, False]
    """
    return len(line) <= 250 and bool(_PLACEHOLDER.search(line))


def is_agency_lead(line: str) -> bool:
    """A lead that opens with the paper's mark: "(NĐO) - ", "BHG - ", or a dash.

    >>> is_agency_lead("(NLĐO) - Với chủ đề mới"), is_agency_lead("BTNO - Ban Thường vụ"), is_agency_lead("Chi bộ")
    (True, True, False)
    """
    return bool(_AGENCY_LEAD.match(line))


def is_bracketed_credit(line: str) -> bool:
    """A short line wholly in brackets: "(Trung tâm VH-TT thực hiện)".

    >>> is_bracketed_credit("( Trung tâm Văn hóa thực hiện )"), is_bracketed_credit("(1) Chi bộ họp; (2) nghị quyết")
    (True, False)
    """
    return bool(_BRACKETED.match(line))


def looks_like_caption_sentence(line: str) -> bool:
    """A one-sentence photo caption that ends with a full stop.

    The subject is who or what is pictured (delegates, a named official, the
    view of the hall) and the verb what they are doing in the picture; a
    caption does not narrate ("đã", "sẽ", "cho biết") and does not open with a
    time or a link word followed by a comma ("Sáng 7-7, ...", "Ngoài ra, ...").

    >>> looks_like_caption_sentence("Các đại biểu dự kỳ họp.")
    True
    >>> looks_like_caption_sentence("Ngoài ra, Đảng ủy phường truy tặng Huy hiệu Đảng cho 1 đảng viên.")
    False
    >>> looks_like_caption_sentence("Đồng chí Bí thư Huyện ủy đã phát biểu chỉ đạo hội nghị.")
    False
    """
    if len(line) > 170 or not line.endswith(".") or _SENTENCE_INSIDE.search(line):
        return False
    head = line.split(",", 1)[0]
    if "," in line and syllables(head) <= 4:
        return False
    if _NARRATIVE.search(line):
        return False
    if _CAPTION_SCENE.match(line):
        return True
    return bool(_CAPTION_SUBJECT.match(line)) and bool(_CAPTION_ACTION.search(line))
