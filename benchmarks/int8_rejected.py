"""int8 routes measured and not shipped: ORT static quantisation and OpenVINO + NNCF, against torch.

Usage::

    python benchmarks/int8_rejected.py                 # both, 1,000 news + demo, 3 timed rounds
    python benchmarks/int8_rejected.py --only static   # ONNX Runtime static QDQ only

Each route is calibrated on the demo corpus's sentences (``data/``, never on the news it is scored
on) and timed with one thread, as process CPU time, in turns with torch and ORT's dynamic int8
(first block fp32), medians of ``--repeats`` rounds, load average printed. Accuracy: the gates of
``benchmarks/int8.py`` on 1,000 Dawn/APP news sentences plus the demo corpus.

- ``static``: ``onnxruntime.quantization.quantize_static``, QDQ, per-channel int8 weights, uint8
  activations with fixed per-tensor scales from a percentile calibrator (``--calibrator``), the
  first transformer block in fp32 (Jacob et al. 2018; Migacz 2017 for entropy calibration).
- ``openvino``: the fp32 export read by OpenVINO, and ``nncf.quantize`` with the transformer
  preset (SmoothQuant, fast bias correction; Xiao et al. 2023). Needs ``openvino`` and ``nncf``,
  which framing does not depend on; skipped when absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["FRAMING_THREADS"] = "1"
ROOT = Path(__file__).resolve().parents[1]
NAMES = ("input_ids", "attention_mask", "token_type_ids")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["static", "openvino"], default=None)
    parser.add_argument("--news", type=int, default=1000)
    parser.add_argument("--speed", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--calibrator", default="Percentile", choices=["Percentile", "Entropy", "MinMax"])
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import torch
    from int8 import demo_sentences, gates, news_sentences
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_dynamic,
        quantize_static,
    )

    from framing.embedding.backends.onnx import OnnxEncoder, _fp32_matmuls
    from framing.embedding.embedder import _load, resolve_model
    from framing.embedding.pooling import pool

    torch.set_num_threads(1)
    print(f"# python benchmarks/int8_rejected.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    model = _load(resolve_model(None), "cpu")
    demo = demo_sentences()
    texts = list(dict.fromkeys(news_sentences(args.news) + demo))
    reference = model.encode(texts, batch_size=64, normalize_embeddings=True)
    timed = texts[: args.speed]

    def calibration_batches():
        # Histogram calibrators stack every batch, so all share one shape: 32 rows of 64 tokens.
        out = []
        for i in range(0, len(demo) - 31, 32):
            b = model.tokenizer(
                demo[i : i + 32], padding="max_length", truncation=True, max_length=64, return_tensors="np"
            )
            out.append({k: b[k].astype(np.int64) for k in NAMES})
        return out

    runs = {"torch": lambda: model.encode(timed, batch_size=64, normalize_embeddings=True)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        OnnxEncoder(model, folder, "m").session()  # the fp32 export, m.onnx
        fp32 = folder / "m.onnx"
        first = _fp32_matmuls(fp32, ("first_layer",))

        def ort(path):
            enc = OnnxEncoder(model, folder, "m", quantize=True)
            enc._path = lambda: path
            enc.session()
            return lambda batch: enc.encode(batch, 64)

        encoders = {}
        quantize_dynamic(
            str(fp32),
            str(folder / "dynamic.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=first,
            extra_options={"MatMulConstBOnly": True},
        )
        encoders["ORT dynamic (first block fp32)"] = ort(folder / "dynamic.onnx")
        if args.only in (None, "static"):

            class Reader(CalibrationDataReader):
                def __init__(self):
                    self.batches = iter(calibration_batches())

                def get_next(self):
                    return next(self.batches, None)

            quantize_static(
                str(fp32),
                str(folder / "static.onnx"),
                Reader(),
                quant_format=QuantFormat.QDQ,
                per_channel=True,
                activation_type=QuantType.QUInt8,
                weight_type=QuantType.QInt8,
                op_types_to_quantize=["MatMul"],
                nodes_to_exclude=first,
                calibrate_method=getattr(CalibrationMethod, args.calibrator),
                extra_options={"MatMulConstBOnly": True},
            )
            encoders[f"ORT static QDQ ({args.calibrator}, first block fp32)"] = ort(folder / "static.onnx")
        if args.only in (None, "openvino"):
            if importlib.util.find_spec("openvino") and importlib.util.find_spec("nncf"):
                import nncf
                import openvino as ov

                core = ov.Core()
                fp = core.read_model(str(fp32))
                q = nncf.quantize(
                    fp, nncf.Dataset(calibration_batches()), model_type=nncf.ModelType.TRANSFORMER
                )
                config = {"INFERENCE_NUM_THREADS": 1, "PERFORMANCE_HINT": "LATENCY"}

                def ov_encoder(compiled):
                    def encode(batch_texts):
                        order = np.argsort([len(t) for t in batch_texts], kind="stable")
                        out = np.empty((len(batch_texts), reference.shape[1]), np.float32)
                        for i in range(0, len(batch_texts), 64):
                            idx = order[i : i + 64]
                            b = model.tokenizer(
                                [batch_texts[j] for j in idx],
                                padding=True,
                                truncation=True,
                                return_tensors="np",
                            )
                            feed = {k: b[k].astype(np.int64) for k in NAMES}
                            out[idx] = pool(compiled(feed)[0], feed["attention_mask"], "mean")
                        return out

                    return encode

                encoders["OpenVINO fp32"] = ov_encoder(core.compile_model(fp, "CPU", config))
                encoders["OpenVINO + NNCF int8"] = ov_encoder(core.compile_model(q, "CPU", config))
            else:
                print("openvino / nncf not installed: OpenVINO not measured")
        runs.update({name: (lambda e=e: e(timed)) for name, e in encoders.items()})
        accuracy = {name: gates(reference, e(texts)) for name, e in encoders.items()}
        load_before = os.getloadavg()
        times = {name: [] for name in runs}
        for _ in range(args.repeats):
            for name, run in runs.items():
                start = time.process_time()
                run()
                times[name].append(time.process_time() - start)
        load_after = os.getloadavg()
    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"sentences: {len(texts)}; timed: {len(timed)}, {args.repeats} alternating rounds, 1 thread each")
    print(
        f"load average (1 min): before {load_before[0]:.2f}, after {load_after[0]:.2f}; {os.cpu_count()} cores"
    )
    print("| variant | CPU time vs torch, 1 thread | p1 cosine | kNN@10 | ARI vs torch (torch vs torch) |")
    print("| --- | --- | --- | --- | --- |")
    for name, g in accuracy.items():
        print(
            f"| {name} | {med['torch'] / med[name]:.2f} | {g['p1_cosine']:.3f} | {g['knn10_mean']:.3f} | "
            f"{np.median(g['ari_vs_torch']):.3f} ({np.median(g['ari_torch_vs_torch']):.3f}) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
