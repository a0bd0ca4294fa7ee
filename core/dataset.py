"""Read the curated Banten dataset (data/banten/*.csv) into domain objects."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from core.capaian import Arah
from core.cascade import CascadeNode, Indikator, Kelompok, Pejabat, PerangkatDaerah, Tingkat
from core.config import PROJECT_ROOT
from core.errors import Masalah, ValidasiError

BANTEN_DIR = PROJECT_ROOT / "data" / "banten"


@dataclass(frozen=True)
class Dataset:
    perangkat_daerah: list[PerangkatDaerah]
    pejabat: list[Pejabat]
    nodes: list[CascadeNode]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _decimal(text: str, loc: str, masalah: list[Masalah]) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        masalah.append(Masalah(loc, f"'{text}' bukan angka."))
        return None


BAPPEDA_PD_KODE = "BAPPEDA"
PERAN_BAPPEDA = "bappeda"


def load_dataset(folder: Path = BANTEN_DIR) -> Dataset:
    masalah: list[Masalah] = []
    pds = [
        PerangkatDaerah(r["kode"], r["nama"], r["singkatan"], Kelompok(r["kelompok"]))
        for r in _rows(folder / "perangkat_daerah.csv")
    ]
    pejabat = [
        Pejabat(
            r["nip"],
            r["nama"],
            r["jabatan"],
            r["eselon"] or None,
            r["pd_kode"] or None,
            r["atasan_nip"] or None,
            # Bappeda's own staff hold the Bappeda role in the bot (register the group, answer
            # kendala): Pergub 17/2023 Pasal 3(3) makes Bappeda the coordinator.
            PERAN_BAPPEDA if r["pd_kode"] == BAPPEDA_PD_KODE else None,
        )
        for r in _rows(folder / "jabatan.csv")
    ]
    indikator: dict[str, list[tuple[int, Indikator]]] = defaultdict(list)
    for i, r in enumerate(_rows(folder / "indikator.csv"), start=2):
        loc = f"indikator.csv baris {i}"
        # optional columns target_tw1..target_tw4 (the seed data has none: no quarterly targets)
        tw = [_decimal(r.get(f"target_tw{q}") or "", loc, masalah) for q in range(1, 5)]
        indikator[r["node_kode"]].append(
            (
                int(r["urutan"] or 0),
                Indikator(
                    uraian=r["uraian"],
                    satuan=r["satuan"] or "-",
                    target_tahunan=_decimal(r["target_tahunan"], loc, masalah),
                    arah=Arah(r["arah"] or "naik"),
                    penanggung_jawab_nip=r["penanggung_jawab_nip"] or None,
                    target_triwulan=(tw[0], tw[1], tw[2], tw[3]),
                ),
            )
        )
    nodes = []
    for r in _rows(folder / "cascade.csv"):
        node = CascadeNode(
            kode=r["kode"],
            tingkat=Tingkat(r["tingkat"]),
            nama=r["nama"],
            induk_kode=r["induk_kode"] or None,
            pd_kode=r["pd_kode"] or None,
            penanggung_jawab_nip=r["penanggung_jawab_nip"] or None,
        )
        ind = tuple(x for _, x in sorted(indikator.pop(node.kode, []), key=lambda t: t[0]))
        nodes.append(replace(node, indikator=ind))
    for kode in indikator:
        masalah.append(Masalah("indikator.csv", f"node {kode} tidak ada di cascade.csv."))
    if masalah:
        raise ValidasiError(masalah)
    return Dataset(pds, pejabat, nodes)
