// Amazon CloudWatch Logs, FilterLogEvents and the delivery API's reads (DescribeDeliverySources,
// DescribeDeliveries, GetDeliveryDestination): awsJson1_1 (X-Amz-Target:
// Logs_20140328.<Operation>), SigV4 service "logs". The model's constraints are in ./model.ts,
// the log groups in ./state.ts, the filter pattern syntax in ./filter-pattern.ts.
import { NO_RESOURCE_TYPE, authorize, denyMessage } from '../core/iam.js';
import {
  type Call,
  Fail,
  type Reply,
  header,
  jsonReply,
  JSON_CONTENT_TYPE,
} from '../core/protocol.js';
import { frontEnd } from '../core/front-end.js';
import { AUTH_ERRORS } from '../core/sigv4.js';
import type { Credential } from '../core/identities.js';
import { uuid } from '../core/util.js';
import { type Dialect, type Input, dottedPath, opt, validate } from '../core/validate.js';
import { BadPattern, type Matcher, compileFilterPattern } from './filter-pattern.js';
import { DELIVERY_INPUTS, FILTER_LOG_EVENTS } from './model.js';
import { type LogsState, type StoredEvent, sorted } from './state.js';

const LOGS_TARGET_PREFIX = 'Logs_20140328.';

/** CloudWatch Logs errors: awsJson1_1, `__type` and lower-case `message`; server faults 500. */
export function logsError(code: string, message: string, status?: number): Reply {
  return {
    status: status ?? (code === 'ServiceUnavailableException' ? 500 : 400),
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': uuid() },
    body: JSON.stringify({ __type: code, message }),
    errorCode: code,
  };
}

// ---- the service --------------------------------------------------------------------------

const fail = (code: string, message: string) => new Fail(logsError(code, message));

const NOUNS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  long: 'an integer',
  boolean: 'a boolean',
  list: 'a list',
};

/**
 * CloudWatch Logs' front end: unknown members are ignored, a member of the wrong JSON type is a
 * SerializationException, and model constraint violations come back as InvalidParameterException
 * (CloudWatch Logs maps them to its own error) with the coral "N validation errors detected" text.
 */
const LOGS: Dialect = {
  invalidCode: 'InvalidParameterException',
  unknownMembers: 'ignore',
  memberPath: dottedPath,
  typeError: (path, rule) => `Expected ${NOUNS[rule.type]} for ${path}`,
};

/** The delivery API's front end: the same, but constraint violations are ValidationException. */
const DELIVERY: Dialect = { ...LOGS, invalidCode: 'ValidationException' };

export class Logs {
  constructor(
    private readonly state: LogsState,
    private readonly account: string,
    private readonly credentials: (accessKeyId: string) => Credential | undefined,
  ) {}

  /** The operation named by X-Amz-Target, or '' when it is not a CloudWatch Logs target. */
  static operationOf(call: Call): string {
    const target = header(call, 'x-amz-target') ?? '';
    return target.startsWith(LOGS_TARGET_PREFIX) ? target.slice(LOGS_TARGET_PREFIX.length) : '';
  }

  handle(call: Call): Reply {
    const op = Logs.operationOf(call);
    const fe = frontEnd(call, 'logs', op, this.credentials);
    const { auth, input } = fe;
    if (!auth.ok) return fe.answer(logsError(AUTH_ERRORS[auth.kind], auth.message, 400));
    if (input === undefined)
      return fe.answer(
        logsError('SerializationException', 'Could not parse request body into json'),
      );
    const delivery = DELIVERY_INPUTS[op] && this.deliveryOperations[op];
    if (call.method !== 'POST' || (op !== 'FilterLogEvents' && !delivery)) {
      const message = op ? `Operation ${op} is not supported by the simulator` : '';
      return fe.answer(logsError('UnknownOperationException', message));
    }
    if (delivery) {
      return fe.run(() => {
        const invalid = validate(DELIVERY_INPUTS[op], input, DELIVERY);
        if (invalid) throw fail(invalid.code, invalid.message);
        return jsonReply(delivery(input, auth.cred, auth.region));
      });
    }
    return fe.run(() => jsonReply(this.filter(input, auth.cred, auth.region, call.now)));
  }

