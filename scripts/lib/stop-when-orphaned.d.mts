/** See stop-when-orphaned.mjs. */
export function stopWhenOrphaned(): void;
