"""Heuristic reader of Pergub 42/2018 Tabel A.4 (Kelompok II) and Tabel A.5 (Kelompok III).

Unlike Kelompok I (cascade_42_2018.txt, reviewed by hand), these tables are read automatically.
The extraction shifts cells between columns, so cells are classified by CONTENT, not by column:

  * column 0 of a row is always the tujuan column: "Terwujudnya kelembagaan ..." = T1, ... (a
    fragment of a wrapped tujuan is skipped);
  * tujuan indicators (Tabel A.1 names: LPE, TPT, IPM, ...) and their penanggung jawab
    (Sekretaris Daerah, Asisten, Staf Ahli) are skipped;
  * "Kepala Biro/Dinas/Badan ...", "Inspektur" = head of a PD (starts a PD block);
    PD_START names the blocks whose head cell is missing in the extraction;
  * "Program ..." = program; "Bagian/Bidang/Sekretaris/UPT/Balai ..." = penanggung jawab program;
    "Sub Bagian/Sub Bidang/Seksi/Subag/Kasubag ..." = penanggung jawab kegiatan;
  * the remaining cells, by their place in the row: before the head/program cell = sasaran and
    indikator sasaran; after a program cell and before a Bagian/Bidang cell = indikator program;
    the last cell before a Sub Bagian/Seksi cell, or the last cell of a row = kegiatan/output;
    other cells after the program = indikator program when they read like an indicator.
  * short fragments (<= 3 words, no indicator word) and lowercase-started cells are the tail of a
    wrapped cell and are skipped, so some wrapped names are truncated (see README, known gaps).
"""

from __future__ import annotations

import re

TABLES = {"II": (789, 1493), "III": (1494, 1676)}

