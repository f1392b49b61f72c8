// Agents for Amazon Bedrock Runtime (bedrock-agent-runtime, API 2023-07-26), the knowledge base
// Retrieve only: POST /knowledgebases/{knowledgeBaseId}/retrieve, restJson1, SigV4 signing name
// "bedrock" (host bedrock-agent-runtime.<region>.amazonaws.com). Route, constraints and errors
// follow botocore's model; the corpus it searches is the knowledge base's (../bedrock/state.ts).
//
// Where the model and the docs are silent, the simulator decides (and the tests pin it):
// - order of checks: SigV4, route, body, constraints, IAM (bedrock:Retrieve on the knowledge
//   base's ARN), knowledge base, query; an ARN of another Region or account names no knowledge base;
// - a query without text is a ValidationException (the model does not require text, but a text
//   query is all the simulator serves); numberOfResults defaults to 5, as the API reference says;
// - a vector search returns the nearest chunks whatever their relevance, so every served chunk
//   can come back, scored 0.25 plus 0.7 times the share of the query's terms it contains;
// - the answer never carries a nextToken, and a nextToken sent is one it never gave: invalid;
// - an ACL-enabled data source serves a document only to a userContext.userId among its allowed
//   users (emails compared without case); without userContext it serves nothing ("ACL-enabled
//   data sources return zero results"), and data sources without ACLs serve everyone.
import { type Call, Fail, type Reply } from '../core/protocol.js';
import { frontEnd } from '../core/front-end.js';
import { AUTH_ERRORS } from '../core/sigv4.js';
import type { Credential } from '../core/identities.js';
import { authorize, denyMessage } from '../core/iam.js';
import { rank } from '../core/corpus.js';
import { sha256Hex, uuid } from '../core/util.js';
import { type Dialect, type Input, dottedPath, opt, validate } from '../core/validate.js';
import { NOUNS } from '../bedrock/protocol.js';
import { knowledgeBaseArn } from '../bedrock/views.js';
import type { BedrockState } from '../bedrock/state.js';
import { RUNTIME_INPUTS, RUNTIME_ROUTES, RUNTIME_STATUS } from './model.js';

const NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock.agent.runtime/';
/** Chunks of the default fixed-size chunking: about 300 tokens. */
const CHUNK_WORDS = 300;
const DEFAULT_RESULTS = 5;

function runtimeReply(status: number, body: unknown): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': uuid() },
    body: JSON.stringify(body),
  };
}

/** restJson1 errors: the code in x-amzn-ErrorType, `message` in the body, the model's status. */
export function runtimeError(code: string, message: string, status?: number): Reply {
  return {
    status: status ?? RUNTIME_STATUS[code] ?? 400,
    headers: {
      'Content-Type': 'application/json',
      'x-amzn-RequestId': uuid(),
      'x-amzn-ErrorType': `${code}:${NAMESPACE}`,
    },
    body: JSON.stringify({ message }),
    errorCode: code,
  };
}

const fail = (code: string, message: string) => new Fail(runtimeError(code, message));

/** As bedrock-agent's front end, but the model's patterns already carry their ^...$. */
const RUNTIME: Dialect = {
  invalidCode: 'ValidationException',
  unknownMembers: 'ignore',
  memberPath: dottedPath,
  typeError: (path, rule) => `Expected ${NOUNS[rule.type] ?? 'a value'} for ${path}`,
};

const ROUTE = new RegExp(
  `^${RUNTIME_ROUTES.Retrieve.requestUri.replace('{knowledgeBaseId}', '([^/]*)')}$`,
);

export class BedrockRuntime {
  constructor(
    private readonly state: BedrockState,
    private readonly credentials: (accessKeyId: string) => Credential | undefined,
  ) {}

  /** 'Retrieve' for the runtime's route, else undefined (not this service's request). */
  static operationOf(call: Call): string | undefined {
    return call.method === RUNTIME_ROUTES.Retrieve.method && ROUTE.test(call.path)
      ? 'Retrieve'
      : undefined;
  }

