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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any, Final

from core.capaian import (
    ALASAN_BELUM_ADA_SUB,
    ALASAN_REALISASI_KOSONG,
    KONTEKS,
    Capaian,
    cek_decimal,
    hitung_capaian,
)
from core.cascade import Tingkat
from core.periode import Periode

__all__ = [
    "Angka",
    "BulanAngka",
    "HasilSimpul",
    "Simpul",
    "angka_dari_baris",
    "angka_periode",
    "pohon_provinsi",
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


# ----------------------------------------------------------------------------- province tree
#: One stored row of the province tree: a node of the year, or a node and one planned month of the
#: period (see :class:`core.ports.CapaianRows`): (kode, tingkat, nama, induk kode, PD kode,
#: bobot_relatif, bulan, target bobot, anggaran kas, realisasi bobot, realisasi anggaran). The month
#: fields are None for a node without a plan in the period; the realisasi fields are None for a
#: month without a current realisasi.
BarisPohon = tuple[
    str,
    str,
    str,
    str | None,
    str | None,
    Decimal,
    int | None,
    Decimal | None,
    Decimal | None,
    Decimal | None,
    Decimal | None,
]

#: Indicator groups of a node: (indicator kode, uraian, kode of the children the indicator names).
GrupIndikator = Sequence[tuple[str, str, Sequence[str]]]

# Slot setters: building an engine-computed HasilSimpul/Angka through them skips the frozen
# dataclass __init__ (one object.__setattr__ per field, plus validation), which dominates the
# cost of a province of tens of thousands of nodes. Only for values computed here.
_baru = object.__new__


def _setter(cls: type, nama: str) -> Callable[[Any, Any], None]:
    """The slot descriptor's __set__ (bypasses the frozen dataclass's __setattr__)."""
    fn: Callable[[Any, Any], None] = cls.__dict__[nama].__set__
    return fn


_hs_kode = _setter(HasilSimpul, "kode")
_hs_nama = _setter(HasilSimpul, "nama")
_hs_tingkat = _setter(HasilSimpul, "tingkat")
_hs_angka = _setter(HasilSimpul, "angka")
_hs_anak = _setter(HasilSimpul, "anak")
_hs_bobot = _setter(HasilSimpul, "bobot_relatif")
_a_tb = _setter(Angka, "target_bobot")
_a_rb = _setter(Angka, "realisasi_bobot")
_a_ta = _setter(Angka, "target_anggaran")
_a_ra = _setter(Angka, "realisasi_anggaran")
_a_dil = _setter(Angka, "dilaporkan")
_a_waj = _setter(Angka, "wajib_lapor")
_a_jml = _setter(Angka, "jumlah_sub_kegiatan")


def _hasil(
    kode: str, nama: str, tingkat: str, angka: Angka, anak: tuple[HasilSimpul, ...], w: Decimal
) -> HasilSimpul:
    h: HasilSimpul = _baru(HasilSimpul)
    _hs_kode(h, kode)
    _hs_nama(h, nama)
    _hs_tingkat(h, tingkat)
    _hs_angka(h, angka)
    _hs_anak(h, anak)
    _hs_bobot(h, w)
    return h


def _angka(
    tb: Decimal, rb: Decimal, ta: Decimal, ra: Decimal, dilaporkan: int, wajib: int, jumlah: int
) -> Angka:
    a: Angka = _baru(Angka)
    _a_tb(a, tb)
    _a_rb(a, rb)
    _a_ta(a, ta)
    _a_ra(a, ra)
    _a_dil(a, dilaporkan)
    _a_waj(a, wajib)
    _a_jml(a, jumlah)
    return a


_PEMBAGI: Final = tuple(Decimal(i) for i in range(64))


def _rata(kode: str, nama: str, anak: Sequence[HasilSimpul]) -> tuple[Decimal, Decimal]:
    """Weighted mean of the children's target and realisasi bobot, exactly as :func:`_gabung`
    (sums in the current, exact context; one rounding to KONTEKS)."""
    tb = rb = _NOL
    w0 = anak[0].bobot_relatif
    for h in anak:
        if h.bobot_relatif != w0:
            break
    else:
        for h in anak:
            a = h.angka
            tb += a.target_bobot
            rb += a.realisasi_bobot
        n = len(anak)
        pembagi = _PEMBAGI[n] if n < 64 else Decimal(n)
        if w0 == _NOL:
            raise ValueError(
                f"Jumlah bobot relatif anak simpul {kode} ({nama}) nol: "
                "rata-rata tertimbang tidak dapat dihitung"
            )
        return KONTEKS.divide(tb, pembagi), KONTEKS.divide(rb, pembagi)
    total_w = _NOL
    for h in anak:
        a = h.angka
        w = h.bobot_relatif
        total_w += w
        tb += w * a.target_bobot
        rb += w * a.realisasi_bobot
    if total_w == _NOL:
        raise ValueError(
            f"Jumlah bobot relatif anak simpul {kode} ({nama}) nol: "
            "rata-rata tertimbang tidak dapat dihitung"
        )
    return KONTEKS.divide(tb, total_w), KONTEKS.divide(rb, total_w)


def _simpul_dalam(
    kode: str, nama: str, tingkat: str, w: Decimal, anak: tuple[HasilSimpul, ...]
) -> HasilSimpul:
    """An inner node whose children are distinct: bobot = weighted mean (as :func:`_rata`),
    anggaran and counters = sums over the children. One pass over the children unless their
    weights differ."""
    tb = rb = ta = ra = _NOL
    dilaporkan = wajib = jumlah = 0
    w0 = anak[0].bobot_relatif
    sama = True
    for h in anak:
        a = h.angka
        if sama and h.bobot_relatif != w0:
            sama = False
        tb += a.target_bobot
        rb += a.realisasi_bobot
        ta += a.target_anggaran
        ra += a.realisasi_anggaran
        dilaporkan += a.dilaporkan
        wajib += a.wajib_lapor
        jumlah += a.jumlah_sub_kegiatan
    if sama and w0 != _NOL:
        n = len(anak)
        pembagi = _PEMBAGI[n] if n < 64 else Decimal(n)
        tb = KONTEKS.divide(tb, pembagi)
        rb = KONTEKS.divide(rb, pembagi)
    else:
        tb, rb = _rata(kode, nama, anak)
    angka: Angka = _baru(Angka)
    _a_tb(angka, tb)
    _a_rb(angka, rb)
    _a_ta(angka, ta)
    _a_ra(angka, ra)
    _a_dil(angka, dilaporkan)
    _a_waj(angka, wajib)
    _a_jml(angka, jumlah)
    h = _baru(HasilSimpul)
    _hs_kode(h, kode)
    _hs_nama(h, nama)
    _hs_tingkat(h, tingkat)
    _hs_angka(h, angka)
    _hs_anak(h, anak)
    _hs_bobot(h, w)
    return h


def _jumlah_unik(anak: Iterable[HasilSimpul]) -> tuple[Decimal, Decimal, int, int, int]:
    """Anggaran and counters summed once per distinct child (by identity)."""
    ta = ra = _NOL
    dilaporkan = wajib = jumlah = 0
    for a in {id(h): h.angka for h in anak}.values():
        ta += a.target_anggaran
        ra += a.realisasi_anggaran
        dilaporkan += a.dilaporkan
        wajib += a.wajib_lapor
        jumlah += a.jumlah_sub_kegiatan
    return ta, ra, dilaporkan, wajib, jumlah


def _simpul_berindikator(
    kode: str,
    nama: str,
    tingkat: str,
    w: Decimal,
    anak: Mapping[str, HasilSimpul],
    grup: GrupIndikator,
    kosong: Angka,
) -> HasilSimpul:
    """A node whose indicators name the children that form them (Lampiran II Program/Sasaran
    Triwulanan): one "indikator" node per indicator (weighted mean of the children it names), the
    node = plain mean of its indicators. A child named by two indicators enters both means but the
    anggaran and the counters once (same figures as :func:`rollup` on the equivalent Simpul tree)."""
    indikator: list[HasilSimpul] = []
    semua: list[HasilSimpul] = []
    for ikode, uraian, anak_kode in grup:
        anggota = tuple([anak[k] for k in anak_kode if k in anak])
        if not anggota:
            indikator.append(_hasil(ikode, uraian, "indikator", kosong, (), Decimal(1)))
            continue
        semua.extend(anggota)
        tb, rb = _rata(ikode, uraian, anggota)
        ta, ra, dilaporkan, wajib, jumlah = _jumlah_unik(anggota)
        angka = _angka(tb, rb, ta, ra, dilaporkan, wajib, jumlah)
        indikator.append(_hasil(ikode, uraian, "indikator", angka, anggota, Decimal(1)))
    hasil = tuple(indikator)
    tb, rb = _rata(kode, nama, hasil)
    ta, ra, dilaporkan, wajib, jumlah = _jumlah_unik(semua)
    return _hasil(kode, nama, tingkat, _angka(tb, rb, ta, ra, dilaporkan, wajib, jumlah), hasil, w)


_SUB: Final = Tingkat.SUB_KEGIATAN.value
_SASARAN_PD: Final = Tingkat.SASARAN_PD.value
_DI_ATAS_PD: Final = frozenset((Tingkat.TUJUAN.value, Tingkat.SASARAN_DAERAH.value))


def pohon_provinsi(
    baris: Iterable[BarisPohon],
    indikator_anak: Mapping[str, GrupIndikator],
    pd_nama: Mapping[str, str],
    kode: str = "provinsi",
    nama: str = "Provinsi Banten",
    tingkat: str = "provinsi",
) -> HasilSimpul:
    """The rolled-up province tree straight from the stored rows, in one pass over them plus one
    over the inner nodes: provinsi -> PD -> sasaran PD -> program -> kegiatan -> sub kegiatan.

    ``baris`` holds every node of the year, each node's rows together (the repository orders them
    by node), in the order the children are to appear. A sub kegiatan's figures are the sums of its
    months (as :func:`angka_dari_baris`); every other node is rolled up as :func:`rollup` rolls up
    the equivalent :class:`Simpul` tree: the sasaran PD of a PD are its roots (PDs in kode order),
    tujuan and sasaran daerah stay out, and where a node's indicators name children
    (``indikator_anak``) an "indikator" level is inserted and the node is the mean of its
    indicators. The figures, and the Decimal representations, are those of :func:`rollup`; only the
    intermediate Simpul tree, its validation and the shared-node bookkeeping are skipped. Raises
    ValueError when a node's children weigh zero in all or when the parent links form a cycle.
    """
    info: dict[str, tuple[str, str, Decimal]] = {}  # inner nodes: kode -> (tingkat, nama, bobot)
    anak: dict[str | None, list[str]] = {}
    hasil: dict[str, HasilSimpul] = {}
    akar_pd: dict[str, list[str]] = {}
    kosong = Angka.kosong()
    baru, set_kode, set_nama, set_tingkat, set_angka, set_anak, set_bobot = (
        _baru,
        _hs_kode,
        _hs_nama,
        _hs_tingkat,
        _hs_angka,
        _hs_anak,
        _hs_bobot,
    )
    set_tb, set_rb, set_ta, set_ra, set_dil, set_waj, set_jml = (
        _a_tb,
        _a_rb,
        _a_ta,
        _a_ra,
        _a_dil,
        _a_waj,
        _a_jml,
    )
    sub, sasaran_pd, di_atas_pd, nol = _SUB, _SASARAN_PD, _DI_ATAS_PD, _NOL
    kosong_anak: tuple[HasilSimpul, ...] = ()
    with localcontext(_KONTEKS_JUMLAH):  # exact sums
        # 1. one pass over the rows: the tree's links, and every sub kegiatan summed over its months
        # (the rule of angka_dari_baris), its Angka and HasilSimpul built as soon as its rows end.
        terakhir: str | None = None
        daun: HasilSimpul | None = None  # the sub kegiatan whose months are being summed
        tb = rb = ta = ra = nol
        dilaporkan = wajib = 0
        for k, t, n, induk, pd, w, bulan, t_b, t_a, r_b, r_a in baris:
            if k != terakhir:
                if daun is not None:
                    a: Angka = baru(Angka)
                    set_tb(a, tb)
                    set_rb(a, rb)
                    set_ta(a, ta)
                    set_ra(a, ra)
                    set_dil(a, dilaporkan)
                    set_waj(a, wajib)
                    set_jml(a, 1)
                    set_angka(daun, a)
                terakhir = k
                if k in hasil or k in info:
                    raise ValueError(
                        f"Baris simpul {k} tidak berurutan (harus berkelompok per simpul)"
                    )
                if w < nol:
                    raise ValueError(f"Bobot relatif simpul {k} tidak boleh negatif: {w}")
                if t not in di_atas_pd:
                    saudara = anak.get(induk)
                    if saudara is None:
                        anak[induk] = [k]
                    else:
                        saudara.append(k)
                if t != sub:
                    daun = None
                    info[k] = (t, n, w)
                    if t == sasaran_pd:
                        akar = pd or "-"
                        if akar in akar_pd:
                            akar_pd[akar].append(k)
                        else:
                            akar_pd[akar] = [k]
                    continue
                daun = baru(HasilSimpul)
                set_kode(daun, k)
                set_nama(daun, n)
                set_tingkat(daun, sub)
                set_anak(daun, kosong_anak)
                set_bobot(daun, w)
                hasil[k] = daun
                tb = rb = ta = ra = nol
                dilaporkan = wajib = 0
            elif daun is None:
                continue  # months of a node that is not a sub kegiatan: not part of the tree
            if bulan is None or t_b is None or t_a is None:
                continue
            tb += t_b
            ta += t_a
            if r_b is not None and r_a is not None:
                rb += r_b
                ra += r_a
                if t_b or t_a:
                    wajib += 1
                    dilaporkan += 1
            elif t_b or t_a:
                wajib += 1
        if daun is not None:
            set_angka(daun, _angka(tb, rb, ta, ra, dilaporkan, wajib, 1))

        # 2. inner nodes, post-order from every sasaran PD (depth: the cascade's levels)
        di_jalur: set[str] = set()
        dapat = hasil.get

        def gulung(k: str) -> HasilSimpul:
            if k in di_jalur:
                raise ValueError(f"Simpul {k} menjadi induk dirinya sendiri (siklus)")
            t, n, w = info[k]
            kids = anak.get(k)
            if not kids:
                h = _hasil(k, n, t, kosong, kosong_anak, w)
            else:
                di_jalur.add(k)
                grup = indikator_anak.get(k)
                if grup:
                    # only the children an indicator names are part of the tree
                    disebut = {c for _i, _u, anak_kode in grup for c in anak_kode}
                    pilih = {c: dapat(c) or gulung(c) for c in kids if c in disebut}
                    h = _simpul_berindikator(k, n, t, w, pilih, grup, kosong)
                else:
                    h = _simpul_dalam(k, n, t, w, tuple([dapat(c) or gulung(c) for c in kids]))
                di_jalur.discard(k)
            hasil[k] = h
            return h

        pd_hasil = tuple(
            [
                _simpul_dalam(
                    pd,
                    pd_nama.get(pd, pd),
                    "pd",
                    Decimal(1),
                    tuple([dapat(s) or gulung(s) for s in akar]),
                )
                for pd, akar in sorted(akar_pd.items())
            ]
        )
        if not pd_hasil:
            return _hasil(kode, nama, tingkat, kosong, kosong_anak, Decimal(1))
        return _simpul_dalam(kode, nama, tingkat, Decimal(1), pd_hasil)
