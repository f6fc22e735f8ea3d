/** Every time-driven rule reads the time through a Clock so tests can move time without sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
