import { z } from 'zod';
import { step } from '#functions/commons/steps';
import { bootstrapAdministrator } from '#shared/directory/directory';
import { PersonFields } from '#shared/directory/records';

/**
 * The first central directory administrator of a new deployment (docs/DEPLOY.md): no route reaches it; the operator
 * invokes it once with their AWS credentials (`aws lambda invoke --function-name sifpm-directory-bootstrap …`). It
 * refuses when central finance already has an active administrator, so it cannot be used to add a second one.
 */
export const handler = step(
  z.strictObject({ name: PersonFields.shape.name, email: PersonFields.shape.email }),
  async (input) => bootstrapAdministrator(input),
);
