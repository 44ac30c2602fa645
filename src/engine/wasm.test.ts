import { describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { instantiateKernels, kernelModule } from './wasm.js';

/** Section ids of a wasm binary, in order (the header is 8 bytes, then id + LEB128 size + payload). */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    ids.push(bytes[at++]);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      size += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    at += size;
  }
  return ids;
}

describe.each([
  ['kernels.wasm', true],
  ['kernels-unshared.wasm', false],
])('%s', (file, shared) => {
  it('has no data segments, so instances never rewrite the shared memory', async () => {
    const bytes = await readFile(new URL(`../../build/${file}`, import.meta.url));
    const ids = sectionIds(bytes);
    expect(ids).toContain(10); // code
    expect(ids).not.toContain(11); // data
  });

  it('imports only env.memory and can be instantiated twice on one memory without touching it', async () => {
    const module = await kernelModule(shared);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared });
    const bytes = new Uint8Array(memory.buffer);
    bytes.forEach((_, i) => (bytes[i] = i * 7));
    instantiateKernels(module, memory);
    instantiateKernels(module, memory);
    expect(new Uint8Array(memory.buffer).every((v, i) => v === ((i * 7) & 255))).toBe(true);
  });

  it('rejects a memory of the other kind', async () => {
    const module = await kernelModule(shared);
    const other = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: !shared });
    expect(() => instantiateKernels(module, other)).toThrow(WebAssembly.LinkError);
  });
});
