import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  endSocketsWithoutRight,
  type SessionFacts,
  type SocketEndReason,
  type WatchedSocket,
} from '../../server/realtime/session-watch';

function socket(userId: number, sessionId: string) {
  const ended: SocketEndReason[] = [];
  const watched: WatchedSocket & { ended: SocketEndReason[] } = {
    data: { userId, sessionId },
    end: (reason) => ended.push(reason),
    ended,
  };
  return watched;
}

const facts = (
  liveSessions: string[],
  activeAdmins: number[],
): SessionFacts & { asked: { sessions: string[][]; users: number[][] } } => {
  const asked = { sessions: [] as string[][], users: [] as number[][] };
  return {
    asked,
    async liveSessions(ids) {
      asked.sessions.push(ids);
      return new Set(ids.filter((id) => liveSessions.includes(id)));
    },
    async activeAdmins(ids) {
      asked.users.push(ids);
      return new Set(ids.filter((id) => activeAdmins.includes(id)));
    },
  };
};

describe('sockets end with their right to listen', () => {
  it('a socket whose session is gone ends as session_ended, one whose user is no longer an active admin as not_an_admin, and the others stay', async () => {
    const kept = socket(1, 'a');
    const loggedOut = socket(1, 'b');
    const demoted = socket(2, 'c');
    assert.equal(await endSocketsWithoutRight([kept, loggedOut, demoted], facts(['a', 'c'], [1])), 2);
    assert.deepEqual([kept.ended, loggedOut.ended, demoted.ended], [[], ['session_ended'], ['not_an_admin']]);
  });

  it('each session and each user is asked about once per check, however many sockets share them', async () => {
    const known = facts(['a'], [1]);
    await endSocketsWithoutRight([socket(1, 'a'), socket(1, 'a'), socket(1, 'a')], known);
    assert.deepEqual(known.asked, { sessions: [['a']], users: [[1]] });
  });

  it('when a store cannot answer, nobody is disconnected on a guess', async () => {
    const watched = socket(1, 'a');
    const failing: SessionFacts = {
      liveSessions: () => Promise.reject(new Error('Redis is down')),
      activeAdmins: async () => new Set([1]),
    };
    await assert.rejects(endSocketsWithoutRight([watched], failing));
    assert.deepEqual(watched.ended, []);
  });
});