# PD blocks whose head ("Kepala ...") cell is missing in the extraction: line -> PD
# (the programs that follow name the PD's affairs; the order follows Tabel A.2)
PD_START = {
    918: "DISNAKERTRANS",  # "Program Pelatihan dan (Produktivitas)", Bidang Pelatihan & Produktivitas
    1248: "BPKAD",  # "Pengelolaan Keuangan dan Aset Daerah ...", Program Penatausahaan dan Pelaporan Keuangan Daerah
    1277: "DPUPR",  # "Program Pembangunan Jalan", BID. BINA MARGA
    1438: "DISKOMINFO",  # "Pelayanan Pemerintahan Yang Berbasis Teknologi ...", e-Government
    1562: "BKD",  # "Terwujudnya Profesionalisme aparatur", Program Penatausahaan Kepegawaian Daerah
}
HEAD_PD = [  # head cell pattern -> PD
    (r"bina perekonomian|biro perekonomian", "BIROEKON"),
    (r"administrasi pembangunan", "BIROADPEM"),
    (r"bina infrastruktur", "BIROINFRA"),
    (r"penanaman modal", "DPMPTSP"),
    (r"perindustrian", "DISPERINDAG"),
    (r"tenaga kerja|ketenagakerjaan", "DISNAKERTRANS"),
    (r"pariwisata", "DISPAR"),
    (r"ketahanan pangan", "DISKETAPANG"),
    (r"pertanian", "DISTAN"),
    (r"kelautan", "DKP"),
    (r"lingkungan hidup", "DLHK"),
    (r"perencanaan pembangunan", "BAPPEDA"),
    (r"pendapatan", "BAPENDA"),
    (r"pengelolaan keuangan", "BPKAD"),
    (r"pekerjaan umum", "DPUPR"),
    (r"perumahan", "DPRKP"),
    (r"energi", "DESDM"),
    (r"perhubungan", "DISHUB"),
    (r"komunikasi", "DISKOMINFO"),
    (r"koperasi", "DINKOPUKM"),
    (r"biro umum", "BIROUMUM"),
    (r"rumah tangga pimpinan", "BIROADPIM"),
    (r"biro organisasi", "BIROORG"),
    (r"kepegawaian", "BKD"),
    (r"pengembangan sumber ?daya manusia", "BPSDMD"),
    (r"perpustakaan", "DPK"),
    (r"penghubung", "PENGHUBUNG"),
    (r"^inspektur$|inspektorat", "INSPEKTORAT"),
]
HEAD_RE = re.compile(r"^(kepala (biro|dinas|badan|kantor penghubung)|inspektur$)", re.I)
PRG_RE = re.compile(r"^program\b", re.I)
PJK_RE = re.compile(
    r"^(sub\s*-?\s*bag|subag|sub\s*bid|subbid|seksi|kasi\b|kasie|kasubag|kasubbag|kasubid|kasubbid|"
    r"kepala seksi|kepala sub|ka\.?\s*sub|sub bagian|sub bidang|kasub)",
    re.I,
)
PJP_RE = re.compile(
    r"^(bagian|bidang|bid\b\.?|kabag|kabid|kepala bidang|kepala bagian|kepala upt|kepala balai|kepala kantor|"
    r"sekretaris|sekertaris|sekretariat|balai|blki|uptd?\b|cabang|inspektur pembantu|irban|kepala cabang)",
    re.I,
)
SKIP_RE = re.compile(r"^((sekretaris|sekertaris) daerah|asisten|staf ahli|dan keuangan$)", re.I)
IND_RE = re.compile(
    r"\b(persentase|prosentase|presentase|presentasi|indeks|indek|index|angka|capaian|capian|nilai|jumlah|rasio|"
    r"tingkat|cakupan|kontribusi|laju|opini|skor|predikat|pertumbuhan|rata-rata|neraca|surplus|"
    r"produksi|produktivitas|luas|volume|kemantapan|proporsi|ketersediaan|ketercapaian|realisasi|lpe|ikm|"
    r"kunjungan|konsumsi|pdrb)\b",
    re.I,
)
KEG_AS_IND = re.compile(
    r"^(persentase|prosentase|presentase|capaian|capian|rasio|indeks|nilai)\b", re.I
)
TUJ_START = [
    (r"^terwujudnya kelembagaan", "T1"),
    (r"^terwujudnya akses", "T2"),
    (r"^terwujudnya peningkatan", "T3"),
    (r"^meningkatnya perekonomian", "T4"),
    (r"^meningkatnya infrastruktur", "T5"),
]
TUJ_IND = {
    "lpe",
    "tpt",
    "ipm",
    "inflasi",
    "dayabeliinflasi",
    "capaianindekskepuasanmasyarakat",
    "angkaharapanhidup",
    "angkakemiskinan",
    "kemiskinan",
    "capaiankinerjainfrastrukturdaerah",
    "capiankinerja",
    "capaiankinerja",
    "tptpengangguran",
    "penganggurantpt",
    "capaianindekskepuasan",
    "capaianindeks",
    "capiankinerjainfrastrukturdaerah",
}


def letters(t: str) -> str:
    return re.sub(r"[^a-z]", "", t.lower())


def strip_no(t: str) -> str:
    t = re.sub(r"<[^>]+>", " ", t)
    return re.sub(r"^(\d+[.)]?\s+)+", "", t).strip()


def kind(cell: str) -> str:
    if HEAD_RE.match(cell):
        return "HEAD"
    if PRG_RE.match(cell):
        return "PRG"
    if PJK_RE.match(cell):
        return "PJK"
    if SKIP_RE.match(cell) or letters(cell) in TUJ_IND:
        return "SKIP"
    if PJP_RE.match(cell):
        return "PJP"
    return "TXT"


CONNECTOR_END = re.compile(
    r"(\b(dan|serta|yang|di|ke|terhadap|pada|untuk|dalam|bagi|melalui|dengan|atas|dari|sesuai)|[,&/-])$",
    re.I,
)
NOUN_START = re.compile(
    r"^(pe\w+an\b|ke(?!tenagakerjaan$)\w+an\b|bina\b|analisa|tata|disiplin|kebijakan|standar|rapat|sosialisasi|fasilitasi|koordinasi|monitoring|evaluasi|rehabilitasi|operasional|optimalisasi|jumlah|luas)",
    re.I,
)
SASARAN_START = re.compile(r"^(terwujud|tercapai|meningkat|tersedi|menurun|terkendali)", re.I)


