def test_village_operator_signs_in_on_phone(page, login, users):
    login(users["lalang_jaya"])
    assert page.url.endswith("/pantau/")
    assert page.locator("html").get_attribute("lang") == "id"
