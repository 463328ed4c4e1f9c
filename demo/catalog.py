"""Contents of the demo data set: OPDs, people, contractors, project names, narratives and findings.

Everything here is fictional except the kind of agency, which follows the OPDs a kabupaten actually has.
Names, narratives and findings are Indonesian because they are data that users typed, not interface text.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitoring.models import Severity
from projects.models import Sector

from .photos import Scene

# One password for every demo account, printed by seed_demo. Demo accounts exist only when SIMPOR_DEMO is on.
DEMO_PASSWORD = "simpor-demo"  # noqa: S105 - published on purpose, demo databases only


@dataclass(frozen=True)
class Template:
    """A kind of work package an OPD tenders, with its pagu range in millions of rupiah.

    ``name`` may use {desa}, {other_desa}, {kecamatan}, {dusun}, {street}, {river}, {number} and {units}.
    A template with {other_desa} covers two neighbouring desa.
    """

    sector: str
    name: str
    budget_min: int
    budget_max: int


@dataclass(frozen=True)
class AgencySpec:
    """An OPD of the demo kabupaten and the accounts that work for it."""

    key: str  # prefix of its usernames, such as pupr.kepala
    name: str
    short_name: str
    head_name: str
    head_title: str
    operator_name: str
    operator_position: str
    # Archive classification code that opens its letter and contract numbers (600 public works, 420 education, ...).
    archive_code: str
    letter_code: str
    ppk_names: tuple[str, ...]
    templates: tuple[Template, ...]
    project_count: int


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        key="pupr",
        name="Dinas Pekerjaan Umum dan Penataan Ruang",
        short_name="Dinas PUPR",
        head_name="Ir. Hendra Saputra, M.T.",
        head_title="Kepala Dinas",
        operator_name="Rizky Pratama, S.T.",
        operator_position="Pengelola Data Bidang Bina Marga",
        archive_code="600",
        letter_code="DPUPR",
        ppk_names=("Ahmad Syarifuddin, S.T.", "Dedi Kurniawan, S.T., M.T."),
        templates=(
            Template(Sector.ROADS, "Peningkatan Jalan Desa {desa} Ruas Dusun {dusun}", 600, 3500),
            Template(Sector.ROADS, "Pembangunan Jalan Penghubung Desa {desa}–{other_desa}", 1500, 8000),
            Template(Sector.ROADS, "Pemeliharaan Berkala {street} Desa {desa}", 400, 1500),
            Template(Sector.ROADS, "Peningkatan Jalan Poros Kecamatan {kecamatan} Segmen {number}", 2000, 8000),
            Template(Sector.BRIDGES, "Pembangunan Jembatan {river} Desa {desa}", 1200, 6000),
            Template(Sector.BRIDGES, "Rehabilitasi Jembatan {river} Desa {desa}", 400, 1800),
            Template(Sector.DRAINAGE, "Pembangunan Drainase {street} Desa {desa}", 250, 1200),
            Template(Sector.WATER, "Pembangunan Jaringan Perpipaan Air Bersih Desa {desa}", 500, 2500),
            Template(Sector.BUILDINGS, "Rehabilitasi Kantor Camat {kecamatan}", 300, 1200),
        ),
        project_count=20,
    ),
    AgencySpec(
        key="dikbud",
        name="Dinas Pendidikan dan Kebudayaan",
        short_name="Dinas Pendidikan",
        head_name="Dra. Sri Wahyuni, M.Pd.",
        head_title="Kepala Dinas",
        operator_name="Fitri Handayani, S.Pd.",
        operator_position="Pengelola Sarana dan Prasarana Sekolah",
        archive_code="420",
        letter_code="DISDIKBUD",
        ppk_names=("Budi Santoso, S.Pd., M.M.",),
        templates=(
            Template(Sector.SCHOOLS, "Rehabilitasi Ruang Kelas SDN {number} {kecamatan}", 150, 900),
            Template(Sector.SCHOOLS, "Pembangunan Ruang Kelas Baru SMPN {number} {kecamatan}", 600, 1800),
            Template(Sector.SCHOOLS, "Pembangunan Toilet Sekolah SDN {number} {kecamatan}", 150, 350),
            Template(Sector.SCHOOLS, "Pembangunan Perpustakaan SDN {number} {kecamatan}", 250, 600),
            Template(Sector.SCHOOLS, "Rehabilitasi Gedung PAUD Desa {desa}", 150, 400),
        ),
        project_count=9,
    ),
    AgencySpec(
        key="dinkes",
        name="Dinas Kesehatan",
        short_name="Dinas Kesehatan",
        head_name="dr. Rahmat Hidayat, M.Kes.",
        head_title="Kepala Dinas",
        operator_name="Novi Anggraini, S.K.M.",
        operator_position="Pengelola Sarana Kesehatan",
        archive_code="440",
        letter_code="DINKES",
        ppk_names=("Hasanuddin, S.K.M., M.Kes.",),
        templates=(
            Template(Sector.HEALTH, "Pembangunan Puskesmas Pembantu Desa {desa}", 700, 1600),
            Template(Sector.HEALTH, "Rehabilitasi Puskesmas {kecamatan}", 800, 3000),
            Template(Sector.HEALTH, "Pembangunan Poskesdes Desa {desa}", 300, 700),
            Template(Sector.HEALTH, "Pembangunan Rumah Dinas Tenaga Kesehatan Puskesmas {kecamatan}", 400, 900),
        ),
        project_count=6,
    ),
    AgencySpec(
        key="perkim",
        name="Dinas Perumahan dan Kawasan Permukiman",
        short_name="Dinas Perkim",
        head_name="Yudi Firmansyah, S.T., M.Si.",
        head_title="Kepala Dinas",
        operator_name="Andika Saputra, S.T.",
        operator_position="Pengelola Data Perumahan",
        archive_code="648",
        letter_code="DISPERKIM",
        ppk_names=("Irwan Setiawan, S.T.",),
        templates=(
            Template(Sector.HOUSING, "Rehabilitasi Rumah Tidak Layak Huni Desa {desa} ({units} Unit)", 300, 900),
            Template(Sector.HOUSING, "Peningkatan Jalan Lingkungan Permukiman Dusun {dusun} Desa {desa}", 200, 700),
            Template(Sector.SANITATION, "Pembangunan IPAL Komunal Desa {desa}", 400, 900),
        ),
        project_count=9,
    ),
    AgencySpec(
        key="distan",
        name="Dinas Pertanian dan Pangan",
        short_name="Dinas Pertanian",
        head_name="Ir. Bambang Suryadi, M.Si.",
        head_title="Kepala Dinas",
        operator_name="Yuliana Sari, S.P.",
        operator_position="Pengelola Prasarana dan Sarana Pertanian",
        archive_code="520",
        letter_code="DISTANPAN",
        ppk_names=("Joko Priyanto, S.P.",),
        templates=(
            Template(Sector.IRRIGATION, "Pembangunan Jaringan Irigasi Tersier Desa {desa}", 200, 900),
            Template(Sector.AGRICULTURE, "Pembangunan Jalan Usaha Tani Desa {desa}", 250, 900),
            Template(Sector.IRRIGATION, "Rehabilitasi Jaringan Irigasi Desa {desa}", 300, 1200),
            Template(Sector.AGRICULTURE, "Pembangunan Embung Pertanian Desa {desa}", 500, 1500),
        ),
        project_count=6,
    ),
    AgencySpec(
        key="dishub",
        name="Dinas Perhubungan",
        short_name="Dinas Perhubungan",
        head_name="Muhammad Ridwan, S.Sos., M.Si.",
        head_title="Kepala Dinas",
        operator_name="Eko Wahyudi",
        operator_position="Pengelola Sarana Lalu Lintas",
        archive_code="550",
        letter_code="DISHUB",
        ppk_names=("Saiful Anwar, S.T.",),
        templates=(
            Template(Sector.TRANSPORT, "Pemasangan Penerangan Jalan Umum Tenaga Surya Desa {desa}", 300, 900),
            Template(Sector.TRANSPORT, "Pemasangan Rambu dan Marka Jalan Ruas {desa}–{other_desa}", 150, 500),
            Template(Sector.TRANSPORT, "Pembangunan Halte Desa {desa}", 150, 300),
        ),
        project_count=4,
    ),
    AgencySpec(
        key="bpbd",
        name="Badan Penanggulangan Bencana Daerah",
        short_name="BPBD",
        head_name="Syamsul Bahri, S.IP.",
        head_title="Kepala Pelaksana",
        operator_name="Taufik Hidayat",
        operator_position="Pengelola Data Kedaruratan",
        archive_code="360",
        letter_code="BPBD",
        ppk_names=("Rudi Hartono, S.T.",),
        templates=(
            Template(Sector.DRAINAGE, "Pembangunan Tanggul Pengendali Banjir {river} Desa {desa}", 800, 3000),
            Template(Sector.DRAINAGE, "Normalisasi Saluran {river} Desa {desa}", 300, 1200),
            Template(Sector.BUILDINGS, "Pembangunan Gudang Logistik Bencana Kecamatan {kecamatan}", 600, 1500),
        ),
        project_count=3,
    ),
    AgencySpec(
        key="dlh",
        name="Dinas Lingkungan Hidup",
        short_name="DLH",
        head_name="Nurhayati, S.Hut., M.Si.",
        head_title="Kepala Dinas",
        operator_name="Dimas Arya Putra",
        operator_position="Pengelola Sarana Persampahan",
        archive_code="660",
        letter_code="DLH",
        ppk_names=("Wahyu Nugroho, S.T.",),
        templates=(
            Template(Sector.SANITATION, "Pembangunan TPS 3R Desa {desa}", 400, 1200),
            Template(Sector.OTHER, "Pembangunan Ruang Terbuka Hijau Desa {desa}", 300, 1000),
        ),
        project_count=3,
    ),
    AgencySpec(
        key="dkp",
        name="Dinas Kelautan dan Perikanan",
        short_name="DKP",
        head_name="Agus Salim, S.Pi., M.Si.",
        head_title="Kepala Dinas",
        operator_name="Rina Marlina, S.Pi.",
        operator_position="Pengelola Sarana Perikanan",
        archive_code="523",
        letter_code="DKP",
        ppk_names=("Hendri Gunawan, S.Pi.",),
        templates=(
            Template(Sector.OTHER, "Pembangunan Dermaga Perahu Nelayan Desa {desa}", 800, 3500),
            Template(Sector.BUILDINGS, "Rehabilitasi Tempat Pelelangan Ikan Desa {desa}", 500, 1800),
            Template(Sector.BUILDINGS, "Pembangunan Sentra Pengolahan Hasil Perikanan Desa {desa}", 400, 1200),
        ),
        project_count=4,
    ),
)


@dataclass(frozen=True)
class Person:
    """A fictional account holder outside the OPDs."""

    username: str
    role: str
    first_name: str
    last_name: str
    position: str


LEADERS = (
    Person("admin.ekbang", "admin", "Siti", "Aminah, S.E.", "Analis Bagian Ekonomi dan Pembangunan Setda"),
    Person("bupati", "leader", "Drs. H. Arif", "Rahman, M.Si.", "Bupati"),
    Person("wakil.bupati", "leader", "Rusdi", "Hamzah, S.E.", "Wakil Bupati"),
    Person("dprd", "dprd", "Hj. Dewi", "Lestari, S.H.", "Ketua Komisi III DPRD"),
)

# Village operators are usually the Sekretaris Desa or the Kaur Perencanaan.
VILLAGE_OPERATOR_FIRST_NAMES = (
    "Ahmad", "Yusuf", "Sulaiman", "Rosita", "Hendri", "Marlina", "Junaidi", "Sri", "Firdaus", "Herlina",
    "Zulkifli", "Misnawati", "Rahmadi", "Suryani", "Ismail", "Nuraini", "Samsudin", "Fatimah", "Rusli", "Yanti",
)  # fmt: skip
VILLAGE_OPERATOR_LAST_NAMES = (
    "Saputra", "Hamid", "Rosyid", "Yunita", "Efendi", "Kartika", "Hasan", "Wulandari", "Ramli", "Susanti",
    "Abdullah", "Pratiwi", "Syahputra", "Maulida", "Fadillah", "Rahayu",
)  # fmt: skip
VILLAGE_OPERATOR_POSITIONS = ("Sekretaris Desa", "Kaur Perencanaan", "Kasi Pemerintahan")

CONTRACTORS = (
    "CV Karya Manggar Mandiri",
    "CV Bintang Timur Belitong",
    "PT Sinar Lenggang Konstruksi",
    "CV Tiga Putra Gantung",
    "CV Mitra Pesak Utama",
    "PT Belitung Raya Perkasa",
    "CV Harapan Damar Jaya",
    "CV Anugerah Kelapa Kampit",
    "CV Cahaya Renggiang",
    "CV Dendang Abadi",
    "PT Lintas Timur Konstruksi",
    "CV Sumber Rezeki Manggar",
    "CV Putra Balok Perkasa",
    "CV Nusa Serumpun Teknik",
)
SUPERVISORS = ("CV Cipta Rekayasa Konsultan", "CV Bina Karya Teknik Konsultan", "PT Mitra Adhi Konsultan")

STREETS = ("Jalan Raya", "Jalan Masjid", "Jalan Pasar", "Jalan Sekolah", "Jalan Pelabuhan", "Jalan Pemuda")
# Small streams named the Belitung way: "aik" is water or stream in the local Malay.
RIVERS = ("Aik Rusa", "Aik Kundur", "Aik Ruak", "Aik Pelempang", "Aik Selumar", "Aik Gede", "Aik Asam", "Aik Merbau")
DUSUN = ("I", "II", "III", "IV")

SCENES = {
    Sector.ROADS: Scene.ROAD,
    Sector.TRANSPORT: Scene.ROAD,
    Sector.AGRICULTURE: Scene.ROAD,
    Sector.BRIDGES: Scene.BRIDGE,
    Sector.BUILDINGS: Scene.BUILDING,
    Sector.SCHOOLS: Scene.BUILDING,
    Sector.HEALTH: Scene.BUILDING,
    Sector.HOUSING: Scene.BUILDING,
    Sector.DRAINAGE: Scene.CHANNEL,
    Sector.IRRIGATION: Scene.CHANNEL,
    Sector.WATER: Scene.CHANNEL,
    Sector.SANITATION: Scene.CHANNEL,
    Sector.OTHER: Scene.BRIDGE,
}

# Sentences on what visitors see at each stage of the work, by scene: (below 30%, below 70%, below 100%, complete).
STAGE_TEXTS = {
    Scene.ROAD: (
        "Pekerjaan masih pada tahap pembersihan lahan dan penghamparan lapis pondasi agregat.",
        "Lapis pondasi sudah dipadatkan dan sebagian ruas sudah diaspal.",
        "Pengaspalan hampir selesai; bahu jalan dan marka belum dikerjakan.",
        "Jalan sudah selesai diaspal dan dapat dilalui kendaraan dengan lancar.",
    ),
    Scene.BUILDING: (
        "Pekerjaan pondasi dan sloof sedang berjalan; material bata dan semen sudah di lokasi.",
        "Dinding sudah berdiri dan kolom praktis sudah dicor; rangka atap belum dipasang.",
        "Atap sudah terpasang; pekerjaan plester, lantai dan kusen sedang berjalan.",
        "Bangunan sudah selesai dan dicat; pintu dan jendela sudah terpasang.",
    ),
    Scene.BRIDGE: (
        "Pekerjaan galian dan pemasangan bekisting pondasi abutment sedang berjalan.",
        "Abutment dan pilar sudah dicor; gelagar belum dipasang.",
        "Lantai jembatan sudah dicor; sandaran dan oprit masih dikerjakan.",
        "Jembatan sudah selesai dan sudah dilalui warga.",
    ),
    Scene.CHANNEL: (
        "Galian saluran sedang dikerjakan; sebagian tanah galian masih menumpuk di pinggir jalan.",
        "Pasangan batu sisi kiri sudah selesai, sisi kanan baru sebagian.",
        "Pasangan saluran hampir selesai; plesteran dan penutup saluran sedang dikerjakan.",
        "Saluran sudah selesai dan air mengalir dengan baik saat kunjungan.",
    ),
}

VISIT_OPENINGS = (
    "Kunjungan dilakukan bersama Kepala Dusun {dusun} dan dua anggota BPD.",
    "Tim pemantau desa (Sekretaris Desa dan Kaur Perencanaan) mengunjungi lokasi pada pagi hari.",
    "Kunjungan bersama Ketua RT setempat dan perwakilan warga penerima manfaat.",
    "Kami meninjau lokasi bersama Kepala Desa setelah menerima laporan warga.",
)
VISIT_CLOSINGS = (
    "Warga berharap pekerjaan selesai sebelum musim hujan.",
    "Warga sekitar mendukung pekerjaan ini dan ikut menjaga material di malam hari.",
    "Kami akan kembali memantau dua minggu lagi.",
    "Pelaksana lapangan bersedia menjelaskan jadwal pekerjaan kepada warga.",
)


@dataclass(frozen=True)
class FindingSpec:
    """A finding a village may raise, with the OPD's follow-up text and, where it has one, its reason to reject it."""

    description: str
    severity: str
    answer: str
    rejection: str = ""


