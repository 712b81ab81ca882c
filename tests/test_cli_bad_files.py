"""The command line over bad files: every problem is reported, no record is lost.

Each case writes a small folder of files, runs ``vnparty-nlp`` on it and checks
that (1) every problem is on stderr with ``file[:line]: reason``, (2) every
good record produced a result on stdout, (3) the printed counts add up:
records in = results + failures, and (4) the exit code is non-zero exactly
when a record failed. Most cases call :func:`vnparty_nlp.cli.main` in-process
(fast); one runs the installed command end to end.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from vnparty_nlp.cli import EXIT_FAILED_RECORDS, EXIT_OK, EXIT_USAGE, main

GOOD_ARTICLE = (SEEDS / "002_36fbaf0990d157c1.txt").read_text(encoding="utf-8")
GOOD_HTML = "<html><body><h1>Chi bộ thôn 3 sinh hoạt chuyên đề</h1><p>" + (
    "Chiều 19/8, Chi bộ thôn 3 tổ chức sinh hoạt chuyên đề về kết nạp đảng viên mới, "
    "nâng cao chất lượng sinh hoạt chi bộ.</p><script>alert('x')</script></body></html>"
)
BAD_UTF8 = "Dòng một\nDòng hai\n".encode() + b"Chi b\xf4 th\xf4n 3\n"  # Latin-1 bytes on line 3


def jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


ARTICLE_LINES = {
    "good": jsonl({"id": "a1", "text": GOOD_ARTICLE}),
    "truncated": b'{"id": "a2", "text": "Chi b\xe1\xbb\x99 th\xc3\xb4n\n',
    "missing_field": jsonl({"id": "a3", "title": "no text here"}),
    "not_utf8": b'{"id": "a4", "text": "Chi b\xf4"}\n',
    "not_object": b'["a5", "text"]\n',
    "text_not_str": jsonl({"id": "a6", "text": 42}),
    "paragraphs": jsonl({"id": "a7", "paragraphs": ["Chi bộ thôn 3 kết nạp đảng viên mới trong năm nay."] * 2}),
}


@dataclass
class Case:
    name: str
    files: dict[str, bytes]  # relative path -> content; a path ending in / is a folder
    args: list[str]  # {dir} is replaced by the temporary folder
    code: int
    counts: tuple[int, int, int]  # in, out, failed
    problems: list[str] = field(default_factory=list)  # regexes that must each match a stderr line
    skipped: list[str] = field(default_factory=list)  # folder entries that are not articles: reported, not failed


ANALYZE_CASES = [
    Case("invalid_utf8_txt", {"bad.txt": BAD_UTF8, "good.txt": GOOD_ARTICLE.encode()},
         ["analyze", "{dir}/bad.txt", "{dir}/good.txt"], EXIT_FAILED_RECORDS, (2, 1, 1),
         [r"bad\.txt:3: not UTF-8 text \(invalid continuation byte at byte \d+\)"]),
    Case("jsonl_with_every_kind_of_bad_line",
         {"in.jsonl": b"".join(ARTICLE_LINES.values()) + b"\n   \n"},
         ["analyze", "{dir}/in.jsonl"], EXIT_FAILED_RECORDS, (7, 2, 5),
         [r"in\.jsonl:2: not valid JSON", r'in\.jsonl:3: no "text" string', r"in\.jsonl:4: not UTF-8 text",
          r'in\.jsonl:5: expected an object', r'in\.jsonl:6: no "text" string']),
    Case("truncated_last_line", {"cut.jsonl": ARTICLE_LINES["good"] + ARTICLE_LINES["truncated"].rstrip(b"\n")},
         ["analyze", "{dir}/cut.jsonl"], EXIT_FAILED_RECORDS, (2, 1, 1), [r"cut\.jsonl:2: not valid JSON"]),
    Case("empty_txt_and_empty_jsonl", {"empty.txt": b"", "blank.html": b"  \n\n", "empty.jsonl": b"",
                                       "good.txt": GOOD_ARTICLE.encode()},
         ["analyze", "{dir}/empty.txt", "{dir}/blank.html", "{dir}/empty.jsonl", "{dir}/good.txt"],
         EXIT_FAILED_RECORDS, (4, 1, 3),
         [r"empty\.txt: empty file", r"blank\.html: empty file", r"empty\.jsonl: empty file \(no JSONL records\)"]),
    Case("only_an_empty_jsonl", {"empty.jsonl": b"\n\n"}, ["analyze", "{dir}/empty.jsonl"],
         EXIT_FAILED_RECORDS, (1, 0, 1), [r"empty\.jsonl: empty file"]),
    Case("missing_file", {"good.txt": GOOD_ARTICLE.encode()}, ["analyze", "{dir}/absent.txt", "{dir}/good.txt"],
         EXIT_FAILED_RECORDS, (2, 1, 1), [r"absent\.txt: no such file"]),
    Case("folder_of_mixed_files",
         {"docs/a.txt": GOOD_ARTICLE.encode(), "docs/b.html": GOOD_HTML.encode(), "docs/c.txt": BAD_UTF8,
          "docs/d.jsonl": ARTICLE_LINES["good"] + ARTICLE_LINES["missing_field"] + ARTICLE_LINES["paragraphs"],
          "docs/e.txt": b"", "docs/f.pdf": b"%PDF-1.4", "docs/sub/": b"", "docs/.DS_Store": b"\x00\x01"},
         ["analyze", "{dir}/docs"], EXIT_FAILED_RECORDS, (7, 4, 3),
         [r"c\.txt:3: not UTF-8", r"d\.jsonl:2: no \"text\" string", r"e\.txt: empty file"],
         skipped=[r"f\.pdf: skipped, not an article file", r"sub: skipped, a folder inside a folder"]),
    Case("folder_with_only_other_files", {"docs/notes.md": b"# notes", "docs/sub/": b""},
         ["analyze", "{dir}/docs"], EXIT_USAGE, (0, 0, 0), skipped=[r"notes\.md: skipped", r"sub: skipped"]),
    Case("all_good", {"a.txt": GOOD_ARTICLE.encode(), "b.html": GOOD_HTML.encode()},
         ["analyze", "{dir}/a.txt", "{dir}/b.html"], EXIT_OK, (2, 2, 0)),
]

CLASSIFY_CASES = [
    Case("jsonl_invalid_utf8_truncated_missing_field",
         {"in.jsonl": jsonl({"id": 1, "text": "Huyện uỷ luân chuyển 12 cán bộ."}) + b'{"id": 2, "text": "Chi b\xf4"}\n'
          + b'{"id": 3, "text": "Chi b\n' + jsonl({"id": 4}) + jsonl({"id": 5, "text": None}) + b"[1, 2]\n"
          + jsonl({"id": 6, "text": "Sản lượng cà phê đạt 2.000 tấn."}) + b"\n"},
         ["classify", "--jsonl", "{dir}/in.jsonl"], EXIT_FAILED_RECORDS, (7, 2, 5),
         [r"in\.jsonl:2: not UTF-8 text", r"in\.jsonl:3: not valid JSON", r'in\.jsonl:4: no "text" field',
          r'in\.jsonl:5: "text" is NoneType, not a string', r"in\.jsonl:6: expected an object"]),
    Case("jsonl_empty_file", {"empty.jsonl": b""}, ["classify", "--jsonl", "{dir}/empty.jsonl"],
         EXIT_USAGE, (0, 0, 0), [r"empty\.jsonl: no records"]),
    Case("jsonl_missing_file", {}, ["classify", "--jsonl", "{dir}/absent.jsonl"], EXIT_USAGE, (0, 0, 0),
         [r"absent\.jsonl: no such file or folder"]),
    Case("jsonl_a_folder", {"sub/": b""}, ["classify", "--jsonl", "{dir}/sub"], EXIT_USAGE, (0, 0, 0),
         [r"sub: Is a directory"]),
]

COUNTS = {
    "analyze": re.compile(r"^articles read: (\d+), analysed: (\d+), failed: (\d+)"
                          r"(?:, skipped \(not articles\): (\d+))?$", re.MULTILINE),
    "classify": re.compile(r"^records read: (\d+), classified: (\d+), failed: (\d+)$", re.MULTILINE),
}


def make_files(root: Path, files: dict[str, bytes]) -> None:
    for relative, content in files.items():
        path = root / relative
        if relative.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def check(case: Case, code: int, stdout: str, stderr: str) -> None:
    assert code == case.code, stderr
    results = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    match = COUNTS[case.args[0]].search(stderr)
    if match is None:  # only a file that cannot be opened at all stops before counting
        assert case.counts == (0, 0, 0), stderr
    else:
        n_in, n_out, n_failed = map(int, match.groups()[:3])
        assert (n_in, n_out, n_failed) == case.counts, stderr
        assert n_in == n_out + n_failed, "a record was dropped silently"
        assert len(results) == n_out, "every result produced is written"
    notes = [line for line in stderr.splitlines() if line.startswith("vnparty-nlp ")]
    skipped = [line for line in notes if ": skipped, " in line]
    problem_lines = [line for line in notes if line not in skipped]
    for pattern in case.problems:
        assert any(re.search(pattern, line) for line in problem_lines), (pattern, stderr)
    for pattern in case.skipped:
        assert any(re.search(pattern, line) for line in skipped), (pattern, stderr)
    assert len(skipped) == len(case.skipped)
    if case.skipped and match is not None:
        assert match.group(4) == str(len(case.skipped))
    if match is not None:
        whole_input = ("no articles found", "no records", "pass a JSONL file")  # the input as a whole, not a record
        reported = [line for line in problem_lines if not any(note in line for note in whole_input)]
        assert len(reported) == case.counts[2], "each failure is reported once, on its own line"


@pytest.mark.parametrize("case", ANALYZE_CASES + CLASSIFY_CASES, ids=lambda c: c.name)
def test_bad_files_are_reported_and_counted(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_files(tmp_path, case.files)
    args = [a.replace("{dir}", str(tmp_path)) for a in case.args]
    if args[0] == "analyze":
        args += ["--format", "jsonl", "--no-themes"]
    code = main(args)
    out = capsys.readouterr()
    check(case, code, out.out, out.err)


def test_analyze_with_themes_end_to_end_over_a_mixed_folder(tmp_path: Path) -> None:
    case = next(c for c in ANALYZE_CASES if c.name == "folder_of_mixed_files")
    make_files(tmp_path, case.files)
    result = subprocess.run([sys.executable, "-m", "vnparty_nlp", "analyze", "--format", "jsonl",
                             str(tmp_path / "docs")], capture_output=True, text=True, timeout=300)
    check(case, result.returncode, result.stdout, result.stderr)
    names = [json.loads(line)["name"] for line in result.stdout.splitlines()]
    assert [Path(n).name for n in names] == ["a.txt", "b.html", "a1", "a7"]
    assert all("theme_shares" in json.loads(line) for line in result.stdout.splitlines())


def test_classify_jsonl_keeps_the_good_records_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [jsonl({"id": i, "text": f"Chi bộ thôn {i} kết nạp đảng viên mới."}) for i in range(1200)]
    lines[700] = b'{"id": 700, "text": \n'
    (tmp_path / "big.jsonl").write_bytes(b"".join(lines))
    code = main(["classify", "--jsonl", str(tmp_path / "big.jsonl")])
    out = capsys.readouterr()
    assert code == EXIT_FAILED_RECORDS
    assert [json.loads(line)["id"] for line in out.out.splitlines()] == [i for i in range(1200) if i != 700]
    assert "records read: 1200, classified: 1199, failed: 1" in out.err


@pytest.mark.parametrize("how", ["stdin", "file"])
def test_classify_text_that_is_not_utf8_is_reported(how: str, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(BAD_UTF8)
    args = ["--file", str(path)] if how == "file" else []
    result = subprocess.run([sys.executable, "-m", "vnparty_nlp", "classify", *args],
                            input=BAD_UTF8 if how == "stdin" else b"", capture_output=True, timeout=300)
    assert result.returncode == EXIT_FAILED_RECORDS
    assert b"not UTF-8 text" in result.stderr and b"Traceback" not in result.stderr
    assert result.stdout == b""
