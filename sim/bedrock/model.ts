// The part of the bedrock-agent (2023-06-05) model the simulator serves: routes, the shapes it
// validates, enums, and the errors each operation may answer. The conformance test checks every
// entry against botocore 1.43.67's service-2.json (kept in __tests__/models/).

import type { ShapeRule, StructureRule } from '../core/validate.js';

export const INGESTION_JOB_STATUSES = [
  'STARTING',
  'IN_PROGRESS',
  'COMPLETE',
  'FAILED',
  'STOPPING',
  'STOPPED',
] as const;

export const KNOWLEDGE_BASE_STATUSES = [
  'CREATING',
  'ACTIVE',
  'DELETING',
  'UPDATING',
  'FAILED',
  'DELETE_UNSUCCESSFUL',
  'UPDATE_UNSUCCESSFUL',
] as const;

/** Managed connectors are created and updated asynchronously (CREATING, UPDATING, FAILED). */
export const DATA_SOURCE_STATUSES = [
  'AVAILABLE',
  'DELETING',
  'DELETE_UNSUCCESSFUL',
  'CREATING',
  'UPDATING',
  'FAILED',
] as const;

/** KnowledgeBaseType: MANAGED since 2026-06-17 (AWS parses, embeds and stores). */
export const KNOWLEDGE_BASE_TYPES = ['VECTOR', 'KENDRA', 'SQL', 'MANAGED'] as const;

/** DataSourceType: a managed knowledge base's data sources are all MANAGED_KNOWLEDGE_BASE_CONNECTOR. */
export const DATA_SOURCE_TYPES = [
  'S3',
  'WEB',
  'CONFLUENCE',
  'SALESFORCE',
  'SHAREPOINT',
  'CUSTOM',
  'REDSHIFT_METADATA',
  'MANAGED_KNOWLEDGE_BASE_CONNECTOR',
] as const;

/** Named bedrock-agent shapes the simulator checks requests against. */
export const BEDROCK_SHAPES = {
  Id: { type: 'string', pattern: '[0-9a-zA-Z]{10}' },
  ClientToken: { type: 'string', min: 33, max: 256, pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}' },
  Description: { type: 'string', min: 1, max: 200 },
  MaxResults: { type: 'integer', min: 1, max: 1000 },
  NextToken: { type: 'string', min: 1, max: 2048, pattern: '\\S*' },
  IngestionJobFilterAttribute: { type: 'string', enum: ['STATUS'] },
  IngestionJobFilterOperator: { type: 'string', enum: ['EQ'] },
  IngestionJobFilterValue: { type: 'string', min: 0, max: 100, pattern: '.*' },
  IngestionJobSortByAttribute: { type: 'string', enum: ['STATUS', 'STARTED_AT'] },
  SortOrder: { type: 'string', enum: ['ASCENDING', 'DESCENDING'] },
  Name: { type: 'string', pattern: '([0-9a-zA-Z][_-]?){1,100}' },
} as const satisfies Record<string, ShapeRule>;

/** List lengths of the model: IngestionJobFilters, IngestionJobFilterValues. */
export const BEDROCK_LISTS = {
  IngestionJobFilters: { min: 1, max: 1 },
  IngestionJobFilterValues: { min: 0, max: 10 },
} as const;

const S = BEDROCK_SHAPES;
const L = BEDROCK_LISTS;
const KB = { knowledgeBaseId: S.Id };
const DS = { ...KB, dataSourceId: S.Id };
const JOB = { ...DS, ingestionJobId: S.Id };
const PAGE = { maxResults: S.MaxResults, nextToken: S.NextToken };
const input = (members: StructureRule['members'], ...required: string[]): StructureRule => ({
  type: 'structure',
  members,
  required,
});

/**
 * The request of each operation as the simulator checks it: the URI labels first (checked before
 * the body), then the body members it reads, in the model's order. Built from the named shapes
 * above, which the conformance test compares with the model.
 */
