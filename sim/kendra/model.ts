// The part of Kendra's API model (kendra-2019-02-03) the simulator serves: input shapes with
// their constraints, enums, and the errors each operation may answer. The conformance test
// checks every entry here against botocore's service-2.json, so this table is the one place
// to change when the model changes.

import type { ListRule, StringRule, StructureRule } from '../core/validate.js';

export const DATA_SOURCE_TYPES = [
  'S3',
  'SHAREPOINT',
  'DATABASE',
  'SALESFORCE',
  'ONEDRIVE',
  'SERVICENOW',
  'CUSTOM',
  'CONFLUENCE',
  'GOOGLEDRIVE',
  'WEBCRAWLER',
  'WORKDOCS',
  'FSX',
  'SLACK',
  'BOX',
  'QUIP',
  'JIRA',
  'GITHUB',
  'ALFRESCO',
  'TEMPLATE',
] as const;

export const DATA_SOURCE_SYNC_JOB_STATUSES = [
  'FAILED',
  'SUCCEEDED',
  'SYNCING',
  'INCOMPLETE',
  'STOPPING',
  'ABORTED',
  'SYNCING_INDEXING',
] as const;

/** ErrorCode of a failed sync job. */
export const ERROR_CODES = ['InternalError', 'InvalidRequest'] as const;

export const INDEX_STATUSES = [
  'CREATING',
  'ACTIVE',
  'DELETING',
  'FAILED',
  'UPDATING',
  'SYSTEM_UPDATING',
] as const;

export const DATA_SOURCE_STATUSES = [
  'CREATING',
  'DELETING',
  'FAILED',
  'UPDATING',
  'ACTIVE',
] as const;

export const INDEX_EDITIONS = [
  'DEVELOPER_EDITION',
  'ENTERPRISE_EDITION',
  'GEN_AI_ENTERPRISE_EDITION',
] as const;

/** Named shapes of the model, for the catalog the simulator is seeded with. */
export const SHAPES = {
  IndexId: { type: 'string', min: 36, max: 36, pattern: '[a-zA-Z0-9][a-zA-Z0-9-]*' },
  DataSourceId: { type: 'string', min: 1, max: 100, pattern: '[a-zA-Z0-9][a-zA-Z0-9_-]*' },
  IndexName: { type: 'string', min: 1, max: 1000, pattern: '[a-zA-Z0-9][a-zA-Z0-9_-]*' },
  DataSourceName: { type: 'string', min: 1, max: 1000, pattern: '[a-zA-Z0-9][a-zA-Z0-9_-]*' },
  LanguageCode: { type: 'string', min: 2, max: 10, pattern: '[a-zA-Z-]*' },
  NextToken: { type: 'string', min: 1, max: 800 },
  QueryText: { type: 'string' },
  DocumentAttributeKey: { type: 'string', min: 1, max: 200, pattern: '[a-zA-Z0-9_][a-zA-Z0-9_-]*' },
  DocumentAttributeStringValue: { type: 'string', min: 1, max: 2048 },
  String: { type: 'string', min: 1, max: 2048 },
  DocumentMetadataConfigurationName: { type: 'string', min: 1, max: 30 },
  Duration: { type: 'string', min: 1, max: 10, pattern: '[0-9]+[s]' },
  Order: { type: 'string', enum: ['ASCENDING', 'DESCENDING'] },
  ValueImportanceMapKey: { type: 'string', min: 1, max: 50 },
  Token: { type: 'string', min: 1, max: 100000, pattern: '^\\P{C}*$' },
  PrincipalName: { type: 'string', min: 1, max: 200, pattern: '^\\P{C}*$' },
} as const satisfies Record<string, StringRule>;

/** The pattern a ResultItem's DocumentURI (shape Url) satisfies. */
export const URL_PATTERN = '^(https?|ftp|file):\\/\\/([^\\s]*)';

