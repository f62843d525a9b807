"""The benchmark's pages come from each app's bench_pages.py (bench/pages.py), in a fixed order."""

from bench import pages

FOUNDATION = {
    "floor", "unit_list", "unit_page", "staff_directory", "my_individuals", "my_individuals_no_audit",
    "individual_page", "individual_page_no_audit",
}  # fmt: skip


def test_each_app_brings_its_pages_in_order() -> None:
    names = [page.name for page in pages.pages()]
    # Other apps add pages of their own between and after these: the foundation's, in order.
    assert [name for name in names if name in FOUNDATION] == [
        "floor",
        "unit_list",
        "unit_page",
        "staff_directory",
        "my_individuals",
        "my_individuals_no_audit",
        "individual_page",
        "individual_page_no_audit",
    ]
    audited = {page.name for page in pages.pages() if page.audited}
    assert {"my_individuals", "individual_page"} <= audited
    assert {page.name for page in pages.pages() if page.audit_off} == {n + "_no_audit" for n in audited}


def test_a_new_page_is_one_registration_away() -> None:
    page = pages.Page("new_page", "A capability's page", lambda: ["/new/"])
    pages.register(page, order=15)
    try:
        names = [p.name for p in pages.pages()]
        assert names.index("staff_directory") < names.index("new_page") < names.index("my_individuals")
    finally:
        pages._pages.pop("new_page")
