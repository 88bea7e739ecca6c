// parseTorch(text, { names }): the layers of a PyTorch model file, read without running it.
//
// Returns { layers, problems }. Each layer is { type, args, block, model, line }:
//   type   PyTorch's class name ('Conv2d');
//   args   every constructor argument by PyTorch's name, defaults filled in (device and dtype are
//          accepted and left out). Pair arguments (kernel_size, stride, padding, dilation,
//          output_padding, a pooling's sizes, AdaptiveAvgPool2d's output_size, Upsample's size and
//          scale_factor) are [h, w]; Conv2d's padding may also be 'same' or 'valid'; the padding
//          layers' padding is [left, right, top, bottom]; a pooling's stride defaults to its kernel;
//          Upsample's scale_factor is a pair of numbers; bias is a bool;
//   block  the attribute the layer belongs to: the outermost Sequential / ModuleList's name
//          ('encoder'), or the layer's own ('conv1' for self.conv1 = nn.Conv2d(...));
//   model  the class whose __init__ builds it ('' for layers built at module level);
//   line   the 1-based line where its constructor's name starts.
// Each problem is { line, message, model }: what could not be read, naming the thing. Reading goes
// on after a problem; a layer with a problem is left out.
//
// What it reads (a subset of Python; anything else is skipped, with a problem when it builds layers):
//   - `import torch`, `import torch.nn as nn`, `from torch import nn`, `from torch.nn import Conv2d, ReLU`
//     (any alias): the layer constructors are nn.X, torch.nn.X, or the names imported from torch.nn;
//     without an import, nn and torch are read as torch.nn and torch (a pasted snippet often has none);
//   - module-level statements `name = value` (a layer or Sequential there is a layer of model '');
//   - `class Name(...):` and inside it `def __init__(self, a, b=1, *, c=2):` whose straight-line
//     statements `self.name = value` (layers: block 'name') and `name = value` (local names) it reads;
//     class-level `NAME = value` (read as NAME, self.NAME and Name.NAME);
//   - values: ints (also 0x.., 0o.., 0b.., 1_000), floats, True / False / None, strings, tuples, lists,
//     + - * / // % ** and unary minus on numbers (Python's rules: / gives a float, // and % floor),
//     parentheses, int() float() abs() min() max() round() len(), names defined earlier in the text,
//     self.x, a, b = 1, 2 and augmented assignment (+= -= *= //=);
//   - layer calls with positional and keyword arguments as the constructor takes them;
//     nn.Sequential(a, b, ...) (nested too), nn.Sequential(*list_of_layers),
//     nn.Sequential(OrderedDict([('name', layer), ...])), nn.ModuleList([...]).
// Names: options.names (an object of name -> number / bool / string / array) wins over the text's own.
// Not read (reported when they build layers): layers built in a for / if / with / try block or in a
// function other than __init__, custom classes (model classes of the file or imported ones), calls
// of functions, *args / **kwargs, conditional expressions, comprehensions, and layer types not in
// LAYER_SIGNATURES.
//
// Bounded work: at most MAX_TEXT_LENGTH characters, MAX_LAYERS layers, MAX_PROBLEMS problems,
// MAX_NESTING levels of nesting (brackets, unary operators, **); nothing is evaluated but the arithmetic above (no eval), and every
// loop advances through the text, so any input ends quickly and nothing throws.

export const MAX_TEXT_LENGTH = 512 * 1024;
export const MAX_LAYERS = 1000;
export const MAX_PROBLEMS = 200;
export const MAX_NESTING = 200;

const REQUIRED = Symbol('required');

// Constructor parameters in PyTorch's positional order, with PyTorch's defaults (1.13), and the
// kind of value each takes (which decides how it is read and normalised).
const P = (name, kind, dflt = REQUIRED) => ({ name, kind, dflt });
const INPLACE = P('inplace', 'bool', false);
const FACTORY = [P('device', 'ignored', null), P('dtype', 'ignored', null)];
export const LAYER_SIGNATURES = {
  Conv2d: [P('in_channels', 'int'), P('out_channels', 'int'), P('kernel_size', 'pair'), P('stride', 'pair', 1),
    P('padding', 'convPadding', 0), P('dilation', 'pair', 1), P('groups', 'int', 1), P('bias', 'bool', true),
    P('padding_mode', 'str', 'zeros'), ...FACTORY],
  ConvTranspose2d: [P('in_channels', 'int'), P('out_channels', 'int'), P('kernel_size', 'pair'), P('stride', 'pair', 1),
    P('padding', 'pair', 0), P('output_padding', 'pair', 0), P('groups', 'int', 1), P('bias', 'bool', true),
    P('dilation', 'pair', 1), P('padding_mode', 'str', 'zeros'), ...FACTORY],
  MaxPool2d: [P('kernel_size', 'pair'), P('stride', 'poolStride', null), P('padding', 'pair', 0), P('dilation', 'pair', 1),
    P('return_indices', 'bool', false), P('ceil_mode', 'bool', false)],
  AvgPool2d: [P('kernel_size', 'pair'), P('stride', 'poolStride', null), P('padding', 'pair', 0),
    P('ceil_mode', 'bool', false), P('count_include_pad', 'bool', true), P('divisor_override', 'optInt', null)],
  AdaptiveAvgPool2d: [P('output_size', 'outputSize')],
  AdaptiveMaxPool2d: [P('output_size', 'outputSize'), P('return_indices', 'bool', false)],
  Upsample: [P('size', 'optPair', null), P('scale_factor', 'scale', null), P('mode', 'str', 'nearest'),
    P('align_corners', 'optBool', null), P('recompute_scale_factor', 'optBool', null)],
  UpsamplingNearest2d: [P('size', 'optPair', null), P('scale_factor', 'scale', null)],
  UpsamplingBilinear2d: [P('size', 'optPair', null), P('scale_factor', 'scale', null)],
  PixelShuffle: [P('upscale_factor', 'int')],
  PixelUnshuffle: [P('downscale_factor', 'int')],
  ZeroPad2d: [P('padding', 'quad')],
  ReflectionPad2d: [P('padding', 'quad')],
  ReplicationPad2d: [P('padding', 'quad')],
  ConstantPad2d: [P('padding', 'quad'), P('value', 'number')],
  Flatten: [P('start_dim', 'int', 1), P('end_dim', 'int', -1)],
  Unflatten: [P('dim', 'int'), P('unflattened_size', 'ints')],
  Linear: [P('in_features', 'int'), P('out_features', 'int'), P('bias', 'bool', true), ...FACTORY],
  BatchNorm1d: [P('num_features', 'int'), P('eps', 'number', 1e-5), P('momentum', 'optNumber', 0.1),
    P('affine', 'bool', true), P('track_running_stats', 'bool', true), ...FACTORY],
  BatchNorm2d: [P('num_features', 'int'), P('eps', 'number', 1e-5), P('momentum', 'optNumber', 0.1),
    P('affine', 'bool', true), P('track_running_stats', 'bool', true), ...FACTORY],
  InstanceNorm2d: [P('num_features', 'int'), P('eps', 'number', 1e-5), P('momentum', 'optNumber', 0.1),
    P('affine', 'bool', false), P('track_running_stats', 'bool', false), ...FACTORY],
  GroupNorm: [P('num_groups', 'int'), P('num_channels', 'int'), P('eps', 'number', 1e-5), P('affine', 'bool', true),
    ...FACTORY],
  ReLU: [INPLACE],
  ReLU6: [INPLACE],
  LeakyReLU: [P('negative_slope', 'number', 0.01), INPLACE],
  ELU: [P('alpha', 'number', 1.0), INPLACE],
  CELU: [P('alpha', 'number', 1.0), INPLACE],
  SELU: [INPLACE],
  GELU: [P('approximate', 'str', 'none')],
  SiLU: [INPLACE],
  Mish: [INPLACE],
  Hardswish: [INPLACE],
  Hardsigmoid: [INPLACE],
  Sigmoid: [],
  Tanh: [],
  Softplus: [P('beta', 'number', 1), P('threshold', 'number', 20)],
  Softmax: [P('dim', 'optInt', null)],
  LogSoftmax: [P('dim', 'optInt', null)],
  Softmax2d: [],
  Dropout: [P('p', 'number', 0.5), INPLACE],
  Dropout2d: [P('p', 'number', 0.5), INPLACE],
  AlphaDropout: [P('p', 'number', 0.5), INPLACE],
  Identity: null,  // Identity(*args, **kwargs): takes anything, keeps nothing
};
export const REQUIRED_ARGUMENT = REQUIRED;

