#!/usr/bin/python3
"""Train the page's small convolutional autoencoder, and record PyTorch's outputs for the tests.

Run from the repository root with Debian's interpreter (the one that has torch and sklearn):

    /usr/bin/python3 tools/train_autoencoder.py

Data: the 1,797 handwritten digits that ship inside scikit-learn (sklearn.datasets.load_digits, no
download): 8x8 images with values 0..16. Each is scaled to [0, 1] (divided by 16) and resized to
28x28, the size of MNIST, by bilinear interpolation (F.interpolate, mode='bilinear',
align_corners=False, which reads the 8x8 pixels as cell centres). The first 1,500 images train, the
other 297 measure.

Model: encoder Conv2d(1, 8, 3, stride=2, padding=1) -> ReLU -> Conv2d(8, 16, 3, stride=2, padding=1)
-> ReLU takes 28x28 to a 16x7x7 code; decoder ConvTranspose2d(16, 8, 3, stride=2, padding=1,
output_padding=1) -> ReLU -> ConvTranspose2d(8, 1, 3, stride=2, padding=1, output_padding=1) ->
Sigmoid takes it back to 28x28 (without output_padding=1 it would come back 25x25: each Conv2d's
floor drops a line, 28 -> 14 -> 7, that each ConvTranspose2d must put back).

It writes:
  web/lib/network/models/digits-autoencoder.json   the layers (type and arguments the way parseTorch
      writes them), where each weight and bias lies in the .bin (offset and length in float32
      elements, shape as PyTorch's), the data, the training and the final losses;
  web/lib/network/models/digits-autoencoder.bin    every weight and bias, float32 little-endian,
      one after the other in the JSON's order;
  tests/fixtures/autoencoder_cases.json   a few digits (upscaled) with PyTorch's output of every
      layer; the same for the "transposed encoder" (ConvTranspose2d layers that reuse the encoder's own
      weights in reverse order, no bias, with the output_padding that brings 28x28 back); and small
      cases that show when a transposed encoder gives its input back exactly and when it does not.

Deterministic: fixed seeds, CPU, one thread, deterministic algorithms; the same run writes the same
bytes.
"""
import hashlib
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures"))
from gen_networks import constructor_args  # noqa: E402  (one normalisation of arguments, the parser's)

MODEL_DIR = os.path.join(ROOT, "web", "lib", "network", "models")
MODEL_JSON = os.path.join(MODEL_DIR, "digits-autoencoder.json")
MODEL_BIN = os.path.join(MODEL_DIR, "digits-autoencoder.bin")
CASES = os.path.join(ROOT, "tests", "fixtures", "autoencoder_cases.json")

SEED = 2026
EPOCHS = 60
BATCH = 50
LR = 5e-3
N_TRAIN = 1500
CASE_LABELS = [3, 7]  # the test cases: the first held-out image of each of these digits

torch.manual_seed(SEED)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def digits_28():
    """The data set as a float32 tensor [1797, 1, 28, 28] in [0, 1], and the labels."""
    d = load_digits()
    x = torch.tensor(d.images, dtype=torch.float32).unsqueeze(1) / 16.0
    return F.interpolate(x, size=(28, 28), mode="bilinear", align_corners=False), d.target.tolist()


class DigitsAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 8, 3, stride=2, padding=1),   # 28 -> 14
            nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride=2, padding=1),  # 14 -> 7
            nn.ReLU(),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1),  # 7 -> 14
            nn.ReLU(),
            nn.ConvTranspose2d(8, 1, 3, stride=2, padding=1, output_padding=1),   # 14 -> 28
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.decoder(self.encoder(x))


def train(model, x_train, x_test):
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    order = torch.Generator().manual_seed(SEED)
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(len(x_train), generator=order)
        for i in range(0, len(x_train), BATCH):
            batch = x_train[perm[i:i + BATCH]]
            loss = F.mse_loss(model(batch), batch)
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        return F.mse_loss(model(x_train), x_train).item(), F.mse_loss(model(x_test), x_test).item()


def tensor_json(t):
    # float32 values as Python floats: json writes the shortest decimal that reads back to the same value
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def leaves(model):
    return [(f"{block}.{i}", block, m) for block in ("encoder", "decoder") for i, m in enumerate(getattr(model, block))]


