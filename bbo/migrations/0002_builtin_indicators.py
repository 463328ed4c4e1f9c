"""Seed the built-in indicators and one manual indicator with default weights; the kabupaten can change them."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    (
        "kunjungan",
        "Proyek di desa yang dikunjungi dalam periode",
        "built_in",
        Decimal("25"),
        1,
        "Bagian proyek di desa (tahun anggaran periode) yang dikunjungi pemerintah desa dalam periode.",
    ),
    (
        "laporan_tepat_waktu",
        "Laporan tepat waktu",
        "built_in",
        Decimal("15"),
        2,
        "Bagian laporan kunjungan yang masuk ke SIMPOR paling lambat 3 hari setelah kunjungan.",
    ),
    (
        "foto_bukti",
        "Foto bukti yang lolos pemeriksaan",
        "built_in",
        Decimal("20"),
        3,
        "Bagian foto laporan yang lolos pemeriksaan lokasi, waktu, dan penggunaan ulang.",
    ),
    (
        "temuan_terkonfirmasi",
        "Temuan yang dikonfirmasi OPD",
        "built_in",
        Decimal("20"),
        4,
        "Bagian temuan desa yang sudah diputus OPD dan diterima (dijawab atau selesai), bukan ditolak.",
    ),
    (
        "respons_aduan",
        "Tanggapan atas aduan masyarakat",
        "built_in",
        Decimal("10"),
        5,
        "Bagian aduan masyarakat tentang desa dalam periode yang sudah ditangani desa.",
    ),
    (
        "tata_kelola",
        "Tata kelola dan keterbukaan informasi desa",
        "manual",
        Decimal("10"),
        6,
        "Dinilai evaluator kecamatan atau kabupaten dengan bukti: papan informasi APBDes, musyawarah desa, dokumen.",
    ),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("bbo", "Indicator")
    for code, name, kind, weight, order, description in DEFAULTS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "weight": weight, "order": order, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("bbo", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