export const BEDROCK_INPUTS: Record<string, StructureRule> = {
  StartIngestionJob: input(
    { ...DS, clientToken: S.ClientToken, description: S.Description },
    'knowledgeBaseId',
    'dataSourceId',
  ),
  GetIngestionJob: input(JOB, 'knowledgeBaseId', 'dataSourceId', 'ingestionJobId'),
  StopIngestionJob: input(JOB, 'knowledgeBaseId', 'dataSourceId', 'ingestionJobId'),
  ListIngestionJobs: input(
    {
      ...DS,
      filters: {
        type: 'list',
        ...L.IngestionJobFilters,
        member: input(
          {
            attribute: S.IngestionJobFilterAttribute,
            operator: S.IngestionJobFilterOperator,
            values: {
              type: 'list',
              ...L.IngestionJobFilterValues,
              member: S.IngestionJobFilterValue,
            },
          },
          'attribute',
          'operator',
          'values',
        ),
      },
      sortBy: input(
        { attribute: S.IngestionJobSortByAttribute, order: S.SortOrder },
        'attribute',
        'order',
      ),
      ...PAGE,
    },
    'knowledgeBaseId',
    'dataSourceId',
  ),
  ListKnowledgeBases: input(PAGE),
  GetKnowledgeBase: input(KB, 'knowledgeBaseId'),
  GetDataSource: input(DS, 'knowledgeBaseId', 'dataSourceId'),
  ListDataSources: input({ ...KB, ...PAGE }, 'knowledgeBaseId'),
  ListKnowledgeBaseDocuments: input({ ...DS, ...PAGE }, 'knowledgeBaseId', 'dataSourceId'),
};

/** The model's http blocks of the operations served. */
export const BEDROCK_ROUTES: Record<
  string,
  { method: string; requestUri: string; responseCode: number }
> = {
  StartIngestionJob: {
    method: 'PUT',
    requestUri: '/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}/ingestionjobs/',
    responseCode: 202,
  },
  GetIngestionJob: {
    method: 'GET',
    requestUri:
      '/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}/ingestionjobs/{ingestionJobId}',
    responseCode: 200,
  },
  ListIngestionJobs: {
    method: 'POST',
    requestUri: '/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}/ingestionjobs/',
    responseCode: 200,
  },
  StopIngestionJob: {
    method: 'POST',
    requestUri:
      '/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}/ingestionjobs/{ingestionJobId}/stop',
    responseCode: 202,
  },
  ListKnowledgeBases: { method: 'POST', requestUri: '/knowledgebases/', responseCode: 200 },
  GetKnowledgeBase: {
    method: 'GET',
    requestUri: '/knowledgebases/{knowledgeBaseId}',
    responseCode: 200,
  },
  GetDataSource: {
    method: 'GET',
    requestUri: '/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}',
    responseCode: 200,
  },
  ListDataSources: {
    method: 'POST',
    requestUri: '/knowledgebases/{knowledgeBaseId}/datasources/',
    responseCode: 200,
  },
  ListKnowledgeBaseDocuments: {
    method: 'POST',
    requestUri: '/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}/documents',
    responseCode: 200,
  },
};

/** httpError of each modeled bedrock-agent error. */
export const BEDROCK_STATUS: Record<string, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  InternalServerException: 500,
};

const COMMON = [
  'ThrottlingException',
  'AccessDeniedException',
  'ValidationException',
  'InternalServerException',
] as const;

/** Modeled errors each operation can answer in the simulator (a subset of the model's). */
export const BEDROCK_OPERATION_ERRORS: Record<string, readonly string[]> = {
  StartIngestionJob: [
    ...COMMON,
    'ResourceNotFoundException',
    'ConflictException',
    'ServiceQuotaExceededException',
  ],
  GetIngestionJob: [...COMMON, 'ResourceNotFoundException'],
  ListIngestionJobs: [...COMMON, 'ResourceNotFoundException'],
  StopIngestionJob: [...COMMON, 'ResourceNotFoundException', 'ConflictException'],
  ListKnowledgeBases: [...COMMON],
  GetKnowledgeBase: [...COMMON, 'ResourceNotFoundException'],
  ListDataSources: [...COMMON, 'ResourceNotFoundException'],
  GetDataSource: [...COMMON, 'ResourceNotFoundException'],
  ListKnowledgeBaseDocuments: [
    ...COMMON,
    'ResourceNotFoundException',
    'ServiceQuotaExceededException',
  ],
};

/** DocumentStatus: what ListKnowledgeBaseDocuments says of each document. */
export const DOCUMENT_STATUSES = [
  'INDEXED',
  'PARTIALLY_INDEXED',
  'PENDING',
  'FAILED',
  'METADATA_PARTIALLY_INDEXED',
  'METADATA_UPDATE_FAILED',
  'IGNORED',
  'NOT_FOUND',
  'STARTING',
  'IN_PROGRESS',
  'DELETING',
  'DELETE_IN_PROGRESS',
] as const;

/** ContentDataSourceType: the data source types whose documents the document list holds. */
export const CONTENT_DATA_SOURCE_TYPES = ['CUSTOM', 'S3'] as const;
