// Bedrock Agent Runtime as the server sees it: its one route (POST /knowledgebases/{id}/retrieve),
// asked before bedrock-agent's, which claims every other /knowledgebases path; fault answers in
// restJson1. No signingName: bedrock-agent answers unroutable requests signed "bedrock".
import type { Credential } from '../core/identities.js';
import { faultAnswer } from '../core/faults.js';
import type { SimService } from '../core/service.js';
import { uuid } from '../core/util.js';
import type { BedrockState } from '../bedrock/state.js';
import { BedrockRuntime, runtimeError } from './handler.js';

export function bedrockRuntimeService(
  state: BedrockState,
  credentials: (accessKeyId: string) => Credential | undefined,
): SimService {
  const runtime = new BedrockRuntime(state, credentials);
  return {
    name: 'bedrock-runtime',
    identify: (call) => BedrockRuntime.operationOf(call),
    handle: (call) => runtime.handle(call),
    faultError: (rule) => {
      const { code, message } = faultAnswer(rule, {
        server: 'InternalServerException',
        throttling: 'ThrottlingException',
        serverMessage: 'An internal error occurred. Try again later.',
      });
      return runtimeError(code, message, rule.status);
    },
    malformed: () => ({
      status: 200,
      headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': uuid() },
      body: '{"retrievalResults":[{"content":{"text":"',
    }),
  };
}
