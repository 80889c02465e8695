import { api, jsonContentType } from '#functions/commons/http';
import { addPerson } from '#shared/directory/directory';
import { PersonInput } from '#shared/directory/records';
import { now } from '#shared/platform/clock';

/** POST /api/directory/people — a directory administrator adds a person (and, in AWS, their account). */
export const handler = api({ use: [jsonContentType()], body: PersonInput }, async ({ principal, body }) => ({
  status: 201,
  body: await addPerson(principal, { ...body, activeFrom: body.activeFrom ?? now().toISOString() }),
}));
