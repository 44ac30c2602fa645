// The sbatch script's parts: Slurm's time-limit notation, shell quoting, and the script for a grid.
import { describe, expect, it } from 'vitest';
import { parseSchedulerOptions, shellWord, slurmTimeSeconds } from './cluster-job.js';
import { slurmScript } from './slurm-script.js';

describe('sbatch scripts', () => {
  it("reads Slurm's time limits", () => {
    expect(['30', '5:30', '2:00:00', '1-12', '1-0:30', '2-03:04:05'].map(slurmTimeSeconds)).toEqual([1800, 330, 7200, 129600, 88200, 183845]);
    expect(() => slurmTimeSeconds('1h')).toThrow(/--time: '1h' is not a Slurm time limit/);
  });

  it('quotes only the words a shell would split or expand', () => {
    expect(['--lr', '0.001', 'mlp:128,64', '/a/b', "it's", 'a b', '$HOME'].map(shellWord)).toEqual(['--lr', '0.001', 'mlp:128,64', '/a/b', `'it'\\''s'`, `'a b'`, `'$HOME'`]);
  });

  it('runs one cell per array task, at most --max-running at once, with a log per cell', () => {
    const scheduler = parseSchedulerOptions('slurm', { partition: 'cpu', time: '30', cpus: '2', mem: '4G', 'max-running': '3' });
    const script = slurmScript({ experiment: 'seed-linear', cells: 2, args: ['experiment', 'seed-linear', '--lr', '0.5', '--out', '/g'], out: '/g', cwd: '/w', scheduler }, '/usr/bin/node', '/a/main.js');
    const directives = script.split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(directives).toEqual([
      '#SBATCH --job-name=actlab-seed-linear',
      '#SBATCH --array=0-1%3',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --mem=4G',
      '#SBATCH --time=30',
      '#SBATCH --partition=cpu',
      '#SBATCH --chdir=/w',
      '#SBATCH --output=/g/logs/seed-linear-%A_%a.out',
      '#SBATCH --requeue',
    ]);
    expect(script).toMatch(/\nexec \/usr\/bin\/node \/a\/main\.js experiment seed-linear --lr 0\.5 --out \/g --cell "\$SLURM_ARRAY_TASK_ID"\n$/);
  });
});
