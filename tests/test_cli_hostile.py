"""One hostile record costs one record (issue 14, item 3).

Each case puts one hostile input between good ones and runs ``classify --jsonl``
or ``analyze``. Every case must: report ``file[:line]: reason`` on stderr,
keep every good record, print the counts line, exit 1 (a record failed) and
show no traceback. FIFOs and devices must be skipped without being opened.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from vnparty_nlp.cli import EXIT_FAILED_RECORDS, EXIT_USAGE, main

GOOD = "Chi bộ thôn 3 kết nạp 2 đảng viên mới, nâng cao chất lượng sinh hoạt chi bộ."
ARTICLE = (SEEDS / "002_36fbaf0990d157c1.txt").read_bytes()


def line(record_id: object, text: str = GOOD) -> bytes:
    return json.dumps({"id": record_id, "text": text}, ensure_ascii=False).encode() + b"\n"


HOSTILE_LINES: dict[str, tuple[bytes, str]] = {
    "nested_100000_deep": (b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
                           r"nested too deeply"),
    "id_of_5000_digits": (b'{"id": ' + b"7" * 5000 + b', "text": "x"}\n', r"cannot be read \(Exceeds the limit"),
    "id_lone_surrogate": (b'{"id": "\\ud800", "text": "x"}\n', r"the id is not valid Unicode"),
    "text_lone_surrogate": (b'{"id": "t", "text": "Chi b\\udc80"}\n', r'"text" is not valid Unicode'),
    "line_over_max_bytes": (line("big", "Đảng " * 400), r"line larger than 1,024 bytes: skipped; pass --max-bytes"),
}


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    code = main(args)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def counts(err: str, command: str) -> tuple[int, ...]:
    pattern = (r"records read: (\d+), classified: (\d+), failed: (\d+)" if command == "classify"
               else r"articles read: (\d+), analysed: (\d+), failed: (\d+)")
    match = re.search(pattern, err)
    assert match, f"no counts line: {err}"
    return tuple(map(int, match.groups()))


@pytest.mark.parametrize("command", ["classify", "analyze"])
@pytest.mark.parametrize("case", sorted(HOSTILE_LINES))
def test_a_hostile_jsonl_line_costs_only_itself(
    case: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile, reason = HOSTILE_LINES[case]
    path = tmp_path / "in.jsonl"
    path.write_bytes(line("a") + hostile + line("b"))
    args = (["classify", "--jsonl", str(path)] if command == "classify"
            else ["analyze", "--format", "jsonl", "--no-topics", str(path)])
    cap = ["--max-bytes", "1K"] if case == "line_over_max_bytes" else []
    result = run_main([*args, *cap], capsys)
    assert result.code == EXIT_FAILED_RECORDS, result.err
    ids = [json.loads(row)["id" if command == "classify" else "name"] for row in result.out.splitlines()]
    assert ids == ["a", "b"]
    assert re.search(rf"{re.escape(str(path))}:2: {reason}", result.err), result.err
    assert counts(result.err, command) == (3, 2, 1)
    assert "Traceback" not in result.err


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _big(folder: Path) -> Path:
    path = folder / "big.txt"
    path.write_bytes(ARTICLE * 3)
    return path


def _non_utf8_name(folder: Path) -> Path:
    path = Path(os.fsdecode(folder / os.fsdecode(b"b\xe0i-vi\xeat.txt")))
    path.write_bytes(b"\xff\xfe not UTF-8 either")
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (_fifo, r"pipe\.txt: a FIFO \(named pipe\), not a file: skipped"),
    "dev_zero": (lambda folder: Path("/dev/zero"), r"/dev/zero: a character device, not a file: skipped"),
    "over_max_bytes": (_big, r"big\.txt: file larger than [\d,]+ bytes: skipped; pass --max-bytes"),
    "non_utf8_name": (_non_utf8_name, r"b\\xe0i-vi\\xeat\.txt:1: not UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_analyze_skips_a_hostile_file_with_its_reason_and_never_hangs(case: str, tmp_path: Path) -> None:
    make, reason = BAD_FILES[case]
    (tmp_path / "good.txt").write_bytes(ARTICLE)
    bad = make(tmp_path)
    # A subprocess with a timeout: a FIFO that is opened would block for ever.
    cap = str(len(ARTICLE) + 100).encode()
    args = [b"analyze", b"--no-themes", b"--format", b"jsonl", b"--max-bytes", cap,
            os.fsencode(tmp_path / "good.txt"), os.fsencode(bad)]
    result = subprocess.run([os.fsencode(sys.executable), b"-m", b"vnparty_nlp", *args], capture_output=True,
                            timeout=120)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == EXIT_FAILED_RECORDS, err
    assert re.search(reason, err), err
    assert counts(err, "analyze") == (2, 1, 1)
    assert "Traceback" not in err
    # the same file inside a folder
    if case != "dev_zero":
        folder_run = subprocess.run([sys.executable, "-m", "vnparty_nlp", "analyze", "--no-themes", "--format",
                                     "jsonl", "--max-bytes", cap.decode(), str(tmp_path)],
                                    capture_output=True, timeout=120)
        folder_err = folder_run.stderr.decode("utf-8", "replace")
        assert folder_run.returncode == EXIT_FAILED_RECORDS and re.search(reason, folder_err), folder_err
        assert counts(folder_err, "analyze") == (2, 1, 1)


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_classify_refuses_a_device_or_fifo_as_input_at_once(source: str, tmp_path: Path) -> None:
    path = str(_fifo(tmp_path)) if source == "fifo" else source
    for args in (["--jsonl", path], ["--file", path]):
        result = subprocess.run([sys.executable, "-m", "vnparty_nlp", "classify", *args], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == EXIT_USAGE, result.stderr
        assert "not a file: skipped" in result.stderr and "Traceback" not in result.stderr


def test_an_unreadable_folder_costs_only_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_bytes(ARTICLE)
    (tmp_path / "good.txt").write_bytes(ARTICLE)
    if os.geteuid() == 0:  # root reads any folder: make this one fail as an unreadable one does
        real = Path.iterdir

        def iterdir(self: Path) -> object:
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "iterdir", iterdir)
    else:
        locked.chmod(0)
    try:
        result = run_main(["analyze", "--no-themes", "--format", "jsonl", str(locked), str(tmp_path / "good.txt")],
                          capsys)
    finally:
        locked.chmod(0o755)
    assert result.code == EXIT_FAILED_RECORDS
    assert re.search(r"locked: folder cannot be read \(Permission denied\)", result.err), result.err
    assert counts(result.err, "analyze") == (2, 1, 1)


def test_the_counts_line_is_printed_even_when_the_run_is_interrupted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vnparty_nlp.preprocess import article

    path = tmp_path / "in.jsonl"
    path.write_bytes(line("a") + line("b"))
    calls = []

    def parse(raw: str) -> object:
        if calls:
            raise KeyboardInterrupt
        calls.append(raw)
        return real(raw)

    real = article.parse_article
    monkeypatch.setattr(article, "parse_article", parse)
    with pytest.raises(KeyboardInterrupt):
        main(["analyze", "--no-themes", "--format", "json", str(path)])
    captured = capsys.readouterr()
    assert "articles read: 2, analysed: 1, failed: 0" in captured.err
    assert [a["name"] for a in json.loads(captured.out)] == ["a"]  # still one valid document


def test_a_default_size_cap_exists_and_is_reported() -> None:
    from vnparty_nlp.corpus.files import DEFAULT_MAX_BYTES

    assert 2**20 <= DEFAULT_MAX_BYTES <= 16 * 2**20


def test_the_pyldavis_page_numbers_topics_from_one_so_topic_0_can_be_deselected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyLDAvis = pytest.importorskip("pyLDAvis")
    import vnparty_nlp
    from vnparty_nlp.topicmodel import plots

    seen: dict[str, object] = {}
    real = pyLDAvis.prepare

    def prepare(*args: object, **kwargs: object) -> object:
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(pyLDAvis, "prepare", prepare)
    page = plots.write_html(vnparty_nlp.current_models().require_topic_model(), tmp_path / "t.html")
    assert seen["start_index"] == 1  # pyLDAvis reads 0 as "no topic"
    assert "topic n here is topic #n-1" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(("setting", "tqdm_imported"), [("0", False), ("1", True)])
def test_a_bar_that_draws_nothing_does_not_import_tqdm(setting: str, tqdm_imported: bool) -> None:
    # tqdm takes 45 ms to import, a tenth of `vnparty-nlp analyze` on the seeds when piped.
    code = ("import sys\nfrom vnparty_nlp.progress import progress, steps\n"
            "assert list(progress([1, 2], 'x')) == [1, 2]\n"
            "with steps('y', total=1) as step:\n    step('a')\n"
            "print('tqdm' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "VNPARTY_NLP_PROGRESS": setting})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tqdm_imported)


def test_progress_is_drawn_on_a_terminal_and_quiet_when_piped(tmp_path: Path) -> None:
    import pty

    (tmp_path / "a.txt").write_bytes(ARTICLE)
    command = [sys.executable, "-m", "vnparty_nlp", "analyze", "--no-themes", "--format", "summary", str(tmp_path)]
    piped = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert "analysing" not in piped.stderr
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real terminal's size
    try:
        terminal = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=follower, timeout=120)
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert terminal.returncode == 0
    assert b"analysing" in drawn and b"article" in drawn
