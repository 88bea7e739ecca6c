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

/** A separate Core on another build of the module (an Emscripten factory, e.g. the scalar build). */
export function loadCoreFrom(createModule: () => Promise<unknown>): Promise<Core>;

export default loadCore;
