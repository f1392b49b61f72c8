// The run's facts (repository, run ID and attempt, commit, job, step) from @actions/github's
// context (it reads the runner's variables and event payload once). Only `context` is imported: the build declares
// @actions/github and @octokit free of side effects, so no Octokit code ships (bench/ checks it).
import { context } from '@actions/github';

export interface RunFacts {
  /** "owner/repo"; undefined outside a workflow run. */
  repository?: string;
  runId?: string;
  runAttempt?: string;
  sha?: string;
  /** The job's ID in the workflow (GITHUB_JOB). */
  job?: string;
  /** The step's ID (GITHUB_ACTION): tells two steps of one job apart. */
  step?: string;
}

/** The facts of the run this step belongs to, as the runner describes it. */
export function runFacts(): RunFacts {
  const whole = (value: number): string | undefined =>
    Number.isFinite(value) ? String(value) : undefined;
  return {
    repository: repository(),
    runId: whole(context.runId),
    runAttempt: whole(context.runAttempt),
    sha: context.sha || undefined,
    job: context.job || undefined,
    step: context.action || undefined,
  };
}

/** context.repo throws outside a run that names its repository. */
function repository(): string | undefined {
  try {
    const { owner, repo } = context.repo;
    return `${owner}/${repo}`;
  } catch {
    return undefined;
  }
}
