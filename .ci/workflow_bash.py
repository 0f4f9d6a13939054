"""Write each `run:` block that bash runs in a GitHub workflow to a file of its own, for shellcheck.

    python .ci/workflow_bash.py WORKFLOW FOLDER

The workflow's steps take their shell from the matrix (bash, or pwsh on
Windows): an expression, so actionlint cannot tell which shell runs a block,
and checks none. Bash runs every block but those of steps only Windows runs.
Prints the files it wrote. Needs ruamel.yaml (check-jsonschema brings it).
"""
import re
import sys
from pathlib import Path

from ruamel.yaml import YAML

workflow, folder = map(Path, sys.argv[1:])
for job_name, job in YAML(typ="safe").load(workflow)["jobs"].items():
    for number, step in enumerate(job.get("steps", []), 1):
        windows_only = step.get("if", "").replace(" ", "") == "runner.os=='Windows'"
        if "run" not in step or windows_only or step.get("shell", "bash") != "bash":
            continue
        # GitHub fills in ${{ ... }} before the shell sees the text.
        script = re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", step["run"])
        path = folder / f"{workflow.stem}-{job_name}-step{number}.sh"
        path.write_text(f"#!/usr/bin/env bash\n# {step.get('name', '')}\n{script}", encoding="utf-8")
        print(path)