def is_fragment(cell: str) -> bool:
    """A cell that is the tail of a cell wrapped onto a later row of the extraction."""
    if not cell or cell[0] in "(&,.-/":
        return True
    if cell[0].islower():
        return len(cell.split()[0]) <= 2 or not IND_RE.match(cell)
    if SASARAN_START.match(cell) or IND_RE.search(cell):
        return False
    if CONNECTOR_END.search(cell):
        return True
    return len(cell.split()) <= 3 and not NOUN_START.match(cell)


def is_cut(text: str, kind_: str = "") -> bool:
    """Text that looks cut at the end of its row (its tail is on a later row)."""
    words = re.sub(r"^program\s+", "", text, flags=re.I).split()
    return bool(CONNECTOR_END.search(text)) or len(words) <= (3 if kind_ == "sas" else 2)


def head_pd(cell: str, kel: str, pd_by_kode) -> str | None:
    t = cell.lower()
    for pat, pd in HEAD_PD:
        if re.search(pat, t) and pd_by_kode[pd][3] == kel:
            return pd
    return None


def parse_heuristic(b, seed, info, pds, pd_by_kode) -> dict:
    stats: dict = {
        "kelompok": [],
        "pd_blocks": {},
        "skipped_fragments": [],
        "unplaced": 0,
        "joins": [],
    }
    tujdef = info["tujdef"]
    for kel, (a, z) in TABLES.items():
        if kel in info["covered"]:
            continue  # read from the reviewed file
        stats["kelompok"].append(kel)
        _parse_table(b, seed, tujdef, pd_by_kode, kel, a, z, stats)

    # indicators still without a penanggung jawab: their node's
    for ind in b.ind:
        if not ind["penanggung_jawab_nip"]:
            n = b.nodes.get(ind["node_kode"])
            if n is not None:
                ind["penanggung_jawab_nip"] = n["penanggung_jawab_nip"] or (
                    b.kepala(n["pd_kode"]) if n["pd_kode"] else ""
                )
    return stats


