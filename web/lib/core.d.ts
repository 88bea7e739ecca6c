// Types of ConvT Lab's JavaScript API (web/lib/core.js): loadCore() and everything it returns.
// Names are PyTorch's in camelCase; each option's comment gives PyTorch's name.

/** Numbers as the API accepts them: an array or any typed array (values are copied as float32). */
export type NumberArray =
  | readonly number[]
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/** A tensor given to the API: NCHW values in row-major order, and their shape. */
export interface TensorInput {
  /** `[N, C, H, W]`, or `[C, H, W]` for an unbatched input (as in PyTorch); weights `[A, B, kH, kW]`. */
  shape: readonly number[];
  data: NumberArray;
}

/** A tensor the API returns: owned by the caller (a copy, not a view of the WebAssembly heap). */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** An integer for both axes, or `[h, w]`. */
export type IntPair = number | readonly [number, number];

/** PyTorch `padding_mode`: what the padded border of a Conv2d holds. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** PyTorch `output_size` of `ConvTranspose2d.forward`: `[H, W]`, `[N, C, H, W]`, or `[C, H, W]` for an unbatched input. */
export type OutputSize =
  | readonly [number, number]
  | readonly [number, number, number]
  | readonly [number, number, number, number];

/** PyTorch `bias`: one value per output channel. */
export type Bias = NumberArray | { shape?: readonly [number]; data: NumberArray };

interface CommonOptions {
  /** PyTorch `bias` (default: none). */
  bias?: Bias | null;
  /** PyTorch `stride` (default 1). */
  stride?: IntPair;
  /** PyTorch `dilation` (default 1). */
  dilation?: IntPair;
  /** PyTorch `groups` (default 1). */
  groups?: number;
}

/** Options of `conv2d`, as `torch.nn.Conv2d` takes them. */
export interface Conv2dOptions extends CommonOptions {
  /**
   * PyTorch `padding` (default 0): lines added on each side, or `'same'` (the output keeps the input's
   * size; stride 1 only; an even dilated kernel gets the extra line at the bottom / right) or `'valid'` (none).
   */
  padding?: IntPair | 'same' | 'valid';
  /** PyTorch `padding_mode` (default `'zeros'`). */
  paddingMode?: PaddingMode;
}

/** Options of `convTranspose2d`, as `torch.nn.ConvTranspose2d` and its `forward(x, output_size)` take them. */
export interface ConvTranspose2dOptions extends CommonOptions {
  /** PyTorch `padding` (default 0): lines cropped from each side of the full output. */
  padding?: IntPair;
  /** PyTorch `output_padding` (default 0): lines added at the bottom / right; smaller than stride or dilation. */
  outputPadding?: IntPair;
  /** PyTorch `output_size` of `forward`: the output_padding is derived from it (not with `outputPadding`). */
  outputSize?: OutputSize;
  /** PyTorch `padding_mode`: ConvTranspose2d takes `'zeros'` only. */
  paddingMode?: 'zeros';
}

/** The geometry `explain()` and `polyphase()` draw: one channel, the options of either operation. */
export interface GeometryParams {
  /** `'conv'` (Conv2d, default) or `'convT'` (ConvTranspose2d). */
  mode?: 'conv' | 'convT';
  /** The input's H×W. */
  size: IntPair;
  /** PyTorch `kernel_size` (default 3). */
  kernelSize?: IntPair;
  /** PyTorch `stride` (default 1). */
  stride?: IntPair;
  /** PyTorch `padding` (default 0); `'same'` / `'valid'` in conv mode. */
  padding?: IntPair | 'same' | 'valid';
  /** PyTorch `padding_mode` (default `'zeros'`; convT mode: `'zeros'` only). */
  paddingMode?: PaddingMode;
  /** PyTorch `dilation` (default 1). */
  dilation?: IntPair;
  /** PyTorch `output_padding` (default 0). In conv mode: of the ConvTranspose2d on the way back. */
  outputPadding?: IntPair;
  /** PyTorch `output_size` of `ConvTranspose2d.forward`. In conv mode: asked of the ConvTranspose2d on the way back. */
  outputSize?: OutputSize;
}

