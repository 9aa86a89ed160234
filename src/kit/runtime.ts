/** The current time; tests pass a fixed or stepping clock. */
export type Clock = () => Date;

/**
 * Runs `task` after the response without delaying it: `waitUntil` in Workers, a detached
 * promise on Node. The task must handle its own errors.
 */
export type Defer = (task: Promise<unknown>) => void;

/** Makes ids for new records. */
export type IdGenerator = () => string;

export const systemClock: Clock = () => new Date();
export const randomId: IdGenerator = () => crypto.randomUUID();
