"""README.md and README.zh-CN.md stay in step, and the README's numbers are the experiment's.

The Chinese README must list the same commands (every ``btr-sim ...`` and ``make ...`` line of
its code blocks) and the same sections (the same headings in the same order, mapped through
:data:`SECTIONS`): a change to README.md fails here until README.zh-CN.md follows it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from btr_sim.experiments import plan_experiment

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
README_ZH = ROOT / "README.zh-CN.md"

#: Each heading of README.md and its heading in README.zh-CN.md.
SECTIONS = {
    "btr_sim — the Blame-Taking Resignation system, simulated": (
        "btr_sim — 领导干部引咎辞职制度的仿真"
    ),
    "Two commands": "两条命令",
    "What the model is": "模型是什么",
    "Using it": "使用方法",
    "Exploring in the browser": "在浏览器中探索",
    "Experiments": "实验",
    "Limits": "限制",
    "On a SLURM or PBS cluster": "在 SLURM 或 PBS 集群上运行",
    "Sensitivity analysis and robustness": "敏感性分析与稳健性",
    "Comparing rules and countermeasures": "比较规则与对策",
    "Lessons from abroad": "他山之石：国外制度",
    "Citing": "引用",
    "Layout": "目录结构",
}

_COMMAND = re.compile(r"^\s*((?:\.venv/bin/)?btr-sim\b.*|make\b.*)$")


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """Fenced code blocks: (language, lines)."""
    out, lines, language, inside = [], [], "", False
    for line in text.splitlines():
        if line.startswith("```"):
            if inside:
                out.append((language, lines))
            inside, language, lines = not inside, line[3:].strip(), []
        elif inside:
            lines.append(line)
    return out


def headings(text: str) -> list[tuple[int, str]]:
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif not inside and (match := re.match(r"^(#+) (.*)$", line)):
            out.append((len(match.group(1)), match.group(2).strip()))
    return out


def commands(text: str) -> list[str]:
    """Every command line of the shell blocks, without its comment."""
    found = []
    for language, lines in blocks(text):
        if language not in ("sh", ""):
            continue
        for line in lines:
            if match := _COMMAND.match(line):
                found.append(" ".join(match.group(1).split("#")[0].split()))
    return found


def test_the_chinese_readme_has_the_same_sections():
    english = headings(README.read_text(encoding="utf-8"))
    chinese = headings(README_ZH.read_text(encoding="utf-8"))
    unmapped = [text for _, text in english if text not in SECTIONS]
    assert not unmapped, f"README.md has new sections; add them to README.zh-CN.md: {unmapped}"
    assert chinese == [(level, SECTIONS[text]) for level, text in english]


def test_the_chinese_readme_lists_the_same_commands():
    english = commands(README.read_text(encoding="utf-8"))
    assert len(english) > 20 and "make run" in english
    assert commands(README_ZH.read_text(encoding="utf-8")) == english


def test_the_readmes_link_each_other():
    assert "README.zh-CN.md" in README.read_text(encoding="utf-8")
    assert "(README.md)" in README_ZH.read_text(encoding="utf-8")


def test_the_readme_quotes_the_countermeasures_experiment():
    path = ROOT / "experiments" / "countermeasures.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan = plan_experiment(path)
    points, runs = len(plan.points), plan.n_runs
    reps = spec["replications"]
    assert runs == points * reps
    for readme in (README, README_ZH):
        text = readme.read_text(encoding="utf-8")
        (example,) = [
            yaml.safe_load("\n".join(lines))
            for language, lines in blocks(text)
            if language == "yaml"
            and any(line.startswith("name: countermeasures") for line in lines)
        ]
        for key in ("replications", "months", "master_seed", "record"):
            assert example[key] == spec[key], (readme.name, key)
        assert example["design"]["kind"] == spec["design"]["kind"]
        assert list(example["design"]["levers"]) == list(spec["design"]["levers"])
        # Every count the README states: design points x replications (= runs), paired runs.
        counts = re.findall(r"(\d+) (?:design points|个设计点) x (\d+)", text)
        assert counts and all((int(p), int(r)) == (points, reps) for p, r in counts), counts
        totals = [int(t) for t in re.findall(r"= (\d+) (?:runs|次运行)", text)]
        totals += [int(t) for t in re.findall(r"\((\d+) (?:paired runs|次配对运行)\)", text)]
        assert totals and set(totals) == {runs}, totals
        replications = re.findall(r"(\d+) (?:paired replications|次配对重复)", text)
        assert replications and set(map(int, replications)) == {reps}
