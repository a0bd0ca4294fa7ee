"""Import and export of the SAKIP workbook (use cases).

The whole workbook is checked before anything is written, and every problem is reported with its sheet,
row and column (Bahasa Indonesia). Only when all is valid are the changes written, in one transaction
through the ``*_in`` service variants, and each changed field is recorded in the change log
``perubahan_data`` with its old and new value (Pergub 42/2018 Pasal 28: data traceable, every correction
kept). Items are matched by code; items missing from the workbook are left alone; importing the same
workbook twice changes nothing and records nothing.

The clock is injected (``now``); nothing here calls ``datetime.now()``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Final

from core.audit import BulanTerkunci
from core.calendar import local_date
from core.capaian import Arah
from core.cascade import (
    CascadeNode,
    Indikator,
    Kelompok,
    Pejabat,
    PerangkatDaerah,
    Saluran,
    Tingkat,
    validate_cascade,
)
from core.deadlines import JenisTenggat, deadline_for
from core.errors import Masalah, ValidasiError
from core.excel.reader import BATAS_BAWAAN, Bacaan, Baris, BatasBerkas, MasalahImpor, baca_workbook
from core.excel.template import (
    LEMBAR_INDIKATOR,
    LEMBAR_KASKADE,
    LEMBAR_PD,
    LEMBAR_PEJABAT,
    LEMBAR_REALISASI,
    LEMBAR_ROPP,
    LEMBAR_ROPP_OUTPUT,
    Lembar,
)
from core.excel.writer import IsiWorkbook, tulis_workbook
from core.numbers import format_angka
from core.periode import NAMA_BULAN
from core.ports import Repository, UnitOfWork
from core.ports_impor import CatatanPerubahan
from core.realisasi import (
    RealisasiInput,
    RealisasiTersimpan,
    tanpa_isian_tidak_ada,
    validate_realisasi,
)
from core.ropp import SERATUS, TOLERANSI_BOBOT, OutputRopp, RencanaBulan, Ropp, validate_ropp
from core.services import (
    load_calendar,
    register_pd_in,
    register_pejabat_in,
    save_cascade_in,
    save_ropp_in,
    validate_pd,
    validate_pejabat,
)
from core.services_audit import pastikan_bulan_terbuka

__all__ = [
    "HasilImpor",
    "ImporDitolak",
    "Perubahan",
    "ekspor_workbook",
    "impor_workbook",
    "rangkum",
]

SALURAN: Final = Saluran.IMPORT
#: The kinds of item an import changes, in the order they are written.
ENTITAS: Final = ("pd", "pejabat", "node", "indikator", "ropp", "realisasi")


# ---------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Perubahan:
    """One field that the import changes (or would change, in a dry run)."""

    entitas: str  # pd, pejabat, node, indikator, ropp, realisasi
    kode: str  # see core.ports_impor.CatatanPerubahan
    kolom: str
    nilai_lama: str | None
    nilai_baru: str | None

    def __str__(self) -> str:
        lama = "(kosong)" if self.nilai_lama is None else repr(self.nilai_lama)
        baru = "(kosong)" if self.nilai_baru is None else repr(self.nilai_baru)
        return f"{self.entitas} {self.kode} {self.kolom}: {lama} -> {baru}"


@dataclass(frozen=True)
class HasilImpor:
    tahun: int
    dry_run: bool
    ditulis: bool
    perubahan: tuple[Perubahan, ...]
    jumlah_baris: Mapping[str, int]  # sheet name -> data rows read

    @property
    def berubah(self) -> dict[str, int]:
        """How many items of each kind change (entitas -> count of distinct codes)."""
        seen = {(p.entitas, p.kode) for p in self.perubahan}
        jumlah = Counter(e for e, _ in seen)
        return {e: jumlah[e] for e in ENTITAS if jumlah[e]}


class ImporDitolak(ValidasiError):
    """The workbook was refused; nothing was written. ``rincian`` locates every problem."""

    def __init__(self, rincian: Iterable[MasalahImpor]) -> None:
        self.rincian: list[MasalahImpor] = sorted(rincian, key=MasalahImpor.urutan)
        super().__init__([Masalah(m.lokasi, m.pesan) for m in self.rincian])


# ---------------------------------------------------------------------------- use cases
def impor_workbook(
    uow: UnitOfWork,
    data: bytes,
    tahun: int,
    *,
    dry_run: bool,
    now: datetime,
    oleh: str | None,
    batas: BatasBerkas = BATAS_BAWAAN,
) -> HasilImpor:
    """Check the whole workbook, then (unless ``dry_run``) write every change in one transaction.

    Raises :class:`ImporDitolak` with every problem when anything is wrong; nothing is written then.
    """
    if now.tzinfo is None:
        raise ValueError("now harus memiliki zona waktu")
    bacaan = baca_workbook(data, batas)
    if any(m.lembar is None for m in bacaan.masalah):
        raise ImporDitolak(bacaan.masalah)  # the file itself could not be opened
    masalah = list(bacaan.masalah)
    if bacaan.tahun is not None and bacaan.tahun != tahun and bacaan.tahun_lokasi is not None:
        lok = bacaan.tahun_lokasi
        masalah.append(
            MasalahImpor(
                f"berkas ini untuk tahun anggaran {bacaan.tahun}, sedangkan impor untuk tahun "
                f"{tahun}. Pakai --tahun {bacaan.tahun}, atau ubah sel ini bila memang ingin "
                f"memuat data ke tahun {tahun}.",
                lok.lembar,
                lok.baris,
                lok.kolom,
                lok.judul,
            )
        )
    jumlah = {nama: len(rows) for nama, rows in bacaan.baris.items()}
    with uow:
        repo = uow.repo
        db = _Tersimpan.muat(repo, tahun)
        rencana = _Pemeriksa(bacaan, db, tahun)
        if bacaan.lengkap:
            # the cross-sheet checks need every sheet; with a sheet missing they would only mislead
            rencana.periksa()
        masalah.extend(rencana.masalah)
        if masalah:
            raise ImporDitolak(masalah)
        beda = _Perbandingan(rencana, db, tahun)
        terkunci = _bulan_terkunci(repo, rencana, db, beda, tahun)  # issue 6: month locks
        if terkunci:
            raise ImporDitolak(terkunci)
        perubahan = tuple(beda.perubahan)
        if dry_run or not perubahan:
            return HasilImpor(tahun, dry_run, False, perubahan, jumlah)
        try:
            _tulis(repo, beda, db, tahun, now, oleh)
        except ValidasiError as exc:  # a service refused what the checks above let through
            raise ImporDitolak([MasalahImpor(str(m)) for m in exc.masalah]) from exc
        repo.catat_perubahan(
            [
                CatatanPerubahan(
                    now, SALURAN, oleh, p.entitas, p.kode, p.kolom, p.nilai_lama, p.nilai_baru
                )
                for p in perubahan
            ]
        )
        uow.commit()
    return HasilImpor(tahun, dry_run, True, perubahan, jumlah)


def ekspor_workbook(uow: UnitOfWork, tahun: int) -> bytes:
    """The stored data of ``tahun`` (and every PD and pejabat) in the template's layout."""
    with uow:
        repo = uow.repo
        isi = IsiWorkbook(
            pd=repo.list_pd(),
            pejabat=repo.list_pejabat(),
            nodes=repo.list_nodes(tahun),
            ropp=list(repo.list_ropp(tahun).values()),
            realisasi=[
                RealisasiInput(
                    r.sub_kegiatan_kode,
                    r.tahun,
                    r.bulan,
                    r.realisasi_bobot,
                    r.realisasi_anggaran,
                    r.volume_output,
                    r.kendala,
                    r.tindak_lanjut,
                )
                for months in repo.list_latest_realisasi(tahun).values()
                for r in months.values()
            ],
        )
    return tulis_workbook(isi, tahun)


