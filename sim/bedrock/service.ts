// Bedrock Agent as the server sees it: which requests are its (the model's routes under
// /knowledgebases), and its fault answers in restJson1.
import type { Credential } from '../core/identities.js';
import { faultAnswer } from '../core/faults.js';
import type { SimService } from '../core/service.js';
import { uuid } from '../core/util.js';
import { Bedrock } from './handler.js';
import { restJsonError } from './protocol.js';
import { BEDROCK_ROUTES, BEDROCK_STATUS } from './model.js';
import type { BedrockState } from './state.js';

export function bedrockService(
  state: BedrockState,
  credentials: (accessKeyId: string) => Credential | undefined,
): SimService {
  const bedrock = new Bedrock(state, credentials);
  return {
    name: 'bedrock',
    signingName: 'bedrock',
    identify: (call) => Bedrock.operationOf(call),
    handle: (call) => bedrock.handle(call),
    // Throttling (429) unless told otherwise, 5xx as InternalServerException.
    faultError: (rule) => {
      const { code, message } = faultAnswer(rule, {
        server: 'InternalServerException',
        throttling: 'ThrottlingException',
        serverMessage: 'An internal error occurred. Try again later.',
      });
      return restJsonError(rule.status ?? BEDROCK_STATUS[code] ?? 400, code, message);
    },
    // The operation's success status, a body cut off mid-document.
    malformed: (action) => ({
      status: BEDROCK_ROUTES[action]?.responseCode ?? 200,
      headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': uuid() },
      body: '{"ingestionJob":{"knowledgeBaseId":"',
    }),
  };
}
