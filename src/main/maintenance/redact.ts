// Secrets never reach a log file or a diagnostics bundle: every line passes through a Redactor, which
// removes the values it was told about (session tokens from the secret store, the browser host's launch
// token) and anything that looks like a credential by its name or shape.

export const REDACTED = '[redacted]';

/** Names whose values are credentials, wherever they appear (JSON keys, headers, key=value, env). */
const SECRET_NAME = String.raw`[\w-]*(?:password|passwd|pwd|sessiontoken|session_token|session-token|token|secret|masterkey|master_key|master-key|clientkey|client_key|client-key|javascript-key|rest-api-key|api[_-]?key|authorization|cookie)`;

/** Field names in structured log data whose values are dropped whole (generous on purpose). */
const SECRET_KEY = /pass|pwd|token|secret|key|authorization|cookie|credential/i;

const PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // "password": "…", 'sessionToken': '…'
  [
    new RegExp(String.raw`(["'])(${SECRET_NAME})\1(\s*:\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,}\]]+)`, 'gi'),
    `$1$2$1$3"${REDACTED}"`,
  ],
  // password=…, X-Parse-Session-Token: …, LOUPE_MASTER_KEY=…
  [
    new RegExp(
      String.raw`\b(${SECRET_NAME})(\s*[=:]\s*)(?!\s*["']?\[redacted\])(?:"[^"]*"|'[^']*'|[^\s,;&}\]]+)`,
      'gi',
    ),
    `$1$2${REDACTED}`,
  ],
  // Authorization: Bearer …
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // Parse session tokens (r:<32 hex>) wherever they are
  [/\br:[A-Za-z0-9]{16,}\b/g, `r:${REDACTED}`],
];

export class Redactor {
  private readonly known = new Set<string>();

  /** A value that must never be written out (ignored when too short to be a secret on its own). */
  addSecret(value: string | null | undefined): void {
    if (value && value.length >= 6) this.known.add(value);
  }

  get secrets(): readonly string[] {
    return [...this.known];
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is removed whole.
    for (const secret of [...this.known].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as string);
    return out;
  }

  /** Structured data: secret-named fields are dropped before the text pass. */
  redactValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value instanceof Error) return this.redact(value.stack ?? `${value.name}: ${value.message}`);
    if (depth > 8 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_KEY.test(key) ? REDACTED : this.redactValue(v, depth + 1);
    }
    return out;
  }
}
