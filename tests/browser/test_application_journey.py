import datetime

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.titles.conftest import jpeg_bytes, png_bytes
from titles.demo_catalog import load_demo_catalog
from titles.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def files(tmp_path):
    photo = tmp_path / "免冠照.jpg"
    photo.write_bytes(jpeg_bytes((260, 340)))
    certificate = tmp_path / "证书.png"
    certificate.write_bytes(png_bytes((800, 560)))
    return {"photo": str(photo), "certificate": str(certificate)}


def save(page):
    page.locator("main form.guard-unsaved button[type=submit]").click()


def open_section(page, label):
    page.locator(".section-menu").get_by_role("link", name=label).click()


def test_new_application_from_choice_to_submitted(page, live_server, applicant, captcha_passes, shoot, files):
    catalog = load_demo_catalog()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("账号").fill(applicant.id_number)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="登录").click()

    # 我的申请书 → 新增申请书: four linked choices, in place
    page.get_by_role("link", name="我的申请书").first.click()
    expect(page.locator("main")).to_contain_text("共 0 条")
    shoot("my-applications-empty")
    page.get_by_role("link", name="+ 新增申请书").click()
    chooser = page.locator("#chooser")
    chooser.get_by_role("link", name="经济", exact=True).click()
    chooser.get_by_role("link", name="经济专业", exact=True).click()
    chooser.get_by_role("link", name="高级经济师", exact=True).click()
    chooser.get_by_role("link", name="重庆市经济专业高级职务评审委员会").click()
    expect(page.locator(".choice-line")).to_contain_text(
        "经济 >> 经济专业 >> 高级经济师 >> 重庆市经济专业高级职务评审委员会"
    )
    expect(page.locator(".choice-line")).to_contain_text("申请书提交截止时间")
    page.get_by_role("button", name="填写申请书").click()
    expect(page.locator("#chooser")).to_contain_text("请阅读并勾选")
    shoot("new-application-pledge-missing")
    page.locator("#id_pledge").check()
    page.get_by_role("button", name="填写申请书").click()

    # 基本信息 with a photo
    expect(page.locator("main")).to_contain_text("请先填写完基本信息，点击保存")
    page.get_by_label("申请资格专业方向").fill("经济管理")
    page.locator("#id_work_started_on").fill("2012-07-01")
    page.locator("#id_unit").select_option(label=catalog["units"][0].name)
    page.get_by_label("国有企业人员").check()
    page.locator("#id_photo_file").set_input_files(files["photo"])
    shoot("basic-info")
    save(page)
    expect(page.locator(".alert-success")).to_contain_text("基本信息已保存")

    # Unsaved changes ask before leaving
    page.get_by_label("证书号").fill("typed but not saved")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    open_section(page, "现有职称")
    assert dialogs == ["beforeunload"]

    # 学历学位情况 with its certificate
    page.locator("#id_education").select_option(label="大学本科")
    page.locator("#id_degree").select_option(label="学士")
    page.get_by_label("证书号").fill("10654120120001")
    page.get_by_label("是否最高").check()
    page.locator("#id_major").fill("经济学")
    page.locator("#id_study_mode").select_option(label="全日制")
    page.get_by_label("学校").fill("西南大学")
    page.locator("#id_graduated_on").fill("2012-06-30")
    page.locator("#id_files").set_input_files([files["certificate"], files["certificate"]])
    save(page)
    expect(page.locator(".section-rows")).to_contain_text("西南大学")
    shoot("education-row")

    # 现有职称 with its certificate
    open_section(page, "现有职称")
    page.get_by_label("职称名称").fill("经济师")
    page.locator("#id_level").select_option(label="中级")
    page.locator("#id_specialty").fill("经济")
    page.locator("#id_obtained_on").fill("2016-10-20")
    page.get_by_label("评审（认定）机构").fill("重庆市人力资源和社会保障局")
    page.get_by_label("证书编号").fill("JJ2016001234")
    page.locator("#id_files").set_input_files(files["certificate"])
    save(page)
    expect(page.locator(".section-rows")).to_contain_text("经济师")

    # 成果、获奖情况: first without its certificate, which is refused
    open_section(page, "成果、获奖情况")
    page.get_by_label("成果（奖项）名称").fill("重庆市优秀经济论文")
    page.get_by_label("奖励等级").fill("一等奖")
    page.get_by_label("授奖部门").fill("重庆市经济学会")
    page.locator("#id_awarded_on").fill("2021-12-01")
    page.get_by_label("本人排名").fill("1")
    save(page)
    expect(page.locator("main")).to_contain_text("请上传获奖证书")
    expect(page.get_by_label("授奖部门")).to_have_value("重庆市经济学会")
    shoot("award-without-certificate")
    page.locator("#id_files").set_input_files(files["certificate"])
    save(page)
    expect(page.locator(".section-rows")).to_contain_text("重庆市优秀经济论文")

    # 我要提交 → 申请书预览 points out the gaps
    page.get_by_role("link", name="我要提交").click()
    gaps = page.locator(".gaps")
    for label in ("至少填写一条工作经历", "至少填写一条工作业绩", "至少填写一条继续教育"):
        expect(gaps).to_contain_text(label)
    expect(page.get_by_role("button", name="继续提交")).to_be_disabled()
    shoot("preview-with-gaps")

    # fill them, following the links from the list
    gaps.get_by_role("link", name="工作经历").click()
    page.locator("#id_started_on").fill("2012-07-01")
    page.get_by_label("工作单位").fill(catalog["units"][0].name)
    page.get_by_label("从事专业技术工作").fill("经济分析与经营管理")
    save(page)
    open_section(page, "工作业绩")
    page.get_by_label("项目（工作）名称").fill("集团年度经营分析")
    page.locator("#id_started_on").fill("2020-01-01")
    page.locator("#id_ended_on").fill("2020-12-31")
    page.get_by_label("本人角色").fill("负责人")
    page.get_by_label("业绩内容").fill("主持完成集团年度经营分析报告，为决策提供依据。")
    save(page)
    year = datetime.date.today().year
    for offset in (1, 2, 3):
        open_section(page, "继续教育")
        page.locator("#id_year").fill(str(year - offset))
        page.get_by_label("学习内容").fill("经济专业继续教育公需科目")
        page.locator("#id_hours").fill("90")
        page.locator("#id_way").select_option(label="网络学习")
        save(page)
    expect(page.locator(".section-rows tbody tr")).to_have_count(3)

    page.get_by_role("link", name="我要提交").click()
    expect(page.locator("main")).to_contain_text("申请书各栏目已填写完整")
    expect(page.locator("#section-education")).to_contain_text("西南大学")
    shoot("preview-complete")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="继续提交").click()

    # back on 我的申请书: 提交成功, 待单位审核
    expect(page.locator(".alert-success")).to_contain_text("提交成功")
    assert asked and "确定提交申请书吗" in asked[0]  # 继续提交 asks first, as 删除 and 撤回 do
    expect(page.locator(".application-list")).to_contain_text("待单位审核")
    expect(page.locator(".stage.current")).to_have_text("单位审核")
    shoot("submitted")
    assert Application.objects.get(applicant=applicant).status == "unit_review"
