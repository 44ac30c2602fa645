// The MNIST-subset epoch the playground rows time, written once for the page (its URL hash) and for Node (the same
// options to createTrainer, as the page's worker builds them).

export const PLAYGROUND_MNIST = {
  layers: [128, 64],
  activation: 'adaptiveRelu',
  batch: 32,
  lr: 0.001,
  threads: 1,
  /** The subset: 10 000 training images, the last 2000 the test (and the validation). */
  test: 2000,
  text: 'MNIST subset (8000 train, 2000 test images), 784-128-64-10 adaptiveRelu per neuron, Adam 1e-3, batch 32, 1 thread, one epoch per fresh model',
} as const;

/** The playground's address for one such epoch with `seed`, started on load. */
export function playgroundMnistHash(seed: number): string {
  const m = PLAYGROUND_MNIST;
  const act = m.layers.map(() => m.activation).join('|');
  return `data=mnist&layers=${m.layers.join(',')}&activations=${act}&share=neuron&optimizer=adam&lr=${m.lr}&actLr=${m.lr}&batch=${m.batch}&l1=0&l2=0&seed=${seed}&epochs=1&threads=${m.threads}&autostart=1`;
}
