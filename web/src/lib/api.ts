// The one way the pages talk to the API: JSON in and out, the server's error
// envelope turned into an ApiError with its code.

interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Seconds from a Retry-After header (429), when the server sent one. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

interface RequestOptions {
  body?: unknown;
  /** A device token: the request goes without cookies, as a kiosk device. */
  bearer?: string;
  /** Give up after this long and fail as a network error: a network that drops packets would otherwise keep a kiosk waiting for minutes. */
  timeoutMs?: number;
}

let onSessionLost: () => void = () => {};

/** Called when a cookie request gets 401: the session expired or was ended elsewhere. */
export function whenSessionLost(handler: () => void): void {
  onSessionLost = handler;
}

export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // Cookie writes must declare JSON or the server answers 415 (its CSRF rule).
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: options.bearer ? 'omit' : 'same-origin',
      signal: options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
    });
  } catch {
    throw new ApiError(0, 'network_error', 'network error');
  }
  if (res.status === 204) return undefined as T;
  const payload = await res.json().catch(() => null);
  if (res.ok && payload) return payload as T;
  const error = payload?.error ?? {};
  const retryAfter = Number(res.headers.get('Retry-After') ?? error.details?.retry_after_seconds);
  const failure = new ApiError(
    res.status,
    error.code ?? `http_${res.status}`,
    error.message ?? res.statusText,
    Array.isArray(error.details) ? error.details : [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
  if (res.status === 401 && !options.bearer && !path.startsWith('/api/auth/')) onSessionLost();
  throw failure;
}

/** A query string from the set values only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
