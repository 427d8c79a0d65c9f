import pytest

from accounts.models import TalentCentre
from reviews import workflow
from reviews.models import ReviewerRole
from reviews.states import Action, Role
from tests.conftest import make_user
from tests.titles.conftest import fill_complete, new_application


@pytest.fixture(autouse=True)
def _next_year_known(calendar_next_year):
    pass


@pytest.fixture
def centre(db):
    return TalentCentre.objects.order_by("pk").first()


def reviewer(username, phone, id17, role, **scope):
    user = make_user(username=username, phone=phone, id17=id17, name="审核人" + username[-1])
    return ReviewerRole.objects.create(user=user, role=role, **scope)


@pytest.fixture
def roles(catalog, unit, centre):
    """One reviewer in scope for each role, and one out of scope for each."""
    other_unit = [u for u in catalog["units"] if u.department_id != unit.department_id][0]
    other_centre = type(centre).objects.exclude(pk=centre.pk).first()
    other_committee = [c for c in catalog["committees"] if c != catalog["open_batch"].committee][0]
    return {
        "unit": reviewer("unitrev", "13910000001", "50010319800101101", Role.UNIT, unit=unit),
        "department": reviewer(
            "deptrev", "13910000002", "50010319800101102", Role.DEPARTMENT, department=unit.department
        ),
        "centre": reviewer("centrerev", "13910000003", "50010319800101103", Role.CENTRE, centre=centre),
        "committee": reviewer(
            "commrev", "13910000004", "50010319800101104", Role.COMMITTEE, committee=catalog["open_batch"].committee
        ),
        "other_unit": reviewer("ounitrev", "13910000005", "50010319800101105", Role.UNIT, unit=other_unit),
        "other_department": reviewer(
            "odeptrev", "13910000006", "50010319800101106", Role.DEPARTMENT, department=other_unit.department
        ),
        "other_centre": reviewer("ocentrev", "13910000007", "50010319800101107", Role.CENTRE, centre=other_centre),
        "other_committee": reviewer(
            "ocommrev", "13910000008", "50010319800101108", Role.COMMITTEE, committee=other_committee
        ),
    }


@pytest.fixture
def submitted(applicant, catalog, unit):
    """A complete application submitted for unit review; its archive is at a talent centre."""
    application = fill_complete(new_application(applicant, catalog), unit)
    return workflow.fire(Action.SUBMIT, application, applicant)
