// The thread charts are drawn on. It loads vega, vega-lite and resvg as soon as it starts (~0.3 s of CPU
// that would otherwise hold up the main thread), so a training run that starts it before reading its data
// finds them loaded when it draws its plots. It turns a Vega-Lite spec into an SVG and a PNG.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';

/** The one font family charts use; its files ship with the package (dejavu-fonts-ttf). */
export const CHART_FONT = 'DejaVu Sans';

/** What the thread needs to start: where its libraries and fonts are. */
interface ChartThreadInit {
  modules: { vega: string; vegaLite: string; resvg: string };
  fontFiles: string[];
  font: string;
}

/** Draws `spec` (or takes `svg` as drawn) and, when `png` is set, rasterises it at `scale` pixels per SVG pixel. */
export interface DrawRequest {
  spec: TopLevelSpec | null;
  svg: string | null;
  png: boolean;
  scale: number;
}

export interface DrawnChart {
  svg: string;
  png: Uint8Array | null;
}

type Reply = ({ id: number } & DrawnChart) | { id: number; error: string };

/**
 * The thread's whole program, serialised (Function.prototype.toString) into its source like engine/worker.ts's
 * workerMain, so it refers to nothing outside itself; `load` is the source's own import(), kept out of this
 * function so no build step rewrites it.
 */
export function chartThreadMain(load: (url: string) => Promise<unknown>): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const port = parentPort as import('node:worker_threads').MessagePort;
  const init = workerData as ChartThreadInit;
  const libraries = Promise.all([load(init.modules.vega), load(init.modules.vegaLite), load(init.modules.resvg)]) as Promise<
    [typeof import('vega'), typeof import('vega-lite'), typeof import('@resvg/resvg-js')]
  >;
  libraries.catch(() => undefined); // a failed load is reported with each drawing
  const drawSvg = async (spec: TopLevelSpec): Promise<string> => {
    const [{ View, parse, resetSVGDefIds }, { compile }] = await libraries;
    const vegaSpec = compile(spec, { config: { font: init.font, background: 'white' } }).spec;
    const view = new View(parse(vegaSpec), { renderer: 'none' });
    try {
      // Clip-path ids restart for every chart: an SVG depends on its spec alone, not on what was drawn before.
      resetSVGDefIds();
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  };
  const rasterise = async (svg: string, scale: number): Promise<Uint8Array> => {
    const [, , { renderAsync }] = await libraries;
    const image = await renderAsync(svg, {
      fitTo: { mode: 'zoom', value: scale },
      font: { fontFiles: init.fontFiles, loadSystemFonts: false, defaultFontFamily: init.font },
    });
    return image.asPng();
  };
  // SVGs are drawn one at a time in request order (the ids above are global to vega); a PNG rasterises on
  // libuv's pool meanwhile, so the next chart's SVG is drawn while the last one's PNG is made.
  let previousSvg: Promise<unknown> = Promise.resolve();
  port.on('message', async ({ id, request }: { id: number; request: DrawRequest }) => {
    try {
      let svg = request.svg;
      if (request.spec !== null) {
        const spec = request.spec;
        const drawn = previousSvg.then(() => drawSvg(spec));
        previousSvg = drawn.catch(() => undefined);
        svg = await drawn;
      }
      const png = request.png ? await rasterise(svg as string, request.scale) : null;
      port.postMessage({ id, svg: svg as string, png } satisfies Reply);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply);
    }
  });
}

function threadInit(): ChartThreadInit {
  const require = createRequire(import.meta.url);
  const url = (specifier: string) => pathToFileURL(require.resolve(specifier)).href;
  const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return {
    modules: { vega: url('vega'), vegaLite: url('vega-lite'), resvg: url('@resvg/resvg-js') },
    fontFiles: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'].map((f) => join(fontDir, f)),
    font: CHART_FONT,
  };
}

/** The running chart thread: requests go out with an id, replies settle them. Idle, it does not keep the process alive. */
class ChartThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(chart: DrawnChart): void; reject(error: Error): void }>();
  private nextId = 0;

  constructor(onExit: () => void) {
    const source = `(${chartThreadMain.toString()})((url) => import(url));`;
    this.worker = new Worker(source, { eval: true, workerData: threadInit() });
    this.worker.on('message', (reply: Reply) => {
      const request = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('error' in reply) request?.reject(new Error(`drawing a chart failed: ${reply.error}`));
      else request?.resolve({ svg: reply.svg, png: reply.png });
    });
    // A thread that died takes its open requests with it; the next chart starts a new one.
    const fail = (error: Error) => {
      onExit();
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    this.worker.on('error', (error) => fail(new Error(`the chart thread failed: ${error.message}`, { cause: error })));
    this.worker.on('exit', (code) => fail(new Error(`the chart thread exited (code ${code})`)));
    // After the listeners: adding a 'message' listener refs the worker again.
    this.worker.unref();
  }

  draw(request: DrawRequest): Promise<DrawnChart> {
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }
}

let thread: ChartThread | undefined;

/** The chart thread, started on first use. Starting it early lets it load its libraries while the caller works. */
export function chartThread(): { draw(request: DrawRequest): Promise<DrawnChart> } {
  if (thread === undefined) {
    const started = new ChartThread(() => {
      if (thread === started) thread = undefined;
    });
    thread = started;
  }
  return thread;
}
