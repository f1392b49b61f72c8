// The shared request validator: a request's members checked against the service model's shape
// rules the way AWS front ends check them, in two passes. First deserialization: a member of the
// wrong JSON type (or, where the service rejects them, a member the shape does not have) is a
// SerializationException before anything else is looked at. Then the constraints (required
// members, lengths, patterns, ranges, enums, list sizes), all of them, in model order, as coral's
// "N validation errors detected: ..." text. What differs between services (how members are named
// in messages, how patterns are shown, which error code answers) is the service's `Dialect`.

/** A string member: lengths, a pattern (as written in the model, matched whole) and an enum. */
export interface StringRule {
  type: 'string';
  min?: number;
  max?: number;
  /** As written in the model (botocore drops Smithy's ^...$); matched against the whole value. */
  pattern?: string;
  enum?: readonly string[];
}
interface IntegerRule {
  type: 'integer' | 'long';
  min?: number;
  max?: number;
}
interface BooleanRule {
  type: 'boolean';
}
/** awsJson timestamps are epoch seconds. */
interface TimestampRule {
  type: 'timestamp';
}
export interface ListRule {
  type: 'list';
  member: MemberRule;
  min?: number;
  max?: number;
}
/** A map: every key a string of `key`'s rule, every value of `value`'s (awsJson: a JSON object). */
interface MapRule {
  type: 'map';
  key: StringRule;
  value: MemberRule;
  min?: number;
  max?: number;
}
export interface StructureRule {
  type: 'structure';
  members: Record<string, MemberRule>;
  required?: readonly string[];
}
export type MemberRule =
  StringRule | IntegerRule | BooleanRule | TimestampRule | ListRule | MapRule | StructureRule;
/** A scalar member's rule, as the models' named shapes are written. */
export type ShapeRule = StringRule | IntegerRule | BooleanRule;

export type Input = Record<string, unknown>;

/** How one service's front end words and orders what the validator finds. */
export interface Dialect {
  /** The error code of constraint violations (CloudWatch Logs: InvalidParameterException). */
  invalidCode: string;
  /** A member's name in constraint messages, under its parent's path ('' at the top). */
  memberPath(parent: string, name: string): string;
  /** Unknown members: a SerializationException (Kendra's awsJson front end) or ignored. */
  unknownMembers: 'reject' | 'ignore';
  /** The SerializationException text for a member of the wrong JSON type. */
  typeError(path: string, rule: MemberRule, value: unknown): string;
  /** The text for an unknown member (only with unknownMembers 'reject'). */
  unknownError?(name: string, path: string): string;
  /** A member's name in deserialization messages; default: as in constraint messages. */
  deserializePath?(parent: string, name: string): string;
  /** Coral lists a pattern violation before a length violation (Kendra, STS); else after. */
  patternFirst?: boolean;
  /** The pattern as messages show it; default: as written in the model. */
  showPattern?(pattern: string): string;
}

/** What a check found: nothing, a SerializationException, or the dialect's validation error. */
export type Failure = { code: string; message: string } | undefined;

/** Both passes over a request body; the first failure, or undefined when the request is valid. */
export function validate(rule: StructureRule, input: Input, d: Dialect, root = ''): Failure {
  const wrong = deserialize(rule, input, d, root);
  if (wrong !== undefined) return { code: 'SerializationException', message: wrong };
  const errors = violations(rule, input, d, '');
  return errors.length ? { code: d.invalidCode, message: validationMessage(errors) } : undefined;
}

/** A member's value once the request is valid: a JSON null reads as absent. */
export const opt = <T>(v: unknown): T | undefined => (v ?? undefined) as T | undefined;

/** A pattern of the model as a RegExp over the whole value. */
export const whole = (pattern: string): RegExp =>
  // Unicode property classes (Kendra's `^\P{C}*$`) mean what they say only in unicode mode.
  new RegExp(`^(?:${pattern})$`, /\\[pP]\{/.test(pattern) ? 'u' : '');

/** Coral-style validation message: "2 validation errors detected: Value ... ; Value ...". */
export function validationMessage(errors: string[]): string {
  const n = errors.length;
  return `${n} validation error${n > 1 ? 's' : ''} detected: ${errors.join('; ')}`;
}

/** One coral constraint violation: "Value 'x' at 'member' failed to satisfy constraint: ...". */
export function constraint(value: unknown, member: string, rule: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return `Value ${shown} at '${member}' failed to satisfy constraint: Member ${rule}`;
}

/** `a.b` below a parent, `b` at the top: how restJson1 and CloudWatch Logs name members. */
export const dottedPath = (parent: string, name: string): string =>
  parent ? `${parent}.${name}` : name;

/** The JSON type of a value, as deserialization errors name it. */
export const jsonType = (v: unknown): string =>
  Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;

const isObject = (v: unknown): v is Input =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeMatches(rule: MemberRule, v: unknown): boolean {
  switch (rule.type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
    case 'long':
      return typeof v === 'number' && Number.isInteger(v);
    case 'timestamp':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v);
    case 'structure':
    case 'map':
      return isObject(v);
  }
}

