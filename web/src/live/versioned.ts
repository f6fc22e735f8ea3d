// Rows that change over time carry a version; a late or repeated copy must
// never overwrite a newer one (docs/ARCHITECTURE.md, "The event path"). Pure
// functions, so they are unit tested.

interface Versioned {
  id: number;
  version: number;
}

/**
 * Applies a copy from an event: a new row is added, a known row is replaced
 * only by a strictly newer version. Returns whether anything changed.
 */
export function applyNewer<T extends Versioned>(rows: T[], incoming: T): boolean {
  const index = rows.findIndex((row) => row.id === incoming.id);
  if (index === -1) {
    rows.push(incoming);
    return true;
  }
  if (rows[index].version >= incoming.version) return false;
  rows[index] = incoming;
  return true;
}

/**
 * A fresh snapshot wins over what the page holds unless an event already
 * brought a newer version (the snapshot was read before that change). Rows the
 * snapshot lacks stay when `keepMissing` says they are still valid (an event
 * newer than the snapshot), and go otherwise (deleted, another day).
 */
export function mergeSnapshot<T extends Versioned>(rows: T[], snapshot: T[], keepMissing: (row: T) => boolean): T[] {
  const known = new Map(rows.map((row) => [row.id, row]));
  const merged = snapshot.map((fresh) => {
    const current = known.get(fresh.id);
    return current && current.version > fresh.version ? current : fresh;
  });
  const inSnapshot = new Set(snapshot.map((row) => row.id));
  return merged.concat(rows.filter((row) => !inSnapshot.has(row.id) && keepMissing(row)));
}
