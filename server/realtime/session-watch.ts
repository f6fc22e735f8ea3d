import type { Logger } from '../logger';

/** What the watch needs of an admin socket: who it was let in as, and how to end it. */
export interface WatchedSocket {
  data: { userId: number; sessionId: string };
  end(reason: SocketEndReason): void;
}

export const SOCKET_END_REASONS = ['session_ended', 'not_an_admin'] as const;
export type SocketEndReason = (typeof SOCKET_END_REASONS)[number];

export interface SessionFacts {
  /** The ids among these whose session is still in the store. */
  liveSessions(sessionIds: string[]): Promise<Set<string>>;
  /** The ids among these that are still active admins. */
  activeAdmins(userIds: number[]): Promise<Set<number>>;
}

/**
 * A socket lives only as long as its right to listen. The handshake checks
 * it once; afterwards the node re-checks its own admin sockets every
 * interval: the session must still exist (logout, expiry and a password
 * change delete it) and its user must still be an active admin
 * (deactivation, demotion). One check covers every way a right ends,
 * including a change made on another node, and costs one Redis round trip
 * (auto-pipelined) and one indexed query per node per interval.
 * When either store cannot answer, nobody is disconnected on a guess.
 */
export async function endSocketsWithoutRight(sockets: Iterable<WatchedSocket>, facts: SessionFacts): Promise<number> {
  const watched = [...sockets];
  if (watched.length === 0) return 0;
  const [sessions, admins] = await Promise.all([
    facts.liveSessions([...new Set(watched.map((s) => s.data.sessionId))]),
    facts.activeAdmins([...new Set(watched.map((s) => s.data.userId))]),
  ]);
  let ended = 0;
  for (const socket of watched) {
    const reason = !sessions.has(socket.data.sessionId)
      ? 'session_ended'
      : !admins.has(socket.data.userId)
        ? 'not_an_admin'
        : null;
    if (reason === null) continue;
    socket.end(reason);
    ended += 1;
  }
  return ended;
}

/** Runs the check every `intervalMs`, one run at a time; returns the stop function. */
export function watchAdminSessions(
  sockets: () => Iterable<WatchedSocket>,
  facts: SessionFacts,
  intervalMs: number,
  logger: Logger,
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const ended = await endSocketsWithoutRight(sockets(), facts);
      if (ended > 0) logger.info({ ended }, 'Admin sockets ended: their session or admin right is gone');
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'Admin sessions not checked this time; sockets kept');
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
