// The Error the library throws when a call is refused, and the words it builds messages from: used by
// core.js (the convolutions) and network/network.js (whole networks).

/** The Error every refused call throws: `parameter` names the argument (as in this API), the message starts with it. */
export class ConvtError extends Error {
  constructor(parameter, message) {
    super(message);
    this.name = 'ConvtError';
    this.parameter = parameter;
  }
}

/** A ConvtError for `parameter` breaking `rule`: the message is "<parameter>: <rule>". */
export function fail(parameter, rule) {
  return new ConvtError(parameter, `${parameter}: ${rule}`);
}

/** A short description of a value that was not what a parameter takes. */
export function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `a value of type ${typeof v}`;
}
