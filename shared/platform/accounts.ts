import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  type AttributeType,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';

/**
 * The provisioning port: the sign-in account of a person of the directory. The directory calls it when a person is
 * added (or re-activated) and when one is deactivated; it never decides what a person may do (the directory does).
 *
 * - `SIFPM_ACCOUNTS=cognito`: the user pool `SIFPM_USER_POOL_ID`, users named by their e-mail address. A new user
 *   gets Cognito's invitation mail with a temporary password; an existing one is re-enabled. Self sign-up is off
 *   and MFA is required by the pool.
 * - `SIFPM_ACCOUNTS=none` (an external OIDC issuer manages its accounts): nothing happens; an administrator records
 *   the platform's subject on the person.
 * - `SIFPM_ACCOUNTS=directory` (an issuer that signs people in with their directory id as subject, as the local
 *   default's OIDC provider does): nothing to create; the subject is the person's id.
 */

export interface AccountRequest {
  /** the person's id in the directory */
  id: string;
  email: string;
  name: string;
}

/** Create or re-enable the person's account; answers the issuer's subject (Cognito `sub`) where one is known. */
export async function provisionAccount(person: AccountRequest): Promise<{ subject?: string }> {
  const c = config();
  if (c.SIFPM_ACCOUNTS === 'none') return {};
  if (c.SIFPM_ACCOUNTS === 'directory') return { subject: person.id };
  const UserPoolId = c.SIFPM_USER_POOL_ID as string;
  const { cognito } = aws();
  try {
    const created = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: person.email,
        UserAttributes: [
          { Name: 'email', Value: person.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: person.name },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    return subjectOf(created.User?.Attributes);
  } catch (e) {
    if (!(e instanceof UsernameExistsException || (e as Error)?.name === 'UsernameExistsException')) throw e;
  }
  await cognito.send(new AdminEnableUserCommand({ UserPoolId, Username: person.email }));
  const existing = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username: person.email }));
  return subjectOf(existing.UserAttributes);
}

/** Disable the person's account (they can no longer sign in); an account that does not exist is already so. */
export async function disableAccount(person: { email: string }): Promise<void> {
  const c = config();
  if (c.SIFPM_ACCOUNTS !== 'cognito') return;
  try {
    await aws().cognito.send(
      new AdminDisableUserCommand({ UserPoolId: c.SIFPM_USER_POOL_ID as string, Username: person.email }),
    );
  } catch (e) {
    if (!(e instanceof UserNotFoundException || (e as Error)?.name === 'UserNotFoundException')) throw e;
  }
}

function subjectOf(attributes: AttributeType[] | undefined): { subject?: string } {
  const sub = attributes?.find((a) => a.Name === 'sub')?.Value;
  return sub ? { subject: sub } : {};
}
