"""The performance cascade (core.cascade): levels and validate_cascade.

Levels: Tujuan daerah -> Sasaran daerah -> Sasaran PD -> Program -> Kegiatan -> Sub Kegiatan
(Pergub Banten 42/2018 Pasal 12(4) and Lampiran A; Pergub Banten 17/2023 Pasal 2(3) and Pasal 3).
validate_cascade returns every problem of a batch at once, each in Bahasa Indonesia naming the node.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from core.capaian import Arah
from core.cascade import (
    CascadeNode,
    Indikator,
    Kelompok,
    Tingkat,
    validate_cascade,
)
from core.errors import Masalah

D = Decimal
PD = "1.01"
PD_LAIN = "1.02"
NIP_SEKDA = "196801011990031001"
NIP_KADIS = "197002021995031002"
NIP_KABID = "197503032000031003"
NIP_KASI = "198004042005031004"
SEMUA_PD = [PD, PD_LAIN]
SEMUA_NIP = [NIP_SEKDA, NIP_KADIS, NIP_KABID, NIP_KASI]

URUTAN = [
    Tingkat.TUJUAN,
    Tingkat.SASARAN_DAERAH,
    Tingkat.SASARAN_PD,
    Tingkat.PROGRAM,
    Tingkat.KEGIATAN,
    Tingkat.SUB_KEGIATAN,
]
BAWAH_TUJUAN = URUTAN[1:]
TINGKAT_PD = URUTAN[2:]


def _ind(uraian: str = "Persentase dokumen", satuan: str = "%", target: str = "100", **kw: object):
    return Indikator(uraian=uraian, satuan=satuan, target_tahunan=D(target), **kw)  # type: ignore[arg-type]


def _cascade() -> list[CascadeNode]:
    """A complete, valid cascade of one PD, two kegiatan and three sub kegiatan."""
    return [
        CascadeNode(
            "T1",
            Tingkat.TUJUAN,
            "Meningkatnya pertumbuhan ekonomi",
            penanggung_jawab_nip=NIP_SEKDA,
            indikator=(_ind("Laju pertumbuhan ekonomi", "%", "5.5"),),
        ),
        CascadeNode(
            "SD1",
            Tingkat.SASARAN_DAERAH,
            "Meningkatnya kualitas perencanaan",
            induk_kode="T1",
            indikator=(_ind("Tingkat pengangguran terbuka", "%", "7.5", arah=Arah.TURUN),),
        ),
        CascadeNode(
            "SP1",
            Tingkat.SASARAN_PD,
            "Meningkatnya kualitas pengendalian",
            induk_kode="SD1",
            pd_kode=PD,
            penanggung_jawab_nip=NIP_KADIS,
            indikator=(_ind("Nilai SAKIP", "nilai", "80", anak_kode=("P1",)),),
        ),
        CascadeNode(
            "P1",
            Tingkat.PROGRAM,
            "Program Perencanaan, Pengendalian dan Evaluasi",
            induk_kode="SP1",
            pd_kode=PD,
            penanggung_jawab_nip=NIP_KABID,
            indikator=(
                _ind("Indikator Program A", "Ha", "100", anak_kode=("K1", "K2")),
                _ind("Indikator Program B", "dokumen", "21", anak_kode=("K1",)),
            ),
        ),
        CascadeNode("K1", Tingkat.KEGIATAN, "Pengendalian", induk_kode="P1", pd_kode=PD),
        CascadeNode(
            "K2",
            Tingkat.KEGIATAN,
            "Evaluasi",
            induk_kode="P1",
            pd_kode=PD,
            bobot_relatif=D(2),
            indikator=(_ind(anak_kode=("S2", "S3")),),
        ),
        CascadeNode(
            "S1",
            Tingkat.SUB_KEGIATAN,
            "Koordinasi Pengendalian",
            induk_kode="K1",
            pd_kode=PD,
            pagu=D(1824205000),
            penanggung_jawab_nip=NIP_KASI,
            indikator=(
                _ind(
                    "Terlaksananya Koordinasi Pengendalian",
                    "dokumen",
                    "21",
                    penanggung_jawab_nip=NIP_KASI,
                ),
            ),
        ),
        CascadeNode("S2", Tingkat.SUB_KEGIATAN, "Evaluasi RKPD", induk_kode="K2", pd_kode=PD),
        CascadeNode(
            "S3", Tingkat.SUB_KEGIATAN, "Evaluasi Renja", induk_kode="K2", pd_kode=PD, pagu=D(0)
        ),
    ]


def _by_kode(nodes: list[CascadeNode]) -> dict[str, CascadeNode]:
    return {n.kode: n for n in nodes}


def _with(nodes: list[CascadeNode], kode: str, **changes: object) -> list[CascadeNode]:
    return [replace(n, **changes) if n.kode == kode else n for n in nodes]  # type: ignore[arg-type]


def _validate(nodes: list[CascadeNode], **kw: object) -> list[Masalah]:
    kw.setdefault("pd_kode", SEMUA_PD)
    kw.setdefault("nip", SEMUA_NIP)
    return validate_cascade(nodes, **kw)  # type: ignore[arg-type]


def _strs(masalah: list[Masalah]) -> list[str]:
    return [str(m) for m in masalah]


# ------------------------------------------------------------------ Tingkat
def test_tingkat_induk_chain_follows_pergub_42_2018_pasal_12_ayat_4() -> None:
    """Walking up from Sub Kegiatan visits every level once, in the regulation's order."""
    chain: list[Tingkat] = []
    t: Tingkat | None = Tingkat.SUB_KEGIATAN
    while t is not None:
        chain.append(t)
        t = t.induk
    assert chain == list(reversed(URUTAN))


