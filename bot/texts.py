"""Every text the bot shows, in polite and short Bahasa Indonesia (one place, easy to review)."""

from __future__ import annotations

from typing import Final

PERINTAH: Final[list[tuple[str, str]]] = [
    ("lapor", "Laporkan realisasi bulanan sub kegiatan"),
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
KODE_GAGAL: Final = "{alasan}\nMintalah kode tautan kepada admin Bappeda, lalu kirim /start KODE."
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
    "/batal - batalkan langkah yang sedang berjalan\n"
    "/keluar - lepaskan tautan akun\n"
    "Angka ditulis dengan format Indonesia: koma untuk desimal (12,5) "
    "dan titik untuk ribuan (1.500.000)."
)
TIDAK_DIKENALI: Final = "Mohon maaf, pesan tersebut tidak dikenali. Kirim /bantuan untuk petunjuk."
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
    "Berapa realisasi anggaran (Rp) bulan ini? Contoh: 250.000.000"
)
TANYA_KENDALA: Final = 'Apa kendala yang dihadapi bulan ini? Tekan "Tidak ada" bila tidak ada.'
TANYA_TINDAK_LANJUT: Final = 'Apa tindak lanjutnya? Tekan "Tidak ada" bila tidak ada.'
TIDAK_ADA: Final = "Tidak ada"
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
