// The part of the CloudWatch Logs (2014-03-28) model the simulator serves: FilterLogEvents's
// request members with their constraints, and the errors it may answer. The conformance test
// (__tests__/conformance-bedrock.test.ts) checks every entry against botocore's service-2.json.
import type { ShapeRule, StructureRule } from '../core/validate.js';

/** FilterLogEvents request members (CloudWatch Logs), as the model constrains them. */
export const FILTER_LOG_EVENTS_INPUT = {
  logGroupName: { type: 'string', min: 1, max: 512, pattern: '[\\.\\-_/#A-Za-z0-9]+' },
  logGroupIdentifier: { type: 'string', min: 1, max: 2048, pattern: '[\\w#+=/:,.@-]*' },
  logStreamNamePrefix: { type: 'string', min: 1, max: 512, pattern: '[^:*]*' },
  startTime: { type: 'long', min: 0 },
  endTime: { type: 'long', min: 0 },
  filterPattern: { type: 'string', min: 0, max: 1024 },
  nextToken: { type: 'string', min: 1 },
  limit: { type: 'integer', min: 1, max: 10000 },
  interleaved: { type: 'boolean' },
  unmask: { type: 'boolean' },
} as const satisfies Record<string, ShapeRule>;

/** logStreamNames: a list of 1-100 LogStreamName (the same shape as logStreamNamePrefix). */
export const LOG_STREAM_NAMES = { min: 1, max: 100 } as const;

/** The FilterLogEvents request as the simulator checks it, members in the model's order. */
export const FILTER_LOG_EVENTS: StructureRule = (() => {
  const M = FILTER_LOG_EVENTS_INPUT;
  return {
    type: 'structure',
    members: {
      logGroupName: M.logGroupName,
      logGroupIdentifier: M.logGroupIdentifier,
      logStreamNames: { type: 'list', ...LOG_STREAM_NAMES, member: M.logStreamNamePrefix },
      logStreamNamePrefix: M.logStreamNamePrefix,
      startTime: M.startTime,
      endTime: M.endTime,
      filterPattern: M.filterPattern,
      nextToken: M.nextToken,
      limit: M.limit,
      interleaved: M.interleaved,
      unmask: M.unmask,
    },
  };
})();

/** The modeled FilterLogEvents errors the simulator answers (all 400 but the 500 fault). */
export const LOGS_OPERATION_ERRORS = [
  'InvalidParameterException',
  'ResourceNotFoundException',
  'ServiceUnavailableException',
] as const;

/** The delivery API's request shapes (DescribeDeliverySources, DescribeDeliveries, GetDeliveryDestination). */
export const DELIVERY_SHAPES = {
  NextToken: { type: 'string', min: 1 },
  DescribeLimit: { type: 'integer', min: 1, max: 50 },
  DeliveryDestinationName: { type: 'string', min: 1, max: 60, pattern: '[\\w-]*' },
} as const satisfies Record<string, ShapeRule>;

const PAGE = {
  type: 'structure',
  members: { nextToken: DELIVERY_SHAPES.NextToken, limit: DELIVERY_SHAPES.DescribeLimit },
} as const satisfies StructureRule;

/** The delivery operations the simulator serves, their requests as it checks them. */
export const DELIVERY_INPUTS: Record<string, StructureRule> = {
  DescribeDeliverySources: PAGE,
  DescribeDeliveries: PAGE,
  GetDeliveryDestination: {
    type: 'structure',
    members: { name: DELIVERY_SHAPES.DeliveryDestinationName },
    required: ['name'],
  },
};

/** Modeled errors each delivery operation can answer in the simulator (ValidationException, not InvalidParameterException). */
export const DELIVERY_OPERATION_ERRORS: Record<string, readonly string[]> = {
  DescribeDeliverySources: [
    'ServiceUnavailableException',
    'ServiceQuotaExceededException',
    'ValidationException',
    'ThrottlingException',
  ],
  DescribeDeliveries: [
    'ServiceUnavailableException',
    'ServiceQuotaExceededException',
    'ValidationException',
    'ThrottlingException',
  ],
  GetDeliveryDestination: [
    'ResourceNotFoundException',
    'ServiceUnavailableException',
    'ValidationException',
    'ServiceQuotaExceededException',
    'ThrottlingException',
  ],
};

/** DeliveryDestinationType of the model. */
export const DELIVERY_DESTINATION_TYPES = ['S3', 'CWL', 'FH', 'XRAY'] as const;