def _parse_table(b, seed, tujdef, pd_by_kode, kel: str, a: int, z: int, stats: dict) -> None:
    """Read one table (Tabel A.4 or A.5), rows a..z of the seed."""
    st = dict(pd=None, tn=None, sd=None, sp=None, prg=None, pjp=None, pjk=None)
    opened: list = []  # items created by the last row that created items: [kind, ref, line]
    cur: list = []

    def reg(kind_, ref):
        cur.append([kind_, ref])

    def add_ind(node, text, pj, no, satuan=None):
        n0 = len(b.ind)
        b.indikator(node, text, pj, f"42/2018:{no}", satuan=satuan)
        if len(b.ind) > n0:
            reg("ind", b.ind[-1])

    def ensure_sp(line: int, text: str | None = None) -> None:
        if st["sp"] is not None and text is None:
            return
        if st["tn"] is None:
            return
        if text is None:
            # no sasaran cell read: the first sasaran daerah under this tujuan
            cands = b.sas_daerah.get(st["tn"], [])
            if not cands:
                return
            st["sd"] = cands[0][0]
            b.sas_kelompok[st["sd"]].add(kel)
            new = False
        else:
            before = len(b.sas_daerah.get(st["tn"], []))
            st["sd"] = b.sasaran_daerah(st["tn"], text, line, kel)
            new = len(b.sas_daerah[st["tn"]]) > before
        st["sp"] = b.sasaran_pd(st["sd"], st["pd"], line)
        if new:
            reg("sas", (st["tn"], st["sd"], st["sp"]))
        elif text is not None:
            reg("dup", text)  # merged with an existing sasaran: its tail is absorbed, not added
        st["prg"] = st["pjp"] = st["pjk"] = None

    def new_pd(pd: str, line: int) -> None:
        st.update(pd=pd, sd=None, sp=None, prg=None, pjp=None, pjk=None)
        opened.clear()
        stats["pd_blocks"].setdefault(pd, []).append(line)

    def text_of(kind_, ref) -> str:
        if kind_ == "node":
            return b.nodes[ref]["nama"]
        if kind_ == "ind":
            return ref["uraian"]
        if kind_ == "pos":
            return b.jab[ref]["nama"]
        if kind_ in ("dummy", "dup"):
            return ref
        return b.nodes[ref[1]]["nama"]

    def join(
        fragment: str, no: int, last: list, strong: bool = False, several: bool = False
    ) -> bool:
        for j in range(last[0] + 1, len(opened)):
            kind_, ref, line = opened[j]
            if no - line > 8:
                continue
            old = text_of(kind_, ref)
            if strong and (kind_ in ("dummy", "pos", "dup") or not CONNECTOR_END.search(old)):
                continue  # a whole-looking cell only completes a cell cut after a connector
            if kind_ == "pos":
                title = b.jab[ref]["nama"]
                old = title
            if kind_ == "pos":
                pdn = pd_by_kode[b.jab[ref]["pd_kode"]][1]
                old_t = old[: -len(pdn) - 1] if old.endswith(" " + pdn) else old
            else:
                old_t = old
            if (kind_ == "pos" and not CONNECTOR_END.search(old_t)) or letters(old_t) == "nilaiikm":
                continue
            # a lowercase tail may complete any cell when it is a broken word or one of several tails
            word_tail = fragment[0].islower() and (
                len(fragment.split()[0].strip(",")) <= 3 or several or kind_ == "sas"
            )
            if not is_cut(old_t, kind_) and not word_tail:
                continue
            if kind_ == "dup":
                opened[j][2] = no
                last[0] = j
                return True
            if kind_ == "dummy":  # the tail of a tujuan-indicator cell: nothing to extend
                import difflib

                whole = letters(old + fragment)
                if not any(
                    difflib.SequenceMatcher(None, whole, t).ratio() >= 0.85 for t in TUJ_IND
                ):
                    continue
                opened[j][2] = no
                last[0] = j
                return True
            first = fragment.split()[0]
            glue = (
                ""
                if (first.islower() and len(first) <= 2 and not CONNECTOR_END.search(old))
                else " "
            )
            if kind_ == "node":
                b.nodes[ref]["nama"] = (old + glue + fragment).strip()
                for ind in b.ind:  # the kegiatan's own output indicator
                    if ind["node_kode"] == ref and ind["uraian"] == old:
                        ind["uraian"] = b.nodes[ref]["nama"]
            elif kind_ == "ind":
                ref["uraian"] = (old + glue + fragment).strip()
            elif kind_ == "pos":
                pdn = pd_by_kode[b.jab[ref]["pd_kode"]][1]
                if old.endswith(" " + pdn):
                    base = old[: -len(pdn) - 1]
                    b.jab[ref]["nama"] = f"{base}{glue}{fragment} {pdn}"
                else:
                    b.jab[ref]["nama"] = old + glue + fragment
            else:
                tn, sd, sp = ref
                new = (old + glue + fragment).strip()
                b.nodes[sd]["nama"] = new
                b.sas_daerah[tn] = [(k, new if k == sd else t) for k, t in b.sas_daerah[tn]]
                sing = pd_by_kode[b.nodes[sp]["pd_kode"]][2]
                b.nodes[sp]["nama"] = f"{new} ({sing})"
                old = old
            opened[j][2] = no
            last[0] = j
            stats["joins"].append(f"42/2018:{no} '{fragment}' -> '{old}'")
            return True
        return False

    for no in range(a, z + 1):
        raw = seed.line(no)
        if raw.startswith("KELOMPOK") or raw.startswith("TUJUAN\t") or not raw.strip():
            continue
        cur.clear()
        cols = raw.split("\t")
        col0 = cols[0].strip()
        if col0:
            for pat, tn in TUJ_START:
                if re.match(pat, col0, re.I):
                    if tn != st["tn"]:
                        st.update(tn=tn, sd=None, sp=None, prg=None, pjp=None, pjk=None)
                        if tn in tujdef:
                            b.tujuan(tn, *tujdef[tn])
                    break
        cells = [strip_no(c.strip()) for c in cols[1:]]
        cells = [c for c in cells if c and not re.fullmatch(r"[\d.]+", c)]
        kinds = [kind(c) for c in cells]
        if no in PD_START:
            new_pd(PD_START[no], no)
        for c, k in zip(cells, kinds, strict=True):
            if k == "HEAD":
                pd = head_pd(c, kel, pd_by_kode)
                if pd:
                    new_pd(pd, no)
        if st["pd"] is None:
            continue
        idx_head = next((i for i, k in enumerate(kinds) if k == "HEAD"), None)
        idx_prg = next((i for i, k in enumerate(kinds) if k == "PRG"), None)
        first_struct = min([i for i in (idx_head, idx_prg) if i is not None], default=None)
        pre: list[str] = []
        pending_keg = None
        last = [-1]
        n_lower = sum(1 for c in cells if c[0].islower())
        for i, (c, k) in enumerate(zip(cells, kinds, strict=True)):
            if (
                k == "SKIP"
                and i <= 3
                and re.match(r"staf\b", c, re.I)
                and not re.search(r"(hukum|keuangan|manusia)$", c, re.I)
            ):
                reg("dup", c)  # a Staf Ahli cell cut by the page: its tail is absorbed
            if k == "SKIP" and letters(c) in TUJ_IND and i <= 2:
                reg("dummy", c)
                # this row fills the tujuan-indicator column itself: the tails that follow
                # belong to the cells after it
                for j in range(last[0] + 1, len(opened)):
                    if opened[j][0] == "dummy":
                        last[0] = j
                        break
            if k in ("SKIP", "HEAD"):
                continue
            if (
                k == "TXT"
                and first_struct is not None
                and i < first_struct
                and c[0].isupper()
                and not any(kk in ("PJP", "PJK") for kk in kinds[:i])
            ):
                pre.append(c)
                continue
            if (
                k == "TXT"
                and first_struct is None
                and not is_fragment(c)
                and opened
                and not IND_RE.search(c)
                and (kinds[i + 1 : i + 2] not in (["PJK"], ["PJP"]))
                and join(c, no, last, strong=True)
            ):
                continue
            if k == "TXT" and is_fragment(c) and not (kinds[i + 1 : i + 2] == ["PJK"]) and opened:
                if not join(c, no, last, several=n_lower >= 2):
                    stats["skipped_fragments"].append(f"42/2018:{no} '{c}'")
                continue
            if pre:
                _sasaran(b, st, pre, no, ensure_sp, add_ind)
                pre = []
            if k == "PRG":
                ensure_sp(no)
                if st["sp"] is None:
                    stats["unplaced"] += 1
                    continue
                n0 = len(b.nodes)
                st["prg"] = b.program(st["sp"], st["pd"], c, "", no)
                if len(b.nodes) > n0:
                    reg("node", st["prg"])
                st["pjp"] = st["pjk"] = None
            elif k == "PJP":
                ensure_sp(no)
                if st["sp"] is None:
                    continue
                n0 = len(b.jab)
                st["pjp"] = b.position(st["pd"], c, "PJP", b.kepala(st["pd"]))
                if len(b.jab) > n0:
                    reg("pos", st["pjp"])
                st["pjk"] = None
                if st["prg"] and not b.nodes[st["prg"]]["penanggung_jawab_nip"]:
                    b.nodes[st["prg"]]["penanggung_jawab_nip"] = st["pjp"]
                if st["prg"]:  # indicators of this program read before their Bagian/Bidang cell
                    for ind in b.ind:
                        if ind["node_kode"] == st["prg"] and ind["penanggung_jawab_nip"] == "":
                            ind["penanggung_jawab_nip"] = st["pjp"]
            elif k == "PJK":
                if st["sp"] is None:
                    continue
                n0 = len(b.jab)
                st["pjk"] = b.position(st["pd"], c, "PJK", st["pjp"] or b.kepala(st["pd"]))
                if len(b.jab) > n0:
                    reg("pos", st["pjk"])
                if pending_keg:
                    b.nodes[pending_keg]["penanggung_jawab_nip"] = st["pjk"]
                    for ind in b.ind:
                        if ind["node_kode"] == pending_keg:
                            ind["penanggung_jawab_nip"] = st["pjk"]
                    pending_keg = None
            else:  # TXT after the structural cells
                rest = kinds[i + 1 :]
                is_last_before_pjk = bool(rest) and rest[0] == "PJK"
                is_last = all(
                    kk == "SKIP" or (kk == "TXT" and is_fragment(cc))
                    for kk, cc in zip(rest, cells[i + 1 :], strict=True)
                )
                nxt_pjp = "PJP" in rest
                if st["prg"] is None:
                    # text after the sasaran but before any program: indikator sasaran
                    if st["sp"] and IND_RE.search(c) and not is_fragment(c):
                        add_ind(st["sp"], c, b.kepala(st["pd"]), no)
                    else:
                        stats["skipped_fragments"].append(f"42/2018:{no} '{c}'")
                    continue
                if (is_last_before_pjk or is_last) and not nxt_pjp and KEG_AS_IND.match(c):
                    # an indikator program shifted into the kegiatan column (its wording is an indicator)
                    add_ind(st["prg"], c, st["pjp"] or "", no, satuan=None)
                    stats.setdefault("keg_as_ind", []).append(f"42/2018:{no} '{c}'")
                    continue
                if (is_last_before_pjk or is_last) and not nxt_pjp:
                    if is_fragment(c) and not is_last_before_pjk:
                        stats["skipped_fragments"].append(f"42/2018:{no} '{c}'")
                        continue
                    pj = st["pjk"] or st["pjp"] or b.kepala(st["pd"])
                    n0 = len(b.nodes)
                    kode = b.kegiatan(st["prg"], st["pd"], c, pj, no)
                    if len(b.nodes) > n0:
                        reg("node", kode)
                    if is_last_before_pjk:
                        pending_keg = kode
                elif not is_fragment(c) and (IND_RE.search(c) or nxt_pjp):
                    add_ind(
                        st["prg"],
                        c,
                        st["pjp"] if not nxt_pjp else "",
                        no,
                        satuan="%"
                        if re.search(r"persentase|prosentase|presentase", c, re.I)
                        else None,
                    )
                else:
                    stats["skipped_fragments"].append(f"42/2018:{no} '{c}'")
        if pre:
            _sasaran(b, st, pre, no, ensure_sp, add_ind)
        if any(k_ != "dummy" for k_, _r in cur):
            opened[:] = [[k_, r_, no] for k_, r_ in cur]


def _sasaran(b, st, pre: list[str], no: int, ensure_sp, add_ind) -> None:
    """pre = the text cells before the head/program cell: [sasaran, indikator sasaran...]."""
    cells = [c for c in pre if c[0].isupper()]
    if not cells:
        return
    first = cells[0]
    if IND_RE.search(first) and not re.match(
        r"^(tercapai|terwujud|meningkat|tersedi|pertumbuhan|pengelolaan|pelayanan|inflasi)",
        first,
        re.I,
    ):
        ensure_sp(no)
        inds = cells
    else:
        ensure_sp(no, first)
        inds = cells[1:]
    if st["sp"] is None:
        return
    for c in inds:
        add_ind(st["sp"], c, b.kepala(st["pd"]), no)
