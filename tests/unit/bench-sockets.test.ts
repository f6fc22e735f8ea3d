import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsIn } from '../../scripts/bench/sockets';

// Socket.IO's encoder writes a non-binary event as "42<nsp>," + JSON.stringify([type, payload]).
const frame = (type: string, payload: unknown) => `42/admin,${JSON.stringify([type, payload])}`;

const attendanceEvent = (id: number, code: string) => ({
  id,
  type: 'attendance.created',
  occurred_at: '2026-11-23T00:30:00.000Z',
  data: {
    id: id + 1000,
    user: { id: 7, name: 'Budi "B" {"id":1,"type":"x","occurred_at":""}', employee_code: code },
    device: { id: 3, name: 'Lobi' },
    version: 1,
  },
});
const deviceEvent = (id: number) => ({
  id,
  type: 'device.status_changed',
  occurred_at: '2026-11-23T00:30:00.000Z',
  data: { id: 3, name: 'Kiosk', from_status: 'connected', to_status: 'temporarily_offline' },
});

describe("the bench's admin sockets", () => {
  it('read an event sent alone: its id, type and employee code', () => {
    assert.deepEqual(eventsIn(frame('attendance.created', attendanceEvent(41, 'BENCH000041'))), [
      { id: 41, type: 'attendance.created', employeeCode: 'BENCH000041' },
    ]);
  });

  it('read every event of an events.batch frame in order, each with its own employee code', () => {
    const batch = [attendanceEvent(5, 'BENCH000005'), deviceEvent(6), attendanceEvent(7, 'BENCH000007')];
    assert.deepEqual(eventsIn(frame('events.batch', batch)), [
      { id: 5, type: 'attendance.created', employeeCode: 'BENCH000005' },
      { id: 6, type: 'device.status_changed', employeeCode: null },
      { id: 7, type: 'attendance.created', employeeCode: 'BENCH000007' },
    ]);
  });
});
