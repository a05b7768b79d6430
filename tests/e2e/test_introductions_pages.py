"""Introductions, conversations, collaborations and notifications in Chromium: axe at phone and
desktop width, screenshots, and two people chatting live with the badge updating."""

import datetime as dt
import subprocess
import time
import urllib.request

import pytest

from matching.introductions import services
from tests.conftest import require_service
from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.factories import OrganizationFactory
from tests.helpers import child_env, database_url_for_children, sign_in
from tests.introductions.servers import daphne_command
from tests.introductions.servers import free_port as _free_port

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(chonaikai, npo, company, chonaikai_owner, npo_editor, company_member, monkeypatch):
    """An accepted introduction with a few messages and a collaboration, and an open request
    from the company to the 町内会. (Live pushes are muted while setting up: Playwright's
    event loop owns this thread, and no browser is listening yet.)"""
    with monkeypatch.context() as m:
        m.setattr("core.notifications.push_unread", lambda user_id: None)
        m.setattr("matching.introductions.services._send_to_group", lambda group, payload: None)
        return _build_story(chonaikai, npo, company, chonaikai_owner, npo_editor, company_member)


def _build_story(chonaikai, npo, company, chonaikai_owner, npo_editor, company_member):
    intro = services.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner,
        message="防災訓練で炊き出しを一緒にできませんか。会場と参加者は町内会で用意します。",
    )  # fmt: skip
    services.introduction_accept(introduction=intro, by=npo_editor)
    conversation = intro.conversation
    services.message_post(conversation=conversation, by=chonaikai_owner, body="はじめまして。")
    services.message_post(
        conversation=conversation, by=npo_editor, body="ぜひご一緒に。10月はいかがですか？"
    )
    services.introduction_request(
        requester=company, recipient=chonaikai, by=company_member,
        message="社員ボランティアで清掃活動に参加したいです。",
    )  # fmt: skip
    collaboration = services.collaboration_record(
        by=chonaikai_owner, organization=chonaikai, partner=npo, title="炊き出し訓練",
        own_brings="会場と参加者", partner_brings="調理の担い手",
        started_on=dt.date(2026, 10, 1), outcome="参加者80名", show=True,
    )  # fmt: skip
    return {"conversation": conversation, "intro": intro, "collaboration": collaboration}


PAGES = [
    ("inbox", "/introductions/?box=inbox"),
    ("outbox", "/introductions/?box=outbox"),
    ("detail", "/introductions/{intro}/"),
    ("conversations", "/introductions/conversations/"),
    ("conversation", "/introductions/conversations/{conversation}/"),
    ("collaborations", "/introductions/collaborations/"),
    ("collaboration-new", "/introductions/collaborations/new/"),
    ("report", "/introductions/collaborations/report/"),
    ("collaboration", "/introductions/collaborations/{collaboration}/"),
    ("collaboration-edit", "/introductions/collaborations/{collaboration}/edit/"),
    ("notifications", "/notifications/"),
    ("notification-settings", "/notifications/settings/"),
    ("request", "/introductions/request/?to={youth}"),
]


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_page_is_accessible_at_phone_and_desktop_width(
    live_server, page, axe, screenshot_dir, client, story, chonaikai_owner, company, name, path
):
    sign_in(page.context, live_server.url, chonaikai_owner)
    youth = OrganizationFactory(kind="youth_group", name="仙台ユースまちづくり部")
    url = live_server.url + path.format(
        intro=story["intro"].pk,
        conversation=story["conversation"].pk,
        collaboration=story["collaboration"].pk,
        youth=youth.pk,
    )
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.goto(url)
        assert page.locator("h1").count() == 1
        assert fits_width(page), f"{name} scrolls sideways at {size['width']} px"
        assert serious_violations(axe, page) == []
        page.screenshot(path=f"{screenshot_dir}/introductions-{name}-{label}.png", full_page=True)


def test_the_recipient_accepts_a_request_in_the_browser(
    live_server, page, client, story, chonaikai_owner
):
    sign_in(page.context, live_server.url, chonaikai_owner)
    page.goto(live_server.url + "/introductions/?box=inbox")
    page.get_by_role("link", name="株式会社 杜の都電機").click()
    page.get_by_role("button", name="承諾する").click()
    assert page.get_by_text("承諾しました。").is_visible()
    assert page.get_by_role("link", name="やりとりを開く").is_visible()


# --- live: a real ASGI server, two people in two browser contexts ----------------------------


@pytest.fixture
def asgi_server():
    url = database_url_for_children()
    require_service("PostgreSQL", url is not None, "set DATABASE_URL=postgres://… for e2e chat")
    port = _free_port()
    process = subprocess.Popen(
        daphne_command(port),
        env=child_env(DATABASE_URL=url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def test_two_people_chat_live_and_the_badge_updates(
    asgi_server, browser, client, story, chonaikai_owner, npo_editor, screenshot_dir, axe
):
    conversation = story["conversation"]
    url = f"{asgi_server}/introductions/conversations/{conversation.pk}/"
    ctx_a = browser.new_context(locale="ja-JP", viewport=PHONE)
    ctx_b = browser.new_context(locale="ja-JP", viewport=DESKTOP)
    try:
        sign_in(ctx_a, asgi_server, chonaikai_owner)
        sign_in(ctx_b, asgi_server, npo_editor)
        page_a, page_b = ctx_a.new_page(), ctx_b.new_page()
        page_a.goto(url)
        page_b.goto(asgi_server + "/introductions/")  # B waits elsewhere: the badge must move
        badge_b = page_b.locator("[data-unread-badge]")
        before = int(badge_b.inner_text() or 0)
        # Let both sockets open before anyone writes.
        page_a.wait_for_timeout(800)

        page_a.get_by_role("textbox", name="メッセージ").fill("10月12日の午前はいかがでしょう？")
        page_a.get_by_role("button", name="送信する").click()
        page_a.locator(".chat-message", has_text="10月12日の午前").wait_for()

        page_b.wait_for_function(
            f"Number(document.querySelector('[data-unread-badge]').textContent) > {before}",
            timeout=10000,
        )
        assert badge_b.is_visible()

        page_b.goto(url)
        page_b.locator(".chat-message", has_text="10月12日の午前").wait_for()
        assert int(badge_b.inner_text() or 0) <= before  # opening the conversation read it
        reply = "大丈夫です。会場でお待ちしています。"
        page_b.get_by_role("textbox", name="メッセージ").fill(reply)
        page_b.get_by_role("button", name="送信する").click()
        page_a.locator(".chat-message", has_text="会場でお待ちしています").wait_for(timeout=10000)
        assert "/conversations/" in page_a.url  # no reload needed on A's side
        assert serious_violations(axe, page_a) == []
        page_a.screenshot(path=f"{screenshot_dir}/introductions-live-chat-phone.png")
        page_b.screenshot(path=f"{screenshot_dir}/introductions-live-chat-desktop.png")
    finally:
        ctx_a.close()
        ctx_b.close()
