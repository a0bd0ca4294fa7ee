"""bot_state_simpan writes a whole persistence round at once (upsert many + delete many).

On SQLite and, with SAKIP_TEST_DATABASE_URL, on PostgreSQL; read back with bot_state_muat.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from core.persistence.uow import SqlUnitOfWork

U = Callable[[], SqlUnitOfWork]


def _simpan(uow_factory: U, tulisan: Mapping[tuple[str, str], str | None]) -> None:
    with uow_factory() as uow:
        uow.repo.bot_state_simpan(tulisan)
        uow.commit()


def _muat(uow_factory: U, jenis: str) -> dict[str, str]:
    with uow_factory() as uow:
        return uow.repo.bot_state_muat(jenis)


def test_insert_update_and_delete_in_one_call(uow_factory: U) -> None:
    _simpan(
        uow_factory,
        {("user", str(i)): f'{{"n": {i}}}' for i in range(10)} | {("chat", "7"): "{}"},
    )
    assert _muat(uow_factory, "user") == {str(i): f'{{"n": {i}}}' for i in range(10)}
    assert _muat(uow_factory, "chat") == {"7": "{}"}

    _simpan(
        uow_factory,
        {
            ("user", "1"): "diubah",  # update
            ("user", "2"): None,  # delete
            ("user", "3"): "diubah juga",
            ("user", "4"): None,
            ("user", "baru"): "baru",  # insert
            ("chat", "7"): None,  # delete in another jenis
            ("chat", "8"): "[]",
        },
    )
    harapan = {str(i): f'{{"n": {i}}}' for i in range(10) if i not in (1, 2, 3, 4)}
    harapan |= {"1": "diubah", "3": "diubah juga", "baru": "baru"}
    assert _muat(uow_factory, "user") == harapan
    assert _muat(uow_factory, "chat") == {"8": "[]"}


def test_same_key_in_two_jenis_is_two_rows(uow_factory: U) -> None:
    _simpan(uow_factory, {("user", "1"): "u", ("chat", "1"): "c"})
    _simpan(uow_factory, {("user", "1"): None})
    assert _muat(uow_factory, "user") == {}
    assert _muat(uow_factory, "chat") == {"1": "c"}


def test_deleting_a_missing_key_is_fine(uow_factory: U) -> None:
    _simpan(uow_factory, {("user", "ada"): "1"})
    _simpan(uow_factory, {("user", "tidak-ada"): None, ("conv", "x"): None})
    _simpan(uow_factory, {("user", "tidak-ada"): None, ("user", "ada"): "2"})
    assert _muat(uow_factory, "user") == {"ada": "2"}
    assert _muat(uow_factory, "conv") == {}


def test_empty_round_writes_nothing(uow_factory: U) -> None:
    _simpan(uow_factory, {("user", "1"): "1"})
    _simpan(uow_factory, {})
    assert _muat(uow_factory, "user") == {"1": "1"}


def test_nothing_is_written_without_commit(uow_factory: U) -> None:
    with uow_factory() as uow:
        uow.repo.bot_state_simpan({("user", "1"): "1"})
    assert _muat(uow_factory, "user") == {}


def test_five_hundred_rows_in_one_call(uow_factory: U) -> None:
    _simpan(uow_factory, {("user", str(i)): "x" * (i % 50) for i in range(500)})
    assert _muat(uow_factory, "user") == {str(i): "x" * (i % 50) for i in range(500)}
    # one round: 250 updated, 250 deleted, 500 new
    tulisan: dict[tuple[str, str], str | None] = {
        ("user", str(i)): (None if i % 2 else f"v{i}") for i in range(500)
    }
    tulisan |= {("user", f"n{i}"): str(i) for i in range(500)}
    _simpan(uow_factory, tulisan)
    harapan = {str(i): f"v{i}" for i in range(0, 500, 2)} | {f"n{i}": str(i) for i in range(500)}
    assert _muat(uow_factory, "user") == harapan
