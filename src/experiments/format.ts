// Number formats the experiment reports share.

export const pct = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '–' : `${(100 * v).toFixed(2)} %`);
