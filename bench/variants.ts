/** What is timed: the bundle and its floor for each service, the AWS CLI, and `node -e ''`. */
import path from 'node:path';
import { root, type ServiceId } from './config.js';
import type { AwsCli } from './machine.js';

export interface Variant {
  id:
    | 'bundle'
    | 'floor'
    | 'bundle-bedrock'
    | 'floor-bedrock'
    | 'baseline'
    | 'baseline-bedrock'
    | 'cli'
    | 'node';
  label: string;
  command: string[];
  /** The service whose happy path it runs (three requests and execution-id); none: only exits 0. */
  service?: ServiceId;
  /** The floor it is paired with in "× floor". */
  floor: Variant['id'];
  /** The bundle: its loaded files are listed. */
  bundle?: boolean;
  env?: Record<string, string>;
  unavailable?: string;
}

/**
 * The variants for the services asked for; the bundle runs from `workDist`, a copy of dist/, and
 * with --baseline another commit's committed dist/ runs from `baseline`, paired the same way.
 */
export function variantsFor(
  services: ServiceId[],
  node: string,
  workDist: string,
  aws: AwsCli,
  baseline?: { commit: string; dist: string },
): Variant[] {
  const bundle = [node, path.join(workDist, 'index.js')];
  const floor = [node, path.join(root, 'bench', 'floor.cjs')];
  const all: Variant[] = [
    {
      id: 'bundle',
      label: 'bundle (dist/index.js)',
      command: bundle,
      service: 'kendra',
      floor: 'floor',
      bundle: true,
    },
    {
      id: 'floor',
      label: 'floor (bench/floor.cjs)',
      command: floor,
      service: 'kendra',
      floor: 'floor',
    },
    {
      id: 'bundle-bedrock',
      label: 'bundle, Bedrock (dist/index.js)',
      command: bundle,
      service: 'bedrock',
      floor: 'floor-bedrock',
      bundle: true,
    },
    {
      id: 'floor-bedrock',
      label: 'floor, Bedrock (bench/floor.cjs)',
      command: floor,
      service: 'bedrock',
      floor: 'floor-bedrock',
    },
    {
      id: 'cli',
      label: 'AWS CLI (bench/cli.sh)',
      command: ['bash', path.join(root, 'bench', 'cli.sh')],
      service: 'kendra',
      floor: 'floor',
      env: aws.path ? { AWS_CLI: aws.path } : {},
      unavailable: aws.unavailable,
    },
    { id: 'node', label: "node -e '' (startup only)", command: [node, '-e', ''], floor: 'floor' },
    ...(baseline ? baselineVariants(node, baseline) : []),
  ];
  return all.filter((v) => !v.service || services.includes(v.service));
}

/** The same happy paths run by another commit's bundle: an A/B of two bundles in one run. */
function baselineVariants(
  node: string,
  { commit, dist }: { commit: string; dist: string },
): Variant[] {
  const command = [node, path.join(dist, 'index.js')];
  return [
    { id: 'baseline', label: `baseline ${commit}`, command, service: 'kendra', floor: 'floor' },
    {
      id: 'baseline-bedrock',
      label: `baseline ${commit}, Bedrock`,
      command,
      service: 'bedrock',
      floor: 'floor-bedrock',
    },
  ];
}
