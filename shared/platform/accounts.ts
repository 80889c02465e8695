/**
 * Accounts at the identity provider (placeholder until the provisioning port lands). `SIFPM_ACCOUNTS=directory`:
 * the provider signs people in with their directory id as subject (the local default's OIDC provider), so the subject
 * of a new person is their id; otherwise nothing is provisioned here.
 */
export async function provisionAccount(input: {
  id: string;
  email: string;
  name: string;
}): Promise<{ subject?: string }> {
  return process.env.SIFPM_ACCOUNTS === 'directory' ? { subject: input.id } : {};
}

export async function disableAccount(_input: { email: string }): Promise<void> {}
