"""When a cached page expires, the visitors arriving at that moment wait for one of them to
build it again instead of all building it at once (which made the events page take 2 s)."""

import threading
import time
import uuid

from core import pagecache


def _readers(n, compute, key):
    start = threading.Barrier(n)
    answers = [None] * n

    def read(i):
        start.wait()
        answers[i] = pagecache.get_or_fill(key, compute)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return answers


def test_readers_of_a_missing_entry_build_it_once_and_all_get_it():
    built = []

    def compute():
        built.append(1)
        time.sleep(0.3)
        return "the events page"

    answers = _readers(6, compute, f"test:{uuid.uuid4()}")
    assert len(built) == 1
    assert [value for _, value in answers] == ["the events page"] * 6
    assert sorted(found for found, _ in answers) == [False] + [True] * 5


def test_when_the_filler_fails_the_others_still_answer(monkeypatch):
    monkeypatch.setattr(pagecache, "FILL_WAIT", 0.5)
    calls = []
    lock = threading.Lock()

    def compute():
        with lock:
            calls.append(1)
            first = len(calls) == 1
        if first:
            time.sleep(0.1)
            raise RuntimeError("the database went away mid-page")
        return "built by a waiting reader"

    key = f"test:{uuid.uuid4()}"
    errors = []

    def guarded():
        try:
            return pagecache.get_or_fill(key, compute)
        except RuntimeError as exc:
            errors.append(exc)

    start = threading.Barrier(3)
    results = []

    def read():
        start.wait()
        results.append(guarded())

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(errors) == 1  # only the failed filler's own visitor sees its error
    answered = [r for r in results if r is not None]
    assert len(answered) == 2
    assert all(value == "built by a waiting reader" for _, value in answered)


def test_an_answer_not_worth_keeping_is_returned_but_not_stored():
    key = f"test:{uuid.uuid4()}"
    found, value = pagecache.get_or_fill(key, lambda: "a 404 page", keep=lambda result: None)
    assert (found, value) == (False, "a 404 page")
    found, value = pagecache.get_or_fill(key, lambda: "built again", keep=lambda result: None)
    assert (found, value) == (False, "built again")
