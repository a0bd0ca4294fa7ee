"""The performance cascade (penjenjangan kinerja).

Pergub 42/2018 Pasal 12(4) and Lampiran A; Pergub 17/2023 Pasal 1(27), Pasal 2(3), Pasal 3:
Tujuan daerah -> Sasaran daerah -> Sasaran PD -> Program -> Kegiatan -> Sub Kegiatan, per tahun anggaran.
Pure data and validation: no database, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from core.capaian import Arah
from core.errors import Masalah
from core.periode import ROMAWI, JenisPeriode, Periode


class Tingkat(StrEnum):
    TUJUAN = "tujuan"
    SASARAN_DAERAH = "sasaran_daerah"
    SASARAN_PD = "sasaran_pd"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"

    @property
    def label(self) -> str:
        return _LABEL[self]

    @property
    def induk(self) -> Tingkat | None:
        """The level a node of this level hangs under (None for Tujuan, the top)."""
        return _INDUK[self]

    @property
    def milik_pd(self) -> bool:
        """Sasaran PD and below belong to one Perangkat Daerah; Tujuan and Sasaran daerah to the Pemda."""
        return self not in (Tingkat.TUJUAN, Tingkat.SASARAN_DAERAH)


_LABEL = {
    Tingkat.TUJUAN: "Tujuan",
    Tingkat.SASARAN_DAERAH: "Sasaran Daerah",
    Tingkat.SASARAN_PD: "Sasaran PD",
    Tingkat.PROGRAM: "Program",
    Tingkat.KEGIATAN: "Kegiatan",
    Tingkat.SUB_KEGIATAN: "Sub Kegiatan",
}
_INDUK: dict[Tingkat, Tingkat | None] = {
    Tingkat.TUJUAN: None,
    Tingkat.SASARAN_DAERAH: Tingkat.TUJUAN,
    Tingkat.SASARAN_PD: Tingkat.SASARAN_DAERAH,
    Tingkat.PROGRAM: Tingkat.SASARAN_PD,
    Tingkat.KEGIATAN: Tingkat.PROGRAM,
    Tingkat.SUB_KEGIATAN: Tingkat.KEGIATAN,
}


class Kelompok(StrEnum):
    """PD groups under the three Asisten (Pergub 42/2018 Lampiran, Tabel A.2)."""

    I = "I"  # noqa: E741 - the regulation's own name
    II = "II"
    III = "III"

    @property
    def label(self) -> str:
        return {
            "I": "Kelompok I (Pemerintahan dan Kesejahteraan Rakyat)",
            "II": "Kelompok II (Pembangunan dan Perekonomian)",  # Tabel A.2
            "III": "Kelompok III (Administrasi Umum)",
        }[self.value]


class Saluran(StrEnum):
    """The channel through which data entered the system (Pergub 42/2018 Pasal 28: traceable)."""

    BOT = "bot"
    DASHBOARD = "dashboard"
    API = "api"
    IMPORT = "import"
    CLI = "cli"


@dataclass(frozen=True)
class PerangkatDaerah:
    kode: str
    nama: str
    singkatan: str
    kelompok: Kelompok


@dataclass(frozen=True)
class Pejabat:
    nip: str
    nama: str
    jabatan: str
    eselon: str | None
    pd_kode: str | None
    atasan_nip: str | None = None
    # None for an ordinary official; "bappeda" for Bappeda staff (may register Bappeda's group
    # and answer kendala there).
    peran: str | None = None


#: The quarterly targets of an indicator, Tw I to Tw IV; None where a quarter has none set.
#: Pergub 17/2023 Lampiran II, Tabel Rencana Kinerja Program/Sasaran Triwulanan (kolom 7, 9, 11, 13:
#: "target indikator program pada TW n"), the kolom 7 (program) / kolom 8 (sasaran) of the quarterly
#: Laporan Kinerja that the capaian of the indicator is measured against.
TargetTriwulan = tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
TANPA_TARGET_TRIWULAN: TargetTriwulan = (None, None, None, None)


def target_acuan(
    target_tahunan: Decimal | None, target_triwulan: TargetTriwulan, periode: Periode
) -> tuple[Decimal | None, int | None]:
    """(the target an indicator's value in ``periode`` is measured against, its quarter), the
    quarter None when it is the annual target.

    Pergub 17/2023 Lampiran II, Laporan Kinerja Program Triwulanan: "Kolom 11 : Capaian triwulanan
    satuan = kolom 9 / kolom 7 * 100" (kolom 7: the quarterly target); Sasaran Triwulanan likewise
    (kolom 12 = kolom 10 / kolom 8). A quarter whose target is not set falls back to the annual
    target; a year uses the annual target. One rule for the reports and the bot's reply.
    """
    if periode.jenis is JenisPeriode.TRIWULANAN:
        target = target_triwulan[periode.nilai - 1]
        if target is not None:
            return target, periode.nilai
    return target_tahunan, None


@dataclass(frozen=True)
class Indikator:
    """A performance indicator of a cascade node; a node can carry several."""

    uraian: str
    satuan: str
    target_tahunan: Decimal | None
    arah: Arah = Arah.NAIK
    penanggung_jawab_nip: str | None = None
    kode: str | None = None
    # Codes of child nodes whose bobot forms this indicator's bobot (Lampiran II Program/Sasaran
    # Triwulanan: each indicator lists the kegiatan/program under it). Empty: all children.
    anak_kode: tuple[str, ...] = ()
    #: Target per triwulan (Tw I..IV); see :data:`TargetTriwulan`. Default: none set.
    target_triwulan: TargetTriwulan = TANPA_TARGET_TRIWULAN

    def target_tw(self, triwulan: int) -> Decimal | None:
        """The target of quarter ``triwulan`` (1-4), None when it is not set."""
        return self.target_triwulan[triwulan - 1]


@dataclass(frozen=True)
class CascadeNode:
    kode: str
    tingkat: Tingkat
    nama: str
    induk_kode: str | None = None
    pd_kode: str | None = None
    bobot_relatif: Decimal = Decimal(1)
    pagu: Decimal | None = None
    penanggung_jawab_nip: str | None = None
    indikator: tuple[Indikator, ...] = field(default=())


def validate_cascade(
    nodes: Sequence[CascadeNode],
    pd_kode: Iterable[str] | None = None,
    nip: Iterable[str] | None = None,
    existing: Iterable[CascadeNode] = (),
) -> list[Masalah]:
    """Check a batch of nodes (plus nodes already stored, ``existing``) and return every problem.

    Checks: duplicate or empty codes, unknown parent, a parent at the wrong level, PD membership,
    non-positive weights, negative pagu or target, unknown PD codes and NIPs, indicators that name
    children they do not have.
    """
    masalah: list[Masalah] = []
    # None means "do not check"; an empty collection means "nothing is known", so every code fails
    known_pd = None if pd_kode is None else set(pd_kode)
    known_nip = None if nip is None else set(nip)
    counts = Counter(n.kode for n in nodes)
    for kode, jumlah in counts.items():
        if jumlah > 1:
            masalah.append(Masalah(f"Kode {kode}", f"kode duplikat ({jumlah} kali)."))
    by_kode = {n.kode: n for n in existing}
    by_kode.update({n.kode: n for n in nodes})
    children: dict[str, set[str]] = {}
    for n in by_kode.values():
        if n.induk_kode:
            children.setdefault(n.induk_kode, set()).add(n.kode)

    for n in nodes:
        loc = f"{n.tingkat.label} {n.kode}" if n.kode.strip() else f"{n.tingkat.label} '{n.nama}'"
        if not n.kode.strip():
            masalah.append(Masalah(loc, "kode wajib diisi."))
        if not n.nama.strip():
            masalah.append(Masalah(loc, "nama wajib diisi."))
        expected = n.tingkat.induk
        if expected is None:
            if n.induk_kode:
                masalah.append(Masalah(loc, "Tujuan tidak boleh memiliki induk."))
        elif not n.induk_kode:
            masalah.append(Masalah(loc, f"induk ({expected.label}) wajib diisi."))
        else:
            parent = by_kode.get(n.induk_kode)
            if parent is None:
                masalah.append(Masalah(loc, f"induk {n.induk_kode} tidak dikenal."))
            elif parent.tingkat != expected:
                masalah.append(
                    Masalah(
                        loc,
                        f"induk {n.induk_kode} bertingkat {parent.tingkat.label}, "
                        f"seharusnya {expected.label}.",
                    )
                )
            elif (
                parent.tingkat.milik_pd
                and n.pd_kode
                and parent.pd_kode
                and parent.pd_kode != n.pd_kode
            ):
                masalah.append(
                    Masalah(
                        loc,
                        f"PD {n.pd_kode} berbeda dengan PD induknya {parent.pd_kode}.",
                    )
                )
        if n.tingkat.milik_pd and not n.pd_kode:
            masalah.append(Masalah(loc, "Perangkat Daerah wajib diisi."))
        if n.pd_kode and known_pd is not None and n.pd_kode not in known_pd:
            masalah.append(Masalah(loc, f"Perangkat Daerah {n.pd_kode} tidak dikenal."))
        if n.bobot_relatif <= 0:
            masalah.append(Masalah(loc, "bobot relatif harus lebih dari 0."))
        if n.pagu is not None and n.pagu < 0:
            masalah.append(Masalah(loc, "pagu tidak boleh negatif."))
        if n.pagu is not None and n.tingkat != Tingkat.SUB_KEGIATAN:
            masalah.append(Masalah(loc, "pagu hanya untuk Sub Kegiatan."))
        for pj in [n.penanggung_jawab_nip, *(i.penanggung_jawab_nip for i in n.indikator)]:
            if pj and known_nip is not None and pj not in known_nip:
                masalah.append(Masalah(loc, f"NIP penanggung jawab {pj} tidak dikenal."))
        for i, ind in enumerate(n.indikator, start=1):
            iloc = f"{loc}, indikator {i}"
            if not ind.uraian.strip():
                masalah.append(Masalah(iloc, "uraian indikator wajib diisi."))
            if not ind.satuan.strip():
                masalah.append(Masalah(iloc, "satuan wajib diisi."))
            if ind.target_tahunan is not None and ind.target_tahunan < 0:
                masalah.append(Masalah(iloc, "target tidak boleh negatif."))
            if len(ind.target_triwulan) != 4:
                masalah.append(Masalah(iloc, "target triwulan harus empat (Tw I sampai Tw IV)."))
            for q, t in enumerate(ind.target_triwulan, start=1):
                if t is not None and t < 0:
                    masalah.append(Masalah(iloc, f"target Tw {ROMAWI[q]} tidak boleh negatif."))
            unknown = [k for k in ind.anak_kode if k not in children.get(n.kode, set())]
            if unknown:
                masalah.append(Masalah(iloc, f"{', '.join(unknown)} bukan anak dari {n.kode}."))
    # Where a node's indicators name the children that form them (Lampiran II), every child must be
    # named by at least one indicator, or its bobot and anggaran would silently drop out of the roll-up.
    batch = {n.kode for n in nodes}
    for parent in by_kode.values():
        named = {k for ind in parent.indikator for k in ind.anak_kode}
        if not named:
            continue
        kids = children.get(parent.kode, set())
        if parent.kode not in batch and not (kids & batch):
            continue
        missing = sorted(k for k in kids - named if k.strip())
        if missing:
            masalah.append(
                Masalah(
                    f"{parent.tingkat.label} {parent.kode}",
                    f"anak {', '.join(missing)} tidak disebut oleh indikator mana pun; "
                    "sebutkan di kolom anak salah satu indikator.",
                )
            )
    return masalah
