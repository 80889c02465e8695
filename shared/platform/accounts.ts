/**
 * Accounts at the identity provider (placeholder until the provisioning port lands): the local default's OIDC
 * provider signs in exactly the directory's people, so there is nothing to provision.
 */
export async function provisionAccount(_input: { email: string; name: string }): Promise<{ subject?: string }> {
  return {};
}

export async function disableAccount(_input: { email: string }): Promise<void> {}
