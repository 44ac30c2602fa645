// What the page remembers of a run from its snapshots: every epoch's metrics, and at each snapshot the spread of every
// learned activation parameter and the gradient size of every layer's weights.
import type { EpochMetrics } from 'actlab';
import type { LayerParams, Snapshot } from './protocol.js';

/** Min, quartiles and max of a parameter's values over its slots at one epoch. */
export interface Spread {
  epoch: number;
  q: [number, number, number, number, number];
}

function quantiles(values: readonly number[]): Spread['q'] {
  const s = [...values].sort((a, b) => a - b);
  const at = (f: number) => {
    const i = f * (s.length - 1);
    const lo = Math.floor(i);
    return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
  };
  return [s[0], at(0.25), at(0.5), at(0.75), s[s.length - 1]];
}

export class RunHistory {
  readonly metrics: EpochMetrics[] = [];
  /** By "layer.param": the spread over its slots at each snapshot. */
  readonly spreads = new Map<string, Spread[]>();
  /** By layer: mean |gradient| of its weights after each epoch's last batch. */
  readonly gradients = new Map<string, { epoch: number; meanAbs: number }[]>();
  params: LayerParams[] = [];

  add(s: Snapshot): void {
    this.metrics.push(...s.metrics);
    this.params = s.params;
    for (const layer of s.params) {
      for (const name of layer.learnable) {
        const values = layer.learned[name];
        const key = `${layer.layer}.${name}`;
        const list = this.spreads.get(key) ?? [];
        if (list.at(-1)?.epoch !== s.epoch) list.push({ epoch: s.epoch, q: quantiles(values) });
        this.spreads.set(key, list);
      }
    }
    for (const { epoch, sizes } of s.gradients) {
      for (const g of sizes.filter((x) => x.param === 'weight')) {
        const list = this.gradients.get(g.layer) ?? [];
        list.push({ epoch, meanAbs: g.meanAbs });
        this.gradients.set(g.layer, list);
      }
    }
  }
}
