// The ready-made worker (README, "In a Web Worker").
import { serveCore } from 'convt-lab/worker';
serveCore();
