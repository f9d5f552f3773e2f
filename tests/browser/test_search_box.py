"""The search box in the console's header, in headless Chromium: typing a device code, an
account number or an address lists the matches, following one (or pressing Enter) opens the
grid map on it, marked; public pages have no search box; no page logs an error to the
browser's console."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.usefixtures("console_errors")


def test_a_transformer_code_opens_the_map_on_it(page: Page, console_url: str, db) -> None:
    code, lon, lat = db.execute(
        "SELECT code, ST_X(geom), ST_Y(geom) FROM transformer ORDER BY id DESC LIMIT 1"
    ).fetchone()
    page.goto(f"{console_url}/notices")  # any console page has the box
    box = page.locator("#search")
    expect(box).to_be_visible()
    box.fill(code.lower())
    match = page.locator("#search-results a", has_text=code)
    expect(match).to_have_count(1)
    expect(match).to_contain_text("Transformer")
    match.click()
    expect(page).to_have_url(re.compile(rf"/\?lon={lon:.6f}&lat={lat:.6f}&zoom=18$"))
    expect(page.locator("path.gridops-focus")).to_have_count(1)
    expect(page.locator("#search-results a")).to_have_count(0)


def test_enter_on_an_account_number_opens_its_customer(page: Page, console_url: str, db) -> None:
    account, lon, lat = db.execute(
        "SELECT account_no, ST_X(geom), ST_Y(geom) FROM customer ORDER BY id LIMIT 1"
    ).fetchone()
    page.goto(f"{console_url}/history")
    box = page.locator("#search")
    expect(box).to_be_visible()
    box.fill(account)
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/\?lon={lon:.6f}&lat={lat:.6f}&zoom=19$"))
    expect(page.locator("path.gridops-focus")).to_have_count(1)


def test_an_address_opens_the_map_on_its_customer(page: Page, console_url: str, db) -> None:
    address, lon, lat = db.execute(
        "SELECT address, ST_X(geom), ST_Y(geom) FROM customer WHERE address IN "
        "(SELECT address FROM customer GROUP BY address HAVING count(*) = 1) "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()  # an address of one customer (a building's may have several)
    page.goto(f"{console_url}/notices")
    box = page.locator("#search")
    expect(box).to_be_visible()
    box.fill(address.split("区", 1)[1])  # the street and the house number
    match = page.locator("#search-results a", has_text=address)
    expect(match).to_have_count(1)
    expect(match).to_contain_text("Address")
    match.click()
    expect(page).to_have_url(re.compile(rf"/\?lon={lon:.6f}&lat={lat:.6f}&zoom=19$"))
    expect(page.locator("path.gridops-focus")).to_have_count(1)


def test_nothing_found_is_said_in_the_chosen_language(page: Page, console_url: str) -> None:
    page.goto(console_url)
    page.get_by_label("中文").check()
    box = page.locator("#search")
    expect(box).to_have_attribute("placeholder", "设备编号、户号、名称或地址")
    box.fill("no-such-device")
    expect(page.locator("#search-results")).to_have_text("未找到。")


def test_public_pages_have_no_search_box(page: Page, console_url: str) -> None:
    page.goto(f"{console_url}/public/outages")
    expect(page.locator("#nav")).to_be_hidden()
    expect(page.locator("#search-box")).to_be_hidden()
