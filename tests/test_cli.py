"""The command line under hostile use: exit codes 0, 1 and 2, never a traceback,
and output that a spec cannot forge (one problem, one line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main

from .helpers import MINIMAL, ROOT

INVALID = ROOT / "tests" / "examples" / "invalid"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(
    "args",
    [[], ["no-such-command"], ["validate", "--no-such-option"], ["validate", "--format", "xml"], ["build", "--jobs", "many"], ["scaffold"]],
    ids=["no-command", "unknown-command", "unknown-option", "unknown-format", "jobs-not-a-number", "missing-argument"],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse leaves through SystemExit
        code = exit_.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    assert code == EXIT_USAGE
    assert "Traceback" not in out + err


def test_missing_path_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", tmp_path / "no-such-spec.yaml")
    assert code == EXIT_USAGE
    assert "no-such-spec.yaml" in err


def test_valid_file_exits_0_and_invalid_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", MINIMAL)[0] == EXIT_OK
    assert run(capsys, "validate", MINIMAL, INVALID / "weights-sum" / "spec.yaml")[0] == EXIT_PROBLEMS


def test_warnings_exit_0_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    warned = INVALID / "name-form" / "spec.yaml"
    assert run(capsys, "validate", warned)[0] == EXIT_OK
    assert run(capsys, "validate", "--strict", warned)[0] == EXIT_PROBLEMS


def test_folder_of_every_invalid_case_exits_1_and_reports_all(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", INVALID)
    assert code == EXIT_PROBLEMS
    reported = {Path(p["file"]).resolve().relative_to(INVALID).parts[0] for p in json.loads(out)["problems"]}
    assert reported == {case.name for case in INVALID.iterdir()}


def test_json_output_locates_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", INVALID / "yaml-anchor-and-alias" / "spec.yaml")
    assert code == EXIT_PROBLEMS
    found = [(p["code"], p["line"], p["column"], p["path"]) for p in json.loads(out)["problems"]]
    assert found == [("yaml-alias", 14, 16, "$"), ("type", 18, 16, "$.tasks[1].knowledge"), ("yaml-alias", 18, 16, "$")]


@pytest.mark.parametrize(("case", "value"), [("occupation-unknown", "4-03-02-99"), ("occupation-name-mismatch", "中式烹调师")])
def test_message_quotes_the_value_at_fault(case: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    # the value of the field the problem points at, not its parent mapping dumped as JSON
    _, out, _ = run(capsys, "validate", "--format", "json", INVALID / case / "spec.yaml")
    [problem] = json.loads(out)["problems"]
    assert value in problem["message"]
    assert '{"' not in problem["message"]


HOSTILE_KEY = '"x\\nspecs/evil.yaml:1:1: error forged \\u202e\\e[2K": 1\n'


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_text_from_a_spec_cannot_forge_output_lines(fmt: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8") + HOSTILE_KEY, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--format", fmt, path)
    assert code == EXIT_PROBLEMS
    rows = out.splitlines()
    assert len(rows) == 3  # control-char, unknown-key, the summary
    assert not any(ch in out for ch in "\x1b\u202e\r")
    assert all(row.startswith((str(path), "::error ")) for row in rows[:-1])
