/** The mailbox-and-link steps a person takes, shared with the local default's scenarios (a `TestSystem` is an `Actors`). */
export { decide, taskLink } from '#local/scenarios';