# ---------------------------------------------------------------------------- stored data
@dataclass(frozen=True)
class _Tersimpan:
    pd: dict[str, PerangkatDaerah]
    pejabat: dict[str, Pejabat]
    nodes: dict[str, CascadeNode]
    ropp: dict[str, Ropp]
    realisasi: dict[str, dict[int, RealisasiTersimpan]]

    @classmethod
    def muat(cls, repo: Repository, tahun: int) -> _Tersimpan:
        return cls(
            {p.kode: p for p in repo.list_pd()},
            {p.nip: p for p in repo.list_pejabat()},
            {n.kode: n for n in repo.list_nodes(tahun)},
            repo.list_ropp(tahun),
            repo.list_latest_realisasi(tahun),
        )


# ---------------------------------------------------------------------------- checks
@dataclass
class _Pemeriksa:
    """Cross-row and cross-sheet checks; builds the domain objects the workbook describes."""

    bacaan: Bacaan
    db: _Tersimpan
    tahun: int
    masalah: list[MasalahImpor] = field(default_factory=list)
    pd: dict[str, tuple[PerangkatDaerah, Baris]] = field(default_factory=dict)
    pejabat: dict[str, tuple[Pejabat, Baris]] = field(default_factory=dict)
    nodes: dict[str, tuple[CascadeNode, Baris]] = field(default_factory=dict)
    indikator: dict[str, list[tuple[Indikator, Baris]]] = field(default_factory=dict)
    ropp: dict[str, tuple[Ropp, list[Baris]]] = field(default_factory=dict)
    realisasi: dict[tuple[str, int], tuple[RealisasiInput, Baris]] = field(default_factory=dict)
    _salah: set[tuple[str, int]] = field(default_factory=set)  # (sheet, row) with a problem
    _kode_ropp: set[str | None] | None = None  # codes on the ROPP sheet (built on first use)
    _per_kode: dict[str, dict[int, Decimal]] | None = None  # workbook realisasi bobot by code

    # -- helpers
    def _rows(self, lembar: Lembar) -> list[Baris]:
        return self.bacaan.rows(lembar)

    def _err(self, b: Baris, pesan: str, kunci: str | None = None) -> None:
        self.masalah.append(b.masalah(pesan, kunci))
        self._salah.add((b.lembar.nama, b.nomor))

    def _ok(self, b: Baris) -> bool:
        return not b.galat and (b.lembar.nama, b.nomor) not in self._salah

    def _duplikat(
        self, seen: dict[object, Baris], key: object, b: Baris, label: str, kunci: str
    ) -> bool:
        first = seen.get(key)
        if first is not None:
            self._err(b, f"{label} sudah ada di baris {first.nomor} (duplikat).", kunci)
            return True
        seen[key] = b
        return False

    def periksa(self) -> None:
        self._pd()
        self._pejabat()
        self._kaskade()
        self._indikator()
        self._ropp()
        self._realisasi()
        if not self.masalah:
            self._jaring_pengaman()

    # -- known codes: the workbook's (every row, even one with a problem) and the stored ones
    @property
    def _pd_dikenal(self) -> set[str]:
        kode = {b.teks("kode") for b in self._rows(LEMBAR_PD)}
        return {k for k in kode if k} | set(self.db.pd)

    @property
    def _nip_dikenal(self) -> set[str]:
        nip = {b.teks("nip") for b in self._rows(LEMBAR_PEJABAT)}
        return {n for n in nip if n} | set(self.db.pejabat)

    def _tingkat(self) -> dict[str, Tingkat]:
        """Level of every node of the year after the import (stored, overridden by the workbook)."""
        out = {k: n.tingkat for k, n in self.db.nodes.items()}
        for b in self._rows(LEMBAR_KASKADE):
            kode, t = b.teks("kode"), b.teks("tingkat")
            if kode and t:
                out[kode] = Tingkat(t)
        return out

    def _induk_pd(self) -> tuple[dict[str, str | None], dict[str, str | None]]:
        induk = {k: n.induk_kode for k, n in self.db.nodes.items()}
        pd = {k: n.pd_kode for k, n in self.db.nodes.items()}
        for b in self._rows(LEMBAR_KASKADE):
            kode = b.teks("kode")
            if kode and "induk_kode" not in b.galat:
                induk[kode] = b.teks("induk_kode")
            if kode and "pd_kode" not in b.galat:
                pd[kode] = b.teks("pd_kode")
        return induk, pd

    # -- sheets
    def _pd(self) -> None:
        seen: dict[object, Baris] = {}
        for b in self._rows(LEMBAR_PD):
            kode = b.teks("kode")
            if kode is None or self._duplikat(seen, kode, b, f"Kode PD {kode}", "kode"):
                continue
            nama, kelompok = b.teks("nama"), b.teks("kelompok")
            if nama and kelompok:
                pd = PerangkatDaerah(kode, nama, b.teks("singkatan") or "", Kelompok(kelompok))
                self.pd[kode] = (pd, b)

    def _pejabat(self) -> None:
        seen: dict[object, Baris] = {}
        pd_dikenal, nip_dikenal = self._pd_dikenal, self._nip_dikenal
        for b in self._rows(LEMBAR_PEJABAT):
            nip = b.teks("nip")
            if nip is None or self._duplikat(seen, nip, b, f"NIP {nip}", "nip"):
                continue
            pd_kode, atasan = b.teks("pd_kode"), b.teks("atasan_nip")
            if pd_kode and pd_kode not in pd_dikenal:
                self._err(b, _tidak_dikenal_pd(pd_kode), "pd_kode")
            if atasan == nip:
                self._err(b, "atasan tidak boleh dirinya sendiri.", "atasan_nip")
            elif atasan and atasan not in nip_dikenal:
                self._err(b, _tidak_dikenal_nip(atasan), "atasan_nip")
            nama, jabatan = b.teks("nama"), b.teks("jabatan")
            if nama and jabatan:
                p = Pejabat(nip, nama, jabatan, b.teks("eselon"), pd_kode, atasan)
                self.pejabat[nip] = (p, b)

    def _kaskade(self) -> None:
        seen: dict[object, Baris] = {}
        tingkat_akhir = self._tingkat()
        _, pd_akhir = self._induk_pd()
        pd_dikenal, nip_dikenal = self._pd_dikenal, self._nip_dikenal
        for b in self._rows(LEMBAR_KASKADE):
            kode = b.teks("kode")
            if kode is None or self._duplikat(seen, kode, b, f"Kode {kode}", "kode"):
                continue
            t_text = b.teks("tingkat")
            if t_text is None:
                continue
            tingkat = Tingkat(t_text)
            lama = self.db.nodes.get(kode)
            if lama is not None and lama.tingkat != tingkat:
                self._err(
                    b,
                    f"kode {kode} sudah tersimpan sebagai {lama.tingkat.label} untuk tahun "
                    f"{self.tahun}; tingkat tidak dapat diubah menjadi {tingkat.label}.",
                    "tingkat",
                )
            induk, pd_kode = b.teks("induk_kode"), b.teks("pd_kode")
            expected = tingkat.induk
            if "induk_kode" in b.galat:
                pass
            elif expected is None:
                if induk:
                    self._err(b, "Tujuan tidak boleh memiliki induk.", "induk_kode")
            elif not induk:
                self._err(b, f"induk ({expected.label}) wajib diisi.", "induk_kode")
            elif induk not in tingkat_akhir:
                self._err(
                    b,
                    f"induk {induk} tidak ditemukan di lembar Kaskade maupun data tahun "
                    f"{self.tahun} (simpul yatim).",
                    "induk_kode",
                )
            elif tingkat_akhir[induk] != expected:
                self._err(
                    b,
                    f"induk {induk} bertingkat {tingkat_akhir[induk].label}, seharusnya "
                    f"{expected.label}.",
                    "induk_kode",
                )
            elif (
                tingkat_akhir[induk].milik_pd
                and pd_kode
                and pd_akhir.get(induk)
                and pd_akhir[induk] != pd_kode
            ):
                self._err(
                    b, f"PD {pd_kode} berbeda dengan PD induknya ({pd_akhir[induk]}).", "pd_kode"
                )
            if "pd_kode" not in b.galat:
                if tingkat.milik_pd and not pd_kode:
                    self._err(b, f"Kode PD wajib diisi untuk {tingkat.label}.", "pd_kode")
                elif pd_kode and pd_kode not in pd_dikenal:
                    self._err(b, _tidak_dikenal_pd(pd_kode), "pd_kode")
            pagu = b.angka("pagu")
            if pagu is not None and tingkat != Tingkat.SUB_KEGIATAN:
                self._err(b, "pagu hanya diisi untuk Sub Kegiatan.", "pagu")
            pj = b.teks("pj_nip")
            if pj and pj not in nip_dikenal:
                self._err(b, _tidak_dikenal_nip(pj), "pj_nip")
            nama = b.teks("nama")
            if nama is None or b.galat:
                continue
            node = CascadeNode(
                kode=kode,
                tingkat=tingkat,
                nama=nama,
                induk_kode=induk,
                pd_kode=pd_kode,
                bobot_relatif=b.angka("bobot_relatif") or Decimal(1),
                pagu=pagu,
                penanggung_jawab_nip=pj,
            )
            self.nodes[kode] = (node, b)

    def _anak(self) -> dict[str, set[str]]:
        induk, _ = self._induk_pd()
        anak: dict[str, set[str]] = defaultdict(set)
        for kode, i in induk.items():
            if i:
                anak[i].add(kode)
        return anak

    def _indikator(self) -> None:
        tingkat_akhir = self._tingkat()
        anak = self._anak()
        nip_dikenal = self._nip_dikenal
        for b in self._rows(LEMBAR_INDIKATOR):
            node_kode = b.teks("node_kode")
            if node_kode is None:
                continue
            if node_kode not in tingkat_akhir:
                self._err(
                    b,
                    f"simpul {node_kode} tidak ditemukan di lembar Kaskade maupun data tahun "
                    f"{self.tahun}.",
                    "node_kode",
                )
            pj = b.teks("pj_nip")
            if pj and pj not in nip_dikenal:
                self._err(b, _tidak_dikenal_nip(pj), "pj_nip")
            daftar = b.daftar("anak_kode")
            ganda = sorted(k for k, n in Counter(daftar).items() if n > 1)
            if ganda:
                self._err(
                    b, f"kode anak {', '.join(ganda)} ditulis lebih dari sekali.", "anak_kode"
                )
            bukan = [k for k in dict.fromkeys(daftar) if k not in anak.get(node_kode, set())]
            if bukan and node_kode in tingkat_akhir:
                self._err(
                    b,
                    f"{', '.join(bukan)} bukan anak langsung dari {node_kode}.",
                    "anak_kode",
                )
            uraian, satuan = b.teks("uraian"), b.teks("satuan")
            # the quarterly targets: a workbook made before those columns existed keeps the stored
            # ones of the indicator at the same place (node, urutan)
            sebelum = self.indikator.get(node_kode, [])
            lama_node = self.db.nodes.get(node_kode)
            lama = (
                lama_node.indikator[len(sebelum)]
                if lama_node is not None and len(sebelum) < len(lama_node.indikator)
                else None
            )
            tw = tuple(
                b.angka(f"target_tw{q}")
                if b.ada(f"target_tw{q}")
                else (lama.target_tw(q) if lama is not None else None)
                for q in range(1, 5)
            )
            ind = Indikator(
                uraian=uraian or "",
                satuan=satuan or "",
                target_tahunan=b.angka("target_tahunan"),
                arah=Arah(b.teks("arah") or Arah.NAIK.value),
                penanggung_jawab_nip=pj,
                kode=b.teks("kode"),
                anak_kode=tuple(sorted(set(daftar))),
                target_triwulan=(tw[0], tw[1], tw[2], tw[3]),
            )
            self.indikator.setdefault(node_kode, []).append((ind, b))

    def _ropp(self) -> None:
        tingkat_akhir = self._tingkat()
        seen: dict[object, Baris] = {}
        bulan: dict[str, dict[int, Baris]] = defaultdict(dict)
        rusak: set[str] = set()
        for b in self._rows(LEMBAR_ROPP):
            kode, m = b.teks("kode"), b.bulan()
            if kode is None:
                continue
            if not self._cek_sub_kegiatan(b, kode, tingkat_akhir):
                rusak.add(kode)
            if m is None or self._duplikat(
                seen, (kode, m), b, f"Bulan {NAMA_BULAN[m]} untuk {kode}", "bulan"
            ):
                rusak.add(kode)
                continue
            bobot = b.angka("target_bobot")
            if bobot is not None and bobot > SERATUS:
                self._err(b, f"target fisik {_fmt(bobot)} melebihi 100.", "target_bobot")
            if not self._ok(b):
                rusak.add(kode)
            bulan[kode][m] = b
        outputs: dict[tuple[str, int], list[tuple[OutputRopp, Baris]]] = defaultdict(list)
        for b in self._rows(LEMBAR_ROPP_OUTPUT):
            kode, m = b.teks("kode"), b.bulan()
            if kode is None or m is None:
                if kode:
                    rusak.add(kode)
                continue
            if m not in bulan.get(kode, {}):
                self._err(
                    b,
                    f"tidak ada rencana bulan {NAMA_BULAN[m]} untuk {kode} di lembar ROPP.",
                    "bulan",
                )
                rusak.add(kode)
                continue
            if not self._ok(b):
                rusak.add(kode)
                continue
            o = OutputRopp(
                b.teks("uraian") or "",
                b.angka("bobot") or Decimal(0),
                b.angka("volume") or Decimal(0),
                b.teks("satuan") or "",
            )
            outputs[(kode, m)].append((o, b))
        pagu_sheet = {k: n.pagu for k, (n, _b) in self.nodes.items()}
        for kode, months in bulan.items():
            if kode in rusak:
                continue
            rows = [months[m] for m in sorted(months)]
            for m, b in sorted(months.items()):
                outs = outputs.get((kode, m), [])
                if outs:
                    jumlah = sum((o.bobot for o, _ in outs), Decimal(0))
                    target = b.angka("target_bobot") or Decimal(0)
                    if abs(jumlah - target) > TOLERANSI_BOBOT:
                        self._err(
                            outs[0][1],
                            f"jumlah bobot output {kode} bulan {NAMA_BULAN[m]} "
                            f"({_fmt(jumlah)}) tidak sama dengan target fisik bulan itu "
                            f"({_fmt(target)}, lembar ROPP baris {b.nomor}).",
                            "bobot",
                        )
            ropp = Ropp(
                kode,
                self.tahun,
                tuple(
                    RencanaBulan(
                        m,
                        b.angka("target_bobot") or Decimal(0),
                        b.angka("anggaran_kas") or Decimal(0),
                        tuple(o for o, _ in outputs.get((kode, m), [])),
                    )
                    for m, b in sorted(months.items())
                ),
            )
            total = ropp.total_bobot
            if abs(total - SERATUS) > TOLERANSI_BOBOT:
                self._err(
                    rows[0],
                    f"jumlah target fisik (bobot) {kode} setahun {_fmt(total)}, "
                    f"seharusnya 100 (toleransi 0,01; baris {rows[0].nomor}-{rows[-1].nomor}).",
                    "target_bobot",
                )
            pagu = pagu_sheet[kode] if kode in pagu_sheet else _pagu_db(self.db, kode)
            if pagu is not None and ropp.total_anggaran != pagu:
                self._err(
                    rows[0],
                    f"jumlah anggaran kas {kode} setahun Rp {_fmt(ropp.total_anggaran)} "
                    f"tidak sama dengan pagu Rp {_fmt(pagu)} (baris "
                    f"{rows[0].nomor}-{rows[-1].nomor}).",
                    "anggaran_kas",
                )
            self.ropp[kode] = (ropp, rows)
        # a new pagu must still match a stored plan that the workbook does not replace
        for kode, (node, b) in self.nodes.items():
            stored = self.db.ropp.get(kode)
            if node.pagu is None or kode in bulan or stored is None:
                continue
            if stored.total_anggaran != node.pagu:
                self._err(
                    b,
                    f"pagu Rp {_fmt(node.pagu)} tidak sama dengan jumlah anggaran kas ROPP "
                    f"yang tersimpan (Rp {_fmt(stored.total_anggaran)}); sertakan ROPP "
                    f"{kode} yang baru di lembar ROPP.",
                    "pagu",
                )

    def _cek_sub_kegiatan(self, b: Baris, kode: str, tingkat_akhir: Mapping[str, Tingkat]) -> bool:
        t = tingkat_akhir.get(kode)
        if t is None:
            self._err(
                b,
                f"sub kegiatan {kode} tidak ditemukan di lembar Kaskade maupun data tahun "
                f"{self.tahun}.",
                "kode",
            )
            return False
        if t != Tingkat.SUB_KEGIATAN:
            self._err(b, f"{kode} adalah {t.label}, bukan Sub Kegiatan.", "kode")
            return False
        return True

    def _realisasi(self) -> None:
        tingkat_akhir = self._tingkat()
        seen: dict[object, Baris] = {}
        per_kode: dict[str, list[Baris]] = defaultdict(list)
        for b in self._rows(LEMBAR_REALISASI):
            kode, m = b.teks("kode"), b.bulan()
            if kode is None:
                continue
            if not self._cek_sub_kegiatan(b, kode, tingkat_akhir) or m is None:
                continue
            if self._duplikat(
                seen, (kode, m), b, f"Realisasi {kode} bulan {NAMA_BULAN[m]}", "bulan"
            ):
                continue
            if self._ropp_rusak(kode):
                continue  # its plan has problems of its own, reported on the ROPP sheet
            plan = self._plan(kode)
            if plan is None or plan.rencana(m) is None:
                self._err(
                    b,
                    f"belum ada rencana (ROPP) {kode} untuk bulan {NAMA_BULAN[m]}; isi lembar "
                    "ROPP lebih dulu.",
                    "bulan",
                )
                continue
            if not self._ok(b):
                continue
            lama = self.db.realisasi.get(kode, {}).get(m)
            rencana = plan.rencana(m)
            assert rencana is not None
            volume = {
                u: v
                for u, v in (lama.volume_output if lama else {}).items()
                if 1 <= u <= len(rencana.outputs)
            }
            data = tanpa_isian_tidak_ada(  # "-" in a cell is no kendala, as in the bot
                RealisasiInput(
                    kode,
                    self.tahun,
                    m,
                    b.angka("realisasi_bobot") or Decimal(0),
                    b.angka("realisasi_anggaran") or Decimal(0),
                    volume,
                    b.teks("kendala"),
                    b.teks("tindak_lanjut"),
                )
            )
            self.realisasi[(kode, m)] = (data, b)
            per_kode[kode].append(b)
        for kode, rows in per_kode.items():
            total = sum(self._bobot_realisasi(kode).values(), Decimal(0))
            if total > SERATUS + TOLERANSI_BOBOT:
                b = max(rows, key=lambda r: r.nomor)
                self._err(
                    b,
                    f"realisasi fisik (bobot) {kode} setahun menjadi {_fmt(total)}, melebihi 100.",
                    "realisasi_bobot",
                )

    def _bobot_realisasi(self, kode: str) -> dict[int, Decimal]:
        """Realisasi bobot per month after the import: stored, overridden by the workbook."""
        if self._per_kode is None:
            self._per_kode = defaultdict(dict)
            for (k, m), (d, _) in self.realisasi.items():
                self._per_kode[k][m] = d.realisasi_bobot
        months = {m: r.realisasi_bobot for m, r in self.db.realisasi.get(kode, {}).items()}
        months.update(self._per_kode.get(kode, {}))
        return months

    def _ropp_rusak(self, kode: str) -> bool:
        """The workbook replaces this sub kegiatan's plan, but the new plan has problems."""
        if self._kode_ropp is None:
            self._kode_ropp = {b.teks("kode") for b in self._rows(LEMBAR_ROPP)}
        return kode not in self.ropp and kode in self._kode_ropp

    def _plan(self, kode: str) -> Ropp | None:
        if kode in self.ropp:
            return self.ropp[kode][0]
        if self._ropp_rusak(kode):
            return None  # replaced by a plan with problems; reported there
        return self.db.ropp.get(kode)

    # -- the domain's own validators, as a safety net (they should find nothing new)
    def nodes_akhir(self) -> dict[str, CascadeNode]:
        """Nodes the workbook sets, with their indicators (stored nodes whose indicators it sets too)."""
        out: dict[str, CascadeNode] = {}
        for kode, (node, _b) in self.nodes.items():
            out[kode] = replace(node, indikator=tuple(i for i, _ in self.indikator.get(kode, [])))
        for kode, items in self.indikator.items():
            if kode not in out and kode in self.db.nodes:
                out[kode] = replace(self.db.nodes[kode], indikator=tuple(i for i, _ in items))
        return out

    def _jaring_pengaman(self) -> None:
        def tambah(masalah: Iterable[Masalah], lembar: Lembar, baris: int | None = None) -> None:
            for m in masalah:
                self.masalah.append(MasalahImpor(str(m), lembar.nama, baris))

        tambah(validate_pd([p for p, _ in self.pd.values()]), LEMBAR_PD)
        tambah(
            validate_pejabat(
                [p for p, _ in self.pejabat.values()], self._pd_dikenal, set(self.db.pejabat)
            ),
            LEMBAR_PEJABAT,
        )
        tambah(
            validate_cascade(
                list(self.nodes_akhir().values()),
                pd_kode=self._pd_dikenal,
                nip=self._nip_dikenal,
                existing=self.db.nodes.values(),
            ),
            LEMBAR_KASKADE,
        )
        for kode, (ropp, rows) in self.ropp.items():
            pagu = self.nodes[kode][0].pagu if kode in self.nodes else _pagu_db(self.db, kode)
            tambah(validate_ropp(replace(ropp, pagu=pagu)), LEMBAR_ROPP, rows[0].nomor)
        for (kode, m), (data, b) in self.realisasi.items():
            plan = self._plan(kode)
            lain = self._bobot_realisasi(kode)
            rencana = plan.rencana(m) if plan else None
            outputs = {i: o.uraian for i, o in enumerate(rencana.outputs, 1)} if rencana else {}
            tambah(validate_realisasi(data, plan, lain, outputs), LEMBAR_REALISASI, b.nomor)


