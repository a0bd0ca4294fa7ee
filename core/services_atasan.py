"""Use cases for officials with units and subordinates under them: Kabid and Kepala PD (issue 4, item 4).

Decisions (documented in docs/bot-atasan.md):

- **My units** (``/capaian``). A *Kepala PD* is the official of a PD whose atasan is outside that PD or
  who has none (Pergub 42/2018 Pasal 12: the head of the PD answers for the PD's sasaran); they see
  the PD node of the capaian tree, with its sasaran PD and programs. Every other official sees the
  top-most nodes of the tree they are penanggung jawab of: a Kabid their programs or kegiatan (with
  the children underneath), a Kasubag/Kasi their own sub kegiatan. A node under one of my own nodes
  is not listed again.
- **Subordinates** (``/belum``): every official whose atasan chain leads to me.
- **The open month**: the month whose monthly-report deadline (Pergub 17/2023 Pasal 15(4)) comes next,
  among months that have started; **the open quarter** likewise with the quarterly deadline
  (Pasal 15(3) huruf b). **The latest closed month** (default of ``/capaian``): the latest month whose
  deadline has passed.
- **Not reported**: a sub kegiatan whose ROPP plans the month (target bobot or anggaran kas) and that
  has no realisasi for it (the roll-up's ``wajib_lapor``/``dilaporkan``); an indicator without a
  realisasi for the open quarter.

Nothing here re-implements the roll-up: figures come from ``services.build_capaian_tree``.
The clock is injected (``now`` arguments).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from core import services
from core.calendar import local_date
from core.cascade import Pejabat, Tingkat
from core.deadlines import JenisTenggat, deadline_for
from core.errors import TidakDitemukan
from core.periode import Periode
from core.ports import Repository, UnitOfWork
from core.ports_bot import IndikatorSaya
from core.rollup import HasilSimpul

__all__ = [
    "BelumLapor",
    "CapaianSaya",
    "DaftarBelum",
    "PeriodeTerbuka",
    "UnitSaya",
    "bawahan",
    "belum_lapor",
    "bulan_terakhir_lewat",
    "bulan_terbuka",
    "capaian_saya",
    "is_kepala_pd",
    "triwulan_terbuka",
]

_TINGKAT_CASCADE = frozenset(t.value for t in Tingkat)
_PD = "pd"


# ---------------------------------------------------------------------------- periods
@dataclass(frozen=True)
class PeriodeTerbuka:
    """A reporting period and its legal deadline: month 1..12 or quarter 1..4 of ``tahun``."""

    tahun: int
    nilai: int
    tenggat: date


def _bulan_tenggat(repo: Repository, today: date) -> list[tuple[int, int, date]]:
    """(tahun, bulan, deadline) of December last year and every started month of this year."""
    cal, apbd = services.load_calendar_apbd(repo, today.year, (today.year - 1, today.year))
    out = []
    for tahun, bulan in [(today.year - 1, 12)] + [(today.year, m) for m in range(1, 13)]:
        if date(tahun, bulan, 1) > today:
            break
        tg = deadline_for(JenisTenggat.BULANAN, f"{tahun}-{bulan:02d}", cal, apbd[tahun])
        out.append((tahun, bulan, tg.tenggat))
    return out


def bulan_terbuka_pada(repo: Repository, today: date) -> PeriodeTerbuka:
    """:func:`bulan_terbuka` inside the caller's unit of work (the bot's /lapor reads it together with
    the official's sub kegiatan)."""
    daftar = _bulan_tenggat(repo, today)
    for tahun, bulan, tenggat in daftar:
        if tenggat >= today:
            return PeriodeTerbuka(tahun, bulan, tenggat)
    tahun, bulan, tenggat = daftar[-1]  # pragma: no cover - the current month is always open
    return PeriodeTerbuka(tahun, bulan, tenggat)


def bulan_terbuka(uow: UnitOfWork, now: datetime) -> PeriodeTerbuka:
    """The month whose monthly report is due next (Pergub 17/2023 Pasal 15(4)), among started months."""
    with uow:
        return bulan_terbuka_pada(uow.repo, local_date(now))