export type Pair = [number, number];

export interface Grid {
  rows: number;
  cols: number;
}

/** A zero-stuffed grid, per axis `[h, w]`: as `Explanation.stuffed` gives it for a ConvTranspose2d. */
export interface StuffedGrid {
  /** z = s - 1 zeros between input pixels. */
  zerosBetween: Pair;
  /** p' = d(k-1) - p lines before the input (negative: lines cropped). */
  padBefore: Pair;
  /** The grid's length L, which the stride-1 convolution slides over. */
  length: Pair;
}

/** One way round: `input` → `middle` → `back`, each step as PyTorch computes it. */
export interface RoundTrip {
  input: Pair;
  /** null: the first step is refused (see `error`). */
  middle: Pair | null;
  /** null: a step is refused (see `error`). */
  back: Pair | null;
  /** back equals input. */
  ok: boolean;
  /** The ConvTranspose2d step's output_padding (derived from outputSize when given and valid). */
  outputPadding: Pair;
  /** Conv then ConvT: (I + 2p - d(k-1) - 1) mod s, the lines Conv2d's floor drops; null otherwise. */
  remainder: Pair | null;
  /** Conv then ConvT: the output_padding that gives the input size back; null otherwise. */
  fixOutputPadding: Pair | null;
  /** The refused step's error message (it starts with the parameter's name), or null. */
  error: string | null;
  /**
   * Conv then ConvT: the zero-stuffed grid of the ConvTranspose2d on the way back (what
   * `explain({ mode: 'convT', size: middle, ... })` gives as `stuffed`); null when that step is
   * undefined (the middle or the way back refused, padding that differs before and after, or a
   * `paddingMode` other than `'zeros'`), and always null in ConvT then Conv.
   */
  backStuffed: StuffedGrid | null;
}

/**
 * Kind of each cell of the drawn grid (`stuffed.cellKind`); rows and columns (`rowKind`, `colKind`)
 * use the first four.
 */
export type CellKind =
  | 0 // an input pixel
  | 1 // a zero inserted between pixels (ConvT)
  | 2 // zero padding (p in conv mode, p' in convT mode)
  | 3 // output_padding (ConvT)
  | 4 // reflect padding: a copy of a pixel
  | 5 // replicate padding: a copy of a pixel
  | 6; // circular padding: a copy of a pixel

/** The single-channel geometry the page draws (docs/library.md, "explain()"). */
export interface Explanation {
  mode: 'conv' | 'convT';
  input: Grid;
  kernel: Grid;
  output: Grid;
  /** The padding in effect: before = top / left, after = bottom / right ('same' with an even kernel: one more after). */
  padding: { before: Pair; after: Pair; mode: PaddingMode };
  /** The drawn grid: the padded input in conv mode, the zero-stuffed grid in convT mode. */
  stuffed: Grid & {
    zerosBetween: Pair;
    /** Lines before / after the input (convT: p' = d(k-1) - p, and p' + a); negative: lines cropped. */
    padBefore: Pair;
    padAfter: Pair;
    /** CellKind (0-3) of each row / column. */
    rowKind: Int8Array;
    colKind: Int8Array;
    /** CellKind of each cell (row-major). */
    cellKind: Int8Array;
    /** The input cell (row-major index) each cell holds, itself or a padded copy; -1 for a zero. */
    source: Int32Array;
  };
  /** Drawn kernel position (flipped in convT mode) → original tap. */
  kernelFrom: Int32Array;
  /** Output cell × kH·kW + drawn tap → drawn-grid cell under it. */
  taps: Int32Array;
  /** Input cell × kH·kW + original tap → output cell it feeds directly, or -1 (padded copies: see matrix). */
  scatter: Int32Array;
  /** Output cell → number of (input cell, tap) pairs feeding it directly. */
  overlap: Int32Array;
  /** The operator as (row, column, tap) triples sorted by row: C in conv mode, Cᵀ in convT mode; padded copies included. */
  matrix: { rows: number; cols: number; entries: Int32Array };
  /** The numbers of the usual derivation, per axis: p before / pAfter after, the output_padding a in effect, z = s-1, p' = d(k-1)-p. */
  formula: { I: Pair; k: Pair; s: Pair; p: Pair; pAfter: Pair; d: Pair; a: Pair; z: Pair; pPrime: Pair };
  roundTrip: { convThenConvT: RoundTrip; convTThenConv: RoundTrip };
}

