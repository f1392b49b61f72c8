/** The tools the benchmark measures with, from this machine: GNU time and the AWS CLI. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { log } from './config.js';

export function sh(command: string): { ok: boolean; out: string } {
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** apt-get install, with apt-get update first if the package isn't found. */
function aptInstall(pkg: string): boolean {
  if (!existsSync('/usr/bin/apt-get')) return false;
  log(`installing Debian package ${pkg} ...`);
  if (sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`).ok) return true;
  sh('apt-get update -qq');
  return sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`).ok;
}

export function findTime(): string | undefined {
  if (existsSync('/usr/bin/time')) return '/usr/bin/time';
  aptInstall('time');
  return existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
}

export interface AwsCli {
  path?: string;
  version?: string;
  unavailable?: string;
}

export function findAwsCli(): AwsCli {
  let found = sh('command -v aws');
  if (!found.ok) {
    aptInstall('awscli');
    found = sh('command -v aws');
    if (!found.ok) return { unavailable: 'no `aws` on PATH and `apt-get install awscli` failed' };
  }
  let cli = found.out.split('\n')[0];
  // A pyenv shim adds a bash script and `pyenv exec` to every call; time the CLI itself.
  if (cli.includes('/shims/')) {
    const real = sh('pyenv which aws');
    if (real.ok && real.out) cli = real.out.split('\n')[0];
  }
  const version = sh(`'${cli}' --version`);
  if (!version.ok) return { unavailable: `\`${cli} --version\` failed: ${version.out}` };
  return { path: cli, version: version.out.split(' ')[0] };
}