FINDING_SIGNBOARD = FindingSpec(
    "Papan nama proyek tidak terpasang di lokasi pekerjaan.",
    Severity.MEDIUM,
    "Papan nama proyek sudah dipasang oleh penyedia di ujung ruas pekerjaan. Foto terlampir.",
)
FINDING_SAFETY = FindingSpec(
    "Pekerja tidak memakai APD (helm dan sepatu kerja) saat bekerja.",
    Severity.MEDIUM,
    "Penyedia sudah ditegur secara tertulis dan APD sudah dibagikan kepada seluruh pekerja.",
)
FINDING_NO_WORKERS = FindingSpec(
    "Tidak ada pekerja di lokasi saat kunjungan, padahal jadwal menunjukkan pekerjaan sedang berjalan.",
    Severity.HIGH,
    "Penyedia sudah dipanggil rapat pembuktian (SCM) dan menambah tenaga kerja mulai minggu ini.",
)
FINDING_PROGRESS_GAP = FindingSpec(
    "Kemajuan fisik di lapangan tampak jauh di bawah yang dilaporkan OPD.",
    Severity.HIGH,
    "Progres sudah diukur ulang bersama konsultan pengawas dan laporan progres sudah dikoreksi.",
    "Pengukuran bersama konsultan pengawas menunjukkan progres sesuai laporan; sebagian pekerjaan "
    "(fabrikasi dan material) belum tampak dari lokasi kunjungan.",
)
FINDINGS_BY_SCENE = {
    Scene.ROAD: (
        FindingSpec(
            "Ketebalan lapis aspal tampak kurang dari rencana; di beberapa titik kurang dari 4 cm.",
            Severity.HIGH,
            "Sudah dilakukan uji core drill bersama konsultan pengawas; titik yang kurang tebal dibongkar dan "
            "dilapis ulang.",
            "Hasil uji core drill bersama konsultan pengawas rata-rata 5,1 cm, sesuai spesifikasi kontrak.",
        ),
        FindingSpec(
            "Timbunan material menutup sebagian badan jalan tanpa rambu pengaman.",
            Severity.HIGH,
            "Material sudah dipindahkan ke tepi jalan dan rambu pengaman sudah dipasang.",
        ),
        FindingSpec(
            "Bahu jalan belum dipadatkan sehingga tepi aspal mulai retak.",
            Severity.MEDIUM,
            "Pemadatan bahu jalan dijadwalkan minggu depan sesuai urutan pekerjaan.",
        ),
    ),
    Scene.BUILDING: (
        FindingSpec(
            "Retak rambut pada plesteran dinding sisi timur.",
            Severity.LOW,
            "Retak sudah diperbaiki dengan plester ulang dan akan diperiksa kembali saat serah terima.",
            "Retak rambut pada plesteran baru adalah susut normal dan ditangani saat masa pemeliharaan.",
        ),
        FindingSpec(
            "Besi tulangan tampak berkarat dan diletakkan langsung di atas tanah.",
            Severity.MEDIUM,
            "Besi tulangan sudah dibersihkan dan disimpan di atas landasan kayu dengan penutup terpal.",
        ),
        FindingSpec(
            "Kayu kusen yang dipasang tampak bukan kayu kelas II sesuai spesifikasi.",
            Severity.MEDIUM,
            "Kusen sudah diganti dengan kayu sesuai spesifikasi; berita acara pemeriksaan terlampir.",
            "Jenis kayu sudah diperiksa konsultan pengawas dan sesuai spesifikasi (kayu meranti kelas II).",
        ),
    ),
    Scene.BRIDGE: (
        FindingSpec(
            "Perancah lantai jembatan tampak tidak diikat dengan kuat.",
            Severity.HIGH,
            "Perancah sudah diperkuat dan diperiksa oleh konsultan pengawas sebelum pengecoran.",
        ),
        FindingSpec(
            "Sisa bekisting dan material dibuang ke sungai.",
            Severity.MEDIUM,
            "Sisa material sudah diangkat dari sungai dan penyedia sudah diperingatkan.",
        ),
    ),
    Scene.CHANNEL: (
        FindingSpec(
            "Saluran belum tersambung ke saluran pembuang sehingga air menggenang.",
            Severity.MEDIUM,
            "Sambungan ke saluran pembuang masuk dalam tahap akhir pekerjaan dan dikerjakan bulan ini.",
        ),
        FindingSpec(
            "Material pasir yang dipakai bercampur tanah liat.",
            Severity.MEDIUM,
            "Pasir yang tidak sesuai sudah ditolak dan dikeluarkan dari lokasi.",
            "Uji kadar lumpur oleh laboratorium menunjukkan pasir memenuhi syarat.",
        ),
    ),
}

