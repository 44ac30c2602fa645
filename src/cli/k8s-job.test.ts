// The emitted Kubernetes Job: valid against the Kubernetes Job schema (kubernetes-models' validators, generated from
// Kubernetes' OpenAPI definitions; no cluster is needed), an Indexed Job of one completion per cell, the cell from
// JOB_COMPLETION_INDEX, the grid's volume mounted where --out points.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml } from './k8s-job.js';
import { runCaptured } from './testing.js';

type Manifest = {
  spec: {
    completionMode: string;
    completions: number;
    parallelism: number;
    template: { spec: { activeDeadlineSeconds?: number; containers: { image: string; command: string[]; resources: unknown; volumeMounts: { mountPath: string }[] }[] } };
  };
};

describe('actlab experiment --emit k8s', () => {
  it('writes an Indexed Job that the Kubernetes Job schema accepts', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-k8s-')), 'grid');
    const r = await runCaptured('experiment', 'paper-table1', '--epochs', '50', '--out', out, '--emit', 'k8s', '--image', 'registry.example/actlab:1', '--cpus', '2', '--mem', '3G', '--time', '1:30:00', '--max-running', '4');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/submit it with: kubectl apply -f .*paper-table1\.k8s\.yaml/);
    const text = readFileSync(join(out, 'paper-table1.k8s.yaml'), 'utf8');
    const manifest = parse(text) as Manifest;
    expect(() => new Job(manifest as never).validate()).not.toThrow();
    const { spec } = manifest;
    expect([spec.completionMode, spec.completions, spec.parallelism]).toEqual(['Indexed', 16, 4]);
    const pod = spec.template.spec;
    expect(pod.activeDeadlineSeconds).toBe(5400);
    const [container] = pod.containers;
    expect(container.image).toBe('registry.example/actlab:1');
    expect(container.command).toEqual(['actlab', 'experiment', 'paper-table1', '--epochs', '50', '--threads', '2', '--out', out, '--cell', '$(JOB_COMPLETION_INDEX)']);
    expect(container.resources).toEqual({ requests: { cpu: '2', memory: '3Gi' }, limits: { memory: '3Gi' } });
    expect(container.volumeMounts[0].mountPath).toBe(out);
  });

  it('is checked by a validator that refuses what Kubernetes refuses', () => {
    const bad = { apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Ranked', completions: 'two', template: { spec: { containers: [{ image: 'x' }] } } } };
    expect(() => new Job(bad as never).validate()).toThrow(/completionMode|completions|name/);
  });

  it('writes YAML that reads back as the same object', () => {
    const value = { a: 'plain', b: ['--flag', '$(X)', 'true', '007', 'a: b', "it's"], c: { d: 1, e: [{ f: 'g', h: { i: 'j' } }] }, k: 'metadata.annotations[\'x\']' };
    expect(parse(toYaml(value))).toEqual(value);
  });
});
