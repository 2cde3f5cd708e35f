"""``btr-sim params``: a header, every choice's allowed values, ranges, and a filter."""

from __future__ import annotations

from btr_sim.cli import main
from btr_sim.parameters import parameter_rows


def lines(capsys, *argv):
    assert main(["params", *argv]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_header_then_one_row_per_parameter(capsys):
    out = lines(capsys)
    assert out[0].split() == ["parameter", "default", "unit", "allowed", "meaning", "[source]"]
    assert [line.split()[0] for line in out[1:]] == [r.path for r in parameter_rows()]


def test_every_choice_shows_its_values_and_every_number_its_range(capsys):
    rows = {line.split()[0]: line for line in lines(capsys)[1:]}
    assert "one of 'formal', 'informal'" in rows["procedure.rule"]
    assert (
        "one of 'unified', 'disunified'" in rows["standards.rule"]
        or "one of" in rows["standards.rule"]
    )
    assert "float in [0, 1]" in rows["transparency"]
    assert "int in [1, 12000]" in rows["months"]
    assert "[free]" in rows["transparency"] or "[" in rows["transparency"]


def test_words_filter_the_rows_by_path_or_meaning(capsys):
    out = lines(capsys, "procedure")
    assert out[0].startswith("parameter")
    paths = [line.split()[0] for line in out[1:]]
    assert paths and all(
        "procedure" in p or "procedure" in line.lower()
        for p, line in zip(paths, out[1:], strict=True)
    )
    assert "procedure.rule" in paths and "transparency" not in paths
    both = [line.split()[0] for line in lines(capsys, "cooling", "transparency")[1:]]
    assert "reinstatement.cooling_off_months" in both and "transparency" in both


def test_a_word_that_matches_nothing_is_refused_with_a_suggestion(capsys):
    assert main(["params", "proceduer"]) == 2
    assert "did you mean 'procedure'" in capsys.readouterr().err


def test_the_markdown_table_takes_the_filter_too(capsys):
    out = lines(capsys, "--markdown", "procedure")
    assert out[0].startswith("| parameter |")
    assert all("procedure" in line for line in out[2:])


def test_a_rule_set_default_is_named_not_written_out(capsys):
    # `before`'s default is a whole rule set and `timeline`'s an empty list: one short cell each,
    # not the repr of every rule, so that the table stays a table.
    rows = {line.split()[0]: line for line in lines(capsys, "before", "timeline")[1:]}
    assert rows["before"].split()[1:5] == ["the", "status", "quo", "rules"]
    assert rows["timeline"].split()[1] == "none"
    assert all(len(line) < 400 and "Rules(" not in line for line in rows.values())