# The village's reasons when it contests the OPD's response. A disputed finding uses both, in this order.
CONTEST_REASONS = (
    "Papan nama yang dipasang tidak mencantumkan nilai kontrak dan sumber dana.",
    "Saat kami kunjungi kembali, masalah yang sama masih terlihat di lokasi.",
)

# Notes an OPD writes with a progress update, by how the work is going.
PROGRESS_NOTES = {
    "on_track": ("Pekerjaan berjalan sesuai jadwal.", "Progres sesuai laporan mingguan konsultan pengawas.", ""),
    "late": (
        "Pekerjaan terlambat karena hujan beberapa hari.",
        "Pasokan material terlambat; penyedia diminta menambah jam kerja.",
    ),
    "critical": (
        "Kontrak kritis: rapat pembuktian (SCM) tahap I sudah dilaksanakan.",
        "Deviasi lebih dari 10%; penyedia diminta menyusun jadwal percepatan.",
    ),
}

# Sentences of a visit narrative, filled in by the generator.
WORKERS_PRESENT = "Saat kunjungan ada {count} pekerja di lokasi."
WORKERS_ABSENT = "Tidak ada pekerja di lokasi saat kunjungan."
WORK_FINISHED = "Pekerjaan sudah selesai; tidak ada lagi kegiatan di lokasi."
WORK_STOPPED = "Pekerjaan terhenti dan lokasi sudah ditinggalkan penyedia."
SIGNBOARD_PRESENT = "Papan nama proyek terpasang dan dapat dibaca."
SIGNBOARD_MISSING = "Papan nama proyek tidak kami temukan di lokasi."
OBSERVED = "Menurut pengamatan kami, kemajuan fisik sekitar {observed} persen."
OBSERVED_BELOW_CLAIM = "Angka ini jauh di bawah progres {claimed} persen yang dilaporkan OPD."

PHO_NOTE = "Pekerjaan selesai 100%; serah terima pertama (PHO) sudah dilaksanakan."
FHO_NOTE = "Masa pemeliharaan selesai; serah terima akhir (FHO) sudah dilaksanakan dan retensi dibayarkan."
TERMINATION_NOTE = "Penyedia tidak memenuhi target SCM III; PPK memutus kontrak."

DELAY_NOTE = "Penyedia kekurangan tenaga kerja dan terlambat mendatangkan material."
FORCE_MAJEURE_NOTE = (
    "Banjir merendam lokasi pekerjaan selama enam hari; berita acara kahar dari PPK "
    "Nomor 027/BA-KAHAR/{year} terlampir."
)
SCM_NOTE = "Rapat pembuktian (SCM) tahap {stage} bersama PPK, konsultan pengawas dan penyedia."
ADMIN_CLOSE_REASON = (
    "Sudah dua kali dibahas bersama OPD dan desa tanpa kesepakatan; perbaikan akan diusulkan pada anggaran "
    "perubahan. Temuan ditutup tanpa perbaikan."
)
