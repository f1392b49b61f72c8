// In-memory world of the simulated CloudWatch Logs: log groups (each in one Region, or any),
// their events with CloudWatch's ingestion lag, event IDs and FilterLogEvents' page tokens. The
// simulated Kendra's failed-document logs are written in by sim/logs/kendra-writer.ts.
import { randomInt } from 'node:crypto';
import { Pager } from '../core/paging.js';
import type { JobScript, JobView } from '../types.js';
import { KendraLogWriter } from './kendra-writer.js';
import { type BedrockJobFacts, BedrockLogWriter } from './bedrock-writer.js';
import { Deliveries } from './deliveries.js';
import type { KendraLogOptions, LogEventInput, LogEventView } from './types.js';

export interface StoredEvent {
  logStreamName: string;
  timestamp: number;
  ingestionTime: number;
  /** Not returned before this instant (CloudWatch's ingestion lag). */
  visibleAt: number;
  message: string;
  eventId: string;
}

export interface LogGroup {
  name: string;
  /** undefined: found from any Region (a group a test added without one). */
  region?: string;
  events: StoredEvent[];
}

let eventSeq = 0;

/** CloudWatch event IDs are 56-digit decimal strings. */
function newEventId(timestamp: number): string {
  let tail = '';
  for (let i = 0; i < 30; i++) tail += String(randomInt(10));
  eventSeq = (eventSeq + 1) % 1_000_000;
  return `${String(timestamp).padStart(20, '0')}${String(eventSeq).padStart(6, '0')}${tail}`;
}

export class LogsState {
  groups = new Map<string, LogGroup>();
  pageSize = 10_000;
  readonly pager = new Pager();
  /** Writes the simulated Kendra's failed-document logs into this state. */
  private readonly kendra: KendraLogWriter;
  /** Vended-log deliveries, and the Bedrock application logs written through them. */
  readonly deliveries = new Deliveries();
  readonly bedrock: BedrockLogWriter;

  /**
   * @param jobView how the simulated Kendra reports a sync job now (undefined once reset)
   * @param indexRegion where a Kendra index lives: its log group is in the same Region
   * @param bedrockJob how the simulated Bedrock reports an ingestion job now
   */
  constructor(
    jobView: (executionId: string, now: number) => JobView | undefined,
    indexRegion: (indexId: string) => string | undefined,
    bedrockJob: (id: string, now: number) => BedrockJobFacts | undefined,
  ) {
    this.kendra = new KendraLogWriter(this, jobView, indexRegion);
    this.bedrock = new BedrockLogWriter(this, this.deliveries, bedrockJob);
  }

  reset(): void {
    this.groups.clear();
    this.pageSize = 10_000;
    this.pager.clear();
    this.kendra.reset();
    this.deliveries.reset();
    this.bedrock.reset();
  }

  addGroup(name: string, region?: string): LogGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, region, events: [] };
      this.groups.set(name, g);
    }
    return g;
  }

  put(groupName: string, stream: string, events: LogEventInput[], region?: string): void {
    const ingested = events.map((e) => ({ ...e, ingestionTime: e.ingestionTime ?? e.timestamp }));
    this.append(
      this.addGroup(groupName, region),
      ingested.map((e) => ({
        logStreamName: stream,
        timestamp: e.timestamp,
        ingestionTime: e.ingestionTime,
        visibleAt: e.ingestionTime,
        message: e.message,
      })),
    );
  }

  setKendraLogs(indexId: string, opts: KendraLogOptions): void {
    this.kendra.configure(indexId, opts);
  }

  /** Hook for the Kendra job lifecycle: every job started or added is watched until it ends. */
  watchKendraJob(executionId: string, script: JobScript): void {
    this.kendra.watch(executionId, script);
  }

  /** Write the logs of every watched Kendra job that has ended by `now` (once each). */
  materialize(now: number): void {
    this.kendra.materialize(now);
    this.bedrock.materialize(now);
  }

  /** Events as a writer adds them: each gets its event ID here. */
  append(group: LogGroup, events: Omit<StoredEvent, 'eventId'>[]): void {
    for (const e of events) group.events.push({ ...e, eventId: newEventId(e.timestamp) });
  }

  events(groupName: string, now: number, region?: string): LogEventView[] {
    this.materialize(now);
    const g = this.group(groupName, region);
    if (!g) return [];
    return sorted(g.events.filter((e) => e.visibleAt <= now)).map((e) => ({
      logGroupName: g.name,
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      ingestionTime: e.ingestionTime,
      message: e.message,
      eventId: e.eventId,
    }));
  }

  group(name: string, region?: string): LogGroup | undefined {
    const g = this.groups.get(name);
    if (!g || (g.region !== undefined && region !== undefined && g.region !== region))
      return undefined;
    return g;
  }
}

/** Events in the order FilterLogEvents answers them. */
export function sorted(events: StoredEvent[]): StoredEvent[] {
  return [...events].sort(
    (a, b) =>
      a.timestamp - b.timestamp ||
      a.ingestionTime - b.ingestionTime ||
      (a.eventId < b.eventId ? -1 : 1),
  );
}