export interface PolyphasePhase {
  row: number;
  col: number;
  rows: number;
  cols: number;
  taps: Int32Array;
  tapInputRow: Int32Array;
  tapInputCol: Int32Array;
  output: Float32Array;
  multiplies: number;
}

/** The sub-pixel view of a single-channel ConvTranspose2d. */
export interface Polyphase {
  stride: Pair;
  output: Pair;
  phases: PolyphasePhase[];
  interleaved: Float32Array;
  multipliesPolyphase: number;
  multipliesStuffed: number;
}

/** ConvTranspose2d by the zero-stuffed construction. */
export interface StuffedConstruction {
  /** The zero-stuffed, padded input. */
  stuffed: Tensor;
  /** The kernel flipped in both axes, channels swapped per group: a Conv2d weight. */
  flippedWeight: Tensor;
  /** The stride-1 convolution of the two: equal to convTranspose2d. */
  output: Tensor;
}

/** What `conv2dShape` / `convTranspose2dShape` answer: the call's output shape and its work. */
export interface OutputShape {
  /** `[N, Cout, Ho, Wo]`, or `[Cout, Ho, Wo]` for an unbatched input. */
  shape: number[];
  /** Multiply-adds the call makes (the direct method's count; 0 for a batch of 0). */
  multiplyAdds: number;
}

export interface Limits {
  /** Elements per tensor (input, weight, output, stuffed grid). */
  maxElements: number;
  /** Multiply-adds per call. */
  maxMultiplyAdds: number;
  /** Entries of an explain() table. */
  maxExplainEntries: number;
  /** Layers of a network given to planNetwork / mirrorNetwork / pairNetwork (as many as parseTorch reads). */
  maxNetworkLayers: number;
}

export interface Core {
  /** PyTorch `torch.nn.functional.conv2d` / `nn.Conv2d`: x `[N, Cin, H, W]`, w `[Cout, Cin/groups, kH, kW]`. */
  conv2d(x: TensorInput, w: TensorInput, opts?: Conv2dOptions): Tensor;
  /** PyTorch `torch.nn.functional.conv_transpose2d` / `nn.ConvTranspose2d`: x `[N, Cin, H, W]`, w `[Cin, Cout/groups, kH, kW]`. */
  convTranspose2d(x: TensorInput, w: TensorInput, opts?: ConvTranspose2dOptions): Tensor;
  /**
   * `conv2d(x, w, opts)`'s output shape and multiply-adds, from x's and w's shapes alone: validated
   * exactly like the call (the same `ConvtError`), nothing computed, no tensor allocated.
   */
  conv2dShape(xShape: readonly number[], wShape: readonly number[], opts?: Conv2dOptions): OutputShape;
  /** The same for `convTranspose2d(x, w, opts)`. */
  convTranspose2dShape(xShape: readonly number[], wShape: readonly number[], opts?: ConvTranspose2dOptions): OutputShape;
  /** The definitions (gather / scatter loops), the oracle of the tests. */
  readonly reference: {
    conv2d(x: TensorInput, w: TensorInput, opts?: Conv2dOptions): Tensor;
    convTranspose2d(x: TensorInput, w: TensorInput, opts?: ConvTranspose2dOptions): Tensor;
  };
  /** ConvTranspose2d by the zero-stuffed construction: the pieces and the output. */
  convTranspose2dByStuffing(x: TensorInput, w: TensorInput, opts?: ConvTranspose2dOptions): StuffedConstruction;
  /** The tables the page draws from. */
  explain(params: GeometryParams): Explanation;
  /** x: H·W values, w: kH·kW values of a single-channel ConvTranspose2d (params.mode is not read). */
  polyphase(params: GeometryParams, x: NumberArray, w: NumberArray): Polyphase;
  /** Bytes malloc-ed in the WebAssembly heap (after freeing what the kernels keep between calls). */
  heapInUse(): number;
  readonly limits: Readonly<Limits>;
}

