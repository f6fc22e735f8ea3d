// The kiosk's offline queue, in this browser's IndexedDB: entries typed while
// the API could not be reached survive a reload or a closed tab, and so do the
// ones the server refused, until someone at the kiosk has read them.
//
// A few lines over the raw IndexedDB API rather than a library: `idb` is not
// among the dependencies, and the queue needs only add, read oldest first,
// count and delete.

const DB_NAME = 'absensi-kiosk';
const DB_VERSION = 1;
const QUEUE = 'punches';
const REFUSED = 'refused';
/** The refused entries kept for the kiosk's list; older ones are in the device detail for the admin. */
const REFUSED_KEPT = 20;

/** An entry as it will be sent to POST /api/kiosk/punches. The PIN is kept only until the server answered. */
export interface QueuedPunch {
  client_id: string;
  employee_code: string;
  pin: string;
  kind: 'in' | 'out';
  /** The kiosk's own time when it was typed (ISO, UTC): the time the server records. */
  at: string;
}

export interface RefusedPunch {
  client_id: string;
  employee_code: string;
  kind: 'in' | 'out';
  at: string;
  code: string;
}

let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      // toISOString() strings all have one length and zone, so their order is the order in time.
      request.result.createObjectStore(QUEUE, { keyPath: 'client_id' }).createIndex('at', 'at');
      request.result.createObjectStore(REFUSED, { keyPath: 'client_id' }).createIndex('at', 'at');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opened = null;
      reject(request.error);
    };
  });
  return opened;
}

/** Runs `work` in one transaction; resolves with its request's result once the transaction is committed. */
async function inTransaction<T>(
  store: string,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T> | undefined,
): Promise<T> {
  const tx = (await database()).transaction(store, mode);
  const request = work(tx.objectStore(store));
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(request?.result as T);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const punchQueue = {
  add: (punch: QueuedPunch) => inTransaction(QUEUE, 'readwrite', (store) => store.add(punch)),

  /** Up to `limit` entries, the oldest first. */
  oldest: (limit: number) =>
    inTransaction<QueuedPunch[]>(QUEUE, 'readonly', (store) => store.index('at').getAll(null, limit)),

  count: () => inTransaction<number>(QUEUE, 'readonly', (store) => store.count()),

  remove: (clientIds: string[]) =>
    inTransaction(QUEUE, 'readwrite', (store) => {
      for (const id of clientIds) store.delete(id);
      return undefined;
    }),

  /** Newest first. */
  async refused(): Promise<RefusedPunch[]> {
    const all = await inTransaction<RefusedPunch[]>(REFUSED, 'readonly', (store) => store.index('at').getAll());
    return all.reverse();
  },

  /** Keeps the newest REFUSED_KEPT. */
  async refuse(punches: RefusedPunch[]): Promise<void> {
    if (punches.length === 0) return;
    const kept = [...punches, ...(await this.refused())]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, REFUSED_KEPT);
    await inTransaction(REFUSED, 'readwrite', (store) => {
      store.clear();
      for (const punch of kept) store.put(punch);
      return undefined;
    });
  },

  clearRefused: () => inTransaction(REFUSED, 'readwrite', (store) => store.clear()),
};

/**
 * A client id no other entry of this kiosk has. crypto.randomUUID exists only
 * in a secure context, and a kiosk on the office LAN is often served over
 * plain http://<address>; getRandomValues works everywhere.
 */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
