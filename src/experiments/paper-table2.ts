// The adaptive-activation paper's Table 2 (Farhadi, Partovi Nia & Lodi 2019): LeNet-5 with batch
// normalisation on MNIST, rows = activation of the convolutional layers, columns = activation of the
// fully connected layer, each of ReLU, adaptive ReLU and adaptive Gumbel.
import type { CellResult, Experiment } from './experiment.js';
import { pct } from './format.js';

const ACTIVATIONS = [
  { id: 'relu', name: 'relu', label: 'ReLU' },
  { id: 'arelu', name: 'adaptiveRelu', label: 'AReLU' },
  { id: 'agumb', name: 'adaptiveGumbel', label: 'AGumb' },
] as const;

/** Published test accuracies (%), PUBLISHED[conv][dense] in the order of ACTIVATIONS. */
const PUBLISHED: Record<string, Record<string, number>> = {
  relu: { relu: 99.1, arelu: 98.7, agumb: 99.1 },
  arelu: { relu: 98.8, arelu: 98.9, agumb: 98.9 },
  agumb: { relu: 98.7, arelu: 98.8, agumb: 98.9 },
};

/**
 * The paper: lr 0.01, batch 100, 150 epochs; it names no optimizer, so plain SGD is the reading we
 * take, with momentum 0.9 so a few epochs get somewhere (a flag away from the paper's). Default 5 epochs:
 * the 9 cells finish in about 10 minutes on 2 cores (10 epochs took 20 min); --epochs 150 runs the paper's protocol.
 */
const setup = { model: 'lenet5', optimizer: 'sgd', lr: 0.01, momentum: 0.9, batch: 100, epochs: 5 };

export const paperTable2: Experiment = {
  name: 'paper-table2',
  summary: 'paper Table 2: LeNet-5 on MNIST, conv × dense activations (ReLU, adaptive ReLU, adaptive Gumbel)',
  cells: ACTIVATIONS.flatMap((conv) =>
    ACTIVATIONS.map((dense) => ({
      id: `conv-${conv.id}--dense-${dense.id}`,
      label: `conv ${conv.label}, dense ${dense.label}`,
      grid: { row: `conv ${conv.label}`, column: `dense ${dense.label}` },
      config: { ...setup, convActivation: conv.name, denseActivation: dense.name },
    })),
  ),
  discussion(results: readonly CellResult[]) {
    const cell = (c: string, d: string) => results.find((r) => r.cell.id === `conv-${c}--dense-${d}`)?.summary ?? null;
    const header = `| conv \\ dense | ${ACTIVATIONS.map((a) => `${a.label}: ours (paper)`).join(' | ')} |`;
    const rows = ACTIVATIONS.map(
      (c) => `| ${c.label} | ${ACTIVATIONS.map((d) => `${pct(cell(c.id, d.id)?.best?.testAccuracy ?? cell(c.id, d.id)?.final.testAccuracy)} (${PUBLISHED[c.id][d.id]} %)`).join(' | ')} |`,
    );
    const epochs = Math.max(0, ...results.map((r) => r.summary?.epochs ?? 0));
    const pairs = ACTIVATIONS.flatMap((c) => ACTIVATIONS.map((d) => ({ ours: cell(c.id, d.id)?.best?.testAccuracy ?? NaN, paper: PUBLISHED[c.id][d.id] / 100 })));
    const ours = pairs.map((p) => p.ours).filter(Number.isFinite);
    const spread = ours.length ? `${pct(Math.min(...ours))} to ${pct(Math.max(...ours))}` : '–';
    const above = pairs.filter((p) => p.ours >= p.paper).length;
    const bestOurs = pairs.reduce((b, p, i) => (p.ours > pairs[b].ours ? i : b), 0);
    const label = (i: number) => `conv ${ACTIVATIONS[Math.floor(i / ACTIVATIONS.length)].label}, dense ${ACTIVATIONS[i % ACTIVATIONS.length].label}`;
    const topPaper = Math.max(...pairs.map((p) => p.paper));
    const bestPaper = `${pairs.flatMap((p, i) => (p.paper === topPaper ? [label(i)] : [])).join(' and ')} (${pct(topPaper)})`;
    return [
      '## Table 2 side by side',
      '',
      'Test accuracy on the 10 000 MNIST test images at the best validation epoch; the paper\'s number in brackets.',
      '',
      header,
      `|---|${ACTIVATIONS.map(() => '---').join('|')}|`,
      ...rows,
      '',
      `Our cells ran ${epochs} epoch(s) (the paper: 150), SGD with momentum 0.9 (the paper names only lr 0.01 and batch 100),`,
      `LeNet-5 with 20 and 50 filters, dense 1000 and batch normalisation after each. Our accuracies span ${spread};`,
      'the paper\'s span 98.7 % to 99.1 % with differences of a few tenths of a percent between cells — the same size',
      'as the seed-to-seed spread of one cell, so neither table ranks the activations reliably.',
      `Ours reach the paper's number in ${above} of ${ours.length} cells. Best cell: ours ${ours.length ? label(bestOurs) : '–'}; the paper's ${bestPaper},`,
      'though its text names adaptive Gumbel in the convolutional layers as the best.',
      `\`--epochs 150\` runs the paper's protocol (the grid resumes if stopped).`,
      '',
    ].join('\n');
  },
};