const { IndexId, DataSourceId, NextToken } = SHAPES;
const K = SHAPES;
const TimeRange: StructureRule = {
  type: 'structure',
  members: { StartTime: { type: 'timestamp' }, EndTime: { type: 'timestamp' } },
};

const Importance = { type: 'integer', min: 1, max: 10 } as const;
const DocumentAttribute: StructureRule = {
  type: 'structure',
  members: {
    Key: K.DocumentAttributeKey,
    Value: {
      type: 'structure',
      members: {
        StringValue: K.DocumentAttributeStringValue,
        StringListValue: { type: 'list', member: K.String },
        LongValue: { type: 'long' },
        DateValue: { type: 'timestamp' },
      },
    },
  },
  required: ['Key', 'Value'],
};
/** AttributeFilter is recursive (AndAllFilters, OrAllFilters, NotFilter): the rule refers to itself. */
const AttributeFilterList: ListRule = { type: 'list', member: { type: 'structure', members: {} } };
const AttributeFilter: StructureRule = {
  type: 'structure',
  members: {
    AndAllFilters: AttributeFilterList,
    OrAllFilters: AttributeFilterList,
    NotFilter: { type: 'structure', members: {} },
    EqualsTo: DocumentAttribute,
    ContainsAll: DocumentAttribute,
    ContainsAny: DocumentAttribute,
    GreaterThan: DocumentAttribute,
    GreaterThanOrEquals: DocumentAttribute,
    LessThan: DocumentAttribute,
    LessThanOrEquals: DocumentAttribute,
  },
};
AttributeFilterList.member = AttributeFilter;
AttributeFilter.members.NotFilter = AttributeFilter;

/** Request shape of every operation the simulator answers. */
export const INPUTS: Record<string, StructureRule> = {
  StartDataSourceSyncJob: {
    type: 'structure',
    members: { Id: DataSourceId, IndexId },
    required: ['Id', 'IndexId'],
  },
  StopDataSourceSyncJob: {
    type: 'structure',
    members: { Id: DataSourceId, IndexId },
    required: ['Id', 'IndexId'],
  },
  ListDataSourceSyncJobs: {
    type: 'structure',
    members: {
      Id: DataSourceId,
      IndexId,
      NextToken,
      MaxResults: { type: 'integer', min: 1, max: 10 },
      StartTimeFilter: TimeRange,
      StatusFilter: { type: 'string', enum: DATA_SOURCE_SYNC_JOB_STATUSES },
    },
    required: ['Id', 'IndexId'],
  },
  ListIndices: {
    type: 'structure',
    members: { NextToken, MaxResults: { type: 'integer', min: 1, max: 100 } },
  },
  ListDataSources: {
    type: 'structure',
    members: { IndexId, NextToken, MaxResults: { type: 'integer', min: 1, max: 100 } },
    required: ['IndexId'],
  },
  DescribeIndex: { type: 'structure', members: { Id: IndexId }, required: ['Id'] },
  DescribeDataSource: {
    type: 'structure',
    members: { Id: DataSourceId, IndexId },
    required: ['Id', 'IndexId'],
  },
  Retrieve: {
    type: 'structure',
    members: {
      IndexId,
      QueryText: K.QueryText,
      AttributeFilter,
      RequestedDocumentAttributes: {
        type: 'list',
        member: K.DocumentAttributeKey,
        min: 1,
        max: 100,
      },
      DocumentRelevanceOverrideConfigurations: {
        type: 'list',
        min: 0,
        max: 500,
        member: {
          type: 'structure',
          members: {
            Name: K.DocumentMetadataConfigurationName,
            Relevance: {
              type: 'structure',
              members: {
                Freshness: { type: 'boolean' },
                Importance,
                Duration: K.Duration,
                RankOrder: K.Order,
                ValueImportanceMap: {
                  type: 'map',
                  key: K.ValueImportanceMapKey,
                  value: Importance,
                },
              },
            },
          },
          required: ['Name', 'Relevance'],
        },
      },
      // Plain Integer in the model: no range. The API reference caps what comes back at 100
      // results, so a larger page is answered with at most 100, not rejected.
      PageNumber: { type: 'integer' },
      PageSize: { type: 'integer' },
      UserContext: {
        type: 'structure',
        members: {
          Token: K.Token,
          UserId: K.PrincipalName,
          Groups: { type: 'list', member: K.PrincipalName, min: 1, max: 2048 },
          DataSourceGroups: {
            type: 'list',
            min: 1,
            max: 2048,
            member: {
              type: 'structure',
              members: { GroupId: K.PrincipalName, DataSourceId },
              required: ['GroupId', 'DataSourceId'],
            },
          },
        },
      },
    },
    required: ['IndexId', 'QueryText'],
  },
};

