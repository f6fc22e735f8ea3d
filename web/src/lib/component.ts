// Typing for Alpine.data factories: inside their methods `this` is the
// component plus the Alpine magics they use.

export interface Magics {
  $el: HTMLElement;
  $refs: Record<string, HTMLElement>;
  $watch(property: string, callback: (value: unknown) => void): void;
  $nextTick(callback?: () => void): Promise<void>;
}

export const component = <T extends object>(factory: () => T & ThisType<T & Magics>): (() => T) => factory;