// torch.nn names that build no layer of a network: read as opaque values, without a problem.
const NOT_LAYERS = new Set(['Module', 'Parameter', 'ParameterList', 'ParameterDict', 'functional', 'init', 'utils',
  'parameter']);

// ---- values -------------------------------------------------------------------------------------
// { k: 'int'|'float'|'bool'|'none'|'str'|'tuple'|'list', v | items }, { k: 'ref', path } (a dotted
// name under torch or collections), { k: 'layer', layer }, { k: 'container', items, line } (a
// Sequential / ModuleList: items are layers and containers), { k: 'class', name } / { k: 'function', name }
// (defined in the text), { k: 'unknown', why } (could not be read: why names the thing).
const INT = (v) => (Number.isSafeInteger(v) ? { k: 'int', v } : unknown('an integer beyond 2^53'));
const FLOAT = (v) => ({ k: 'float', v });
const NONE = { k: 'none' };
const unknown = (why) => ({ k: 'unknown', why });
const isNum = (x) => x.k === 'int' || x.k === 'float';

function show(x) {
  switch (x.k) {
    case 'int': case 'float': return String(x.v);
    case 'bool': return x.v ? 'True' : 'False';
    case 'none': return 'None';
    case 'str': return `'${x.v}'`;
    case 'tuple': return `(${x.items.map(show).join(', ')}${x.items.length === 1 ? ',' : ''})`;
    case 'list': return `[${x.items.map(show).join(', ')}]`;
    case 'ref': return x.path;
    case 'layer': return `${x.layer.type}(...)`;
    case 'container': return 'Sequential(...)';
    case 'opaque': return x.what;
    case 'call': return x.what;
    case 'bad': return 'a layer that could not be read';
    case 'class': case 'function': case 'builtin': return x.name;
    case 'self': return 'self';
    case 'unknown': return x.why;
    default: return x.k;
  }
}

// ---- tokens -------------------------------------------------------------------------------------
// A logical line: { indent, line, tokens }, tokens { t: 'name'|'num'|'str'|'op', v, line }.
const OPERATORS = ['**=', '//=', '>>=', '<<=', '...', '**', '//', '->', ':=', '==', '!=', '<=', '>=', '<<', '>>',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
const OPEN = { '(': ')', '[': ']', '{': '}' };
const CLOSE = new Set([')', ']', '}']);
const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_]/u;

function tokenize(text, report) {
  const lines = [];
  let tokens = [], indent = 0, lineStart = true, depth = 0, line = 1, lineOfStatement = 1;
  const stack = [];
  let i = 0;
  const n = text.length;
  const endLogical = () => {
    if (tokens.length) lines.push({ indent, line: lineOfStatement, tokens });
    tokens = [];
    lineStart = true;
  };
  while (i < n) {
    const c = text[i];
    if (lineStart) {
      // Indentation of a new logical line: spaces, tabs to the next multiple of 8.
      let col = 0;
      while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) {
        col = text[i] === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
        i++;
      }
      indent = col;
      lineStart = false;
      lineOfStatement = line;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      if (depth === 0) endLogical();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') { i++; continue; }
    if (c === '#') { while (i < n && text[i] !== '\n' && text[i] !== '\r') i++; continue; }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      line++;
      continue;
    }
    const startLine = line;
    // Strings, with an optional prefix (r, b, u, f and their pairs).
    const prefix = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?['"]/.exec(text.slice(i, i + 3));
    if (prefix && (prefix[0].length === 1 || NAME_START.test(c))) {
      const p = prefix[0].slice(0, -1).toLowerCase();
      const q = prefix[0].slice(-1);
      let j = i + prefix[0].length - 1;
      const triple = text.startsWith(q.repeat(3), j);
      const quote = triple ? q.repeat(3) : q;
      j += quote.length;
      let value = '', closed = false;
      while (j < n) {
        if (text.startsWith(quote, j)) { closed = true; j += quote.length; break; }
        const d = text[j];
        if (!triple && (d === '\n' || d === '\r')) break;
        if (d === '\n') line++;
        if (d === '\\' && j + 1 < n && !p.includes('r')) {
          const e = text[j + 1];
          if (e === '\n') line++;
          value += { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' }[e] ?? `\\${e}`;
          j += 2;
          continue;
        }
        value += d;
        j++;
      }
      if (!closed) {
        report(startLine, `unterminated string starting ${JSON.stringify(text.slice(i, i + 20))}`);
        // Recover at the end of the line: brackets it left open would swallow the lines after it.
        stack.length = 0;
        depth = 0;
      }
      tokens.push({ t: 'str', v: value, line: startLine, formatted: p.includes('f') });
      i = j;
      continue;
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_PART.test(text[j])) j++;
      tokens.push({ t: 'name', v: text.slice(i, j), line });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?[jJ]?)/
        .exec(text.slice(i, i + 400));
      const s = m[0];
      tokens.push({ t: 'num', v: s, line });
      i += s.length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i)) ?? c;
    if (op in OPEN) {
      stack.push({ ch: op, line });
      depth++;
    } else if (CLOSE.has(op)) {
      if (!stack.length) report(line, `unmatched '${op}'`);
      else {
        const open = stack.pop();
        depth--;
        if (OPEN[open.ch] !== op) report(line, `'${op}' closes the '${open.ch}' of line ${open.line}`);
      }
    } else if (!'+-*/%@&|^~<>=.,:;!'.includes(op) && op.length === 1) {
      report(line, `unexpected character U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
      i++;
      continue;
    }
    tokens.push({ t: 'op', v: op, line });
    i += op.length;
  }
  if (stack.length) report(stack[stack.length - 1].line, `'${stack[stack.length - 1].ch}' is never closed`);
  endLogical();
  return lines;
}

// ---- numbers ------------------------------------------------------------------------------------
function parseNumber(s) {
  const t = s.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return unknown(`the complex number ${s}`);
  if (/^0[xX]/.test(t)) return INT(parseInt(t.slice(2), 16));
  if (/^0[oO]/.test(t)) return INT(parseInt(t.slice(2), 8));
  if (/^0[bB]/.test(t)) return INT(parseInt(t.slice(2), 2));
  if (/^[0-9]+$/.test(t)) return INT(Number(t));
  const v = Number(t);
  return Number.isFinite(v) ? FLOAT(v) : unknown(`the number ${s}`);
}

function floorDiv(a, b) {
  const q = Math.floor(a / b);
  // a / b rounds: step back when the product overshoots (exact for safe integers).
  return a - q * b < 0 === b > 0 && a - q * b !== 0 ? q - 1 : q;
}

function intPow(base, exp) {
  let result = 1, b = base, e = exp;
  while (e > 0) {
    if (e & 1) result *= b;
    e = Math.floor(e / 2);
    if (e > 0) b *= b;
    if (!Number.isSafeInteger(result) || (e > 0 && !Number.isSafeInteger(b))) return unknown('an integer beyond 2^53');
  }
  return INT(result);
}

function arithmetic(op, a, b) {
  if (a.k === 'unknown') return a;
  if (b.k === 'unknown') return b;
  if ((a.k === 'tuple' || a.k === 'list') && a.k === b.k && op === '+') return { k: a.k, items: [...a.items, ...b.items] };
  if (a.k === 'str' && b.k === 'str' && op === '+') return { k: 'str', v: a.v + b.v };
  const num = (x) => (x.k === 'bool' ? { k: 'int', v: x.v ? 1 : 0 } : x);
  a = num(a);
  b = num(b);
  if (!isNum(a) || !isNum(b)) return unknown(`${show(a)} ${op} ${show(b)}`);
  const ints = a.k === 'int' && b.k === 'int';
  const x = a.v, y = b.v;
  switch (op) {
    case '+': return ints ? INT(x + y) : FLOAT(x + y);
    case '-': return ints ? INT(x - y) : FLOAT(x - y);
    case '*': return ints ? INT(x * y) : FLOAT(x * y);
    case '/': return y === 0 ? unknown(`${show(a)} / 0 (division by zero)`) : FLOAT(x / y);
    case '//':
      if (y === 0) return unknown(`${show(a)} // 0 (division by zero)`);
      return ints ? INT(floorDiv(x, y)) : FLOAT(Math.floor(x / y));
    case '%':
      if (y === 0) return unknown(`${show(a)} % 0 (division by zero)`);
      return ints ? INT(x - floorDiv(x, y) * y) : FLOAT(x - Math.floor(x / y) * y);
    case '**':
      if (ints && y >= 0) return intPow(x, y);
      if (x === 0 && y < 0) return unknown(`0 ** ${y} (division by zero)`);
      return Number.isFinite(x ** y) ? FLOAT(x ** y) : unknown(`${show(a)} ** ${show(b)}`);
    default: return unknown(`the operator ${op}`);
  }
}