@pytest.mark.parametrize(("child", "parent"), list(zip(URUTAN[1:], URUTAN[:-1], strict=True)))
def test_tingkat_induk(child: Tingkat, parent: Tingkat) -> None:
    assert child.induk is parent


def test_tujuan_is_the_top() -> None:
    assert Tingkat.TUJUAN.induk is None


@pytest.mark.parametrize(
    ("tingkat", "label"),
    [
        (Tingkat.TUJUAN, "Tujuan"),
        (Tingkat.SASARAN_DAERAH, "Sasaran Daerah"),
        (Tingkat.SASARAN_PD, "Sasaran PD"),
        (Tingkat.PROGRAM, "Program"),
        (Tingkat.KEGIATAN, "Kegiatan"),
        (Tingkat.SUB_KEGIATAN, "Sub Kegiatan"),
    ],
)
def test_tingkat_label(tingkat: Tingkat, label: str) -> None:
    assert tingkat.label == label


def test_tingkat_values_are_stable_strings() -> None:
    """StrEnum values are what the database and API store."""
    assert [t.value for t in URUTAN] == [
        "tujuan",
        "sasaran_daerah",
        "sasaran_pd",
        "program",
        "kegiatan",
        "sub_kegiatan",
    ]
    assert Tingkat("sub_kegiatan") is Tingkat.SUB_KEGIATAN


def test_milik_pd() -> None:
    """Tujuan and Sasaran daerah belong to the Pemda (Gubernur, Sekda, Asisten: Pergub 17/2023
    Pasal 3(2) a-c); Sasaran PD down to Sub Kegiatan belong to a Kepala PD (Pasal 3(2) d)."""
    assert not Tingkat.TUJUAN.milik_pd
    assert not Tingkat.SASARAN_DAERAH.milik_pd
    assert all(t.milik_pd for t in TINGKAT_PD)


def test_kelompok_labels_name_the_three_asisten_groups() -> None:
    """Pergub 42/2018 Lampiran Tabel A.2: Kelompok I, II, III under the three Asisten."""
    assert [k.value for k in Kelompok] == ["I", "II", "III"]
    assert Kelompok.I.label.startswith("Kelompok I ")
    assert "Kesejahteraan Rakyat" in Kelompok.I.label
    assert "Perekonomian" in Kelompok.II.label and "Pembangunan" in Kelompok.II.label
    assert "Administrasi Umum" in Kelompok.III.label


# ------------------------------------------------------------------ valid cascades
def test_valid_full_cascade_has_no_problems() -> None:
    assert _validate(_cascade()) == []


def test_valid_cascade_without_master_lists_has_no_problems() -> None:
    assert validate_cascade(_cascade()) == []


def test_valid_when_parents_are_already_stored() -> None:
    """A batch of sub kegiatan can hang under kegiatan saved earlier (``existing``)."""
    nodes = _cascade()
    stored = [n for n in nodes if n.tingkat != Tingkat.SUB_KEGIATAN]
    batch = [n for n in nodes if n.tingkat == Tingkat.SUB_KEGIATAN]
    assert _validate(batch, existing=stored) == []


