"""Every text the bot shows, in polite and short Bahasa Indonesia (one place, easy to review)."""

from __future__ import annotations

from typing import Final

PERINTAH: Final[list[tuple[str, str]]] = [
    ("lapor", "Laporkan realisasi bulanan sub kegiatan"),
    ("lapor_indikator", "Laporkan realisasi indikator program/sasaran per triwulan"),
    ("capaian", "Capaian unit kerja di bawah Anda"),
    ("belum", "Bawahan yang belum melapor"),
    ("jadwal", "Tenggat laporan Anda dan statusnya"),
    ("kendala", "Sampaikan kendala kepada Bappeda"),
    ("batal", "Batalkan langkah yang sedang berjalan"),
    ("bantuan", "Petunjuk penggunaan"),
    ("keluar", "Lepaskan tautan akun Telegram ini"),
    ("start", "Tautkan akun dengan kode dari admin"),
]

BELUM_TERTAUT: Final = (
    "Mohon maaf, akun Telegram Anda belum terdaftar.\n"
    "Mintalah kode tautan kepada admin Bappeda, lalu kirim /start KODE."
)
BELUM_TERTAUT_SINGKAT: Final = "Akun belum terdaftar. Kirim /start KODE dari admin Bappeda."
KODE_GAGAL: Final = "{alasan}\nMintalah kode baru kepada admin Bappeda, lalu kirim /start KODE."
SELAMAT_DATANG: Final = (
    "Selamat datang, Bapak/Ibu {jabatan} ({nama}).\n"
    "Akun Telegram Anda sudah tertaut. Kirim /lapor untuk melaporkan realisasi bulanan, "
    "atau /bantuan untuk petunjuk."
)
SUDAH_TERTAUT: Final = (
    "Selamat datang kembali, Bapak/Ibu {jabatan} ({nama}).\n"
    "Kirim /lapor untuk melaporkan realisasi bulanan, atau /bantuan untuk petunjuk."
)
KELUAR: Final = (
    "Tautan akun Telegram Anda dengan jabatan {jabatan} sudah dilepas. Terima kasih.\n"
    "Untuk menautkan kembali, mintalah kode baru kepada admin Bappeda."
)
BANTUAN: Final = (
    "Petunjuk singkat:\n"
    "/lapor - laporkan realisasi bulanan sub kegiatan\n"
    "/lapor_indikator - laporkan realisasi indikator program/sasaran per triwulan\n"
    "/capaian - capaian unit kerja Anda (contoh: /capaian 2026-03)\n"
    "/belum - bawahan yang belum melapor\n"
    "/jadwal - tenggat laporan Anda dan statusnya\n"
    "/kendala - sampaikan kendala kepada Bappeda\n"
    "/batal - batalkan langkah yang sedang berjalan\n"
    "/keluar - lepaskan tautan akun\n"
    "/daftar_grup - (staf Bappeda, di dalam grup) daftarkan grup Bappeda\n"
    "Angka ditulis dengan format Indonesia: koma untuk desimal (12,5) "
    "dan titik untuk ribuan (1.500.000)."
)
TIDAK_DIKENALI: Final = "Mohon maaf, pesan tersebut tidak dikenali. Kirim /bantuan untuk petunjuk."
PESAN_DISUNTING: Final = (
    "Mohon maaf, pesan yang disunting tidak dibaca ulang. Bila ada jawaban yang keliru, "
    "ubahlah dengan tombol Ubah pada ringkasan sebelum menekan Kirim."
)
TIDAK_ADA_YANG_DIBATALKAN: Final = "Tidak ada proses yang sedang berjalan."
DIBATALKAN: Final = "Baik, laporan dibatalkan. Tidak ada data yang disimpan."
TOMBOL_KEDALUWARSA: Final = "Tombol ini sudah kedaluwarsa"
GALAT: Final = (
    "Maaf, terjadi kesalahan pada sistem. Jawaban yang sudah Anda isi tetap tersimpan; "
    "silakan coba lagi sebentar lagi."
)
HANYA_PRIBADI: Final = "Mohon gunakan bot ini melalui pesan pribadi."

