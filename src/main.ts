import { CancelGuard } from './cancel.js';
import { startCredentials, type Credentials } from './credentials.js';
import { InputError } from './errors.js';
import { explain } from './explain.js';
import { readInputs, type Inputs } from './inputs.js';
import * as log from './log.js';
import type { SyncService, Target } from './model.js';
import { resolveContainerId, resolveDataSources, type Unresolved } from './names.js';
import {
  announceExecutionId,
  setOutputs,
  setVerdict,
  writeFailureSummary,
  writeSummary,
  type DataSourceResult,
} from './report.js';
import { openService } from './services.js';
import { syncAll } from './sync.js';
import { systemClock, type Clock } from './time.js';

/** One run of the action: inputs -> credentials -> data sources -> start (and wait) -> report. */
export async function run(clock: Clock = systemClock, env = process.env): Promise<void> {
  let credentials: Credentials | undefined;
  let service: SyncService | undefined;
  try {
    const inputs = readInputs(env);
    // Loading code blocks the event loop, so each SDK client loads while the step waits on the
    // network: STS's during the token request, the service's once the STS request is out.
    // Credential failures are reported once, below.
    credentials = await startCredentials(inputs, env, clock);
    await credentials.sent;
    service = await openService(inputs, credentials, clock);
    await credentials.ready;

    const targets = await resolveTargets(service, inputs);
    const started = new Map<number, string>();
    const open = service;
    const guard = new CancelGuard(service, inputs.stopOnCancel, (signal, stopped) =>
      writeSummary(open, cancelledResults(targets, started, stopped), {
        note: `Cancelled (${signal}) while the step ran.`,
      }),
    );
    const results = await syncAll(service, targets, inputs, clock, {
      onExecutionId: (position, executionId) => {
        started.set(position, executionId);
        announceExecutionId(position, executionId);
      },
      track: (executionId, target, startedAfter) => guard.track(executionId, target, startedAfter),
      untrack: (executionId) => guard.untrack(executionId),
    });
    setOutputs(service, results, inputs.waitForCompletion);
    await writeSummary(service, results);
    setVerdict(results);
  } catch (error) {
    await fail(error, service);
  } finally {
    service?.close();
    credentials?.close();
  }
}

/** The data sources to sync, resolving names with one listing per container. */
async function resolveTargets(
  service: SyncService,
  inputs: Inputs,
): Promise<Array<Target | Unresolved>> {
  const containerId =
    inputs.containerId ?? (await resolveContainerId(service, inputs.containerName ?? ''));
  if (inputs.dataSourceNames.length === 0) {
    return inputs.dataSourceIds.map((dataSourceId) => ({ containerId, dataSourceId }));
  }
  return resolveDataSources(service, containerId, inputs.dataSourceNames);
}

/** Where each data source was when the workflow was cancelled. */
function cancelledResults(
  targets: Array<Target | Unresolved>,
  started: Map<number, string>,
  stopped: Set<string>,
): DataSourceResult[] {
  return targets.map((target, position) => {
    const executionId = started.get(position);
    const outcome = executionId && !stopped.has(executionId) ? 'started' : 'stopped';
    return {
      containerId: target.containerId,
      dataSourceId: 'dataSourceId' in target ? target.dataSourceId : undefined,
      dataSourceName: target.dataSourceName,
      executionId,
      status: executionId
        ? stopped.has(executionId)
          ? 'stop requested'
          : 'left running'
        : undefined,
      outcome,
      skipped: false,
    };
  });
}

/** Expected failures print their message alone: no stack trace. The summary says it too. */
async function fail(error: unknown, service: SyncService | undefined): Promise<void> {
  const problems = error instanceof InputError ? error.problems : [explain(error)];
  if (error instanceof InputError) {
    problems.forEach((problem) => log.error(problem));
    process.exitCode = 1;
  } else {
    log.setFailed(problems[0]);
  }
  await writeFailureSummary(service?.terms.service, problems).catch(() => undefined);
}