def test_existing_nodes_are_not_validated_themselves() -> None:
    stored = _with(_cascade(), "K1", nama="", bobot_relatif=D(0))
    batch = [n for n in stored if n.kode == "S1"]
    assert _validate(batch, existing=stored) == []


def test_batch_node_replaces_stored_node_with_same_kode() -> None:
    """Re-sending a stored node is an update, not a duplicate."""
    nodes = _cascade()
    update = replace(_by_kode(nodes)["S1"], nama="Koordinasi Pengendalian (perubahan)")
    assert _validate([update], existing=nodes) == []


def test_indicator_children_can_come_from_stored_nodes() -> None:
    nodes = _cascade()
    program = _by_kode(nodes)["P1"]
    stored = [n for n in nodes if n.kode != "P1"]
    assert _validate([program], existing=stored) == []


# ------------------------------------------------------------------ all problems at once
def test_every_problem_is_returned_at_once() -> None:
    nodes = _cascade()
    nodes = _with(nodes, "SD1", nama="  ")
    nodes = _with(nodes, "P1", bobot_relatif=D(0), pagu=D(5))
    nodes = _with(nodes, "K1", induk_kode="P9")
    nodes = _with(nodes, "S1", pagu=D(-1), pd_kode=PD_LAIN)
    nodes.append(CascadeNode("S2", Tingkat.SUB_KEGIATAN, "Duplikat", induk_kode="K2", pd_kode=PD))
    nodes.append(CascadeNode("", Tingkat.KEGIATAN, "Tanpa kode", induk_kode="P1", pd_kode="9.99"))
    result = _strs(_validate(nodes))
    expected = [
        "Kode S2: kode duplikat (2 kali).",
        "Sasaran Daerah SD1: nama wajib diisi.",
        "Program P1: bobot relatif harus lebih dari 0.",
        "Program P1: pagu hanya untuk Sub Kegiatan.",
        "Kegiatan K1: induk P9 tidak dikenal.",
        "Sub Kegiatan S1: pagu tidak boleh negatif.",
        "Kegiatan 'Tanpa kode': kode wajib diisi.",
        "Kegiatan 'Tanpa kode': Perangkat Daerah 9.99 tidak dikenal.",
        "Kegiatan 'Tanpa kode': PD 9.99 berbeda dengan PD induknya 1.01.",
        # S1 (PD 1.02) under K1: K1's own parent is unknown, but K1 exists with PD 1.01
        "Sub Kegiatan S1: PD 1.02 berbeda dengan PD induknya 1.01.",
        # K1 moved away from P1, so P1's indicators no longer have it as a child
        "Program P1, indikator 1: K1 bukan anak dari P1.",
        "Program P1, indikator 2: K1 bukan anak dari P1.",
    ]
    assert sorted(result) == sorted(expected)


def test_result_is_a_list_of_masalah_with_lokasi_and_pesan() -> None:
    nodes = _with(_cascade(), "P1", nama="")
    (m,) = _validate(nodes)
    assert isinstance(m, Masalah)
    assert m.lokasi == "Program P1"
    assert m.pesan == "nama wajib diisi."
    assert str(m) == "Program P1: nama wajib diisi."


# ------------------------------------------------------------------ codes and names
def test_duplicate_codes() -> None:
    nodes = _cascade()
    dup = _by_kode(nodes)["S3"]
    result = _strs(_validate([*nodes, dup, dup]))
    assert result == ["Kode S3: kode duplikat (3 kali)."]


@pytest.mark.parametrize("kode", ["", "   "])
def test_empty_kode_located_by_nama(kode: str) -> None:
    node = CascadeNode(kode, Tingkat.TUJUAN, "Meningkatnya IPM")
    assert _strs(_validate([node])) == ["Tujuan 'Meningkatnya IPM': kode wajib diisi."]


@pytest.mark.parametrize("nama", ["", "   "])
def test_empty_nama(nama: str) -> None:
    nodes = _with(_cascade(), "K2", nama=nama)
    assert _strs(_validate(nodes)) == ["Kegiatan K2: nama wajib diisi."]


# ------------------------------------------------------------------ parents
def test_unknown_parent() -> None:
    nodes = _with(_cascade(), "S1", induk_kode="K9")
    assert _strs(_validate(nodes)) == ["Sub Kegiatan S1: induk K9 tidak dikenal."]


