"""Why two threads' lines can run into each other. (Their PIDs are proved in test_pids.py.)"""
import io


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
