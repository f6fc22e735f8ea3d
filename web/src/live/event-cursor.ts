// Where the page stands in the server's event log (outbox ids), and which
// events it has already applied. Pure, so it is unit tested.

const REMEMBERED_IDS = 5000;

export class EventCursor {
  private readonly seen = new Set<number>();

  /**
   * @param position every event with an id up to here has been applied or was
   *   part of the snapshot; catch-up asks for the events after it.
   */
  constructor(public position: number) {}

  /**
   * Records an event and answers whether it is new. An event from catch-up
   * moves the position to it (the server lists everything in order). A live
   * one moves it only when it is the next id: an event delivered out of order
   * must not make catch-up skip one still in flight.
   */
  take(id: number, fromCatchUp: boolean): boolean {
    if (this.seen.has(id)) return false;
    this.remember(id);
    if (fromCatchUp) this.position = Math.max(this.position, id);
    while (this.seen.has(this.position + 1)) this.position += 1;
    return true;
  }

  /** After a snapshot reload: the snapshot covers every event up to `position`. */
  reset(position: number): void {
    this.position = position;
  }

  private remember(id: number): void {
    this.seen.add(id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as number);
  }
}
