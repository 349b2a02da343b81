/**
 * Log redaction. Everything the service layer logs passes through `redact` (see safeLogger), and
 * so do the extension's own error logs (util/log.ts errorForLog), so a signed request, an error
 * that quotes a header, or a credentials object never lands in the output channel. Pure: no imports.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string) => void;

const REDACTED = '[redacted]';

const RULES: [RegExp, string][] = [
  // Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...
  [/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi, `$1${REDACTED}`],
  // Session tokens as header or query parameter.
  [/(x-amz-security-token["']?\s*[:=]\s*["']?)[^"'&\s\r\n]*/gi, `$1${REDACTED}`],
  // Presigned-URL and SigV4 pieces.
  [/(x-amz-signature=|signature=)[^&\s,"']*/gi, `$1${REDACTED}`],
  [/(x-amz-credential=|credential=)[^&\s,"']*/gi, `$1${REDACTED}`],
  // Secret keys and session tokens named in config text, JSON, or objects printed by util.inspect.
  [/((?:aws_)?secret_?access_?key["']?\s*[:=]\s*["']?)[^"'\s,}\r\n]*/gi, `$1${REDACTED}`],
  [/((?:aws_)?session_?token["']?\s*[:=]\s*["']?)[^"'\s,}\r\n]*/gi, `$1${REDACTED}`],
  [/((?:aws_)?access_?key_?id["']?\s*[:=]\s*["']?)[^"'\s,}\r\n]*/gi, `$1${REDACTED}`],
  // Bare access key ids wherever they appear (AKIA long-term, ASIA temporary, ...).
  [/\b(?:AKIA|ASIA|AIDA|AROA|ANPA|ANVA|AGPA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, REDACTED],
];

/** Strips credentials and signatures from a log line. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
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