def write_model(model, losses):
    layers, blobs, offset = [], [], 0
    for path, block, m in leaves(model):
        entry = {"path": path, "block": block, "type": type(m).__name__, "args": constructor_args(m)}
        params = {}
        for name, p in m.named_parameters():
            params[name] = {"shape": list(p.shape), "offset": offset, "length": p.numel()}
            blobs.append(p.detach().reshape(-1))
            offset += p.numel()
        if params:
            entry["parameters"] = params
        layers.append(entry)
    values = torch.cat(blobs).tolist()
    raw = struct.pack(f"<{len(values)}f", *values)
    os.makedirs(MODEL_DIR, exist_ok=True)
    with open(MODEL_BIN, "wb") as f:
        f.write(raw)
    meta = {
        "format": "float32 little-endian parameters in the .bin, in the order of the layers, a layer's weight before its bias; offset and length count float32 elements",
        "weights": os.path.basename(MODEL_BIN),
        "weightsBytes": len(raw),
        "weightsSha256": hashlib.sha256(raw).hexdigest(),
        "input": [1, 1, 28, 28],
        "layers": layers,
        "data": {
            "source": "sklearn.datasets.load_digits (1797 handwritten digits, 8x8, values 0..16, shipped with scikit-learn)",
            "preprocessing": "divided by 16, resized to 28x28 with F.interpolate(mode='bilinear', align_corners=False)",
            "train": N_TRAIN, "test": 1797 - N_TRAIN,
        },
        "training": {
            "generator": "tools/train_autoencoder.py", "torch": torch.__version__, "seed": SEED, "epochs": EPOCHS,
            "batch": BATCH, "optimizer": "Adam", "learningRate": LR, "loss": "MSE",
            "trainLoss": losses[0], "testLoss": losses[1],
        },
    }
    with open(MODEL_JSON, "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    return len(raw)


def transposed_encoder(model):
    """ConvTranspose2d layers that reuse the encoder's weights in reverse order (no bias), each with the
    output_padding that brings its Conv2d's input size back (28 -> 14 -> 7 -> 14 -> 28), as PyTorch's
    forward(x, output_size) derives it."""
    convs, sizes, h = [], [], torch.zeros(1, 1, 28, 28)
    with torch.no_grad():
        for i, m in enumerate(model.encoder):
            if isinstance(m, nn.Conv2d):
                convs.append((f"encoder.{i}", m))
                sizes.append(list(h.shape[-2:]))
            h = m(h)
    layers = []
    for k, ((source, conv), size) in enumerate(zip(reversed(convs), reversed(sizes))):
        args = (conv.out_channels, conv.in_channels, conv.kernel_size, conv.stride, conv.padding)
        probe = nn.ConvTranspose2d(*args, bias=False)
        output_padding = probe._output_padding(h, size, list(conv.stride), list(conv.padding), list(conv.kernel_size), 2,
                                               list(conv.dilation))
        t = nn.ConvTranspose2d(*args, output_padding=tuple(output_padding), bias=False)
        with torch.no_grad():
            t.weight.copy_(conv.weight)  # Conv2d [out, in, k, k] is ConvTranspose2d's [in, out, k, k]
            h = t(h)
        layers.append((source, t))
        if k < len(convs) - 1:
            layers.append((None, nn.ReLU()))
    return layers


def exact_reconstruction_cases():
    """When ConvTranspose2d(W) after Conv2d(W) gives the input back exactly, and when it does not.

    With kernel = stride and no padding the Conv2d cuts the input into non-overlapping patches and
    multiplies each by the matrix W (out_channels x in_channels*k*k); the ConvTranspose2d multiplies
    by W^T and puts each patch back where it came from. So the round trip is the identity exactly
    when W^T W = I (the filters, flattened, are orthonormal: out_channels >= in_channels * k * k) and
    the input's size is a multiple of the stride (else Conv2d's floor drops lines that come back 0).
    """
    torch.manual_seed(SEED)
    haar = torch.tensor([[[1, 1], [1, 1]], [[1, -1], [1, -1]], [[1, 1], [-1, -1]], [[1, -1], [-1, 1]]],
                        dtype=torch.float32).unsqueeze(1) / 2  # 4 orthonormal 2x2 filters
    cases = []

    def case(name, weight, k, s, p, size, holds, why):
        conv = nn.Conv2d(weight.shape[1], weight.shape[0], k, s, p, bias=False)
        remainder = (size + 2 * p - (k - 1) - 1) % s
        up = nn.ConvTranspose2d(weight.shape[0], weight.shape[1], k, s, p, output_padding=remainder, bias=False)
        with torch.no_grad():
            conv.weight.copy_(weight)
            up.weight.copy_(weight)
            x = torch.rand(1, weight.shape[1], size, size)
            code = conv(x)
            back = up(code)
        err = (back - x).abs().max().item()
        assert (err < 1e-5) == holds, (name, err)
        w = weight.reshape(weight.shape[0], -1)
        cases.append({
            "name": name, "kernel_size": k, "stride": s, "padding": p, "output_padding": remainder,
            "weight": tensor_json(weight), "gram": tensor_json(w.t() @ w), "input": tensor_json(x),
            "code": tensor_json(code), "reconstruction": tensor_json(back), "maxAbsError": err,
            "exact": holds, "why": why,
        })

    case("haar 2x2, stride 2, 6x6", haar, 2, 2, 0, 6, True,
         "kernel = stride, no padding, W^T W = I (4 orthonormal filters of 2x2 = 4 values), 6 a multiple of 2")
    case("haar 2x2, stride 2, 7x7", haar, 2, 2, 0, 7, False,
         "7 is not a multiple of 2: Conv2d's floor drops the last row and column, they come back 0")
    case("two of the haar filters", haar[:2], 2, 2, 0, 6, False,
         "2 filters for 4 values per patch: W^T W is a projection, not I")
    q, _ = torch.linalg.qr(torch.randn(9, 9))
    case("orthonormal 3x3, stride 2", q.t().reshape(9, 1, 3, 3).contiguous(), 3, 2, 1, 6, False,
         "kernel 3 > stride 2: patches overlap and ConvTranspose2d adds the overlaps, even with W^T W = I")
    case("orthonormal 3x3, stride 3", q.t().reshape(9, 1, 3, 3).contiguous(), 3, 3, 0, 6, True,
         "kernel = stride = 3, W^T W = I for 9 orthonormal filters of 3x3")
    return cases


def main():
    x, labels = digits_28()
    model = DigitsAutoencoder()
    losses = train(model, x[:N_TRAIN], x[N_TRAIN:])
    size = write_model(model, losses)

    decoder_t = transposed_encoder(model)
    inputs = []
    case_indices = [next(i for i in range(N_TRAIN, len(labels)) if labels[i] == d) for d in CASE_LABELS]
    with torch.no_grad():
        for index in case_indices:
            h = x[index:index + 1]
            entry = {"index": index, "label": labels[index], "input": tensor_json(h), "layers": []}
            for path, _, m in leaves(model):
                h = m(h)
                entry["layers"].append({"path": path, "output": tensor_json(h)})
            code = model.encoder(x[index:index + 1])
            t = code
            entry["transposedEncoder"] = []
            for _, m in decoder_t:
                t = m(t)
                entry["transposedEncoder"].append({"output": tensor_json(t)})
            inputs.append(entry)
    cases = {
        "generator": "tools/train_autoencoder.py",
        "torch": torch.__version__,
        "model": "web/lib/network/models/digits-autoencoder.json",
        "inputs": inputs,
        "transposedEncoder": [
            {"type": type(m).__name__, "args": constructor_args(m), "weightFrom": source} for source, m in decoder_t
        ],
        "exactReconstruction": exact_reconstruction_cases(),
    }
    with open(CASES, "w") as f:
        json.dump(cases, f, sort_keys=True)
        f.write("\n")
    print(f"train MSE {losses[0]:.6f}, test MSE {losses[1]:.6f}; weights {size} bytes -> "
          f"{os.path.relpath(MODEL_BIN, ROOT)}; cases -> {os.path.relpath(CASES, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