def test_tujuan_with_a_parent() -> None:
    """Tujuan daerah is the top of the cascade (Pergub 42/2018 Pasal 12(4) a)."""
    nodes = _cascade()
    nodes.append(CascadeNode("T2", Tingkat.TUJUAN, "Tujuan kedua", induk_kode="T1"))
    assert _strs(_validate(nodes)) == ["Tujuan T2: Tujuan tidak boleh memiliki induk."]


@pytest.mark.parametrize("tingkat", BAWAH_TUJUAN)
def test_missing_parent_for_every_level_below_tujuan(tingkat: Tingkat) -> None:
    pd = PD if tingkat.milik_pd else None
    node = CascadeNode("X1", tingkat, "Tanpa induk", pd_kode=pd)
    assert tingkat.induk is not None
    assert _strs(_validate([node])) == [
        f"{tingkat.label} X1: induk ({tingkat.induk.label}) wajib diisi."
    ]


@pytest.mark.parametrize("tingkat", BAWAH_TUJUAN)
def test_parent_at_the_right_level_is_accepted(tingkat: Tingkat) -> None:
    assert tingkat.induk is not None
    parent = CascadeNode("INDUK", tingkat.induk, "Induk", pd_kode=PD)
    child = CascadeNode(
        "ANAK", tingkat, "Anak", induk_kode="INDUK", pd_kode=PD if tingkat.milik_pd else None
    )
    assert _validate([child], existing=[parent]) == []


@pytest.mark.parametrize(
    ("child", "wrong"),
    [(c, w) for c in BAWAH_TUJUAN for w in URUTAN if w is not c.induk],
    ids=lambda t: t.value,
)
def test_parent_at_the_wrong_level_for_every_level(child: Tingkat, wrong: Tingkat) -> None:
    """Each level hangs only under the level directly above it (Pergub 42/2018 Pasal 12(4),
    Pergub 17/2023 Pasal 2(3)): a Sub Kegiatan under a Program, a Kegiatan under a Sasaran PD, a
    node under its own level... are refused, naming both levels."""
    assert child.induk is not None
    parent = CascadeNode("INDUK", wrong, "Induk", pd_kode=PD)
    node = CascadeNode(
        "ANAK", child, "Anak", induk_kode="INDUK", pd_kode=PD if child.milik_pd else None
    )
    assert _strs(_validate([node], existing=[parent])) == [
        f"{child.label} ANAK: induk INDUK bertingkat {wrong.label}, seharusnya {child.induk.label}."
    ]


def test_node_cannot_be_its_own_parent() -> None:
    node = CascadeNode("P5", Tingkat.PROGRAM, "Program", induk_kode="P5", pd_kode=PD)
    assert _strs(_validate([node])) == [
        "Program P5: induk P5 bertingkat Program, seharusnya Sasaran PD."
    ]


# ------------------------------------------------------------------ Perangkat Daerah
@pytest.mark.parametrize("tingkat", TINGKAT_PD)
def test_missing_pd_for_pd_levels(tingkat: Tingkat) -> None:
    """Sasaran PD, Program, Kegiatan and Sub Kegiatan are the Kepala PD's (Pergub 17/2023 Pasal 3(2) d)."""
    assert tingkat.induk is not None
    parent = CascadeNode("INDUK", tingkat.induk, "Induk", pd_kode=PD)
    node = CascadeNode("X1", tingkat, "Tanpa PD", induk_kode="INDUK")
    assert _strs(_validate([node], existing=[parent])) == [
        f"{tingkat.label} X1: Perangkat Daerah wajib diisi."
    ]


def test_pemda_levels_need_no_pd() -> None:
    nodes = _cascade()
    assert _by_kode(nodes)["T1"].pd_kode is None
    assert _by_kode(nodes)["SD1"].pd_kode is None
    assert _validate(nodes) == []


@pytest.mark.parametrize("tingkat", [Tingkat.PROGRAM, Tingkat.KEGIATAN, Tingkat.SUB_KEGIATAN])
def test_pd_must_match_the_parents_pd(tingkat: Tingkat) -> None:
    assert tingkat.induk is not None
    parent = CascadeNode("INDUK", tingkat.induk, "Induk", pd_kode=PD)
    node = CascadeNode("X1", tingkat, "Anak", induk_kode="INDUK", pd_kode=PD_LAIN)
    assert _strs(_validate([node], existing=[parent])) == [
        f"{tingkat.label} X1: PD {PD_LAIN} berbeda dengan PD induknya {PD}."
    ]