def _pagu_db(db: _Tersimpan, kode: str) -> Decimal | None:
    node = db.nodes.get(kode)
    return node.pagu if node else None


def _tidak_dikenal_pd(kode: str) -> str:
    return f"Perangkat Daerah {kode} tidak ada di lembar Perangkat Daerah maupun data tersimpan."


def _tidak_dikenal_nip(nip: str) -> str:
    return f"NIP {nip} tidak ada di lembar Pejabat maupun data tersimpan."


# ---------------------------------------------------------------------------- differences
_Nilai = str | Decimal | int | tuple[str, ...] | None


def _teks(v: _Nilai) -> str | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return _fmt(v)
    if isinstance(v, tuple):
        return ", ".join(v)
    return str(v)


def _fmt(d: Decimal) -> str:
    """Indonesian notation without trailing zeros: 99, 18,95, 1.824.205.000."""
    return format_angka(_bersih(d))


def _bersih(d: Decimal) -> Decimal:
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def _beda(
    entitas: str, kode: str, lama: Mapping[str, _Nilai] | None, baru: Mapping[str, _Nilai] | None
) -> list[Perubahan]:
    keys = list(dict.fromkeys([*(lama or {}), *(baru or {})]))
    out: list[Perubahan] = []
    for k in keys:
        a = (lama or {}).get(k)
        b = (baru or {}).get(k)
        if a != b:  # Decimal compares by value: 3 == 3.00
            out.append(Perubahan(entitas, kode, k, _teks(a), _teks(b)))
    return out


