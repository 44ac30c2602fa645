// A grid as a Kubernetes Indexed Job: completion index I trains cell I; the grid's folder is a persistent volume
// claim mounted where --out points in every pod, so applying the Job again keeps finished cells and resumes the others.
import { SCHEDULER_TASK_ENV } from '../train/scheduler-task.js';
import { VERSION } from '../version.js';
import { jobName, type GridJob } from './cluster-job.js';

/** The container image when --image is not given: one holding actlab with `actlab` on its PATH (README: "Grids on a cluster"). */
export const DEFAULT_IMAGE = `actlab:${VERSION}`;

/** The Job manifest for `job` (a plain object, as `kubectl apply` reads it). */
export function k8sJobManifest(job: GridJob): Record<string, unknown> {
  const { scheduler: s } = job;
  const name = jobName(job);
  const labels = { 'app.kubernetes.io/name': 'actlab', 'app.kubernetes.io/instance': name };
  const memory = s.mem === null ? null : `${s.mem.amount}${s.mem.unit}i`;
  const container = {
    name: 'cell',
    image: s.image ?? DEFAULT_IMAGE,
    command: ['actlab', ...job.args, '--cell', '$(JOB_COMPLETION_INDEX)'],
    // The Job controller sets this variable too; declared here, $(JOB_COMPLETION_INDEX) in the command expands on every version.
    env: [
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
      // Names the task in the cell's lock, so the next pod of the index takes over a lock left on a lost node.
      { name: SCHEDULER_TASK_ENV, value: `k8s:${name}/$(JOB_COMPLETION_INDEX)` },
    ],
    resources: { requests: { cpu: String(s.cpus), ...(memory === null ? {} : { memory }) }, ...(memory === null ? {} : { limits: { memory } }) },
    volumeMounts: [{ name: 'grid', mountPath: job.out }],
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels },
    spec: {
      completionMode: 'Indexed',
      completions: job.cells,
      parallelism: s.maxRunning ?? job.cells,
      // A failed cell is retried twice (resuming from its checkpoint) without stopping the others (Kubernetes 1.29+);
      // its replacement starts once it has stopped, so two pods never train one cell.
      backoffLimitPerIndex: 2,
      podReplacementPolicy: 'Failed',
      podFailurePolicy: {
        rules: [
          // Bad input (exit code 2) fails the same way every time: no retry.
          { action: 'FailIndex', onExitCodes: { containerName: 'cell', operator: 'In', values: [2] } },
          // Pods evicted or preempted (a drained or lost node) have not failed: they start again and resume.
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        ],
      },
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          ...(s.time === null ? {} : { activeDeadlineSeconds: s.time.seconds }),
          containers: [container],
          volumes: [{ name: 'grid', persistentVolumeClaim: { claimName: name } }],
        },
      },
    },
  };
}

/** A YAML scalar: plain where YAML reads it back as the same string or number, else double-quoted (JSON's quoting is YAML's). */
function scalar(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  const plain = /^[A-Za-z_/][A-Za-z0-9_./-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` (objects, arrays, strings, numbers) as block-style YAML lines indented by `indent` spaces. */
function yamlLines(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const lines = isObject(item) || Array.isArray(item) ? yamlLines(item, indent + 2) : [`${pad}  ${scalar(item)}`];
      return [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1)];
    });
  }
  if (isObject(value)) {
    return Object.entries(value).flatMap(([key, v]) =>
      isObject(v) || Array.isArray(v) ? [`${pad}${scalar(key)}:`, ...yamlLines(v, indent + 2)] : [`${pad}${scalar(key)}: ${scalar(v)}`],
    );
  }
  return [`${pad}${scalar(value)}`];
}

export function toYaml(value: Record<string, unknown>): string {
  return `${yamlLines(value, 0).join('\n')}\n`;
}

/** The manifest as a YAML file, with a header saying what it is and how to use it. */
export function k8sJobYaml(job: GridJob): string {
  const name = jobName(job);
  return [
    `# actlab experiment ${job.experiment} as a Kubernetes Indexed Job: completion index I trains cell I of ${job.cells}.`,
    `# Written by actlab ${VERSION}. Needs a ReadWriteMany PersistentVolumeClaim named ${name} (the grid's folder, mounted`,
    `# at ${job.out}) and an image with actlab on its PATH (Kubernetes 1.29+). To retry failed cells and resume unfinished`,
    `# ones, keeping finished cells: kubectl delete job ${name} --cascade=foreground, then apply this file again.`,
    toYaml(k8sJobManifest(job)),
  ].join('\n');
}
