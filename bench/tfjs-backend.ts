// Starting a TensorFlow.js backend for the peer benchmarks (tfjs-epoch.ts, tfjs-step.ts), checked to be the one
// in use.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';

/** The backend's dist/ folder as a file path: in Node it reads the .wasm files with fs. */
function wasmDirectory(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + sep;
}

/** Starts `name` and checks it is the backend in use; returns a description for the notes. */
export async function startBackend(name: 'wasm' | 'cpu'): Promise<string> {
  if (name === 'wasm') setWasmPaths(wasmDirectory());
  else tf.env().set('IS_TEST', true); // silences the cpu backend's "install the node backend" banner
  if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js: the ${name} backend failed to initialise`);
  await tf.ready();
  const backend = tf.getBackend();
  if (backend !== name) throw new Error(`TensorFlow.js runs on '${backend}', not on ${name}`);
  if (name === 'cpu') return `tf.getBackend() = cpu, tfjs ${tf.version.tfjs}, 1 thread`;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threaded = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return `tf.getBackend() = wasm, tfjs ${tf.version.tfjs}, backend-wasm ${version_wasm}, SIMD ${simd}, ${threaded ? 'multithreaded' : '1 thread'}`;
}
