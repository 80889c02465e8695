/** An error of the Step Functions API, sent as `{"__type": name, "message": …}` with status 400 (as AWS does). */
export class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}
