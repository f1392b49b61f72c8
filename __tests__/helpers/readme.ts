/** The README's IAM policies, read from the README itself for the policy tests of each service. */
import { readFileSync } from 'node:fs';
import type { PolicyDocument } from '../../sim/types.js';

/** The ```json block between the README's `<!-- marker:start -->` and `<!-- marker:end -->`. */
export function readmeJson(marker: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const m = new RegExp(
    `<!-- ${marker}:start -->\\s*\`\`\`json\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${marker}:end -->`,
  ).exec(readme);
  if (!m) throw new Error(`README.md has no \`\`\`json block between the ${marker} markers`);
  return m[1];
}

/** The README's policy between `policy` markers, with the statement between `extra` markers added. */
export function readmePolicyWith(policy: string, extra: string): string {
  const base = JSON.parse(readmeJson(policy)) as PolicyDocument;
  const statement = JSON.parse(readmeJson(extra)) as unknown;
  return JSON.stringify({ ...base, Statement: [base.Statement, statement].flat() });
}