/** The first deserialization error's text, or undefined. Null members count as absent. */
function deserialize(
  rule: MemberRule,
  value: unknown,
  d: Dialect,
  path: string,
): string | undefined {
  if (!typeMatches(rule, value)) return d.typeError(path, rule, value);
  const childPath = d.deserializePath ?? d.memberPath;
  if (rule.type === 'list') {
    for (const [i, v] of (value as unknown[]).entries()) {
      if (v === null) continue;
      const wrong = deserialize(rule.member, v, d, `${path}.${i + 1}.member`);
      if (wrong !== undefined) return wrong;
    }
  } else if (rule.type === 'map') {
    for (const [k, v] of Object.entries(value as Input)) {
      if (v === null) continue;
      const wrong = deserialize(rule.value, v, d, `${path}.${k}`);
      if (wrong !== undefined) return wrong;
    }
  } else if (rule.type === 'structure') {
    const input = value as Input;
    // Rejecting front ends read the body in its own order; the others read the model's members.
    const names = d.unknownMembers === 'reject' ? Object.keys(input) : Object.keys(rule.members);
    for (const name of names) {
      const member = rule.members[name];
      if (!member) return d.unknownError!(name, path);
      const v = input[name];
      if (v === undefined || v === null) continue;
      const wrong = deserialize(member, v, d, childPath(path, name));
      if (wrong !== undefined) return wrong;
    }
  }
  return undefined;
}

/** Every constraint violation of a deserialized structure, in model order. */
function violations(rule: StructureRule, input: Input, d: Dialect, parent: string): string[] {
  const errors: string[] = [];
  for (const [name, member] of Object.entries(rule.members)) {
    const path = d.memberPath(parent, name);
    const v = input[name];
    if (v === undefined || v === null) {
      if (rule.required?.includes(name)) errors.push(constraint(null, path, 'must not be null'));
      continue;
    }
    errors.push(...memberViolations(member, v, d, path));
  }
  return errors;
}

function memberViolations(rule: MemberRule, v: unknown, d: Dialect, path: string): string[] {
  switch (rule.type) {
    case 'structure':
      return violations(rule, v as Input, d, path);
    case 'list':
      return listViolations(rule, v as unknown[], d, path);
    case 'map':
      return mapViolations(rule, v as Input, d, path);
    case 'string':
      return stringViolations(v as string, path, rule, d);
    case 'integer':
    case 'long':
      return rangeViolations(v as number, path, rule);
    default:
      return [];
  }
}

function listViolations(rule: ListRule, list: unknown[], d: Dialect, path: string): string[] {
  const errors: string[] = [];
  const shown = `[${list.join(', ')}]`;
  if (rule.min !== undefined && list.length < rule.min)
    errors.push(constraint(shown, path, `must have length greater than or equal to ${rule.min}`));
  if (rule.max !== undefined && list.length > rule.max)
    errors.push(constraint(shown, path, `must have length less than or equal to ${rule.max}`));
  list.forEach((v, i) => {
    const at = `${path}.${i + 1}.member`;
    // A null element of a structure list is checked as an empty one (its required members).
    if (v === null && rule.member.type === 'structure')
      errors.push(...violations(rule.member, {}, d, at));
    else if (v !== null) errors.push(...memberViolations(rule.member, v, d, at));
  });
  return errors;
}

function mapViolations(rule: MapRule, map: Input, d: Dialect, path: string): string[] {
  const errors: string[] = [];
  const size = Object.keys(map).length;
  if (rule.min !== undefined && size < rule.min)
    errors.push(constraint(size, path, `must have length greater than or equal to ${rule.min}`));
  if (rule.max !== undefined && size > rule.max)
    errors.push(constraint(size, path, `must have length less than or equal to ${rule.max}`));
  for (const [k, v] of Object.entries(map)) {
    errors.push(...stringViolations(k, `${path}.key`, rule.key, d));
    if (v !== null) errors.push(...memberViolations(rule.value, v, d, `${path}.${k}`));
  }
  return errors;
}

/**
 * A string's violations: pattern, lengths, enum. `shown` replaces the value in the messages
 * (STS never echoes a token back).
 */
function stringViolations(
  s: string,
  path: string,
  rule: Omit<StringRule, 'type'>,
  d: Pick<Dialect, 'patternFirst' | 'showPattern'>,
  shown: string = s,
): string[] {
  const pattern: string[] = [];
  const lengths: string[] = [];
  if (rule.pattern !== undefined && !whole(rule.pattern).test(s)) {
    const written = d.showPattern ? d.showPattern(rule.pattern) : rule.pattern;
    pattern.push(constraint(shown, path, `must satisfy regular expression pattern: ${written}`));
  }
  if (rule.min !== undefined && s.length < rule.min)
    lengths.push(constraint(shown, path, `must have length greater than or equal to ${rule.min}`));
  if (rule.max !== undefined && s.length > rule.max)
    lengths.push(constraint(shown, path, `must have length less than or equal to ${rule.max}`));
  const errors = d.patternFirst ? [...pattern, ...lengths] : [...lengths, ...pattern];
  if (rule.enum && !rule.enum.includes(s))
    errors.push(constraint(s, path, `must satisfy enum value set: [${rule.enum.join(', ')}]`));
  return errors;
}

function rangeViolations(n: number, path: string, rule: IntegerRule): string[] {
  const errors: string[] = [];
  if (rule.min !== undefined && n < rule.min)
    errors.push(constraint(n, path, `must have value greater than or equal to ${rule.min}`));
  if (rule.max !== undefined && n > rule.max)
    errors.push(constraint(n, path, `must have value less than or equal to ${rule.max}`));
  return errors;
}
