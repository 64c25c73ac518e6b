/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';