/**
 * The modelled errors each operation can answer in the simulator (a subset of the model's list).
 * Front-end errors (authentication, serialization, unknown operation) are not modelled.
 */
export const OPERATION_ERRORS: Record<string, readonly string[]> = {
  StartDataSourceSyncJob: [
    'ValidationException',
    'ResourceNotFoundException',
    'ResourceInUseException',
    'ThrottlingException',
    'AccessDeniedException',
    'ConflictException',
    'InternalServerException',
  ],
  StopDataSourceSyncJob: [
    'ValidationException',
    'ResourceNotFoundException',
    'ThrottlingException',
    'AccessDeniedException',
    'InternalServerException',
  ],
  ListDataSourceSyncJobs: [
    'ValidationException',
    'ResourceNotFoundException',
    'ThrottlingException',
    'AccessDeniedException',
    'InternalServerException',
  ],
  ListIndices: [
    'ValidationException',
    'ThrottlingException',
    'AccessDeniedException',
    'InternalServerException',
  ],
  ListDataSources: [
    'ValidationException',
    'ResourceNotFoundException',
    'ThrottlingException',
    'AccessDeniedException',
    'InternalServerException',
  ],
  DescribeIndex: [
    'ValidationException',
    'ResourceNotFoundException',
    'ThrottlingException',
    'AccessDeniedException',
    'InternalServerException',
  ],
  DescribeDataSource: [
    'ValidationException',
    'ResourceNotFoundException',
    'ThrottlingException',
    'AccessDeniedException',
    'InternalServerException',
  ],
  Retrieve: [
    'ValidationException',
    'ConflictException',
    'ResourceNotFoundException',
    'ThrottlingException',
    'AccessDeniedException',
    'InternalServerException',
  ],
};

/**
 * HTTP status of each modelled error. botocore's Kendra error shapes carry no httpStatusCode, so
 * awsJson's default applies: 400 for client errors, 500 for the one server fault
 * (InternalServerException), as the Kendra API reference lists them. (The Smithy model the JS
 * SDK is generated from has httpError hints 403/404/409/429/402; the SDKs pick the error by
 * __type, so either status decodes the same.)
 */
export const ERROR_STATUS: Record<string, number> = {
  ValidationException: 400,
  ResourceNotFoundException: 400,
  ResourceInUseException: 400,
  ConflictException: 400,
  ThrottlingException: 400,
  AccessDeniedException: 400,
  ServiceQuotaExceededException: 400,
  InternalServerException: 500,
};

/**
 * Resource types each action is authorised against (Service Authorization Reference for Kendra).
 * An empty list: the action has no resource type and only `"Resource": "*"` allows it.
 */
export const RESOURCE_TYPES: Record<string, readonly ('index' | 'data-source')[]> = {
  StartDataSourceSyncJob: ['index', 'data-source'],
  StopDataSourceSyncJob: ['index', 'data-source'],
  ListDataSourceSyncJobs: ['index', 'data-source'],
  DescribeDataSource: ['index', 'data-source'],
  ListDataSources: ['index'],
  DescribeIndex: ['index'],
  Retrieve: ['index'],
  ListIndices: [],
};