def _kosong(v: str | None) -> str | None:
    return v if v else None


def _f_pd(p: PerangkatDaerah) -> dict[str, _Nilai]:
    return {"nama": p.nama, "singkatan": _kosong(p.singkatan), "kelompok": p.kelompok.value}


def _f_pejabat(p: Pejabat) -> dict[str, _Nilai]:
    return {
        "nama": p.nama,
        "jabatan": p.jabatan,
        "eselon": _kosong(p.eselon),
        "pd_kode": p.pd_kode,
        "atasan_nip": p.atasan_nip,
    }


def _f_node(n: CascadeNode) -> dict[str, _Nilai]:
    return {
        "tingkat": n.tingkat.value,
        "nama": n.nama,
        "induk_kode": n.induk_kode,
        "pd_kode": n.pd_kode,
        "bobot_relatif": n.bobot_relatif,
        "pagu": n.pagu,
        "penanggung_jawab_nip": n.penanggung_jawab_nip,
    }


def _f_indikator(i: Indikator) -> dict[str, _Nilai]:
    return {
        "kode": i.kode,
        "uraian": i.uraian,
        "satuan": i.satuan,
        "target_tahunan": i.target_tahunan,
        **{f"target_tw{q}": t for q, t in enumerate(i.target_triwulan, start=1)},
        "arah": i.arah.value,
        "penanggung_jawab_nip": i.penanggung_jawab_nip,
        "anak_kode": tuple(sorted(i.anak_kode)) or None,
    }