/** What every refused call throws: `parameter` is the argument's name in this API; the message starts with it. */
export class ConvtError extends Error {
  constructor(parameter: string, message: string);
  readonly name: 'ConvtError';
  readonly parameter: string;
}

/** Loads the WebAssembly core once per JS realm; every call returns the same Core. */
export function loadCore(): Promise<Core>;

// ---- Networks (docs/library.md, "Networks") -------------------------------------------------------

/** One constructor argument as parseTorch writes it: None is null, a tuple an array ([h, w] for pairs). */
export type LayerArg = null | boolean | number | string | (number | null)[];

/** A layer: PyTorch's class name and every constructor argument by PyTorch's name. */
export interface Layer {
  type: string;
  args: Record<string, LayerArg>;
  /** Where the layer is written (parseTorch): the block (attribute) it belongs to, its model, its line. */
  block?: string;
  model?: string;
  line?: number;
}

/** A layer parseTorch read. */
export interface ParsedLayer extends Layer {
  /** The outermost Sequential / ModuleList's attribute, or the layer's own ('conv1' for self.conv1 = ...). */
  block: string;
  /** The class whose __init__ builds it ('' at module level). */
  model: string;
  /** The 1-based line where its constructor's name starts. */
  line: number;
}

/** What parseTorch could not read, naming the thing. */
export interface ParseProblem {
  line: number;
  message: string;
  model: string;
}

/** A value a name can stand for in parseTorch's options.names. */
export type NameValue = number | boolean | string | null | readonly NameValue[];

/** The layers of a PyTorch model file, read without running it (docs/library.md, "Networks"). */
export function parseTorch(text: string, options?: { names?: Record<string, NameValue> }): { layers: ParsedLayer[]; problems: ParseProblem[] };

/** Why PyTorch refuses a layer: `message` in PyTorch's words, `parameter` the constructor argument at fault ('input': the input's shape). */
export interface LayerError {
  message: string;
  parameter: string;
}

interface PlannedLayerBase {
  type: string;
  /** The layer's block and line as given (parseTorch's), or null. */
  block: string | null;
  line: number | null;
  input: number[];
}
/** planNetwork's entry for a layer: its output shape, or (the last entry) PyTorch's refusal. */
export type PlannedLayer = (PlannedLayerBase & { output: number[]; error?: undefined })
  | (PlannedLayerBase & { error: LayerError; output?: undefined });

/** A layer of the decoder mirrorNetwork builds. */
export interface DecoderLayer {
  type: string;
  args: Record<string, LayerArg>;
  /** The encoder layer it undoes (a shape-keeping layer: the one it repeats). */
  mirrors: number;
  input: number[];
  output: number[];
}

/** Where the decoder cannot go on. */
export interface MirrorProblem {
  /** The encoder layer. */
  layer: number;
  type: string;
  /** true: PyTorch refuses the layer itself (the decoder starts from its input); false: no layer undoes it (the decoder stops at its output). */
  refused: boolean;
  message: string;
  parameter: string;
}

export interface NetworkMirror {
  layers: DecoderLayer[];
  /** PyTorch code: `decoder = nn.Sequential(...)`, one layer a line, each with its output shape in a comment. */
  text: string;
  problems: MirrorProblem[];
}

export interface MirrorOptions {
  /** How a pooling is undone: nn.Upsample (default) or nn.ConvTranspose2d(kernel_size = stride). */
  pooling?: 'upsample' | 'convTranspose2d';
}

/** The output_padding that brings a pair's size back, or why none does (the valid range, in PyTorch's words). */
export type PairFix = { output_padding: Pair; why?: undefined } | { output_padding: null; why: string };

