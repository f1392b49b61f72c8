import { explain } from './aws/explain.js';
import { InputError } from './errors.js';
import { checkSearchable } from './lifecycle/check.js';
import { readInputs, type Inputs } from './inputs.js';
import { openService, type Opened } from './open.js';
import { cancelSyncs } from './lifecycle/cancel.js';
import { SyncProgress } from './lifecycle/progress.js';
import { resolveContainerId, resolveDataSources, type Unresolved } from './lifecycle/names.js';
import { syncAll } from './lifecycle/sync.js';
import type { SyncService, Target } from './model.js';
import * as log from './base/log.js';
import { announceExecutionId, setOutputs, setVerdict } from './report/outputs.js';
import { logCheck } from './report/check.js';
import { writeFailureSummary, writeSummary } from './report/summary.js';
import { systemClock, type Clock } from './time.js';

/** Longest the job summary may take after a cancellation: the runner kills soon after. */
const CANCEL_SUMMARY_MS = 500;

/** One run of the action: inputs -> credentials -> data sources -> sync (and wait) -> report. */
export async function run(clock: Clock = systemClock): Promise<void> {
  let inputs: Inputs | undefined;
  let opened: Opened | undefined;
  let signals: CancelSignals | undefined;
  try {
    inputs = readInputs();
    opened = await openService(inputs, clock);
    const { service } = opened;

    const { containerId, targets } = await resolveTargets(service, inputs);
    const progress = new SyncProgress(targets);
    signals = listenForCancel(cancelled(service, progress, inputs, clock));
    const results = await syncAll(service, progress, inputs, clock, announceExecutionId);
    const check =
      inputs.check &&
      (await checkSearchable(service, containerId, inputs.check, results, {
        clock,
        timeoutMinutes: inputs.waitTimeoutMinutes,
      }));
    if (check) logCheck(check);
    // A cancellation reports, and ends the process, on its own.
    if (signals.cancelling) return await signals.cancelling;

    setOutputs(service, results, inputs.waitForCompletion, check);
    await writeSummary(service, results, { check });
    setVerdict(results, check);
  } catch (error) {
    await fail(error, inputs);
  } finally {
    signals?.remove();
    opened?.service.close();
    opened?.credentials.close();
  }
}

interface CancelSignals {
  /** Set once the workflow is cancelled: settles never, as the process ends. */
  cancelling?: Promise<void>;
  remove(): void;
}

/** Calls `cancel` once, on the first SIGINT or SIGTERM (the runner sends both, 7.5 s apart). */
function listenForCancel(cancel: (signal: NodeJS.Signals) => Promise<void>): CancelSignals {
  const signals: CancelSignals = {
    remove: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
  function onSignal(signal: NodeJS.Signals): void {
    signals.cancelling ??= cancel(signal);
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return signals;
}

/** After a cancellation: stop what this step started, report each data source as it stands, exit 1. */
function cancelled(
  service: SyncService,
  progress: SyncProgress,
  inputs: Inputs,
  clock: Clock,
): (signal: NodeJS.Signals) => Promise<void> {
  return async (signal) => {
    try {
      const results = await cancelSyncs(service, progress, inputs.stopOnCancel, signal);
      setOutputs(service, results, inputs.waitForCompletion);
      const note = `Cancelled (${signal}) while the step ran.`;
      // The summary is worth writing, but never worth missing the runner's kill for.
      await Promise.race([
        writeSummary(service, results, { note }).catch(() => undefined),
        clock.sleep(CANCEL_SUMMARY_MS),
      ]);
    } finally {
      // The one place the process ends early: the runner kills it soon anyway.
      process.exit(1);
    }
  };
}

/** The container and the data sources to sync, resolving names with one listing each. */
async function resolveTargets(
  service: SyncService,
  inputs: Inputs,
): Promise<{ containerId: string; targets: Array<Target | Unresolved> }> {
  const containerId =
    inputs.containerId ?? (await resolveContainerId(service, inputs.containerName ?? ''));
  const targets =
    inputs.dataSourceNames.length === 0
      ? inputs.dataSourceIds.map((dataSourceId) => ({ containerId, dataSourceId }))
      : await resolveDataSources(service, containerId, inputs.dataSourceNames);
  return { containerId, targets };
}

/** Expected failures print their message alone: no stack trace. The summary says it too. */
async function fail(error: unknown, inputs: Inputs | undefined): Promise<void> {
  const problems = error instanceof InputError ? error.problems : [explain(error)];
  if (error instanceof InputError) {
    problems.forEach((problem) => log.error(problem));
    process.exitCode = 1;
  } else {
    log.setFailed(problems[0]);
  }
  await writeFailureSummary(inputs?.terms.service, problems).catch(() => undefined);
}
