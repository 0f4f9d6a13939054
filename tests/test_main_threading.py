"""main_threading.py runs its workers as threads inside the script's own process."""
import io


def test_threads_share_the_scripts_own_pid(threading_run):
    pids = threading_run.output.started_pids + threading_run.output.finished_pids
    assert pids == [threading_run.run.pid] * 4, threading_run.run.transcript


def test_print_writes_the_text_and_the_line_end_separately():
    # Why the README warns that two threads' lines may run together: another
    # thread can write between the two.
    class Recorder(io.StringIO):
        def __init__(self):
            super().__init__()
            self.writes = []

        def write(self, text):
            self.writes.append(text)
            return super().write(text)

    recorder = Recorder()
    print("Finished thread: PID: 1, Timestamp: 12:00:00", file=recorder)
    assert recorder.writes == ["Finished thread: PID: 1, Timestamp: 12:00:00", "\n"]