// ---- expressions --------------------------------------------------------------------------------
class SyntaxProblem extends Error {
  constructor(message, always = false) {
    super(message);
    this.always = always;  // reported even when the statement builds no layer
  }
}
const KEYWORD_STOPS = new Set(['if', 'else', 'for', 'in', 'and', 'or', 'not', 'is', 'lambda', 'async', 'await', 'yield']);

// Reads one expression of a logical line's tokens; `scope` resolves names, `onCall` turns calls into values.
class ExpressionReader {
  constructor(tokens, start, end, ctx) {
    this.tokens = tokens;
    this.pos = start;
    this.end = end;
    this.ctx = ctx;
    this.depth = 0;
  }

  peek(offset = 0) { return this.pos + offset < this.end ? this.tokens[this.pos + offset] : null; }
  isOp(v, offset = 0) { const t = this.peek(offset); return t !== null && t.t === 'op' && t.v === v; }
  isName(v, offset = 0) { const t = this.peek(offset); return t !== null && t.t === 'name' && t.v === v; }
  lineHere() { return (this.peek() ?? this.tokens[this.end - 1] ?? { line: 0 }).line; }
  fail(what) { throw new SyntaxProblem(`${what} at line ${this.lineHere()}`); }
  expectOp(v) { if (!this.isOp(v)) this.fail(`expected '${v}'`); this.pos++; }

  enter() {
    if (++this.depth > MAX_NESTING) {
      throw new SyntaxProblem(`nested deeper than ${MAX_NESTING} levels (brackets, unary operators or **) at line ${this.lineHere()}`, true);
    }
  }
  leave() { this.depth--; }

  // expression: arithmetic, or a construct this reader does not evaluate (its tokens are skipped).
  expression() {
    this.enter();
    try {
      if (this.isName('lambda')) return this.skipRest('a lambda');
      let value = this.arith();
      const t = this.peek();
      if (t && t.t === 'name' && KEYWORD_STOPS.has(t.v)) value = this.skipRest(`'${t.v}' expressions`);
      else if (t && t.t === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(t.v)) value = this.skipRest('comparisons');
      return value;
    } finally {
      this.leave();
    }
  }

  // Skips to the end of this expression (the next ',' or closing bracket at this level).
  skipRest(what) {
    let level = 0;
    while (this.pos < this.end) {
      const t = this.peek();
      if (t.t === 'op') {
        if (t.v in OPEN) level++;
        else if (CLOSE.has(t.v)) { if (level === 0) break; level--; } else if ((t.v === ',' || t.v === '=') && level === 0) break;
      }
      this.pos++;
    }
    return unknown(`this reader does not evaluate ${what}`);
  }

