"""Roll-up of bobot and anggaran up the cascade (Pergub Banten 17/2023 Lampiran II).

Rules, as worked in the Lampiran II example tables:

- A sub kegiatan's figures for a period are the sums of its months (Lampiran I ROPP:
  "Triwulan I" = Jan + Feb + Mar, both for target fisik/bobot and for anggaran kas).
- A parent's target bobot and realisasi bobot are the MEAN of its children's (Laporan Kinerja
  Program Triwulanan: Indikator Program A = mean of its kegiatan, "Jumlah Program" = mean of
  its indicators; Laporan Kinerja Sasaran Triwulanan likewise). Children weigh equally unless
  the head of the PD sets weights (Pergub 42/2018 Pasal 12(6), Pasal 16), hence the weighted
  mean Σ wᵢ·xᵢ / Σ wᵢ with ``bobot_relatif`` = wᵢ.
- Anggaran target and realisasi are SUMS (Lampiran II bulanan kolom 6/9/12: "berdasarkan
  target anggaran ... sub kegiatan"), over DISTINCT sub kegiatan: a kegiatan listed under two
  indikator program (as in the example) enters both means but the program's budget once.
- Capaian of a parent = its mean realisasi / its mean target × 100, not the mean of the
  children's capaian (e.g. Indikator Program A: 14,07 / 25,18 = 55,88, whereas the mean of
  39,64 and 82,80 would be 61,22).

Nothing is rounded here; see ``core.capaian.format_persen``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Final

from core.capaian import (
    ALASAN_BELUM_ADA_SUB,
    ALASAN_REALISASI_KOSONG,
    KONTEKS,
    Capaian,
    cek_decimal,
    hitung_capaian,
)
from core.periode import Periode

__all__ = [
    "Angka",
    "BulanAngka",
    "HasilSimpul",
    "Simpul",
    "angka_dari_baris",
    "angka_periode",
    "rollup",
]

_NOL: Final = Decimal(0)
_SATU: Final = Decimal(1)
_BULAN_SAH: Final = frozenset(range(1, 13))

#: Sums run at a much higher precision than the quotients they add up (34 digits), so they are
#: exact and therefore independent of the order of the children; each mean then rounds once, to
#: KONTEKS (34 significant digits). Nothing is rounded to display precision here.
_KONTEKS_JUMLAH: Final = KONTEKS.copy()
_KONTEKS_JUMLAH.prec = 100


def _cek_nonnegatif(nama: str, nilai: object) -> Decimal:
    d = cek_decimal(nama, nilai)
    if d < _NOL:
        raise ValueError(f"{nama} tidak boleh negatif: {d}")
    return d


def _normalkan(obj: object, atribut: str, nama: str, nonnegatif: bool) -> None:
    """Validate a Decimal field of a frozen dataclass; an int is converted in place."""
    nilai = getattr(obj, atribut)
    if type(nilai) is Decimal and nilai.is_finite() and (not nonnegatif or nilai >= _NOL):
        return  # fast path
    d = _cek_nonnegatif(nama, nilai) if nonnegatif else cek_decimal(nama, nilai)
    if d is not nilai:
        object.__setattr__(obj, atribut, d)


@dataclass(frozen=True, slots=True)
class BulanAngka:
    """One month of one sub kegiatan: the ROPP plan and the reported realisasi.

    ``target_bobot`` is the ROPP "Target Fisik (%)" of the month and ``target_anggaran`` its
    "Anggaran" kas (Pergub 17/2023 Lampiran I, Tabel 2). A realisasi of None means "not
    reported" (it is summed as zero but counted in :attr:`Angka.dilaporkan`).
    """

    target_bobot: Decimal
    target_anggaran: Decimal
    realisasi_bobot: Decimal | None = None
    realisasi_anggaran: Decimal | None = None

    def __post_init__(self) -> None:
        _normalkan(self, "target_bobot", "Target bobot", True)
        _normalkan(self, "target_anggaran", "Target anggaran", True)
        if self.realisasi_bobot is not None:
            _normalkan(self, "realisasi_bobot", "Realisasi bobot", True)
        if self.realisasi_anggaran is not None:
            _normalkan(self, "realisasi_anggaran", "Realisasi anggaran", True)

    @property
    def wajib_lapor(self) -> bool:
        """The month has a plan (bobot or anggaran kas), so a report is expected."""
        return self.target_bobot > _NOL or self.target_anggaran > _NOL

    @property
    def lengkap(self) -> bool:
        """Every planned component (bobot, anggaran) has a reported realisasi."""
        return (self.target_bobot == _NOL or self.realisasi_bobot is not None) and (
            self.target_anggaran == _NOL or self.realisasi_anggaran is not None
        )


@dataclass(frozen=True, slots=True)
class Angka:
    """Figures of one node for one period (unrounded).

    ``wajib_lapor`` counts sub-kegiatan-months in the period that have a plan;
    ``dilaporkan`` counts those whose planned components all have a realisasi.
    ``jumlah_sub_kegiatan`` counts the leaves underneath (0: an inner node with none).
    """

    target_bobot: Decimal
    realisasi_bobot: Decimal
    target_anggaran: Decimal
    realisasi_anggaran: Decimal
    dilaporkan: int = 0
    wajib_lapor: int = 0
    jumlah_sub_kegiatan: int = 1

    def __post_init__(self) -> None:
        _normalkan(self, "target_bobot", "Target bobot", False)
        _normalkan(self, "realisasi_bobot", "Realisasi bobot", False)
        _normalkan(self, "target_anggaran", "Target anggaran", False)
        _normalkan(self, "realisasi_anggaran", "Realisasi anggaran", False)
        for nama in ("dilaporkan", "wajib_lapor", "jumlah_sub_kegiatan"):
            n = getattr(self, nama)
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise ValueError(f"{nama} harus bilangan bulat tidak negatif, bukan {n!r}")

    @classmethod
    def kosong(cls) -> Angka:
        """Zeros for an inner node without any sub kegiatan."""
        return cls(_NOL, _NOL, _NOL, _NOL, 0, 0, 0)

    @property
    def lengkap(self) -> bool:
        """All expected monthly reports are in."""
        return self.dilaporkan >= self.wajib_lapor

    def _capaian(self, realisasi: Decimal, target: Decimal) -> Capaian:
        if self.jumlah_sub_kegiatan == 0:
            return Capaian(None, ALASAN_BELUM_ADA_SUB)
        if target > _NOL and self.wajib_lapor > 0 and self.dilaporkan == 0:
            return Capaian(None, ALASAN_REALISASI_KOSONG)
        return hitung_capaian(realisasi, target)

    @property
    def capaian_kinerja(self) -> Capaian:
        """Realisasi bobot / target bobot × 100 (Lampiran II kolom 13 bulanan, 10 program,
        11 sasaran)."""
        return self._capaian(self.realisasi_bobot, self.target_bobot)

    @property
    def capaian_anggaran(self) -> Capaian:
        """Realisasi anggaran / target anggaran × 100 (Lampiran II bulanan kolom 14)."""
        return self._capaian(self.realisasi_anggaran, self.target_anggaran)


def angka_periode(bulanan: Mapping[int, BulanAngka], periode: Periode) -> Angka:
    """Figures of one sub kegiatan for a period: sums over the months it covers.

    Bulanan: that month; kumulatif: months 1..m; triwulan: its 3 months; tahunan: all 12
    (Pergub 17/2023 Lampiran I, ROPP Tabel 2 "Triwulan I..IV" and "TOTAL"). A month absent
    from ``bulanan`` has no plan and contributes zero.
    """
    if not _BULAN_SAH.issuperset(bulanan.keys()):
        salah = sorted(repr(b) for b in bulanan if b not in _BULAN_SAH)
        raise ValueError(f"Kunci bulan harus 1 sampai 12, bukan {', '.join(salah)}")
    tb = rb = ta = ra = _NOL
    dilaporkan = wajib = 0
    with localcontext(_KONTEKS_JUMLAH):
        for bulan in periode.bulan:
            b = bulanan.get(bulan)
            if b is None:
                continue
            t_bobot = b.target_bobot
            t_anggaran = b.target_anggaran
            r_bobot = b.realisasi_bobot
            r_anggaran = b.realisasi_anggaran
            tb += t_bobot
            ta += t_anggaran
            if r_bobot is not None:
                rb += r_bobot
            if r_anggaran is not None:
                ra += r_anggaran
            # inlined BulanAngka.wajib_lapor / BulanAngka.lengkap (hot path)
            if t_bobot or t_anggaran:
                wajib += 1
                if (r_bobot is not None or not t_bobot) and (
                    r_anggaran is not None or not t_anggaran
                ):
                    dilaporkan += 1
    return Angka(tb, rb, ta, ra, dilaporkan, wajib, 1)


def angka_dari_baris(
    rencana: Mapping[int, tuple[Decimal, Decimal]],
    realisasi: Mapping[int, tuple[Decimal, Decimal]],
    bulan: Iterable[int],
) -> Angka:
    """The same figures as :func:`angka_periode`, straight from stored rows (the hot path of the
    province tree): ``rencana``/``realisasi`` map a month to (bobot, anggaran). The values come from
    the database, where they were validated on the way in, so no per-month objects are built.
    """
    tb = rb = ta = ra = _NOL
    dilaporkan = wajib = 0
    add = _KONTEKS_JUMLAH.add  # exact sums without entering a context per leaf
    for m in bulan:
        rp = rencana.get(m)
        if rp is None:
            continue
        t_bobot, t_anggaran = rp
        tb = add(tb, t_bobot)
        ta = add(ta, t_anggaran)
        rr = realisasi.get(m)
        if rr is not None:
            rb = add(rb, rr[0])
            ra = add(ra, rr[1])
        if t_bobot or t_anggaran:
            wajib += 1
            if rr is not None:
                dilaporkan += 1
    return _angka_tervalidasi(tb, rb, ta, ra, dilaporkan, wajib, 1)


_set = object.__setattr__


def _angka_tervalidasi(
    tb: Decimal, rb: Decimal, ta: Decimal, ra: Decimal, dilaporkan: int, wajib: int, jumlah: int
) -> Angka:
    """Build an :class:`Angka` from values the engine itself computed from validated inputs,
    skipping ``__post_init__`` (the hot path of a province of tens of thousands of nodes)."""
    a = object.__new__(Angka)
    _set(a, "target_bobot", tb)
    _set(a, "realisasi_bobot", rb)
    _set(a, "target_anggaran", ta)
    _set(a, "realisasi_anggaran", ra)
    _set(a, "dilaporkan", dilaporkan)
    _set(a, "wajib_lapor", wajib)
    _set(a, "jumlah_sub_kegiatan", jumlah)
    return a


@dataclass(frozen=True, slots=True)
class Simpul:
    """A node of the weighted tree handed to :func:`rollup`.

    A leaf (sub kegiatan, or whatever the caller treats as a leaf) carries ``angka``; an
    inner node carries ``anak``. ``bobot_relatif`` is this node's weight among its siblings
    (equal weights by default). ``tingkat`` is a free label chosen by the caller ("provinsi",
    "pd", "sasaran", "indikator", "program", "kegiatan", "sub_kegiatan"). A node without
    children and without angka is an inner node with no sub kegiatan yet.
    """

    kode: str
    nama: str
    tingkat: str
    bobot_relatif: Decimal = _SATU
    anak: tuple[Simpul, ...] = ()
    angka: Angka | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.anak, tuple):
            object.__setattr__(self, "anak", tuple(self.anak))
        if self.anak and self.angka is not None:
            raise ValueError(
                f"Simpul {self.kode} ({self.nama}) tidak boleh memiliki anak sekaligus angka"
            )
        w = self.bobot_relatif
        if not (type(w) is Decimal and w.is_finite() and w >= _NOL):
            _normalkan(self, "bobot_relatif", f"Bobot relatif simpul {self.kode}", True)


@dataclass(frozen=True, slots=True)
class HasilSimpul:
    """A rolled-up node: the aggregated :class:`Angka` and the rolled-up children."""

    kode: str
    nama: str
    tingkat: str
    angka: Angka
    anak: tuple[HasilSimpul, ...] = ()
    bobot_relatif: Decimal = _SATU

    @property
    def capaian_kinerja(self) -> Capaian:
        return self.angka.capaian_kinerja

    @property
    def capaian_anggaran(self) -> Capaian:
        return self.angka.capaian_anggaran

    def iter(self) -> Iterator[HasilSimpul]:
        """All nodes, pre-order (self first, children left to right)."""
        tumpukan: list[HasilSimpul] = [self]
        while tumpukan:
            h = tumpukan.pop()
            yield h
            tumpukan.extend(reversed(h.anak))

    def cari(self, kode: str) -> HasilSimpul | None:
        """First node with this kode in pre-order, or None. O(n): for many look-ups use
        :meth:`indeks`."""
        for h in self.iter():
            if h.kode == kode:
                return h
        return None

    def indeks(self) -> dict[str, HasilSimpul]:
        """kode → first node with that kode in pre-order."""
        hasil: dict[str, HasilSimpul] = {}
        for h in self.iter():
            hasil.setdefault(h.kode, h)
        return hasil


def _gabung(
    simpul: Simpul, anak: tuple[HasilSimpul, ...], unit: list[HasilSimpul] | None
) -> HasilSimpul:
    """Aggregate an inner node from its rolled-up children.

    Bobot: weighted mean over ``anak`` (a child listed twice counts twice). Anggaran and the
    counters: sums over ``anak``, or over ``unit`` (disjoint sub-trees covering the node's
    leaves once each) when some node below is reachable along several paths.
    """
    tb = rb = ta = ra = _NOL
    dilaporkan = wajib = jumlah = 0
    w0 = anak[0].bobot_relatif
    if all(h.bobot_relatif == w0 for h in anak):
        for h in anak:
            a = h.angka
            tb += a.target_bobot
            rb += a.realisasi_bobot
            if unit is None:
                ta += a.target_anggaran
                ra += a.realisasi_anggaran
                dilaporkan += a.dilaporkan
                wajib += a.wajib_lapor
                jumlah += a.jumlah_sub_kegiatan
        total_w = w0  # Σw·x / Σw == Σx / n when all weights are equal
        pembagi = Decimal(len(anak))
    else:
        total_w = _NOL
        for h in anak:
            a = h.angka
            w = h.bobot_relatif
            total_w += w
            tb += w * a.target_bobot
            rb += w * a.realisasi_bobot
            if unit is None:
                ta += a.target_anggaran
                ra += a.realisasi_anggaran
                dilaporkan += a.dilaporkan
                wajib += a.wajib_lapor
                jumlah += a.jumlah_sub_kegiatan
        pembagi = total_w
    if total_w == _NOL:
        raise ValueError(
            f"Jumlah bobot relatif anak simpul {simpul.kode} ({simpul.nama}) nol: "
            "rata-rata tertimbang tidak dapat dihitung"
        )
    if unit is not None:
        for h in unit:
            a = h.angka
            ta += a.target_anggaran
            ra += a.realisasi_anggaran
            dilaporkan += a.dilaporkan
            wajib += a.wajib_lapor
            jumlah += a.jumlah_sub_kegiatan
    angka = _angka_tervalidasi(
        KONTEKS.divide(tb, pembagi),
        KONTEKS.divide(rb, pembagi),
        ta,
        ra,
        dilaporkan,
        wajib,
        jumlah,
    )
    return HasilSimpul(simpul.kode, simpul.nama, simpul.tingkat, angka, anak, simpul.bobot_relatif)


def _simpul_bersama(akar: Simpul) -> set[int]:
    """ids of node objects referenced more than once (by several parents, or twice by one)."""
    rujukan: dict[int, int] = {}
    bersama: set[int] = set()
    tumpukan = [akar]
    while tumpukan:
        s = tumpukan.pop()
        for a in s.anak:
            k = id(a)
            if k in rujukan:
                rujukan[k] += 1
                bersama.add(k)
            else:
                rujukan[k] = 1
                tumpukan.append(a)
    return bersama


def rollup(simpul: Simpul) -> HasilSimpul:
    """Roll a tree up (Pergub 17/2023 Lampiran II; Pergub 42/2018 Pasal 12(6), Pasal 16).

    Iterative post-order, O(number of nodes). The same node object may appear under several
    parents — the Lampiran II example lists kegiatan "Pengendalian" and "Evaluasi" under both
    Indikator Program A and B. Such a node is computed once and enters every mean it is listed
    in, but its anggaran and report counters are summed ONCE into each ancestor (the program's
    budget is the sum of its distinct sub kegiatan, not of the rows of the report). Raises
    ValueError when the weights of a node's children sum to zero.
    """
    kosong = Angka.kosong()
    bersama = _simpul_bersama(simpul)
    # For a node with a shared node below it: ids of disjoint sub-trees ("units") that cover its
    # leaves exactly once. Nodes without sharing below have no entry and are their own unit.
    unit_dari: dict[int, frozenset[int]] = {}
    hasil: dict[int, HasilSimpul] = {}
    tumpukan: list[tuple[Simpul, bool]] = [(simpul, False)]
    with localcontext(_KONTEKS_JUMLAH):
        while tumpukan:
            s, siap = tumpukan.pop()
            if siap:
                anak = tuple([hasil[id(a)] for a in s.anak])
                unit: list[HasilSimpul] | None = None
                if bersama:
                    bagian: list[frozenset[int]] = []
                    murni = True
                    for a in s.anak:
                        k = id(a)
                        sub = unit_dari.get(k)
                        if sub is not None:
                            murni = False
                            bagian.append(sub)
                        else:
                            if k in bersama:
                                murni = False
                            bagian.append(frozenset((k,)))
                    if not murni:
                        gabungan = frozenset().union(*bagian)
                        unit_dari[id(s)] = gabungan
                        unit = [hasil[k] for k in gabungan]
                hasil[id(s)] = _gabung(s, anak, unit)
                continue
            if id(s) in hasil:
                continue
            if not s.anak:
                hasil[id(s)] = HasilSimpul(
                    s.kode,
                    s.nama,
                    s.tingkat,
                    s.angka if s.angka is not None else kosong,
                    (),
                    s.bobot_relatif,
                )
                continue
            tumpukan.append((s, True))
            tumpukan.extend((a, False) for a in reversed(s.anak) if id(a) not in hasil)
    return hasil[id(simpul)]
