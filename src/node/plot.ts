// Activation plots as files, as `actlab activations plot` draws them: each activation (name, "name:p=v", or a
// formula spec) from its float64 reference, with ∂f/∂x when asked, to SVG or PNG by the file's extension.
import { getElementwise, parseActivationSpec } from '../activations/catalog.js';
import { activationChartSpec, type ActivationChartOptions } from '../report/activation-chart.js';
import { writeChart } from '../report/render.js';

/** Draws `activations` on one chart into `path` (.svg or .png); options: range [lo, hi], derivative, title, size. */
export async function plotActivations(activations: readonly string[], path: string, options: ActivationChartOptions = {}): Promise<void> {
  const curves = activations.map((spec) => {
    const { activation, params } = parseActivationSpec(spec);
    return { activation: getElementwise(activation.name), params };
  });
  await writeChart(activationChartSpec(curves, options), path);
}
