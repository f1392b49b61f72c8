// The part of the bedrock-agent-runtime (2023-07-26) model the simulator serves: the knowledge
// base Retrieve's route, the request members it checks, and its errors with their statuses. The
// conformance test checks every entry against botocore's service-2.json.
import type { ShapeRule, StructureRule } from '../core/validate.js';

/** Named shapes of the model (their patterns carry Smithy's ^...$, as botocore writes them). */
export const RUNTIME_SHAPES = {
  /** An ID or the knowledge base's ARN (since 1.43.32; an ID of at most 10 before). */
  KnowledgeBaseIdentifier: {
    type: 'string',
    min: 10,
    max: 2048,
    pattern:
      '^[0-9a-zA-Z]{10}$|^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:knowledge-base/[0-9a-zA-Z]{10}$',
  },
  NextToken: { type: 'string', min: 1, max: 2048, pattern: '^\\S*$' },
  KnowledgeBaseQueryTextString: { type: 'string', min: 0, max: 20000 },
  KnowledgeBaseQueryType: { type: 'string', enum: ['TEXT', 'IMAGE'] },
  KnowledgeBaseVectorSearchConfigurationNumberOfResultsInteger: {
    type: 'integer',
    min: 1,
    max: 100,
  },
  SearchType: { type: 'string', enum: ['HYBRID', 'SEMANTIC'] },
  GuardrailConfigurationGuardrailIdString: {
    type: 'string',
    min: 0,
    max: 64,
    pattern: '^[a-z0-9]+$',
  },
  GuardrailConfigurationGuardrailVersionString: {
    type: 'string',
    min: 1,
    max: 5,
    pattern: '^(([1-9][0-9]{0,7})|(DRAFT))$',
  },
  /** UserContext.userId: who searches an ACL-enabled data source (no constraint in the model). */
  String: { type: 'string' },
} as const satisfies Record<string, ShapeRule>;

/** RetrievalResultLocationType values the simulator answers with (a subset of the model's). */
export const LOCATION_TYPES = ['S3', 'WEB', 'CUSTOM'] as const;

const S = RUNTIME_SHAPES;
const input = (members: StructureRule['members'], ...required: string[]): StructureRule => ({
  type: 'structure',
  members,
  required,
});

/**
 * The request of each operation as the simulator checks it: the URI label first, then the body
 * members in the model's order. Members the simulator does not read (a vector search `filter`,
 * `implicitFilterConfiguration`, `rerankingConfiguration`, an image query) are not checked: the
 * restJson1 front end ignores what it does not know, and the search ignores them too.
 */
export const RUNTIME_INPUTS: Record<string, StructureRule> = {
  Retrieve: input(
    {
      knowledgeBaseId: S.KnowledgeBaseIdentifier,
      guardrailConfiguration: input(
        {
          guardrailId: S.GuardrailConfigurationGuardrailIdString,
          guardrailVersion: S.GuardrailConfigurationGuardrailVersionString,
        },
        'guardrailId',
        'guardrailVersion',
      ),
      nextToken: S.NextToken,
      retrievalConfiguration: input({
        vectorSearchConfiguration: input({
          numberOfResults: S.KnowledgeBaseVectorSearchConfigurationNumberOfResultsInteger,
          overrideSearchType: S.SearchType,
        }),
      }),
      retrievalQuery: input({
        text: S.KnowledgeBaseQueryTextString,
        type: S.KnowledgeBaseQueryType,
      }),
      userContext: input({ userId: S.String }, 'userId'),
    },
    'knowledgeBaseId',
    'retrievalQuery',
  ),
};

/** The model's http blocks of the operations served. */
export const RUNTIME_ROUTES: Record<
  string,
  { method: string; requestUri: string; responseCode: number }
> = {
  Retrieve: {
    method: 'POST',
    requestUri: '/knowledgebases/{knowledgeBaseId}/retrieve',
    responseCode: 200,
  },
};

/** httpError of each modeled error the simulator answers. */
export const RUNTIME_STATUS: Record<string, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  DependencyFailedException: 424,
  ServiceQuotaExceededException: 400,
  InternalServerException: 500,
  BadGatewayException: 502,
};

/** Modeled errors each operation can answer in the simulator (a subset of the model's). */
export const RUNTIME_OPERATION_ERRORS: Record<string, readonly string[]> = {
  Retrieve: [
    'ValidationException',
    'AccessDeniedException',
    'ResourceNotFoundException',
    'ThrottlingException',
    'InternalServerException',
  ],
};