  /** The delivery API: how a resource's vended logs are found (./deliveries.ts). */
  private readonly deliveryOperations: Record<
    string,
    (input: Input, cred: Credential, region: string) => unknown
  > = {
    DescribeDeliverySources: (input, cred, region) => {
      this.authorizeAny(cred, 'logs:DescribeDeliverySources');
      const sources = this.state.deliveries.sources.filter((s) => s.region === region);
      return this.describe(
        input,
        'sources',
        sources,
        (s) => s.name,
        (s) => ({
          name: s.name,
          arn: s.arn,
          resourceArns: s.resourceArns,
          service: s.service,
          logType: s.logType,
        }),
      );
    },
    DescribeDeliveries: (input, cred, region) => {
      this.authorizeAny(cred, 'logs:DescribeDeliveries');
      const deliveries = this.state.deliveries.deliveries.filter((d) => d.region === region);
      return this.describe(
        input,
        'deliveries',
        deliveries,
        (d) => d.id,
        (d) => ({
          id: d.id,
          arn: d.arn,
          deliverySourceName: d.deliverySourceName,
          deliveryDestinationArn: d.deliveryDestinationArn,
          deliveryDestinationType: d.deliveryDestinationType,
        }),
      );
    },
    GetDeliveryDestination: (input, cred, region) => {
      const name = opt<string>(input.name)!;
      const resource = `arn:aws:logs:${region}:${this.account}:delivery-destination:${name}`;
      const action = 'logs:GetDeliveryDestination';
      const decision = authorize(cred.principal.statements, action, [resource]);
      if (!decision.allowed)
        throw fail(
          'AccessDeniedException',
          denyMessage(cred.principal.arn, action, resource, decision.explicit),
        );
      const d = this.state.deliveries.destinations.find(
        (x) => x.name === name && x.region === region,
      );
      if (!d) throw fail('ResourceNotFoundException', 'Delivery destination does not exist.');
      return {
        deliveryDestination: {
          name: d.name,
          arn: d.arn,
          deliveryDestinationType: d.type,
          outputFormat: 'json',
          deliveryDestinationConfiguration: { destinationResourceArn: d.destinationResourceArn },
        },
      };
    },
  };

  /** One page of a Describe* listing (limit at most 50, the model's DescribeLimit). */
  private describe<T>(
    input: Input,
    key: 'sources' | 'deliveries',
    items: T[],
    id: (item: T) => string,
    json: (item: T) => unknown,
  ) {
    const page = this.state.pager.page(
      `delivery-${key}`,
      opt<string>(input.nextToken),
      () => items.map(id),
      opt<number>(input.limit) ?? 50,
    );
    if (page === 'bad-token')
      throw fail('ValidationException', 'The specified nextToken is invalid.');
    const byId = new Map(items.map((item) => [id(item), item]));
    const listed = page.ids.map((i) => json(byId.get(i)!));
    const member = key === 'sources' ? 'deliverySources' : 'deliveries';
    return page.nextToken ? { [member]: listed, nextToken: page.nextToken } : { [member]: listed };
  }

  /** Describe* of the delivery API have no resource type: only `"Resource": "*"` allows them. */
  private authorizeAny(cred: Credential, action: string): void {
    const decision = authorize(cred.principal.statements, action, [NO_RESOURCE_TYPE]);
    if (decision.allowed) return;
    const how = decision.explicit
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
    throw fail(
      'AccessDeniedException',
      `User: ${cred.principal.arn} is not authorized to perform: ${action} ${how}`,
    );
  }