def bulan_terakhir_lewat(uow: UnitOfWork, now: datetime) -> PeriodeTerbuka:
    """The latest month whose monthly-report deadline has passed (default of /capaian)."""
    today = local_date(now)
    with uow:
        lewat = [(t, b, tg) for t, b, tg in _bulan_tenggat(uow.repo, today) if tg < today]
    if not lewat:  # pragma: no cover - December's deadline is in January
        return PeriodeTerbuka(today.year - 1, 12, today)
    return PeriodeTerbuka(*lewat[-1])


def triwulan_terbuka(uow: UnitOfWork, now: datetime) -> PeriodeTerbuka:
    """The quarter whose quarterly report is due next (Pergub 17/2023 Pasal 15(3) huruf b),
    among quarters that have started."""
    today = local_date(now)
    with uow:
        cal = services.load_calendar(uow.repo, today.year)
        apbd = {t: uow.repo.get_apbd(t) for t in (today.year - 1, today.year)}
    for tahun, tw in [(today.year - 1, 4)] + [(today.year, q) for q in range(1, 5)]:
        if date(tahun, 3 * tw - 2, 1) > today:
            break
        tg = deadline_for(JenisTenggat.TRIWULANAN, f"{tahun}-Q{tw}", cal, apbd[tahun])
        if tg.tenggat >= today:
            return PeriodeTerbuka(tahun, tw, tg.tenggat)
    tw = (today.month - 1) // 3 + 1  # pragma: no cover - the current quarter is always open
    tg = deadline_for(JenisTenggat.TRIWULANAN, f"{today.year}-Q{tw}", cal, apbd[today.year])
    return PeriodeTerbuka(today.year, tw, tg.tenggat)  # pragma: no cover


def tenggat_triwulan(uow: UnitOfWork, tahun: int, triwulan: int) -> date:
    """The legal deadline of one quarter's report."""
    with uow:
        cal = services.load_calendar(uow.repo, tahun)
        apbd = uow.repo.get_apbd(tahun)
    return deadline_for(JenisTenggat.TRIWULANAN, f"{tahun}-Q{triwulan}", cal, apbd).tenggat


# ---------------------------------------------------------------------------- who is under me
def bawahan(semua: Iterable[Pejabat], nip: str) -> list[Pejabat]:
    """Officials whose atasan chain leads to ``nip`` (direct and indirect), in the given order.

    A cycle in the atasan data cannot loop forever: each chain is followed at most once per official.
    """
    daftar = list(semua)
    atasan = {p.nip: p.atasan_nip for p in daftar}
    hasil = []
    for p in daftar:
        if p.nip == nip:
            continue
        dilihat = {p.nip}
        a = p.atasan_nip
        while a is not None and a not in dilihat:
            if a == nip:
                hasil.append(p)
                break
            dilihat.add(a)
            a = atasan.get(a)
    return hasil


def is_kepala_pd(pejabat: Pejabat, semua: Iterable[Pejabat]) -> bool:
    """The official heads a PD: they belong to one and their atasan (if any) is outside it."""
    if pejabat.pd_kode is None:
        return False
    if pejabat.atasan_nip is None:
        return True
    atasan = next((p for p in semua if p.nip == pejabat.atasan_nip), None)
    return atasan is None or atasan.pd_kode != pejabat.pd_kode


# ---------------------------------------------------------------------------- /capaian
@dataclass(frozen=True)
class UnitSaya:
    """One of my units: the same node of the capaian tree for the month and cumulatively."""

    bulan: HasilSimpul
    kumulatif: HasilSimpul


@dataclass(frozen=True)
class CapaianSaya:
    pejabat: Pejabat
    kepala_pd: bool
    tahun: int
    bulan: int
    unit: tuple[UnitSaya, ...]


def _akar(tree: HasilSimpul, milik: set[str], boleh_pd: bool) -> list[str]:
    """Top-most nodes of ``tree`` whose kode is in ``milik``, in tree order, each once."""
    akar: list[str] = []
    tumpukan = [tree]
    while tumpukan:
        h = tumpukan.pop()
        if h.kode in milik and (h.tingkat in _TINGKAT_CASCADE or (boleh_pd and h.tingkat == _PD)):
            if h.kode not in akar:
                akar.append(h.kode)
            continue  # what is under my own node is shown with it
        tumpukan.extend(reversed(h.anak))
    return akar


