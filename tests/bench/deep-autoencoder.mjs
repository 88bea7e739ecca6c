// The 30-layer model both benchmarks type into: an encoder of five Conv2d -> BatchNorm2d -> ReLU
// stages (stride 2) and a decoder of five ConvTranspose2d -> BatchNorm2d -> ReLU stages that bring
// 64x64 back (output_padding=1), written as people write such models. bench.mjs times the library
// on it per keystroke; page-bench.mjs times the page's network view on a keystroke in it.
const WIDTHS = [8, 16, 32, 64, 128];
const stage = (i, c) => `            nn.Conv2d(${c}, ${2 * c}, 3, stride=2, padding=1),  # stage ${i}\n            nn.BatchNorm2d(${2 * c}),\n            nn.ReLU(inplace=True),\n`;
const back = (i, c) => `            nn.ConvTranspose2d(${2 * c}, ${c}, 3, stride=2, padding=1, output_padding=1),  # stage ${i}\n            nn.BatchNorm2d(${c}),\n            nn.ReLU(inplace=True),\n`;

export const DEEP_AUTOENCODER = `import torch\nimport torch.nn as nn\n\n\nclass DeepAutoencoder(nn.Module):\n    def __init__(self):\n        super().__init__()\n`
  + `        self.encoder = nn.Sequential(\n${WIDTHS.map((c, i) => stage(i, c)).join('')}        )\n`
  + `        self.decoder = nn.Sequential(\n${[...WIDTHS].reverse().map((c, i) => back(i, c)).join('')}        )\n\n`
  + '    def forward(self, x):\n        return self.decoder(self.encoder(x))\n';
export const DEEP_AUTOENCODER_INPUT = [1, WIDTHS[0], 64, 64];
