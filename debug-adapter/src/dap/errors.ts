/** An error the user caused (bad launch arguments, an unknown reference): its message is shown as is. */
export class UserError extends Error {
  constructor(
    message: string,
    /** Show it in a dialog (launch failures) rather than only in the response. */
    readonly showUser = false,
  ) {
    super(message);
  }
}
