"""Compliance: the PD x month matrix of monthly reporting (Pergub 17/2023 Pasal 15(4)). Pure.

A cell covers every sub kegiatan of the PD that has a plan that month (bobot or anggaran kas > 0):

* ``tepat_waktu``: every one was reported, each first on or before the deadline (the 5th working
  day of the next month);
* ``terlambat``: every one was reported, at least one first after the deadline (late reports are
  accepted and marked late, Pasal 15(4));
* ``belum``: at least one has not been reported yet (whether or not the deadline has passed:
  ``jatuh_tempo`` says whether it has);
* ``None``: nothing was due that month (no plan).

Only the first revision counts for timeliness; later corrections do not make a report late.
Reports stored after ``hari_ini`` (WIB) are not counted, so the matrix can be shown as of a day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class StatusKepatuhan(StrEnum):
    TEPAT_WAKTU = "tepat_waktu"
    TERLAMBAT = "terlambat"
    BELUM = "belum"

    @property
    def label(self) -> str:
        return {"tepat_waktu": "Tepat waktu", "terlambat": "Terlambat", "belum": "Belum"}[
            self.value
        ]


@dataclass(frozen=True)
class SelKepatuhan:
    bulan: int
    status: StatusKepatuhan | None
    tenggat: date
    jatuh_tempo: bool
    wajib: int
    dilaporkan: int
    terlambat: int

    def to_json(self) -> dict[str, Any]:
        return {
            "bulan": self.bulan,
            "status": self.status.value if self.status else None,
            "tenggat": self.tenggat.isoformat(),
            "jatuh_tempo": self.jatuh_tempo,
            "wajib": self.wajib,
            "dilaporkan": self.dilaporkan,
            "terlambat": self.terlambat,
        }


@dataclass(frozen=True)
class BarisKepatuhanPd:
    pd_kode: str
    pd_nama: str
    sel: tuple[SelKepatuhan, ...]

    def jumlah(self, status: StatusKepatuhan, hanya_jatuh_tempo: bool = True) -> int:
        return sum(
            1 for s in self.sel if s.status == status and (s.jatuh_tempo or not hanya_jatuh_tempo)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "pd": self.pd_kode,
            "nama": self.pd_nama,
            "bulan": [s.to_json() for s in self.sel],
            "jumlah": {st.value: self.jumlah(st) for st in StatusKepatuhan},
        }


@dataclass(frozen=True)
class MatriksKepatuhan:
    tahun: int
    hari_ini: date
    baris: tuple[BarisKepatuhanPd, ...]

    def cari(self, pd_kode: str) -> BarisKepatuhanPd | None:
        return next((b for b in self.baris if b.pd_kode == pd_kode), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "tahun": self.tahun,
            "hari_ini": self.hari_ini.isoformat(),
            "pd": [b.to_json() for b in self.baris],
        }


def status_sel(wajib: int, dilaporkan: int, terlambat: int) -> StatusKepatuhan | None:
    if wajib == 0:
        return None
    if dilaporkan < wajib:
        return StatusKepatuhan.BELUM
    return StatusKepatuhan.TERLAMBAT if terlambat else StatusKepatuhan.TEPAT_WAKTU


def hitung_kepatuhan(
    tahun: int,
    hari_ini: date,
    tenggat: Mapping[int, date],
    wajib: Iterable[tuple[str, str, int]],
    pertama: Mapping[tuple[str, int], date],
    pd_nama: Mapping[str, str],
    pd_kode: str | None = None,
) -> MatriksKepatuhan:
    """The matrix for ``tahun`` as of ``hari_ini``.

    ``tenggat``: month -> monthly deadline. ``wajib``: (pd, sub kegiatan, month) with a plan.
    ``pertama``: (sub kegiatan, month) -> local date (WIB) of its first report. ``pd_nama``: every
    PD (each gets a row, even with nothing due). ``pd_kode``: only that PD's row.
    """
    hitung: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for pd, kode, bulan in wajib:
        c = hitung[(pd, bulan)]
        c[0] += 1
        tgl = pertama.get((kode, bulan))
        if tgl is not None and tgl <= hari_ini:
            c[1] += 1
            if tgl > tenggat[bulan]:
                c[2] += 1
    baris = []
    for kode in sorted(pd_nama):
        if pd_kode is not None and kode != pd_kode:
            continue
        sel = []
        for bulan in range(1, 13):
            w, d, t = hitung.get((kode, bulan), (0, 0, 0))
            sel.append(
                SelKepatuhan(
                    bulan=bulan,
                    status=status_sel(w, d, t),
                    tenggat=tenggat[bulan],
                    jatuh_tempo=hari_ini > tenggat[bulan],
                    wajib=w,
                    dilaporkan=d,
                    terlambat=t,
                )
            )
        baris.append(BarisKepatuhanPd(kode, pd_nama[kode], tuple(sel)))
    return MatriksKepatuhan(tahun, hari_ini, tuple(baris))
