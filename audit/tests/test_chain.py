import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit import services as audit
from audit.models import AuditEntry


@pytest.fixture
def trail(users, agencies):
    agency = agencies["pupr"]
    entries = []
    for name in ["Dinas PUPR Belitung Timur", "Dinas PUPR", "Dinas Pekerjaan Umum"]:
        before = audit.snapshot(agency)
        agency.name = name
        agency.save()
        entries.append(audit.record(actor=users["admin"], action="update", instance=agency, before=before))
    return entries


def test_record_stores_only_changed_fields(trail):
    assert trail[1].changes == {"name": ["Dinas PUPR Belitung Timur", "Dinas PUPR"]}


def test_chain_links_each_entry_to_previous(trail):
    assert trail[0].previous_hash == audit.GENESIS_HASH
    assert trail[1].previous_hash == trail[0].hash
    assert trail[2].previous_hash == trail[1].hash


def test_verify_intact_chain(trail, capsys):
    call_command("verify_audit_chain")
    assert "3 entries checked" in capsys.readouterr().out


def test_verify_catches_row_edited_behind_application(trail):
    # Change the recorded "after" value with raw SQL, as someone with database access might.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET changes = %s WHERE id = %s",
            ['{"name": ["Dinas PUPR Belitung Timur", "Dinas Lain"]}', trail[1].pk],
        )
    with pytest.raises(CommandError, match=r"entry #2 .*content does not match its hash"):
        call_command("verify_audit_chain")


def test_verify_catches_deleted_entry(trail):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [trail[1].pk])
    check = audit.verify_chain()
    assert check.first_bad == AuditEntry.objects.get(pk=trail[2].pk)
    assert check.reason == "sequence 2 is missing"
