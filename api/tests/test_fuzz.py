"""Property-based API test: schemathesis sends generated requests for every operation in the published OpenAPI
schema to the WSGI app in-process, and no response may be a server error (5xx).

Examples are bounded per operation so the whole run stays well under a minute on a 2-core machine.
"""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from citizen import services as citizen_services
from projects.models import ScheduleEntry
from projects.tests.factories import make_finding, make_photo, make_report, make_update

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def keep_test_connection():
    # Django's test client does the same: a request must not close the connection that runs the test's
    # transaction, which request_finished would do on PostgreSQL.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, project, users, regions, keep_test_connection):
    # Data behind every endpoint, so the generated requests reach the serializers and not only 404s.
    ScheduleEntry.objects.create(project=project, week=1, week_end=datetime.date(2026, 3, 15), planned_percent=5)
    update = make_update(project, user=users["pupr"])
    make_photo(project, uploaded_by=users["pupr"], progress_update=update)
    make_finding(make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"]))
    report = citizen_services.citizen_report_submit(
        category="road", description="Jalan berlubang besar.", project=project
    )
    citizen_services.citizen_report_answer(user=users["pupr"], report=report, answer="Sudah ditambal.")

    from simpor.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


def test_api_never_answers_server_error(api_schema):
    # Operations are driven one by one with Hypothesis: schemathesis 4.32's pytest plugin (from_fixture with
    # parametrize) fails under pytest 9 with "'Function' object has no attribute '_nodeid'".
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 9

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(checks=[not_a_server_error])

        check()
