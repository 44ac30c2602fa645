// Charts over epochs: an epoch is a whole number, so the axis shows no tick between two.

/** Removes the x-axis tick labels that are not whole numbers (epoch 1.5 means nothing); the chart's own are kept. */
export function wholeEpochTicks(svg: SVGSVGElement): SVGSVGElement {
  for (const t of svg.querySelectorAll('g.axis text[text-anchor="middle"]')) {
    const v = Number(t.textContent);
    if (t.textContent !== '' && Number.isFinite(v) && !Number.isInteger(v)) t.remove();
  }
  return svg;
}