# /lapor
TIDAK_ADA_SUB_KEGIATAN: Final = (
    "Mohon maaf, belum ada sub kegiatan tahun {tahun} dengan Bapak/Ibu sebagai penanggung jawab. "
    "Silakan hubungi admin Bappeda."
)
PILIH_SUB_KEGIATAN: Final = (
    "Silakan pilih sub kegiatan yang akan dilaporkan (halaman {hal}/{total}):"
)
BUKAN_MILIK: Final = "Mohon maaf, sub kegiatan tersebut bukan tanggung jawab Anda."
PILIH_BULAN: Final = (
    "Sub kegiatan: {nama}\nPilih bulan laporan. Bulan dengan tenggat terdekat: {bulan_bawaan} "
    "(tenggat {tenggat})."
)
TANPA_ROPP: Final = "Mohon maaf, belum ada rencana (ROPP) {bulan} untuk sub kegiatan ini."
TANYA_BOBOT: Final = (
    "{judul}\nTarget bobot fisik bulan ini: {target}%.\n{outputs}\n"
    "Berapa realisasi bobot fisik (%) bulan ini? Contoh: 12,5"
)
OUTPUT_BARIS: Final = "• {uraian}: {volume} {satuan} (bobot {bobot}%)"
TANPA_OUTPUT: Final = "Tidak ada output ROPP bulan ini."
SEBELUMNYA: Final = (
    "Laporan bulan ini sudah pernah dikirim (revisi {revisi}): bobot {bobot}%, anggaran Rp {anggaran}, "
    "kendala: {kendala}, tindak lanjut: {tindak_lanjut}. Laporan baru akan menjadi revisi berikutnya."
)
TANYA_ANGGARAN: Final = (
    "Target anggaran kas bulan ini: Rp {target}.\n"
    "Berapa realisasi anggaran (Rp) bulan ini? Contoh: 250.000.000 atau 250 juta"
)
TANYA_KENDALA: Final = 'Apa kendala yang dihadapi bulan ini? Tekan "Tidak ada" bila tidak ada.'
TANYA_TINDAK_LANJUT: Final = 'Apa tindak lanjutnya? Tekan "Tidak ada" bila tidak ada.'
TIDAK_ADA: Final = "Tidak ada"
PAKAI_TOMBOL_PILIH: Final = (
    "Mohon pilih dengan menekan salah satu tombol pada pesan di atas, atau kirim /batal."
)
PAKAI_TOMBOL_RINGKASAN: Final = (
    "Laporan Anda belum terkirim. Mohon tekan Kirim, Ubah, atau Batal pada ringkasan di atas."
)
#: Telegram refuses a message text longer than this (Bot API: 1-4096 characters after entities)
MAKS_PESAN: Final = 4096
#: a kendala or tindak lanjut quoted in a summary or a reminder of the previous report is cut here
#: (the whole text is kept): each answer may be 2,000 characters, and two of them with the rest of a
#: summary would pass Telegram's limit and leave the official unable to send the report
KUTIPAN_MAKS: Final = 600
DIPERSINGKAT: Final = "… (dipersingkat, {panjang} karakter)"


def kutipan(teks: str | None, maks: int = KUTIPAN_MAKS) -> str:
    """A typed kendala or tindak lanjut as a message quotes it: "Tidak ada" when empty, cut to
    ``maks`` characters with a note of its full length when longer."""
    if not teks:
        return TIDAK_ADA
    if len(teks) <= maks:
        return teks
    return teks[:maks].rstrip() + DIPERSINGKAT.format(panjang=len(teks))


def muat(teks: str) -> str:
    """``teks`` cut to what Telegram accepts in one message (a last guard; the quotes above keep
    the bot's own messages well under it)."""
    if len(teks) <= MAKS_PESAN:
        return teks
    return teks[: MAKS_PESAN - 1] + "…"


