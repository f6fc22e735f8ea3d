/**
 * The names of the admin live feed, said once for the server, the workers,
 * the web console and the tests (docs/ARCHITECTURE.md, "The live feed").
 * Nothing in this file may need Node: the web bundle imports it.
 */
export const ADMIN_NAMESPACE = '/admin';

/** Sockets that did not ask for batching: the adapter hands each of them every event alone, under its own name. */
export const SINGLE_EVENTS_ROOM = 'admins';

/** Sockets that sent `auth: {batch: true}`: each node coalesces bursts for those it holds. */
export const BATCHED_EVENTS_ROOM = 'admins:batched';

/** Several events in one frame, oldest first, for sockets that asked for batching. */
export const BATCH_EVENT = 'events.batch';

/** Sent to a socket just before the server ends it: `{reason}` says why. */
export const SESSION_ENDED_EVENT = 'session.ended';

/** The server-side event (adapter to every node) that carries an event to coalesce for the batching room. */
export const EVENT_TO_COALESCE = 'admin-event.coalesce';