def capaian_saya(uow: UnitOfWork, nip: str, tahun: int, bulan: int) -> CapaianSaya:
    """The capaian of the units under ``nip`` for one month and cumulatively to that month."""
    with uow:
        pejabat = uow.repo.get_pejabat(nip)
        if pejabat is None:
            raise TidakDitemukan(f"Pejabat dengan NIP {nip} tidak ditemukan.")
        # an atasan outside my PD is not in this list: then I head the PD
        semua = uow.repo.list_pejabat(pejabat.pd_kode) if pejabat.pd_kode else []
        pj = uow.repo.penanggung_jawab_node(tahun)
    kepala = is_kepala_pd(pejabat, semua)
    milik = {kode for kode, n in pj.items() if n == nip}
    if kepala and pejabat.pd_kode:
        milik.add(pejabat.pd_kode)
    pohon_bulan = services.build_capaian_tree(uow, tahun, Periode.bulanan(tahun, bulan))
    pohon_kumulatif = services.build_capaian_tree(uow, tahun, Periode.kumulatif(tahun, bulan))
    akar = _akar(pohon_kumulatif, milik, kepala)
    idx_bulan, idx_kumulatif = pohon_bulan.indeks(), pohon_kumulatif.indeks()
    unit = tuple(UnitSaya(idx_bulan[k], idx_kumulatif[k]) for k in akar)
    return CapaianSaya(pejabat, kepala, tahun, bulan, unit)


# ---------------------------------------------------------------------------- /belum
@dataclass(frozen=True)
class BelumLapor:
    """One subordinate and what they still owe: sub kegiatan (kode, nama) and indicators."""

    pejabat: Pejabat
    sub_kegiatan: tuple[tuple[str, str], ...]
    indikator: tuple[IndikatorSaya, ...]


@dataclass(frozen=True)
class DaftarBelum:
    bulan: PeriodeTerbuka
    triwulan: PeriodeTerbuka
    jumlah_bawahan: int
    belum: tuple[BelumLapor, ...]


def belum_lapor(uow: UnitOfWork, nip: str, now: datetime) -> DaftarBelum:
    """My subordinates who have not reported the open month's sub kegiatan or the open quarter's
    indicators (Pergub 17/2023 Pasal 15(3) huruf b and 15(4))."""
    bulan = bulan_terbuka(uow, now)
    triwulan = triwulan_terbuka(uow, now)
    periode_tw = Periode.triwulan(triwulan.tahun, triwulan.nilai).kode
    with uow:
        repo = uow.repo
        if repo.get_pejabat(nip) is None:
            raise TidakDitemukan(f"Pejabat dengan NIP {nip} tidak ditemukan.")
        bawah = bawahan(repo.list_pejabat(), nip)
        pj = repo.penanggung_jawab_node(bulan.tahun)
        rows = repo.capaian_rows(bulan.tahun, [bulan.nilai])
        indikator = {p.nip: repo.indikator_pejabat(triwulan.tahun, p.nip) for p in bawah}
        semua_id = [i.id for daftar in indikator.values() for i in daftar]
        sudah_ind = repo.latest_realisasi_indikator(semua_id, periode_tw) if semua_id else {}
    nama_node = {kode: nama for kode, tingkat, nama, *_ in rows.nodes if tingkat == "sub_kegiatan"}
    sk_per_nip: dict[str, list[str]] = {}
    for kode in sorted(nama_node):
        if kode in pj:
            sk_per_nip.setdefault(pj[kode], []).append(kode)
    hasil = []
    for p in bawah:
        sk = []
        for kode in sk_per_nip.get(p.nip, []):
            rencana = rows.rencana.get(kode, {}).get(bulan.nilai)
            wajib = rencana is not None and (rencana[0] > 0 or rencana[1] > 0)
            if wajib and bulan.nilai not in rows.realisasi.get(kode, {}):
                sk.append((kode, nama_node[kode]))
        ind = tuple(i for i in indikator[p.nip] if i.id not in sudah_ind)
        if sk or ind:
            hasil.append(BelumLapor(p, tuple(sk), ind))
    return DaftarBelum(bulan, triwulan, len(bawah), tuple(hasil))