  arith() {
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.peek().v;
      this.pos++;
      left = arithmetic(op, left, this.term());
    }
    return left;
  }

  term() {
    let left = this.factor();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%') || this.isOp('@')) {
      const op = this.peek().v;
      this.pos++;
      left = arithmetic(op, left, this.factor());
    }
    return left;
  }

  factor() {
    if (this.isOp('-') || this.isOp('+') || this.isOp('~')) {
      const op = this.peek().v;
      this.pos++;
      this.enter();
      try {
        const v = this.factor();
        if (op === '~') return unknown('the operator ~');
        return arithmetic(op, INT(0), v);
      } finally {
        this.leave();
      }
    }
    return this.power();
  }

  power() {
    const base = this.primary();
    if (this.isOp('**')) {
      this.pos++;
      this.enter();
      try {
        return arithmetic('**', base, this.factor());
      } finally {
        this.leave();
      }
    }
    return base;
  }

  primary() {
    const start = this.peek();
    let value = this.atom();
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        const t = this.peek();
        if (!t || t.t !== 'name') this.fail("expected a name after '.'");
        this.pos++;
        value = this.ctx.attribute(value, t.v);
      } else if (this.isOp('(')) {
        const callLine = start.line;
        this.pos++;
        const args = this.arguments();
        value = this.ctx.call(value, args, callLine);
      } else if (this.isOp('[')) {
        this.pos++;
        this.enter();
        try {
          const index = this.expression();
          if (this.isOp(':')) { this.skipRest('slices'); value = unknown('a slice'); }
          this.expectOp(']');
          value = subscript(value, index);
        } finally {
          this.leave();
        }
      } else {
        return value;
      }
    }
  }

  // ( args ) after the '(' : { positional: [{ value, star }], keywords: [{ name, value, line }], stars: [text] }
  arguments() {
    this.enter();
    try {
      const positional = [], keywords = [], unpacked = [];
      while (!this.isOp(')')) {
        if (this.pos >= this.end) this.fail("expected ')'");
        const first = this.peek();
        if (this.isOp('**') || this.isOp('*')) {
          const stars = this.peek().v;
          this.pos++;
          const from = this.pos;
          const value = this.expression();
          const text = this.tokens.slice(from, this.pos).map((t) => t.v).join('');
          if (stars === '**') unpacked.push(`**${text}`);
          else positional.push({ value, star: `*${text}` });
        } else if (first.t === 'name' && this.isOp('=', 1)) {
          this.pos += 2;
          keywords.push({ name: first.v, value: this.expression(), line: first.line });
        } else {
          const value = this.expression();
          if (this.isName('for')) { this.skipRest('a comprehension'); positional.push({ value: unknown('a comprehension') }); } else positional.push({ value });
        }
        if (this.isOp(',')) this.pos++;
        else if (!this.isOp(')')) this.fail("expected ',' or ')'");
      }
      this.pos++;
      return { positional, keywords, unpacked };
    } finally {
      this.leave();
    }
  }

  // A bracketed sequence after its opening bracket: items until `close`; returns { items, trailingComma }.
  sequence(close) {
    this.enter();
    try {
      const items = [];
      let comma = false;
      while (!this.isOp(close)) {
        if (this.pos >= this.end) this.fail(`expected '${close}'`);
        if (this.isOp('*')) { this.pos++; const v = this.expression(); items.push(v.k === 'tuple' || v.k === 'list' ? v : unknown('*unpacking')); items[items.length - 1] = { ...items[items.length - 1], spread: true }; } else items.push(this.expression());
        if (this.isName('for')) { this.skipRest('a comprehension'); items.length = 0; items.push(unknown('a comprehension')); }
        comma = false;
        if (this.isOp(',')) { this.pos++; comma = true; } else if (!this.isOp(close)) this.fail(`expected ',' or '${close}'`);
      }
      this.pos++;
      const flat = [];
      for (const it of items) {
        if (it.spread) { if (it.k === 'unknown') flat.push(it); else flat.push(...it.items); } else flat.push(it);
      }
      return { items: flat, trailingComma: comma };
    } finally {
      this.leave();
    }
  }

  atom() {
    const t = this.peek();
    if (!t) this.fail('expected a value');
    this.pos++;
    if (t.t === 'num') return parseNumber(t.v);
    if (t.t === 'str') {
      let v = t.v, formatted = t.formatted;
      while (this.peek()?.t === 'str') { v += this.peek().v; formatted ||= this.peek().formatted; this.pos++; }
      return formatted ? unknown('an f-string') : { k: 'str', v };
    }
    if (t.t === 'name') {
      if (t.v === 'True' || t.v === 'False') return { k: 'bool', v: t.v === 'True' };
      if (t.v === 'None') return NONE;
      if (KEYWORD_STOPS.has(t.v)) { this.pos--; return this.skipRest(`'${t.v}' expressions`); }
      return this.ctx.name(t.v, t.line);
    }
    if (t.v === '(') {
      const { items, trailingComma } = this.sequence(')');
      return items.length === 1 && !trailingComma ? items[0] : { k: 'tuple', items };
    }
    if (t.v === '[') return { k: 'list', items: this.sequence(']').items };
    if (t.v === '{') { this.pos--; this.skipBracket(); return unknown('a dict or set'); }
    if (t.v === '...') return unknown('...');
    this.fail(`unexpected '${t.v}'`);
    return null;
  }

  skipBracket() {
    let level = 0;
    do {
      const t = this.peek();
      if (!t) this.fail('unclosed bracket');
      if (t.t === 'op' && t.v in OPEN) level++;
      else if (t.t === 'op' && CLOSE.has(t.v)) level--;
      this.pos++;
    } while (level > 0);
  }
}

function subscript(value, index) {
  if ((value.k === 'tuple' || value.k === 'list') && index.k === 'int') {
    const i = index.v < 0 ? value.items.length + index.v : index.v;
    return i >= 0 && i < value.items.length ? value.items[i] : unknown(`index ${index.v} of ${show(value)}`);
  }
  if (value.k === 'unknown') return value;
  return unknown(`${show(value)}[${show(index)}]`);
}

// ---- reading a layer's arguments ----------------------------------------------------------------
const pairOf = (v) => (v.k === 'int' ? [v.v, v.v] : (v.k === 'tuple' || v.k === 'list') && v.items.length === 2 && v.items.every((x) => x.k === 'int') ? v.items.map((x) => x.v) : null);

// The value of one argument in the form parseTorch gives it, or { wrong: 'what is wrong' }.
const wrong = (message) => ({ wrong: message });
function normalise(kind, v, name) {
  const ints = (x) => (x.k === 'tuple' || x.k === 'list') && x.items.every((y) => y.k === 'int');
  switch (kind) {
    case 'int': return v.k === 'int' ? v.v : wrong(`${name} must be an int, but got ${show(v)}`);
    case 'optInt': return v.k === 'none' ? null : v.k === 'int' ? v.v : wrong(`${name} must be an int or None, but got ${show(v)}`);
    case 'bool': return v.k === 'bool' ? v.v : v.k === 'int' ? v.v !== 0 : wrong(`${name} must be True or False, but got ${show(v)}`);
    case 'optBool': return v.k === 'none' ? null : v.k === 'bool' ? v.v : wrong(`${name} must be True, False or None, but got ${show(v)}`);
    case 'number': return isNum(v) ? v.v : v.k === 'bool' ? Number(v.v) : wrong(`${name} must be a number, but got ${show(v)}`);
    case 'optNumber': return v.k === 'none' ? null : isNum(v) ? v.v : wrong(`${name} must be a number or None, but got ${show(v)}`);
    case 'str': return v.k === 'str' ? v.v : wrong(`${name} must be a string, but got ${show(v)}`);
    case 'pair': return pairOf(v) ?? wrong(`${name} must be an int or a pair of ints, but got ${show(v)}`);
    case 'poolStride': return v.k === 'none' ? null : pairOf(v) ?? wrong(`${name} must be an int, a pair of ints or None, but got ${show(v)}`);
    case 'optPair': return v.k === 'none' ? null : pairOf(v) ?? wrong(`${name} must be an int, a pair of ints or None, but got ${show(v)}`);
    case 'convPadding':
      if (v.k === 'str') return v.v;
      return pairOf(v) ?? wrong(`${name} must be an int, a pair of ints, 'same' or 'valid', but got ${show(v)}`);
    case 'quad':
      if (v.k === 'int') return [v.v, v.v, v.v, v.v];
      return ints(v) && v.items.length === 4 ? v.items.map((x) => x.v) : wrong(`${name} must be an int or 4 ints (left, right, top, bottom), but got ${show(v)}`);
    case 'ints': return ints(v) ? v.items.map((x) => x.v) : wrong(`${name} must be a tuple of ints, but got ${show(v)}`);
    case 'outputSize': {
      const one = (x) => (x.k === 'int' ? x.v : x.k === 'none' ? null : undefined);
      if (v.k === 'int' || v.k === 'none') return [one(v), one(v)];
      if ((v.k === 'tuple' || v.k === 'list') && v.items.length === 2 && v.items.every((x) => one(x) !== undefined)) return v.items.map(one);
      return wrong(`${name} must be an int, None or a pair of them, but got ${show(v)}`);
    }
    case 'scale': {
      // nn.Upsample keeps float(scale_factor) when it is truthy, else None.
      if (v.k === 'none') return null;
      if (isNum(v)) return v.v ? [v.v, v.v] : null;
      if ((v.k === 'tuple' || v.k === 'list') && v.items.length === 2 && v.items.every(isNum)) return v.items.map((x) => x.v);
      return wrong(`${name} must be a number, a pair of numbers or None, but got ${show(v)}`);
    }
    case 'ignored': return null;
    default: return wrong(`${name}: unknown kind ${kind}`);
  }
}

