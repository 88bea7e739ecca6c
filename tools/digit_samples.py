#!/usr/bin/python3
"""Write the sample digits the page runs the digits autoencoder on, next to the model.

Run from the repository root with Debian's interpreter (the one that has torch and sklearn):

    /usr/bin/python3 tools/digit_samples.py

Ten digits, one per class 0..9: for each class the first image of the held-out part of the data set
(index 1500 and on; tools/train_autoencoder.py trains on the first 1500), scaled and upscaled to
28x28 exactly as in training (digits_28() of tools/train_autoencoder.py: divided by 16, bilinear,
align_corners=False), then stored as one byte per pixel: byte = round(255 * value), read back as
byte / 255 (at most 1/510 from the training value). It writes

  web/lib/network/models/digits-samples.bin    10 x 28 x 28 bytes, row-major, one digit after another;
  web/lib/network/models/digits-samples.json   what the bytes are: shape, scale, label and data-set
                                               index of each digit, size and SHA-256 of the .bin.

Deterministic: the same run writes the same bytes.
"""
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_autoencoder import MODEL_DIR, N_TRAIN, ROOT, digits_28  # noqa: E402  (one preprocessing, training's)

SAMPLES_BIN = os.path.join(MODEL_DIR, "digits-samples.bin")
SAMPLES_JSON = os.path.join(MODEL_DIR, "digits-samples.json")
SCALE = 255


def main():
    x, labels = digits_28()
    indices = [next(i for i in range(N_TRAIN, len(labels)) if labels[i] == d) for d in range(10)]
    picked = x[indices]  # [10, 1, 28, 28] in [0, 1]
    raw = torch.round(picked * SCALE).clamp(0, SCALE).to(torch.uint8).numpy().tobytes()
    with open(SAMPLES_BIN, "wb") as f:
        f.write(raw)
    meta = {
        "format": "uint8, one byte per pixel, row-major, one digit after another in the order of samples; value = byte / scale",
        "file": os.path.basename(SAMPLES_BIN),
        "bytes": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "shape": [1, 1, 28, 28],
        "scale": SCALE,
        "samples": [{"label": labels[i], "index": i} for i in indices],
        "source": "sklearn.datasets.load_digits, the first held-out image (index >= %d) of each class" % N_TRAIN,
        "preprocessing": "as in training: divided by 16, resized to 28x28 with F.interpolate(mode='bilinear', align_corners=False); then round(255 * value)",
        "generator": "tools/digit_samples.py",
    }
    with open(SAMPLES_JSON, "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(indices)} digits, {len(raw)} bytes -> {os.path.relpath(SAMPLES_BIN, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
