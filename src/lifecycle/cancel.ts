// Cancellation: when the workflow is cancelled, stop the jobs this step started and is waiting
// on — never one it did not start — and say where each data source was, as syncAll's own rows
// tell it. Signals and the process's end are the story's (main.ts).
import { NOT_OURS } from './start.js';
import { explain } from '../aws/explain.js';
import * as log from '../base/log.js';
import { capitalize } from '../base/text.js';
import { describeTarget, type DataSourceResult, type SyncJob, type SyncService } from '../model.js';
import type { Phase, Row, SyncProgress } from './progress.js';

/** Time for the stop requests: the runner sends SIGTERM 7.5 s after SIGINT, and kills 2.5 s later. */
const STOP_TIMEOUT_MS = 5_000;

/** What a stop request came to for one job: stopped, ended on its own, or not stoppable. */
type Stop = { stopped: true } | { stopped: false; ended: SyncJob } | { stopped: false };

/**
 * Stops the jobs this step is waiting on (unless `stopOnCancel` is false) and returns each data
 * source's row as it now stands: finished ones as they ended, the rest saying what became of them.
 */
export async function cancelSyncs(
  service: SyncService,
  progress: SyncProgress,
  stopOnCancel: boolean,
  signal: string,
): Promise<DataSourceResult[]> {
  const { job } = service.terms;
  const followed = progress
    .now()
    .flatMap(({ phase }) => (phase.kind === 'following' ? [phase] : []));
  const stops = new Map<string, Stop>();
  if (followed.length === 0 || !stopOnCancel) {
    const left =
      followed.length > 0 ? `; stop-on-cancel is false, so the ${job}s were left running` : '';
    log.error(`Cancelled (${signal})${left}.`);
  } else {
    log.info(`Cancelled (${signal}): stopping the ${followed.length} ${job}(s) this step started.`);
    const abortSignal = AbortSignal.timeout(STOP_TIMEOUT_MS);
    await Promise.all(
      followed.map(async (phase) => {
        stops.set(phase.executionId, await stop(service, phase, abortSignal));
      }),
    );
    log.error(`Cancelled (${signal}).`);
  }
  return progress.now().map((row) => cancelledRow(service, row, stops, signal));
}

/** Stops one job this step started, saying how it went; never throws. */
async function stop(
  service: SyncService,
  { target, executionId }: Extract<Phase, { kind: 'following' }>,
  abortSignal: AbortSignal,
): Promise<Stop> {
  const which = `${service.terms.job} ${executionId} on ${describeTarget(target)}`;
  try {
    const answer = await service.stopJob(target, executionId, { abortSignal });
    if (!answer.stopped) {
      log.info(`${capitalize(which)} already ended ${answer.ended.status}.`);
      return answer;
    }
    log.info(`Stopped ${which}.`);
    return answer;
  } catch (error) {
    // In the user's terms, with AWS's request ID, like every other AWS error the step reports.
    log.warning(`Could not stop ${which}: ${explain(error)}`);
    // Stryker disable next-line ObjectLiteral: equivalent: followedRow reads `stopped` and `ended`, absent either way
    return { stopped: false };
  }
}

/** One data source's row after the cancellation: the truth syncAll holds, and what the cancel did. */
function cancelledRow(
  service: SyncService,
  { result, phase }: Row,
  stops: ReadonlyMap<string, Stop>,
  signal: string,
): DataSourceResult {
  const { job } = service.terms;
  const because = (why: string): DataSourceResult => {
    const failure = `Cancelled (${signal}): ${why}.`;
    return { ...result, failure, errorMessage: failure };
  };
  switch (phase.kind) {
    case 'ended':
    case 'started':
      return result;
    case 'not-started':
      return { ...because(`no ${job} was started on it`), outcome: 'failed' };
    case 'waiting-for-theirs':
      return {
        ...because(
          `no ${job} was started on it; ${job} ${phase.job.executionId} (${NOT_OURS}), which it waited for, was left running`,
        ),
        outcome: 'failed',
      };
    case 'following':
      return followedRow(result, phase.executionId, stops.get(phase.executionId), because, job);
  }
}

/** The row of a job this step started and was waiting on: stopped, ended on its own, or left running. */
function followedRow(
  result: DataSourceResult,
  executionId: string,
  stop: Stop | undefined,
  because: (why: string) => DataSourceResult,
  job: string,
): DataSourceResult {
  if (stop?.stopped) {
    return {
      ...because(`this step's ${job} ${executionId} was stopped`),
      status: 'stop requested',
      outcome: 'stopped',
    };
  }
  if (stop && 'ended' in stop) {
    const { ended } = stop;
    return {
      ...result,
      status: ended.status,
      outcome: ended.outcome ?? 'failed',
      startTime: ended.startTime ?? result.startTime,
      endTime: ended.endTime,
      metrics: ended.metrics,
      ...(ended.errorMessage && { errorMessage: ended.errorMessage }),
    };
  }
  const why = stop ? 'it could not be stopped' : 'stop-on-cancel is false';
  return {
    ...because(`this step's ${job} ${executionId} was left running (${why})`),
    outcome: 'started',
  };
}