def test_pd_mismatch_in_the_middle_of_a_batch() -> None:
    nodes = _with(_cascade(), "K2", pd_kode=PD_LAIN)
    result = _strs(_validate(nodes))
    assert sorted(result) == sorted(
        [
            f"Kegiatan K2: PD {PD_LAIN} berbeda dengan PD induknya {PD}.",
            f"Sub Kegiatan S2: PD {PD} berbeda dengan PD induknya {PD_LAIN}.",
            f"Sub Kegiatan S3: PD {PD} berbeda dengan PD induknya {PD_LAIN}.",
        ]
    )


def test_sasaran_pd_may_hang_under_any_pd_free_sasaran_daerah() -> None:
    """Sasaran daerah is the Pemda's; Sasaran PD of different PDs share it."""
    nodes = _cascade()
    nodes.append(
        CascadeNode("SP2", Tingkat.SASARAN_PD, "Sasaran PD lain", induk_kode="SD1", pd_kode=PD_LAIN)
    )
    assert _validate(nodes) == []


def test_unknown_pd() -> None:
    nodes = _with(_cascade(), "S3", pd_kode="9.99")
    result = _strs(_validate(nodes))
    assert "Sub Kegiatan S3: Perangkat Daerah 9.99 tidak dikenal." in result


def test_unknown_pd_on_a_pemda_level_node() -> None:
    nodes = _with(_cascade(), "T1", pd_kode="9.99")
    assert _strs(_validate(nodes)) == ["Tujuan T1: Perangkat Daerah 9.99 tidak dikenal."]


def test_unknown_pd_and_nip_when_none_are_registered() -> None:
    node = CascadeNode(
        "SP9",
        Tingkat.SASARAN_PD,
        "Sasaran",
        induk_kode="SD1",
        pd_kode="9.99",
        penanggung_jawab_nip=NIP_KADIS,
    )
    sd = _by_kode(_cascade())["SD1"]
    result = _strs(validate_cascade([node], pd_kode=[], nip=[], existing=[sd]))
    assert "Sasaran PD SP9: Perangkat Daerah 9.99 tidak dikenal." in result
    assert f"Sasaran PD SP9: NIP penanggung jawab {NIP_KADIS} tidak dikenal." in result


# ------------------------------------------------------------------ penanggung jawab
def test_unknown_nip_of_node_and_of_indicator() -> None:
    nodes = _with(
        _cascade(),
        "S1",
        penanggung_jawab_nip="1",
        indikator=(_ind(penanggung_jawab_nip="2"),),
    )
    assert _strs(_validate(nodes)) == [
        "Sub Kegiatan S1: NIP penanggung jawab 1 tidak dikenal.",
        "Sub Kegiatan S1: NIP penanggung jawab 2 tidak dikenal.",
    ]


# ------------------------------------------------------------------ bobot and pagu
@pytest.mark.parametrize("bobot", [D(0), D(-1), D("-0.5")])
def test_non_positive_bobot_relatif(bobot: Decimal) -> None:
    """Pergub 42/2018 Pasal 12(6), Pasal 16: the weights of a level are set by the Kepala PD; a
    weight of zero or less would drop or invert a child in the roll-up."""
    nodes = _with(_cascade(), "K1", bobot_relatif=bobot)
    assert _strs(_validate(nodes)) == ["Kegiatan K1: bobot relatif harus lebih dari 0."]


def test_small_positive_bobot_relatif_is_accepted() -> None:
    nodes = _with(_cascade(), "K1", bobot_relatif=D("0.01"))
    assert _validate(nodes) == []


def test_negative_pagu() -> None:
    nodes = _with(_cascade(), "S1", pagu=D(-1))
    assert _strs(_validate(nodes)) == ["Sub Kegiatan S1: pagu tidak boleh negatif."]


def test_zero_pagu_on_sub_kegiatan_is_accepted() -> None:
    assert _by_kode(_cascade())["S3"].pagu == 0
    assert _validate(_cascade()) == []


@pytest.mark.parametrize("tingkat", URUTAN[:-1])
def test_pagu_only_on_sub_kegiatan(tingkat: Tingkat) -> None:
    """Anggaran kas and pagu belong to the sub kegiatan (Pergub 17/2023 Lampiran I, ROPP)."""
    kode = {t: n.kode for n in reversed(_cascade()) for t in [n.tingkat]}[tingkat]
    nodes = _with(_cascade(), kode, pagu=D(1000))
    assert _strs(_validate(nodes)) == [f"{tingkat.label} {kode}: pagu hanya untuk Sub Kegiatan."]


