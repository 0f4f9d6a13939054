"""The sample outputs in README.md show what the README says they show, read with the same parser as real runs.

So a sample edited by hand, or pasted from a broken run, fails here.
"""
import re

import pytest

from readme_text import pid_experiment_outputs, sample_outputs
from script_runner import MULTIPROCESSING, THREADING, assert_one_timing_line_after_both_finish, parse_output


def sample_params():
    return [pytest.param(script, block, id=f"{script.kind}-sample-{number}")
            for script in (MULTIPROCESSING, THREADING)
            for number, block in enumerate(sample_outputs(script), 1)]


@pytest.mark.parametrize("script", [MULTIPROCESSING, THREADING], ids=lambda script: script.file)
def test_readme_shows_a_sample_output_of_each_script(script):
    assert sample_outputs(script), f"README.md shows no output of {script.file}"


@pytest.mark.parametrize("script, block", sample_params())
def test_sample_holds_only_the_scripts_lines_with_its_named_workers_and_the_timing_last(script, block):
    output = parse_output(block, script.kind)
    assert output.unrecognised == "", block
    assert output.started_names == sorted(script.workers), block
    assert_one_timing_line_after_both_finish(output, block)


@pytest.mark.parametrize("script, block", [param for param in sample_params() if param.values[0] is MULTIPROCESSING])
def test_process_sample_shows_two_process_ids_each_finishing_as_it_started(script, block):
    output = parse_output(block, script.kind)
    assert len(set(output.started_pids)) == 2 and output.finished_pids == output.started_pids, block


@pytest.mark.parametrize("script, block", [param for param in sample_params() if param.values[0] is THREADING])
def test_thread_sample_shows_one_process_id_for_all_four_lines(script, block):
    output = parse_output(block, script.kind)
    assert len(set(output.started_pids + output.finished_pids)) == 1, block


def test_readme_shows_the_output_of_its_first_experiment():
    assert pid_experiment_outputs(), "README.md shows no output of its first experiment (the script printing its PID)"


@pytest.mark.parametrize("block", pid_experiment_outputs())
def test_first_experiments_sample_shows_the_scripts_own_process_id_apart_from_both_workers(block):
    own = [int(pid) for pid in re.findall(r"Script PID: (\d+)", block)]
    output = parse_output(re.sub(r"Script PID: \d+", "", block), MULTIPROCESSING.kind)
    assert output.unrecognised == "" and len(own) == 1, block
    assert len(set(output.started_pids)) == 2 and own[0] not in output.started_pids, block
    assert_one_timing_line_after_both_finish(output, block)
