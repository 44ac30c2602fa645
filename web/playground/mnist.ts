// The MNIST subset the site ships (dist/web/data: 10 000 training images, gzipped IDX): the first 8000 train, the
// last 2000 test. Pixels scaled to [0, 1].
import type { Examples } from './datasets.js';

const TEST = 2000;

async function gunzip(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || response.body === null) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

/** The big-endian 32-bit number at `offset`. */
const u32 = (b: Uint8Array, offset: number) => new DataView(b.buffer, b.byteOffset).getUint32(offset);

export async function loadMnistSubset(base: string): Promise<Examples> {
  const [images, labels] = await Promise.all([gunzip(`${base}mnist-10k-images-idx3-ubyte.gz`), gunzip(`${base}mnist-10k-labels-idx1-ubyte.gz`)]);
  if (u32(images, 0) !== 2051 || u32(labels, 0) !== 2049) throw new Error('the MNIST subset is not IDX image and label files');
  const count = u32(labels, 4);
  const features = u32(images, 8) * u32(images, 12);
  const x = new Float32Array(count * features);
  for (let i = 0; i < x.length; i++) x[i] = images[16 + i] / 255;
  return { x, y: Float32Array.from(labels.subarray(8, 8 + count)), features, trainCount: count - TEST, testCount: TEST, bounds: null };
}
