// The front end every JSON service shares: a request's signature checked and its JSON body read
// once, and every answer (success, front-end error or an operation's Fail) carrying what the
// request log records of it (operation, signing key, Region, parameters).
import type { Credential } from './identities.js';
import { Fail, type Call, type Reply, jsonBody } from './protocol.js';
import { type SigFailure, type SigSuccess, verifySigV4 } from './sigv4.js';

export interface FrontEnd {
  auth: SigSuccess | SigFailure;
  /** The JSON body as an object ({} when empty); undefined when it is not a JSON object. */
  input: Record<string, unknown> | undefined;
  /** A reply with the request's log details. */
  answer(reply: Reply): Reply;
  /** The operation's reply, or the Fail it threw, with the request's log details. */
  run(operation: () => Reply): Reply;
}

export function frontEnd(
  call: Call,
  signingName: string,
  op: string,
  credentials: (accessKeyId: string) => Credential | undefined,
): FrontEnd {
  const auth = verifySigV4(call, signingName, credentials);
  const input = jsonBody(call.body);
  const logged = {
    action: op,
    accessKeyId: auth.accessKeyId,
    region: auth.region,
    parsedBody: input,
  };
  const answer = (reply: Reply): Reply => ({ ...reply, ...logged });
  return {
    auth,
    input,
    answer,
    run: (operation) => {
      try {
        return answer(operation());
      } catch (e) {
        if (e instanceof Fail) return answer(e.reply);
        throw e;
      }
    },
  };
}
