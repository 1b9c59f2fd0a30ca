/** Errors of the query language: what is wrong, where (0-based column), and what would work. */
export class QueryError extends Error {
  constructor(
    message: string,
    /** Column in the expression text, 0-based, when the error is about one place. */
    readonly column?: number,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** `message (hint)`, the form shown in the debug console and hovers. */
  get text(): string {
    return this.hint ? `${this.message} (${this.hint})` : this.message;
  }
}