/** A Conv2d of a network and the ConvTranspose2d that undoes it. */
export interface LayerPair {
  /** Indices into the layers. */
  conv: number;
  convT: number;
  /** The Conv2d's input [H, W]; null when PyTorch refuses the Conv2d or a layer before it. */
  target: Pair | null;
  /** The ConvTranspose2d's output [H, W]; null when PyTorch refuses it or a layer before it. */
  got: Pair | null;
  /** ok: got equals target; fail: it does not; undefined: either is unknown. */
  verdict: 'ok' | 'fail' | 'undefined';
  /** The lines the Conv2d's floor drops, (H + 2p - d(k-1) - 1) mod s per axis; null when it pads unevenly or is refused. */
  remainder: Pair | null;
  /** Once every pair inside this one has its fix; null when the ConvTranspose2d's input or the target is unknown. */
  fix: PairFix | null;
}

/** The shape after each layer, each on the previous one's output; stops at the first layer PyTorch refuses. After `await loadCore()`. */
export function planNetwork(layers: readonly Layer[], inputShape: readonly number[]): PlannedLayer[];
/** The decoder that brings every size back, layer by layer in reverse. After `await loadCore()`. */
export function mirrorNetwork(layers: readonly Layer[], inputShape: readonly number[], options?: MirrorOptions): NetworkMirror;
/** The k-th Conv2d from the input paired with the k-th ConvTranspose2d from the output, outermost first. After `await loadCore()`. */
export function pairNetwork(layers: readonly Layer[], inputShape: readonly number[]): LayerPair[];

/** A model file of the digits autoencoder's format (web/lib/network/models/digits-autoencoder.json). */
export interface ModelFile {
  /** The input shape it was trained on, e.g. [1, 1, 28, 28]. */
  input: number[];
  /** Bytes of its .bin of weights. */
  weightsBytes: number;
  layers: {
    path: string;
    block: string;
    type: string;
    args: Record<string, LayerArg>;
    /** Where each parameter lies in the .bin: offset and length in float32 elements. */
    parameters?: Record<string, { shape: number[]; offset: number; length: number }>;
  }[];
}

/** The sample digits' description (web/lib/network/models/digits-samples.json). */
export interface SamplesFile {
  shape: number[];
  /** A pixel is byte / scale. */
  scale: number;
  samples: { label: number; index: number }[];
}

/** One layer's output in runNetwork. */
export interface LayerOutput {
  path: string;
  block: string;
  type: string;
  output: Tensor;
}

/** A layer of the transposed encoder. */
export interface TransposedLayer {
  path: string;
  block: 'transposedEncoder';
  type: string;
  args: Record<string, LayerArg>;
  /** The encoder Conv2d whose weight this ConvTranspose2d uses (its path), or null. */
  weightFrom: string | null;
}

export type Bytes = ArrayBuffer | ArrayBufferView;

/** Runs the model layer by layer (Conv2d, ConvTranspose2d, ReLU, LeakyReLU, Sigmoid, Tanh): every layer's output. */
export function runNetwork(core: Core, model: ModelFile, weightsBytes: Bytes, input: TensorInput,
  options?: { decoder?: 'trained' | 'transposedEncoder' }): LayerOutput[];
/** The decoder made of the encoder's own weights: its Conv2d layers mirrored in reverse, without bias. */
export function transposedEncoder(core: Core, model: ModelFile): TransposedLayer[];
/** Each layer's parameters by path. */
export function readParameters(model: ModelFile, weightsBytes: Bytes): Map<string, { weight?: Tensor; bias?: Tensor }>;
/** The sample digits, each pixel byte / scale. */
export function readSamples(samples: SamplesFile, samplesBytes: Bytes): { label: number; index: number; input: Tensor }[];

/** A separate Core on another build of the module (an Emscripten factory, e.g. the scalar build). */
export function loadCoreFrom(createModule: () => Promise<unknown>): Promise<Core>;

export default loadCore;
