// Kendra as the server sees it: which requests are Kendra's (X-Amz-Target), and its fault answers.
import { faultAnswer } from '../core/faults.js';
import type { Credential } from '../core/identities.js';
import { JSON_CONTENT_TYPE, jsonError } from '../core/protocol.js';
import type { SimService } from '../core/service.js';
import { uuid } from '../core/util.js';
import { Kendra, kendraStatus } from './handler.js';
import type { KendraState } from './state.js';

export function kendraService(
  state: KendraState,
  credentials: (accessKeyId: string) => Credential | undefined,
): SimService {
  const kendra = new Kendra(state, credentials);
  return {
    name: 'kendra',
    signingName: 'kendra',
    identify: (call) => Kendra.operationOf(call) || undefined,
    handle: (call) => kendra.handle(call),
    faultError: (rule) => {
      const { code, message } = faultAnswer(rule, {
        server: 'InternalServerException',
        throttling: 'ThrottlingException',
        serverMessage: 'An internal error occurred. Try again later.',
      });
      return jsonError(rule.status ?? kendraStatus(code), code, message);
    },
    malformed: () => ({
      status: 200,
      headers: { 'Content-Type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': uuid() },
      body: '{"History":[{"ExecutionId":"',
    }),
  };
}
