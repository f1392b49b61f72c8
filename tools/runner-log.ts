/**
 * Renders an action's output the way the runner's log shows it: workflow commands are acted on,
 * not printed. `::add-mask::X` hides X from then on (`***`), `::group::` / `::endgroup::` fold
 * lines under a header, `::error::` / `::warning::` / `::notice::` become `Error: ...` lines,
 * `::debug::` is hidden (as without ACTIONS_STEP_DEBUG), `::stop-commands::T` ... `::T::`
 * prints commands verbatim in between.
 */

export interface RunnerLogOptions {
  /** ANSI colours (for a TTY). */
  color?: boolean;
}

const ANSI = {
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/** `%25`, `%0D`, `%0A` in a command's data, as @actions/core escapes them. */
function decodeCommandValue(data: string): string {
  return data.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

/** The same for a command's properties (`file=a%2Cb`). */
function decodeProperty(value: string): string {
  return decodeCommandValue(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/** A workflow command at the start of a (trimmed) line: `::name k=v,k=v::data`. */
export function parseCommand(
  line: string,
): { name: string; properties: Record<string, string>; data: string } | undefined {
  const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line.trim());
  if (!match) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) properties[pair.slice(0, eq).trim()] = decodeProperty(pair.slice(eq + 1));
  }
  return { name: match[1].toLowerCase(), properties, data: match[3] };
}

const ANNOTATIONS: Record<string, { label: string; color: keyof typeof ANSI }> = {
  error: { label: 'Error', color: 'red' },
  warning: { label: 'Warning', color: 'yellow' },
  notice: { label: 'Notice', color: 'cyan' },
};

export class RunnerLog {
  private readonly masks = new Set<string>();
  private inGroup = false;
  private stopToken: string | undefined;
  private readonly color: boolean;

  constructor(options: RunnerLogOptions = {}) {
    this.color = options.color ?? false;
  }

  /** The lines to show for one line of output (none for a consumed command). */
  render(line: string): string[] {
    if (this.stopToken !== undefined) {
      if (line.trim() === `::${this.stopToken}::`) {
        this.stopToken = undefined;
        return [];
      }
      return [this.indent(this.mask(line))];
    }
    // The legacy form is honoured anywhere in a line for masks (the runner reads `##[add-mask]`).
    const command = parseCommand(line);
    const legacyMask = /##\[add-mask\](.*)$/.exec(line);
    if (legacyMask) {
      this.addMask(legacyMask[1]);
      return [];
    }
    if (!command) return [this.indent(this.mask(line))];
    switch (command.name) {
      case 'add-mask':
        this.addMask(decodeCommandValue(command.data));
        return [];
      case 'debug':
      case 'echo':
        return [];
      case 'stop-commands':
        this.stopToken = command.data;
        return [];
      case 'group':
        this.inGroup = true;
        return [this.paint('bold', `▸ ${this.mask(decodeCommandValue(command.data))}`)];
      case 'endgroup':
        this.inGroup = false;
        return [];
      case 'error':
      case 'warning':
      case 'notice': {
        const { label, color } = ANNOTATIONS[command.name];
        const title = command.properties.title ? `${command.properties.title}: ` : '';
        const text = this.mask(`${label}: ${title}${decodeCommandValue(command.data)}`);
        return text.split(/\r?\n/).map((part) => this.indent(this.paint(color, part)));
      }
      default:
        return [this.indent(this.mask(line))];
    }
  }

  /** Hides every registered secret in `text`, as the runner does for everything it shows. */
  mask(text: string): string {
    let masked = text;
    // Longest first, so a secret that contains another is hidden whole.
    for (const secret of [...this.masks].sort((a, b) => b.length - a.length)) {
      masked = masked.split(secret).join('***');
    }
    return masked;
  }

  private addMask(value: string): void {
    const secret = value.trim();
    if (secret) this.masks.add(secret);
  }

  private indent(line: string): string {
    return this.inGroup ? `  ${line}` : line;
  }

  private paint(color: keyof typeof ANSI, text: string): string {
    return this.color ? `${ANSI[color]}${text}${ANSI.reset}` : text;
  }
}
