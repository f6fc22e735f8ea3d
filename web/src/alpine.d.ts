// @alpinejs/csp ships no types; this is the part of Alpine the pages use.
declare module '@alpinejs/csp' {
  interface Alpine {
    data(name: string, factory: () => object): void;
    store(name: string, value: object): void;
    reactive<T extends object>(value: T): T;
    effect(callback: () => void): unknown;
    start(): void;
  }
  const Alpine: Alpine;
  export default Alpine;
}