def _f_bulan(r: RencanaBulan) -> dict[str, _Nilai]:
    out: dict[str, _Nilai] = {"target_bobot": r.target_bobot, "anggaran_kas": r.anggaran_kas}
    for i, o in enumerate(r.outputs, start=1):
        out[f"output {i} uraian"] = o.uraian
        out[f"output {i} bobot"] = o.bobot
        out[f"output {i} volume"] = o.volume
        out[f"output {i} satuan"] = o.satuan
    return out


def _f_realisasi(r: RealisasiInput | RealisasiTersimpan) -> dict[str, _Nilai]:
    return {
        "realisasi_bobot": r.realisasi_bobot,
        "realisasi_anggaran": r.realisasi_anggaran,
        "kendala": _kosong(r.kendala),
        "tindak_lanjut": _kosong(r.tindak_lanjut),
    }


@dataclass
class _Perbandingan:
    """What the import changes, item by item, and the field-level change records."""

    rencana: _Pemeriksa
    db: _Tersimpan
    tahun: int
    perubahan: list[Perubahan] = field(default_factory=list)
    pd: list[PerangkatDaerah] = field(default_factory=list)
    pejabat: list[Pejabat] = field(default_factory=list)
    nodes: list[CascadeNode] = field(default_factory=list)
    ropp: list[Ropp] = field(default_factory=list)
    realisasi: list[RealisasiInput] = field(default_factory=list)

    def __post_init__(self) -> None:
        r, db, th = self.rencana, self.db, self.tahun
        for kode, (pd, _) in r.pd.items():
            lama = db.pd.get(kode)
            if self._catat("pd", kode, _f_pd(lama) if lama else None, _f_pd(pd)):
                self.pd.append(pd)
        for nip, (p, _) in r.pejabat.items():
            lama_p = db.pejabat.get(nip)
            if self._catat("pejabat", nip, _f_pejabat(lama_p) if lama_p else None, _f_pejabat(p)):
                self.pejabat.append(p)
        for kode, node in r.nodes_akhir().items():
            lama_n = db.nodes.get(kode)
            berubah = False
            if kode in r.nodes:
                berubah |= self._catat(
                    "node", f"{th}/{kode}", _f_node(lama_n) if lama_n else None, _f_node(node)
                )
            lama_ind = lama_n.indikator if lama_n else ()
            for u in range(1, max(len(lama_ind), len(node.indikator)) + 1):
                a = _f_indikator(lama_ind[u - 1]) if u <= len(lama_ind) else None
                b = _f_indikator(node.indikator[u - 1]) if u <= len(node.indikator) else None
                berubah |= self._catat("indikator", f"{th}/{kode}#{u}", a, b)
            if berubah:
                self.nodes.append(node)
        for kode, (ropp, _rows) in r.ropp.items():
            lama_r = db.ropp.get(kode)
            berubah = False
            months = sorted(
                {b.bulan for b in ropp.bulan} | {b.bulan for b in (lama_r.bulan if lama_r else ())}
            )
            for m in months:
                a_b = lama_r.rencana(m) if lama_r else None
                b_b = ropp.rencana(m)
                berubah |= self._catat(
                    "ropp",
                    f"{th}/{kode}/{m}",
                    _f_bulan(a_b) if a_b else None,
                    _f_bulan(b_b) if b_b else None,
                )
            if berubah:
                self.ropp.append(ropp)
        for (kode, m), (data, _b) in sorted(r.realisasi.items()):
            lama_x = db.realisasi.get(kode, {}).get(m)
            if self._catat(
                "realisasi",
                f"{th}/{kode}/{m}",
                _f_realisasi(lama_x) if lama_x else None,
                _f_realisasi(data),
            ):
                self.realisasi.append(data)

    def _catat(
        self,
        entitas: str,
        kode: str,
        lama: Mapping[str, _Nilai] | None,
        baru: Mapping[str, _Nilai] | None,
    ) -> bool:
        items = _beda(entitas, kode, lama, baru)
        self.perubahan.extend(items)
        return bool(items)