BUKAN_TEKS: Final = "Mohon kirim jawaban dalam bentuk teks."
DITERUSKAN: Final = "Mohon ketik jawabannya langsung, bukan pesan yang diteruskan."
NEGATIF: Final = "{nama} tidak boleh negatif."
TERLALU_BESAR: Final = "{nama} terlalu besar. Mohon periksa kembali angkanya."
BOBOT_LEBIH_100: Final = "Realisasi bobot tidak boleh lebih dari 100%."
TEKS_TERLALU_PANJANG: Final = "Mohon persingkat jawaban (paling banyak {maks} karakter)."
RINGKASAN: Final = (
    "Mohon periksa laporan berikut:\n"
    "Sub kegiatan: {nama}\nBulan: {bulan}\n"
    "Realisasi bobot fisik: {bobot}% (target {target_bobot}%)\n"
    "Realisasi anggaran: Rp {anggaran} (target Rp {target_anggaran})\n"
    "Kendala: {kendala}\nTindak lanjut: {tindak_lanjut}\n"
    "Tekan Kirim untuk menyimpan."
)
KIRIM: Final = "Kirim"
UBAH: Final = "Ubah"
BATAL: Final = "Batal"
SEBELUMNYA_TOMBOL: Final = "« Sebelumnya"
BERIKUTNYA_TOMBOL: Final = "Berikutnya »"
KENDALA_TIDAK_ADA: Final = "Kendala: tidak ada."
TINDAK_LANJUT_TIDAK_ADA: Final = "Tindak lanjut: tidak ada."
GAGAL_SIMPAN: Final = "Laporan belum tersimpan:\n{masalah}\nSilakan perbaiki jawabannya."
TERSIMPAN: Final = (
    "Terima kasih, laporan {nama} {bulan} sudah tersimpan (revisi {revisi}).{terlambat}\n\n"
    "Capaian {bulan}:\n"
    "• Kinerja: {kinerja_bulan}\n"
    "• Anggaran: {anggaran_bulan}\n\n"
    "Capaian kumulatif s.d. {bulan}:\n"
    "• Kinerja: {kinerja_kumulatif}\n"
    "• Anggaran: {anggaran_kumulatif}"
)
TERLAMBAT: Final = "\nCatatan: laporan melewati tenggat {tenggat}."
JUDUL_GRAFIK: Final = "Kurva S fisik {nama} {tahun}"

# /lapor: outputs, bukti dukung, escalation, the reminder's button, indicators (issue 4 items 3, 5)
TANYA_OUTPUT: Final = (
    "Output {ke} dari {jumlah}: {uraian}\n"
    "Target volume bulan ini: {target} {satuan}.{sebelumnya}\n"
    "Berapa volume output yang terealisasi bulan ini ({satuan})? Contoh: 1"
)
OUTPUT_SEBELUMNYA: Final = "\nLaporan sebelumnya: {volume} {satuan}."
NAMA_VOLUME: Final = "Volume {uraian}"
TANYA_BUKTI: Final = (
    "Silakan kirim bukti dukung berupa foto atau dokumen (boleh lebih dari satu, "
    'paling banyak {maks} berkas). Tekan "Lewati" bila tidak ada.'
)
TANYA_BUKTI_ADA: Final = (
    'Bukti dukung terlampir: {jumlah} berkas. Kirim berkas lain, atau tekan "Selesai".'
)
BUKTI_DITERIMA: Final = (
    "Diterima: {berkas}. Bukti dukung terlampir: {jumlah} berkas.\n"
    'Kirim berkas lain, atau tekan "Selesai".'
)
BUKTI_SUDAH_ADA: Final = "Berkas ini sudah dilampirkan sebelumnya."
BUKTI_PENUH: Final = 'Bukti dukung sudah {maks} berkas (batas). Tekan "Selesai" untuk melanjutkan.'
BUKAN_BERKAS: Final = 'Mohon kirim foto atau dokumen, atau tekan "Selesai" / "Lewati".'
FOTO: Final = "foto"
DOKUMEN: Final = "dokumen"
LEWATI: Final = "Lewati"
SELESAI: Final = "Selesai"
ISI_LAPORAN: Final = (
    "Sub kegiatan: {nama}\nBulan: {bulan}\n"
    "Realisasi bobot fisik: {bobot}% (target {target_bobot}%)\n"
    "{outputs}"
    "Realisasi anggaran: Rp {anggaran} (target Rp {target_anggaran})\n"
    "Kendala: {kendala}\nTindak lanjut: {tindak_lanjut}\n"
    "Bukti dukung: {bukti}"
)
RINGKASAN_LAPOR: Final = (
    "Mohon periksa laporan berikut:\n" + ISI_LAPORAN + "\nTekan Kirim untuk menyimpan."
)
#: after Kirim the summary message becomes the record of what was sent, then the result
LAPORAN_TERKIRIM: Final = "Laporan yang dikirim:\n" + ISI_LAPORAN
RINGKASAN_OUTPUT: Final = "Realisasi output:\n{baris}\n"
RINGKASAN_OUTPUT_BARIS: Final = "• {uraian}: {volume} {satuan} (target {target})"
JUMLAH_BERKAS: Final = "{jumlah} berkas"
TERSIMPAN_BUKTI: Final = "\nBukti dukung: {jumlah} berkas."
BUKTI_GAGAL_UNDUH: Final = (
    "\nCatatan: {jumlah} berkas bukti dukung belum dapat diunduh ke server; tanda berkas "
    "Telegram-nya sudah disimpan bersama laporan."
)
TERUSKAN_KENDALA: Final = "Teruskan kendala ke Bappeda"
INDIKATOR_TOMBOL: Final = "Indikator program/sasaran (triwulanan)"
HANYA_INDIKATOR: Final = (
    "Bapak/Ibu tidak memiliki sub kegiatan tahun {tahun}, tetapi menjadi penanggung jawab "
    "indikator program/sasaran yang dilaporkan per triwulan. Silakan tekan tombol di bawah."
)
BULAN_BELUM_MULAI: Final = "Mohon maaf, bulan tersebut belum dapat dilaporkan."

