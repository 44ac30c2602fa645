// The package as users get it: the core bundles for browsers with no node: module in it, and the packed tarball
// installs into an empty folder where `import … from 'actlab'` and 'actlab/node' work.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Child processes awaited, not waited for: a test process that blocks misses its runner's calls. */
const exec = promisify(execFile);

const root = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(join(root, 'dist', 'index.js'));

describe.skipIf(!built)('the package', () => {
  it('bundles its core for browsers without any node: module', async () => {
    const result = await build({ entryPoints: [join(root, 'dist', 'index.js')], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('dist/engine/wasm.js'))).toBe(true);
    expect(inputs.filter((p) => p.startsWith('node:'))).toEqual([]);
    // actlab/node, bundled for browsers, fails: what needs files and processes is not in the core.
    await expect(build({ entryPoints: [join(root, 'dist', 'node.js')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' })).rejects.toThrow(/node:/);
  });

  it('installs from its tarball into an empty folder, where both entry points work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-pack-'));
    const tarball = (await exec('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root })).stdout.trim().split('\n').at(-1)!;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
    await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`], { cwd: dir });
    const script = [
      "import { listActivations, evaluateActivation, train } from 'actlab';",
      "import { loadMnist } from 'actlab/node';",
      'const { y } = evaluateActivation("adaptiveRelu:alpha=2", [-1, 0.5, 2]);',
      "const r = await train({ data: { x: [[0, 0], [0, 1], [1, 0], [1, 1], [0, 0.2], [1, 0.8]], y: [0, 1, 1, 0, 0, 0] }, epochs: 2, threads: 1, valSplit: 2 });",
      'console.log(JSON.stringify({ entries: listActivations().length, y: Array.from(y), status: r.summary.status, mnist: loadMnist().test.count }));',
      'r.model.dispose();',
    ].join('\n');
    const out = JSON.parse((await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: dir })).stdout);
    expect(out.entries).toBeGreaterThanOrEqual(34);
    expect(out.y[0]).toBe(0);
    expect(out.status).toBe('finished');
    expect(out.mnist).toBe(10_000);
  }, 120_000);
});

describe('the API reference', () => {
  it('is generated from the doc comments of both entry points by typedoc, without warnings', async () => {
    const out = mkdtempSync(join(tmpdir(), 'actlab-docs-'));
    await exec(process.execPath, [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: root });
    for (const page of ['index.html', 'functions/index.train.html', 'functions/node.trainRun.html', 'classes/index.TrainedModel.html']) {
      expect(existsSync(join(out, page)), page).toBe(true);
    }
  }, 60_000);
});