// Binds a call's arguments to the layer's signature the way Python does; returns { args } or { problem }.
function bindLayer(type, call) {
  const signature = LAYER_SIGNATURES[type];
  if (call.unpacked.length) return { problem: `${type}(...): ${call.unpacked.join(', ')} unpacks a dict this reader does not read; write the arguments out` };
  const star = call.positional.find((a) => a.star);
  if (star) return { problem: `${type}(...): ${star.star} unpacks arguments this reader does not read; write them out` };
  if (signature === null) return { args: {} };  // Identity
  if (call.positional.length > signature.length) {
    return { problem: `${type}() takes ${signature.length} positional arguments but ${call.positional.length} were given` };
  }
  const given = new Map();
  call.positional.forEach((a, i) => given.set(signature[i].name, a.value));
  for (const kw of call.keywords) {
    if (!signature.some((p) => p.name === kw.name)) return { problem: `${type}() got an unexpected keyword argument '${kw.name}'` };
    if (given.has(kw.name)) return { problem: `${type}() got multiple values for argument '${kw.name}'` };
    given.set(kw.name, kw.value);
  }
  const args = {};
  for (const p of signature) {
    if (p.kind === 'ignored') continue;
    let v = given.get(p.name);
    if (v === undefined) {
      if (p.dflt === REQUIRED) return { problem: `${type}() missing required argument '${p.name}'` };
      args[p.name] = p.dflt;
      continue;
    }
    if (v.k === 'unknown') return { problem: `${type}(...): cannot read ${p.name}: ${v.why}` };
    const value = normalise(p.kind, v, p.name);
    if (value?.wrong) return { problem: `${type}(...): ${value.wrong}` };
    args[p.name] = value;
  }
  // Stored the way the module stores them: a pooling's stride defaults to its kernel, and
  // pair-valued defaults become pairs.
  for (const p of signature) {
    if (p.kind === 'poolStride' && args[p.name] === null) args[p.name] = [...args.kernel_size];
    else if (p.kind === 'pair' && typeof args[p.name] === 'number') args[p.name] = [args[p.name], args[p.name]];
    else if ((p.kind === 'convPadding') && typeof args[p.name] === 'number') args[p.name] = [args[p.name], args[p.name]];
    else if (p.kind === 'quad' && typeof args[p.name] === 'number') args[p.name] = Array(4).fill(args[p.name]);
  }
  return { args };
}

// ---- the reader ---------------------------------------------------------------------------------
const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'async', 'match', 'case']);
const SIMPLE_IGNORED = new Set(['return', 'pass', 'assert', 'del', 'global', 'nonlocal', 'raise', 'break', 'continue', 'yield', 'print']);

function toValue(x) {
  if (typeof x === 'number') return Number.isInteger(x) ? INT(x) : FLOAT(x);
  if (typeof x === 'boolean') return { k: 'bool', v: x };
  if (typeof x === 'string') return { k: 'str', v: x };
  if (x === null) return NONE;
  if (Array.isArray(x)) return { k: 'tuple', items: x.map(toValue) };
  return unknown(`a ${typeof x}`);
}

