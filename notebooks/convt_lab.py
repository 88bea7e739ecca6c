"""ConvT Lab inline in a Jupyter notebook.

    from convt_lab import setup, lab
    setup()                      # first cell: the <convt-lab> script, once per notebook
    lab(mode="convT", size=4, kernel_size=3, stride=2, padding=1)

`setup()` puts the element's script (web/dist/convt-lab.js, about 0.9 MB, the WebAssembly core
inlined) into the notebook once, as the output of that cell; every `lab(...)` after it is only a
`<convt-lab>` tag with the parameters as attributes, which the browser upgrades. A `lab(...)` shown
before any `setup()` in this kernel carries the script itself, so a notebook works either way; call
`setup()` in the first cell so that re-running a later cell never drops the script from the saved
notebook. Nothing is fetched: the notebook (and its HTML export) works offline. Where the scripts of
the outputs do not run (a notebook that is not trusted, a preview), setup()'s output and every lab's
place say what to do: run the cells, or trust the notebook.

The script is looked for, in order: the `script=` argument, the environment variable CONVT_LAB_JS,
the repository's web/dist/convt-lab.js (next to this folder; `npm run build` makes it), and
node_modules/convt-lab/web/dist/convt-lab.js under the notebook's folder (`npm install convt-lab`).
Only the Python standard library is used; IPython (which every Jupyter kernel for Python has)
displays the result through `_repr_html_`.
"""
import html
import os
import re
from pathlib import Path

__all__ = ["setup", "lab", "script_path"]

_PARAMS = ("mode", "size", "kernel_size", "stride", "padding", "dilation", "output_padding")
_script_shown = False


def script_path(script=None):
    """The convt-lab.js to inline (see the module's docstring for the search order)."""
    here = Path(__file__).resolve().parent
    candidates = [script, os.environ.get("CONVT_LAB_JS"), here.parent / "web" / "dist" / "convt-lab.js",
                  Path.cwd() / "node_modules" / "convt-lab" / "web" / "dist" / "convt-lab.js"]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    raise FileNotFoundError("convt-lab.js not found: run `npm run build` in the repository, set CONVT_LAB_JS, "
                            "or pass script='path/to/convt-lab.js'")


def _script_tag(script=None):
    js = script_path(script).read_text(encoding="utf-8")
    # the script's text must not end the <script> element or open an HTML comment early
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    size = f"{len(js.encode('utf-8')) / 1024:.0f} KiB"
    return (f'<script data-convt-lab-script="1">{js}</script>'
            f'<p data-convt-lab-note="1"><code>&lt;convt-lab&gt;</code> script: {size}, inlined in this notebook, '
            f'nothing is fetched. {_NO_LAB}</p>')


# What to do when no lab appears. Jupyter runs the scripts of a notebook's outputs only in a notebook
# you ran or trust (one someone gave you opens "Not Trusted"), and a preview runs none: the saved
# output then shows its text but no lab. So the text says what to do, in setup()'s output and inside
# every <convt-lab> tag (shown until the script defines the element).
_NO_LAB = ("No lab below, or only a sentence where a lab should be? Then this notebook's scripts did not run: "
           "run all its cells (Run All), or trust the notebook (classic Notebook: File, Trust Notebook; "
           "JupyterLab: the command Trust Notebook).")
_FALLBACK = ("This interactive lab needs the script from the first cell of this notebook: run all cells (Run All), "
             "or trust the notebook.")


def _pair(value):
    """A parameter: 3 -> "3", (3, 2) -> "3x2"; anything else as text (the element checks it)."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return f"{value[0]}x{value[1]}"
    return str(value)


def _values(values):
    """Input or kernel values, row-major: [1, 0.5, 0] -> "1,0.5,0" (also a NumPy array or a nested list)."""
    flat = values.ravel().tolist() if hasattr(values, "ravel") else values
    out = []
    for v in flat:
        if isinstance(v, (list, tuple)):
            out.append(_values(v))
        else:
            f = float(v)
            out.append(str(int(f)) if f.is_integer() else repr(f))
    return ",".join(out)


class _Html:
    """Shown by IPython through _repr_html_ (text/html in the notebook and in its HTML export)."""

    def __init__(self, markup):
        self.markup = markup

    def _repr_html_(self):
        return self.markup

    def __repr__(self):
        return "<ConvT Lab>"


def setup(script=None):
    """The <convt-lab> script, to show once per notebook (in its first cell)."""
    global _script_shown
    _script_shown = True
    return _Html(_script_tag(script))


def lab(mode="convT", size=4, kernel_size=3, stride=2, padding=1, dilation=1, output_padding=0, *,
        compact=False, x=None, w=None, view=None, lang=None, standalone=False, script=None):
    """A <convt-lab> element with these parameters (PyTorch's names; a number, or (H, W)).

    compact: grids, step control and verdict only; x, w: input and kernel values, row-major
    (a list, a nested list or a NumPy array);
    view: 'sizes', 'matrix', 'overlap', 'polyphase' or 'image'; lang: 'en' or 'ko';
    standalone: this output carries the script itself (for front ends that put each output in a
    frame of its own, where the script of setup() cannot reach it).
    The element checks every value itself and says what is wrong in the notebook.
    """
    global _script_shown
    attrs = {k: _pair(v) for k, v in zip(_PARAMS, (mode, size, kernel_size, stride, padding, dilation, output_padding))}
    attrs.update({k: _values(v) for k, v in (("x", x), ("w", w)) if v is not None})
    attrs.update({k: str(v) for k, v in (("view", view), ("lang", lang)) if v is not None})
    text = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    tag = f"<convt-lab {text}{' compact' if compact else ''}>{html.escape(_FALLBACK)}</convt-lab>"
    if standalone or not _script_shown:
        _script_shown = True
        tag = _script_tag(script) + tag
    return _Html(tag)