  private filter(input: Input, cred: Credential, region: string, now: number) {
    const invalid = validate(FILTER_LOG_EVENTS, input, LOGS);
    if (invalid) throw fail(invalid.code, invalid.message);
    const name = opt<string>(input.logGroupName);
    const identifier = opt<string>(input.logGroupIdentifier);
    // A null stream name reads as '' (it matches no stream).
    const streamNames = opt<(string | null)[]>(input.logStreamNames)?.map((n) => n ?? '');
    const prefix = opt<string>(input.logStreamNamePrefix);
    const startTime = opt<number>(input.startTime);
    const endTime = opt<number>(input.endTime);
    const pattern = opt<string>(input.filterPattern);
    const nextToken = opt<string>(input.nextToken);
    const limit = opt<number>(input.limit);

    if (name !== undefined && identifier !== undefined)
      throw fail(
        'InvalidParameterException',
        'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
      );
    if (name === undefined && identifier === undefined)
      throw fail(
        'InvalidParameterException',
        'Either logGroupName or logGroupIdentifier must be specified.',
      );
    if (streamNames !== undefined && prefix !== undefined)
      throw fail(
        'InvalidParameterException',
        'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.',
      );
    let matcher: Matcher;
    try {
      matcher = compileFilterPattern(pattern ?? '');
    } catch (e) {
      if (!(e instanceof BadPattern)) throw e;
      throw fail('InvalidParameterException', `Invalid filter pattern: ${pattern}`);
    }

    // logGroupIdentifier: a name, or the log group's ARN without the trailing :* (the model's
    // pattern has no '*').
    let groupName = name ?? identifier!;
    let groupRegion = region;
    const arn = /^arn:aws[\w-]*:logs:([\w-]+):(\d{12}):log-group:([^:]+)$/.exec(groupName);
    if (arn) {
      groupRegion = arn[1];
      groupName = arn[3];
    }
    // The log-group resource as IAM evaluates FilterLogEvents: `log-group:<name>:log-stream:`,
    // which a policy on `log-group:<name>:*` (the documented form) matches and one on the bare
    // group ARN does not.
    const resource = `arn:aws:logs:${groupRegion}:${this.account}:log-group:${groupName}:log-stream:`;
    const action = 'logs:FilterLogEvents';
    const decision = authorize(cred.principal.statements, action, [resource]);
    if (!decision.allowed)
      throw fail(
        'AccessDeniedException',
        denyMessage(cred.principal.arn, action, resource, decision.explicit),
      );

    this.state.materialize(now);
    const group = this.state.group(groupName, groupRegion);
    if (!group) throw fail('ResourceNotFoundException', 'The specified log group does not exist.');

    const max = Math.min(limit ?? 10_000, this.state.pageSize);
    const scope = `events|${groupName}|${JSON.stringify([streamNames, prefix, startTime, endTime, pattern])}`;
    const page = this.state.pager.page(
      scope,
      nextToken,
      () =>
        sorted(
          group.events.filter(
            (e) =>
              e.visibleAt <= now &&
              (streamNames === undefined || streamNames.includes(e.logStreamName)) &&
              (prefix === undefined || e.logStreamName.startsWith(prefix)) &&
              (startTime === undefined || e.timestamp >= startTime) &&
              (endTime === undefined || e.timestamp <= endTime) &&
              matcher(e.message),
          ),
        ).map((e) => e.eventId),
      max,
    );
    if (page === 'bad-token')
      throw fail('InvalidParameterException', 'The specified nextToken is invalid.');
    const byId = new Map(group.events.map((e) => [e.eventId, e]));
    const events = page.ids
      .map((id) => byId.get(id))
      .filter((e): e is StoredEvent => e !== undefined)
      .map((e) => ({
        logStreamName: e.logStreamName,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
        eventId: e.eventId,
      }));
    // searchedLogStreams is no longer filled in by the service; it answers an empty list.
    return page.nextToken
      ? { events, searchedLogStreams: [], nextToken: page.nextToken }
      : { events, searchedLogStreams: [] };
  }
}