export function parseTorch(text, options = {}) {
  const layers = [];
  const problems = [];
  let model = '';  // the class whose __init__ is being read
  let tooMany = false;
  const report = (line, message) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, message, model });
    else if (!tooMany) {
      tooMany = true;
      problems.push({ line, message: `more than ${MAX_PROBLEMS} problems: the rest are not reported`, model });
    }
  };
  if (typeof text !== 'string') {
    report(0, `text must be a string, but got ${text === null ? 'null' : typeof text}`);
    return { layers, problems };
  }
  if (text.length > MAX_TEXT_LENGTH) {
    report(0, `text is ${text.length} characters long, more than the ${MAX_TEXT_LENGTH} this reader reads: give it one model file`);
    return { layers, problems };
  }
  const callerNames = new Map();
  const names = options?.names;
  if (names !== undefined && names !== null) {
    if (typeof names !== 'object' || Array.isArray(names)) report(0, 'names must be an object of name -> value');
    else {
      for (const [key, value] of Object.entries(names)) {
        const v = toValue(value);
        if (v.k === 'unknown' || (v.k === 'float' && !Number.isFinite(v.v)) || (v.k === 'tuple' && v.items.some((x) => x.k === 'unknown'))) {
          report(0, `names.${key} must be a number, a bool, a string or an array of them, but got ${String(value)}`);
        } else callerNames.set(key, v);
      }
    }
  }

  const lines = tokenize(text, report);

  const moduleScope = new Map();          // module-level names
  const classes = new Map();              // class name -> its class-level scope
  const functions = new Set();            // module-level def names
  // local name -> dotted torch path ('nn' -> 'torch.nn'). A snippet pasted from a model often leaves
  // its imports out, so nn and torch mean torch.nn and torch until the text binds them otherwise.
  const torchAliases = new Map([['nn', 'torch.nn'], ['torch', 'torch']]);
  let local = null;                       // __init__'s locals and parameters (Map), or null
  let classScope = null;                  // the class being read (Map of class-level names and self.x)
  let className = '';

  const lookupDotted = (dotted) => callerNames.get(dotted);
  const ctx = {
    name(id) {
      if (callerNames.has(id)) return callerNames.get(id);
      if (id === 'self' && local) return { k: 'self' };
      if (local?.has(id)) return local.get(id);
      if (!local && classScope?.has(id)) return classScope.get(id);  // the class body and __init__'s defaults
      if (moduleScope.has(id)) return moduleScope.get(id);
      if (torchAliases.has(id)) return { k: 'ref', path: torchAliases.get(id) };
      if (classes.has(id)) return { k: 'class', name: id };
      if (functions.has(id)) return { k: 'function', name: id };
      if (['int', 'float', 'abs', 'min', 'max', 'round', 'len', 'OrderedDict', 'dict', 'tuple', 'list'].includes(id)) return { k: 'builtin', name: id };
      return unknown(`${id} is not defined${model ? ` in ${model}.__init__` : ''} (give it in names)`);
    },
    attribute(value, attr) {
      if (value.k === 'ref') return { k: 'ref', path: `${value.path}.${attr}` };
      if (value.k === 'self') {
        const key = `self.${attr}`;
        if (lookupDotted(key)) return lookupDotted(key);
        if (classScope?.has(key)) return classScope.get(key);
        if (classScope?.has(attr)) return classScope.get(attr);
        return unknown(`${key} is not set before this line`);
      }
      if (value.k === 'class') {
        const scope = classes.get(value.name);
        return scope?.has(attr) ? scope.get(attr) : unknown(`${value.name}.${attr}`);
      }
      if (value.k === 'builtin' && value.name === 'OrderedDict') return value;
      if (value.k === 'unknown') return value;
      return unknown(`${show(value)}.${attr}`);
    },
    call(callee, args, line) {
      return callValue(callee, args, line);
    },
  };

  function torchLayerName(path) {
    // 'torch.nn.Conv2d' or 'torch.nn.modules.conv.Conv2d' -> 'Conv2d'; else null
    const parts = path.split('.');
    if (parts[0] !== 'torch' || parts[1] !== 'nn' || parts.length < 3) return null;
    if (parts.length > 3 && parts[2] !== 'modules') return undefined;  // nn.functional.x, nn.init.x: not layers
    return parts[parts.length - 1];
  }

  function callValue(callee, call, line) {
    if (callee.k === 'builtin') return callBuiltin(callee.name, call, line);
    if (callee.k === 'ref') {
      if (callee.path === 'collections.OrderedDict') return callBuiltin('OrderedDict', call, line);
      const type = torchLayerName(callee.path);
      const root = callee.path.split('.')[0];
      if (type === null && root !== 'torch' && /^[A-Z]/.test(callee.path.split('.').pop())) {
        const what = `${callee.path.split('.').pop()}(...)`;
        return { k: 'call', line, what, why: `${what} comes from ${callee.path.split('.').slice(0, -1).join('.') || root}: it is not a torch.nn layer this reader knows` };
      }
      if (type === null || type === undefined || NOT_LAYERS.has(callee.path.split('.')[2]) || /Loss$/.test(type)) {
        return { k: 'opaque', what: `${callee.path}(...)` };
      }
      if (type === 'Sequential' || type === 'ModuleList') return container(type, call, line);
      if (!(type in LAYER_SIGNATURES)) {
        return { k: 'bad', line, why: `nn.${type} is not a layer this reader knows` };
      }
      const bound = bindLayer(type, call);
      if (bound.problem) return { k: 'bad', line, why: bound.problem };
      return { k: 'layer', layer: { type, args: bound.args, line } };
    }
    // Calls that may build layers this reader does not follow: a problem when they stand where a
    // layer does (self.name = ... in __init__, or inside a Sequential), nothing elsewhere.
    if (callee.k === 'class') {
      return { k: 'call', line, what: `${callee.name}(...)`, why: `${callee.name}(...) is a class of this file: its layers are read as model '${callee.name}', not followed into this one` };
    }
    if (callee.k === 'function') return { k: 'call', line, what: `${callee.name}(...)`, why: `${callee.name}(...) is a function: the layers it builds are not read` };
    if (callee.k === 'unknown') {
      const m = /^(\S+) is not defined/.exec(callee.why);
      if (m) return { k: 'call', line, what: `${m[1]}(...)`, why: `${m[1]}(...) is not a torch.nn layer this reader knows (a class or function defined elsewhere?)` };
      return { k: 'call', line, what: 'a call', why: `cannot read the call of ${callee.why}` };
    }
    return { k: 'opaque', what: `${show(callee)}(...)` };
  }

  function callBuiltin(name, call, line) {
    const values = call.positional.map((a) => a.value);
    const bad = values.find((v) => v.k === 'unknown');
    if (bad) return bad;
    if (name === 'OrderedDict') {
      const [list] = values;
      if (values.length === 1 && (list.k === 'list' || list.k === 'tuple') && list.items.every((x) => x.k === 'tuple' && x.items.length === 2)) {
        return { k: 'named', items: list.items.map((x) => x.items[1]), line };
      }
      return { k: 'bad', line, why: 'OrderedDict(...) is read only as a list of (name, layer) pairs' };
    }
    if (name === 'dict') return { k: 'opaque', what: 'dict(...)' };
    if (call.keywords.length || call.unpacked.length || call.positional.some((a) => a.star)) return unknown(`${name}(...) with these arguments`);
    const num = values.every(isNum);
    switch (name) {
      case 'int':
        if (values.length === 1 && isNum(values[0])) return INT(Math.trunc(values[0].v));
        if (values.length === 1 && values[0].k === 'bool') return INT(values[0].v ? 1 : 0);
        break;
      case 'float': if (values.length === 1 && isNum(values[0])) return FLOAT(values[0].v); break;
      case 'abs': if (values.length === 1 && isNum(values[0])) return { ...values[0], v: Math.abs(values[0].v) }; break;
      case 'round':
        // Python rounds half to even.
        if (values.length === 1 && isNum(values[0])) {
          const x = values[0].v, f = Math.floor(x), d = x - f;
          return INT(d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f);
        }
        break;
      case 'min': case 'max': {
        const items = values.length === 1 && (values[0].k === 'tuple' || values[0].k === 'list') ? values[0].items : values;
        if (items.length && items.every(isNum)) {
          return items.reduce((a, b) => ((name === 'min' ? b.v < a.v : b.v > a.v) ? b : a));
        }
        break;
      }
      case 'len': if (values.length === 1 && (values[0].k === 'tuple' || values[0].k === 'list' || values[0].k === 'str')) return INT(values[0].k === 'str' ? values[0].v.length : values[0].items.length); break;
      case 'tuple': case 'list':
        if (values.length === 1 && (values[0].k === 'tuple' || values[0].k === 'list')) return { k: name, items: values[0].items };
        break;
      default: break;
    }
    return unknown(`${name}(${values.map(show).join(', ')})${num ? '' : ''}`);
  }

  function container(type, call, line) {
    if (call.keywords.length || call.unpacked.length) return { k: 'bad', line, why: `${type}(...) takes its layers as positional arguments` };
    let items = [];
    if (type === 'ModuleList') {
      if (call.positional.length > 1) return { k: 'bad', line, why: 'ModuleList(...) takes one list' };
      const [arg] = call.positional;
      if (arg) {
        if (arg.value.k !== 'list' && arg.value.k !== 'tuple') return { k: 'bad', line, why: `ModuleList(${arg.value.k === 'unknown' ? arg.value.why : show(arg.value)}) is not read: give it a list of layers` };
        items = arg.value.items;
      }
    } else if (call.positional.length === 1 && call.positional[0].value.k === 'named') {
      items = call.positional[0].value.items;
    } else {
      for (const a of call.positional) {
        if (a.star) {
          if (a.value.k === 'list' || a.value.k === 'tuple') items.push(...a.value.items);
          else return { k: 'bad', line, why: `${type}(${a.star}): cannot read ${a.star}${a.value.k === 'unknown' ? `: ${a.value.why}` : ''}` };
        } else items.push(a.value);
      }
    }
    return { k: 'container', items, line };
  }

  // The leaves of a value built by an assignment, each problem reported, in order.
  function emit(value, block, line) {
    if (value.k === 'layer') {
      if (layers.length >= MAX_LAYERS) {
        if (layers.length === MAX_LAYERS) report(value.layer.line, `more than ${MAX_LAYERS} layers: the rest are not read`);
        layers.push(null);  // counts, never returned
        return;
      }
      layers.push({ type: value.layer.type, args: value.layer.args, block, model, line: value.layer.line });
    } else if (value.k === 'container') {
      for (const item of value.items) emit(item, block, value.line);
    } else if (value.k === 'bad' || value.k === 'call') {
      if (!value.reported) report(value.line, value.why);
    } else if (value.k === 'unknown') {
      report(line, `cannot read a layer of '${block}': ${value.why}`);
    } else {
      report(line, `'${block}' holds ${show(value)}, not a layer`);
    }
  }

  const isLayerish = (v) => v.k === 'layer' || v.k === 'container' || v.k === 'bad';
  // In __init__, self.name = <a call this reader does not follow> may well be a layer: say so.
  const mayBeLayer = (v, where) => isLayerish(v) || (where === 'init' && (v.k === 'call' || v.k === 'unknown'));

  // Reads `tokens[from, to)` as one expression; a syntax problem is reported when the text builds layers.
  function evaluate(tokens, from, to, line) {
    const reader = new ExpressionReader(tokens, from, to, ctx);
    try {
      let value = reader.expression();
      if (reader.isOp(',')) {  // a tuple without parentheses: a, b = 1, 2
        const items = [value];
        while (reader.isOp(',')) {
          reader.pos++;
          if (reader.pos < to) items.push(reader.expression());
        }
        value = { k: 'tuple', items };
      }
      if (reader.pos !== to) {
        throw new SyntaxProblem(`unexpected '${tokens[reader.pos].v}' at line ${tokens[reader.pos].line}`);
      }
      return value;
    } catch (e) {
      if (!(e instanceof SyntaxProblem)) throw e;
      if (e.always || buildsLayers(tokens, from, to)) report(line, `cannot read this statement: ${e.message}`);
      return unknown(`a statement that could not be read (${e.message})`);
    }
  }

  // Whether tokens call a torch.nn layer constructor (for problems about code that is not read).
  function buildsLayers(tokens, from = 0, to = tokens.length) {
    for (let i = from; i < to; i++) {
      const t = tokens[i];
      if (t.t !== 'name' || (i > from && tokens[i - 1].t === 'op' && tokens[i - 1].v === '.')) continue;
      let path = torchAliases.get(t.v);
      let j = i + 1;
      while (path && j + 1 < to && tokens[j].v === '.' && tokens[j + 1].t === 'name') { path += `.${tokens[j + 1].v}`; j += 2; }
      if (path && j < to && tokens[j].v === '(') {
        const type = torchLayerName(path);
        if (type && /^[A-Z]/.test(type) && !/Loss$/.test(type) && !NOT_LAYERS.has(type)) return true;
      }
    }
    return false;
  }

  const assignTarget = (tokens, from, to) => {
    // NAME | self.NAME | NAME, NAME (tuple); returns [{ kind: 'name'|'self', name }] or null
    const parts = [];
    let i = from;
    while (i < to) {
      const t = tokens[i];
      if (t.t === 'name' && t.v === 'self' && tokens[i + 1]?.v === '.' && tokens[i + 2]?.t === 'name') {
        parts.push({ kind: 'self', name: tokens[i + 2].v });
        i += 3;
      } else if (t.t === 'name' && !KEYWORD_STOPS.has(t.v)) {
        parts.push({ kind: 'name', name: t.v });
        i += 1;
      } else return null;
      if (i < to) {
        if (tokens[i].v === ',' ) i++;
        else if (tokens[i].v === ':' && parts.length === 1) return parts;  // annotation: NAME: type
        else return null;
      }
    }
    return parts.length ? parts : null;
  };

  function bind(target, value) {
    if (target.kind === 'self') {
      if (classScope) classScope.set(`self.${target.name}`, value);
    } else if (local) local.set(target.name, value);
    else if (classScope && !local) classScope.set(target.name, value);
    else moduleScope.set(target.name, value);
  }

  // One straight-line statement of module level, a class body or __init__.
  function statement(tokens, line, where) {
    const first = tokens[0];
    if (first.t === 'name' && first.v === 'import') {
      // import torch / import torch.nn as nn / import collections
      let i = 1;
      while (i < tokens.length) {
        let path = tokens[i].v;
        i++;
        while (tokens[i]?.v === '.' && tokens[i + 1]) { path += `.${tokens[i + 1].v}`; i += 2; }
        let alias = null;
        if (tokens[i]?.v === 'as' && tokens[i + 1]) { alias = tokens[i + 1].v; i += 2; }
        if (alias) torchAliases.set(alias, path);
        else torchAliases.set(path.split('.')[0], path.split('.')[0]);
        if (tokens[i]?.v === ',') i++;
        else break;
      }
      return;
    }
    if (first.t === 'name' && first.v === 'from') {
      // from torch import nn / from torch.nn import Conv2d as C, ReLU / from collections import OrderedDict
      let i = 1, path = '';
      while (i < tokens.length && tokens[i].v !== 'import') { path += tokens[i].v; i++; }
      i++;
      while (i < tokens.length) {
        if (tokens[i].v === '(' || tokens[i].v === ')' || tokens[i].v === ',') { i++; continue; }
        const name = tokens[i].v;
        let alias = name;
        i++;
        if (tokens[i]?.v === 'as' && tokens[i + 1]) { alias = tokens[i + 1].v; i += 2; }
        if (name !== '*') torchAliases.set(alias, `${path}.${name}`);
      }
      return;
    }
    if (first.t === 'name' && SIMPLE_IGNORED.has(first.v)) return;
    if (first.t === 'op' && first.v === '@') return;  // a decorator

    // Assignments: split at the top-level '=' signs (a = b = value), or an augmented operator.
    const splits = [];
    let level = 0, augmented = null;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.t !== 'op') continue;
      if (t.v in OPEN) level++;
      else if (CLOSE.has(t.v)) level--;
      else if (level === 0 && t.v === '=') splits.push(i);
      else if (level === 0 && ['+=', '-=', '*=', '//=', '/=', '%=', '**='].includes(t.v) && !splits.length) { augmented = { i, op: t.v.slice(0, -1) }; break; }
    }
    if (augmented) {
      const target = assignTarget(tokens, 0, augmented.i);
      if (!target || target.length !== 1) return;
      const current = target[0].kind === 'self' ? ctx.attribute({ k: 'self' }, target[0].name) : ctx.name(target[0].name);
      const value = evaluate(tokens, augmented.i + 1, tokens.length, line);
      bind(target[0], arithmetic(augmented.op, current, value));
      return;
    }
    if (!splits.length) {
      if (buildsLayers(tokens)) report(line, 'a layer built outside an assignment (self.name = ... or name = ...) is not read');
      return;
    }
    const valueFrom = splits[splits.length - 1] + 1;
    const value = evaluate(tokens, valueFrom, tokens.length, line);
    let start = 0;
    for (const end of splits) {
      const targets = assignTarget(tokens, start, end);
      start = end + 1;
      if (!targets) {
        if (isLayerish(value)) report(line, 'layers assigned to anything but self.name or name are not read');
        continue;
      }
      if (targets.length === 1) {
        const [target] = targets;
        const registers = (target.kind === 'self' && where === 'init') || (target.kind === 'name' && where === 'module');
        if (registers && value.k === 'unknown' && where === 'init') {
          // self.name = <something unreadable>: a problem only when it looks like a layer.
          if (buildsLayers(tokens, valueFrom, tokens.length)) emit(value, target.name, line);
          bind(target, value);
        } else if (registers && mayBeLayer(value, where)) {
          emit(value, target.name, line);
          bind(target, { ...value, reported: true });
        } else {
          if (value.k === 'bad') report(value.line, value.why);
          bind(target, value.k === 'bad' ? { ...value, reported: true } : value);
        }
      } else if ((value.k === 'tuple' || value.k === 'list') && value.items.length === targets.length) {
        targets.forEach((t, i) => bind(t, value.items[i]));
      } else {
        targets.forEach((t) => bind(t, unknown(`${t.name}, unpacked from ${show(value)}`)));
      }
    }
  }

  // __init__'s parameters: defaults read in the scope around the class; no default -> unknown.
  function readParameters(tokens, open, close, line) {
    const params = new Map();
    let i = open + 1;
    while (i < close) {
      let star = '';
      while (tokens[i].v === '*' || tokens[i].v === '**' || tokens[i].v === '/') { star += tokens[i].v; i++; if (tokens[i]?.v === ',') { i++; star = ''; } if (i >= close) return params; }
      const t = tokens[i];
      const name = t.v;
      i++;
      if (tokens[i]?.v === ':') {  // annotation: skip to '=' or ',' at this level
        let level = 0;
        while (i < close && !(level === 0 && (tokens[i].v === '=' || tokens[i].v === ','))) {
          if (tokens[i].v in OPEN) level++;
          else if (CLOSE.has(tokens[i].v)) level--;
          i++;
        }
      }
      let value;
      if (tokens[i]?.v === '=') {
        let level = 0, j = i + 1;
        while (j < close && !(level === 0 && tokens[j].v === ',')) {
          if (tokens[j].v in OPEN) level++;
          else if (CLOSE.has(tokens[j].v)) level--;
          j++;
        }
        value = evaluate(tokens, i + 1, j, line);
        i = j;
      } else {
        value = unknown(`${name} is a parameter of ${className}.__init__ with no default (give it in names)`);
      }
      if (star) value = unknown(`${star}${name} holds arguments this reader does not read`);
      if (name !== 'self') params.set(name, value);
      if (tokens[i]?.v === ',') i++;
    }
    return params;
  }

  // Classes and functions of the module, known before any line is read (Python looks them up when
  // __init__ runs, after the whole file is read).
  for (const { indent, tokens } of lines) {
    if (indent !== 0 || tokens[1]?.t !== 'name') continue;
    if (tokens[0].v === 'class') classes.set(tokens[1].v, new Map());
    else if (tokens[0].v === 'def') functions.add(tokens[1].v);
  }

  // Blocks: a stack of { indent, kind: 'class' | 'init' | 'skip' | 'compound', ... }.
  const blocks = [];
  const reported = new Set();  // compound statements / functions already reported for building layers
  for (const { indent, line, tokens } of lines) {
    while (blocks.length && indent <= blocks[blocks.length - 1].indent) {
      const closed = blocks.pop();
      if (closed.kind === 'init') { local = null; }
      if (closed.kind === 'class') { classScope = null; className = ''; model = ''; }
    }
    const top = blocks[blocks.length - 1];
    model = blocks.some((b) => b.kind === 'class') ? className : '';
    const inside = blocks.find((b) => b.kind === 'skip' || b.kind === 'compound');
    if (inside) {
      // Code that is not read: say so once when it builds layers.
      if (!reported.has(inside) && buildsLayers(tokens)) {
        reported.add(inside);
        if (inside.what) report(line, `layers built inside ${inside.what} are not read (only straight-line code in __init__ or at module level is)`);
      }
      if (tokens[tokens.length - 1].v === ':' && tokens[0].t === 'name') blocks.push({ indent, kind: 'skip', what: inside.what });
      continue;
    }
    const first = tokens[0];
    const endsBlock = tokens[tokens.length - 1].t === 'op' && tokens[tokens.length - 1].v === ':';
    if (first.t === 'name' && first.v === 'class' && tokens[1]?.t === 'name') {
      className = tokens[1].v;
      classScope = indent === 0 && classes.has(className) ? classes.get(className) : new Map();
      classes.set(className, classScope);
      model = className;
      blocks.push({ indent, kind: 'class' });
      continue;
    }
    if (first.t === 'name' && (first.v === 'def' || (first.v === 'async' && tokens[1]?.v === 'def'))) {
      const nameToken = tokens[first.v === 'def' ? 1 : 2];
      const isInit = top?.kind === 'class' && nameToken?.v === '__init__';
      if (!top) functions.add(nameToken?.v);
      if (isInit) {
        const open = tokens.findIndex((t) => t.v === '(');
        let close = open, level = 0;
        for (; close < tokens.length; close++) {
          if (tokens[close].v in OPEN) level++;
          else if (CLOSE.has(tokens[close].v) && --level === 0) break;
        }
        local = open > 0 ? readParameters(tokens, open, close, line) : new Map();
        blocks.push({ indent, kind: 'init' });
        const colon = tokens.findIndex((t, i) => i > close && t.v === ':');
        if (colon >= 0 && colon < tokens.length - 1) statement(tokens.slice(colon + 1), line, 'init');  // def __init__(self): body
      } else {
        blocks.push({ indent, kind: 'skip', what: `${nameToken?.v ?? 'a function'}()` });
      }
      continue;
    }
    if (first.t === 'name' && COMPOUND.has(first.v) && (endsBlock || tokens.some((t) => t.v === ':'))) {
      const isMain = first.v === 'if' && tokens.some((t) => t.t === 'str' && t.v === '__main__');
      const block = { indent, kind: 'compound', what: isMain ? null : `the '${first.v}' of line ${line}` };
      if (!endsBlock) {
        if (block.what && buildsLayers(tokens)) report(line, `layers built inside ${block.what} are not read (only straight-line code in __init__ or at module level is)`);
        continue;
      }
      blocks.push(block);
      continue;
    }
    if (top?.kind === 'class' && endsBlock) { blocks.push({ indent, kind: 'skip', what: null }); continue; }
    statement(tokens, line, top?.kind === 'init' ? 'init' : top?.kind === 'class' ? 'class' : 'module');
  }
  return { layers: layers.filter((l) => l !== null), problems };
}
