"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work on our machines, so the tests launch /usr/bin/chromium
(override with SIMPOR_CHROMIUM). `make test` installs it through scripts/ensure-system-packages.
"""

import os

import pytest

from conftest import PASSWORD

CHROMIUM = os.environ.get("SIMPOR_CHROMIUM", "/usr/bin/chromium")

# Playwright's sync API keeps an event loop running in the test thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in item.nodeid.split("/")[0]:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/ensure-system-packages chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    # A 360-px-wide phone in Indonesian, the smallest screen SIMPOR supports.
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="id-ID", timezone_id="Asia/Jakarta", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    def sign_in(user):
        page.goto("/akun/masuk/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]:has-text('Masuk')")
        page.wait_for_load_state()

    return sign_in