# ---------------------------------------------------------------------------- month locks
def _bulan_terkunci(
    repo: Repository, rencana: _Pemeriksa, db: _Tersimpan, beda: _Perbandingan, tahun: int
) -> list[MasalahImpor]:
    """Realisasi rows that would change a month Bappeda verified and locked (issue 6).

    Only rows that change something are refused, so re-importing an exported workbook still works.
    """
    out: list[MasalahImpor] = []
    for data in beda.realisasi:
        kode = data.sub_kegiatan_kode
        node = rencana.nodes[kode][0] if kode in rencana.nodes else db.nodes.get(kode)
        try:
            pastikan_bulan_terbuka(repo, node.pd_kode if node else None, tahun, data.bulan)
        except BulanTerkunci as exc:
            baris = rencana.realisasi[(kode, data.bulan)][1]
            out.append(baris.masalah(f"Realisasi {kode}: {exc}", "bulan"))
    return out


# ---------------------------------------------------------------------------- writing
def _tulis(
    repo: Repository,
    beda: _Perbandingan,
    db: _Tersimpan,
    tahun: int,
    now: datetime,
    oleh: str | None,
) -> None:
    """Write the changed items through the services' ``*_in`` variants; the caller commits."""
    if beda.pd:
        register_pd_in(repo, beda.pd)
    if beda.pejabat:
        register_pejabat_in(repo, beda.pejabat)
    if beda.nodes:
        save_cascade_in(repo, tahun, beda.nodes)
    for ropp in beda.ropp:
        save_ropp_in(repo, ropp)
    if beda.realisasi:
        cal = load_calendar(repo, tahun)
        apbd = repo.get_apbd(tahun)
        for data in beda.realisasi:
            repo.lock_node(tahun, data.sub_kegiatan_kode)
            tenggat = deadline_for(JenisTenggat.BULANAN, f"{tahun}-{data.bulan:02d}", cal, apbd)
            sebelumnya = db.realisasi.get(data.sub_kegiatan_kode, {}).get(data.bulan)
            repo.add_realisasi(
                data,
                dibuat_oleh_nip=None,
                dibuat_oleh=oleh,
                saluran=SALURAN,
                dibuat_pada=now,
                terlambat=local_date(now) > tenggat.tenggat,
                alasan_koreksi="Impor Excel" if sebelumnya is not None else None,
            )


def rangkum(hasil: HasilImpor) -> str:
    """A short Indonesian summary of an import result."""
    if not hasil.perubahan:
        return "Tidak ada perubahan: data di berkas sama dengan data tersimpan."
    bagian = ", ".join(f"{n} {_LABEL_ENTITAS.get(e, e)}" for e, n in hasil.berubah.items())
    if hasil.dry_run:
        return f"Uji coba: {len(hasil.perubahan)} isian akan berubah ({bagian}). Belum ada yang disimpan."
    return f"Impor selesai: {len(hasil.perubahan)} isian berubah ({bagian})."


_LABEL_ENTITAS: Final = {
    "pd": "Perangkat Daerah",
    "pejabat": "pejabat",
    "node": "simpul kaskade",
    "indikator": "indikator",
    "ropp": "bulan ROPP",
    "realisasi": "realisasi bulanan",
}