# /lapor_indikator, /capaian, /belum (issue 4 item 4: Kabid and Kepala PD)
LI_TIDAK_ADA: Final = (
    "Mohon maaf, belum ada indikator program atau sasaran tahun {tahun} dengan Bapak/Ibu sebagai "
    "penanggung jawab. Silakan hubungi admin Bappeda."
)
LI_PILIH: Final = "Silakan pilih indikator yang akan dilaporkan (halaman {hal}/{total}):"
LI_BUKAN_MILIK: Final = "Mohon maaf, indikator tersebut bukan tanggung jawab Anda."
LI_INFO: Final = "Indikator: {uraian}\n{node}\nTarget tahunan: {target} {satuan} ({arah})"
LI_PILIH_TW: Final = (
    "{info}\n\nPilih triwulan laporan. "
    "Triwulan dengan tenggat terdekat: {bawaan} (tenggat {tenggat})."
)
LI_TERPILIH: Final = "{node}\n{triwulan} (tenggat {tenggat})"
LI_TANYA_NILAI: Final = (
    "{info}\n{target_tw}\n\nBerapa realisasi nilai indikator {triwulan} ({satuan})? Contoh: 12,5"
)
# Pergub 17/2023 Lampiran II: the quarterly capaian is measured against the quarter's target
# (Program Triwulanan kolom 11 = kolom 9 / kolom 7); without one, against the annual target.
LI_TARGET_TW: Final = "Target {triwulan}: {target} {satuan}"
LI_TARGET_TW_KOSONG: Final = (
    "Target {triwulan}: belum ditetapkan (capaian dihitung terhadap target tahunan)"
)
LI_SEBELUMNYA: Final = (
    "Laporan triwulan ini sudah pernah dikirim (revisi {revisi}): nilai {nilai} {satuan}, "
    "kendala: {kendala}, tindak lanjut: {tindak_lanjut}. Laporan baru akan menjadi revisi berikutnya."
)
LI_TANYA_KENDALA: Final = (
    'Apa kendala yang dihadapi triwulan ini? Tekan "Tidak ada" bila tidak ada.'
)
LI_RINGKASAN: Final = (
    "Mohon periksa laporan berikut:\n{info}\n"
    "Periode: {triwulan}\nRealisasi: {nilai} {satuan}\n"
    "Kendala: {kendala}\nTindak lanjut: {tindak_lanjut}\n"
    "Tekan Kirim untuk menyimpan."
)
LI_SEBELUMNYA_SINGKAT: Final = "\nNilai sebelumnya: {nilai} {satuan} (revisi {revisi})."
LI_TERSIMPAN: Final = (
    "Terima kasih, realisasi indikator {uraian} {triwulan} sudah tersimpan "
    "(revisi {revisi}).{terlambat}{sebelumnya}\n\n"
    "Realisasi: {nilai} {satuan} (target {acuan} {target} {satuan})\n"
    "Capaian: {capaian} terhadap target {acuan}{catatan_target}"
)
LI_CATATAN_TANPA_TARGET_TW: Final = (
    "\nTarget {tw} indikator ini belum ditetapkan, sehingga capaian dihitung terhadap target "
    "tahunan."
)
CAPAIAN_FORMAT: Final = "Mohon tulis bulan dengan format TAHUN-BULAN, contoh: /capaian 2026-03"
CAPAIAN_KOSONG: Final = (
    "Belum ada unit kerja tahun {tahun} dengan Bapak/Ibu sebagai penanggung jawab. "
    "Silakan hubungi admin Bappeda."
)
CAPAIAN_JUDUL: Final = "Capaian unit kerja {jabatan}\nBulan {bulan} (kumulatif s.d. {bulan})"
CAPAIAN_UNIT: Final = (
    "{nama}\n"
    "• {bulan}: kinerja {kinerja_bulan}; anggaran {anggaran_bulan}\n"
    "• s.d. {bulan}: kinerja {kinerja_kumulatif}; anggaran {anggaran_kumulatif}"
)
CAPAIAN_RINCIAN: Final = "  Rincian s.d. {bulan}:"
CAPAIAN_ANAK: Final = "   - {nama}: kinerja {kinerja}; anggaran {anggaran}"
CAPAIAN_GRAFIK_JUDUL: Final = "Capaian kinerja unit kerja"
BELUM_TANPA_BAWAHAN: Final = "Belum ada bawahan yang tercatat untuk Bapak/Ibu."
BELUM_SEMUA_SUDAH: Final = (
    "Semua bawahan Bapak/Ibu ({jumlah} orang) sudah melapor realisasi {bulan} "
    "dan indikator {triwulan}. Terima kasih."
)
BELUM_JUDUL: Final = (
    "Bawahan yang belum melapor ({jumlah} dari {total} orang):\n"
    "Realisasi bulanan {bulan}, tenggat {tenggat_bulan}\n"
    "Indikator {triwulan}, tenggat {tenggat_triwulan}"
)
BELUM_PEJABAT: Final = "{nama} - {jabatan}"
BELUM_SUB_KEGIATAN: Final = "   Sub kegiatan {bulan}:"
BELUM_INDIKATOR: Final = "   Indikator {triwulan}:"
BELUM_BUTIR: Final = "   • {kode} {nama}"

