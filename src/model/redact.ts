/**
 * Log redaction. Everything the service layer logs passes through `redact` (see safeLogger), the
 * extension's log channel redacts every line (util/log.ts redactingLog), so a signed request, an error
 * that quotes a header, or a credentials object never lands in the output channel. Pure: no imports.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string) => void;

const REDACTED = '[redacted]';

/**
 * A quote around a key or value as it appears in a log line: plain ("key" or 'key'), or escaped
 * once or more when JSON sits inside a string (`{\"SecretAccessKey\":\"...\"}`).
 */
const QUOTE = String.raw`(?:\\*["'])?`;
/** Between a name and its value: "key: v", "key=v", or util.inspect's Map form "'key' => 'v'". */
const SEP = String.raw`\s*(?:=>|[:=])\s*`;
/** A value that ends at a quote (escaped or not), white space, a comma or a closing brace. */
const VALUE = String.raw`[^"'\\\s,}]*`;
/** A value that may hold spaces and commas (an Authorization header), up to a quote or the line's end. */
const LINE_VALUE = String.raw`[^"'\\\r\n]*`;

/** The value of a named field, however it is quoted or separated. */
function named(name: string, value = VALUE): [RegExp, string] {
  return [new RegExp(`(${name}${QUOTE}${SEP}${QUOTE})${value}`, 'gi'), `$1${REDACTED}`];
}

/** The rules, built on the first line redacted: activation loads this module and logs nothing. */
let rules: [RegExp, string][] | undefined;
const rulesOf = (): [RegExp, string][] => (rules ??= [
  // Private keys (CreateKeyPair's key material): PEM or OpenSSH blocks, also when cut off before their end.
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  named('key_?material'),
  // Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=... (or Bearer ...)
  named('authorization', LINE_VALUE),
  // Session tokens and SSO bearer tokens as headers (also util.inspect'ed header maps) or query parameters.
  named('x-amz-security-token', String.raw`[^"'\\&\s,}]*`),
  named('x-amz-sso[_-]bearer[_-]token'),
  // Presigned-URL and SigV4 pieces.
  [/(x-amz-signature=|signature=)[^&\s,"'\\]*/gi, `$1${REDACTED}`],
  [/(x-amz-credential=|credential=)[^&\s,"'\\]*/gi, `$1${REDACTED}`],
  // Secret keys and session tokens named in config text, JSON (plain or escaped in a string), or
  // objects and maps printed by util.inspect.
  named('(?:aws_)?secret_?access_?key'),
  named('(?:aws_)?session_?token'),
  named('(?:aws_)?access_?key_?id'),
  // The SSO token cache and OIDC client registration: accessToken, refreshToken, clientSecret.
  named('access_?token'),
  named('refresh_?token'),
  named('client_?secret'),
  // Bare access key ids wherever they appear (AKIA long-term, ASIA temporary, ...).
  [/\b(?:AKIA|ASIA|AIDA|AROA|ANPA|ANVA|AGPA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, REDACTED],
]);

/** Strips credentials and signatures from a log line. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of rulesOf()) out = out.replace(pattern, replacement);
  return out;
}

/** Wraps a logger so every line is redacted; a missing logger logs nothing. */
export function safeLogger(log: LogFn | undefined): LogFn {
  if (!log) return () => undefined;
  return (level, message) => {
    try {
      log(level, redact(message));
    } catch {
      // A failing logger must never break an AWS call.
    }
  };
}
