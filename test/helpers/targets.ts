/** The target chain over the API and the mailbox, shared with the local default's scenarios. */
export { approveTarget, guidingDraft, issueToRegions } from '#local/scenarios';