# /kendala, the Bappeda group, Balas and the one-tap escalation (issue 4 items 2 and 5)
KENDALA_PILIH: Final = (
    "Kendala ini mengenai sub kegiatan yang mana? Pilih Umum bila tidak terkait satu sub kegiatan "
    "(halaman {hal}/{total}):"
)
KENDALA_UMUM: Final = "Umum"
KENDALA_TANYA_URAIAN: Final = "Perihal: {perihal}\nSilakan ketik uraian kendala yang dihadapi."
KENDALA_RINGKASAN: Final = (
    "Mohon periksa kendala berikut:\nPerihal: {perihal}\nUraian: {uraian}\n"
    "Tekan Kirim untuk meneruskannya kepada Bappeda."
)
KENDALA_TERKIRIM: Final = (
    "Terima kasih, kendala #{id} sudah diteruskan kepada Bappeda. "
    "Tanggapan Bappeda akan kami sampaikan melalui pesan ini."
)
KENDALA_TERSIMPAN: Final = (
    "Terima kasih, kendala #{id} sudah tersimpan dan akan diteruskan kepada Bappeda. "
    "Tanggapan Bappeda akan kami sampaikan melalui pesan ini."
)
KENDALA_GAGAL: Final = "Kendala belum tersimpan:\n{masalah}"
KENDALA_DIBATALKAN: Final = "Baik, dibatalkan. Tidak ada data yang disimpan."
KENDALA_LAPOR_BERJALAN: Final = (
    "Laporan /lapor Anda belum selesai. Mohon selesaikan dahulu, atau kirim /batal."
)
KENDALA_BUKAN_MILIK: Final = "Mohon maaf, kendala tersebut bukan kendala yang Anda ajukan."
KENDALA_SUDAH_SELESAI: Final = "Kendala #{id} sudah selesai."
KENDALA_TANYA_BALASAN: Final = "Silakan ketik balasan Anda untuk kendala #{id}."
BALASAN_TERKIRIM: Final = (
    "Terima kasih, balasan untuk kendala #{id} sudah diteruskan kepada Bappeda."
)
BALASAN_TERSIMPAN: Final = (
    "Terima kasih, balasan untuk kendala #{id} sudah tersimpan dan akan dibaca oleh Bappeda."
)
ESKALASI_SUDAH: Final = "Kendala laporan ini sudah diteruskan kepada Bappeda (kendala #{id})."
DAFTAR_GRUP_DI_GRUP: Final = "Perintah /daftar_grup dikirim di dalam grup Bappeda."
DAFTAR_GRUP_DITOLAK: Final = (
    "Mohon maaf, grup hanya dapat didaftarkan oleh staf Bappeda yang akunnya sudah tertaut."
)
DAFTAR_GRUP_OK: Final = (
    "Grup {judul} sudah terdaftar sebagai grup Bappeda. Kendala dari Perangkat Daerah akan "
    "diteruskan ke grup ini."
)
HANYA_BAPPEDA: Final = "Mohon maaf, hanya staf Bappeda yang dapat menanggapi kendala."
MINTA_TANGGAPAN: Final = "{sebut}, silakan balas pesan ini dengan tanggapan untuk kendala #{id}."
PLACEHOLDER_TANGGAPAN: Final = "Tanggapan Bappeda"
KENDALA_DISELESAIKAN: Final = "Kendala #{id} ditandai selesai."
TANGGAPAN_BUKAN_TEKS: Final = "Mohon kirim tanggapan berupa teks, sebagai balasan pesan kendala."
TANGGAPAN_TERKIRIM: Final = (
    "Tanggapan untuk kendala #{id} sudah dikirim kepada {pelapor}. Batas tindak lanjut: {batas}."
)
TANGGAPAN_TERSIMPAN: Final = (
    "Tanggapan untuk kendala #{id} sudah tersimpan dan akan dikirim kepada {pelapor} "
    "segera setelah memungkinkan. Batas tindak lanjut: {batas}."
)

