"""Sync views run in a server's thread pool: search must work when many people search at once.

A SudachiPy tokenizer is not re-entrant; one shared by every thread answered 500 ("Tokenizer is
already in use") to about one search in ten under 8 concurrent users."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client

from core import textnorm

THREADS = 16
ROUNDS = 12
QUERIES = ["こども食堂", "しょくどう", "町内会 防災", "ＮＰＯ 子ども", "高齢者の見守り"]


def _in_threads(work, count=THREADS):
    """Run work(i) in `count` threads released together; return results or raise the first
    error any thread hit."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait(timeout=30)
        try:
            return work(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_tokens_from_sixteen_threads_at_once_agree_with_one_thread():
    expected = {q: textnorm.tokens(q) for q in QUERIES}

    def work(i):
        return [(q, textnorm.tokens(q)) for _ in range(ROUNDS) for q in QUERIES]

    for results in _in_threads(work):
        for q, got in results:
            assert got == expected[q]


def test_readings_from_sixteen_threads_at_once_agree_with_one_thread():
    names = ["NPO法人 みやぎ防災サポート", "片平一丁目町内会", "株式会社 杜の都電機", "子ども食堂"]
    expected = {name: textnorm.reading(name) for name in names}

    def work(i):
        return [(name, textnorm.reading(name)) for _ in range(ROUNDS) for name in names]

    for results in _in_threads(work):
        for name, got in results:
            assert got == expected[name]


def test_each_thread_has_its_own_tokenizer_over_one_dictionary():
    def work(i):
        first, _ = textnorm._tokenizer()
        again, _ = textnorm._tokenizer()
        assert first is again
        return id(first)

    holders = []

    def keep(i):
        tokenizer, _ = textnorm._tokenizer()
        holders.append(tokenizer)  # kept alive so ids cannot be reused
        return work(i)

    assert len(set(_in_threads(keep, count=4))) == 4


@pytest.fixture
def searchable(transactional_db, staff):
    from profiles.services.organizations import organization_create
    from tests.factories import tag, tags

    for i, (name, kana, desc) in enumerate(
        [
            ("若林こども食堂", "ワカバヤシコドモショクドウ", "地域の子供たちに温かい夕食を。"),
            ("八幡町内会", "ヤワタチョウナイカイ", "防災訓練と夏祭り"),
            ("NPO法人 みまもりネット", "ミマモリネット", "高齢者の見守りと子どもの居場所"),
        ]
    ):
        organization_create(
            by=staff, publish=True, kind="npo" if i != 1 else "neighborhood_association",
            name=name, name_kana=kana, description=desc, ward=tag("area", "aoba"),
            fields=tags("field", "child-development"),
        )  # fmt: skip


def test_sixteen_people_searching_the_api_and_directory_at_once_all_get_answers(searchable):
    paths = [
        "/api/v1/organizations/?q=こども",
        "/directory/?q=しょくどう",
        "/api/v1/organizations/?q=防災",
        "/directory/?q=高齢者",
    ]

    def work(i):
        client = Client()
        answers = []
        for r in range(ROUNDS // 2):
            path = paths[(i + r) % len(paths)]
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="ja")
            answers.append((path, response.status_code, response.content.decode()))
            # A server hands the connection back at the end of each request; the test client
            # keeps it (for the test's transaction), so do what the server does.
            connections.close_all()
        return answers

    answers = [a for per_thread in _in_threads(work) for a in per_thread]
    assert len(answers) == THREADS * (ROUNDS // 2)
    assert [(p, s) for p, s, _ in answers if s != 200] == []
    for path, _, body in answers:
        if path.endswith("こども") or path.endswith("しょくどう"):
            assert "若林こども食堂" in body
        if path.endswith("防災"):
            assert "八幡町内会" in body
            assert "若林こども食堂" not in body
