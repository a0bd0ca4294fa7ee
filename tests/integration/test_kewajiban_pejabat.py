"""One official's obligations and reports (/jadwal) are the province's, filtered in SQL.

``kewajiban_pelaporan(tahun, nip)`` and ``laporan_masuk(tahun, sampai, node_kode)`` must give exactly
the rows of the province-wide reads that belong to that official: the sub kegiatan they are
penanggung jawab of (Pergub 17/2023 Pasal 15(4)) and the program/sasaran indicators they report
(Pasal 15(3)), the indicator's own penanggung jawab first, else the node's. On the real Banten
dataset (data/banten), on SQLite and, with SAKIP_TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from core import services
from core.cascade import Saluran
from sakip.demo import load_demo

TAHUN = 2026
SAMPAI = datetime(2026, 11, 24, tzinfo=UTC)


def test_filtered_reads_equal_the_province_reads_restricted(uow_factory) -> None:
    load_demo(uow_factory(), TAHUN, date(2026, 11, 23))
    with uow_factory() as uow:
        semua = uow.repo.kewajiban_pelaporan(TAHUN)
        indikator = uow.repo.list_indikator(TAHUN)
    # one indicator realisasi, so the indicator branch of laporan_masuk has a row to filter
    ind = next(i for i in indikator if any(k.kode == f"{i.node_kode}#{i.urutan}" for k in semua))
    pelapor = next(k for k in semua if k.kode == f"{ind.node_kode}#{ind.urutan}")
    services.submit_realisasi_indikator(
        uow_factory(),
        tahun=TAHUN,
        node_kode=ind.node_kode,
        urutan=ind.urutan,
        periode=f"{TAHUN}-Q3",
        nilai=Decimal("12.5"),
        oleh_nip=pelapor.penanggung_jawab_nip,
        saluran=Saluran.BOT,
        now=datetime(2026, 10, 5, 2, tzinfo=UTC),
    )
    with uow_factory() as uow:
        masuk_semua = uow.repo.laporan_masuk(TAHUN, SAMPAI)
    assert any("#" in kode for _, kode in masuk_semua)

    nips = sorted({k.penanggung_jawab_nip for k in semua})
    # indicator reporters, whether their own or inherited from the node, and sub kegiatan ones
    ind_nips = sorted({k.penanggung_jawab_nip for k in semua if "#" in k.kode})
    sample = (
        set(ind_nips[:10]) | set(nips[:: max(1, len(nips) // 15)]) | {pelapor.penanggung_jawab_nip}
    )
    assert len(ind_nips) >= 2 and len(sample) >= 12
    with uow_factory() as uow:
        for nip in sorted(sample):
            mine = [k for k in semua if k.penanggung_jawab_nip == nip]
            assert uow.repo.kewajiban_pelaporan(TAHUN, nip) == mine, nip
            node_kode = {k.kode.partition("#")[0] for k in mine}
            dilaporkan = uow.repo.laporan_masuk(TAHUN, SAMPAI, node_kode)
            assert dilaporkan == {
                key: t for key, t in masuk_semua.items() if key[1].partition("#")[0] in node_kode
            }, nip
        assert uow.repo.kewajiban_pelaporan(TAHUN, "000000000000000000") == []
        assert uow.repo.laporan_masuk(TAHUN, SAMPAI, set()) == {}
    with uow_factory() as uow:
        node = pelapor.kode.partition("#")[0]
        assert (f"{TAHUN}-Q3", pelapor.kode) in uow.repo.laporan_masuk(TAHUN, SAMPAI, {node})
