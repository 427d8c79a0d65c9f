"""Files too big for the server are stopped in the browser, before anything typed is sent and lost."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.titles.conftest import fill_basic, new_application, png_bytes
from titles.models import EducationRow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def section_page(page, live_server, applicant, catalog, unit, captcha_passes):
    application = new_application(applicant, catalog)
    fill_basic(application, unit)
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, applicant.id_number)
    page.goto(live_server.url + reverse("titles:section", args=[application.pk, "education"]))
    page.locator("#id_school").fill("西南大学")
    return page


def submit(page):
    page.locator("main form.guard-unsaved button[type=submit]").click()


def test_a_file_over_its_limit_is_stopped_next_to_the_input(section_page, tmp_path):
    big = tmp_path / "扫描件.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 1))
    section_page.locator("#id_files").set_input_files(str(big))
    submit(section_page)
    feedback = section_page.locator(".file-size-feedback")
    expect(feedback).to_contain_text("文件“扫描件.pdf”超过20MB，请压缩后重新选择")
    expect(section_page.locator("#id_school")).to_have_value("西南大学")  # still on the page, nothing lost
    assert not EducationRow.objects.exists()


def test_files_over_the_request_limit_together_are_stopped(section_page, tmp_path, settings):
    settings.MAX_REQUEST_BYTES = 3000
    section_page.reload()  # the inputs carry the limit the server has now
    section_page.locator("#id_school").fill("西南大学")
    paths = []
    for name in ("毕业证.png", "学位证.png"):
        path = tmp_path / name
        path.write_bytes(png_bytes((40, 40)) + b"\0" * 2000)
        paths.append(str(path))
    section_page.locator("#id_files").set_input_files(paths)
    expect(section_page.locator(".file-size-feedback")).to_contain_text("一次最多提交")  # shown on choosing
    submit(section_page)
    expect(section_page.locator("#id_school")).to_have_value("西南大学")
    assert not EducationRow.objects.exists()
    # Choosing fewer files clears the message and the form sends.
    section_page.locator("#id_files").set_input_files(paths[0])
    expect(section_page.locator(".file-size-feedback")).to_have_count(0)
