#!/usr/bin/python3
"""Exports the benchmark's one-op ONNX models (tests/bench/models/<case>.onnx) with PyTorch.

Run with Debian's interpreter that has python3-torch 1.13:  /usr/bin/python3 tests/bench/export_onnx.py
Every model holds its weight and bias as initializers; the same numbers are written to
tests/bench/models/<case>.bin (little-endian float32: weight then bias) so that every contender
(our SIMD and scalar builds, onnxruntime-web, TF.js) uses identical weights. Inputs are generated
by the bench from a seeded PRNG (see bench.mjs), so they are not stored here.
Keep this list in sync with CASES in bench.mjs (the bench checks the shapes in cases.json).
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "models")

# name, op, N, Cin, H, W, Cout, k, stride, padding, groups. New cases go at the end: the seeds
# (1000 + index here, 12345 + index for the inputs) keep the earlier cases' bytes unchanged.
CASES = [
    ("A", "conv", 1, 1, 512, 512, 1, 3, 1, 1, 1),
    ("B", "conv", 1, 64, 56, 56, 64, 3, 1, 1, 1),
    ("C", "convT", 1, 32, 64, 64, 16, 4, 2, 1, 1),
    ("page_convT_8", "convT", 1, 1, 8, 8, 1, 3, 2, 1, 1),
    ("page_conv_64", "conv", 1, 1, 64, 64, 1, 3, 1, 1, 1),
    ("page_convT_64", "convT", 1, 1, 64, 64, 1, 3, 1, 1, 1),
    # the image view's call: a photo's RGB planes upsampled x2 by one depthwise ConvT
    ("D", "convT", 1, 3, 512, 512, 3, 4, 2, 1, 3),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = []
    for i, (name, op, n, cin, h, w, cout, k, s, p, g) in enumerate(CASES):
        torch.manual_seed(1000 + i)
        if op == "conv":
            m = torch.nn.Conv2d(cin, cout, k, stride=s, padding=p, groups=g, bias=True)
        else:
            m = torch.nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, groups=g, bias=True)
        m.eval()
        x = torch.zeros(n, cin, h, w)
        with torch.no_grad():
            y = m(x)
        path = os.path.join(OUT, f"{name}.onnx")
        torch.onnx.export(m, x, path, input_names=["x"], output_names=["y"], opset_version=13,
                          do_constant_folding=True)
        wt = m.weight.detach().contiguous().numpy().astype("<f4")
        bt = m.bias.detach().contiguous().numpy().astype("<f4")
        with open(os.path.join(OUT, f"{name}.bin"), "wb") as f:
            f.write(wt.tobytes())
            f.write(bt.tobytes())
        meta.append({
            "name": name, "op": op, "xShape": [n, cin, h, w], "wShape": list(wt.shape),
            "biasLength": int(bt.shape[0]), "stride": s, "padding": p, "groups": g, "yShape": list(y.shape),
        })
        print(f"{name}: {op} x{list(x.shape)} w{list(wt.shape)} -> y{list(y.shape)}  {os.path.getsize(path)} bytes")
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"generatedBy": "tests/bench/export_onnx.py", "torch": torch.__version__, "cases": meta}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
