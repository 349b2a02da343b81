/**
 * Log redaction lives in the pure model (src/model/redact.ts) so the activation bundle can redact
 * without importing the service layer; the service layer keeps importing it from here.
 */
export { redact, safeLogger, type LogFn, type LogLevel } from '../model/redact';