def test_negative_pagu_on_a_program_reports_both() -> None:
    nodes = _with(_cascade(), "P1", pagu=D(-5))
    assert _strs(_validate(nodes)) == [
        "Program P1: pagu tidak boleh negatif.",
        "Program P1: pagu hanya untuk Sub Kegiatan.",
    ]


# ------------------------------------------------------------------ indicators
def test_indicator_with_empty_uraian_satuan_and_negative_target() -> None:
    nodes = _with(
        _cascade(),
        "S2",
        indikator=(
            _ind("Indikator baik", "dokumen", "4"),
            _ind(" ", "", "-1"),
        ),
    )
    assert _strs(_validate(nodes)) == [
        "Sub Kegiatan S2, indikator 2: uraian indikator wajib diisi.",
        "Sub Kegiatan S2, indikator 2: satuan wajib diisi.",
        "Sub Kegiatan S2, indikator 2: target tidak boleh negatif.",
    ]


def test_indicator_target_zero_or_none_is_accepted() -> None:
    nodes = _with(
        _cascade(),
        "S2",
        indikator=(
            _ind(target="0", arah=Arah.TURUN),
            Indikator("Belum ditetapkan", "dokumen", None),
        ),
    )
    assert _validate(nodes) == []


def test_indicator_anak_kode_must_be_children() -> None:
    """Lampiran II Program/Sasaran Triwulanan: an indicator lists the kegiatan/program under it;
    a grandchild, a node of another parent or an unknown code is refused."""
    nodes = _with(
        _cascade(),
        "P1",
        indikator=(
            _ind("Indikator Program A", "Ha", "100", anak_kode=("K1", "S1")),
            _ind("Indikator Program B", "dokumen", "21", anak_kode=("K1", "K9", "P1")),
        ),
    )
    assert _strs(_validate(nodes)) == [
        "Program P1, indikator 1: S1 bukan anak dari P1.",
        "Program P1, indikator 2: K9, P1 bukan anak dari P1.",
        "Program P1: anak K2 tidak disebut oleh indikator mana pun; "
        "sebutkan di kolom anak salah satu indikator.",
    ]


def test_indicator_anak_kode_on_a_leaf() -> None:
    nodes = _with(_cascade(), "S1", indikator=(_ind(anak_kode=("S2",)),))
    assert _strs(_validate(nodes)) == ["Sub Kegiatan S1, indikator 1: S2 bukan anak dari S1."]


def test_indicator_anak_kode_follows_a_reparented_child() -> None:
    """Moving K2 away from P1 in the same batch makes it no longer P1's child."""
    nodes = _cascade()
    nodes.append(CascadeNode("P2", Tingkat.PROGRAM, "Program lain", induk_kode="SP1", pd_kode=PD))
    nodes = _with(nodes, "K2", induk_kode="P2")
    assert _strs(_validate(nodes)) == [
        "Program P1, indikator 1: K2 bukan anak dari P1.",
        # SP1's indicators name its programs, so a new program must be named by one of them
        "Sasaran PD SP1: anak P2 tidak disebut oleh indikator mana pun; "
        "sebutkan di kolom anak salah satu indikator.",
    ]


def test_indicator_groups_must_name_every_child() -> None:
    """Lampiran II (Pergub 17/2023): where indicators list their kegiatan, none may be left out."""
    from core.cascade import CascadeNode, Indikator, Tingkat

    nodes = [
        CascadeNode(
            "P1",
            Tingkat.PROGRAM,
            "Program",
            "S1",
            "PD1",
            indikator=(Indikator("Indikator A", "%", None, anak_kode=("K1",)),),
        ),
        CascadeNode("K1", Tingkat.KEGIATAN, "Kegiatan 1", "P1", "PD1"),
        CascadeNode("K2", Tingkat.KEGIATAN, "Kegiatan 2", "P1", "PD1"),
    ]
    existing = [CascadeNode("S1", Tingkat.SASARAN_PD, "Sasaran", "SD1", "PD1")]
    problems = validate_cascade(nodes, existing=existing)
    assert [str(m) for m in problems] == [
        "Program P1: anak K2 tidak disebut oleh indikator mana pun; "
        "sebutkan di kolom anak salah satu indikator."
    ]
