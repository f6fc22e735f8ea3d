import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { oas31 } from 'zod-openapi';
import { toAttendanceJson } from '../../server/attendance/presenter';
import { callerOf } from '../../server/openapi/conventions';
import { openApiDocument } from '../../server/openapi/document';
import { operationsPage } from '../../server/openapi/page';
import {
  assertResponseMatchesContract,
  assertSocketEventMatchesContract,
  type ObservedResponse,
} from '../support/api-contract';

// The document CI lints (swagger-parser) and the integration tests hold
// every answer to (tests/support/api-contract.ts). These check the document
// itself, and that the contract check refuses what it must.

const document = openApiDocument();
const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, oas31.OperationObject>).map(([method, operation]) => ({
    path,
    method: method.toUpperCase(),
    operation,
  })),
);

const attendance = toAttendanceJson(
  {
    id: 7,
    user_id: 3,
    user_name: 'Budi',
    user_employee_code: 'EMP001',
    date: '2026-11-23',
    check_in_at: new Date('2026-11-23T01:05:00Z'),
    check_out_at: null,
    status: 'late',
    duration_minutes: null,
    device_id: 1,
    device_name: 'Kiosk Lobby',
    source: 'kiosk',
    version: 1,
    missing_check_out: 0,
    late_minutes: 5,
    early_leave_minutes: null,
  },
  'Asia/Jakarta',
);

const checkIn = (status: number, body: unknown): ObservedResponse => ({
  method: 'POST',
  path: '/api/kiosk/check-in',
  status,
  contentType: 'application/json; charset=utf-8',
  text: JSON.stringify(body),
  body,
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1: swagger-parser validates it and every $ref resolves', async () => {
    await SwaggerParser.validate(structuredClone(document) as never);
    assert.equal(document.openapi, '3.1.0');
  });

  it('every operation has a unique operationId, says who may call it, and lists a success', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    assert.equal(new Set(ids).size, ids.length);
    for (const { method, path, operation } of operations) {
      assert.doesNotThrow(() => callerOf(operation.security), `${method} ${path}`);
      assert.ok(
        Object.keys(operation.responses ?? {}).some((status) => status.startsWith('2')),
        `${method} ${path} lists no success`,
      );
    }
  });

  it('every JSON answer of every operation and every live event compiles as a strict JSON Schema', () => {
    // A response that matches no schema still compiles it first: strict ajv refuses unknown keywords and formats.
    for (const { method, path, operation } of operations)
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!(response as oas31.ResponseObject).content?.['application/json']) continue;
        const concrete = path.replaceAll(/\{[^}]+\}/g, '1');
        assert.throws(
          () =>
            assertResponseMatchesContract({
              method,
              path: concrete,
              status: Number(status),
              contentType: 'application/json',
              text: '[]',
              body: [],
            }),
          /does not match the OpenAPI document/,
          `${method} ${path} ${status}`,
        );
      }
    const events = Object.keys((document['x-socket-events'] as { events: object }).events);
    assert.deepEqual(events.toSorted(), [
      'absence.changed',
      'attendance.created',
      'attendance.updated',
      'correction.decided',
      'correction.requested',
      'device.status_changed',
      'events.batch',
      'holiday.changed',
      'session.ended',
    ]);
    for (const name of events) assert.throws(() => assertSocketEventMatchesContract(name, 'nothing'), /Socket event/);
  });

  it('the page lists every operation and every live event', () => {
    const page = operationsPage(document);
    for (const { method, path } of operations) assert.ok(page.includes(`<code>${method} ${path}</code>`), path);
    assert.match(page, /<code>events\.batch<\/code>/);
    assert.doesNotMatch(page, /<script/);
  });
});

describe('the contract check', () => {
  it("an attendance as the presenter writes it passes as the kiosk check-in's 201", () => {
    assertResponseMatchesContract(checkIn(201, { success: true, data: attendance }));
  });

  it('a field the document does not name is refused, naming the operation and the field', () => {
    assert.throws(
      () => assertResponseMatchesContract(checkIn(201, { success: true, data: { ...attendance, shift: 'pagi' } })),
      /postKioskCheckIn \(POST \/api\/kiosk\/check-in\) 201 .*must NOT have additional properties/,
    );
  });

  it('a field of the wrong type is refused with its path', () => {
    assert.throws(
      () => assertResponseMatchesContract(checkIn(201, { success: true, data: { ...attendance, late_minutes: '5' } })),
      /data\/late_minutes must be integer/,
    );
  });

  it('an error code the operation does not list for that status is refused', () => {
    assertResponseMatchesContract(
      checkIn(409, { success: false, error: { code: 'already_checked_in', message: 'Already checked in today' } }),
    );
    assert.throws(
      () =>
        assertResponseMatchesContract(
          checkIn(409, { success: false, error: { code: 'holiday_exists', message: 'There is already a holiday' } }),
        ),
      /error\/code must be equal to one of the allowed values/,
    );
  });

  it('a status the operation does not list is refused, and so is a 200 where the document says 201', () => {
    assert.throws(() => assertResponseMatchesContract(checkIn(200, { success: true, data: attendance })), /status 200/);
  });

  it('a JSON success from a route the document does not describe is refused; its 404 is the error envelope', () => {
    const unknown = { method: 'GET', path: '/api/nothing-here', contentType: 'application/json', text: '{}' };
    assert.throws(
      () => assertResponseMatchesContract({ ...unknown, status: 200, body: { success: true, data: [] } }),
      /no operation in the document/,
    );
    assertResponseMatchesContract({
      ...unknown,
      status: 404,
      body: { success: false, error: { code: 'route_not_found', message: 'Route GET /api/nothing-here not found' } },
    });
  });

  it('a live event is held to its schema', () => {
    assertSocketEventMatchesContract('session.ended', { reason: 'not_an_admin' });
    assert.throws(() => assertSocketEventMatchesContract('session.ended', { reason: 'bye' }), /reason/);
    assertSocketEventMatchesContract('attendance.created', {
      id: 1,
      type: 'attendance.created',
      occurred_at: '2026-11-23T01:05:00.000Z',
      data: attendance,
    });
    assert.throws(
      () =>
        assertSocketEventMatchesContract('events.batch', [
          { id: 1, type: 'attendance.updated', occurred_at: '2026-11-23T01:05:00.000Z', data: { id: 1 } },
        ]),
      /Socket event events\.batch/,
    );
  });
});