# /jadwal (issue 4 item 6)
JADWAL_JUDUL: Final = "Jadwal tenggat laporan Bapak/Ibu {jabatan} (per {tanggal}):"
JADWAL_BLOK: Final = "\nLaporan {jenis} {periode}, tenggat {tanggal} ({sisa}):"
JADWAL_ITEM: Final = "• {kode} {nama}: {status}"
JADWAL_HARI_INI: Final = "hari ini"
JADWAL_BESOK: Final = "besok"
JADWAL_SISA: Final = "{n} hari lagi"
JADWAL_SUDAH: Final = "sudah lapor"
JADWAL_SUDAH_TERLAMBAT: Final = "sudah lapor (terlambat)"
JADWAL_BELUM: Final = "belum lapor"
JADWAL_TERLAMBAT: Final = "terlambat, belum lapor"
JADWAL_TERLAMBAT_JUDUL: Final = (
    "\nTerlambat, belum dilaporkan (masih dapat dilaporkan melalui /lapor):"
)
JADWAL_TERLAMBAT_ITEM: Final = "• {kode} {nama}: {periode} (tenggat {tanggal})"
JADWAL_KOSONG: Final = (
    "Tidak ada kewajiban laporan atas nama Bapak/Ibu untuk tahun {tahun}. "
    "Bila ini keliru, silakan hubungi admin Bappeda."
)
