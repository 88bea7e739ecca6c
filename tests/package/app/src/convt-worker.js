// The ready-made worker (docs/library.md, "In a Web Worker").
import { serveCore } from 'convt-lab/worker';
serveCore();