  handle(call: Call): Reply {
    const fe = frontEnd(call, 'bedrock', 'Retrieve', this.credentials);
    const { auth, input } = fe;
    if (!auth.ok) return fe.answer(runtimeError(AUTH_ERRORS[auth.kind], auth.message, 403));
    if (input === undefined) {
      return fe.answer(
        runtimeError('SerializationException', 'Could not parse request body into json'),
      );
    }
    const label = ROUTE.exec(call.path)?.[1] ?? '';
    let kbId = label;
    try {
      kbId = decodeURIComponent(label);
    } catch {
      // kept raw: the pattern check rejects it
    }
    return fe.run(() =>
      runtimeReply(
        200,
        this.retrieve({ ...input, knowledgeBaseId: kbId }, auth.cred, auth.region, call.now),
      ),
    );
  }

  private retrieve(input: Input, cred: Credential, region: string, now: number) {
    const invalid = validate(RUNTIME_INPUTS.Retrieve, input, RUNTIME);
    if (invalid) throw fail(invalid.code, invalid.message);
    const identifier = input.knowledgeBaseId as string;
    // An ARN names the knowledge base by its last 10 characters, in its own Region and account.
    const kbId = identifier.slice(-10);
    const arn = knowledgeBaseArn(region, this.state.account, kbId);
    const action = 'bedrock:Retrieve';
    const decision = authorize(cred.principal.statements, action, [arn]);
    if (!decision.allowed) {
      throw fail(
        'AccessDeniedException',
        denyMessage(cred.principal.arn, action, arn, decision.explicit),
      );
    }
    const kb = this.state.knowledgeBase(kbId, region);
    if (!kb || (identifier.startsWith('arn:') && identifier !== arn))
      throw fail('ResourceNotFoundException', `Knowledge base with id ${kbId} does not exist.`);
    if (opt<string>(input.nextToken) !== undefined) {
      throw fail(
        'ValidationException',
        'The nextToken provided is invalid. Use the nextToken from the previous response.',
      );
    }
    const query = input.retrievalQuery as { text?: string | null; type?: string | null };
    const text = opt<string>(query.text);
    if (text === undefined || (opt<string>(query.type) ?? 'TEXT') !== 'TEXT') {
      throw fail(
        'ValidationException',
        'The simulator serves text queries only: set retrievalQuery.text.',
      );
    }
    const config = opt<{ vectorSearchConfiguration?: { numberOfResults?: number | null } }>(
      input.retrievalConfiguration,
    );
    const count =
      opt<number>(config?.vectorSearchConfiguration?.numberOfResults) ?? DEFAULT_RESULTS;
    const userId = opt<string>(opt<{ userId?: string | null }>(input.userContext)?.userId);
    const readable = this.state.readableDocuments(kbId, now, userId);
    const passages = rank(readable, text, CHUNK_WORDS).slice(0, count);
    const retrievalResults = passages.map((p) => {
      const d = p.document;
      const source = d.location ?? d.id;
      return {
        content: { text: p.text, type: 'TEXT' },
        location: locationJson(d.location, d.id),
        score: Math.round((0.25 + (0.7 * p.matched) / Math.max(1, p.terms)) * 10_000) / 10_000,
        metadata: {
          'x-amz-bedrock-kb-source-uri': source,
          'x-amz-bedrock-kb-chunk-id': `1%3A0%3A${sha256Hex(`${d.id}|${p.index}`).slice(0, 20)}`,
          'x-amz-bedrock-kb-data-source-id': d.dataSourceId,
        },
      };
    });
    return { retrievalResults };
  }
}

/** RetrievalResultLocation: S3 for s3:// URIs, WEB for URLs, CUSTOM (by ID) for the rest. */
function locationJson(location: string | undefined, id: string) {
  if (location?.startsWith('s3://')) return { type: 'S3', s3Location: { uri: location } };
  if (location) return { type: 'WEB', webLocation: { url: location } };
  return { type: 'CUSTOM', customDocumentLocation: { id } };
}
